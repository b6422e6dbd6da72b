"""The certificate schema, field by field, and its check against a real certificate.

The records in :mod:`proofs.check.records` are the source of the certificate; each record's
``to_data`` writes one JSON object. This module describes every field of those objects, and
:func:`problems` holds the description against a certificate that ``hadamard prove`` has just
written, so the page cannot drift: a field the records add, rename or retype without a line
here fails the documentation build (and ``tests/docs``), naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Obj:
    """A JSON object in the certificate: the record that writes it, and what it is."""

    record: str
    about: str


@dataclass(frozen=True)
class Field:
    """One field: its JSON type(s) (``string | null``, ``array of object``), and its meaning."""

    type: str
    about: str
    optional: bool = False
    """Present only in some certificates (for example, only when coqc ran)."""


_STATEMENT = "The equation in LaTeX."
_TEXT = "The same equation in Unicode text."
_THEOREM = "The id of the registry theorem this record belongs to."
_LAYOUT = "`denominator` or `numerator`; `null` for a layout-free theorem (the differential)."
_METHOD = "How the check was made, in words: the tools and the translation used."

OBJECTS: dict[str, Obj] = {
    "": Obj("Certificate", "The whole certificate: one JSON object, written with sorted keys."),
    "theorems[]": Obj("TheoremCheck", "Everything checked about one registered theorem."),
    "theorems[].steps[]": Obj(
        "StepCheck", "One derivation step, checked by SymPy at symbolic sizes N and M."
    ),
    "theorems[].negative_controls[]": Obj(
        "ControlCheck", "A deliberately wrong variant of a step, which the verifier must reject."
    ),
    "theorems[].corollaries[]": Obj(
        "CorollaryCheck", "A corollary, checked symbolically and at explicit sizes."
    ),
    "theorems[].corollaries[].explicit[]": Obj(
        "ExplicitSize", "One explicit size at which the corollary was evaluated exactly."
    ),
    "theorems[].explicit_sizes[]": Obj(
        "ExplicitCheck",
        "The theorem's conclusion at one explicit size, against SymPy's `Matrix.jacobian`.",
    ),
    "cross_checks": Obj("Certificate", "Checks against SymPy's own definitions and calculus."),
    "cross_checks.definition_6_1_1": Obj(
        "DefinitionCheck", "6-1-1 against SymPy's own `HadamardProduct` entry."
    ),
    "cross_checks.matrix_calculus": Obj(
        "Certificate", "SymPy's own matrix calculus asked for ∂(A z ⊙ B z)/∂z."
    ),
    "cross_checks.matrix_calculus.symbolic_answer": Obj(
        "MatrixCalculusAnswer", "SymPy's answer at symbolic sizes, and the layout its shape shows."
    ),
    "cross_checks.matrix_calculus.paths[]": Obj(
        "PathTrial", "One way of asking SymPy for the derivative, and how it went."
    ),
    "erratum": Obj(
        "ErratumCheck", "The formula the source prints, judged in the layout the source declares."
    ),
    "erratum.general": Obj("ErratumCheck", "The printed form at M ≠ N (symbolic sizes)."),
    "erratum.general.clashes[]": Obj(
        "Clash", "A product in the printed form whose factors do not fit."
    ),
    "erratum.general.explicit_size": Obj(
        "ErratumCheck", "The explicit size the clash is shown at."
    ),
    "erratum.square": Obj("ErratumCheck", "The printed form at M = N (symbolic sizes)."),
    "erratum.counterexample": Obj(
        "Counterexample", "The first seeded model (N = M) where the printed form is wrong."
    ),
    "erratum.counterexample.differing_entry": Obj(
        "Counterexample", "The entry where the printed form and the truth differ."
    ),
    "erratum.correct": Obj("ErratumCheck", "The correct form in the declared layout, verified."),
    "kernels[]": Obj(
        "KernelCheck", "What a proof assistant's kernel said, or why it was not asked."
    ),
    "kernels[].assumptions[]": Obj(
        "KernelCheck", "The axioms `Print Assumptions` listed for a theorem."
    ),
    "versions": Obj("Versions", "The versions the checks ran with."),
    "summary": Obj("Summary", "One verdict per kind of check; `all` is their conjunction."),
}

FIELDS: dict[str, Field] = {
    # The certificate
    "schema": Field(
        "string",
        "`hadamard-certificate/2`; the number changes when a field changes "
        "meaning or goes away, not when one is added.",
    ),
    "generated_by": Field(
        "string", "The program and its version, e.g. `hadamard prove (hadamard 0.1.0)`."
    ),
    "source": Field("string", "The source the theorem and the erratum cite."),
    "layouts": Field("array of string", "The layouts asked for (`--layout`), sorted."),
    "statement_sha256": Field(
        "string",
        "SHA-256 of the registry's statements as canonical JSON; "
        "the same hash `hadamard cite` prints.",
    ),
    "theorems": Field("array of object", "One record per registered theorem."),
    "cross_checks": Field("object", "Checks against SymPy's own definitions and calculus."),
    "erratum": Field("object", "The erratum in the source, and its counterexample."),
    "kernels": Field("array of object", "One record per proof-assistant development."),
    "versions": Field("object", "Python, SymPy and hadamard versions."),
    "summary": Field("object", "The verdicts, one per kind of check."),
    # theorems[]
    "theorems[].id": Field("string", "The theorem's stable id, e.g. `hadamard_product`."),
    "theorems[].title": Field("string", "Its title."),
    "theorems[].summary": Field("string", "The conclusion in one line of Unicode text."),
    "theorems[].hypotheses": Field("array of string", "The hypotheses, in words."),
    "theorems[].layouts": Field(
        "array of string | array of null",
        "The layouts checked; `[null]` for a layout-free theorem.",
    ),
    "theorems[].verified": Field("boolean", "Every step verified at symbolic sizes."),
    "theorems[].steps": Field("array of object", "The derivation, step by step."),
    "theorems[].negative_controls": Field("array of object", "Wrong variants, each rejected."),
    "theorems[].corollaries": Field("array of object", "The theorem's corollaries (may be empty)."),
    "theorems[].explicit_sizes": Field("array of object", "The conclusion at explicit sizes."),
    # theorems[].steps[]
    "theorems[].steps[].theorem": Field("string", _THEOREM),
    "theorems[].steps[].role": Field(
        "string", "The step's role in the proof: `component`, `leibniz` or `matrix`."
    ),
    "theorems[].steps[].label": Field("string", "The label kept for citation, e.g. `6-1-2`."),
    "theorems[].steps[].layout": Field("string | null", _LAYOUT),
    "theorems[].steps[].title": Field("string", "The step's title."),
    "theorems[].steps[].statement": Field("string", _STATEMENT),
    "theorems[].steps[].statement_text": Field("string", _TEXT),
    "theorems[].steps[].rule": Field("string", "The rule that justifies the step."),
    "theorems[].steps[].method": Field("string", _METHOD),
    "theorems[].steps[].verified": Field("boolean", "True when SymPy reduced lhs − rhs to 0."),
    "theorems[].steps[].verdict": Field("string", "What the verifier found, in words."),
    "theorems[].steps[].lhs_entry": Field(
        "string", "The left side's generic entry, in SymPy syntax."
    ),
    "theorems[].steps[].rhs_entry": Field("string", "The right side's generic entry, evaluated."),
    "theorems[].steps[].rhs_entry_as_written": Field(
        "string", "The right side's generic entry before evaluation (sums unevaluated)."
    ),
    # theorems[].negative_controls[]
    "theorems[].negative_controls[].theorem": Field("string", _THEOREM),
    "theorems[].negative_controls[].layout": Field("string | null", _LAYOUT),
    "theorems[].negative_controls[].label": Field("string", "The label of the step it varies."),
    "theorems[].negative_controls[].kind": Field(
        "string", "The mistake made on purpose, e.g. `wrong sign`, `swapped factors`."
    ),
    "theorems[].negative_controls[].statement": Field("string", _STATEMENT),
    "theorems[].negative_controls[].statement_text": Field("string", _TEXT),
    "theorems[].negative_controls[].rejected": Field(
        "boolean", "True when the verifier did not accept the wrong variant."
    ),
    "theorems[].negative_controls[].verdict": Field(
        "string", "The verifier's verdict: `fails`, `shape clash`, …"
    ),
    "theorems[].negative_controls[].reason": Field(
        "string", "Why, in words: the residue that is not 0, or the shapes that clash."
    ),
    # theorems[].corollaries[]
    "theorems[].corollaries[].theorem": Field("string", _THEOREM),
    "theorems[].corollaries[].name": Field(
        "string", "The corollary's id, e.g. `constant_x_denominator`."
    ),
    "theorems[].corollaries[].title": Field("string", "Its title."),
    "theorems[].corollaries[].label": Field("string", "The label kept for citation."),
    "theorems[].corollaries[].layout": Field("string | null", _LAYOUT),
    "theorems[].corollaries[].statement": Field("string", _STATEMENT),
    "theorems[].corollaries[].statement_text": Field("string", _TEXT),
    "theorems[].corollaries[].assumptions": Field(
        "array of string", "What the corollary assumes beyond the theorem, e.g. ∂x/∂z = O."
    ),
    "theorems[].corollaries[].rule": Field("string", "The rule that gives it."),
    "theorems[].corollaries[].verified": Field("boolean", "Verified at symbolic sizes."),
    "theorems[].corollaries[].verdict": Field("string", "What the verifier found, in words."),
    "theorems[].corollaries[].method": Field("string", _METHOD),
    "theorems[].corollaries[].explicit_method": Field(
        "string", "How the explicit sizes were evaluated."
    ),
    "theorems[].corollaries[].explicit": Field("array of object", "One record per explicit size."),
    "theorems[].corollaries[].explicit[].n": Field("integer", "N, the dimension of x and y."),
    "theorems[].corollaries[].explicit[].m": Field("integer", "M, the dimension of z."),
    "theorems[].corollaries[].explicit[].agrees": Field("boolean", "Exact agreement at that size."),
    # theorems[].explicit_sizes[]
    "theorems[].explicit_sizes[].theorem": Field("string", _THEOREM),
    "theorems[].explicit_sizes[].kind": Field(
        "string", "The model used: `undefined functions, Matrix.jacobian`."
    ),
    "theorems[].explicit_sizes[].layout": Field("string | null", _LAYOUT),
    "theorems[].explicit_sizes[].n": Field("integer", "N, the dimension of x and y."),
    "theorems[].explicit_sizes[].m": Field("integer", "M, the dimension of z."),
    "theorems[].explicit_sizes[].agrees": Field("boolean", "Exact agreement at that size."),
    "theorems[].explicit_sizes[].other_layout_form": Field(
        "string",
        "What the other layout's "
        "form gives at that size (usually "
        "undefined, or a differing entry).",
    ),
    "theorems[].explicit_sizes[].method": Field("string", _METHOD),
    # cross_checks
    "cross_checks.definition_6_1_1": Field("object", "6-1-1 against SymPy's `HadamardProduct`."),
    "cross_checks.definition_6_1_1.label": Field("string", "`6-1-1`."),
    "cross_checks.definition_6_1_1.sympy": Field("string", "SymPy's entry of the product."),
    "cross_checks.definition_6_1_1.ours": Field("string", "Our translation of 6-1-1's right side."),
    "cross_checks.definition_6_1_1.agrees": Field("boolean", "The two entries are equal."),
    "cross_checks.definition_6_1_1.method": Field("string", _METHOD),
    "cross_checks.matrix_calculus": Field("object", "SymPy's own ∂(A z ⊙ B z)/∂z."),
    "cross_checks.matrix_calculus.symbolic_answer": Field(
        "object", "SymPy's answer at symbolic sizes."
    ),
    "cross_checks.matrix_calculus.symbolic_answer.expression": Field(
        "string", "SymPy's result, as SymPy prints it."
    ),
    "cross_checks.matrix_calculus.symbolic_answer.shape": Field(
        "string", "Its shape, e.g. `M × N`."
    ),
    "cross_checks.matrix_calculus.symbolic_answer.layout": Field(
        "string", "The layout that shape shows."
    ),
    "cross_checks.matrix_calculus.symbolic_answer.method": Field("string", _METHOD),
    "cross_checks.matrix_calculus.paths": Field("array of object", "Each way of asking SymPy."),
    "cross_checks.matrix_calculus.paths[].path": Field("string", "The SymPy call."),
    "cross_checks.matrix_calculus.paths[].status": Field(
        "string", "`agrees`, `disagrees`, or `fails` (SymPy raised)."
    ),
    "cross_checks.matrix_calculus.paths[].worked": Field(
        "boolean", "True when the status is `agrees`."
    ),
    "cross_checks.matrix_calculus.paths[].result_at_symbolic_sizes": Field(
        "string", "What the call returned at symbolic sizes (empty when it raised)."
    ),
    "cross_checks.matrix_calculus.paths[].outcome": Field(
        "string", "What happened at the explicit sizes, in words."
    ),
    # erratum
    "erratum.label": Field("string", "The printed equation's label, `6-1-3`."),
    "erratum.source": Field("string", "Where it is printed."),
    "erratum.declared_layout": Field("string", "The layout the source declares."),
    "erratum.printed": Field("string", "The printed formula in LaTeX."),
    "erratum.printed_text": Field("string", "The printed formula in Unicode text."),
    "erratum.explanation": Field("string", "What is wrong, in words."),
    "erratum.general": Field("object", "The verdict at M ≠ N."),
    "erratum.general.sizes": Field("string", "`M ≠ N (symbolic)`."),
    "erratum.general.verdict": Field("string", "`shape clash`: the printed form is undefined."),
    "erratum.general.reason": Field("string", "The clash, in words."),
    "erratum.general.clashes": Field("array of object", "Each product whose factors do not fit."),
    "erratum.general.clashes[].product": Field("string", "The product, e.g. `diag(x) ∂y/∂z`."),
    "erratum.general.clashes[].left": Field("string", "Its left factor."),
    "erratum.general.clashes[].left_shape": Field(
        "string", "The left factor's shape, symbolically."
    ),
    "erratum.general.clashes[].left_shape_explicit": Field("string", "… and at the explicit size."),
    "erratum.general.clashes[].right": Field("string", "Its right factor."),
    "erratum.general.clashes[].right_shape": Field(
        "string", "The right factor's shape, symbolically."
    ),
    "erratum.general.clashes[].right_shape_explicit": Field(
        "string", "… and at the explicit size."
    ),
    "erratum.general.clashes[].explicit_error": Field("string", "The error at the explicit size."),
    "erratum.general.explicit_size": Field("object", "The explicit size of the clash."),
    "erratum.general.explicit_size.n": Field("integer", "N."),
    "erratum.general.explicit_size.m": Field("integer", "M."),
    "erratum.square": Field("object", "The verdict at M = N."),
    "erratum.square.sizes": Field("string", "`M = N (symbolic)`."),
    "erratum.square.verdict": Field("string", "`fails`: defined, but wrong."),
    "erratum.square.reason": Field("string", "The residue lhs − rhs that is not 0."),
    "erratum.square.lhs_entry": Field("string", "The true generic entry."),
    "erratum.square.rhs_entry": Field("string", "The printed form's generic entry."),
    "erratum.counterexample": Field(
        "object", "A concrete model where the printed form is wrong, in exact rationals."
    ),
    "erratum.counterexample.n": Field("integer", "N."),
    "erratum.counterexample.m": Field("integer", "M (= N)."),
    "erratum.counterexample.seed": Field("integer", "The seed of the random polynomial model."),
    "erratum.counterexample.z": Field("array of string", "The variables z_1 … z_M."),
    "erratum.counterexample.point": Field(
        "array of string", "The point z at which it is evaluated."
    ),
    "erratum.counterexample.x_of_z": Field("array of string", "x(z), entry by entry."),
    "erratum.counterexample.y_of_z": Field("array of string", "y(z), entry by entry."),
    "erratum.counterexample.x": Field("array of string", "x at the point."),
    "erratum.counterexample.y": Field("array of string", "y at the point."),
    "erratum.counterexample.dx_dz": Field(
        "array of array of string", "∂x/∂z at the point, a list of rows."
    ),
    "erratum.counterexample.dy_dz": Field("array of array of string", "∂y/∂z at the point."),
    "erratum.counterexample.printed_value": Field(
        "array of array of string", "The printed form's value."
    ),
    "erratum.counterexample.correct_value": Field(
        "array of array of string", "The correct form's value."
    ),
    "erratum.counterexample.true_value": Field(
        "array of array of string", "∂(x ⊙ y)/∂z computed directly."
    ),
    "erratum.counterexample.indexing": Field("string", "How entries are numbered (from 1)."),
    "erratum.counterexample.differing_entry": Field("object", "The first entry that differs."),
    "erratum.counterexample.differing_entry.row": Field("integer", "Its row, from 1."),
    "erratum.counterexample.differing_entry.column": Field("integer", "Its column, from 1."),
    "erratum.counterexample.differing_entry.printed": Field(
        "string", "The printed form's value there."
    ),
    "erratum.counterexample.differing_entry.true": Field("string", "The true value there."),
    "erratum.correct": Field("object", "The correct form."),
    "erratum.correct.statement": Field("string", _STATEMENT),
    "erratum.correct.statement_text": Field("string", _TEXT),
    "erratum.correct.verified": Field("boolean", "Verified at symbolic sizes."),
    "erratum.correct.verdict": Field("string", "What the verifier found."),
    "erratum.correct.derivation": Field("string", "The derivation in a paragraph."),
    "erratum.correct.cites": Field("array of string", "The labels it cites."),
    # kernels[]
    "kernels[].development": Field(
        "string", "Which development: `Coq standard library (Reals)` or `MathComp-Analysis`."
    ),
    "kernels[].backend": Field(
        "string",
        "The registry backend whose theorem names the development uses: `coq` (the "
        "standard-library development) or `mathcomp` (MathComp-Analysis's own `'J`).",
    ),
    "kernels[].run": Field("boolean", "Whether the kernel was asked at all."),
    "kernels[].reason": Field(
        "string", "Why it was not asked (when `run` is false).", optional=True
    ),
    "kernels[].method": Field("string", _METHOD + " (when `run` is true)", optional=True),
    "kernels[].coqc_version": Field("string", "`coqc --version`'s number.", optional=True),
    "kernels[].theorems": Field("array of string", "The theorems checked.", optional=True),
    "kernels[].ok": Field("boolean", "The kernel accepted every file.", optional=True),
    "kernels[].assumptions": Field(
        "array of object", "`Print Assumptions`, per theorem.", optional=True
    ),
    "kernels[].assumptions[].theorem": Field(
        "string", "The theorem (or `main_theorems_together`).", optional=True
    ),
    "kernels[].assumptions[].axioms": Field(
        "array of string", "The axioms it rests on, sorted.", optional=True
    ),
    # versions
    "versions.python": Field("string", "Python's version."),
    "versions.sympy": Field("string", "SymPy's version."),
    "versions.hadamard": Field("string", "This package's version."),
    # summary
    "summary.steps_verified": Field("boolean", "Every step of every theorem verified."),
    "summary.wrong_variants_rejected": Field("boolean", "Every negative control rejected."),
    "summary.explicit_sizes_agree": Field("boolean", "Every explicit size agrees."),
    "summary.definition_matches_sympy": Field(
        "boolean", "6-1-1 matches SymPy's `HadamardProduct`."
    ),
    "summary.matrix_calculus_agrees": Field(
        "boolean", "Some SymPy path agrees and none disagrees."
    ),
    "summary.corollaries_verified": Field("boolean", "Every corollary verified."),
    "summary.erratum_confirmed": Field(
        "boolean", "The printed form rejected and the correct one verified."
    ),
    "summary.coq_kernel_accepts": Field(
        "boolean", "Every kernel that ran accepted (absent when none ran).", optional=True
    ),
    "summary.all": Field("boolean", "Every check that ran passed."),
}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    kinds = sorted({_kind(item) for item in value})
    return " | ".join(f"array of {kind}" for kind in kinds) if kinds else "array"


def observed(data: Any, path: str = "") -> dict[str, set[str]]:
    """Every field path in ``data`` (``theorems[].steps[].label``) and the JSON types seen."""
    seen: dict[str, set[str]] = {}

    def walk(value: Any, at: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                child = f"{at}.{key}" if at else key
                for kind in _kind(item).split(" | "):
                    seen.setdefault(child, set()).add(kind)
                walk(item, child)
        elif isinstance(value, list):
            for item in value:
                walk(item, f"{at}[]")

    walk(data, path)
    return seen


def _allowed(field: Field) -> set[str]:
    return set(field.type.split(" | "))


def problems(data: Any) -> list[str]:
    """How the description and a real certificate disagree (empty when they agree)."""
    found = []
    seen = observed(data)
    for path, kinds in sorted(seen.items()):
        field = FIELDS.get(path)
        if field is None:
            found.append(f"certificate field {path!r} is not described")
            continue
        extra = {k for k in kinds if k != "array"} - _allowed(field)
        if extra:
            found.append(f"certificate field {path!r} is {sorted(extra)}, described {field.type}")
    for path, field in FIELDS.items():
        if path not in seen and not field.optional:
            found.append(f"described field {path!r} is not in the certificate")
        parent = _parent(path)
        if parent not in OBJECTS:
            found.append(f"described field {path!r} belongs to no described object {parent!r}")
    return found


def _parent(path: str) -> str:
    """The object a field belongs to: ``theorems[].steps[].label`` → ``theorems[].steps[]``."""
    return path.rsplit(".", 1)[0] if "." in path else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def schema_markdown(records_module: str = "proofs.check.records") -> str:
    """The schema as MyST Markdown: one table per JSON object, in the certificate's order."""
    lines: list[str] = []
    for path, obj in OBJECTS.items():
        name = f"`{path}`" if path else "The certificate"
        record = f"{{py:class}}`~{records_module}.{obj.record}`"
        lines += [f"## {name}", "", f"{obj.about} Written by {record}.", ""]
        lines += ["| field | type | meaning |", "|---|---|---|"]
        for field_path, field in FIELDS.items():
            if _parent(field_path) != path:
                continue
            key = field_path.rsplit(".", 1)[-1]
            kind = _cell(field.type.replace(" | ", " or "))
            about = field.about + (" *Optional.*" if field.optional else "")
            lines.append(f"| `{key}` | {kind} | {_cell(about)} |")
        lines.append("")
    return "\n".join(lines)
