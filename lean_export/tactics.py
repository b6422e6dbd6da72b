"""Proof fragments that several theorems' Lean proof scripts share (never statements)."""

from __future__ import annotations

from hadamard import Layout
from lean_export.proof import Goal
from proofs.theory.statements import Role

__all__ = ["SIMP_SMUL", "by_definition", "entrywise_matrix_form", "product_rule"]

SIMP_SMUL = "simp only [ContinuousLinearMap.add_apply, ContinuousLinearMap.smul_apply, smul_eq_mul]"
"""Evaluates a linear map `(a • L + b • M)` at a vector `e` to `a * L e + b * M e`."""


def product_rule(goal: Goal, x: str, y: str) -> list[str]:
    """``hderiv``: the derivative of ``fun v ↦ x v i * y v i`` by ``HasFDerivAt.mul``, which gives
    `x z i • Dy + y z i • Dx` (the value of the first factor times the derivative of the second,
    first), from the differentiability of each entry."""
    z = goal.names.point
    return [
        goal.entry_differentiable(x),
        goal.entry_differentiable(y),
        f"have hderiv : HasFDerivAt ({goal.product(x, y)})",
        f"    ({goal.value(x)} • {goal.derivative(y)} + "
        f"{goal.value(y)} • {goal.derivative(x)}) {z} :=",
        f"  HasFDerivAt.mul (DifferentiableAt.hasFDerivAt {goal.entry_hyp(x)}) "
        f"(DifferentiableAt.hasFDerivAt {goal.entry_hyp(y)})",
    ]


def by_definition(goal: Goal) -> str:  # noqa: ARG001 - every proof takes its goal
    """A component step is Mathlib's definition of the Pi product: `(x * y) z i = x z i * y z i`."""
    return "rfl"


def entrywise_matrix_form(goal: Goal) -> str:
    """A matrix form entrywise: each entry of a product with a diagonal matrix is one term
    (``Matrix.mul_diagonal`` / ``Matrix.diagonal_mul``), which the Leibniz step gives up to
    the order of factors and terms (``ring``)."""
    i, j = goal.output_index, goal.input_index
    if goal.layout is Layout.DENOMINATOR:
        entry, collapse, unfold = f"{j} {i}", "Matrix.mul_diagonal", "jacobianDen_apply"
    else:
        entry, collapse, unfold = f"{i} {j}", "Matrix.diagonal_mul", "jacobianNum_apply"
    return "\n".join(
        [
            f"ext {entry}",
            f"simp only [Matrix.add_apply, {collapse}, {unfold}, Pi.mul_apply]",
            f"exact Eq.trans ({goal.name(Role.LEIBNIZ)} {goal.hyps()} {i} {j}) (by ring)",
        ]
    )
