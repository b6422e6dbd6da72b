"""The product rule's arithmetic as one compiled loop, when the optional ``fast`` extra is present.

With numba present, ``a·b + c·d`` over contiguous Jacobians is a single loop that reads each
input once and writes each output element once: the memory-traffic floor. Each element is still
``round(round(a·b) + round(c·d))`` in the result dtype (numba contracts nothing into an FMA
without ``fastmath``), so the results are bitwise those of the numpy path. Anything the loop does
not cover (complex, mixed dtypes, non-contiguous Jacobians, batch shapes that do not flatten) is
left to the numpy path in ``hadamard._kernel``.

Two costs are kept off small inputs: numba is imported, and the loop compiled, only for outputs
of ``COMPILE_FROM`` elements or more (below that the numpy pass is as fast and a first call
costs no compilation), and the compiled code is cached on disk for the next process. Large
outputs are cut into one run of rows per core, run at once in threads (the loop releases the
GIL): the bandwidth of one core is not the machine's.
"""

from __future__ import annotations

import contextlib
import importlib
import math
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

__all__ = ["available", "disabled", "try_fused_multiply_add"]

# The dtypes compiled for. Integers are promoted before we get here; complex stays on the numpy
# path because numba's complex product rounds differently from numpy's (measured: 1 ulp).
_DTYPES: Final = frozenset(np.dtype(t) for t in (np.float32, np.float64))

# Smallest output (elements) given to the compiled loop: 512 KiB of float64. Smaller outputs
# cost less in numpy's three ufunc calls than a first compilation or a thread hand-off would.
COMPILE_FROM: Final = 1 << 16
# Smallest output (elements) split across cores: a thread hand-off costs tens of microseconds.
PARALLEL_FROM: Final = 1 << 18

_state: dict[str, Any] = {}


def _by_columns(a: Any, x: Any, c: Any, y: Any, out: Any, start: int, stop: int) -> None:
    """Rows start..stop of out[k, i, j] = a[k, i, j]·x[k, j] + c[k, i, j]·y[k, j], rows flattened.

    x and y index the last axis. Compiled by numba (never run as Python). The scaling vectors
    are copied into local buffers once per batch item: then the compiler knows they do not
    alias ``out`` and vectorises the inner loop (measured: 1.19 to 1.04 × np.add at 2048²).
    """
    nr = out.shape[1]
    nc = out.shape[2]
    xk = np.empty(nc, out.dtype)
    yk = np.empty(nc, out.dtype)
    loaded = -1
    for row in range(start, stop):  # pragma: no cover - jitted
        k = row // nr
        i = row - k * nr
        key = k if x.shape[0] != 1 or y.shape[0] != 1 else 0
        if key != loaded:
            xk[:] = x[k if x.shape[0] != 1 else 0]
            yk[:] = y[k if y.shape[0] != 1 else 0]
            loaded = key
        ai = a[k if a.shape[0] != 1 else 0, i]
        ci = c[k if c.shape[0] != 1 else 0, i]
        oi = out[k, i]
        for j in range(nc):
            oi[j] = ai[j] * xk[j] + ci[j] * yk[j]


def _by_rows(a: Any, x: Any, c: Any, y: Any, out: Any, start: int, stop: int) -> None:
    """Rows start..stop of out[k, i, j] = a[k, i, j]·x[k, i] + c[k, i, j]·y[k, i], rows flattened.

    x and y index the row axis. Compiled by numba (never run as Python).
    """
    nr = out.shape[1]
    nc = out.shape[2]
    for row in range(start, stop):  # pragma: no cover - jitted
        k = row // nr
        i = row - k * nr
        s = x[k if x.shape[0] != 1 else 0, i]
        t = y[k if y.shape[0] != 1 else 0, i]
        ai = a[k if a.shape[0] != 1 else 0, i]
        ci = c[k if c.shape[0] != 1 else 0, i]
        oi = out[k, i]
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
    """The loop for one dtype and orientation, compiled on first use (and cached on disk)."""
    key = f"{'rows' if by_rows else 'columns'}-{dtype.str}"
    if key not in _state:
        numba: Any = _numba()
        types = numba.types
        scalar = numba.from_dtype(dtype)
        matrix = types.Array(scalar, 3, "C", readonly=True)
        vector = types.Array(scalar, 2, "C", readonly=True)
        out = types.Array(scalar, 3, "C")
        signature = types.void(matrix, vector, matrix, vector, out, types.intp, types.intp)
        source = _by_rows if by_rows else _by_columns
        _state[key] = numba.njit(signature, nogil=True, cache=True)(source)
    kernel: Callable[..., None] = _state[key]
    return kernel


def workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _pool() -> ThreadPoolExecutor:
    if "pool" not in _state:
        _state["pool"] = ThreadPoolExecutor(max(1, workers() - 1), "hadamard-kernel")
    pool: ThreadPoolExecutor = _state["pool"]
    return pool


def _forget_pool() -> None:
    """In a forked child: the pool's threads stayed in the parent, so make a new pool on demand.

    Without this, work submitted in the child would wait forever for threads that do not exist
    there (a child of multiprocessing's fork start method, of a fork server, of a test runner).
    """
    _state.pop("pool", None)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _run(kernel: Callable[..., None], operands: list[NDArray[Any]], rows: int, size: int) -> None:
    """Run ``kernel`` over ``rows`` flattened rows: in one thread, or one run of rows per core."""
    parts = min(workers(), rows) if size >= PARALLEL_FROM else 1
    if parts <= 1:
        kernel(*operands, 0, rows)
        return
    bounds = [rows * p // parts for p in range(parts + 1)]
    pool = _pool()
    futures = [pool.submit(kernel, *operands, bounds[p], bounds[p + 1]) for p in range(1, parts)]
    kernel(*operands, bounds[0], bounds[1])  # this thread takes the first run
    for future in futures:
        future.result()


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

    It applies when the output has at least ``COMPILE_FROM`` elements, numba is installed,
    every array has the result dtype, ``out`` and the
    broadcast ``a`` and ``c`` are C-contiguous matrices (up to a flattenable batch), and ``b``
    and ``d`` are constant along one of the two matrix axes (a rule's scaling vectors).
    Otherwise nothing is written and the caller takes the numpy path.
    """
    if out.size < COMPILE_FROM or dtype not in _DTYPES or out.ndim == 0 or not available():
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
    first, second = _batched(a, shape), _batched(c, shape)
    if first is None or second is None or result is None:
        return False
    if not (first.flags.c_contiguous and second.flags.c_contiguous and result.flags.c_contiguous):
        return False
    scales = [_scale(v, shape, by_rows) for v in (b, d)]
    rows = result.shape[0] * result.shape[1]
    _run(_kernel(by_rows, dtype), [first, scales[0], second, scales[1], result], rows, out.size)
    return True


def _constant_along(array: NDArray[Any], axis: int) -> bool:
    """Whether ``array`` repeats along ``axis`` by broadcasting (stride 0) or has length 1 there."""
    return array.shape[axis] == 1 or array.strides[axis] == 0
