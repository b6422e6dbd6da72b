"""Which inputs the optional compiled loop (hadamard/_compiled.py) takes, and that it is right.

The loop takes contiguous float32/float64 problems of at least ``COMPILE_FROM`` elements, splits
those of ``PARALLEL_FROM`` elements or more across the cores, and declines everything else,
which the numpy pass then answers with the same bits. A small first call never imports numba.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

import hadamard._compiled as _compiled
import hadamard._kernel as kernel
from hadamard import Layout
from hadamard._compiled import available, disabled, try_fused_multiply_add, workers
from hadamard._kernel import fused_multiply_add
from tests.core.test_kernel import LAYOUTS, jacobian, operands, plain_formula, scaled

Array = NDArray[Any]

needs_numba = pytest.mark.skipif(
    not available(), reason="the optional numba extra (`pip install hadamard[fast]`) is absent"
)


@pytest.fixture
def every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled loop at every size, not only from COMPILE_FROM elements."""
    monkeypatch.setattr(_compiled, "COMPILE_FROM", 0)


@needs_numba
@pytest.mark.usefixtures("every_size")
@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda v: v.value)
def test_compiled_loop_covers_contiguous_problems(layout: Layout) -> None:
    for shapes, dtype in [
        (((), (), 5, 7), np.float64),
        (((), (3,), 5, 7), np.float32),  # one x for a batch of Jacobians
        (((2, 3), (1,), 4, 2), np.float64),  # batched x, one Jacobian
        (((2, 1), (2, 3), 1, 9), np.float32),
    ]:
        x, y, dx, dy = operands(layout, *shapes, dtype)
        xs, ys = scaled(layout, x, y)
        want = plain_formula(layout, x, y, dx, dy)
        out = np.empty_like(want)
        assert try_fused_multiply_add(dy, xs, dx, ys, out, want.dtype)
        np.testing.assert_array_equal(out, want, strict=True)


@pytest.mark.usefixtures("every_size")
@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda v: v.value)
def test_compiled_loop_declines_what_it_does_not_cover(layout: Layout) -> None:
    """Transposed Jacobians, mixed dtypes, complex, integers, part-broadcast Jacobians: NO."""
    x, y, dx, dy = operands(layout, (), (), 5, 7, np.float64)
    xs, ys = scaled(layout, x, y)
    out = np.empty(dy.shape)
    transposed = np.ascontiguousarray(dy.T).T
    assert not try_fused_multiply_add(transposed, xs, dx, ys, out, out.dtype)
    assert not try_fused_multiply_add(dy.astype(np.float32), xs, dx, ys, out, out.dtype)
    assert not try_fused_multiply_add(dy, xs, dx, ys, out.astype(np.float32), out.dtype)
    cplx = dy.astype(np.complex128)
    assert not try_fused_multiply_add(cplx, xs, cplx, ys, out.astype(cplx.dtype), cplx.dtype)
    ints = dy.astype(np.int64)
    assert not try_fused_multiply_add(ints, xs, ints, ys, out, np.dtype(np.int64))
    xb, yb, dxb, dyb = operands(layout, (2, 3), (1, 3), 5, 7, np.float64)
    dxb = np.broadcast_to(dxb, (2, 3, *dxb.shape[-2:]))
    xbs, ybs = scaled(layout, xb, yb)
    full = np.empty(np.broadcast_shapes(dxb.shape, xbs.shape, dyb.shape))
    assert not try_fused_multiply_add(dyb, xbs, dxb, ybs, full, full.dtype)
    # ... and what it declines, the numpy path still gets right.
    fused_multiply_add(dyb, xbs, dxb, ybs, full, full.dtype)
    np.testing.assert_array_equal(full, plain_formula(layout, xb, yb, dxb, dyb), strict=True)


def test_small_outputs_are_left_to_numpy() -> None:
    """Below COMPILE_FROM elements the loop declines before numba is even asked for."""
    x, y, dx, dy = operands(Layout.DENOMINATOR, (), (), 5, 7, np.float64)
    xs, ys = scaled(Layout.DENOMINATOR, x, y)
    out = np.empty(dy.shape)
    assert out.size < _compiled.COMPILE_FROM
    assert not try_fused_multiply_add(dy, xs, dx, ys, out, out.dtype)
    big = operands(Layout.DENOMINATOR, (), (), 256, 256, np.float64)
    bx, by = scaled(Layout.DENOMINATOR, big[0], big[1])
    out_big = np.empty(big[3].shape)
    assert out_big.size == _compiled.COMPILE_FROM
    assert try_fused_multiply_add(big[3], bx, big[2], by, out_big, out_big.dtype) == available()


def test_without_numba_the_numpy_path_answers() -> None:
    """With the extra absent, nothing is compiled and the results are the same bits."""
    before = available()
    with disabled():
        assert not available()
        x, y, dx, dy = operands(Layout.DENOMINATOR, (), (), 300, 300, np.float64)
        xs, ys = scaled(Layout.DENOMINATOR, x, y)
        out = np.empty(dy.shape)
        assert not try_fused_multiply_add(dy, xs, dx, ys, out, out.dtype)
        got = jacobian(Layout.DENOMINATOR, x, y, dx, dy)
        np.testing.assert_array_equal(got, plain_formula(Layout.DENOMINATOR, x, y, dx, dy))
    assert available() == before


