"""The Hadamard-product rule: ∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y) (denominator layout)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from hadamard._jacobian import DenominatorJacobian, Jacobian, NumeratorJacobian
from hadamard._kernel import fused_multiply_add
from hadamard._layout import Layout
from hadamard._namespace import Namespace, is_numpy, library_name, namespace_of
from hadamard._validation import (
    as_array,
    broadcast_batch,
    describe_shapes,
    result_dtype,
    shape_of,
)
from hadamard.errors import ShapeError

__all__ = ["ArrayLike", "hadamard_jacobian", "hadamard_jvp", "hadamard_vjp"]

ArrayLike = Any
"""An array of any array API library (numpy, torch, JAX, CuPy, Dask, ...) or what numpy reads."""

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


def _sizes(letter: str, shape: tuple[int, ...], vector: bool) -> str:
    """``"N=3"`` for a vector's size, ``"N=(4, 5)"`` for a tensor's shape."""
    return f"{letter}={shape[0]}" if vector else f"{letter}={shape}"


def _names(letter: str, ndim: int) -> str:
    """``"..., N"`` or ``"..., N1, N2"``: the axes of x for ``ndim`` output axes."""
    names = [letter] if ndim == 1 else [f"{letter}{k + 1}" for k in range(ndim)]
    return ", ".join(["...", *names])


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

    Denominator layout (dx, dy are (..., M, N)): ``∂y/∂z diag(x) + ∂x/∂z diag(y)``, i.e.
    column i of ∂y/∂z scaled by x_i. Numerator layout (dx, dy are (..., N, M)):
    ``diag(x) ∂y/∂z + diag(y) ∂x/∂z``, i.e. row i scaled by x_i. Work is O(M·N). For tensors
    the Jacobians' ``input_ndim`` and ``output_ndim`` say which axes are z's and which are
    x's: entry by entry the rule is ``dy[..., j, i] x[..., i] + dx[..., j, i] y[..., i]`` with
    j running over z's axes and i over x's.

    Parameters
    ----------
    x, y : array
        The factors, shaped (..., N) (or ``(..., *output_shape)`` for tensors).
    dx, dy : DenominatorJacobian or NumeratorJacobian
        ∂x/∂z and ∂y/∂z, both in one layout.
    out : numpy.ndarray, optional
        For numpy input only: receives the result (as in numpy) and must have the full
        broadcast shape; it may overlap the inputs (the result is then built aside and copied).

    Returns
    -------
    DenominatorJacobian or NumeratorJacobian
        In the layout of ``dx``; its array is of the inputs' library, on their device.

    Raises
    ------
    ShapeError
        Shapes that do not fit: the message names the layout, every shape, M and N.
    TypeError
        ``dx`` or ``dy`` not wrapped, layouts mixed, arrays of two libraries, a bad ``out``.

    Notes
    -----
    Arrays of any array API library are accepted (numpy, torch, JAX under ``jit``, ``grad``
    and ``vmap``, CuPy, Dask, array-api-strict): the result is of the same library, device
    and dtype, and takes part in autograd. Leading batch dimensions broadcast. Integers
    promote to float64 (where the library has it); floating (bfloat16 and float16 included)
    and complex dtypes are kept. numpy arrays go through one cache-blocked pass (or the
    optional compiled loop) with no full-size temporary, bitwise equal to ``dy·x + dx·y``
    computed in the result dtype; other libraries use their own element-wise operations,
    with no copy through the host. NaN and Inf propagate per IEEE 754.

    Examples
    --------
    >>> import numpy as np
    >>> x, y = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    >>> dx = DenominatorJacobian(np.ones((3, 2)))
    >>> dy = DenominatorJacobian(np.zeros((3, 2)))
    >>> hadamard_jacobian(x, y, dx, dy).array
    array([[3., 4.],
           [3., 4.],
           [3., 4.]])
    """
    jx = _require_jacobian("dx", dx)
    jy = _require_jacobian("dy", dy)
    if type(jx) is not type(jy):
        convert = "to_denominator" if isinstance(jx, DenominatorJacobian) else "to_numerator"
        raise TypeError(
            f"dx is a {type(jx).__name__} but dy is a {type(jy).__name__}: both must be in one "
            f"layout; convert with dy.{convert}(); dx {jx.layout.axes}: M={jx.n_inputs}, "
            f"N={jx.n_outputs}, shape {shape_of(jx.array)}; dy {jy.layout.axes}: "
            f"M={jy.n_inputs}, N={jy.n_outputs}, shape {shape_of(jy.array)}"
        )
    layout = jx.layout
    inputs, outputs = jx.input_ndim, jx.output_ndim
    vector = inputs == 1 and outputs == 1
    core_axes = layout.core(inputs, outputs).removeprefix("(..., ").removesuffix(")")
    context = f"hadamard_jacobian ({layout.value} layout, dx and dy are (..., {core_axes}))"
    xp = namespace_of("hadamard_jacobian", [("x", x), ("y", y), ("dx", jx.array), ("dy", jy.array)])
    output_axes = f"({_names('N', outputs)})"
    xa = as_array(xp, "x", x, min_ndim=outputs, axes=output_axes)
    ya = as_array(xp, "y", y, min_ndim=outputs, axes=output_axes)
    dxa, dya = jx.array, jy.array
    named = [("x", shape_of(xa)), ("y", shape_of(ya)), ("dx", shape_of(dxa)), ("dy", shape_of(dya))]
    n = _trailing(named[0][1], outputs)
    m = jx.input_shape

    def clash(problem: str) -> ShapeError:
        inferred = f"{_sizes('M', m, vector)}, {_sizes('N', n, vector)}"
        return ShapeError(
            f"{context}: {problem}; inferred {inferred}; shapes: {describe_shapes(named)}"
        )

    if (jy.input_ndim, jy.output_ndim) != (inputs, outputs):
        raise clash(
            f"dy has input_ndim={jy.input_ndim}, output_ndim={jy.output_ndim} but dx has "
            f"input_ndim={inputs}, output_ndim={outputs}; wrap both with the same axes"
        )
    y_n = _trailing(named[1][1], outputs)
    if y_n != n:
        raise clash(f"y has {_sizes('N', y_n, vector)} outputs but x has {_sizes('N', n, vector)}")
    for name, jacobian in (("dx", jx), ("dy", jy)):
        if jacobian.output_shape != n:
            raise clash(
                f"{name} has {_sizes('N', jacobian.output_shape, vector)} outputs but x has "
                f"{_sizes('N', n, vector)}"
            )
    if jy.input_shape != m:
        raise clash(
            f"dy has {_sizes('M', jy.input_shape, vector)} inputs but dx has "
            f"{_sizes('M', m, vector)}"
        )
    batch_x = named[0][1][: len(named[0][1]) - outputs]
    batch_y = named[1][1][: len(named[1][1]) - outputs]
    batch = broadcast_batch(
        context,
        [("x", batch_x), ("y", batch_y), ("dx", jx.batch_shape), ("dy", jy.batch_shape)],
        describe_shapes(named),
    )
    core = m + n if layout is Layout.DENOMINATOR else n + m
    dtype = result_dtype(xp, xa, ya, dxa, dya)
    ones = (1,) * inputs

    def scaling(vector_batch: tuple[int, ...]) -> tuple[int, ...]:
        # x and y broadcast along z's axes: inserted before x's axes or after them.
        return vector_batch + (ones + n if layout is Layout.DENOMINATOR else n + ones)

    if not is_numpy(xp):
        if out is not None:
            raise TypeError(
                f"{context}: out= is for numpy arrays; these are {library_name(xa)} arrays, "
                "and the result is a new array of that library"
            )
        xs = xp.reshape(_cast(xp, xa, dtype), scaling(batch_x))
        ys = xp.reshape(_cast(xp, ya, dtype), scaling(batch_y))
        result = _cast(xp, dya, dtype) * xs + _cast(xp, dxa, dtype) * ys
        return type(jx)(result, inputs, outputs)

    target = _output(out, batch + core, dtype, context)
    xs, ys = xa.reshape(scaling(batch_x)), ya.reshape(scaling(batch_y))
    operands = [dya, xs, dxa, ys, target]
    if not vector:
        # The compiled loop wants (..., rows, columns): flatten z's and x's axes when no copy
        # is needed; otherwise the numpy pass takes the tensors as they are.
        flat = _flatten(operands, layout, inputs, outputs)
        operands = flat or operands
    dyo, xso, dxo, yso, outo = operands
    fused_multiply_add(dyo, xso, dxo, yso, outo, dtype, fresh=out is None)
    return type(jx)(target, inputs, outputs)


