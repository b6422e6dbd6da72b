"""Typed records of every check `hadamard prove` runs; the certificate is their JSON.

The documents read these records, never a dictionary. Each record's ``to_data`` gives its
JSON-ready fields (the certificate's field names); nothing here computes a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hadamard import Layout
from proofs.check.verify import VerdictKind
from proofs.theory.mistakes import Mistake
from proofs.theory.statements import Role

__all__ = [
    "Certificate",
    "Clash",
    "ControlCheck",
    "CorollaryCheck",
    "Counterexample",
    "DefinitionCheck",
    "ErratumCheck",
    "ExplicitCheck",
    "ExplicitSize",
    "KernelCheck",
    "MatrixCalculusAnswer",
    "PathTrial",
    "StepCheck",
    "Summary",
    "TheoremCheck",
    "Versions",
]


def _layout(layout: Layout | None) -> str | None:
    return None if layout is None else layout.value


@dataclass(frozen=True)
class StepCheck:
    """One derivation step checked by SymPy at symbolic sizes."""

    theorem: str
    role: Role
    label: str
    layout: Layout | None
    title: str
    statement: str
    """The equation in LaTeX."""
    statement_text: str
    """The equation in Unicode."""
    rule: str
    method: str
    verified: bool
    verdict: str
    lhs_entry: str
    rhs_entry: str
    rhs_unevaluated: str

    def to_data(self) -> dict[str, Any]:
        """The certificate's step record."""
        return {
            "theorem": self.theorem,
            "role": self.role.value,
            "label": self.label,
            "layout": _layout(self.layout),
            "title": self.title,
            "statement": self.statement,
            "statement_text": self.statement_text,
            "rule": self.rule,
            "method": self.method,
            "verified": self.verified,
            "verdict": self.verdict,
            "lhs_entry": self.lhs_entry,
            "rhs_entry": self.rhs_entry,
            "rhs_entry_as_written": self.rhs_unevaluated,
        }


