"""How one answer of impl is judged: the allowance's edge, each part of a VJP pair on its own,
complex answers, and arguments that are NaN but left alone.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hadamard import Layout
from hadamard.testing import check_hadamard_vjp
from hadamard.testing._cases import JacobianCase, VjpCase, run_jacobian, run_vjp

A = np.ndarray[Any, Any]
# x = 1, y = 2, g = 3: gx = g ⊙ y = 6 and gy = g ⊙ x = 3.
CASE = VjpCase(np.array([1.0]), np.array([2.0]), np.array([3.0]))


def _at_the_edge() -> float:
    """6 plus exactly its allowance (4 eps · 6, plus 4 tiny, which rounds away)."""
    want, allowed = float(CASE.expected()[0][0]), float(CASE.tolerance()[0][0])
    edge = want + allowed
    assert edge - want == allowed  # exact, so the error below is exactly the allowance
    return edge


def test_an_entry_exactly_at_its_allowance_passes_and_one_ulp_more_fails() -> None:
    edge = _at_the_edge()
    outcome = run_vjp(lambda x, y, g: (np.array([edge]), g * x), CASE)
    assert not outcome.failed, outcome.problems
    wrong = outcome.wrong_entries(0)
    assert wrong is not None
    assert not wrong.any()

    beyond = float(np.nextafter(edge, np.inf))
    outcome = run_vjp(lambda x, y, g: (np.array([beyond]), g * x), CASE)
    assert outcome.problems == ("gx differs from the rule beyond rounding at 1 of 1 entries",)
    wrong = outcome.wrong_entries(0)
    assert wrong is not None
    assert wrong.tolist() == [True]


def test_each_part_of_the_pair_is_judged_even_when_the_other_is_unusable() -> None:
    wrong_gy = np.array([4.0])
    not_numeric = run_vjp(lambda x, y, g: ("gx", wrong_gy), CASE)
    assert not_numeric.problems == (
        "gx is not a numeric array",
        "gy differs from the rule beyond rounding at 1 of 1 entries",
    )
    misshaped = run_vjp(lambda x, y, g: (np.zeros(2), wrong_gy), CASE)
    assert misshaped.problems == (
        "gx has shape (2,), expected (1,)",
        "gy differs from the rule beyond rounding at 1 of 1 entries",
    )


def test_a_non_numeric_member_of_the_pair_is_a_wrong_return_type() -> None:
    def half_done(x: A, y: A, g: A) -> Any:
        return g * y, "todo"

    with pytest.raises(AssertionError) as failure:
        check_hadamard_vjp(half_done, max_examples=5)
    assert "wrong return type: gy is not a numeric array." in str(failure.value)


def test_an_imaginary_part_is_a_wrong_value_not_dropped() -> None:
    outcome = run_vjp(lambda x, y, g: (g * y + 1j, g * x), CASE)
    assert outcome.problems == (
        "gx has dtype complex128, expected float64 (the inputs' dtype)",
        "gx differs from the rule beyond rounding at 1 of 1 entries",
    )


@pytest.mark.parametrize("layout", list(Layout), ids=lambda lay: lay.value)
def test_a_nan_argument_left_alone_is_not_changed_in_place(layout: Layout) -> None:
    nan = np.array([np.nan])
    case = JacobianCase(layout, nan, np.array([2.0]), np.array([[1.0]]), np.array([[3.0]]))
    outcome = run_jacobian(lambda x, y, dx, dy: dy * x + dx * y, case)
    assert not any("in place" in problem for problem in outcome.problems), outcome.problems

    def overwrite(x: A, y: A, dx: A, dy: A) -> Any:
        x[0] = 0.0
        return dy * x + dx * y

    outcome = run_jacobian(overwrite, case)
    assert "impl modified its argument x in place" in outcome.problems
    outcome = run_vjp(lambda x, y, g: (g * y, g * x), VjpCase(nan, nan, nan))
    assert not any("in place" in problem for problem in outcome.problems), outcome.problems
