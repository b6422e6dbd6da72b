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
