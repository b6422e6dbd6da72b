"""The product rule's arithmetic as one compiled loop, when the optional ``fast`` extra is present.

With numba present, ``a·b + c·d`` over contiguous Jacobians is a single loop that reads each
input once and writes each output element once: the memory-traffic floor. Each element is still
``round(round(a·b) + round(c·d))`` in the result dtype (numba contracts nothing into an FMA
without ``fastmath``), so the results are bitwise those of the numpy path. Anything the loop does
not cover (complex, mixed dtypes, non-contiguous Jacobians, batch shapes that do not flatten) is
left to the numpy path in ``hadamard._kernel``; numba is imported on first use, never at import.
"""

from __future__ import annotations

import contextlib
import importlib
import math
from collections.abc import Callable, Iterator
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

__all__ = ["available", "disabled", "try_fused_multiply_add"]

# The dtypes compiled for. Integers are promoted before we get here; complex stays on the numpy
# path because numba's complex product rounds differently from numpy's (measured: 1 ulp).
_DTYPES: Final = frozenset(np.dtype(t) for t in (np.float32, np.float64))

_state: dict[str, Any] = {}


def _by_columns(a: Any, x: Any, c: Any, y: Any, out: Any) -> None:  # pragma: no cover - jitted
    """out[k, i, j] = a[k, i, j]·x[k, j] + c[k, i, j]·y[k, j]: x and y index the last axis."""
    nb, nr, nc = out.shape
    for k in range(nb):
        xk = x[k if x.shape[0] != 1 else 0]
        yk = y[k if y.shape[0] != 1 else 0]
        ka = k if a.shape[0] != 1 else 0
        kc = k if c.shape[0] != 1 else 0
        for i in range(nr):
            ai, ci, oi = a[ka, i], c[kc, i], out[k, i]
            for j in range(nc):
                oi[j] = ai[j] * xk[j] + ci[j] * yk[j]


def _by_rows(a: Any, x: Any, c: Any, y: Any, out: Any) -> None:  # pragma: no cover - jitted
    """out[k, i, j] = a[k, i, j]·x[k, i] + c[k, i, j]·y[k, i]: x and y index the row axis."""
    nb, nr, nc = out.shape
    for k in range(nb):
        xk = x[k if x.shape[0] != 1 else 0]
        yk = y[k if y.shape[0] != 1 else 0]
        ka = k if a.shape[0] != 1 else 0
        kc = k if c.shape[0] != 1 else 0
        for i in range(nr):
            ai, ci, oi = a[ka, i], c[kc, i], out[k, i]
            s, t = xk[i], yk[i]
            for j in range(nc):
                oi[j] = ai[j] * s + ci[j] * t


def _numba() -> Any | None:
    """The numba module, imported once on first use, or None when the extra is not installed."""
    if "numba" not in _state:
        try:
            _state["numba"] = importlib.import_module("numba")
        except ImportError:
            _state["numba"] = None
    return _state["numba"]


