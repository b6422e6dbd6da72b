"""Pinned details of the diagnosis and the report: scale factors, match allowances, index sets.

Small constructed inputs at the edges of each rule, so a changed bound or constant fails here
(issue 8's mutation testing).
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

import numpy as np
import pytest
from hypothesis.errors import InvalidArgument

from hadamard import Layout
from hadamard.testing import check_hadamard_jacobian, check_hadamard_jvp, check_hadamard_vjp
from hadamard.testing._assertions import (
    NOT_RECOGNISED,
    _error_lines,
    _format_array,
    _impl_name,
    _indices,
    _report,
)
from hadamard.testing._cases import Outcome, VjpCase, probe_jacobian_case, probe_vjp_case, run_vjp
from hadamard.testing._diagnosis import _describe_scale, _scale_factor, _vjp_names
from hadamard.testing._shrinking import shrink
from hadamard.testing._tolerance import PRECISIONS

EPS = float(np.finfo(np.float64).eps)


def test_indices_show_at_most_twelve_sorted_unique_values() -> None:
    assert _indices(np.array([3, 1, 3])) == "{1, 3}"
    assert _indices(np.arange(12)) == "{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}"
    assert _indices(np.arange(13)[::-1]) == "{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …}"


def test_scale_factor_edges() -> None:
    want = np.array([0.6, 0.8])  # |want|² is exactly 1.0
    assert _scale_factor(2 * want, want, np.zeros(2)) == 2.0  # exact, with no allowance
    assert _scale_factor(np.array([2.0, 4.0]), np.array([1.0, 2.0]), np.zeros(2)) == 2.0
    assert _scale_factor(np.array([1.0, 2.0]), np.zeros(2), np.ones(2)) is None  # want is 0
    assert _scale_factor(np.array([np.inf, 2.0]), want, np.ones(2)) is None
    assert _scale_factor(np.array([2.0]), np.array([1.0]), np.zeros(1)) is None  # one entry
    assert _scale_factor(np.array([1.0, 2.0]), np.array([1.0, 2.0]), np.zeros(2)) is None


def test_describe_scale_names_a_negation_or_the_factor() -> None:
    rule = "g ⊙ y"
    assert _describe_scale(-1.0, "gx", rule) == (
        "sign error: impl returns -(g ⊙ y) for gx. Fix: drop the minus sign."
    )
    for c, shown in ((0.5, "0.5"), (-0.5, "-0.5"), (2.0, "2"), (-2.0, "-2")):
        assert _describe_scale(c, "gx", rule) == (
            f"a stray factor: gx is {shown} × (g ⊙ y). Fix: remove the factor."
        )


@pytest.mark.parametrize(
    ("ulps", "name"),
    [(50, "g ⊙ y"), (75, None)],
    ids=["within 4 allowances", "beyond"],
)
def test_vjp_match_allowance_is_pinned(ulps: int, name: str | None) -> None:
    # x = 1, y = 2, g = 3: allowance 4 · eps · (|x| + |y| + 1)(|g| + 1) = 64 eps per match
    # unit, times MATCH_FACTOR 4 = 256 eps. One ulp of 6 is 4 eps: 50 ulps match, 75 do not.
    case = VjpCase(np.array([1.0]), np.array([2.0]), np.array([3.0]))
    off = 6.0 + ulps * 4 * EPS
    outcome = run_vjp(lambda x, y, g: (np.array([off]), g * x), case)
    assert _vjp_names(case, outcome) == [name, "g ⊙ x"]


def test_probes_are_reproducible() -> None:
    first, again = probe_vjp_case(np.dtype(np.float64), 3), probe_vjp_case(np.dtype(np.float64), 3)
    for (_, a), (_, b) in zip(first.named(), again.named(), strict=True):
        np.testing.assert_array_equal(a, b)
    layout_case = probe_jacobian_case(Layout.DENOMINATOR, np.dtype(np.float32), 2, 3)
    same = probe_jacobian_case(Layout.DENOMINATOR, np.dtype(np.float32), 2, 3)
    np.testing.assert_array_equal(layout_case.dx, same.dx)


def test_a_vjp_case_of_two_outputs_shrinks_to_one() -> None:
    case = probe_vjp_case(np.dtype(np.float64), 2)
    assert shrink(case, lambda c: True).n_outputs == 1


def _outcome(expected: list[float], returned: list[complex]) -> Outcome:
    want = np.array(expected)
    return Outcome(
        parts=("J",),
        expected=(want,),
        tolerance=(np.full(want.shape, 1e-9),),
        returned=(np.array(returned),),
        problems=("J differs",),
        kinds=frozenset({"values"}),
    )


def test_error_lines_pin_absolute_relative_and_nan() -> None:
    lines = _error_lines(
        _outcome([2.0, 1.0], [3.0, 1.0]), 0, lambda at: f"e{at}", "T", PRECISIONS["float64"]
    )
    assert lines[0].startswith(
        "Largest error in J: at index (0,) (e(0,)): absolute 1, relative 0.5;"
    )
    # NaN counts as an infinite error, so it is the largest and reads "inf", not "nan".
    lines = _error_lines(
        _outcome([2.0, 1.0], [3.0, np.nan]), 0, lambda at: f"e{at}", "T", PRECISIONS["float64"]
    )
    assert "at index (1,) (e(1,)): absolute inf, relative inf;" in lines[0]
    # A complex answer's imaginary part is part of its error.
    lines = _error_lines(
        _outcome([2.0], [2.0 + 1.0j]), 0, lambda at: f"e{at}", "T", PRECISIONS["float64"]
    )
    assert "absolute 1, relative 0.5;" in lines[0]


def test_format_array_keeps_every_digit_and_wraps_under_the_indent() -> None:
    assert (
        _format_array(np.array([0.1 + 0.2, 1.0]), 0) == "[0.30000000000000004, 1.                 ]"
    )
    text = _format_array(np.arange(30.0) + 0.5, 10)
    first, second = text.split("\n")
    assert first.endswith("14.5,")
    assert len(first) == 90  # 100 - indent
    assert second.startswith(" " * 11 + "15.5,")
    assert "..." not in _format_array(np.zeros(400), 4)
    assert _format_array(np.zeros(401), 4) == "[0., 0., 0., ..., 0., 0., 0.]"


def test_impl_name_falls_back_to_repr() -> None:
    def named(x: Any) -> Any:
        return x

    assert _impl_name(named) == "test_impl_name_falls_back_to_repr.<locals>.named"
    wrapped = partial(named, 1)
    assert _impl_name(wrapped) == repr(wrapped)


def test_vjp_checker_names_itself_and_its_arguments() -> None:
    with pytest.raises(
        InvalidArgument, match=r"^check_hadamard_vjp: impl must be callable, got None"
    ):
        check_hadamard_vjp(None)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"^max_examples=0 must be at least 1$"):
        check_hadamard_vjp(lambda x, y, g: (g * y, g * x), max_examples=0)
    with pytest.raises(InvalidArgument, match=r"^max_outputs=0 must be at least 1$"):
        check_hadamard_vjp(lambda x, y, g: (g * y, g * x), max_outputs=0)


def test_report_shows_expected_values_in_the_working_dtype() -> None:
    outcome = _outcome([0.1 + 0.2], [1.0])
    text = _report("H\n", [], outcome, True, "N = 1", [], np.dtype(np.float32), [])
    assert text.splitlines() == [
        "H",
        "Likely mistake: " + NOT_RECOGNISED + ".",
        "  - flaky: impl gave different answers for the same input.",
        "Problems: J differs.",
        "Minimal counterexample (found by Hypothesis, then shrunk), N = 1:",
        "  expected J = [0.3]",
        "  returned J = [1.]",
        "  (returned J: shape (1,), dtype float64)",
    ]


def test_jacobian_checker_names_itself_and_its_arguments() -> None:
    def good(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        return dy * x[..., None, :] + dx * y[..., None, :]

    not_callable = r"^check_hadamard_jacobian: impl must be callable, got 3 \(type=int\)$"
    with pytest.raises(InvalidArgument, match=not_callable):
        check_hadamard_jacobian(3)  # type: ignore[arg-type]
    for option in (
        "max_examples",
        "max_inputs",
        "max_outputs",
        "max_size",
        "input_ndim",
        "output_ndim",
    ):
        with pytest.raises(InvalidArgument, match=rf"^{option}=0 must be at least 1$"):
            check_hadamard_jacobian(good, **{option: 0})  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"^batch_ndim=-1 must be at least 0$"):
        check_hadamard_jacobian(good, batch_ndim=-1)
    with pytest.raises(InvalidArgument, match=r"^Expected an integer but got batch_ndim=1.0"):
        check_hadamard_jacobian(good, batch_ndim=1.0)  # type: ignore[arg-type]
    # 1 is allowed for each: one example, one input, one output; 0 batch axes too.
    check_hadamard_jacobian(good, max_examples=1, max_inputs=1, max_outputs=1, max_size=1)
    check_hadamard_jacobian(good, batch_ndim=0, max_examples=1)
    check_hadamard_vjp(lambda x, y, g: (g * y, g * x), max_examples=1, max_outputs=1)


@pytest.mark.parametrize("helper", ["check_hadamard_vjp", "check_hadamard_jvp"])
def test_the_element_wise_checkers_name_their_arguments(helper: str) -> None:
    checkers: dict[str, Any] = {
        "check_hadamard_vjp": check_hadamard_vjp,
        "check_hadamard_jvp": check_hadamard_jvp,
    }
    check = checkers[helper]
    good = (
        (lambda x, y, g: (g * y, g * x))
        if helper == "check_hadamard_vjp"
        else (lambda x, y, tx, ty: x * ty + y * tx)
    )
    for option in ("max_examples", "max_outputs", "max_size", "output_ndim"):
        with pytest.raises(InvalidArgument, match=rf"^{option}=0 must be at least 1$"):
            check(good, **{option: 0})
    with pytest.raises(InvalidArgument, match=r"^batch_ndim=-1 must be at least 0$"):
        check(good, batch_ndim=-1)
    expected = (
        f"{helper}: dtype='int8' is not supported; expected a real floating dtype "
        "(float16, bfloat16, float32 or float64)"
    )
    with pytest.raises(InvalidArgument, match=f"^{re.escape(expected)}$"):
        check(good, dtype="int8")
    # One example, one output, a size of one, no batch axes: all allowed.
    check(good, max_examples=1, max_outputs=1, max_size=1, batch_ndim=0)
