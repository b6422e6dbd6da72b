"""``hadamard_product_three``: ∂(x ⊙ y ⊙ w)/∂z, the rule for three factors, in both layouts.

For x, y, w : ℝ^M → ℝ^N differentiable at z, in the denominator layout
∂(x ⊙ y ⊙ w)/∂z = ∂x/∂z diag(y ⊙ w) + ∂y/∂z diag(x ⊙ w) + ∂w/∂z diag(x ⊙ y), and in the
numerator layout diag(y ⊙ w) ∂x/∂z + diag(x ⊙ w) ∂y/∂z + diag(x ⊙ y) ∂w/∂z.
"""

from __future__ import annotations

from hadamard import Layout
from proofs.theory.expr import (
    Add,
    Component,
    Diag,
    Expr,
    Hadamard,
    Jacobian,
    MatMul,
    Partial,
    Times,
    Vector,
)
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

X, Y, W = Vector("x"), Vector("y"), Vector("w")
I_, J_ = "i", "j"
XI, YI, WI = Component(X, I_), Component(Y, I_), Component(W, I_)
# Each factor with the product of the other two, in the order the matrix form lists them.
TERMS: tuple[tuple[Vector, Expr], ...] = (
    (X, Hadamard(Y, W)),
    (Y, Hadamard(X, W)),
    (W, Hadamard(X, Y)),
)


def _matrix_form(layout: Layout) -> Expr:
    den = layout is Layout.DENOMINATOR
    first, second, third = (
        MatMul(Jacobian(f), Diag(rest)) if den else MatMul(Diag(rest), Jacobian(f))
        for f, rest in TERMS
    )
    return Add(Add(first, second), third)


def _statement(layout: Layout) -> Statement:
    product = Times(Times(XI, YI), WI)
    leibniz = Add(
        Add(
            Times(Times(YI, WI), Partial(XI, "z", J_)),
            Times(Times(XI, WI), Partial(YI, "z", J_)),
        ),
        Times(Times(XI, YI), Partial(WI, "z", J_)),
    )
    return Statement(
        layout,
        (
            Step(
                Role.COMPONENT,
                "component-wise definition of x ⊙ y ⊙ w",
                Equation(Component(Hadamard(Hadamard(X, Y), W), I_), product, layout),
                "definition of the Hadamard (element-wise) product, twice",
                names={
                    Backend.COQ: "hadamard3_component",
                    Backend.MATHCOMP: "hadamard3_component",
                    Backend.LEAN: "mul_mul_apply_apply",
                },
            ),
            Step(
                Role.LEIBNIZ,
                "Leibniz rule on x_i y_i w_i with respect to z_j",
                Equation(Partial(product, "z", J_), leibniz, layout),
                "scalar product (Leibniz) rule for ∂/∂z_j, applied twice",
                names={
                    Backend.COQ: "leibniz3",
                    Backend.MATHCOMP: "leibniz3_component",
                    Backend.LEAN: "fderiv_fun_mul_mul_apply_single",
                },
            ),
            Step(
                Role.MATRIX_FORM,
                f"matrix form in the {layout.value} layout",
                Equation(Jacobian(Hadamard(Hadamard(X, Y), W)), _matrix_form(layout), layout),
                "each term's entry collapses as in 6-1-3: (∂x/∂z diag(y ⊙ w))_{j,i} = "
                "y_i w_i ∂x_i/∂z_j"
                if layout is Layout.DENOMINATOR
                else "each term's entry collapses as in 6-1-3: (diag(y ⊙ w) ∂x/∂z)_{i,j} = "
                "y_i w_i ∂x_i/∂z_j",
                names={
                    Backend.COQ: f"hadamard3_derivative_{layout.value}",
                    Backend.MATHCOMP: (
                        "jacobian_hadamard3"
                        if layout is Layout.DENOMINATOR
                        else "trmx_jacobian_hadamard3"
                    ),
                    Backend.LEAN: "jacobianDen_mul_mul"
                    if layout is Layout.DENOMINATOR
                    else "jacobianNum_mul_mul",
                },
            ),
        ),
    )


THEOREM = Theorem(
    id="hadamard_product_three",
    title="The derivative of a Hadamard product of three factors",
    summary="∂(x ⊙ y ⊙ w)/∂z = ∂x/∂z diag(y ⊙ w) + ∂y/∂z diag(x ⊙ w) + ∂w/∂z diag(x ⊙ y)",
    hypotheses=(
        Hypothesis(HypothesisKind.FUNCTIONS_OF, ("x", "y", "w"), space="ℝ^M → ℝ^N"),
        Hypothesis(HypothesisKind.DIFFERENTIABLE, ("x", "y", "w")),
    ),
    statements=(_statement(Layout.DENOMINATOR), _statement(Layout.NUMERATOR)),
    subject=Jacobian(Hadamard(Hadamard(X, Y), W)),
    backends=frozenset({Backend.COQ, Backend.MATHCOMP, Backend.LEAN}),
)
