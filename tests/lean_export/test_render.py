"""The Lean visitor: precedence, the four levels, and loud failure on nodes it cannot render."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hadamard import Layout
from lean_export.printer import LeanRenderer, Term, summands
from proofs.theory.expr import (
    Add,
    Apply,
    Array,
    Component,
    Derivative,
    Diag,
    Differential,
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
from proofs.theory.registry import theorem
from proofs.theory.statements import Role

X, Y = Vector("x"), Vector("y")
A, B = Array("X"), Array("Y")
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


def test_a_three_factor_product_needs_no_parentheses() -> None:
    xyw = Hadamard(Hadamard(X, Y), Vector("w"))
    assert R.function(xyw).text == "x * y * w"
    assert R.matrix(Jacobian(xyw), Layout.DENOMINATOR).text == "jacobianDen (x * y * w) z"


def test_entry_rendering_of_the_leibniz_step() -> None:
    leibniz = theorem("hadamard_product").statement(Layout.DENOMINATOR).step(Role.LEIBNIZ)
    assert R.entry(leibniz.equation.lhs).text == (
        "fderiv ℝ (fun v ↦ x v i * y v i) z (Pi.single j 1)"
    )
    assert R.entry(leibniz.equation.rhs).text == (
        "x z i * fderiv ℝ (fun v ↦ y v i) z (Pi.single j 1) + "
        "y z i * fderiv ℝ (fun v ↦ x v i) z (Pi.single j 1)"
    )
    assert R.entry(Component(Hadamard(X, Y), "i")).text == "(x * y) z i"


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (Differential(Hadamard(A, B)), "fderiv ℝ (X * Y) z h"),
        (
            Add(Hadamard(Differential(A), B), Hadamard(A, Differential(B))),
            "fderiv ℝ X z h * Y z + X z * fderiv ℝ Y z h",
        ),
        (Hadamard(A, B), "(X * Y) z"),
    ],
)
def test_array_rendering(expr: Expr, text: str) -> None:
    assert R.array(expr).text == text


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (Component(Differential(A), "k"), "fderiv ℝ X z h k"),
        (
            Differential(Times(Component(A, "k"), Component(B, "k"))),
            "fderiv ℝ (fun v ↦ X v k * Y v k) z h",
        ),
        (Component(Hadamard(Differential(A), B), "k"), "(fderiv ℝ X z h * Y z) k"),
    ],
)
def test_entries_of_differentials(expr: Expr, text: str) -> None:
    assert R.entry(expr).text == text


def test_terms_know_their_precedence() -> None:
    assert Term("x * y", 70).arg() == "(x * y)"
    assert Term("x", 1024).applied("z").text == "x z"


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
        (lambda: R.entry(Jacobian(X)), "Jacobian"),
        (lambda: R.function(Times(Component(X, "i"), Component(Y, "i"))), "Times"),
        (lambda: R.matrix(Differential(A), Layout.DENOMINATOR), "Differential"),
        (lambda: R.function(Add(X, Y)), "Add"),
    ],
    ids=[
        "apply",
        "derivative",
        "entry-as-matrix",
        "matrix-as-entry",
        "scalar-as-function",
        "differential-as-matrix",
        "sum-as-function",
    ],
)
def test_unknown_nodes_raise_naming_the_node(render: Callable[[], Term], node_name: str) -> None:
    with pytest.raises(NotImplementedError, match=node_name):
        render()


def test_jacobian_with_respect_to_another_variable_is_refused() -> None:
    with pytest.raises(NotImplementedError, match="with respect to 'x'"):
        R.matrix(Jacobian(Hadamard(X, Y), wrt="x"), Layout.DENOMINATOR)


def test_partial_with_respect_to_another_variable_is_refused() -> None:
    with pytest.raises(NotImplementedError, match="Partial with respect to 'a'"):
        R.entry(Partial(Component(X, "i"), "a", "j"))


def test_a_derivative_inside_a_derivative_is_refused() -> None:
    inner = Partial(Component(X, "i"), "z", "j")
    with pytest.raises(NotImplementedError, match="inside a function of 'v'"):
        R.entry(Partial(Times(inner, Component(Y, "i")), "z", "j"))
