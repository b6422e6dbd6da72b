"""LaTeX/Unicode visitor over proofs.theory.expr nodes, and the prose escaper."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hadamard import Layout
from proofs.printing.latex import equation_latex, equation_text, latex, text, text_latex
from proofs.theory.expr import (
    Add,
    Apply,
    Derivative,
    Diag,
    Expr,
    Jacobian,
    MatMul,
    Neg,
    Transpose,
    Vector,
)
from proofs.theory.statement import ERRATUM, THEOREMS

X, Y = Vector("x"), Vector("y")


def test_denominator_conclusion_in_latex() -> None:
    assert equation_latex(THEOREMS[Layout.DENOMINATOR].conclusion) == (
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
