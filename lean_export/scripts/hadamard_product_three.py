"""Lean proofs of ``hadamard_product_three``: the product rule twice, then entrywise matrix forms.

The component step is Mathlib's definition of the Pi product, twice. The Leibniz step applies
``HasFDerivAt.mul`` to ``x_i y_i`` and then to ``(x_i y_i) w_i``; ``ring`` puts the three terms
in the registry's order. Each matrix form is proved entrywise, as for two factors.
"""

from __future__ import annotations

from lean_export.proof import Goal, ProofScript
from lean_export.tactics import SIMP_SMUL, by_definition, entrywise_matrix_form
from proofs.theory.statements import Role

__all__ = ["SCRIPT"]


def leibniz(goal: Goal) -> str:
    """The product rule on (x_i y_i) w_i, where x_i y_i has its own derivative from the rule."""
    x, y, w = goal.subjects
    z = goal.names.point
    hx, hy, hw = (f"(DifferentiableAt.hasFDerivAt {goal.entry_hyp(s)})" for s in (x, y, w))
    return "\n".join(
        [
            goal.entry_differentiable(x),
            goal.entry_differentiable(y),
            goal.entry_differentiable(w),
            f"have hderiv : HasFDerivAt ({goal.product(x, y, w)})",
            f"    (({goal.value(x)} * {goal.value(y)}) • {goal.derivative(w)} +",
            f"      {goal.value(w)} • ({goal.value(x)} • {goal.derivative(y)} + "
            f"{goal.value(y)} • {goal.derivative(x)})) {z} :=",
            "  HasFDerivAt.mul",
            f"    (HasFDerivAt.mul {hx} {hy})",
            f"    {hw}",
            "rw [HasFDerivAt.fderiv hderiv]",
            SIMP_SMUL,
            "ring",
        ]
    )


SCRIPT = ProofScript(
    steps={
        Role.COMPONENT: by_definition,
        Role.LEIBNIZ: leibniz,
        Role.MATRIX_FORM: entrywise_matrix_form,
    },
)
