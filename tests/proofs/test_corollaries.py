"""Corollaries: x constant, y = x, element-wise σ, backprop g ⊙ y, in both layouts."""

from __future__ import annotations

import dataclasses

import pytest

from hadamard import Layout
from proofs.check.corollaries import EXPLICIT_SIZES, check_corollaries, check_corollary
from proofs.theory.expr import Hadamard, Jacobian, MatMul, Scale, Vector
from proofs.theory.statement import COROLLARIES


@pytest.mark.parametrize("layout", list(Layout), ids=lambda layout: layout.value)
def test_every_corollary_is_verified_two_ways(layout: Layout) -> None:
    checked = check_corollaries(layout)
    assert len(checked) == len(COROLLARIES[layout]) == 4
    for c in checked:
        assert c.verified, (c.corollary.name, c.verdict)
        assert [(n, m) for n, m, _ in c.explicit] == list(EXPLICIT_SIZES)
        assert all(ok for _, _, ok in c.explicit), c.corollary.name


def test_wrong_factor_in_the_square_corollary_is_rejected() -> None:
    square = next(c for c in COROLLARIES[Layout.DENOMINATOR] if c.name.startswith("square"))
    x = Vector("x")
    wrong = dataclasses.replace(
        square,
        statement=dataclasses.replace(
            square.statement, rhs=Scale(3, MatMul(Jacobian(x), Jacobian(x)))
        ),
    )
    checked = check_corollary(wrong)
    assert not checked.verified


def test_wrong_backprop_fails_at_explicit_sizes_too() -> None:
    backprop = COROLLARIES[Layout.DENOMINATOR][3]
    wrong = dataclasses.replace(
        backprop,
        statement=dataclasses.replace(backprop.statement, rhs=Hadamard(Vector("g"), Vector("x"))),
    )
    checked = check_corollary(wrong)
    assert not checked.verified
    assert not any(ok for _, _, ok in checked.explicit)


def test_record_has_the_certificate_fields() -> None:
    data = check_corollaries(Layout.NUMERATOR)[0].to_data()
    assert {"name", "layout", "statement", "assumptions", "rule", "verified", "method"} <= set(data)
    assert data["assumptions"] == ["∂x/∂z = O"]
