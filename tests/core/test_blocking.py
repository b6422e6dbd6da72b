"""The blocking plan of hadamard/_kernel.py: scratch within budget, blocks as large as it allows.

The results of the kernel are the same bits whatever the blocks (tests/core/test_kernel.py); what
the blocks decide is memory and speed. These tests watch the numpy calls the kernel makes and
check the plan against the rules its docstrings state: the scratch (temporary plus tiles, plus
numpy's iteration buffer when an operand broadcasts) fits in ``block_bytes``, a block is as
large as that allows, blocks are cut along the outermost axis whose trailing part fits, a
scaling vector the same in every block becomes one contiguous tile, and the fresh array an
overlapping call builds its result in is not checked for overlap again.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

import hadamard._kernel as kernel
from hadamard._kernel import BLOCK_BYTES, fused_multiply_add

Array = NDArray[Any]
ITEM = np.dtype(np.float64).itemsize


class Spy:
    """Stands in for ``numpy`` inside the kernel and records the calls that make up a plan."""

    def __init__(self) -> None:
        self.scratch: list[tuple[int, ...]] = []
        self.buffers: list[Array] = []
        self.tiles: list[Array] = []
        self.products: list[tuple[Array, Array]] = []  # (output block, scaling block)
        self.sums: list[tuple[int, ...]] = []
        self.overlap_checks: list[tuple[Array, Array]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(np, name)

    def empty(self, shape: tuple[int, ...], dtype: Any) -> Array:
        self.scratch.append(tuple(shape))
        self.buffers.append(np.empty(shape, dtype))
        return self.buffers[-1]

    def may_share_memory(self, a: Array, b: Array) -> bool:
        self.overlap_checks.append((a, b))
        return bool(np.may_share_memory(a, b))

    def ascontiguousarray(self, a: Array) -> Array:
        tile = np.ascontiguousarray(a)
        self.tiles.append(tile)
        return tile

    def multiply(self, a: Array, b: Array, **kwargs: Any) -> Array:
        if "out" in kwargs:
            self.products.append((kwargs["out"], b))
        result: Array = np.multiply(a, b, **kwargs)
        return result

    def add(self, a: Array, b: Array, **kwargs: Any) -> Array:
        self.sums.append(np.shape(a))
        result: Array = np.add(a, b, **kwargs)
        return result


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    recorder = Spy()
    monkeypatch.setattr(kernel, "np", recorder)
    return recorder


def problem(shape: tuple[int, int], tiled: bool, seed: int = 0) -> tuple[Array, ...]:
    """dy, x, dx, y for an unbatched rule; x and y repeat down the rows when ``tiled``."""
    rng = np.random.default_rng(seed)
    rows, cols = shape
    scale = (1, cols) if tiled else (rows, 1)
    dy, dx = rng.standard_normal(shape), rng.standard_normal(shape)
    return dy, rng.standard_normal(scale), dx, rng.standard_normal(scale)


def run(operands: tuple[Array, ...], shape: tuple[int, ...], **kwargs: Any) -> Array:
    dy, x, dx, y = operands
    out = np.full(shape, np.nan)
    got = fused_multiply_add(dy, x, dx, y, out, out.dtype, compiled=False, **kwargs)
    assert got is out
    np.testing.assert_array_equal(out, np.multiply(dy, x) + np.multiply(dx, y), strict=True)
    return out


def rows_of_blocks(spy: Spy) -> list[int]:
    """Rows of every block, in order (each block is computed by two products and one sum)."""
    blocks = [out.shape[0] for out, _ in spy.products[::2]]
    assert len(spy.products) == 2 * len(blocks) == 2 * len(spy.sums)
    return blocks


@pytest.mark.parametrize("block_bytes", [BLOCK_BYTES, 3 * 8 * ITEM * 50, 3 * 8 * ITEM * 50 - 1])
def test_a_repeated_scaling_vector_is_one_contiguous_tile(spy: Spy, block_bytes: int) -> None:
    """x and y the same in every row: two contiguous tiles share the budget with the temporary."""
    shape = (600, 50)
    run(problem(shape, tiled=True), shape, block_bytes=block_bytes)
    rows = (block_bytes // ITEM // 3) // shape[1]  # three block-sized buffers fit
    assert spy.scratch == [(rows, shape[1])]
    assert [t.shape for t in spy.tiles] == [(rows, shape[1])] * 2
    assert all(t.flags.c_contiguous for t in spy.tiles)
    assert rows_of_blocks(spy) == [rows] * (shape[0] // rows) + [shape[0] % rows] * bool(
        shape[0] % rows
    )
    # A whole block reads the tiles and fills the temporary themselves, with no view per block.
    whole = [i for i, (out, _) in enumerate(spy.products) if out.shape[0] == rows]
    assert len(whole) == 2 * (shape[0] // rows)
    for i in whole:
        assert spy.products[i][1] is spy.tiles[i % 2]
        if i % 2:
            assert spy.products[i][0] is spy.buffers[0]
    # Every product reads the tile itself (or its head), never a broadcast view.
    for (out, scale), tile in zip(spy.products, spy.tiles * len(spy.products), strict=False):
        assert scale.strides == tile.strides
        assert np.shares_memory(scale, tile)
        assert scale.shape == out.shape


@pytest.mark.parametrize("block_bytes", [BLOCK_BYTES, (np.getbufsize() + 7 * 40) * ITEM])
def test_a_broadcast_operand_leaves_room_for_numpys_buffer(spy: Spy, block_bytes: int) -> None:
    """x and y differ per row: no tile, and numpy's iteration buffer comes off the budget."""
    shape = (1000, 40)  # too big for the one-block shortcut of small outputs
    run(problem(shape, tiled=False), shape, block_bytes=block_bytes)
    rows = min(shape[0], (block_bytes // ITEM - np.getbufsize()) // shape[1])
    assert spy.tiles == []
    assert spy.scratch == [(rows, shape[1])]
    blocks = rows_of_blocks(spy)
    assert blocks[:-1] == [rows] * (len(blocks) - 1)
    assert sum(blocks) == shape[0]
    assert 0 < blocks[-1] <= rows


def test_a_row_too_long_for_a_block_is_cut_along_its_own_axis(spy: Spy) -> None:
    """Blocks run along the last axis, one outer index at a time; a ragged end block is short."""
    shape = (3, 1000)
    elems = np.getbufsize() + 300
    run(problem(shape, tiled=False), shape, block_bytes=elems * ITEM)
    assert spy.scratch == [(300,)]
    assert [out.shape for out, _ in spy.products[::2]] == [(300,), (300,), (300,), (100,)] * 3


def test_a_batch_of_tiny_matrices_goes_in_runs_of_whole_matrices(spy: Spy) -> None:
    rng = np.random.default_rng(1)
    shape = (1000, 2, 3)
    dy, dx = rng.standard_normal(shape), rng.standard_normal(shape)
    x, y = rng.standard_normal((1000, 1, 3)), rng.standard_normal((1000, 1, 3))
    run((dy, x, dx, y), shape, block_bytes=(np.getbufsize() + 6 * 100) * ITEM)
    assert spy.scratch == [(100, 2, 3)]
    assert rows_of_blocks(spy) == [100] * 10


def test_tiles_of_a_batched_problem_start_at_the_first_block(spy: Spy) -> None:
    """Unbatched x against a batch of Jacobians: the tile is taken from the first block."""
    rng = np.random.default_rng(2)
    shape = (4, 30, 20)
    dy, dx = rng.standard_normal(shape), rng.standard_normal(shape)
    x, y = rng.standard_normal((1, 20)), rng.standard_normal((1, 20))
    run((dy, x, dx, y), shape, block_bytes=3 * 10 * 20 * ITEM)
    assert [t.shape for t in spy.tiles] == [(10, 20)] * 2
    np.testing.assert_array_equal(spy.tiles[0], np.broadcast_to(x, (10, 20)))
    np.testing.assert_array_equal(spy.tiles[1], np.broadcast_to(y, (10, 20)))
    assert rows_of_blocks(spy) == [10] * 12


def test_tiles_that_only_fit_in_narrower_blocks_are_not_taken_back(spy: Spy) -> None:
    """x and y repeat down the rows, but a row-wide tile of each does not fit beside the temporary.

    Blocks narrow enough for three buffers cut across a row, where x and y do not repeat; so
    there are no tiles, and whole-row blocks share the budget with numpy's buffer alone.
    """
    shape = (3, 11_000)
    # One row fits beside numpy's buffer; three rows (temporary and two tiles) do not.
    budget = np.getbufsize() + 11_808
    run(problem(shape, tiled=True), shape, block_bytes=budget * ITEM)
    assert spy.tiles == []
    assert spy.scratch == [(1, shape[1])]
    assert rows_of_blocks(spy) == [1, 1, 1]
    assert math.prod(spy.scratch[0]) + np.getbufsize() <= budget


def test_one_tile_one_broadcast_operand(spy: Spy) -> None:
    """Only x repeats: one tile, and the budget still leaves room for numpy's buffer."""
    rng = np.random.default_rng(3)
    shape = (200, 60)
    dy, dx = rng.standard_normal(shape), rng.standard_normal(shape)
    x, y = rng.standard_normal((1, 60)), rng.standard_normal((200, 1))
    budget = np.getbufsize() + 2 * 60 * 25
    run((dy, x, dx, y), shape, block_bytes=budget * ITEM)
    rows = (budget - np.getbufsize()) // 2 // 60
    assert rows == 25
    assert spy.scratch == [(rows, 60)]
    assert [t.shape for t in spy.tiles] == [(rows, 60)]
    assert rows_of_blocks(spy) == [rows] * (200 // rows)


def test_one_broadcast_operand_one_tile(spy: Spy) -> None:
    """Only y repeats (the mirror of the test above): y alone becomes a tile."""
    rng = np.random.default_rng(4)
    shape = (200, 60)
    dy, dx = rng.standard_normal(shape), rng.standard_normal(shape)
    x, y = rng.standard_normal((200, 1)), rng.standard_normal((1, 60))
    budget = np.getbufsize() + 2 * 60 * 25
    run((dy, x, dx, y), shape, block_bytes=budget * ITEM)
    assert spy.scratch == [(25, 60)]
    assert [t.shape for t in spy.tiles] == [(25, 60)]
    np.testing.assert_array_equal(spy.tiles[0], np.broadcast_to(y, (25, 60)))


def test_the_one_block_shortcut_ends_exactly_at_its_bound(spy: Spy) -> None:
    """Output and temporary fit beside numpy's buffer: at the bound no plan, one past it a plan."""
    limit = (BLOCK_BYTES // ITEM - np.getbufsize()) // 2
    run(problem((1, limit), tiled=True), (1, limit))
    assert spy.scratch == []
    run(problem((1, limit + 1), tiled=True), (1, limit + 1))
    assert spy.scratch != []


@pytest.mark.parametrize("block_bytes", [1, ITEM - 1])
def test_a_budget_below_one_element_still_makes_progress(spy: Spy, block_bytes: int) -> None:
    shape = (2, 3)
    run(problem(shape, tiled=True), shape, block_bytes=block_bytes)
    assert spy.scratch == [(1,)]
    assert len(spy.products) == 2 * math.prod(shape)


def test_an_overlapping_out_keeps_the_block_size_and_the_numpy_path(
    spy: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fresh result of an overlapping call is built with the caller's own options."""
    asked: list[object] = []

    def compiled_loop(*operands: object) -> bool:
        asked.append(operands)
        return False

    monkeypatch.setattr(kernel, "try_fused_multiply_add", compiled_loop)
    dy, x, dx, y = problem((40, 10), tiled=True)
    want = np.multiply(dy, x) + np.multiply(dx, y)
    fused_multiply_add(dy, x, dx, y, dy, dy.dtype, block_bytes=3 * 10 * 10 * ITEM, compiled=False)
    np.testing.assert_array_equal(dy, want, strict=True)
    assert asked == []
    assert spy.scratch == [(40, 10), (10, 10)]
    assert rows_of_blocks(spy) == [10] * 4


def test_only_the_callers_out_is_checked_for_overlap(spy: Spy) -> None:
    """The array an overlapping call builds its result in is new: it is not checked again."""
    dy, x, dx, y = problem((40, 10), tiled=True)
    want = np.multiply(dy, x) + np.multiply(dx, y)
    fused_multiply_add(dy, x, dx, y, dy, dy.dtype, block_bytes=3 * 10 * 10 * ITEM, compiled=False)
    np.testing.assert_array_equal(dy, want, strict=True)
    assert spy.overlap_checks != []
    assert all(checked is dy for checked, _ in spy.overlap_checks)


def test_a_zero_dimensional_result_is_computed_in_the_given_dtype(spy: Spy) -> None:
    a, b, c, d = (np.array(v, dtype=np.float32) for v in (1e20, 1e20, -1e20, 1e20))
    out = np.empty((), np.float64)
    fused_multiply_add(a, b, c, d, out, np.dtype(np.float64))
    assert out == 0.0  # in float32 both products overflow to ±inf and the sum is nan
    assert spy.scratch == []


def test_scalars_the_same_everywhere_tile_down_to_one_element(spy: Spy) -> None:
    """x and y one value for all: both tile, and a tiny budget shrinks the block to 1 element."""
    shape = (2, 3)
    rng = np.random.default_rng(4)
    dy, dx = rng.standard_normal(shape), rng.standard_normal(shape)
    x, y = rng.standard_normal((1, 1)), rng.standard_normal((1, 1))
    run((dy, x, dx, y), shape, block_bytes=3 * ITEM)
    assert spy.scratch == [(1,)]
    assert [t.shape for t in spy.tiles] == [(1,), (1,)]
    assert len(spy.products) == 2 * math.prod(shape)


def test_a_small_output_is_one_block_with_no_plan(spy: Spy) -> None:
    """Output and temporary fit in one block beside numpy's buffer: three ufunc calls, no tile."""
    budget = BLOCK_BYTES // ITEM
    rows = (budget - np.getbufsize()) // 2 // 50
    shape = (rows, 50)
    run(problem(shape, tiled=True), shape)
    assert spy.scratch == []
    assert spy.tiles == []
    assert [out.shape for out, _ in spy.products] == [shape]
    bigger = (rows + 1, 50)
    run(problem(bigger, tiled=True), bigger)
    assert spy.scratch != []  # one row more and the plan is back