def _trailing(shape: tuple[int, ...], ndim: int) -> tuple[int, ...]:
    return shape[len(shape) - ndim :]


def _cast(xp: Namespace, array: Any, dtype: Any) -> Any:
    """``array`` in ``dtype``; the array itself when it already is (no copy)."""
    return array if array.dtype == dtype else xp.astype(array, dtype)


def _flatten(
    operands: list[NDArray[Any]],
    layout: Layout,
    inputs: int,
    outputs: int,
) -> list[NDArray[Any]] | None:
    """dy, xs, dx, ys, out with z's and f's axes each merged into one, or None if one would copy."""
    flat: list[NDArray[Any]] = []
    for operand in operands:
        batch = operand.shape[: operand.ndim - inputs - outputs]
        core = operand.shape[operand.ndim - inputs - outputs :]
        # Each group merges to its size; a broadcast (size-1) group stays 1.
        if layout is Layout.DENOMINATOR:
            first, second = math.prod(core[:inputs]), math.prod(core[inputs:])
        else:
            first, second = math.prod(core[:outputs]), math.prod(core[outputs:])
        try:
            flat.append(operand.reshape((*batch, first, second), copy=False))
        except ValueError:
            return None
    return flat


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


def _elementwise(context: str, named: Sequence[tuple[str, object]]) -> tuple[Namespace, list[Any]]:
    """The namespace and the named (..., N) arguments, checked to share N and to broadcast."""
    values = [value for _, value in named]
    first = getattr(values[0], "shape", None)
    if first and all(
        type(value) is np.ndarray and value.shape == first and value.dtype.kind in "fc"
        for value in values
    ):
        return np, values  # the common numpy call: nothing to convert, nothing to report
    xp = namespace_of(context.partition("(")[0], named)
    arrays = [as_array(xp, name, value, min_ndim=1, axes="(..., N)") for name, value in named]
    shapes = [shape_of(a) for a in arrays]
    if all(shape == shapes[0] for shape in shapes):
        return xp, arrays  # the common case, checked without building any message
    listed = describe_shapes([(name, s) for (name, _), s in zip(named, shapes, strict=True)])
    n = shapes[0][-1]
    for (name, _), shape in zip(named, shapes, strict=True):
        if shape[-1] != n:
            raise ShapeError(
                f"{context}: {name} has N={shape[-1]} but {named[0][0]} has N={n}; "
                f"every argument is (..., N); shapes: {listed}"
            )
    broadcast_batch(
        context, [(name, s[:-1]) for (name, _), s in zip(named, shapes, strict=True)], listed
    )
    return xp, arrays


