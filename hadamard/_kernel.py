"""The product rule's arithmetic, a·b + c·d, as one cache-blocked pass with no full-size temporary.

Evaluating the rule densely is pure memory traffic: read two Jacobians, write one. Plain numpy
(``a * b + c * d``) makes three passes over memory and two full-size temporaries. Here the
output is cut into blocks small enough to stay in the L2 cache; each block is computed with
three ufunc calls into the output block and one reusable block-sized temporary, so main memory
sees each input once and the output once.

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

BLOCK_BYTES: Final = 128 * 1024
"""Bytes of output per block: the output block, the temporary and the streamed input blocks
together fit comfortably in a 512 KiB - 1 MiB L2 cache (measured best on the reference machine
between 64 KiB and 512 KiB; see ``python -m benchmarks``)."""


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
) -> NDArray[Any]:
    """Write ``a·b + c·d`` (products and sum computed in ``dtype``) into ``out``; return ``out``.

    ``a``, ``b``, ``c`` and ``d`` broadcast to ``out.shape`` (batch dimensions included); any
    strides are accepted, views and stride-0 broadcasts are never copied. ``out`` may overlap an
    input: then the result is built in a fresh array first and copied in, as numpy's own ufuncs
    do, because a block written early could otherwise be read later as input.

    With ``compiled`` (the default) and the optional numba extra installed, the cases it covers
    go to the single compiled loop of ``hadamard._compiled``; the results are the same bits.
    """
    if out.size == 0:
        return out
    if any(np.may_share_memory(out, operand) for operand in (a, b, c, d)):
        fresh = np.empty(out.shape, dtype)
        fused_multiply_add(a, b, c, d, fresh, dtype, block_bytes=block_bytes, compiled=compiled)
        np.copyto(out, fresh, casting=_CAST)
        return out
    shape = out.shape
    if not shape:  # a 0-d result: nothing to block
        np.multiply(a, b, out=out, dtype=dtype, casting=_CAST)
        np.add(out, np.multiply(c, d, dtype=dtype), out=out, dtype=dtype, casting=_CAST)
        return out
    if compiled and try_fused_multiply_add(a, b, c, d, out, dtype):
        return out
    ops = [np.broadcast_to(operand, shape) for operand in (a, b, c, d)]
    axis, chunk = _block_axis(shape, max(1, block_bytes // dtype.itemsize))
    block_shape = (min(chunk, shape[axis]), *shape[axis + 1 :])
    scratch = np.empty(block_shape, dtype)
    outer = itertools.product(*(range(n) for n in shape[:axis]))
    for prefix in outer:
        for start in range(0, shape[axis], chunk):
            stop = min(start + chunk, shape[axis])
            index: tuple[int | slice, ...] = (*prefix, slice(start, stop))
            out_blk = out[index]
            tmp = scratch if stop - start == block_shape[0] else scratch[: stop - start]
            np.multiply(ops[0][index], ops[1][index], out=out_blk, dtype=dtype, casting=_CAST)
            np.multiply(ops[2][index], ops[3][index], out=tmp, dtype=dtype, casting=_CAST)
            np.add(out_blk, tmp, out=out_blk, dtype=dtype, casting=_CAST)
    return out


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
