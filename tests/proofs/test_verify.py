"""The symbolic verifier says no: wrong sign, swapped factors, the other layout's form, and more."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from hadamard import Layout
from proofs.check.entries import EntryTranslator
from proofs.check.verify import decide
from proofs.theory.expr import (
    Add,
    Component,
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
)
from proofs.theory.mistakes import mutants
from proofs.theory.statement import COROLLARIES, THEOREMS, Equation, correct_form

X, Y, G = Vector("x"), Vector("y"), Vector("g")
XI, YI = Component(X, "i"), Component(Y, "i")


def _step(layout: Layout, label: str) -> Equation:
    return next(s for s in THEOREMS[layout].steps if s.label == label)


def _with_rhs(equation: Equation, rhs: Expr) -> Equation:
    return dataclasses.replace(equation, rhs=rhs)


LEIBNIZ_WRONG: dict[str, Expr] = {
    "wrong sign": Add(Times(XI, Partial(YI, "z", "j")), Neg(Times(YI, Partial(XI, "z", "j")))),
    "swapped factors x_i ∂x_i/∂z_j": Add(
        Times(XI, Partial(XI, "z", "j")), Times(YI, Partial(YI, "z", "j"))
    ),
    "one term only": Times(XI, Partial(YI, "z", "j")),
    "derivative of the product of the wrong index": Times(Component(X, "j"), Partial(YI, "z", "j")),
}


@pytest.mark.parametrize("layout", list(Layout), ids=lambda layout: layout.value)
@pytest.mark.parametrize("kind", sorted(LEIBNIZ_WRONG))
def test_wrong_leibniz_rules_are_rejected(layout: Layout, kind: str) -> None:
    verdict = decide(_with_rhs(_step(layout, "6-1-2"), LEIBNIZ_WRONG[kind]))
    assert not verdict.holds
    assert verdict.kind in ("fails", "shape clash")


DENOMINATOR_WRONG: dict[str, Expr] = {
    "wrong sign": Add(MatMul(Jacobian(Y), Diag(X)), Neg(MatMul(Jacobian(X), Diag(Y)))),
    "swapped factors": Add(MatMul(Jacobian(X), Diag(X)), MatMul(Jacobian(Y), Diag(Y))),
    "one term only": MatMul(Jacobian(Y), Diag(X)),
    "doubled": Scale(2, correct_form(Layout.DENOMINATOR)),
    "transposed Jacobians": Add(
        MatMul(Transpose(Jacobian(Y)), Diag(X)), MatMul(Transpose(Jacobian(X)), Diag(Y))
    ),
}


@pytest.mark.parametrize("kind", sorted(DENOMINATOR_WRONG))
def test_wrong_denominator_matrix_forms_are_rejected(kind: str) -> None:
    verdict = decide(_with_rhs(_step(Layout.DENOMINATOR, "6-1-3"), DENOMINATOR_WRONG[kind]))
    assert not verdict.holds, kind


def test_numerator_form_in_the_denominator_layout_clashes_then_fails_when_square() -> None:
    wrong = _with_rhs(_step(Layout.DENOMINATOR, "6-1-3"), correct_form(Layout.NUMERATOR))
    general = decide(wrong)
    assert general.kind == "shape clash"
    assert "(N × N) · (M × N)" in general.reason
    assert "denominator layout" in general.reason
    square = decide(wrong, square=True)
    assert square.kind == "fails"
    assert "differs" in square.reason


def test_denominator_form_in_the_numerator_layout_is_rejected() -> None:
    wrong = _with_rhs(_step(Layout.NUMERATOR, "6-1-3"), correct_form(Layout.DENOMINATOR))
    assert decide(wrong).kind == "shape clash"
    assert decide(wrong, square=True).kind == "fails"


def test_correct_form_holds_also_when_square() -> None:
    assert decide(_step(Layout.DENOMINATOR, "6-1-3"), square=True).holds


@pytest.mark.parametrize("layout", list(Layout), ids=lambda layout: layout.value)
def test_every_generated_mutant_is_rejected(layout: Layout) -> None:
    kinds = set()
    for step in THEOREMS[layout].steps:
        for kind, wrong in mutants(step):
            kinds.add(kind)
            assert not decide(wrong).holds, (step.label, kind)
    assert kinds == {"wrong sign", "swapped factors", "other layout's form"}


def test_constant_x_needs_its_assumption() -> None:
    corollary = COROLLARIES[Layout.DENOMINATOR][0]
    assert decide(corollary.statement, assumptions=corollary.assumptions).holds
    without = decide(corollary.statement)
    assert without.kind == "fails"
    assert "dx_dz(i, j)*y(i)" in without.reason


def test_wrong_backprop_is_rejected() -> None:
    statement = COROLLARIES[Layout.DENOMINATOR][3].statement
    assert decide(statement).holds
    assert not decide(_with_rhs(statement, Hadamard(G, X))).holds


def test_unknown_node_is_named() -> None:
    @dataclass(frozen=True)
    class Mystery:
        """Not a node of proofs.theory.expr."""

    translator = EntryTranslator(Layout.DENOMINATOR)
    with pytest.raises(NotImplementedError, match="Mystery"):
        translator.translate(Mystery())  # type: ignore[arg-type]
