"""The Hadamard-product rule: ∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y) (denominator layout)."""

from __future__ import annotations

from typing import Any, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hadamard._jacobian import DenominatorJacobian, Jacobian, NumeratorJacobian
from hadamard._kernel import fused_multiply_add
from hadamard._layout import Layout
from hadamard._validation import (
    as_numeric_array,
    broadcast_batch,
    describe_shapes,
    result_dtype,
)
from hadamard.errors import ShapeError

__all__ = ["hadamard_jacobian", "hadamard_jvp", "hadamard_vjp"]

_JACOBIAN_TYPES = (DenominatorJacobian, NumeratorJacobian)


def _require_jacobian(name: str, value: object) -> Jacobian:
    if isinstance(value, _JACOBIAN_TYPES):
        return value
    shape = getattr(value, "shape", None)
    shaped = f" of shape {tuple(shape)}" if isinstance(shape, tuple) else ""
    raise TypeError(
        f"{name} must be a DenominatorJacobian or a NumeratorJacobian, got "
        f"{type(value).__name__}{shaped}; wrap the array to state its layout, e.g. "
        f"DenominatorJacobian({name}) for an (..., M, N) array or "
        f"NumeratorJacobian({name}) for an (..., N, M) array"
    )


@overload
def hadamard_jacobian(
    x: ArrayLike,
    y: ArrayLike,
    dx: DenominatorJacobian,
    dy: DenominatorJacobian,
    *,
    out: NDArray[Any] | None = None,
) -> DenominatorJacobian: ...
@overload
def hadamard_jacobian(
    x: ArrayLike,
    y: ArrayLike,
    dx: NumeratorJacobian,
    dy: NumeratorJacobian,
    *,
    out: NDArray[Any] | None = None,
) -> NumeratorJacobian: ...
def hadamard_jacobian(
    x: ArrayLike,
    y: ArrayLike,
    dx: Jacobian,
    dy: Jacobian,
    *,
    out: NDArray[Any] | None = None,
) -> Jacobian:
    """∂(x ⊙ y)/∂z, in the layout of ``dx`` and ``dy``, without ever forming diag(·).

    Denominator layout (dx, dy are (..., M, N)): ``∂y/∂z diag(x) + ∂x/∂z diag(y)``,
    i.e. column i of ∂y/∂z scaled by x_i. Numerator layout (dx, dy are (..., N, M)):
    ``diag(x) ∂y/∂z + diag(y) ∂x/∂z``, i.e. row i scaled by x_i. Work is O(M·N).

    x and y are (..., N); leading batch dimensions broadcast. Integer input promotes to
    float64; float32, float64 and complex are preserved. ``out``, if given, receives the
    result (as in numpy) and must have the full broadcast shape; it may overlap the inputs
    (the result is then built aside and copied in). One cache-blocked pass, no full-size
    temporary; bitwise equal to ``dy·x + dx·y`` computed in the result dtype. NaN and Inf
    are not checked: they propagate per IEEE 754 (∞·0 gives NaN, with no warning promised).
    """
    jx = _require_jacobian("dx", dx)
    jy = _require_jacobian("dy", dy)
    if type(jx) is not type(jy):
        convert = "to_denominator" if isinstance(jx, DenominatorJacobian) else "to_numerator"
        raise TypeError(
            f"dx is a {type(jx).__name__} but dy is a {type(jy).__name__}: both must be in one "
            f"layout; convert with dy.{convert}(); dx {jx.layout.axes}: M={jx.n_inputs}, "
            f"N={jx.n_outputs}, shape {jx.array.shape}; dy {jy.layout.axes}: M={jy.n_inputs}, "
            f"N={jy.n_outputs}, shape {jy.array.shape}"
        )
    layout = jx.layout
    xa = as_numeric_array("x", x, min_ndim=1)
    ya = as_numeric_array("y", y, min_ndim=1)
    dxa, dya = jx.array, jy.array
    shapes = describe_shapes(
        [("x", xa.shape), ("y", ya.shape), ("dx", dxa.shape), ("dy", dya.shape)]
    )
    n = xa.shape[-1]
    m = jx.n_inputs
    context = f"hadamard_jacobian ({layout.value} layout, dx and dy are (..., {layout.axes[1:-1]}))"

    def clash(problem: str) -> ShapeError:
        return ShapeError(f"{context}: {problem}; inferred M={m}, N={n}; shapes: {shapes}")

    if ya.shape[-1] != n:
        raise clash(f"y has N={ya.shape[-1]} outputs but x has N={n}")
    if jx.n_outputs != n:
        raise clash(f"dx has N={jx.n_outputs} outputs but x has N={n}")
    if jy.n_outputs != n:
        raise clash(f"dy has N={jy.n_outputs} outputs but x has N={n}")
    if jy.n_inputs != m:
        raise clash(f"dy has M={jy.n_inputs} inputs but dx has M={m}")
    batch = broadcast_batch(
        context,
        [
            ("x", xa.shape[:-1]),
            ("y", ya.shape[:-1]),
            ("dx", dxa.shape[:-2]),
            ("dy", dya.shape[:-2]),
        ],
        shapes,
    )
    core = (m, n) if layout is Layout.DENOMINATOR else (n, m)
    dtype = result_dtype(xa, ya, dxa, dya)
    target = _output(out, batch + core, dtype, context)

    if layout is Layout.DENOMINATOR:
        # Column i scaled by x_i: x broadcasts along the M axis.
        xs, ys = xa[..., np.newaxis, :], ya[..., np.newaxis, :]
    else:
        # Row i scaled by x_i: x broadcasts along the M axis, which is last here.
        xs, ys = xa[..., :, np.newaxis], ya[..., :, np.newaxis]
    # One cache-blocked pass: dy·x + dx·y without a full-size temporary (hadamard/_kernel.py).
    fused_multiply_add(dya, xs, dxa, ys, target, dtype)
    return type(jx)(target)