@needs_numba
@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda v: v.value)
@pytest.mark.parametrize("shape", [(3, 600, 200), (1, 1201, 300), (400, 7, 100)], ids=str)
def test_threads_split_rows_and_give_the_same_bits(
    layout: Layout, shape: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large output is cut into one run of rows per core, across batch items too."""
    monkeypatch.setattr(_compiled, "PARALLEL_FROM", 0)
    calls: list[tuple[int, int]] = []
    real = _compiled._kernel

    def spy(by_rows: bool, dtype: Any) -> Any:
        loop = real(by_rows, dtype)

        def record(*args: Any) -> None:
            calls.append((args[-2], args[-1]))
            loop(*args)

        return record

    monkeypatch.setattr(_compiled, "_kernel", spy)
    batch, m, n = shape
    x, y, dx, dy = operands(layout, (batch,), (batch,), m, n, np.float64)
    xs, ys = scaled(layout, x, y)
    out: Array = np.full(np.broadcast_shapes(dy.shape, xs.shape), np.nan)
    assert try_fused_multiply_add(dy, xs, dx, ys, out, out.dtype)
    np.testing.assert_array_equal(out, plain_formula(layout, x, y, dx, dy), strict=True)
    rows = out.shape[0] * out.shape[1]
    parts = min(workers(), rows)
    assert parts == 2 or workers() != 2
    assert sorted(calls) == [(rows * p // parts, rows * (p + 1) // parts) for p in range(parts)]


class CompiledLoop:
    """Stands in for ``try_fused_multiply_add`` and records the dtype it was asked for."""

    def __init__(self) -> None:
        self.dtypes: list[np.dtype[Any]] = []

    def __call__(self, a: Array, b: Array, c: Array, d: Array, out: Array, dtype: Any) -> bool:
        self.dtypes.append(dtype)
        return False


@pytest.fixture
def compiled_loop(monkeypatch: pytest.MonkeyPatch) -> CompiledLoop:
    recorder = CompiledLoop()
    monkeypatch.setattr(kernel, "try_fused_multiply_add", recorder)
    return recorder


def _problem(shape: tuple[int, int]) -> tuple[Array, Array, Array, Array]:
    rng = np.random.default_rng(0)
    dy, dx = rng.standard_normal(shape), rng.standard_normal(shape)
    return dy, rng.standard_normal((1, shape[1])), dx, rng.standard_normal((1, shape[1]))


def test_the_compiled_loop_is_asked_by_default_with_the_compute_dtype(
    compiled_loop: CompiledLoop,
) -> None:
    dy, x, dx, y = _problem((600, 200))
    out = np.empty((600, 200), np.float32)
    fused_multiply_add(dy, x, dx, y, out, np.dtype(np.float32))
    assert compiled_loop.dtypes == [np.dtype(np.float32)]


def test_an_overlapping_out_still_asks_the_compiled_loop(compiled_loop: CompiledLoop) -> None:
    dy, x, dx, y = _problem((600, 200))
    want = np.multiply(dy, x) + np.multiply(dx, y)
    fused_multiply_add(dy, x, dx, y, dy, dy.dtype)
    np.testing.assert_array_equal(dy, want, strict=True)
    assert compiled_loop.dtypes == [dy.dtype]


def test_a_small_output_never_asks_the_compiled_loop(compiled_loop: CompiledLoop) -> None:
    dy, x, dx, y = _problem((6, 4))
    out = np.empty((6, 4))
    fused_multiply_add(dy, x, dx, y, out, out.dtype)
    np.testing.assert_array_equal(out, np.multiply(dy, x) + np.multiply(dx, y), strict=True)
    assert compiled_loop.dtypes == []


def test_a_first_small_call_imports_no_numba_and_no_other_array_library() -> None:
    """The first call on a small vector compiles nothing: numba is not even imported."""
    code = (
        "import sys, numpy as np\n"
        "from hadamard import hadamard_jvp, hadamard_jacobian, DenominatorJacobian\n"
        "x = np.arange(3.0)\n"
        "hadamard_jvp(x, x, x, x)\n"
        "hadamard_jacobian(x, x, DenominatorJacobian(np.ones((2, 3))),"
        " DenominatorJacobian(np.ones((2, 3))))\n"
        "loaded = {m.partition('.')[0] for m in sys.modules}\n"
        "print(sorted(loaded & {'numba', 'torch', 'jax', 'dask', 'sympy', 'hypothesis',"
        " 'array_api_compat', 'array_api_strict', 'proofs'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def _threaded_call(queue: Any) -> None:
    """In a forked child (PARALLEL_FROM is 0 there too): a split call, and its first entry."""
    dy, x, dx, y = _problem((600, 200))
    out = np.empty((600, 200))
    fused_multiply_add(dy, x, dx, y, out, out.dtype)
    queue.put(float(out[0, 0] - (dy[0, 0] * x[0, 0] + dx[0, 0] * y[0, 0])))


@needs_numba
# JAX, when an earlier test imported it, warns on every fork; the child here never touches JAX.
@pytest.mark.filterwarnings("ignore:os.fork\\(\\) was called:RuntimeWarning")
def test_a_forked_child_gets_threads_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """After the parent used its thread pool, a forked child's split call still finishes."""
    import multiprocessing

    monkeypatch.setattr(_compiled, "PARALLEL_FROM", 0)
    dy, x, dx, y = _problem((600, 200))
    fused_multiply_add(dy, x, dx, y, np.empty((600, 200)), np.dtype(np.float64))
    assert "pool" in _compiled._state  # the parent's pool has threads now
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_threaded_call, args=(queue,))
    child.start()
    child.join(timeout=60)
    if child.is_alive():  # the bug this guards against: the child waits forever
        child.kill()
        child.join()
    assert child.exitcode == 0
    assert queue.get(timeout=5) == 0.0
