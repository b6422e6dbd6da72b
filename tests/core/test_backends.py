"""Any array library in, the same library out: numpy, torch, JAX, array-api-strict and Dask.

Every backend gets the same data; its answers must be its own arrays, in the input dtype, and
equal to numpy's (bitwise where the arithmetic is the same IEEE products and sum).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from hadamard import (
    DenominatorJacobian,
    Layout,
    NumeratorJacobian,
    ShapeError,
    hadamard_jacobian,
    hadamard_jvp,
    hadamard_vjp,
)
from tests.core.backends import BACKEND_NAMES, Backend, backend

Array = NDArray[Any]


def data(seed: int, *shapes: tuple[int, ...], dtype: Any = np.float64) -> list[Array]:
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape).astype(dtype) for shape in shapes]


def wrap(layout: Layout, array: Any, **ndims: int) -> Any:
    if layout is Layout.DENOMINATOR:
        return DenominatorJacobian(array, **ndims)
    return NumeratorJacobian(array, **ndims)


def numpy_rule(
    layout: Layout, x: Array, y: Array, dx: Array, dy: Array, inputs: int = 1, outputs: int = 1
) -> Array:
    """dy·x + dx·y with x broadcast along z's ``inputs`` axes (x has ``outputs`` axes)."""
    xs, ys = x, y
    for _ in range(inputs):
        axis = -outputs - 1 if layout is Layout.DENOMINATOR else xs.ndim
        xs, ys = np.expand_dims(xs, axis), np.expand_dims(ys, axis)
    result: Array = dy * xs + dx * ys
    return result


@pytest.mark.parametrize("layout", list(Layout), ids=lambda lay: lay.value)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_jacobian_returns_the_inputs_library_and_dtype(
    xp: Backend, layout: Layout, dtype: str
) -> None:
    core = (3, 4) if layout is Layout.DENOMINATOR else (4, 3)
    x, y, dx, dy = data(1, (2, 4), (2, 4), (2, *core), (2, *core), dtype=dtype)
    args = [xp.asarray(a) for a in (x, y, dx, dy)]
    result = hadamard_jacobian(args[0], args[1], wrap(layout, args[2]), wrap(layout, args[3]))
    assert xp.is_own(result.array)
    assert result.array.dtype == xp.dtype(dtype)
    assert tuple(result.array.shape) == (2, *core)
    assert (result.batch_shape, result.n_inputs, result.n_outputs) == ((2,), 3, 4)
    want = numpy_rule(layout, x, y, dx, dy)
    np.testing.assert_allclose(xp.to_numpy(result.array), want, rtol=1e-6)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_vjp_and_jvp_return_the_inputs_library_and_dtype(xp: Backend, dtype: str) -> None:
    x, y, g, tx, ty = data(2, *[(3, 5)] * 5, dtype=dtype)
    gx, gy = hadamard_vjp(xp.asarray(x), xp.asarray(y), xp.asarray(g))
    tangent = hadamard_jvp(*(xp.asarray(a) for a in (x, y, tx, ty)))
    for answer, want in ((gx, g * y), (gy, g * x), (tangent, x * ty + y * tx)):
        assert xp.is_own(answer)
        assert answer.dtype == xp.dtype(dtype)
        np.testing.assert_array_equal(xp.to_numpy(answer), want)


def test_integers_promote_to_float64(xp: Backend) -> None:
    ints = [np.arange(1, 7).reshape(2, 3) for _ in range(3)]
    gx, _ = hadamard_vjp(*(xp.asarray(a) for a in ints))
    assert gx.dtype == xp.dtype("float64")
    np.testing.assert_array_equal(xp.to_numpy(gx), ints[0] * ints[0])