def _output(
    out: NDArray[Any] | None, shape: tuple[int, ...], dtype: np.dtype[Any], context: str
) -> NDArray[Any]:
    """A fresh result array, or ``out`` after checking its type, shape, dtype and writability."""
    if out is None:
        return np.empty(shape, dtype=dtype)
    if not isinstance(out, np.ndarray):
        raise TypeError(f"{context}: out must be a numpy array, got {type(out).__name__}")
    if out.shape != shape:
        raise ShapeError(f"{context}: out has shape {out.shape} but the result has shape {shape}")
    if not np.can_cast(dtype, out.dtype, casting="same_kind"):
        raise TypeError(f"{context}: out has dtype {out.dtype}, which cannot hold {dtype} results")
    if not out.flags.writeable:
        raise ValueError(f"{context}: out is read-only")
    return out


def _vectors(context: str, named: list[tuple[str, ArrayLike]]) -> list[NDArray[Any]]:
    """The named (..., N) arguments as arrays with one N, or ``ShapeError`` listing every shape."""
    arrays = [as_numeric_array(name, value, min_ndim=1) for name, value in named]
    shapes = describe_shapes([(name, a.shape) for (name, _), a in zip(named, arrays, strict=True)])
    n = arrays[0].shape[-1]
    for (name, _), a in zip(named, arrays, strict=True):
        if a.shape[-1] != n:
            raise ShapeError(
                f"{context}: {name} has N={a.shape[-1]} but {named[0][0]} has N={n}; "
                f"every argument is (..., N); shapes: {shapes}"
            )
    broadcast_batch(
        context, [(name, a.shape[:-1]) for (name, _), a in zip(named, arrays, strict=True)], shapes
    )
    return arrays


def hadamard_vjp(
    x: ArrayLike, y: ArrayLike, g: ArrayLike
) -> tuple[NDArray[np.inexact[Any]], NDArray[np.inexact[Any]]]:
    """The backprop form: for g = ∂L/∂(x ⊙ y), return (∂L/∂x, ∂L/∂y) = (g ⊙ y, g ⊙ x).

    Layout-free and O(N): no Jacobian is ever built. Batch dimensions broadcast.
    """
    xa, ya, ga = _vectors("hadamard_vjp(x, y, g)", [("x", x), ("y", y), ("g", g)])
    dtype = result_dtype(xa, ya, ga)
    return np.multiply(ga, ya, dtype=dtype), np.multiply(ga, xa, dtype=dtype)


def hadamard_jvp(
    x: ArrayLike, y: ArrayLike, tx: ArrayLike, ty: ArrayLike
) -> NDArray[np.inexact[Any]]:
    """The forward form: the tangent of x ⊙ y along (tx, ty) is x ⊙ ty + y ⊙ tx."""
    xa, ya, txa, tya = _vectors(
        "hadamard_jvp(x, y, tx, ty)", [("x", x), ("y", y), ("tx", tx), ("ty", ty)]
    )
    dtype = result_dtype(xa, ya, txa, tya)
    shape = np.broadcast_shapes(xa.shape, ya.shape, txa.shape, tya.shape)
    result: NDArray[np.inexact[Any]] = np.empty(shape, dtype)
    return fused_multiply_add(xa, tya, ya, txa, result, dtype)
