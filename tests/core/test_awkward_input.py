"""Awkward but valid input: views, read-only arrays, empty sizes, NaN and Inf (seed eq. 6-1-2).

Each result is compared entry by entry with the component form
∂(x_i y_i)/∂z_j = x_i ∂y_i/∂z_j + y_i ∂x_i/∂z_j, written here with explicit loops.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from hadamard import (
    DenominatorJacobian,
    Layout,
    NumeratorJacobian,
    hadamard_jacobian,
    hadamard_jvp,
    hadamard_vjp,
)

Array = NDArray[Any]


def _component_form(x: Array, y: Array, dx: Array, dy: Array) -> Array:
    """Entry (j, i) of the denominator-layout result, one scalar at a time (eq. 6-1-2)."""
    m, n = dx.shape
    result = np.zeros((m, n), dtype=np.result_type(x, y, dx, dy, np.float64))
    for j, i in itertools.product(range(m), range(n)):
        result[j, i] = x[i] * dy[j, i] + y[i] * dx[j, i]
    return result


def _jacobian(layout: Layout, x: Array, y: Array, dx: Array, dy: Array) -> Array:
    """The rule in ``layout`` for denominator-layout ``dx``, ``dy``; returned in denominator."""
    answer: Array
    if layout is Layout.DENOMINATOR:
        answer = hadamard_jacobian(x, y, DenominatorJacobian(dx), DenominatorJacobian(dy)).array
        return answer
    result = hadamard_jacobian(x, y, NumeratorJacobian(dx.T), NumeratorJacobian(dy.T))
    answer = result.to_denominator().array
    return answer


LAYOUTS = pytest.mark.parametrize("layout", list(Layout), ids=lambda layout: layout.value)


def _sample(m: int, n: int, seed: int = 0) -> tuple[Array, Array, Array, Array]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=n), rng.normal(size=n), rng.normal(size=(m, n)), rng.normal(size=(m, n))


@LAYOUTS
def test_non_contiguous_views_work(layout: Layout) -> None:
    rng = np.random.default_rng(1)
    big_x, big_y = rng.normal(size=10), rng.normal(size=10)
    big_dx, big_dy = rng.normal(size=(6, 10)), rng.normal(size=(6, 10))
    x, y = big_x[::2], big_y[1::2]  # strided
    dx, dy = big_dx[::3, ::2], big_dy[1::3, 1::2]  # strided in both axes
    assert not dx.flags.c_contiguous
    assert not x.flags.c_contiguous
    np.testing.assert_allclose(_jacobian(layout, x, y, dx, dy), _component_form(x, y, dx, dy))


@LAYOUTS
def test_fortran_ordered_and_transposed_input_works(layout: Layout) -> None:
    x, y, dx, dy = _sample(3, 4, seed=2)
    dx_f, dy_t = np.asfortranarray(dx), np.ascontiguousarray(dy.T).T
    np.testing.assert_allclose(_jacobian(layout, x, y, dx_f, dy_t), _component_form(x, y, dx, dy))


@LAYOUTS
def test_read_only_input_works_and_is_not_modified(layout: Layout) -> None:
    x, y, dx, dy = _sample(2, 3, seed=3)
    copies = [a.copy() for a in (x, y, dx, dy)]
    for array in (x, y, dx, dy):
        array.flags.writeable = False
    np.testing.assert_allclose(_jacobian(layout, x, y, dx, dy), _component_form(*copies))
    for array, copy in zip((x, y, dx, dy), copies, strict=True):
        np.testing.assert_array_equal(array, copy)
    g = np.array([1.0, 2.0, 3.0])
    g.flags.writeable = False
    gx, gy = hadamard_vjp(x, y, g)
    np.testing.assert_allclose(gx, g * y)
    np.testing.assert_allclose(gy, g * x)


def test_a_result_jacobian_is_a_read_only_view_like_any_other() -> None:
    x, y, dx, dy = _sample(2, 3, seed=4)
    result = hadamard_jacobian(x, y, DenominatorJacobian(dx), DenominatorJacobian(dy))
    assert result.array.shape == (2, 3)
    assert not result.array.flags.writeable  # a Jacobian's array is a read-only view


@LAYOUTS
@pytest.mark.parametrize(("m", "n"), [(0, 3), (2, 0), (0, 0)], ids=["M=0", "N=0", "M=N=0"])
def test_empty_sizes_are_valid(layout: Layout, m: int, n: int) -> None:
    x, y, dx, dy = _sample(m, n, seed=5)
    result = _jacobian(layout, x, y, dx, dy)
    assert result.shape == (m, n)
    assert hadamard_jvp(x, y, x, y).shape == (n,)
    assert [a.shape for a in hadamard_vjp(x, y, x)] == [(n,), (n,)]


def test_empty_batch_is_valid() -> None:
    x = np.ones((0, 3))
    dx = DenominatorJacobian(np.ones((2, 3)))
    assert hadamard_jacobian(x, x, dx, dx).array.shape == (0, 2, 3)
    assert hadamard_vjp(x, x, np.ones(3))[0].shape == (0, 3)


@LAYOUTS
def test_nan_propagates_per_ieee(layout: Layout) -> None:
    # Documented in hadamard_jacobian: NaN and Inf are not checked; they propagate.
    x, y, dx, dy = _sample(2, 3, seed=6)
    x[1] = np.nan
    result = _jacobian(layout, x, y, dx, dy)
    assert np.isnan(result[:, 1]).all()  # column i = 1 holds x_1 ∂y_1/∂z_j + ...
    assert np.isfinite(np.delete(result, 1, axis=1)).all()


@LAYOUTS
def test_inf_propagates_per_ieee(layout: Layout) -> None:
    x, y, dx, dy = _sample(2, 3, seed=7)
    y[0] = np.inf
    dx[:, 0] = [1.0, -1.0]
    result = _jacobian(layout, x, y, dx, dy)
    assert result[0, 0] == np.inf
    assert result[1, 0] == -np.inf
    assert np.isfinite(result[:, 1:]).all()


@pytest.mark.parametrize("n", [1, 300], ids=["small", "blocked"])
def test_inf_times_zero_gives_nan(n: int) -> None:
    x, y, dx, dy = np.full(n, np.inf), np.ones(n), np.zeros((2, n)), np.zeros((2, n))
    with np.errstate(invalid="ignore"):  # no warning is promised either way
        result = hadamard_jacobian(x, y, DenominatorJacobian(dx), DenominatorJacobian(dy))
        tangent = hadamard_jvp(x, y, y, np.zeros(n))
    assert np.isnan(result.array).all()
    assert np.isnan(tangent).all()


def test_nan_propagates_through_vjp_and_jvp() -> None:
    x, y, g = np.array([np.nan, 1.0]), np.array([2.0, 3.0]), np.array([1.0, 1.0])
    gx, gy = hadamard_vjp(x, y, g)
    np.testing.assert_array_equal(gx, [2.0, 3.0])
    assert np.isnan(gy[0])
    assert gy[1] == 1.0
    assert np.isnan(hadamard_jvp(x, y, g, g)[0])


@pytest.mark.parametrize("batched", ["x", "y", "tx", "ty"])
def test_jvp_batch_may_come_from_any_one_argument(batched: str) -> None:
    args = {name: np.arange(1.0, 4.0) for name in ("x", "y", "tx", "ty")}
    args[batched] = np.stack([args[batched], 2 * args[batched]])  # shape (2, 3)
    result = hadamard_jvp(args["x"], args["y"], args["tx"], args["ty"])
    assert result.shape == (2, 3)
    expected = args["x"] * args["ty"] + args["y"] * args["tx"]
    np.testing.assert_array_equal(result, expected)


@pytest.mark.parametrize(
    ("name", "layout"),
    [("numerator", Layout.NUMERATOR), (" Denominator\n", Layout.DENOMINATOR)],
)
def test_layout_names_are_read_without_regard_to_case_or_spaces(name: str, layout: Layout) -> None:
    assert Layout.parse(name) is layout
