"""Independent checks at explicit sizes M ≠ N: Matrix Jacobians and SymPy's matrix calculus."""

from __future__ import annotations

import dataclasses

import pytest

from hadamard import Layout
from proofs.check.crosscheck import (
    SIZES,
    explicit_checks,
    hadamard_entry_check,
    matrix_calculus_answer,
    matrix_calculus_paths,
)
from proofs.theory.expr import Array, Component, Hadamard, Times, Vector
from proofs.theory.registry import REGISTRY, theorem
from proofs.theory.statements import Theorem

MAIN = theorem("hadamard_product")
FORMS = [(t, layout) for t in REGISTRY for layout in t.layouts]


def test_sizes_are_rectangular_and_small() -> None:
    assert all(n != m for n, m in SIZES)
    assert max(n * m for n, m in SIZES) <= 20


@pytest.mark.parametrize(
    ("t", "layout"), FORMS, ids=[f"{t.id}-{layout and layout.value}" for t, layout in FORMS]
)
def test_every_conclusion_agrees_with_matrix_jacobians_of_undefined_functions(
    t: Theorem, layout: Layout | None
) -> None:
    checks = explicit_checks(t, layout)
    assert [(c.n, c.m) for c in checks] == list(SIZES)
    assert all(c.agrees for c in checks)
    if layout is not None:
        # The other layout's form does not even fit when M ≠ N.
        assert all(c.other_form.startswith("undefined: matrix product") for c in checks)


@pytest.mark.parametrize("layout", list(Layout), ids=lambda layout: layout.value)
def test_other_layout_form_is_defined_but_different_when_square(layout: Layout) -> None:
    (check,) = explicit_checks(MAIN, layout, sizes=((2, 2),))
    assert check.agrees
    assert check.other_form == "defined, different"


def test_a_wrong_differential_disagrees_at_explicit_sizes() -> None:
    differential = theorem("hadamard_differential")
    step = differential.statements[0].conclusion
    x, y = Array("X"), Array("Y")
    wrong_rhs = Hadamard(step.equation.rhs.left.left, y)  # type: ignore[union-attr]
    wrong = dataclasses.replace(
        differential,
        statements=(
            dataclasses.replace(
                differential.statements[0],
                steps=(
                    dataclasses.replace(
                        step, equation=dataclasses.replace(step.equation, rhs=wrong_rhs)
                    ),
                ),
            ),
        ),
    )
    assert x != y
    assert not any(c.agrees for c in explicit_checks(wrong, None))


def test_sympy_matrix_calculus_answers_in_the_denominator_layout() -> None:
    answer = matrix_calculus_answer()
    assert answer.expression == "A.T*DiagMatrix(B*z) + B.T*DiagMatrix(A*z)"
    assert answer.shape == "M × N"
    assert answer.layout == "denominator"


def test_matrix_calculus_paths_are_recorded() -> None:
    trials = {t.path: t for t in matrix_calculus_paths(sizes=((2, 3), (3, 2)))}
    assert trials["HadamardProduct(A*z, B*z).diff(z)"].worked
    assert all(t.status in ("agrees", "fails") for t in trials.values())
    for trial in trials.values():
        if not trial.worked:
            # A failing path says how it failed (never silently dropped).
            assert "Error" in trial.outcome
            assert trial.outcome.startswith(("the call fails", "cannot be instantiated"))
    # Derivative(...).doit() returns an ill-shaped answer in SymPy 1.14 rather than raising.
    doit = trials["Derivative(HadamardProduct(A*z, B*z), z).doit()"]
    assert doit.result.startswith("HadamardProduct(")


def test_definition_matches_sympy_hadamard_product() -> None:
    check = hadamard_entry_check()
    assert check.agrees is True
    assert check.sympy == "x[i - 1, 0]*y[i - 1, 0]"


def test_wrong_definition_is_caught_by_sympy_hadamard_product() -> None:
    step = MAIN.statement(Layout.NUMERATOR).steps[0]
    x_i = Component(Vector("x"), "i")
    wrong = dataclasses.replace(
        step, equation=dataclasses.replace(step.equation, rhs=Times(x_i, x_i))
    )
    assert hadamard_entry_check(wrong).agrees is False


def test_scaling_table_runs(capsys: pytest.CaptureFixture[str]) -> None:
    from proofs.check.scaling import main

    assert main(["2x3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[1].lstrip().startswith("2 × 3")