@pytest.mark.parametrize("name", ["torch", "jax"])
@pytest.mark.parametrize("dtype", ["bfloat16", "float16"])
def test_half_precision_is_kept_where_the_library_has_it(name: str, dtype: str) -> None:
    lib = backend(name)
    x, y, dx, dy = data(3, (4,), (4,), (2, 4), (2, 4), dtype=np.float32)
    half = lib.dtype(dtype)
    args = [lib.xp.astype(lib.asarray(a), half) for a in (x, y, dx, dy)]
    result = hadamard_jacobian(
        args[0], args[1], DenominatorJacobian(args[2]), DenominatorJacobian(args[3])
    )
    assert result.array.dtype == half
    gx, gy = hadamard_vjp(args[0], args[1], args[0])
    assert gx.dtype == gy.dtype == half
    assert hadamard_jvp(*args[:2], *args[:2]).dtype == half
    wide = [lib.to_numpy(lib.xp.astype(a, lib.dtype("float32"))).astype(np.float64) for a in args]
    exact = numpy_rule(Layout.DENOMINATOR, wide[0], wide[1], wide[2], wide[3])
    got = lib.to_numpy(lib.xp.astype(result.array, lib.dtype("float32")))  # numpy has no bf16
    np.testing.assert_allclose(got, exact, rtol=2**-6, atol=2**-6)


def test_numpy_float16_is_kept() -> None:
    x = np.ones(3, np.float16)
    assert hadamard_jvp(x, x, x, x).dtype == np.float16


@pytest.mark.parametrize("layout", list(Layout), ids=lambda lay: lay.value)
def test_results_stay_on_the_inputs_device(xp: Backend, layout: Layout) -> None:
    import array_api_compat

    x, dx = data(4, (3,), (3, 3))
    args = [xp.asarray(a) for a in (x, dx)]
    result = hadamard_jacobian(args[0], args[0], wrap(layout, args[1]), wrap(layout, args[1]))
    assert array_api_compat.device(result.array) == array_api_compat.device(args[0])


def test_conversions_between_layouts_stay_in_the_library(xp: Backend) -> None:
    (a,) = data(5, (2, 3, 4, 5))
    den = DenominatorJacobian(xp.asarray(a), input_ndim=1, output_ndim=2)
    num = den.to_numerator()
    assert xp.is_own(num.array)
    assert (num.input_shape, num.output_shape, num.batch_shape) == ((3,), (4, 5), (2,))
    np.testing.assert_array_equal(xp.to_numpy(num.array), np.moveaxis(a, 1, -1))
    np.testing.assert_array_equal(xp.to_numpy(num.to_denominator().array), a)


MIXES = [("numpy", "torch"), ("torch", "jax"), ("jax", "numpy"), ("array_api_strict", "numpy")]


@pytest.mark.parametrize(("first", "second"), MIXES, ids=["-".join(m) for m in MIXES])
def test_mixing_libraries_is_one_line_naming_both(first: str, second: str) -> None:
    a, b = backend(first), backend(second)
    (x,) = data(6, (3,))
    with pytest.raises(TypeError) as info:
        hadamard_vjp(a.asarray(x), b.asarray(x), a.asarray(x))
    assert str(info.value) == (
        f"hadamard_vjp: x is from {first} but y is from {second}; pass arrays of one library "
        "(convert with that library's asarray, on the same device)"
    )
    with pytest.raises(TypeError, match=f"x is from {first} but dy is from {second}"):
        hadamard_jacobian(
            a.asarray(x),
            a.asarray(x),
            DenominatorJacobian(a.asarray(np.ones((2, 3)))),
            DenominatorJacobian(b.asarray(np.ones((2, 3)))),
        )


@pytest.mark.parametrize("name", [n for n in BACKEND_NAMES if n != "numpy"])
def test_out_is_for_numpy_only(name: str) -> None:
    """numpy accepts out= (tests/core/test_kernel.py); every other library says no, by name."""
    xp = backend(name)
    x, dx = (xp.asarray(a) for a in data(7, (3,), (2, 3)))
    with pytest.raises(TypeError, match=f"out= is for numpy arrays; these are {xp.name} arrays"):
        hadamard_jacobian(
            x, x, DenominatorJacobian(dx), DenominatorJacobian(dx), out=np.empty((2, 3))
        )


