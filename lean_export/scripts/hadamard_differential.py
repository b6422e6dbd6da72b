"""Lean proofs of ``hadamard_differential``: d(X ⊙ Y) = dX ⊙ Y + X ⊙ dY, entry by entry.

Arrays of any shape are functions ``(Fin M → ℝ) → ι → ℝ`` for a finite index type ``ι``
(``Fin P × Fin Q`` for matrices, and so on). A first lemma says that d acts entry by entry: the
derivative of ``fun v ↦ X v k`` is entry ``k`` of the derivative of ``X`` (Mathlib's
``hasFDerivAt_pi'``). The Leibniz step is then ``HasFDerivAt.mul`` on the entries, and the array
form follows entrywise (``funext``), with ``DifferentiableAt.mul`` for ``X * Y`` (``ι → ℝ`` is a
normed commutative ring when ``ι`` is finite).
"""

from __future__ import annotations

from lean_export.printer import Level
from lean_export.proof import Goal, ProofScript
from lean_export.statements import Declaration
from lean_export.tactics import SIMP_SMUL, by_definition, product_rule
from proofs.theory.expr import Component, Differential, Hadamard
from proofs.theory.statements import Equation, Role

__all__ = ["ENTRY_LEMMA", "SCRIPT"]

ENTRY_LEMMA = "fderiv_pi_apply"
"""d acts entry by entry: `fderiv ℝ (fun v ↦ X v k) z h = fderiv ℝ X z h k`."""


def entry_lemma(goal: Goal) -> tuple[Declaration, ...]:
    """The derivative of an entry is that entry of the derivative (for a differentiable X)."""
    subject, *_ = goal.subjects
    node = goal.statements.subjects[subject]
    k = goal.output_index
    equation = Equation(Differential(Component(node, k)), Component(Differential(node), k), None)
    proof = "\n".join(
        [
            f"rw [HasFDerivAt.fderiv (hasFDerivAt_pi'.1 "
            f"(DifferentiableAt.hasFDerivAt {goal.hyp(subject)}) {k}),",
            "  ContinuousLinearMap.comp_apply, ContinuousLinearMap.proj_apply]",
        ]
    )
    doc = (
        "The differential acts entry by entry: the derivative of the entry `k` of an "
        "array-valued function is the entry `k` of its derivative."
    )
    return (
        goal.statements.declaration(
            ENTRY_LEMMA,
            equation,
            Level.ENTRY,
            summary="the differential acts entry by entry",
            doc=doc,
            proof=proof,
        ),
    )


def leibniz(goal: Goal) -> str:
    """``HasFDerivAt.mul`` on the entries, then each entry derivative as an entry of dX, dY."""
    x, y = goal.subjects
    k, h = goal.output_index, goal.names.direction
    return "\n".join(
        [
            *product_rule(goal, x, y),
            f"rw [HasFDerivAt.fderiv hderiv, ← {ENTRY_LEMMA} {goal.hyp(x)} {k} {h}, "
            f"← {ENTRY_LEMMA} {goal.hyp(y)} {k} {h}]",
            SIMP_SMUL,
            "ring",
        ]
    )


def array_form(goal: Goal) -> str:
    """Entry k of each side is the Leibniz step, once d(X ⊙ Y)_k is d of (X ⊙ Y)_k."""
    x, y = goal.subjects
    k, z, h, r = goal.output_index, goal.names.point, goal.names.direction, goal.names.scalar
    nodes = goal.statements.subjects
    product = goal.statements.r.function(Hadamard(nodes[x], nodes[y])).text
    hxy = f"{goal.hyp(x)}{y}"
    return "\n".join(
        [
            f"have {hxy} : DifferentiableAt {r} ({product}) {z} := "
            f"DifferentiableAt.mul {goal.hyp(x)} {goal.hyp(y)}",
            f"funext {k}",
            f"rw [← {ENTRY_LEMMA} {hxy} {k} {h}]",
            "simp only [Pi.add_apply, Pi.mul_apply]",
            f"exact {goal.name(Role.LEIBNIZ)} {goal.hyps()} {k} {h}",
        ]
    )


SCRIPT = ProofScript(
    steps={Role.COMPONENT: by_definition, Role.LEIBNIZ: leibniz, Role.MATRIX_FORM: array_form},
    lemmas=entry_lemma,
)
