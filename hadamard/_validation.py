"""Argument checks shared by the core: dtypes, dimensions and batch shapes, echoed by name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hadamard.errors import ShapeError

__all__ = ["as_numeric_array", "broadcast_batch", "describe_shapes", "result_dtype"]

# Kinds the rule is defined for: signed/unsigned integers, floats and complex (bool is refused).
_INTEGER_KINDS = frozenset("iu")
_FLOAT_KINDS = frozenset("fc")


def as_numeric_array(
    name: str, value: ArrayLike, *, min_ndim: int, axes: str = "(..., N)"
) -> NDArray[Any]:
    """``value`` as a numeric array (no copy), or ``TypeError``/``ShapeError`` naming it.

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
            "the rule needs integer, real floating or complex values (bool, object, string "
            "and datetime arrays are refused)"
        )
    if array.ndim < min_ndim:
        raise ShapeError(
            f"{name} must have at least {min_ndim} dimension{'s' if min_ndim > 1 else ''}, "
            f"shaped {axes}, got shape {array.shape}"
        )
    return array


def result_dtype(*arrays: NDArray[Any]) -> np.dtype[np.inexact]:
    """The common inexact dtype: float32/64 and complex kept, integers promoted to float64."""
    dtype = np.result_type(*arrays)
    if dtype.kind in _INTEGER_KINDS:
        return np.dtype(np.float64)
    return np.dtype(dtype)


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