def test_bad_shapes_name_the_argument_for_every_library(xp: Backend) -> None:
    x, dx, bad = (xp.asarray(a) for a in data(8, (3,), (2, 3), (2, 4)))
    with pytest.raises(ShapeError, match=r"dy has N=4 outputs but x has N=3.*dy=\(2, 4\)"):
        hadamard_jacobian(x, x, DenominatorJacobian(dx), DenominatorJacobian(bad))
    with pytest.raises(ShapeError, match=r"hadamard_vjp\(x, y, g\): g has N=4 but x has N=3"):
        hadamard_vjp(x, x, xp.asarray(np.ones(4)))


def test_booleans_are_refused_by_every_library(xp: Backend) -> None:
    flags = xp.asarray(np.ones(3, dtype=bool))
    with pytest.raises(TypeError, match=r"x has dtype .*bool.*; the rule needs integer"):
        hadamard_jvp(flags, xp.asarray(np.ones(3)), flags, flags)


def test_python_lists_beside_arrays_join_their_library(xp: Backend) -> None:
    (x,) = data(9, (3,))
    gx, gy = hadamard_vjp(xp.asarray(x), [1.0, 2.0, 3.0], xp.asarray(x))
    assert xp.is_own(gx)
    np.testing.assert_allclose(xp.to_numpy(gx), x * [1.0, 2.0, 3.0])
    np.testing.assert_allclose(xp.to_numpy(gy), x * x)


@pytest.mark.parametrize("odd", ["y", "dx", "dy"])
def test_the_jacobian_names_whichever_argument_is_of_another_library(odd: str) -> None:
    strict = backend("array_api_strict")

    def of(name: str, value: NDArray[Any]) -> Any:
        return strict.asarray(value) if name == odd else value

    args = {
        "x": np.ones(3),
        "y": of("y", np.ones(3)),
        "dx": DenominatorJacobian(of("dx", np.ones((2, 3)))),
        "dy": DenominatorJacobian(of("dy", np.ones((2, 3)))),
    }
    expected = f"hadamard_jacobian: x is from numpy but {odd} is from array_api_strict; "
    with pytest.raises(TypeError, match=f"^{re.escape(expected)}"):
        hadamard_jacobian(*args.values())


def test_a_list_no_library_can_read_is_refused_by_name() -> None:
    strict = backend("array_api_strict")
    x = strict.asarray(np.ones(2))
    with pytest.raises(TypeError, match=r"^y must be a numeric array, got list: .+"):
        hadamard_vjp(x, [[1.0, 2.0], [3.0]], x)


def test_a_0d_array_of_another_library_is_refused_with_the_axes_it_needs() -> None:
    strict = backend("array_api_strict")
    scalar, vector = strict.asarray(np.array(2.0)), strict.asarray(np.ones(3))
    expected = "x must have at least 1 dimension, shaped (..., N), got shape ()"
    with pytest.raises(ShapeError, match=f"^{re.escape(expected)}$"):
        hadamard_vjp(scalar, vector, vector)


def test_integers_become_the_default_float_where_a_library_has_no_float64() -> None:
    jax = pytest.importorskip("jax")
    with jax.enable_x64(False):
        ints = jax.numpy.arange(3)
        assert hadamard_jvp(ints, ints, ints, ints).dtype == jax.numpy.float32
        gx, gy = hadamard_vjp(ints, ints, ints)
        assert gx.dtype == gy.dtype == jax.numpy.float32


class _Refusing:
    """An array-like whose library refuses to give its namespace."""

    def __array_namespace__(self, api_version: str | None = None) -> None:
        raise TypeError("no namespace")


def test_an_object_of_no_array_library_is_one_sentence_naming_it() -> None:
    expected = (
        "hadamard_vjp: x is a _Refusing from tests, which is not an array of any array API "
        "library; pass a numpy, torch, JAX, CuPy, Dask or other array API array"
    )
    with pytest.raises(TypeError, match=f"^{re.escape(expected)}$"):
        hadamard_vjp(_Refusing(), [1.0], [1.0])
