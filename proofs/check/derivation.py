"""Each registered theorem's derivation, every step checked by SymPy at symbolic sizes.

The steps are the registry's (6-1-1 → 6-1-2 → 6-1-3 for the seed's theorem), never restated
here; each becomes a :class:`proofs.check.records.StepCheck` whose ``verified`` is the verdict
of :func:`proofs.check.verify.decide` on it.
"""

from __future__ import annotations

from hadamard import Layout
from proofs.check.records import StepCheck
from proofs.check.verify import Verdict, decide
from proofs.printing.latex import equation_latex, equation_text
from proofs.theory.expr import Differential, Jacobian, Partial, walk
from proofs.theory.statements import Equation, Step, Theorem

__all__ = ["METHOD_TEMPLATE", "check_step", "derive", "method_text"]

METHOD_TEMPLATE = (
    "SymPy at symbolic sizes N and M (distinct positive integer symbols): both sides "
    "translated node by node (proofs.check.entries) to their generic {where} of shape {shape}, "
    "(x ⊙ y)_k read entry-wise as x_k·y_k{clauses}; the residue lhs − rhs expanded to 0 in "
    "each of {cases} case(s) of equality between the free indices."
)
DIFFERENTIAL_CLAUSE = (
    "; an array X of any shape read through one generic entry X_k (an undefined function of "
    "k), its differential dX_k = d/dt X_k(z(t)) along a path with any direction (named dX(k))"
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


def method_text(
    verdict: Verdict, equation: Equation, assumptions: tuple[Equation, ...] = ()
) -> str:
    """The METHOD_TEMPLATE with the clauses that apply to what ``verdict`` records."""
    clauses = ""
    nodes = walk(equation.lhs, equation.rhs)
    if any(isinstance(node, Jacobian | Partial) for node in nodes):
        clauses += DIFFERENTIATION_CLAUSE
    if any(isinstance(node, Differential) for node in nodes):
        clauses += DIFFERENTIAL_CLAUSE
    if verdict.sums:
        clauses += SUM_CLAUSE.format(sums=verdict.sums)
    if assumptions:
        labels = ", ".join(equation_text(a) for a in assumptions)
        clauses += ASSUMPTION_CLAUSE.format(labels=labels)
    return METHOD_TEMPLATE.format(
        where="entry" if verdict.shape not in ("", "1 × 1") else "scalar",
        shape=verdict.shape or "(none: the sides do not fit)",
        clauses=clauses,
        cases=verdict.cases,
    )


def check_step(step: Step, theorem: str) -> StepCheck:
    """``step`` of ``theorem`` (its id) checked at symbolic sizes, as a record."""
    equation = step.equation
    verdict = decide(equation)
    return StepCheck(
        theorem=theorem,
        role=step.role,
        label=step.label,
        layout=equation.layout,
        title=step.title,
        statement=equation_latex(equation),
        statement_text=equation_text(equation),
        rule=step.rule,
        method=method_text(verdict, equation),
        verified=verdict.holds,
        verdict=verdict.reason,
        lhs_entry=verdict.lhs_entry,
        rhs_entry=verdict.rhs_entry,
        rhs_unevaluated=verdict.rhs_unevaluated,
    )


def derive(theorem: Theorem, layout: Layout | None) -> tuple[StepCheck, ...]:
    """Every step of ``theorem`` in ``layout`` (its only statement if layout-free), checked."""
    return tuple(check_step(step, theorem.id) for step in theorem.statement(layout).steps)
