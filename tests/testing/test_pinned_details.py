"""Pinned details of hadamard.testing: exact tolerances, shrinker results, argument messages.

These tests exist so that a mutation of a constant, a bound or a message fails (issue 8).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import find, settings
from hypothesis.errors import InvalidArgument, NoSuchExample

from hadamard import Layout
from hadamard.testing import (
    FunctionPair,
    SmoothMap,
    function_pairs,
    jacobians,
    shape_pairs,
    vectors,
)
from hadamard.testing._cases import JacobianCase
from hadamard.testing._shrinking import MAX_ROUNDS, _cost, _simpler_values, shrink
from hadamard.testing._strategies import check_float_dtype
from hadamard.testing._tolerance import (
    PRECISIONS,
    ROUNDING_FACTOR,
    TOLERANCE_FORMULA,
    precision_of,
    rounding_tolerance,
)

# ---------------------------------------------------------------- the rounding tolerance


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_tolerance_is_four_eps_times_the_magnitudes_plus_four_tiny(dtype: type) -> None:
    info = np.finfo(dtype)
    first = np.array([[3.0, -0.5], [0.0, 2.0]])
    second = np.array([[-5.0, 0.25], [0.0, -1.0]])
    got = rounding_tolerance(np.dtype(dtype), first, second)
    magnitudes = np.array([[8.0, 0.75], [0.0, 3.0]])
    expected = 4.0 * float(info.eps) * magnitudes + 4.0 * float(info.smallest_normal)
    assert got.dtype == np.float64
    assert got.shape == (2, 2)
    np.testing.assert_array_equal(got, expected)


def test_tolerance_broadcasts_terms_and_reads_them_in_float64() -> None:
    # A float16 term of 60000 squared would overflow in float16; the magnitude is float64.
    row = np.array([[60000.0, -1.0]], dtype=np.float16)
    column = np.array([[2.0], [-3.0]], dtype=np.float16)
    got = rounding_tolerance(np.dtype(np.float32), row, column)
    info = np.finfo(np.float32)
    magnitudes = np.array([[60002.0, 3.0], [60003.0, 4.0]])
    expected = 4.0 * float(info.eps) * magnitudes + 4.0 * float(info.smallest_normal)
    np.testing.assert_array_equal(got, expected)


def test_tolerance_of_no_terms_is_the_floor() -> None:
    got = rounding_tolerance(np.dtype(np.float64), np.zeros(3))
    np.testing.assert_array_equal(got, np.full(3, 4.0 * float(np.finfo(np.float64).tiny)))


def test_tolerance_constants() -> None:
    assert ROUNDING_FACTOR == 4.0
    text = TOLERANCE_FORMULA.format(factor=ROUNDING_FACTOR, dtype="float32", terms="|a| + |b|")
    assert text == "4 · eps(float32) · (|a| + |b|) + 4 · tiny(float32)"


# ---------------------------------------------------------------- the shrinker


def test_cost_orders_zero_one_integers_then_digits() -> None:
    assert _cost(0.0) == (False, True, False, 3)
    assert _cost(-1.0) == (True, False, False, 4)
    assert _cost(7.0) == (True, True, False, 3)
    assert _cost(2.5) == (True, True, True, 3)
    assert _cost(0.125) < _cost(0.1234)


def test_simpler_values_are_ordered_and_representable() -> None:
    assert _simpler_values(3.14159, np.dtype(np.float64)) == [0.0, 1.0, -1.0, 3.0, 3.1, 3.142]
    assert _simpler_values(-2.71828, np.dtype(np.float64)) == [0.0, 1.0, -1.0, -3.0, -2.7, -2.718]
    assert _simpler_values(1.0, np.dtype(np.float64)) == [0.0]
    assert _simpler_values(0.0, np.dtype(np.float64)) == []
    # In float16, 3.1 and 3.142 become 3.099609375 and 3.142578125: longer, so not simpler.
    assert _simpler_values(3.14159, np.dtype(np.float16)) == [0.0, 1.0, -1.0, 3.0]


def _case(n: int, m: int, seed: int) -> JacobianCase:
    rng = np.random.default_rng(seed)
    return JacobianCase(
        Layout.DENOMINATOR,
        rng.uniform(1.5, 2.5, n),
        rng.uniform(1.5, 2.5, n),
        rng.uniform(1.5, 2.5, (m, n)),
        rng.uniform(1.5, 2.5, (m, n)),
    )


def test_shrink_deletes_outputs_and_inputs_then_simplifies_entries() -> None:
    calls: list[JacobianCase] = []

    def fails(case: JacobianCase) -> bool:
        calls.append(case)
        return bool(np.any(case.x > 1.2))  # fails while some x_i exceeds 1.2

    small = shrink(_case(5, 4, seed=1), fails)
    assert (small.n_outputs, small.n_inputs) == (1, 1)
    assert small.x.tolist() == [2.0]  # 0 and ±1 do not fail; round(x) = 2 does
    assert small.y.tolist() == [0.0]
    assert small.dx.tolist() == [[0.0]]
    assert small.dy.tolist() == [[0.0]]
    assert fails(small)


def test_shrink_keeps_a_case_that_cannot_get_smaller() -> None:
    case = JacobianCase(
        Layout.NUMERATOR, np.array([0.0]), np.array([0.0]), np.zeros((1, 1)), np.zeros((1, 1))
    )
    assert shrink(case, lambda _: True) is case


def test_shrink_needs_several_rounds_and_stops_after_max_rounds() -> None:
    # The failure needs N >= 2 until x_0 is an integer, so sizes shrink only after values do:
    # a second round is needed to delete the second output.
    def fails(case: JacobianCase) -> bool:
        return bool(case.x[0] == round(float(case.x[0]))) or case.n_outputs >= 2

    small = shrink(_case(2, 1, seed=2), fails)
    assert small.n_outputs == 1
    assert MAX_ROUNDS == 4


def test_shrink_stops_after_max_rounds() -> None:
    # Each round may move x_0 one step down this chain only, so the rounds are counted.
    chain = [3.14159, 3.142, 3.1, 3.0, -1.0, 1.0, 0.0]
    position = [0]

    def fails(case: JacobianCase) -> bool:
        value = float(case.x[0])
        if value == chain[position[0]]:
            return True
        if value == chain[position[0] + 1]:
            position[0] += 1
            return True
        return False

    zero = np.zeros((1, 1))
    start = JacobianCase(Layout.DENOMINATOR, np.array([3.14159]), np.zeros(1), zero, zero)
    assert shrink(start, fails).x.tolist() == [chain[MAX_ROUNDS]] == [-1.0]


# ---------------------------------------------------------------- argument messages

EXACT_MESSAGES: list[tuple[Callable[..., object], dict[str, Any], str]] = [
    (shape_pairs, {"min_inputs": 0}, "min_inputs=0 must be at least 1"),
    (shape_pairs, {"max_inputs": 0}, "max_inputs=0 must be at least 1"),
    (shape_pairs, {"min_outputs": 0}, "min_outputs=0 must be at least 1"),
    (shape_pairs, {"max_outputs": 0}, "max_outputs=0 must be at least 1"),
    (shape_pairs, {"max_inputs": 2.5}, "Expected an integer but got max_inputs=2.5 (type=float)"),
    (shape_pairs, {"min_inputs": True}, "Expected an integer but got min_inputs=True (type=bool)"),
    (shape_pairs, {"min_outputs": "1"}, "Expected an integer but got min_outputs='1' (type=str)"),
    (shape_pairs, {"min_inputs": 3, "max_inputs": 2}, "Cannot have max_inputs=2 < min_inputs=3"),
    (
        shape_pairs,
        {"min_outputs": 5, "max_outputs": 4},
        "Cannot have max_outputs=4 < min_outputs=5",
    ),
    (vectors, {"n": 0}, "n=0 must be at least 1"),
    (
        vectors,
        {"n": 3, "dtype": "not-a-dtype"},
        "dtype='not-a-dtype' is not a numpy dtype; expected float16, float32 or float64",
    ),
    (
        vectors,
        {"n": 3, "dtype": np.int64},
        "dtype=int64 is not supported; expected a real floating dtype "
        "(float16, float32 or float64)",
    ),
    (
        vectors,
        {"n": 3, "dtype": np.longdouble},
        f"dtype={np.dtype(np.longdouble)} is not supported; expected a real floating dtype "
        "(float16, float32 or float64)",
    ),
    (
        vectors,
        {"n": 3, "min_value": True},
        "Expected a real number but got min_value=True (type=bool)",
    ),
    (
        vectors,
        {"n": 3, "max_value": "10"},
        "Expected a real number but got max_value='10' (type=str)",
    ),
    (vectors, {"n": 3, "max_value": float("inf")}, "max_value=inf must be finite"),
    (vectors, {"n": 3, "min_value": float("nan")}, "min_value=nan must be finite"),
    (
        vectors,
        {"n": 3, "dtype": np.float16, "max_value": 1e4},
        "max_value=10000.0 is too large for dtype=float16: products of two entries would "
        "overflow; keep |max_value| <= 63.9844",
    ),
    (
        vectors,
        {"n": 3, "dtype": np.float16, "min_value": -1e4},
        "min_value=-10000.0 is too large for dtype=float16: products of two entries would "
        "overflow; keep |min_value| <= 63.9844",
    ),
    (
        vectors,
        {"n": 3, "min_value": 1.0, "max_value": -1.0},
        "Cannot have max_value=-1.0 < min_value=1.0",
    ),
    (jacobians, {"m": 0, "n": 2}, "m=0 must be at least 1"),
    (jacobians, {"m": 2, "n": 0}, "n=0 must be at least 1"),
    (
        jacobians,
        {"m": 2, "n": 2, "layout": "numerator"},
        "Expected a hadamard.Layout but got layout='numerator' (type=str); "
        "use Layout.DENOMINATOR or Layout.NUMERATOR",
    ),
    (
        jacobians,
        {"m": 2, "n": 2, "min_value": 3, "max_value": 2},
        "Cannot have max_value=2.0 < min_value=3.0",
    ),
    (
        function_pairs,
        {"layout": None},
        "Expected a hadamard.Layout but got layout=None (type=NoneType); "
        "use Layout.DENOMINATOR or Layout.NUMERATOR",
    ),
    (
        function_pairs,
        {"dtype": bool},
        "dtype=bool is not supported; expected a real floating dtype (float16, float32 or float64)",
    ),
    (
        function_pairs,
        {"min_outputs": 2, "max_outputs": 1},
        "Cannot have max_outputs=1 < min_outputs=2",
    ),
]


@pytest.mark.parametrize(
    ("function", "kwargs", "message"),
    EXACT_MESSAGES,
    ids=[f"{f.__name__}-{'-'.join(k)}-{i}" for i, (f, k, _) in enumerate(EXACT_MESSAGES)],
)
def test_argument_messages_are_exact(
    function: Callable[..., object], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidArgument, match=f"^{re.escape(message)}$"):
        function(**kwargs)


def test_check_float_dtype_names_its_argument() -> None:
    with pytest.raises(InvalidArgument, match=r"^out_dtype=int8 is not supported"):
        check_float_dtype(np.int8, argument="out_dtype")
    with pytest.raises(InvalidArgument, match=r"^out_dtype=3 is not a numpy dtype"):
        check_float_dtype(3, argument="out_dtype")  # type: ignore[arg-type]
    assert check_float_dtype("float32") == np.dtype(np.float32)


def test_boundary_arguments_are_accepted() -> None:
    limit = float(np.sqrt(float(np.finfo(np.float16).max)) / 4)
    # Exactly at each limit: accepted (the checks are strict inequalities).
    shape_pairs(min_inputs=1, max_inputs=1, min_outputs=1, max_outputs=1)
    vectors(1, dtype=np.float16, min_value=-limit, max_value=limit)
    vectors(1, min_value=2.0, max_value=2.0)
    jacobians(1, 1, min_value=-3, max_value=-3)
    check_float_dtype(np.float16)


def test_default_bounds() -> None:
    assert find(shape_pairs(), lambda p: p.n_inputs == 12) == (12, 1)
    assert find(shape_pairs(), lambda p: p.n_outputs == 16) == (1, 16)
    with pytest.raises(NoSuchExample):
        find(shape_pairs(), lambda p: p.n_inputs > 12 or p.n_outputs > 16)
    assert find(vectors(1), lambda v: v[0] >= 10.0).tolist() == [10.0]
    assert find(vectors(1), lambda v: v[0] <= -10.0).tolist() == [-10.0]


def test_shrink_calls_fails_a_pinned_number_of_times() -> None:
    # Stops as soon as a round changes nothing: one more round would mean more calls.
    calls: list[int] = []

    def fails(case: JacobianCase) -> bool:
        calls.append(case.n_outputs)
        return bool(np.any(case.x > 1.2))

    shrink(_case(2, 1, seed=1), fails)
    # Round 1: 1 deletion; x_0 tries 0, 1, -1, 2 (kept); y, dx, dy take 0 at once (8 calls).
    # Round 2: x_0 = 2 tries 0, 1, -1 and nothing changes, so no round 3 (3 calls).
    assert len(calls) == 11


def test_shrink_proposes_only_values_the_dtype_holds() -> None:
    # In float16, 3.1 would be stored as 3.099609375: not simpler than 3.140625, never tried.
    start = JacobianCase(
        Layout.DENOMINATOR,
        np.array([3.14159], dtype=np.float16),
        np.zeros(1, dtype=np.float16),
        np.zeros((1, 1), dtype=np.float16),
        np.zeros((1, 1), dtype=np.float16),
    )
    small = shrink(start, lambda case: float(case.x[0]) > 3.05)
    assert small.x.tolist() == [3.140625]


# ---------------------------------------------------------------- what the strategies draw

BOUNDED = settings(max_examples=60, database=None, deadline=None)


@pytest.mark.parametrize("layout", list(Layout))
def test_jacobian_entries_stay_within_the_default_bounds(layout: Layout) -> None:
    strategy = jacobians(2, 2, layout=layout)
    with pytest.raises(NoSuchExample):
        find(strategy, lambda j: bool(j.array.min() < -10.0), settings=BOUNDED)
    with pytest.raises(NoSuchExample):
        find(strategy, lambda j: bool(j.array.max() > 10.0), settings=BOUNDED)


def test_vector_entries_are_normal_numbers_of_the_dtype() -> None:
    smallest = float(np.finfo(np.float64).smallest_normal)
    # Bounds around the subnormal range: Hypothesis would draw 5e-324 at once if allowed.
    tiny = vectors(3, min_value=0.0, max_value=1e-300)
    with pytest.raises(NoSuchExample):
        find(tiny, lambda v: bool(np.any((v != 0) & (v < smallest))), settings=BOUNDED)
    # float16 entries are drawn as float16 (width=16), so a bound float16 cannot hold is
    # refused by Hypothesis; a float64 draw would be rounded silently, past the bound.
    low = vectors(3, dtype=np.float16, min_value=0.1, max_value=0.2)
    with pytest.raises(InvalidArgument, match=r"min_value=0.1 cannot be exactly represented"):
        find(low, lambda _: True, settings=BOUNDED)
    half = find(
        vectors(3, dtype=np.float16), lambda v: bool(np.any(v != np.round(v))), settings=BOUNDED
    )
    assert half.dtype == np.float16


def test_smooth_maps_and_function_pairs_evaluate_exactly() -> None:
    a = np.array([[2.0, 0.0], [0.0, 3.0], [1.0, 1.0]])
    b = np.array([1.0, -1.0, 0.5])
    z = np.array([0.5, 2.0])
    affine = SmoothMap("affine", a, b)
    np.testing.assert_array_equal(affine(z), [2.0, 5.0, 3.0])
    square = SmoothMap("square", a, b)
    pair = FunctionPair(x=affine, y=square, z=z, layout=Layout.NUMERATOR)
    assert (pair.n_inputs, pair.n_outputs) == (2, 3)
    np.testing.assert_array_equal(pair.dy().array, np.array([4.0, 10.0, 6.0])[:, None] * a)
    other = np.array([0.0, 0.0])
    np.testing.assert_array_equal(pair.dy(other).array, np.array([2.0, -2.0, 1.0])[:, None] * a)
    np.testing.assert_array_equal(pair.dx(other).array, a)
    sine = FunctionPair(x=SmoothMap("sin", a, b), y=affine, z=z, layout=Layout.DENOMINATOR)
    np.testing.assert_allclose(sine.dx(other).array, (np.cos(b)[:, None] * a).T)


def test_function_pairs_reach_one_input_and_one_output() -> None:
    pair = find(function_pairs(), lambda p: p.n_inputs == 1 and p.n_outputs == 1)
    assert (pair.n_inputs, pair.n_outputs) == (1, 1)


# ---------------------------------------------------------------- the precisions


@pytest.mark.parametrize("name", ["float16", "float32", "float64"])
def test_numpy_precisions_are_numpys_own(name: str) -> None:
    info = np.finfo(np.dtype(name))
    precision = PRECISIONS[name]
    assert (precision.name, precision.host) == (name, np.dtype(name))
    assert (precision.eps, precision.tiny) == (float(info.eps), float(info.smallest_normal))


def test_bfloat16_has_8_significant_bits_and_float32_range() -> None:
    bf16 = PRECISIONS["bfloat16"]
    assert (bf16.eps, bf16.tiny, bf16.host) == (2.0**-7, 2.0**-126, np.dtype(np.float32))
    # Round to nearest, ties to even, on the 8th significant bit: 1 + 2**-8 is a tie (to 1),
    # 1 + 3 * 2**-8 is a tie (to 1 + 2**-6), and 1 + 2**-8 + 2**-20 rounds up.
    values = np.array([1 + 2.0**-8, 1 + 3 * 2.0**-8, 1 + 2.0**-8 + 2.0**-20, -3.0, 0.0])
    rounded = bf16.round(values)
    assert rounded.dtype == np.float32
    assert rounded.tolist() == [1.0, 1 + 2.0**-6, 1 + 2.0**-7, -3.0, 0.0]
    assert PRECISIONS["float32"].round(values).dtype == np.float32
    assert precision_of(np.dtype(np.float16)) is PRECISIONS["float16"]
    assert precision_of(bf16) is bf16
