"""``hadamard_product``: ∂(x ⊙ y)/∂z in both layouts, the chapter's 6-1-1 → 6-1-3, and its erratum.

For x, y : ℝ^M → ℝ^N differentiable at z, in the denominator layout (∂y/∂z is M × N)
∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y), and in the numerator layout (N × M)
diag(x) ∂y/∂z + diag(y) ∂x/∂z. The source chapter declares the denominator layout but prints
the numerator form: that is the erratum stated here.
"""

from __future__ import annotations

from hadamard import Layout
from proofs.theory.expr import (
    Add,
    Apply,
    Component,
    Derivative,
    Diag,
    Expr,
    Hadamard,
    Jacobian,
    MatMul,
    Partial,
    Scale,
    Times,
    Transpose,
    Vector,
    Zero,
)
from proofs.theory.statements import (
    Backend,
    Corollary,
    Equation,
    Erratum,
    Hypothesis,
    HypothesisKind,
    Role,
    Statement,
    Step,
    Theorem,
)

__all__ = ["ERRATUM", "SOURCE", "THEOREM", "correct_form"]

SOURCE = "Proofs, Chapter 6: Hadamard Product Derivatives, section 6.1"
"""Where equations 6-1-1, 6-1-2 and 6-1-3 come from (shared/seed/ in the project's tree)."""

X, Y, A, G = Vector("x"), Vector("y"), Vector("a"), Vector("g")
I_, J_ = "i", "j"
XI, YI = Component(X, I_), Component(Y, I_)

HYPOTHESES = (
    Hypothesis(HypothesisKind.FUNCTIONS_OF, ("x", "y"), space="ℝ^M → ℝ^N"),
    Hypothesis(HypothesisKind.DIFFERENTIABLE, ("x", "y")),
)

MATRIX_FORM_RULE = {
    Layout.DENOMINATOR: (
        "entry (j, i): (∂y/∂z diag(x))_{j,i} = Σ_k (∂y/∂z)_{j,k} δ_{k,i} x_k = x_i ∂y_i/∂z_j"
    ),
    Layout.NUMERATOR: (
        "entry (i, j): (diag(x) ∂y/∂z)_{i,j} = Σ_k δ_{i,k} x_k (∂y/∂z)_{k,j} = x_i ∂y_i/∂z_j"
    ),
}


MATHCOMP_NAMES = {
    Layout.DENOMINATOR: "jacobian_hadamard",
    Layout.NUMERATOR: "trmx_jacobian_hadamard",
}
"""MathComp-Analysis's 'J is the denominator layout; the numerator form is its transpose."""


def correct_form(layout: Layout) -> Expr:
    """The right-hand side of 6-1-3 in ``layout``."""
    if layout is Layout.DENOMINATOR:
        return Add(MatMul(Jacobian(Y), Diag(X)), MatMul(Jacobian(X), Diag(Y)))
    return Add(MatMul(Diag(X), Jacobian(Y)), MatMul(Diag(Y), Jacobian(X)))


def _statement(layout: Layout) -> Statement:
    return Statement(
        layout,
        (
            Step(
                Role.COMPONENT,
                "component-wise definition of x ⊙ y",
                Equation(Component(Hadamard(X, Y), I_), Times(XI, YI), layout),
                "definition of the Hadamard (element-wise) product",
                names={
                    Backend.COQ: "hadamard_component_6_1_1",
                    Backend.MATHCOMP: "hadamard_component",
                    Backend.LEAN: "mul_apply_apply",
                },
                seed_label="6-1-1",
            ),
            Step(
                Role.LEIBNIZ,
                "Leibniz rule on x_i y_i with respect to z_j",
                Equation(
                    Partial(Times(XI, YI), "z", J_),
                    Add(Times(XI, Partial(YI, "z", J_)), Times(YI, Partial(XI, "z", J_))),
                    layout,
                ),
                "scalar product (Leibniz) rule for ∂/∂z_j",
                names={
                    Backend.COQ: "leibniz_6_1_2",
                    Backend.MATHCOMP: "leibniz_component",
                    Backend.LEAN: "fderiv_fun_mul_apply_single",
                },
                seed_label="6-1-2",
            ),
            Step(
                Role.MATRIX_FORM,
                f"matrix form in the {layout.value} layout",
                Equation(Jacobian(Hadamard(X, Y)), correct_form(layout), layout),
                MATRIX_FORM_RULE[layout],
                names={
                    Backend.COQ: f"hadamard_derivative_{layout.value}",
                    Backend.MATHCOMP: MATHCOMP_NAMES[layout],
                    Backend.LEAN: "jacobianDen_mul"
                    if layout is Layout.DENOMINATOR
                    else "jacobianNum_mul",
                },
                seed_label="6-1-3",
            ),
        ),
    )