def available() -> bool:
    """Whether the compiled loop can run here (numba is importable)."""
    return _numba() is not None


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Within the block, behave as if numba were not installed: the numpy path answers.

    For side-by-side benchmarks and tests of the fallback; not thread-safe.
    """
    had = "numba" in _state
    saved = _state.get("numba")
    _state["numba"] = None
    try:
        yield
    finally:
        if had:
            _state["numba"] = saved
        else:
            del _state["numba"]


def _kernel(by_rows: bool, dtype: np.dtype[Any]) -> Callable[..., None]:
    """The loop for one dtype and orientation, compiled on first use for C-contiguous arrays."""
    key = f"{'rows' if by_rows else 'columns'}-{dtype.str}"
    if key not in _state:
        numba: Any = _numba()
        types = numba.types
        scalar = numba.from_dtype(dtype)
        matrix = types.Array(scalar, 3, "C", readonly=True)
        vector = types.Array(scalar, 2, "C", readonly=True)
        signature = types.void(matrix, vector, matrix, vector, types.Array(scalar, 3, "C"))
        source = _by_rows if by_rows else _by_columns
        _state[key] = numba.njit(signature, nogil=True, cache=False)(source)
    kernel: Callable[..., None] = _state[key]
    return kernel


def _batched(operand: NDArray[Any], shape: tuple[int, ...]) -> NDArray[Any] | None:
    """``operand`` broadcast to ``shape`` as (B or 1, R, C) without copying, or None."""
    full = np.broadcast_to(operand, shape)
    batch = shape[:-2]
    if all(s == 0 or n == 1 for s, n in zip(full.strides[: len(batch)], batch, strict=True)):
        # Broadcast over the whole batch (or no batch): one matrix serves every k.
        single: NDArray[Any] = full[(0,) * len(batch)][np.newaxis]
        return single
    try:
        flat: NDArray[Any] = full.reshape((math.prod(batch), *shape[-2:]), copy=False)
        return flat
    except ValueError:  # a batch that only partly broadcasts does not flatten without a copy
        return None


def _flat_output(out: NDArray[Any], shape: tuple[int, ...]) -> NDArray[Any] | None:
    """``out`` as a writable (B, R, C) view, or None when it does not flatten without a copy."""
    try:
        flat: NDArray[Any] = out.reshape((math.prod(shape[:-2]), *shape[-2:]), copy=False)
    except ValueError:
        return None
    return flat


def _scale(operand: NDArray[Any], shape: tuple[int, ...], by_rows: bool) -> NDArray[Any]:
    """The scaling vectors of a broadcast (x or y) as a C-contiguous (B or 1, R or C) array."""
    full = np.broadcast_to(operand, shape)
    vectors = full[..., :, 0] if by_rows else full[..., 0, :]
    batch = shape[:-2]
    if all(s == 0 or n == 1 for s, n in zip(vectors.strides[:-1], batch, strict=True)):
        vectors = vectors[(0,) * len(batch)][np.newaxis]
    # A copy here is vector-sized (1/C or 1/R of the output), never a full-size temporary.
    return np.ascontiguousarray(vectors).reshape(-1, vectors.shape[-1])


def try_fused_multiply_add(
    a: NDArray[Any],
    b: NDArray[Any],
    c: NDArray[Any],
    d: NDArray[Any],
    out: NDArray[Any],
    dtype: np.dtype[Any],
) -> bool:
    """Write ``a·b + c·d`` into ``out`` with the compiled loop and return True, if it applies.

    It applies when numba is installed, every array has the result dtype, ``out`` and the
    broadcast ``a`` and ``c`` are C-contiguous matrices (up to a flattenable batch), and ``b``
    and ``d`` are constant along one of the two matrix axes (a rule's scaling vectors).
    Otherwise nothing is written and the caller takes the numpy path.
    """
    if dtype not in _DTYPES or out.ndim == 0 or not available():
        return False
    if any(array.dtype != dtype for array in (a, b, c, d, out)):
        return False
    shape = out.shape if out.ndim >= 2 else (1, *out.shape)
    sb, sd = np.broadcast_to(b, out.shape), np.broadcast_to(d, out.shape)
    if out.ndim >= 2 and _constant_along(sb, -2) and _constant_along(sd, -2):
        by_rows = False
    elif out.ndim >= 2 and _constant_along(sb, -1) and _constant_along(sd, -1):
        by_rows = True
    elif out.ndim == 1:
        by_rows = False
    else:
        return False
    result = _flat_output(out, shape)
    mats = [_batched(a, shape), _batched(c, shape), result]
    scales = [_scale(v, shape, by_rows) for v in (b, d)]
    if any(m is None or not m.flags.c_contiguous for m in mats):
        return False
    _kernel(by_rows, dtype)(mats[0], scales[0], mats[1], scales[1], mats[2])
    return True


def _constant_along(array: NDArray[Any], axis: int) -> bool:
    """Whether ``array`` repeats along ``axis`` by broadcasting (stride 0) or has length 1 there."""
    return array.shape[axis] == 1 or array.strides[axis] == 0
