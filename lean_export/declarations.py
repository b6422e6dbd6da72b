"""The Lean library, walked from the registry: the Jacobian definitions, then a section a theorem.

Every theorem of :data:`proofs.theory.registry.REGISTRY` whose ``backends`` contain
``Backend.LEAN`` is exported, in registry order, as ``section <theorem id>``: its steps (each
once, under ``Step.names[Backend.LEAN]``), its corollaries that have a Lean name, and whatever
its proof script adds. Statements come from the registry's equations
(:mod:`lean_export.statements`); proofs come from the script keyed by the theorem's id
(:mod:`lean_export.proof`). Nothing here knows a theorem by its label or by the shape of an
equation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hadamard import Layout
from lean_export.lines import docstring, wrapped_head
from lean_export.printer import NAMES, LeanNames, LeanRenderer, Level
from lean_export.proof import Goal, ProofScript, script_for
from lean_export.statements import Declaration, StatementRenderer, level_of, subject_nodes
from proofs.theory import registry
from proofs.theory.expr import Expr
from proofs.theory.statements import Backend, Corollary, Equation, Step, Theorem

__all__ = [
    "NAMESPACE",
    "Section",
    "declarations",
    "definitions",
    "exported",
    "file_names",
    "library",
]

NAMESPACE = "HadamardDerivative"

BOUND_CANDIDATES = ("v", "w", "u", "t", "s")
"""Names for the variable of ``fun v ↦ …``, tried in order until one is not a subject's name."""

DEF_DOCS = {
    Layout.DENOMINATOR: (
        "The Jacobian of `f` at `z` in the denominator layout (the source chapter's convention): "
        "the matrix with a row for each input coordinate `j : {input}` and a column for each "
        "output coordinate `i : {output}`, whose entry `(j, i)` is `∂f_i/∂z_j`, the derivative "
        "of the component `{v} ↦ f {v} i` at `z` in the direction of the basis vector "
        "`Pi.single j 1`."
    ),
    Layout.NUMERATOR: (
        "The Jacobian of `f` at `z` in the numerator layout: the transpose of "
        "`jacobianDen f z`, with a row for each output coordinate, so its entry `(i, j)` is "
        "`∂f_i/∂z_j`."
    ),
}

APPLY_DOCS = {
    Layout.DENOMINATOR: "Entry `(j, i)` of `jacobianDen f z` is `∂f_i/∂z_j`, by definition.",
    Layout.NUMERATOR: "Entry `(i, j)` of `jacobianNum f z` is `∂f_i/∂z_j`, by definition.",
}


@dataclass(frozen=True)
class Section:
    """One theorem's part of the library: ``section <id>``, its variables, its declarations,
    and the declarations stated after the section, which bind their own variables."""

    name: str
    variables: str
    declarations: tuple[Declaration, ...]
    after: tuple[Declaration, ...] = ()


def exported() -> tuple[Theorem, ...]:
    """The registered theorems whose backends include Lean, in registry order."""
    return tuple(t for t in registry.REGISTRY if Backend.LEAN in t.backends)


def file_names(theorems: tuple[Theorem, ...]) -> LeanNames:
    """The name table, with a ``fun`` variable that no exported theorem uses as a subject."""
    taken = {NAMES.point, NAMES.direction}
    for t in theorems:
        sides = [e for s in t.statements for step in s.steps for e in _sides(step.equation)]
        taken.update(subject_nodes(*sides, t.subject))
    for candidate in BOUND_CANDIDATES:
        if candidate not in taken:
            return replace(NAMES, bound=candidate)
    raise NotImplementedError(f"every candidate bound variable {BOUND_CANDIDATES} is taken")


def _sides(equation: Equation) -> tuple[Expr, Expr]:
    return (equation.lhs, equation.rhs)


def definitions(names: LeanNames) -> tuple[Declaration, ...]:
    """``jacobianDen`` and ``jacobianNum``, and the lemma giving each entry as a derivative."""
    n, r = names, names.scalar
    rows, cols = n.input_index_type, n.output_index_type
    fn_type = f"({n.domain}) → {cols} → {r}"
    den, num = n.denominator_jacobian, n.numerator_jacobian
    z, v = n.point, n.bound
    entry = f"{n.fderiv} {r} (fun {v} ↦ f {v} i) {z} ({n.basis_vector} j 1)"
    den_lines = [
        *docstring(DEF_DOCS[Layout.DENOMINATOR].format(v=v, input=rows, output=cols)),
        *wrapped_head(
            f"noncomputable def {den}",
            [f"(f : {fn_type})", f"({z} : {n.domain})"],
            f" : Matrix {rows} {cols} {r} :=",
        ),
        f"  Matrix.of fun j i ↦ {entry}",
    ]
    num_lines = [
        *docstring(DEF_DOCS[Layout.NUMERATOR]),
        *wrapped_head(
            f"noncomputable def {num}",
            [f"(f : {fn_type})", f"({z} : {n.domain})"],
            f" : Matrix {cols} {rows} {r} :=",
        ),
        f"  ({den} f {z}){n.transpose}",
    ]
    out = [
        Declaration(den, "def", "the Jacobian in the denominator layout", tuple(den_lines)),
        Declaration(num, "def", "the Jacobian in the numerator layout", tuple(num_lines)),
    ]
    for layout, head, indices in (
        (Layout.DENOMINATOR, den, f"(j : {rows}) (i : {cols})"),
        (Layout.NUMERATOR, num, f"(i : {cols}) (j : {rows})"),
    ):
        name = f"{head}_apply"
        entries = "j i" if layout is Layout.DENOMINATOR else "i j"
        lines = [
            *docstring(APPLY_DOCS[layout]),
            f"theorem {name} (f : {fn_type}) ({z} : {n.domain}) {indices} :",
            f"    {head} f {z} {entries} = {entry} := by",
            "  rfl",
        ]
        out.append(Declaration(name, "theorem", f"the entries of `{head}`", tuple(lines)))
    return tuple(out)