def hadamard_vjp(x: ArrayLike, y: ArrayLike, g: ArrayLike) -> tuple[Any, Any]:
    """The backprop form: for g = ∂L/∂(x ⊙ y), return (∂L/∂x, ∂L/∂y) = (g ⊙ y, g ⊙ x).

    Parameters
    ----------
    x, y : array
        The factors, shaped (..., N); batch dimensions broadcast.
    g : array
        The incoming gradient ∂L/∂(x ⊙ y), shaped (..., N).

    Returns
    -------
    tuple of arrays
        ``(g ⊙ y, g ⊙ x)``, of the inputs' library, device and result dtype.

    Raises
    ------
    ShapeError
        The last axes differ, or the batch dimensions do not broadcast.
    TypeError
        A non-numeric argument, or arrays of two libraries.

    Notes
    -----
    Layout-free and O(N): no Jacobian is ever built. Under ``jax.jit`` and with torch tensors
    that require grad it is an ordinary differentiable function.

    Examples
    --------
    >>> import numpy as np
    >>> hadamard_vjp(np.array([1.0, 2.0]), np.array([3.0, 4.0]), np.array([1.0, 10.0]))
    (array([ 3., 40.]), array([ 1., 20.]))
    """
    xp, (xa, ya, ga) = _elementwise("hadamard_vjp(x, y, g)", [("x", x), ("y", y), ("g", g)])
    dtype = result_dtype(xp, xa, ya, ga)
    if is_numpy(xp):
        return np.multiply(ga, ya, dtype=dtype), np.multiply(ga, xa, dtype=dtype)
    gc = _cast(xp, ga, dtype)
    return gc * _cast(xp, ya, dtype), gc * _cast(xp, xa, dtype)


def hadamard_jvp(x: ArrayLike, y: ArrayLike, tx: ArrayLike, ty: ArrayLike) -> Any:
    """The forward form: the tangent of x ⊙ y along (tx, ty) is x ⊙ ty + y ⊙ tx.

    Parameters
    ----------
    x, y : array
        The factors, shaped (..., N).
    tx, ty : array
        Their tangents, shaped (..., N); batch dimensions broadcast.

    Returns
    -------
    array
        ``x ⊙ ty + y ⊙ tx``, of the inputs' library, device and result dtype.

    Raises
    ------
    ShapeError
        The last axes differ, or the batch dimensions do not broadcast.
    TypeError
        A non-numeric argument, or arrays of two libraries.

    Examples
    --------
    >>> import numpy as np
    >>> hadamard_jvp(np.array([1.0, 2.0]), np.array([3.0, 4.0]), np.ones(2), np.zeros(2))
    array([3., 4.])
    """
    xp, (xa, ya, txa, tya) = _elementwise(
        "hadamard_jvp(x, y, tx, ty)", [("x", x), ("y", y), ("tx", tx), ("ty", ty)]
    )
    dtype = result_dtype(xp, xa, ya, txa, tya)
    if not is_numpy(xp):
        return _cast(xp, xa, dtype) * _cast(xp, tya, dtype) + _cast(xp, ya, dtype) * _cast(
            xp, txa, dtype
        )
    shape = _broadcast(xa.shape, ya.shape, txa.shape, tya.shape)
    result: NDArray[np.inexact[Any]] = np.empty(shape, dtype)
    return fused_multiply_add(xa, tya, ya, txa, result, dtype, fresh=True)


def _broadcast(*shapes: tuple[int, ...]) -> tuple[int, ...]:
    first = shapes[0]
    if all(shape == first for shape in shapes):
        return first
    return tuple(np.broadcast_shapes(*shapes))
