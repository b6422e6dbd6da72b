"""Argument checks shared by the core: dtypes, dimensions and batch shapes, echoed by name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hadamard._namespace import Namespace, is_numpy
from hadamard.errors import ShapeError

__all__ = [
    "as_array",
    "as_numeric_array",
    "broadcast_batch",
    "describe_shapes",
    "result_dtype",
    "shape_of",
]

# Kinds the rule is defined for: signed/unsigned integers, floats and complex (bool is refused).
_INTEGER_KINDS = frozenset("iu")
_FLOAT_KINDS = frozenset("fc")
_REFUSED = (
    "the rule needs integer, real floating or complex values (bool, object, string "
    "and datetime arrays are refused)"
)


def _dimensions(name: str, shape: tuple[int, ...], min_ndim: int, axes: str) -> None:
    if len(shape) < min_ndim:
        raise ShapeError(
            f"{name} must have at least {min_ndim} dimension{'s' if min_ndim != 1 else ''}, "
            f"shaped {axes}, got shape {shape}"
        )


def as_numeric_array(name: str, value: ArrayLike, *, min_ndim: int, axes: str) -> NDArray[Any]:
    """``value`` as a numeric numpy array (no copy), or ``TypeError``/``ShapeError`` naming it.

    ``axes`` is the expected trailing shape, quoted in the message when ``value`` has too few
    dimensions. NaN and Inf are numbers here: they are accepted and propagate per IEEE 754.
    """
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be a numeric array, got {type(value).__name__}: {exc}"
        ) from None
    kind = array.dtype.kind
    if kind not in _INTEGER_KINDS and kind not in _FLOAT_KINDS:
        given = "" if isinstance(value, np.ndarray) else f" (from a {type(value).__name__})"
        raise TypeError(
            f"{name} has dtype {array.dtype}{given} of kind {kind!r} and shape {array.shape}; "
            + _REFUSED
        )
    _dimensions(name, array.shape, min_ndim, axes)
    return array


def shape_of(array: Any) -> tuple[int, ...]:
    """The shape as a plain tuple (torch's ``Size`` and Dask's shapes print as tuples then)."""
    return tuple(array.shape)


def as_array(xp: Namespace, name: str, value: object, *, min_ndim: int, axes: str) -> Any:
    """``value`` as a numeric array of ``xp`` (no copy), or ``TypeError``/``ShapeError``.

    numpy goes through :func:`as_numeric_array`; plain Python values given beside another
    library's arrays are converted by that library.
    """
    if is_numpy(xp):
        return as_numeric_array(name, value, min_ndim=min_ndim, axes=axes)  # type: ignore[arg-type]
    import array_api_compat  # only reached with a library other than numpy

    array: Any = value if array_api_compat.is_array_api_obj(value) else None
    if array is None:
        try:
            array = xp.asarray(value)
        except (TypeError, ValueError, RuntimeError) as exc:
            raise TypeError(
                f"{name} must be a numeric array, got {type(value).__name__}: {exc}"
            ) from None
    if not xp.isdtype(array.dtype, ("integral", "real floating", "complex floating")):
        raise TypeError(f"{name} has dtype {array.dtype} and shape {shape_of(array)}; " + _REFUSED)
    _dimensions(name, shape_of(array), min_ndim, axes)
    return array


def result_dtype(xp: Namespace, *arrays: Any) -> Any:
    """The common inexact dtype: floats and complex kept, integers promoted to float64.

    float64 where the library has it (JAX without x64 does not: there its default float).
    """
    if is_numpy(xp):
        first = arrays[0].dtype
        if first.kind in _FLOAT_KINDS and all(a.dtype == first for a in arrays):
            return first  # one floating dtype throughout: nothing to promote
        dtype = np.result_type(*arrays)
        if dtype.kind in _INTEGER_KINDS:
            return np.dtype(np.float64)
        return np.dtype(dtype)
    dtype = xp.result_type(*arrays)
    if xp.isdtype(dtype, "integral"):
        dtypes = xp.__array_namespace_info__().dtypes()
        return (
            dtypes.get("float64") or xp.__array_namespace_info__().default_dtypes()["real floating"]
        )
    return dtype


def describe_shapes(shapes: Sequence[tuple[str, tuple[int, ...]]]) -> str:
    """``"x=(4,), dx=(3, 4)"``: every argument's shape, for error messages."""
    return ", ".join(f"{name}={shape}" for name, shape in shapes)


def broadcast_batch(
    context: str, batches: Sequence[tuple[str, tuple[int, ...]]], shapes: str
) -> tuple[int, ...]:
    """The broadcast of the leading batch shapes, or ``ShapeError`` listing them all."""
    try:
        return tuple(np.broadcast_shapes(*(batch for _, batch in batches)))
    except ValueError:
        listed = ", ".join(f"{name}: {batch}" for name, batch in batches)
        raise ShapeError(
            f"{context}: leading batch dimensions do not broadcast ({listed}); shapes: {shapes}"
        ) from None