def _step_doc(step: Step) -> str:
    title = step.title[0].upper() + step.title[1:]
    if step.seed_label:
        return f"Equation {step.seed_label} of the source chapter: {step.title}. Rule: {step.rule}."
    return f"{title}. Rule: {step.rule}."


def _step_summary(theorem: Theorem, step: Step) -> str:
    """The step's title, then where it comes from: its equation label and the theorem's id."""
    cited = ", ".join(part for part in (step.seed_label, theorem.id) if part)
    return f"{step.title} ({cited})"


def _lean_name(theorem: Theorem, step: Step) -> str:
    try:
        return step.names[Backend.LEAN]
    except KeyError:
        where = f" in the {step.layout.value} layout" if step.layout else ""
        raise LookupError(
            f"theorem {theorem.id!r} is exported to lean, but its {step.role.value} step{where} "
            "has no Lean name (Step.names[Backend.LEAN])"
        ) from None


def _steps(theorem: Theorem, script: ProofScript, st: StatementRenderer) -> list[Declaration]:
    """Each step once: a step shared by both layouts (same name, same equation) is stated once."""
    out: list[Declaration] = []
    seen: dict[str, Equation] = {}
    for statement in theorem.statements:
        for step in statement.steps:
            name = _lean_name(theorem, step)
            sides = _sides(step.equation)
            if name in seen:
                if _sides(seen[name]) != sides:
                    raise ValueError(
                        f"theorem {theorem.id!r}: two different steps are both named {name!r}"
                    )
                continue
            seen[name] = step.equation
            goal = Goal(theorem, statement.layout, st)
            proof = script.step_proof(theorem, step.role)(goal)
            out.append(
                st.declaration(
                    name,
                    step.equation,
                    level_of(step.role, step.equation),
                    summary=_step_summary(theorem, step),
                    doc=_step_doc(step),
                    proof=proof,
                )
            )
    return out


def _corollary(
    theorem: Theorem, script: ProofScript, st: StatementRenderer, corollary: Corollary
) -> Declaration:
    layout = corollary.statement.layout
    goal = Goal(theorem, layout, st, corollary)
    proof = script.corollary_proof(theorem, corollary)(goal)
    summary, doc = corollary.label, f"{corollary.title}: {corollary.rule}."
    if layout is not None:
        summary = f"{corollary.label}, {layout.value} layout"
        doc = f"{corollary.title}: {corollary.rule} ({layout.value} layout)."
    return st.declaration(
        corollary.names[Backend.LEAN],
        corollary.statement,
        Level.ARRAY if layout is None else Level.MATRIX,
        summary=summary,
        doc=doc,
        proof=proof,
        extra=corollary.hypotheses,
    )


def theorem_section(theorem: Theorem, renderer: LeanRenderer) -> Section:
    """The section of one exported theorem; MissingProofScriptError when its script is missing."""
    script = script_for(theorem)
    st = StatementRenderer(theorem, renderer)
    first_layout = theorem.statements[0].layout
    decls = [*script.lemmas(Goal(theorem, first_layout, st))]
    decls.extend(_steps(theorem, script, st))
    for corollary in theorem.corollaries:
        if Backend.LEAN in corollary.names:
            decls.append(_corollary(theorem, script, st, corollary))
    decls.extend(script.consequences(Goal(theorem, first_layout, st)))
    after = script.instances(Goal(theorem, first_layout, st))
    return Section(theorem.id, st.variables(), tuple(decls), after)


def library() -> tuple[tuple[Declaration, ...], tuple[Section, ...]]:
    """The definitions, and one section per exported theorem, in registry order."""
    theorems = exported()
    renderer = LeanRenderer(file_names(theorems))
    return definitions(renderer.names), tuple(theorem_section(t, renderer) for t in theorems)


def declarations() -> tuple[Declaration, ...]:
    """Every declaration of the library file, in the order the file states them."""
    defs, sections = library()
    return (*defs, *(d for s in sections for d in (*s.declarations, *s.after)))
