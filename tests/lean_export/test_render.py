"""The Lean visitor: precedence, the three levels, and loud failure on nodes it cannot render."""

from __future__ import annotations

import pytest

from hadamard import Layout
from lean_export.declarations import _leibniz_shape, declarations
from lean_export.printer import LeanRenderer, summands
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
    Neg,
    Partial,
    Scale,
    Times,
    Transpose,
    Vector,
    Zero,
)
from proofs.theory.statement import THEOREMS, Equation

X, Y = Vector("x"), Vector("y")
R = LeanRenderer()


@pytest.mark.parametrize(
    ("expr", "layout", "text"),
    [
        (Jacobian(Hadamard(X, Y)), Layout.DENOMINATOR, "jacobianDen (x * y) z"),
        (Jacobian(X), Layout.NUMERATOR, "jacobianNum x z"),
        (Diag(Hadamard(X, Y)), Layout.NUMERATOR, "Matrix.diagonal ((x * y) z)"),
        (
            MatMul(Add(Jacobian(X), Jacobian(Y)), Diag(X)),
            Layout.DENOMINATOR,
            "(jacobianDen x z + jacobianDen y z) * Matrix.diagonal (x z)",
        ),
        (
            Add(Jacobian(X), Add(Jacobian(Y), Zero())),
            Layout.DENOMINATOR,
            "jacobianDen x z + (jacobianDen y z + 0)",
        ),
        (Transpose(Jacobian(X)), Layout.DENOMINATOR, "(jacobianDen x z)ᵀ"),
        (
            Scale(2, MatMul(Diag(X), Jacobian(X))),
            Layout.NUMERATOR,
            "2 • (Matrix.diagonal (x z) * jacobianNum x z)",
        ),
        (
            MatMul(Neg(Jacobian(X)), Diag(Y)),
            Layout.DENOMINATOR,
            "(-(jacobianDen x z)) * Matrix.diagonal (y z)",
        ),
    ],
)
def test_matrix_rendering(expr: Expr, layout: Layout, text: str) -> None:
    assert R.matrix(expr, layout).text == text


def test_neg_is_parenthesized_as_a_factor() -> None:
    assert R.matrix(MatMul(Diag(X), Neg(Jacobian(Y))), Layout.NUMERATOR).text == (
        "Matrix.diagonal (x z) * (-(jacobianNum y z))"
    )


def test_entry_rendering_of_6_1_2() -> None:
    leibniz = THEOREMS[Layout.DENOMINATOR].steps[1]
    assert R.entry(leibniz.lhs, "z").text == "fderiv ℝ (fun w ↦ x w i * y w i) z (Pi.single j 1)"
    assert R.entry(leibniz.rhs, "z", linear=True).text == (
        "x z i • fderiv ℝ (fun w ↦ y w i) z + y z i • fderiv ℝ (fun w ↦ x w i) z"
    )
    assert R.entry(Component(Hadamard(X, Y), "i"), "z").text == "(x * y) z i"


def test_summands_flatten_only_the_left_spine() -> None:
    a, b, c = Jacobian(X), Jacobian(Y), Zero()
    assert summands(Add(Add(a, b), c)) == (a, b, c)
    assert summands(Add(a, Add(b, c))) == (a, Add(b, c))


@pytest.mark.parametrize(
    ("render", "node_name"),
    [
        (lambda: R.matrix(Apply("sigma", Vector("a")), Layout.DENOMINATOR), "Apply"),
        (lambda: R.matrix(Diag(Derivative("sigma", Vector("a"))), Layout.NUMERATOR), "Derivative"),
        (lambda: R.matrix(Component(X, "i"), Layout.NUMERATOR), "Component"),
        (lambda: R.entry(Jacobian(X), "z"), "Jacobian"),
        (lambda: R.function(Times(Component(X, "i"), Component(Y, "i"))), "Times"),
    ],
    ids=["apply", "derivative", "entry-as-matrix", "matrix-as-entry", "scalar-as-function"],
)
def test_unknown_nodes_raise_naming_the_node(render: object, node_name: str) -> None:
    assert callable(render)
    with pytest.raises(NotImplementedError, match=node_name):
        render()


def test_jacobian_with_respect_to_another_variable_is_refused() -> None:
    with pytest.raises(NotImplementedError, match="with respect to 'x'"):
        R.matrix(Jacobian(Hadamard(X, Y), wrt="x"), Layout.DENOMINATOR)


def test_partial_with_respect_to_another_variable_is_refused() -> None:
    with pytest.raises(NotImplementedError, match="Partial with respect to 'a'"):
        R.entry(Partial(Component(X, "i"), "a", "j"), "z")


def test_proof_template_refuses_a_statement_it_does_not_fit() -> None:
    leibniz = THEOREMS[Layout.DENOMINATOR].steps[1]
    assert isinstance(leibniz.rhs, Add)
    swapped = Equation(
        leibniz.label,
        leibniz.title,
        leibniz.lhs,
        Add(leibniz.rhs.right, leibniz.rhs.left),
        leibniz.layout,
        leibniz.rule,
    )
    assert _leibniz_shape(leibniz) == ("x", "y", "i")
    with pytest.raises(NotImplementedError, match="6-1-2 right side"):
        _leibniz_shape(swapped)


def test_every_theorem_of_the_issue_is_exported() -> None:
    names = [d.name for d in declarations()]
    assert names == [
        "jacobianDen",
        "jacobianNum",
        "hadamard_component",
        "fderiv_hadamard_component",
        THEOREMS[Layout.DENOMINATOR].name,
        THEOREMS[Layout.NUMERATOR].name,
        "constant_x_denominator",
        "constant_x_numerator",
        "transpose_denominator_form_eq_numerator_form",
    ]
