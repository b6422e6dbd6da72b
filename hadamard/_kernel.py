"""The product rule's arithmetic, a·b + c·d, as one cache-blocked pass with no full-size temporary.

Evaluating the rule densely is pure memory traffic: read two Jacobians, write one. Plain numpy
(``a * b + c * d``) makes three passes over memory and two full-size temporaries. Here the
output is cut into blocks small enough to stay in the L2 cache; each block is computed with
three ufunc calls into the output block and one reusable block-sized temporary (plus, when a
scaling vector repeats in every block, a contiguous tile of it), so main memory sees each input
once and the output once. With the optional numba extra, contiguous real cases go to one
compiled loop instead (``hadamard._compiled``).

Every element is computed as ``round(round(a·b) + round(c·d))`` in the compute dtype, exactly as
the unblocked formula ``np.multiply(a, b) + np.multiply(c, d)`` does, so the results are bitwise
identical to it; blocking only changes the order in which elements are visited.
"""

from __future__ import annotations

import itertools
import math
from typing import Any, Final, Literal

import numpy as np
from numpy.typing import NDArray

from hadamard._compiled import try_fused_multiply_add

__all__ = ["BLOCK_BYTES", "fused_multiply_add"]

BLOCK_BYTES: Final = 512 * 1024
"""Scratch bytes of one block: the temporary, plus the tiles of scaling vectors when used.

Small enough that a block's output, temporary and tiles stay in a 1 MiB L2 cache; large enough
that numpy's per-call overhead (about 5 µs a block for three ufunc calls) stays small against
the block's memory traffic. 128-1024 KiB measured within noise of each other for float64 on the
reference machine; float32 favours the upper end (``python -m benchmarks``)."""


# numpy's iteration buffer (elements) at import; read once, as np.getbufsize() costs half a
# microsecond, which a small call cannot spare.
_BUFSIZE: Final = np.getbufsize()

# numpy's rule for out=: a float64 result may be stored into float32, never complex into real.
_CAST: Final[Literal["same_kind"]] = "same_kind"


def fused_multiply_add(
    a: NDArray[Any],
    b: NDArray[Any],
    c: NDArray[Any],
    d: NDArray[Any],
    out: NDArray[Any],
    dtype: np.dtype[Any],
    *,
    block_bytes: int = BLOCK_BYTES,
    compiled: bool = True,
    fresh: bool = False,
) -> NDArray[Any]:
    """Write ``a·b + c·d`` (products and sum computed in ``dtype``) into ``out``; return ``out``.

    ``a``, ``b``, ``c`` and ``d`` broadcast to ``out.shape`` (batch dimensions included); any
    strides are accepted, views and stride-0 broadcasts are never copied. ``out`` may overlap an
    input: then the result is built in a fresh array first and copied in, as numpy's own ufuncs
    do, because a block written early could otherwise be read later as input.

    With ``compiled`` (the default) and the optional numba extra installed, the cases it covers
    go to the single compiled loop of ``hadamard._compiled``; the results are the same bits.
    ``fresh`` is the caller's word that ``out`` was just allocated and overlaps nothing: the
    overlap checks (a microsecond of a small call) are then skipped.
    """
    if out.size == 0:
        return out
    if not fresh and any(np.may_share_memory(out, operand) for operand in (a, b, c, d)):
        aside = np.empty(out.shape, dtype)
        fused_multiply_add(
            a, b, c, d, aside, dtype, block_bytes=block_bytes, compiled=compiled, fresh=True
        )
        np.copyto(out, aside, casting=_CAST)
        return out
    shape = out.shape
    budget = max(1, block_bytes // dtype.itemsize)
    if not shape or out.size <= (budget - _BUFSIZE) // 2:
        # A 0-d result, or one whose output and temporary fit in one block beside numpy's
        # buffer: three ufunc calls, no plan (the per-call cost of small inputs).
        np.multiply(a, b, out=out, dtype=dtype, casting=_CAST)
        np.add(out, np.multiply(c, d, dtype=dtype), out=out, dtype=dtype, casting=_CAST)
        return out
    if compiled and try_fused_multiply_add(a, b, c, d, out, dtype):
        return out
    ops = [np.broadcast_to(operand, shape) for operand in (a, b, c, d)]
    axis, chunk = _block_axis(shape, budget)
    # A scaling vector that is the same in every block (x in the denominator layout, unbatched)
    # is laid out once as a contiguous block-sized tile: numpy multiplies two contiguous arrays
    # about twice as fast as it broadcasts one. The block budget is then shared with the tiles.
    tiled = [_same_in_every_block(ops[k], axis) for k in (1, 3)]
    if any(tiled):
        axis, chunk = _block_axis(shape, max(1, budget // (1 + sum(tiled))))
        tiled = [_same_in_every_block(ops[k], axis) for k in (1, 3)]
    if not all(tiled):
        # A broadcasting ufunc call allocates numpy's own iteration buffer (np.getbufsize()
        # elements); leave room for it so the peak stays within one block.
        spare = max(1, (budget - np.getbufsize()) // (1 + sum(tiled)))
        axis, chunk = _block_axis(shape, spare)
        tiled = [
            t and _same_in_every_block(ops[k], axis) for t, k in zip(tiled, (1, 3), strict=True)
        ]
    block_shape = (min(chunk, shape[axis]), *shape[axis + 1 :])
    first: tuple[int | slice, ...] = (*(0,) * axis, slice(0, block_shape[0]))
    for k, tile in zip((1, 3), tiled, strict=True):
        if tile:
            ops[k] = np.ascontiguousarray(ops[k][first])
    scratch = np.empty(block_shape, dtype)
    outer = itertools.product(*(range(n) for n in shape[:axis]))
    for prefix in outer:
        for start in range(0, shape[axis], chunk):
            stop = min(start + chunk, shape[axis])
            index: tuple[int | slice, ...] = (*prefix, slice(start, stop))
            whole = stop - start == block_shape[0]
            head = slice(0, stop - start)
            b_blk = (ops[1] if whole else ops[1][head]) if tiled[0] else ops[1][index]
            d_blk = (ops[3] if whole else ops[3][head]) if tiled[1] else ops[3][index]
            out_blk = out[index]
            tmp = scratch if whole else scratch[head]
            np.multiply(ops[0][index], b_blk, out=out_blk, dtype=dtype, casting=_CAST)
            np.multiply(ops[2][index], d_blk, out=tmp, dtype=dtype, casting=_CAST)
            np.add(out_blk, tmp, out=out_blk, dtype=dtype, casting=_CAST)
    return out


def _same_in_every_block(operand: NDArray[Any], axis: int) -> bool:
    """Whether ``operand`` (broadcast to the output) repeats along ``axis`` and all outer axes."""
    return all(
        n == 1 or stride == 0
        for n, stride in zip(operand.shape[: axis + 1], operand.strides[: axis + 1], strict=True)
    )


def _block_axis(shape: tuple[int, ...], block_elems: int) -> tuple[int, int]:
    """The axis to cut blocks along and how many of its indices go in one block.

    The outermost axis whose trailing sub-array fits in ``block_elems``: big matrices are cut
    into bands of rows, a huge batch of tiny matrices into runs of whole matrices, and a row too
    long for one block along its own last axis.
    """
    for axis in range(len(shape)):
        inner = math.prod(shape[axis + 1 :])
        if inner <= block_elems:
            return axis, max(1, block_elems // inner)
    raise AssertionError("unreachable: the trailing product of the last axis is 1")
