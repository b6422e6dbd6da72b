"""The values the checkers try: each value style, and the probe, have the properties they exist for.

A checker finds a mistake only if the cases it tries expose it: zeros and small integers (a
`where(x == 0, …)` branch, an exact cancellation), magnitudes over many decades (a fixed
absolute tolerance), two terms that nearly cancel (a fixed relative one). The diagnosis's probe
must be generic: magnitudes in [0.5, 2], random signs, no two entries alike, so every candidate
mistake gives another value. These tests check those properties on large samples from fixed
seeds (each holds with overwhelming probability), not the drawn numbers themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from hadamard import Layout
from hadamard.testing._cases import (
    PROBE_HIGH,
    PROBE_LOW,
    VALUE_STYLES,
    JacobianCase,
    VjpCase,
    _styled,
    jacobian_cases,
    probe_jacobian_case,
    probe_vjp_case,
    vjp_cases,
)

T = TypeVar("T")
F64 = np.dtype(np.float64)
DTYPES = [np.float16, np.float32, np.float64]
# "cancelling" is not a style of _styled: jacobian_cases builds it from "uniform" entries.
STYLES = VALUE_STYLES[:-1]
SAMPLE = (40, 50)  # 2000 entries per style


def _sample(style: str, dtype: type = np.float64, seed: int = 0) -> NDArray[Any]:
    return _styled(np.random.default_rng(seed), style, SAMPLE, np.dtype(dtype))


def _drawn(strategy: st.SearchStrategy[T], count: int) -> list[T]:
    """``count`` examples of ``strategy``, the same ones on every run."""
    seen: list[T] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(strategy)
    def collect(example: T) -> None:
        seen.append(example)

    collect()
    return seen


def _entries(case: JacobianCase | VjpCase) -> NDArray[np.float64]:
    return np.concatenate([a.astype(np.float64).ravel() for _, a in case.named()])


def _small_integers(values: NDArray[Any]) -> bool:
    return bool(np.all((values == np.round(values)) & (np.abs(values) <= 3)))


def _sparse(values: NDArray[Any]) -> bool:
    return bool(np.any(values == 0)) and not _small_integers(values)


def _wide(values: NDArray[Any]) -> bool:
    magnitudes = np.abs(values)
    return bool(np.all(magnitudes > 0) and magnitudes.min() < 1e-3)


def _cancelling(case: JacobianCase) -> bool:
    """At least 4 entries, each far smaller than its terms: x ∂y and y ∂x nearly cancel."""
    x, y, dx, dy = (a.astype(np.float64) for _, a in case.named())
    terms = np.abs(dy * case.along_outputs(x)) + np.abs(dx * case.along_outputs(y))
    # The jitter is 1e-6; a float16 or float32 ∂x keeps it only to its own rounding.
    bound = max(1e-4, 4 * float(np.finfo(case.dtype).eps))
    small = np.abs(case.expected()) <= bound * terms
    return bool(case.expected().size >= 4 and np.all(terms > 0) and np.all(small))


# ---------------------------------------------------------------- the value styles


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("style", STYLES)
def test_every_style_fills_the_shape_with_finite_entries_of_the_dtype(
    style: str, dtype: type
) -> None:
    values = _styled(np.random.default_rng(1), style, (3, 4), np.dtype(dtype))
    assert values.shape == (3, 4)
    assert values.dtype == np.dtype(dtype)
    assert np.all(np.isfinite(values))


@pytest.mark.parametrize("style", STYLES)
def test_a_seed_gives_the_same_values_every_time(style: str) -> None:
    np.testing.assert_array_equal(_sample(style, seed=5), _sample(style, seed=5))
    assert not np.array_equal(_sample(style, seed=5), _sample(style, seed=6))


def test_uniform_entries_fill_minus_10_to_10_with_distinct_nonzero_values() -> None:
    values = _sample("uniform")
    assert np.all(np.abs(values) <= 10)
    assert values.min() < -9
    assert values.max() > 9
    assert np.all(values != 0)
    assert np.unique(values).size == values.size


def test_small_integers_are_every_integer_from_minus_3_to_3() -> None:
    # Zeros and equal entries of both signs: exact products, sums that cancel to 0 exactly.
    values = _sample("small integers")
    assert _small_integers(values)
    assert set(np.unique(values).tolist()) == {-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0}


def test_sparse_entries_are_zero_half_the_time_and_uniform_otherwise() -> None:
    values = _sample("sparse")
    zero_share = float(np.mean(values == 0))
    assert 0.4 < zero_share < 0.6
    nonzero = values[values != 0]
    assert np.all(np.abs(nonzero) <= 10)
    assert nonzero.min() < -9
    assert nonzero.max() > 9
    assert np.unique(nonzero).size == nonzero.size
    assert _sparse(values)


def test_wide_magnitudes_span_seven_decades_with_both_signs() -> None:
    # From 1e-6 to 10: an absolute tolerance fits the large entries or the small, not both.
    values = _sample("wide magnitudes")
    decades = np.floor(np.log10(np.abs(values)))
    assert set(np.unique(decades).tolist()) == {-6.0, -5.0, -4.0, -3.0, -2.0, -1.0, 0.0}
    negative_share = float(np.mean(values < 0))
    assert 0.4 < negative_share < 0.6
    assert _wide(values)


# ---------------------------------------------------------------- the generated cases


@pytest.mark.parametrize("layout", list(Layout), ids=lambda lay: lay.value)
def test_jacobian_cases_come_in_every_style(layout: Layout) -> None:
    cases = _drawn(jacobian_cases(layout=layout, dtype=F64, max_inputs=4, max_outputs=5), count=150)
    kinds: dict[str, Callable[[JacobianCase], bool]] = {
        "small integers": lambda c: _small_integers(_entries(c)),
        "sparse": lambda c: _sparse(_entries(c)),
        "wide magnitudes": lambda c: _wide(_entries(c)),
        "cancelling": _cancelling,
    }
    for style, looks_like in kinds.items():
        assert any(looks_like(case) for case in cases), style
    for case in cases:
        assert 1 <= case.n_inputs <= 4
        assert 1 <= case.n_outputs <= 5
        assert case.dtype == F64


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_every_dtype_gets_cases_whose_terms_nearly_cancel(dtype: type) -> None:
    cases = _drawn(
        jacobian_cases(
            layout=Layout.DENOMINATOR, dtype=np.dtype(dtype), max_inputs=3, max_outputs=4
        ),
        count=100,
    )
    cancelling = [case for case in cases if _cancelling(case)]
    assert cancelling
    for case in cases:
        assert all(a.dtype == np.dtype(dtype) for _, a in case.named())
    if dtype is np.float64:
        # The jitter keeps the exact Jacobian off 0: rounding is judged against a real value.
        assert all(np.any(case.expected() != 0) for case in cancelling)


def test_vjp_cases_come_in_every_style_but_cancelling() -> None:
    cases = _drawn(vjp_cases(dtype=F64, max_outputs=5), count=150)
    for looks_like in (_small_integers, _sparse, _wide):
        assert any(looks_like(_entries(case)) for case in cases), looks_like.__name__
    assert {case.n_outputs for case in cases} == {1, 2, 3, 4, 5}


# ---------------------------------------------------------------- the probe


@pytest.mark.parametrize("layout", list(Layout), ids=lambda lay: lay.value)
def test_the_jacobian_probe_is_generic(layout: Layout) -> None:
    case = probe_jacobian_case(layout, F64, 5, 6)
    entries = _entries(case)
    magnitudes = np.abs(entries)
    assert np.all((magnitudes >= PROBE_LOW) & (magnitudes <= PROBE_HIGH))
    # The whole range is used, on both sides of 1, and no two magnitudes agree.
    assert magnitudes.min() < 0.75
    assert magnitudes.max() > 1.75
    assert np.unique(magnitudes).size == magnitudes.size
    for name, array in case.named():
        assert np.any(array < 0), name
        assert np.any(array > 0), name


def test_the_vjp_probe_is_generic_and_reproducible() -> None:
    case = probe_vjp_case(np.dtype(np.float32), 8)
    assert all(a.dtype == np.float32 and a.shape == (8,) for _, a in case.named())
    entries = _entries(case)
    magnitudes = np.abs(entries)
    assert np.all((magnitudes >= PROBE_LOW) & (magnitudes <= PROBE_HIGH))
    assert np.unique(magnitudes).size == magnitudes.size
    for name, array in case.named():
        assert np.any(array < 0), name
        assert np.any(array > 0), name
    np.testing.assert_array_equal(entries, _entries(probe_vjp_case(np.dtype(np.float32), 8)))
