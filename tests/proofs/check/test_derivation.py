"""Every step of every registered theorem is verified by SymPy at symbolic sizes, in its layouts.

For the main theorem these are the chapter's 6-1-1, 6-1-2 and 6-1-3, in both layouts.
"""

from __future__ import annotations

import pytest

from hadamard import Layout
from proofs.check.derivation import derive
from proofs.theory.registry import REGISTRY, theorem
from proofs.theory.statements import Role, Theorem

FORMS = [(t, layout) for t in REGISTRY for layout in t.layouts]


@pytest.mark.parametrize(
    ("t", "layout"), FORMS, ids=[f"{t.id}-{layout and layout.value}" for t, layout in FORMS]
)
def test_every_step_of_every_theorem_is_verified(t: Theorem, layout: Layout | None) -> None:
    steps = derive(t, layout)
    assert [s.role for s in steps] == [Role.COMPONENT, Role.LEIBNIZ, Role.MATRIX_FORM]
    for step in steps:
        assert step.verified is True, step.verdict
        assert step.layout is layout
        assert step.theorem == t.id
        assert step.method.startswith("SymPy at symbolic sizes N and M")


@pytest.mark.parametrize("layout", list(Layout), ids=lambda layout: layout.value)
def test_steps_come_from_the_registry(layout: Layout) -> None:
    main = theorem("hadamard_product")
    for check, step in zip(derive(main, layout), main.statement(layout).steps, strict=True):
        assert check.rule == step.rule
        assert check.title == step.title
        assert check.label == step.seed_label
    assert [s.label for s in derive(main, layout)] == ["6-1-1", "6-1-2", "6-1-3"]


def test_matrix_form_is_checked_with_symbolic_sums() -> None:
    # Cookbook-style citation: 6-1-3, denominator layout, entry (j, i) via Σ_k δ_{k,i}.
    step = derive(theorem("hadamard_product"), Layout.DENOMINATOR)[2]
    assert "2 matrix product(s) as sympy.Sum" in step.method
    assert "of shape M × N" in step.method
    assert step.verdict.startswith("Entry (j, i)")
    assert step.lhs_entry == step.rhs_entry == "dx_dz(i, j)*y(i) + dy_dz(i, j)*x(i)"


def test_numerator_matrix_form_is_indexed_i_j() -> None:
    step = derive(theorem("hadamard_product"), Layout.NUMERATOR)[2]
    assert "of shape N × M" in step.method
    assert step.verdict.startswith("Entry (i, j)")


def test_leibniz_step_differentiates_with_sympy() -> None:
    step = derive(theorem("hadamard_product"), Layout.DENOMINATOR)[1]
    assert "sympy.diff" in step.method
    assert "Sum" not in step.method


def test_three_factors_give_three_terms_in_each_entry() -> None:
    step = derive(theorem("hadamard_product_three"), Layout.DENOMINATOR)[2]
    assert "3 matrix product(s) as sympy.Sum" in step.method
    assert step.lhs_entry == step.rhs_entry
    assert step.lhs_entry.count("+") == 2


def test_the_differential_is_checked_entrywise_along_a_path() -> None:
    steps = derive(theorem("hadamard_differential"), None)
    assert all(s.layout is None for s in steps)
    form = steps[2]
    assert "differential dX_k = d/dt X_k(z(t))" in form.method
    assert form.verdict.startswith("Entry (k, 1)")
    assert form.lhs_entry == "X(k)*dY(k) + Y(k)*dX(k)"