@dataclass(frozen=True)
class ControlCheck:
    """A wrong variant of a step, which the verifier must reject."""

    theorem: str
    layout: Layout | None
    label: str
    kind: Mistake
    statement: str
    statement_text: str
    verdict: VerdictKind
    reason: str

    @property
    def rejected(self) -> bool:
        """True when the verifier did not accept the wrong variant."""
        return self.verdict is not VerdictKind.HOLDS

    def to_data(self) -> dict[str, Any]:
        """The certificate's negative-control record."""
        return {
            "theorem": self.theorem,
            "layout": _layout(self.layout),
            "label": self.label,
            "kind": self.kind.value,
            "statement": self.statement,
            "statement_text": self.statement_text,
            "rejected": self.rejected,
            "verdict": self.verdict.value,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class ExplicitSize:
    """One explicit size (N, M) at which a statement was evaluated exactly, and the answer."""

    n: int
    m: int
    agrees: bool

    def to_data(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {"n": self.n, "m": self.m, "agrees": self.agrees}


@dataclass(frozen=True)
class CorollaryCheck:
    """A corollary checked symbolically and at explicit sizes."""

    theorem: str
    id: str
    title: str
    label: str
    layout: Layout | None
    statement: str
    statement_text: str
    assumptions: tuple[str, ...]
    rule: str
    verified: bool
    verdict: str
    method: str
    explicit_method: str
    explicit: tuple[ExplicitSize, ...]

    @property
    def holds(self) -> bool:
        """Verified symbolically and at every explicit size."""
        return self.verified and all(e.agrees for e in self.explicit)

    def to_data(self) -> dict[str, Any]:
        """The certificate's corollary record."""
        return {
            "theorem": self.theorem,
            "name": self.id,
            "title": self.title,
            "label": self.label,
            "layout": _layout(self.layout),
            "statement": self.statement,
            "statement_text": self.statement_text,
            "assumptions": list(self.assumptions),
            "rule": self.rule,
            "verified": self.verified,
            "verdict": self.verdict,
            "method": self.method,
            "explicit_method": self.explicit_method,
            "explicit": [e.to_data() for e in self.explicit],
        }


@dataclass(frozen=True)
class ExplicitCheck:
    """A theorem's conclusion at one explicit size, against SymPy's Matrix Jacobians."""

    theorem: str
    layout: Layout | None
    n: int
    m: int
    agrees: bool
    other_form: str
    method: str

    def to_data(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "theorem": self.theorem,
            "kind": "undefined functions, Matrix.jacobian",
            "layout": _layout(self.layout),
            "n": self.n,
            "m": self.m,
            "agrees": self.agrees,
            "other_layout_form": self.other_form,
            "method": self.method,
        }


@dataclass(frozen=True)
class TheoremCheck:
    """Everything checked about one registered theorem."""

    id: str
    title: str
    summary: str
    hypotheses: tuple[str, ...]
    layouts: tuple[Layout | None, ...]
    steps: tuple[StepCheck, ...]
    controls: tuple[ControlCheck, ...]
    corollaries: tuple[CorollaryCheck, ...]
    explicit: tuple[ExplicitCheck, ...]

    @property
    def verified(self) -> bool:
        """Every step verified at symbolic sizes."""
        return all(step.verified for step in self.steps)

    def to_data(self) -> dict[str, Any]:
        """The certificate's theorem record."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "hypotheses": list(self.hypotheses),
            "layouts": [_layout(layout) for layout in self.layouts],
            "verified": self.verified,
            "steps": [s.to_data() for s in self.steps],
            "negative_controls": [c.to_data() for c in self.controls],
            "corollaries": [c.to_data() for c in self.corollaries],
            "explicit_sizes": [e.to_data() for e in self.explicit],
        }


@dataclass(frozen=True)
class DefinitionCheck:
    """6-1-1 against SymPy's own HadamardProduct entry."""

    label: str
    sympy: str
    ours: str
    agrees: bool
    method: str

    def to_data(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "label": self.label,
            "sympy": self.sympy,
            "ours": self.ours,
            "agrees": self.agrees,
            "method": self.method,
        }


@dataclass(frozen=True)
class MatrixCalculusAnswer:
    """SymPy's own derivative of A z ⊙ B z at symbolic sizes, and the layout its shape shows."""

    expression: str
    shape: str
    layout: str
    method: str

    def to_data(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {
            "expression": self.expression,
            "shape": self.shape,
            "layout": self.layout,
            "method": self.method,
        }


@dataclass(frozen=True)
class PathTrial:
    """One way of asking SymPy for ∂(A z ⊙ B z)/∂z, and how it went at every size."""

    path: str
    status: str
    result: str
    outcome: str

    @property
    def worked(self) -> bool:
        """True when the path ran and agreed with the statement at every size."""
        return self.status == "agrees"

    def to_data(self) -> dict[str, Any]:
        """JSON-ready fields; status is agrees, disagrees, or fails (SymPy raised)."""
        return {
            "path": self.path,
            "status": self.status,
            "worked": self.worked,
            "result_at_symbolic_sizes": self.result,
            "outcome": self.outcome,
        }


@dataclass(frozen=True)
class Clash:
    """A product in the printed erratum whose factors do not fit."""

    product: str
    left: str
    left_shape: str
    left_shape_explicit: str
    right: str
    right_shape: str
    right_shape_explicit: str
    explicit_error: str

    def to_data(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return dict(vars(self))


@dataclass(frozen=True)
class Counterexample:
    """The first seeded model (N = M) where the printed form and the truth differ."""

    n: int
    m: int
    seed: int
    z: tuple[str, ...]
    point: tuple[str, ...]
    x_of_z: tuple[str, ...]
    y_of_z: tuple[str, ...]
    x: tuple[str, ...]
    y: tuple[str, ...]
    dx_dz: tuple[tuple[str, ...], ...]
    dy_dz: tuple[tuple[str, ...], ...]
    printed_value: tuple[tuple[str, ...], ...]
    correct_value: tuple[tuple[str, ...], ...]
    true_value: tuple[tuple[str, ...], ...]
    row: int
    column: int
    printed_entry: str
    true_entry: str

    def to_data(self) -> dict[str, Any]:
        """JSON-ready fields (entries count from 1; matrices are lists of rows)."""

        def rows(matrix: tuple[tuple[str, ...], ...]) -> list[list[str]]:
            return [list(row) for row in matrix]

        return {
            "n": self.n,
            "m": self.m,
            "seed": self.seed,
            "z": list(self.z),
            "point": list(self.point),
            "x_of_z": list(self.x_of_z),
            "y_of_z": list(self.y_of_z),
            "x": list(self.x),
            "y": list(self.y),
            "dx_dz": rows(self.dx_dz),
            "dy_dz": rows(self.dy_dz),
            "printed_value": rows(self.printed_value),
            "correct_value": rows(self.correct_value),
            "true_value": rows(self.true_value),
            "indexing": "entries (row, column) count from 1; matrices are lists of rows",
            "differing_entry": {
                "row": self.row,
                "column": self.column,
                "printed": self.printed_entry,
                "true": self.true_entry,
            },
        }


@dataclass(frozen=True)
class ErratumCheck:
    """What was computed about a printed formula in the layout its source declares."""

    label: str
    source: str
    declared_layout: Layout
    printed: str
    printed_text: str
    explanation: str
    general_verdict: VerdictKind
    general_reason: str
    clashes: tuple[Clash, ...]
    clash_size: tuple[int, int]
    square_verdict: VerdictKind
    square_reason: str
    square_lhs_entry: str
    square_rhs_entry: str
    counterexample: Counterexample
    correct: StepCheck
    derivation: str
    cites: tuple[str, ...]

    @property
    def printed_rejected(self) -> bool:
        """True when the printed form is undefined for M ≠ N and false for M = N."""
        return (
            self.general_verdict is VerdictKind.CLASH
            and self.square_verdict is VerdictKind.FAILS
            and self.counterexample.printed_entry != self.counterexample.true_entry
        )

    @property
    def confirmed(self) -> bool:
        """The printed form is rejected and the correct one verified."""
        return self.printed_rejected and self.correct.verified

    def to_data(self) -> dict[str, Any]:
        """The certificate's erratum record."""
        n, m = self.clash_size
        return {
            "label": self.label,
            "source": self.source,
            "declared_layout": self.declared_layout.value,
            "printed": self.printed,
            "printed_text": self.printed_text,
            "explanation": self.explanation,
            "general": {
                "sizes": "M ≠ N (symbolic)",
                "verdict": self.general_verdict.value,
                "reason": self.general_reason,
                "clashes": [c.to_data() for c in self.clashes],
                "explicit_size": {"n": n, "m": m},
            },
            "square": {
                "sizes": "M = N (symbolic)",
                "verdict": self.square_verdict.value,
                "reason": self.square_reason,
                "lhs_entry": self.square_lhs_entry,
                "rhs_entry": self.square_rhs_entry,
            },
            "counterexample": self.counterexample.to_data(),
            "correct": {
                "statement": self.correct.statement,
                "statement_text": self.correct.statement_text,
                "verified": self.correct.verified,
                "verdict": self.correct.verdict,
                "derivation": self.derivation,
                "cites": list(self.cites),
            },
        }


@dataclass(frozen=True)
class KernelCheck:
    """What a proof assistant's kernel said, or why it was not asked."""

    development: str
    run: bool
    reason: str = ""
    method: str = ""
    checker_version: str = ""
    theorems: tuple[str, ...] = ()
    ok: bool = False
    assumptions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    backend: str = "coq"
    """The registry backend (proofs.theory.statements.Backend value) whose names the
    development gives its theorems: how a document finds which statement each one proves."""

    def to_data(self) -> dict[str, Any]:
        """The certificate's kernel record (its timing is left out on purpose)."""
        if not self.run:
            return {
                "development": self.development,
                "backend": self.backend,
                "run": False,
                "reason": self.reason,
            }
        return {
            "development": self.development,
            "backend": self.backend,
            "run": True,
            "method": self.method,
            "coqc_version": self.checker_version,
            "theorems": sorted(self.theorems),
            "ok": self.ok,
            "assumptions": [
                {"theorem": name, "axioms": sorted(axioms)}
                for name, axioms in sorted(self.assumptions)
            ],
        }


@dataclass(frozen=True)
class Versions:
    """The versions the checks ran with."""

    python: str
    sympy: str
    hadamard: str

    def to_data(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return {"python": self.python, "sympy": self.sympy, "hadamard": self.hadamard}


@dataclass(frozen=True)
class Summary:
    """One verdict per kind of check; ``all`` is their conjunction."""

    steps_verified: bool
    wrong_variants_rejected: bool
    explicit_sizes_agree: bool
    definition_matches_sympy: bool
    matrix_calculus_agrees: bool
    corollaries_verified: bool
    erratum_confirmed: bool
    kernels_accept: bool | None
    """None when no kernel ran."""

    @property
    def all(self) -> bool:
        """Every check that ran passed."""
        return all(v for v in vars(self).values() if v is not None)

    def to_data(self) -> dict[str, Any]:
        """JSON-ready fields; a kernel verdict only when a kernel ran."""
        data = {k: v for k, v in vars(self).items() if k != "kernels_accept"}
        if self.kernels_accept is not None:
            data["coq_kernel_accepts"] = self.kernels_accept
        data["all"] = self.all
        return data


@dataclass(frozen=True)
class Certificate:
    """Every check `hadamard prove` ran, for the layouts asked for."""

    schema: str
    generated_by: str
    source: str
    layouts: tuple[Layout, ...]
    statement_sha256: str
    theorems: tuple[TheoremCheck, ...]
    definition: DefinitionCheck
    matrix_calculus: MatrixCalculusAnswer
    paths: tuple[PathTrial, ...]
    erratum: ErratumCheck
    kernels: tuple[KernelCheck, ...]
    versions: Versions

    @property
    def summary(self) -> Summary:
        """The verdicts, by kind of check."""
        ran = [k for k in self.kernels if k.run]
        return Summary(
            steps_verified=all(t.verified for t in self.theorems),
            wrong_variants_rejected=all(c.rejected for t in self.theorems for c in t.controls),
            explicit_sizes_agree=all(e.agrees for t in self.theorems for e in t.explicit),
            definition_matches_sympy=self.definition.agrees,
            matrix_calculus_agrees=any(p.worked for p in self.paths)
            and not any(p.status == "disagrees" for p in self.paths),
            corollaries_verified=all(c.holds for t in self.theorems for c in t.corollaries),
            erratum_confirmed=self.erratum.confirmed,
            kernels_accept=all(k.ok for k in ran) if ran else None,
        )

    def to_data(self) -> dict[str, Any]:
        """The certificate as JSON-ready data."""
        return {
            "schema": self.schema,
            "generated_by": self.generated_by,
            "source": self.source,
            "layouts": [layout.value for layout in self.layouts],
            "statement_sha256": self.statement_sha256,
            "theorems": [t.to_data() for t in self.theorems],
            "cross_checks": {
                "definition_6_1_1": self.definition.to_data(),
                "matrix_calculus": {
                    "symbolic_answer": self.matrix_calculus.to_data(),
                    "paths": [p.to_data() for p in self.paths],
                },
            },
            "erratum": self.erratum.to_data(),
            "kernels": [k.to_data() for k in self.kernels],
            "versions": self.versions.to_data(),
            "summary": self.summary.to_data(),
        }
