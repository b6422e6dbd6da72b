"""Corollaries: x constant, y = x, element-wise σ, backprop g ⊙ y, in both layouts."""

from __future__ import annotations

import dataclasses

import pytest

from hadamard import Layout
from proofs.check.corollaries import EXPLICIT_SIZES, check_corollaries, check_corollary
from proofs.theory.expr import Hadamard, Jacobian, MatMul, Scale, Vector
from proofs.theory.registry import theorem

MAIN = theorem("hadamard_product")


@pytest.mark.parametrize("layout", list(Layout), ids=lambda layout: layout.value)
def test_every_corollary_is_verified_two_ways(layout: Layout) -> None:
    checked = check_corollaries(MAIN, layout)
    assert len(checked) == len(MAIN.corollaries_in(layout)) == 4
    for c in checked:
        assert c.verified, (c.id, c.verdict)
        assert [(e.n, e.m) for e in c.explicit] == list(EXPLICIT_SIZES)
        assert c.holds, c.id


def test_wrong_factor_in_the_square_corollary_is_rejected() -> None:
    square = next(c for c in MAIN.corollaries_in(Layout.DENOMINATOR) if c.id.startswith("square"))
    x = Vector("x")
    wrong = dataclasses.replace(
        square,
        statement=dataclasses.replace(
            square.statement, rhs=Scale(3, MatMul(Jacobian(x), Jacobian(x)))
        ),
    )
    assert not check_corollary(wrong, MAIN.id).verified


def test_wrong_backprop_fails_at_explicit_sizes_too() -> None:
    backprop = MAIN.corollaries_in(Layout.DENOMINATOR)[3]
    wrong = dataclasses.replace(
        backprop,
        statement=dataclasses.replace(backprop.statement, rhs=Hadamard(Vector("g"), Vector("x"))),
    )
    checked = check_corollary(wrong, MAIN.id)
    assert not checked.verified
    assert not any(e.agrees for e in checked.explicit)


def test_record_has_the_certificate_fields() -> None:
    data = check_corollaries(MAIN, Layout.NUMERATOR)[0].to_data()
    assert {"name", "layout", "statement", "assumptions", "rule", "verified", "method"} <= set(data)
    assert data["assumptions"] == ["∂x/∂z = O"]
    assert data["theorem"] == "hadamard_product"
