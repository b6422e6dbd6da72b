"""Result dtypes: every argument takes part in promotion; integers become float64.

Each row makes exactly one argument complex (or float32 everywhere), so an implementation that
forgets one argument when choosing the result dtype is caught at that argument.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from hadamard import (
    DenominatorJacobian,
    NumeratorJacobian,
    hadamard_jacobian,
    hadamard_jvp,
    hadamard_vjp,
)
from hadamard._kernel import BLOCK_BYTES, fused_multiply_add

N, M = 3, 2


def _jacobian(x: Any, y: Any, dx: Any, dy: Any) -> list[NDArray[Any]]:
    return [hadamard_jacobian(x, y, DenominatorJacobian(dx), DenominatorJacobian(dy)).array]


def _jacobian_numerator(x: Any, y: Any, dx: Any, dy: Any) -> list[NDArray[Any]]:
    result = hadamard_jacobian(x, y, NumeratorJacobian(dx.T), NumeratorJacobian(dy.T))
    return [result.to_denominator().array]


def _vjp(x: Any, y: Any, g: Any) -> list[NDArray[Any]]:
    return list(hadamard_vjp(x, y, g))


def _jvp(x: Any, y: Any, tx: Any, ty: Any) -> list[NDArray[Any]]:
    return [hadamard_jvp(x, y, tx, ty)]


FUNCTIONS: list[tuple[str, Callable[..., list[NDArray[Any]]], list[tuple[int, ...]]]] = [
    ("jacobian", _jacobian, [(N,), (N,), (M, N), (M, N)]),
    ("jacobian-numerator", _jacobian_numerator, [(N,), (N,), (M, N), (M, N)]),
    ("vjp", _vjp, [(N,), (N,), (N,)]),
    ("jvp", _jvp, [(N,), (N,), (N,), (N,)]),
]

ONE_COMPLEX = [
    pytest.param(func, shapes, position, id=f"{name}-arg{position}-complex")
    for name, func, shapes in FUNCTIONS
    for position in range(len(shapes))
]


def _reference(func: Callable[..., list[NDArray[Any]]], args: list[NDArray[Any]]) -> list[Any]:
    """The same call in complex128 arithmetic, for the values."""
    return func(*(a.astype(np.complex128) for a in args))


@pytest.mark.parametrize(("func", "shapes", "position"), ONE_COMPLEX)
def test_one_complex_argument_makes_the_result_complex(
    func: Callable[..., list[NDArray[Any]]], shapes: list[tuple[int, ...]], position: int
) -> None:
    rng = np.random.default_rng(position)
    args = [rng.integers(-5, 5, size=shape) for shape in shapes]
    args[position] = args[position] + 1j * rng.integers(1, 5, size=shapes[position])
    results = func(*args)
    assert [r.dtype for r in results] == [np.dtype(np.complex128)] * len(results)
    for got, want in zip(results, _reference(func, args), strict=True):
        np.testing.assert_allclose(got, want)


@pytest.mark.parametrize(("name", "func", "shapes"), FUNCTIONS, ids=[f[0] for f in FUNCTIONS])
def test_integers_promote_to_float64(
    name: str, func: Callable[..., list[NDArray[Any]]], shapes: list[tuple[int, ...]]
) -> None:
    args = [
        np.arange(1, 1 + int(np.prod(shape)), dtype=np.int32).reshape(shape) for shape in shapes
    ]
    results = func(*args)
    assert [r.dtype for r in results] == [np.dtype(np.float64)] * len(results)
    for got, want in zip(results, _reference(func, args), strict=True):
        np.testing.assert_array_equal(got, want.real)


@pytest.mark.parametrize(("name", "func", "shapes"), FUNCTIONS, ids=[f[0] for f in FUNCTIONS])
def test_float32_is_kept(
    name: str, func: Callable[..., list[NDArray[Any]]], shapes: list[tuple[int, ...]]
) -> None:
    args = [np.full(shape, 0.5, dtype=np.float32) for shape in shapes]
    results = func(*args)
    assert [r.dtype for r in results] == [np.dtype(np.float32)] * len(results)


def test_integer_products_are_taken_in_float64_not_wrapped_in_int64() -> None:
    big = np.array([2**62, 3], dtype=np.int64)  # 2**62 * 4 overflows int64
    four = np.array([4, 4], dtype=np.int64)
    zero = np.zeros(2, dtype=np.int64)
    np.testing.assert_array_equal(hadamard_jvp(big, zero, zero, four), [2.0**64, 12.0])
    np.testing.assert_array_equal(hadamard_jvp(zero, big, four, zero), [2.0**64, 12.0])
    gx, gy = hadamard_vjp(big, big, four)
    np.testing.assert_array_equal(gx, [2.0**64, 12.0])
    np.testing.assert_array_equal(gy, [2.0**64, 12.0])


def test_out_may_be_a_smaller_float_of_the_same_kind() -> None:
    # As numpy's own out=: same-kind casting, so float64 results may land in float32.
    x, dx = np.ones(N), DenominatorJacobian(np.full((M, N), 2.0))
    out = np.zeros((M, N), dtype=np.float32)
    result = hadamard_jacobian(x, x, dx, dx, out=out)
    np.testing.assert_array_equal(out, np.full((M, N), 4.0, dtype=np.float32))
    assert np.shares_memory(result.array, out)


# The kernel computes in the compute dtype whatever the dtypes of its operands and of out.


def test_an_overlapping_complex_out_is_built_in_the_compute_dtype() -> None:
    rng = np.random.default_rng(5)
    dy = rng.standard_normal((5, 3)) + 1j * rng.standard_normal((5, 3))
    dx = rng.standard_normal((5, 3)) + 1j * rng.standard_normal((5, 3))
    x, y = dy[:1].copy(), dx[2:3].copy()
    want = np.multiply(dy, x) + np.multiply(dx, y)
    fused_multiply_add(dy, x, dx, y, dx, dx.dtype, compiled=False)
    np.testing.assert_array_equal(dx, want, strict=True)


def test_a_zero_dimensional_sum_is_rounded_in_the_compute_dtype() -> None:
    """out wider than the compute dtype: the sum is still rounded to float32 before storing."""
    one, tiny = np.array(1.0), np.array(2.0**-30)
    out = np.empty((), np.float64)
    fused_multiply_add(one, one, tiny, one, out, np.dtype(np.float32))
    assert out == 1.0  # 1 + 2**-30 in float32; float64 would keep the tiny part


@pytest.mark.parametrize("block_bytes", [BLOCK_BYTES, 2 * 8], ids=["one-block", "blocked"])
@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 4)], ids=str)
def test_blocks_compute_products_and_sum_in_the_compute_dtype(
    shape: tuple[int, ...], block_bytes: int
) -> None:
    """float32 inputs, float64 compute: products exact; float64 out, float32 compute: sum rounded.

    (1 + 2**-12)**2 = 1 + 2**-11 + 2**-24 needs 25 significant bits: float64 keeps it, float32
    rounds it away; 1 + 2**-30 is 1 in float32.
    """
    near = np.full(shape, 1 + 2.0**-12, np.float32)
    wide = np.empty(shape, np.float64)
    # Small outputs take three ufunc calls; 2-element blocks take the planned path.
    f64, f32 = np.dtype(np.float64), np.dtype(np.float32)
    fused_multiply_add(near, near, near, near, wide, f64, compiled=False, block_bytes=block_bytes)
    assert (wide == 2 * (1 + 2.0**-11 + 2.0**-24)).all()
    one, tiny = np.ones(shape), np.full(shape, 2.0**-30)
    fused_multiply_add(one, one, tiny, one, wide, f32, compiled=False, block_bytes=block_bytes)
    assert (wide == 1.0).all()
