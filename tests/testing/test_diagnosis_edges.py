"""Edges of the diagnosis and of the failure message that the other tests leave open.

The match allowance at its exact bound and in its formula, complex answers, wrong return types
(at some sizes only, for some values only, in both gradients), which sizes the size-dependence
note may claim, an impl that is right again on later calls, one named mistake that is not also
called a stray factor, and the report's width and working dtype (issue 8's mutation testing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from hadamard import Layout
from hadamard.testing import check_hadamard_jacobian, check_hadamard_vjp
from hadamard.testing._assertions import _format_array
from hadamard.testing._cases import (
    VjpCase,
    probe_jacobian_case,
    probe_vjp_case,
    run_jacobian,
    run_vjp,
)
from hadamard.testing._diagnosis import (
    _recognise_jacobian,
    _vjp_names,
    diagnose_jacobian,
    diagnose_vjp,
)
from tests.testing.profiles import derandomized

EPS = float(np.finfo(np.float64).eps)
F64 = np.dtype(np.float64)
SWAPPED_VJP = (
    "x and y swapped: impl returns (g ⊙ x, g ⊙ y). Fix: each factor's gradient is g "
    "times the OTHER factor, (gx, gy) = (g ⊙ y, g ⊙ x); check the order of the pair too."
)


def test_a_match_at_exactly_four_allowances_counts() -> None:
    # x = 1, y = 2, g = 3: the allowance is 4 · eps · (1 + 2 + 1)(3 + 1) = 64 eps, and a match
    # may be off by MATCH_FACTOR = 4 of them: 256 eps, which is 64 ulps of 6 (one ulp is 4 eps).
    # Every number here is exact, so the bound itself is reached and still matches.
    case = VjpCase(np.array([1.0]), np.array([2.0]), np.array([3.0]))
    at_the_bound = 6.0 + 64 * 4 * EPS
    outcome = run_vjp(lambda x, y, g: (np.array([at_the_bound]), g * x), case)
    assert _vjp_names(case, outcome) == ["g ⊙ y", "g ⊙ x"]
    past_it = 6.0 + 65 * 4 * EPS
    outcome = run_vjp(lambda x, y, g: (np.array([past_it]), g * x), case)
    assert _vjp_names(case, outcome) == [None, "g ⊙ x"]


def test_complex_answers_are_compared_with_their_imaginary_part() -> None:
    probe = probe_vjp_case(F64, 4)

    def swapped(x: Any, y: Any, g: Any) -> Any:
        return (g * x).astype(np.complex128), (g * y).astype(np.complex128)

    def mistakes(impl: Callable[..., Any]) -> list[str]:
        lines = diagnose_vjp(impl, probe, run_vjp(impl, probe))
        assert lines[-1].startswith("wrong dtype: gx has dtype complex128, expected float64")
        return lines[:-1]

    # A complex array that is real: recognised like the real answer.
    assert mistakes(swapped) == [SWAPPED_VJP]

    def swapped_plus_i(x: Any, y: Any, g: Any) -> Any:
        gx, gy = swapped(x, y, g)
        return gx + 1j, gy

    # Its real part is g ⊙ x, but the answer is not: gx is named as nothing.
    assert mistakes(swapped_plus_i) == ["gy is g ⊙ y, but it must be g ⊙ x."]


def _y_term_off_by(fraction: float) -> Callable[..., Any]:
    """The x-term missing, every entry moved by ``fraction`` of the probe's match bound.

    The bound is MATCH_FACTOR (4) allowances of 4 · eps · max (|∂x| + |∂y|)(|x| + |y|): the
    size of every candidate's terms on the probe (the underflow floor is far below an ulp).
    """

    def impl(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        terms = (np.abs(dx) + np.abs(dy)) * (np.abs(x) + np.abs(y))  # denominator layout
        return dy * x + fraction * 4 * (4 * EPS * float(terms.max()))

    return impl


@pytest.mark.parametrize(("m", "n"), [(3, 4), (4, 3), (2, 2)])
def test_the_probe_match_bound_covers_the_largest_term(m: int, n: int) -> None:
    probe = probe_jacobian_case(Layout.DENOMINATOR, F64, m, n)
    within = _y_term_off_by(0.9)
    [line] = _recognise_jacobian(probe, run_jacobian(within, probe))
    assert line.startswith("a term missing (the x-term): impl computes only ∂y/∂z diag(x);")
    beyond = _y_term_off_by(1.1)
    assert _recognise_jacobian(probe, run_jacobian(beyond, probe)) == []


@pytest.mark.parametrize("layout", list(Layout))
def test_a_named_mistake_is_not_also_called_a_stray_factor(layout: Layout) -> None:
    # In float16 at M = 1, N = 2 the swapped answer is also 0.94 × the rule within the match
    # allowance (4 · 4 · eps16 · 16 = 0.25). One mistake, one line.
    probe = probe_jacobian_case(layout, np.dtype(np.float16), 1, 2)
    out = probe.along_outputs

    def swapped(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        return dy * out(y) + dx * out(x)

    [line] = diagnose_jacobian(swapped, probe, run_jacobian(swapped, probe))
    assert line.startswith("x and y swapped: impl computes")


def _right(x: Any, y: Any, dx: Any, dy: Any) -> Any:
    return dy * x + dx * y  # the denominator layout


def test_a_wrong_return_type_from_some_size_on_is_size_dependent() -> None:
    def none_from_three(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        return None if x.size >= 3 else _right(x, y, dx, dy)

    case = probe_jacobian_case(Layout.DENOMINATOR, F64, 2, 5)
    assert diagnose_jacobian(none_from_three, case, run_jacobian(none_from_three, case)) == [
        "size-dependent: impl is right on generic inputs for every N < 3 (at M = 2) and wrong "
        "at N = 3. Look for a loop bound, a hard-coded size, or a branch on the size "
        "(e.g. a fast path).",
        "wrong return type: impl returned NoneType, not a numeric array.",
    ]

    def one_array_from_three(x: Any, y: Any, g: Any) -> Any:
        return g * y if x.size >= 3 else (g * y, g * x)

    vjp_case = probe_vjp_case(F64, 4)
    lines = diagnose_vjp(one_array_from_three, vjp_case, run_vjp(one_array_from_three, vjp_case))
    assert lines == [
        "size-dependent: impl is right on generic inputs for every N < 3 and wrong at N = 3. "
        "Look for a loop bound, a hard-coded size, or a branch on the size (e.g. a fast path).",
        "wrong return type: impl returned ndarray, expected a pair (gx, gy) = (g ⊙ y, g ⊙ x).",
    ]


def test_a_wrong_return_type_for_some_values_is_value_dependent() -> None:
    def none_at_zero(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        return None if np.any(x == 0) else _right(x, y, dx, dy)

    probe = probe_jacobian_case(Layout.DENOMINATOR, F64, 2, 3)
    x = probe.x.copy()
    x[0] = 0.0
    case = probe.with_arrays([x, probe.y, probe.dx, probe.dy])
    assert diagnose_jacobian(none_at_zero, case, run_jacobian(none_at_zero, case)) == [
        "wrong return type: impl returned NoneType, not a numeric array.",
        "value-dependent: on a generic input of the same sizes impl agrees with the rule, so "
        "the mistake shows only for some values of x, y, dx, dy (zeros, signs, equal entries, "
        "large or small magnitudes?).",
    ]


def test_sizes_are_searched_from_one() -> None:
    # The helpers never pass empty arrays (1 ≤ N), so an impl may index its first entry.
    def wrong_from_three(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        first = x[0]
        right = _right(x, y, dx, dy)
        return right + first if x.size >= 3 else right

    case = probe_jacobian_case(Layout.DENOMINATOR, F64, 2, 4)
    lines = diagnose_jacobian(wrong_from_three, case, run_jacobian(wrong_from_three, case))
    assert lines == [
        "size-dependent: impl is right on generic inputs for every N < 3 (at M = 2) and wrong "
        "at N = 3. Look for a loop bound, a hard-coded size, or a branch on the size "
        "(e.g. a fast path)."
    ]


def test_no_size_note_when_impl_is_also_wrong_below_the_first_bad_size() -> None:
    # Right only at N = 2: "right for every N < 3" would be false, so there is no such note.
    def right_only_at_two(x: Any, y: Any, g: Any) -> Any:
        return (g * y if x.size == 2 else 2 * g * y), g * x

    case = probe_vjp_case(F64, 5)
    assert diagnose_vjp(right_only_at_two, case, run_vjp(right_only_at_two, case)) == [
        "a stray factor: gx is 2 × (g ⊙ y). Fix: remove the factor."
    ]


def test_an_impl_that_is_right_again_on_later_calls_is_still_diagnosed() -> None:
    # Wrong on its first two calls only (say, a cache filled late): the counterexample and the
    # probe fail, every smaller probe passes. The diagnosis names what the probe saw and looks
    # for no size dependence; it must not stop with an error of its own.
    calls = [0]

    def wrong_twice(x: Any, y: Any, g: Any) -> Any:
        calls[0] += 1
        return (2 * g * y if calls[0] <= 2 else g * y), g * x

    case = probe_vjp_case(F64, 4)
    assert diagnose_vjp(wrong_twice, case, run_vjp(wrong_twice, case)) == [
        "a stray factor: gx is 2 × (g ⊙ y). Fix: remove the factor."
    ]


def test_both_wrong_return_types_are_listed() -> None:
    def nothing(x: Any, y: Any, g: Any) -> Any:
        return None, "gy"

    case = probe_vjp_case(F64, 2)
    assert diagnose_vjp(nothing, case, run_vjp(nothing, case)) == [
        "wrong return type: gx is not a numeric array; gy is not a numeric array."
    ]


def test_array_lines_stay_within_100_characters_whatever_the_indent() -> None:
    values = np.arange(30.0) + 0.5  # 6 characters an entry: some indent fills a line exactly
    widths = []
    for indent in range(25):
        lines = (" " * indent + _format_array(values, indent)).split("\n")
        widths.append(max(len(line) for line in lines))
    assert max(widths) == 100


def _expected_numbers(check: Callable[[], None]) -> list[str]:
    """The numbers on the failure message's "expected ..." lines."""
    with derandomized(), pytest.raises(AssertionError) as failure:
        check()
    expected = [line for line in str(failure.value).splitlines() if "  expected " in line]
    assert expected
    return [n for line in expected for n in re.findall(r"\d+\.\d*(?:e[-+]\d+)?", line)]


def _significant_digits(number: str) -> int:
    return len(re.sub(r"\D", "", number.split("e")[0]).strip("0"))


def test_expected_values_are_shown_in_the_working_dtype() -> None:
    # Rounding through float16 is wrong in float32 for almost every value, so the minimal
    # counterexample keeps a value that float32 prints in at most 9 digits (and float64 in 16).
    def half_jacobian(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        return _right(x, y, dx, dy).astype(np.float16).astype(x.dtype)

    def half_vjp(x: Any, y: Any, g: Any) -> Any:
        return (g * y).astype(np.float16).astype(x.dtype), (g * x).astype(np.float16).astype(
            x.dtype
        )

    jacobian = _expected_numbers(lambda: check_hadamard_jacobian(half_jacobian, dtype=np.float32))
    vjp = _expected_numbers(lambda: check_hadamard_vjp(half_vjp, dtype=np.float32))
    for numbers in (jacobian, vjp):
        assert all(_significant_digits(n) <= 9 for n in numbers), numbers
        # ... and the test means something: in float64 some of them would need more digits.
        assert any(len(repr(float(np.float32(n)))) > 12 for n in numbers), numbers
