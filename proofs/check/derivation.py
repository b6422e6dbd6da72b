"""The derivation 6-1-1 → 6-1-2 → 6-1-3 in each layout, each step checked by SymPy at symbolic N, M.

The steps are THEOREMS[layout].steps from proofs.theory.statement, never restated here; each
becomes a :class:`Step` whose ``verified`` is the verdict of
:func:`proofs.check.verify.decide` on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hadamard import Layout
from proofs.check.entries import walk
from proofs.check.verify import Verdict, decide
from proofs.printing.latex import equation_latex
from proofs.theory.expr import Jacobian, Partial
from proofs.theory.statement import THEOREMS, Equation

__all__ = ["METHOD_TEMPLATE", "Step", "check_step", "derive"]

METHOD_TEMPLATE = (
    "SymPy at symbolic sizes N and M (distinct positive integer symbols): both sides "
    "translated node by node (proofs.check.entries) to their generic {where} of shape {shape}, "
    "(x ⊙ y)_k read entry-wise as x_k·y_k{clauses}; the residue lhs − rhs expanded to 0 in "
    "each of {cases} case(s) of equality between the free indices."
)
DIFFERENTIATION_CLAUSE = (
    "; x_k, y_k undefined functions, differentiated with respect to z_j by sympy.diff as "
    "x(k, z_j) (∂x_k/∂z_j then named dx_dz(k, j))"
)
SUM_CLAUSE = (
    "; {sums} matrix product(s) as sympy.Sum over k = 1..N or 1..M with symbolic bound, "
    "diag(v) as KroneckerDelta(r, c)·v_r, evaluated by Sum.doit() with the range conditions "
    "it returns discharged from 1 ≤ index ≤ size"
)
ASSUMPTION_CLAUSE = "; the assumption(s) {labels} applied as a rewrite of their unknown"
"""How a step was verified; filled from what the check actually did."""


@dataclass(frozen=True)
class Step:
    """One checked step of the derivation."""

    label: str
    layout: Layout
    title: str
    statement: str
    rule: str
    method: str
    verified: bool
    verdict: str
    lhs_entry: str
    rhs_entry: str
    rhs_unevaluated: str

    def to_data(self) -> dict[str, Any]:
        """JSON-ready fields (the certificate's step record)."""
        return {
            "label": self.label,
            "layout": self.layout.value,
            "title": self.title,
            "statement": self.statement,
            "rule": self.rule,
            "method": self.method,
            "verified": self.verified,
            "verdict": self.verdict,
            "lhs_entry": self.lhs_entry,
            "rhs_entry": self.rhs_entry,
            "rhs_entry_as_written": self.rhs_unevaluated,
        }


def method_text(
    verdict: Verdict, equation: Equation, assumptions: tuple[Equation, ...] = ()
) -> str:
    """The METHOD_TEMPLATE with the clauses that apply to what ``verdict`` records."""
    clauses = ""
    if any(isinstance(node, Jacobian | Partial) for node in walk(equation.lhs, equation.rhs)):
        clauses += DIFFERENTIATION_CLAUSE
    if verdict.sums:
        clauses += SUM_CLAUSE.format(sums=verdict.sums)
    if assumptions:
        clauses += ASSUMPTION_CLAUSE.format(labels=", ".join(a.label for a in assumptions))
    return METHOD_TEMPLATE.format(
        where="entry" if verdict.shape not in ("", "1 × 1") else "scalar",
        shape=verdict.shape or "(none: the sides do not fit)",
        clauses=clauses,
        cases=verdict.cases,
    )


def check_step(equation: Equation, assumptions: tuple[Equation, ...] = ()) -> Step:
    """``equation`` checked at symbolic sizes, as a step record."""
    verdict = decide(equation, assumptions=assumptions)
    return Step(
        label=equation.label,
        layout=equation.layout,
        title=equation.title,
        statement=equation_latex(equation),
        rule=equation.rule,
        method=method_text(verdict, equation, assumptions),
        verified=verdict.holds,
        verdict=verdict.reason,
        lhs_entry=verdict.lhs_entry,
        rhs_entry=verdict.rhs_entry,
        rhs_unevaluated=verdict.rhs_unevaluated,
    )


def derive(layout: Layout) -> tuple[Step, ...]:
    """Steps 6-1-1, 6-1-2, 6-1-3 of the theorem in ``layout``, each checked."""
    return tuple(check_step(step) for step in THEOREMS[layout].steps)