def _corollaries(layout: Layout) -> tuple[Corollary, ...]:
    den = layout is Layout.DENOMINATOR
    return (
        Corollary(
            id=f"constant_x_{layout.value}",
            title="x constant in z (the chapter's Note, in this layout)",
            hypotheses=(
                Hypothesis(
                    HypothesisKind.CONSTANT,
                    ("x",),
                    equation=Equation(Jacobian(X), Zero(), layout),
                ),
            ),
            statement=Equation(
                Jacobian(Hadamard(X, Y)),
                MatMul(Jacobian(Y), Diag(X)) if den else MatMul(Diag(X), Jacobian(Y)),
                layout,
            ),
            rule="6-1-3 with ∂x/∂z = O",
            names={
                Backend.COQ: f"constant_x_{layout.value}",
                Backend.LEAN: "jacobianDen_mul_of_jacobianDen_eq_zero"
                if den
                else "jacobianNum_mul_of_jacobianNum_eq_zero",
                **({Backend.MATHCOMP: "jacobian_hadamard_constant_x"} if den else {}),
            },
            label="6-1-3 with ∂x/∂z = O",
        ),
        Corollary(
            id=f"square_{layout.value}",
            title="y = x: the derivative of x ⊙ x",
            hypotheses=(),
            statement=Equation(
                Jacobian(Hadamard(X, X)),
                Scale(2, MatMul(Jacobian(X), Diag(X)) if den else MatMul(Diag(X), Jacobian(X))),
                layout,
            ),
            rule="6-1-3 with y = x",
            label="6-1-3 with y = x",
        ),
        Corollary(
            id=f"elementwise_map_{layout.value}",
            title="an element-wise map σ applied to a",
            hypotheses=(),
            statement=Equation(
                Jacobian(Apply("sigma", A), wrt="a"), Diag(Derivative("sigma", A)), layout
            ),
            rule="6-1-2 with x_i = σ(a_i) depending on a_i alone",
            label="σ element-wise",
        ),
        Corollary(
            id=f"backprop_{layout.value}",
            title="the gradient through ⊙ (the backprop form)",
            hypotheses=(),
            statement=Equation(
                MatMul(Jacobian(Hadamard(X, Y), wrt="x"), G)
                if den
                else MatMul(Transpose(G), Jacobian(Hadamard(X, Y), wrt="x")),
                Hadamard(G, Y) if den else Transpose(Hadamard(G, Y)),
                layout,
            ),
            rule="chain rule with ∂(x ⊙ y)/∂x = diag(y), y held fixed",
            label="backprop",
        ),
    )


_STATEMENTS = (_statement(Layout.DENOMINATOR), _statement(Layout.NUMERATOR))

ERRATUM = Erratum(
    label="6-1-3",
    source=SOURCE,
    declared_layout=Layout.DENOMINATOR,
    printed=Equation(Jacobian(Hadamard(X, Y)), correct_form(Layout.NUMERATOR), Layout.DENOMINATOR),
    correct=_STATEMENTS[0].conclusion,
    explanation=(
        "The chapter declares the denominator layout (∂y/∂z is M × N) but prints the "
        "numerator-layout form diag(x) ∂y/∂z + diag(y) ∂x/∂z. In the denominator layout that "
        "product is undefined when M ≠ N (N × N times M × N) and wrong when M = N (it scales "
        "row j by x_j instead of column i by x_i). The correct form there is "
        "∂y/∂z diag(x) + ∂x/∂z diag(y)."
    ),
)

THEOREM = Theorem(
    id="hadamard_product",
    title="The derivative of the Hadamard product",
    summary="∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y) (denominator layout)",
    hypotheses=HYPOTHESES,
    statements=_STATEMENTS,
    subject=Jacobian(Hadamard(X, Y)),
    backends=frozenset({Backend.COQ, Backend.MATHCOMP, Backend.LEAN}),
    corollaries=(*_corollaries(Layout.DENOMINATOR), *_corollaries(Layout.NUMERATOR)),
    errata=(ERRATUM,),
)
