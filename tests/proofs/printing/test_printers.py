"""LaTeX/Unicode visitor over proofs.theory.expr nodes, and the prose escaper."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hadamard import Layout
from proofs.printing.latex import equation_latex, equation_text, latex, text, text_latex
from proofs.printing.plain import plain_text
from proofs.theory.expr import (
    Add,
    Apply,
    Array,
    Derivative,
    Diag,
    Differential,
    Expr,
    Hadamard,
    Jacobian,
    MatMul,
    Neg,
    Transpose,
    Vector,
)
from proofs.theory.registry import ERRATUM, theorem

X, Y = Vector("x"), Vector("y")
MAIN = theorem("hadamard_product")


def test_denominator_conclusion_in_latex() -> None:
    assert equation_latex(MAIN.statement(Layout.DENOMINATOR).conclusion.equation) == (
        r"\frac{\partial \left(\boldsymbol{x} \odot \boldsymbol{y}\right)}{\partial "
        r"\boldsymbol{z}} = \frac{\partial \boldsymbol{y}}{\partial \boldsymbol{z}} "
        r"\mathrm{diag}(\boldsymbol{x}) + \frac{\partial \boldsymbol{x}}{\partial "
        r"\boldsymbol{z}} \mathrm{diag}(\boldsymbol{y})"
    )


def test_printed_erratum_in_text() -> None:
    assert equation_text(ERRATUM.printed) == "∂(x ⊙ y)/∂z = diag(x) ∂y/∂z + diag(y) ∂x/∂z"


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (Add(X, Neg(Y)), "x − y"),
        (Transpose(MatMul(X, Y)), "(x y)ᵀ"),
        (MatMul(Diag(X), Add(X, Y)), "diag(x) (x + y)"),
        (Jacobian(Apply("sigma", Vector("a")), wrt="a"), "∂σ(a)/∂a"),
        (Diag(Derivative("sigma", Vector("a"))), "diag(σ'(a))"),
        (Apply("tanh", X), r"\operatorname{tanh}(x)"),
    ],
)
def test_operators_and_parentheses(expr: Expr, expected: str) -> None:
    assert text(expr) == expected


def test_unknown_node_is_named() -> None:
    @dataclass(frozen=True)
    class Mystery:
        """Not a node of proofs.theory.expr."""

    # mypy rejects the call; at run time the exhaustive dispatch names what it got.
    with pytest.raises(AssertionError, match="Mystery"):
        latex(Mystery())  # type: ignore[arg-type]


def test_text_latex_escapes_and_refuses_unknown_characters() -> None:
    assert text_latex("x_i ∂y_i & 50%") == r"x\_i $\partial$y\_i \& 50\%"
    with pytest.raises(ValueError, match="'☃'"):
        text_latex("snow ☃")


def test_the_differential_is_printed_in_every_notation() -> None:
    form = theorem("hadamard_differential").statements[0].conclusion.equation
    assert equation_text(form) == "d(X ⊙ Y) = dX ⊙ Y + X ⊙ dY"
    assert equation_latex(form) == (
        r"\mathrm{d}\left(\boldsymbol{X} \odot \boldsymbol{Y}\right) = "
        r"\mathrm{d}\boldsymbol{X} \odot \boldsymbol{Y} + "
        r"\boldsymbol{X} \odot \mathrm{d}\boldsymbol{Y}"
    )
    assert plain_text(form.rhs) == "dX * Y + X * dY"


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (Neg(MatMul(X, Y)), "-(x @ y)"),
        (MatMul(Neg(X), Y), "-x @ y"),
        (Hadamard(X, Neg(Y)), "x * -y"),
        (Add(X, Neg(Add(X, Y))), "x - (x + y)"),
        (Transpose(Neg(X)), "(-x).T"),
        (Differential(Hadamard(Array("X"), Array("Y"))), "d(X * Y)"),
    ],
)
def test_the_plain_printer_follows_numpy_precedence(expr: Expr, expected: str) -> None:
    assert plain_text(expr) == expected


def test_the_plain_printer_names_a_node_it_has_no_notation_for() -> None:
    with pytest.raises(NotImplementedError, match="plain printer has no notation for Component"):
        plain_text(MAIN.statement(Layout.DENOMINATOR).steps[0].equation.lhs)
