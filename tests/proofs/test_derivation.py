"""Steps 6-1-1, 6-1-2, 6-1-3 are each verified by SymPy at symbolic sizes, in both layouts."""

from __future__ import annotations

import pytest

from hadamard import Layout
from proofs.check.derivation import derive
from proofs.theory.statement import THEOREMS


@pytest.mark.parametrize("layout", list(Layout), ids=lambda layout: layout.value)
def test_every_step_is_verified(layout: Layout) -> None:
    steps = derive(layout)
    assert [s.label for s in steps] == ["6-1-1", "6-1-2", "6-1-3"]
    for step in steps:
        assert step.verified is True, step.verdict
        assert step.layout is layout
        assert step.method.startswith("SymPy at symbolic sizes N and M")


@pytest.mark.parametrize("layout", list(Layout), ids=lambda layout: layout.value)
def test_steps_come_from_the_statement(layout: Layout) -> None:
    for step, equation in zip(derive(layout), THEOREMS[layout].steps, strict=True):
        assert step.rule == equation.rule
        assert step.title == equation.title


def test_matrix_form_is_checked_with_symbolic_sums() -> None:
    # Cookbook-style citation: 6-1-3, denominator layout, entry (j, i) via Σ_k δ_{k,i}.
    step = derive(Layout.DENOMINATOR)[2]
    assert "2 matrix product(s) as sympy.Sum" in step.method
    assert "of shape M × N" in step.method
    assert step.verdict.startswith("Entry (j, i)")
    assert step.lhs_entry == step.rhs_entry == "dx_dz(i, j)*y(i) + dy_dz(i, j)*x(i)"


def test_numerator_matrix_form_is_indexed_i_j() -> None:
    step = derive(Layout.NUMERATOR)[2]
    assert "of shape N × M" in step.method
    assert step.verdict.startswith("Entry (i, j)")


def test_leibniz_step_differentiates_with_sympy() -> None:
    step = derive(Layout.DENOMINATOR)[1]
    assert "sympy.diff" in step.method
    assert "Sum" not in step.method
