"""The numeric core against independent oracles: autograd, the complex step, finite differences,
and the literal diag-matmul formula (seed equation 6-1-3 in each layout)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from autograd import jacobian
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.typing import NDArray

from hadamard import (
    DenominatorJacobian,
    Jacobian,
    Layout,
    NumeratorJacobian,
    hadamard_jacobian,
    hadamard_jvp,
    hadamard_vjp,
)
from tests.core.smooth import SmoothPair, central_difference_jacobian, complex_step_jacobian

sizes = st.integers(min_value=1, max_value=7)
seeds = st.integers(min_value=0, max_value=2**32 - 1)
layouts = st.sampled_from(list(Layout))


def rule(
    layout: Layout, x: NDArray[Any], y: NDArray[Any], jx: NDArray[Any], jy: NDArray[Any]
) -> NDArray[Any]:
    """Our rule on numerator-shaped (N, M) input Jacobians, answered in numerator shape."""
    if layout is Layout.DENOMINATOR:
        den = hadamard_jacobian(
            x,
            y,
            DenominatorJacobian(np.swapaxes(jx, -1, -2)),
            DenominatorJacobian(np.swapaxes(jy, -1, -2)),
        )
        assert den.array.shape[-2:] == (jx.shape[-1], jx.shape[-2])
        answer: NDArray[Any] = den.to_numerator().array
        return answer
    num = hadamard_jacobian(x, y, NumeratorJacobian(jx), NumeratorJacobian(jy))
    result: NDArray[Any] = num.array
    return result


def rule_in(layout: Layout, x: Any, y: Any, dx: Any, dy: Any) -> Jacobian:
    """Our rule on arrays already in ``layout`` (one overload per branch, as mypy requires)."""
    if layout is Layout.DENOMINATOR:
        return hadamard_jacobian(x, y, DenominatorJacobian(dx), DenominatorJacobian(dy))
    return hadamard_jacobian(x, y, NumeratorJacobian(dx), NumeratorJacobian(dy))


def close(actual: NDArray[Any], expected: NDArray[Any], dtype: Any) -> bool:
    """Agreement within a few ulps of the dtype, scaled by the size of the entries."""
    eps = float(np.finfo(dtype).eps)
    scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    return bool(np.allclose(actual, expected, rtol=64 * eps, atol=64 * eps * scale))


@given(n=sizes, m=sizes, seed=seeds, layout=layouts)
def test_rule_matches_autograd_jacobian_of_the_product(
    n: int, m: int, seed: int, layout: Layout
) -> None:
    pair = SmoothPair.random(n, m, seed)
    z = np.random.default_rng(seed + 1).normal(size=m)
    expected = jacobian(pair.product)(z)
    actual = rule(layout, pair.x(z), pair.y(z), jacobian(pair.x)(z), jacobian(pair.y)(z))
    assert actual.shape == (n, m)
    assert close(actual, expected, np.float64)


@given(n=sizes, m=sizes, seed=seeds, layout=layouts)
def test_rule_matches_the_complex_step(n: int, m: int, seed: int, layout: Layout) -> None:
    # No autograd anywhere: every Jacobian here comes from the complex step.
    pair = SmoothPair.random(n, m, seed)
    z = np.random.default_rng(seed + 2).normal(size=m)
    expected = complex_step_jacobian(pair.product, z, n)
    jx = complex_step_jacobian(pair.x, z, n)
    jy = complex_step_jacobian(pair.y, z, n)
    assert close(rule(layout, pair.x(z), pair.y(z), jx, jy), expected, np.float64)


@given(n=sizes, m=sizes, seed=seeds, layout=layouts)
def test_float32_rule_matches_central_differences(
    n: int, m: int, seed: int, layout: Layout
) -> None:
    pair = SmoothPair.random(n, m, seed)
    z = np.random.default_rng(seed + 3).normal(size=m)
    expected = central_difference_jacobian(pair.product, z, n)
    f32 = np.float32
    actual = rule(
        layout,
        pair.x(z).astype(f32),
        pair.y(z).astype(f32),
        jacobian(pair.x)(z).astype(f32),
        jacobian(pair.y)(z).astype(f32),
    )
    assert actual.dtype == f32
    # float32 rounding of the inputs dominates; the difference quotient adds ~1e-9.
    scale = max(1.0, float(np.max(np.abs(expected))))
    assert np.allclose(actual, expected, rtol=1e-5, atol=1e-5 * scale)


@given(n=sizes, m=sizes, batch=st.integers(1, 4), seed=seeds, layout=layouts)
def test_batched_rule_matches_autograd_per_item(
    n: int, m: int, batch: int, seed: int, layout: Layout
) -> None:
    pair = SmoothPair.random(n, m, seed)
    zs = np.random.default_rng(seed + 4).normal(size=(batch, m))
    x = np.stack([pair.x(z) for z in zs])
    y = np.stack([pair.y(z) for z in zs])
    jx = np.stack([jacobian(pair.x)(z) for z in zs])
    jy = np.stack([jacobian(pair.y)(z) for z in zs])
    expected = np.stack([jacobian(pair.product)(z) for z in zs])
    actual = rule(layout, x, y, jx, jy)
    assert actual.shape == (batch, n, m)
    assert close(actual, expected, np.float64)


def literal(layout: Layout, x: Any, y: Any, dx: Any, dy: Any) -> Any:
    """6-1-3 exactly as written, with diag(·) formed and multiplied."""
    if layout is Layout.DENOMINATOR:
        return dy @ np.diag(x) + dx @ np.diag(y)
    return np.diag(x) @ dy + np.diag(y) @ dx


elements = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@st.composite
def literal_cases(draw: st.DrawFn) -> tuple[Layout, Any, Any, Any, Any, Any]:
    layout = draw(layouts)
    n, m = draw(st.integers(0, 6)), draw(st.integers(0, 6))
    dtype = draw(st.sampled_from([np.float32, np.float64, np.complex128]))
    core = (m, n) if layout is Layout.DENOMINATOR else (n, m)

    def arrays(shape: tuple[int, ...]) -> Any:
        real = draw(hnp.arrays(np.float64, shape, elements=elements))
        if dtype is np.complex128:
            return real + 1j * draw(hnp.arrays(np.float64, shape, elements=elements))
        return real.astype(dtype)

    return layout, dtype, arrays((n,)), arrays((n,)), arrays(core), arrays(core)


@given(literal_cases())
def test_rule_matches_the_literal_diag_matmul(
    case: tuple[Layout, Any, Any, Any, Any, Any],
) -> None:
    layout, dtype, x, y, dx, dy = case
    actual = rule_in(layout, x, y, dx, dy)
    assert actual.layout is layout
    assert actual.array.dtype == np.dtype(dtype)
    expected = literal(layout, x, y, dx, dy)
    eps = float(np.finfo(dtype).eps)
    assert np.allclose(actual.array, expected, rtol=8 * eps, atol=8 * eps * 1e6)


@given(n=sizes, seed=seeds, batch=st.integers(0, 3))
def test_vjp_matches_autograd_gradient(n: int, seed: int, batch: int) -> None:
    rng = np.random.default_rng(seed)
    shape = (batch, n) if batch else (n,)
    x, y, g = rng.normal(size=shape), rng.normal(size=shape), rng.normal(size=shape)
    gx, gy = hadamard_vjp(x, y, g)

    def loss(x_: Any, y_: Any) -> Any:
        return (g * x_ * y_).sum()

    from autograd import grad

    assert np.allclose(gx, grad(loss, 0)(x, y), rtol=1e-14, atol=1e-14)
    assert np.allclose(gy, grad(loss, 1)(x, y), rtol=1e-14, atol=1e-14)


@given(n=sizes, m=sizes, seed=seeds)
def test_jvp_is_the_jacobian_applied_to_the_tangent(n: int, m: int, seed: int) -> None:
    pair = SmoothPair.random(n, m, seed)
    rng = np.random.default_rng(seed + 5)
    z, t = rng.normal(size=m), rng.normal(size=m)
    jx, jy = jacobian(pair.x)(z), jacobian(pair.y)(z)
    tangent = hadamard_jvp(pair.x(z), pair.y(z), jx @ t, jy @ t)
    assert close(tangent, jacobian(pair.product)(z) @ t, np.float64)


@pytest.mark.parametrize("layout", list(Layout))
def test_integer_input_promotes_to_float64(layout: Layout) -> None:
    x, y = np.array([1, 2]), np.array([3, 4])
    dx, dy = np.arange(6).reshape(3, 2), np.ones((3, 2), dtype=np.int64)
    if layout is Layout.NUMERATOR:
        dx, dy = dx.T, dy.T
    result = rule_in(layout, x, y, dx, dy)
    assert result.array.dtype == np.float64
    assert np.array_equal(result.array, literal(layout, x, y, dx, dy))
