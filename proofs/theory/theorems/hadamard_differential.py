"""``hadamard_differential``: d(X ⊙ Y) = dX ⊙ Y + X ⊙ dY, for arrays of any shape, in no layout.

X and Y are array-valued functions of z with values of one shape, differentiable at z. The
differential needs no layout: both sides are arrays of X's shape, entry by entry.
"""

from __future__ import annotations

from proofs.theory.expr import Add, Array, Component, Differential, Hadamard, Times
from proofs.theory.statements import (
    Backend,
    Equation,
    Hypothesis,
    HypothesisKind,
    Role,
    Statement,
    Step,
    Theorem,
)

__all__ = ["THEOREM"]

X, Y = Array("X"), Array("Y")
K = "k"
XK, YK = Component(X, K), Component(Y, K)

_STEPS = (
    Step(
        Role.COMPONENT,
        "entry-wise definition of X ⊙ Y",
        Equation(Component(Hadamard(X, Y), K), Times(XK, YK), None),
        "definition of the Hadamard (element-wise) product, at any multi-index k",
        names={
            Backend.COQ: "hadamard_differential_component",
            Backend.MATHCOMP: "hadamard_differential_component",
            Backend.LEAN: "mul_apply_apply'",
        },
    ),
    Step(
        Role.LEIBNIZ,
        "Leibniz rule for the differential of X_k Y_k",
        Equation(
            Differential(Times(XK, YK)),
            Add(Times(Component(Differential(X), K), YK), Times(XK, Component(Differential(Y), K))),
            None,
        ),
        "scalar product (Leibniz) rule for the differential; d acts entry by entry",
        names={
            Backend.COQ: "leibniz_differential",
            Backend.MATHCOMP: "leibniz_differential",
            Backend.LEAN: "fderiv_fun_mul_apply",
        },
    ),
    Step(
        Role.MATRIX_FORM,
        "array form, for any shape",
        Equation(
            Differential(Hadamard(X, Y)),
            Add(Hadamard(Differential(X), Y), Hadamard(X, Differential(Y))),
            None,
        ),
        "entry k of each side is the Leibniz step",
        names={
            Backend.COQ: "hadamard_differential",
            Backend.MATHCOMP: "hadamard_differential",
            Backend.LEAN: "fderiv_mul_apply",
        },
    ),
)

THEOREM = Theorem(
    id="hadamard_differential",
    title="The differential of the Hadamard product",
    summary="d(X ⊙ Y) = dX ⊙ Y + X ⊙ dY, for arrays of any shape",
    hypotheses=(
        Hypothesis(HypothesisKind.FUNCTIONS_OF, ("X", "Y"), space="ℝ^M → ℝ^{n₁ × ⋯ × n_k}"),
        Hypothesis(HypothesisKind.DIFFERENTIABLE, ("X", "Y")),
    ),
    statements=(Statement(None, _STEPS),),
    subject=Differential(Hadamard(X, Y)),
    backends=frozenset({Backend.COQ, Backend.MATHCOMP, Backend.LEAN}),
)
