"""The cache-blocked rule (hadamard/_kernel.py) against the plain formula and a diag-matmul oracle.

The plain formula ``dy·x + dx·y`` (products and sum in the result dtype) must agree bitwise;
the literal seed form 6-1-3 with explicit diag(·) matrices must agree to rounding.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray

import hadamard._compiled as _compiled
import hadamard._rule as rule
from benchmarks.memory import peak_bytes
from hadamard import (
    DenominatorJacobian,
    Layout,
    NumeratorJacobian,
    ShapeError,
    hadamard_jacobian,
    hadamard_jvp,
)
from hadamard._compiled import available
from hadamard._kernel import BLOCK_BYTES, fused_multiply_add

Array = NDArray[Any]


def plain_formula(layout: Layout, x: Array, y: Array, dx: Array, dy: Array) -> Array:
    """Unblocked numpy: dy·x + dx·y with x broadcast along the M axis of the layout."""
    dtype = np.result_type(x, y, dx, dy)
    if dtype.kind in "iu":
        dtype = np.dtype(np.float64)
    axis = -2 if layout is Layout.DENOMINATOR else -1
    xs, ys = np.expand_dims(x, axis), np.expand_dims(y, axis)
    result: Array = np.multiply(dy, xs, dtype=dtype) + np.multiply(dx, ys, dtype=dtype)
    return result


def diag_matmul(layout: Layout, x: Array, y: Array, dx: Array, dy: Array) -> Array:
    """Seed 6-1-3 taken literally, with explicit (batched) diag(x) and diag(y) matrices."""
    eye = np.eye(x.shape[-1])
    diag_x, diag_y = x[..., :, np.newaxis] * eye, y[..., :, np.newaxis] * eye
    if layout is Layout.DENOMINATOR:
        result: Array = dy @ diag_x + dx @ diag_y
    else:
        result = diag_x @ dy + diag_y @ dx
    return result


def jacobian(
    layout: Layout, x: Array, y: Array, dx: Array, dy: Array, out: Array | None = None
) -> Array:
    """The public hadamard_jacobian in the given layout, as a bare array."""
    answer: Array
    if layout is Layout.DENOMINATOR:
        den = hadamard_jacobian(x, y, DenominatorJacobian(dx), DenominatorJacobian(dy), out=out)
        answer = den.array
        return answer
    num = hadamard_jacobian(x, y, NumeratorJacobian(dx), NumeratorJacobian(dy), out=out)
    answer = num.array
    return answer


# (id, block size, compiled, threads): tiny blocks cross many block edges; "compiled" is the
# numba loop, given every size here (it normally starts at COMPILE_FROM elements), in one thread
# or split across the cores as large outputs are.
PATHS = [
    ("numpy-8B", 8, False, False),
    ("numpy-64B", 64, False, False),
    ("numpy", BLOCK_BYTES, False, False),
    ("compiled", BLOCK_BYTES, True, False),
    ("compiled-threads", BLOCK_BYTES, True, True),
]


@pytest.fixture(params=PATHS, ids=[p[0] for p in PATHS])
def block_bytes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run the public functions through each evaluation path of the kernel."""
    _name, size, compiled, threads = request.param
    if compiled and not available():
        pytest.skip("the optional numba extra (`pip install hadamard[fast]`) is not installed")
    fused = functools.partial(fused_multiply_add, block_bytes=size, compiled=compiled)
    monkeypatch.setattr(rule, "fused_multiply_add", fused)
    monkeypatch.setattr(_compiled, "COMPILE_FROM", 0)
    if threads:
        monkeypatch.setattr(_compiled, "PARALLEL_FROM", 0)
    return int(size)


def sample(rng: np.random.Generator, shape: tuple[int, ...], dtype: Any) -> Array:
    kind = np.dtype(dtype).kind
    if kind in "iu":
        return rng.integers(-9, 10, size=shape).astype(dtype)
    values = rng.standard_normal(shape)
    if kind == "c":
        values = values + 1j * rng.standard_normal(shape)
    return values.astype(dtype)


def operands(
    layout: Layout,
    batch_x: tuple[int, ...],
    batch_d: tuple[int, ...],
    m: int,
    n: int,
    dtype: Any,
    seed: int = 0,
) -> tuple[Array, Array, Array, Array]:
    rng = np.random.default_rng(seed)
    core = (m, n) if layout is Layout.DENOMINATOR else (n, m)
    x, y = sample(rng, (*batch_x, n), dtype), sample(rng, (*batch_x, n), dtype)
    dx, dy = sample(rng, (*batch_d, *core), dtype), sample(rng, (*batch_d, *core), dtype)
    return x, y, dx, dy


LAYOUTS = [Layout.DENOMINATOR, Layout.NUMERATOR]
DTYPES = [np.float64, np.float32, np.complex128, np.complex64, np.int64, np.int8]
Shapes = tuple[tuple[int, ...], tuple[int, ...], int, int]
SHAPES: list[Shapes] = [
    # (batch of x and y, batch of dx and dy, M, N)
    ((), (), 3, 5),
    ((), (), 1, 1),
    ((), (), 17, 1),
    ((), (), 1, 33),
    ((), (4,), 3, 5),  # unbatched x against batched Jacobians
    ((4,), (), 3, 5),  # batched x against one Jacobian
    ((2, 1), (1, 3), 4, 2),  # both sides broadcast
    ((1000,), (1000,), 2, 3),  # tiny matrices, big batch: blocks span whole matrices
]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda v: v.value)
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("shapes", SHAPES, ids=str)
def test_blocked_equals_plain_formula_bitwise(
    layout: Layout, dtype: Any, shapes: Shapes, block_bytes: int
) -> None:
    x, y, dx, dy = operands(layout, *shapes, dtype)
    got = jacobian(layout, x, y, dx, dy)
    want = plain_formula(layout, x, y, dx, dy)
    assert got.dtype == want.dtype
    assert got.shape == want.shape
    np.testing.assert_array_equal(got, want, strict=True)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda v: v.value)
@pytest.mark.parametrize("dtype", [np.float64, np.complex128])
def test_blocked_matches_diag_matmul_oracle(layout: Layout, dtype: Any, block_bytes: int) -> None:
    x, y, dx, dy = operands(layout, (2, 1), (3,), 6, 7, dtype)
    got = jacobian(layout, x, y, dx, dy)
    np.testing.assert_allclose(got, diag_matmul(layout, x, y, dx, dy), rtol=1e-12, atol=1e-12)


def views(layout: Layout, seed: int) -> Iterator[tuple[str, Array, Array, Array, Array]]:
    """Non-contiguous operands: transposed, strided, reversed and broadcast views."""
    rng = np.random.default_rng(seed)
    m, n = 9, 7
    core = (m, n) if layout is Layout.DENOMINATOR else (n, m)
    x, y = rng.standard_normal(2 * n)[::2], rng.standard_normal(n)[::-1]
    dx = rng.standard_normal(core[::-1]).T  # a transposed (Fortran-ordered) view
    dy = rng.standard_normal((core[0], 3 * core[1]))[:, ::3]  # a strided view
    yield "transposed-strided", x, y, dx, dy
    batched = rng.standard_normal((core[1], 4, core[0])).transpose(1, 2, 0)
    yield "batched-transposed", x, y, batched, dy
    yield "broadcast-jacobian", x, y, np.broadcast_to(dx, (5, *core)), dy
    xb = np.broadcast_to(x, (3, 2, n))
    yield "broadcast-vectors", xb, y, dx, rng.standard_normal((2, *core))


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda v: v.value)
def test_non_contiguous_views(layout: Layout, block_bytes: int) -> None:
    for _name, x, y, dx, dy in views(layout, seed=1):
        got = jacobian(layout, x, y, dx, dy)
        np.testing.assert_array_equal(got, plain_formula(layout, x, y, dx, dy), strict=True)
        np.testing.assert_allclose(got, diag_matmul(layout, x, y, dx, dy), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda v: v.value)
@pytest.mark.parametrize("delta", [-1, 0, 1])
def test_block_boundaries(layout: Layout, delta: int) -> None:
    """Rows per block ± 1 and a row longer than a block, at the default block size."""
    # Unbatched denominator x and y are tiled, sharing the block budget three ways; numerator
    # blocks leave room for numpy's own iteration buffer.
    budget = BLOCK_BYTES // 8
    per = budget // 3 if layout is Layout.DENOMINATOR else budget - np.getbufsize()
    for m, n in [(2, per // 2 + delta), (1, per + delta), (3, 2 * per + delta)]:
        x, y, dx, dy = operands(layout, (), (), m, n, np.float64, seed=m)
        want = plain_formula(layout, x, y, dx, dy)
        np.testing.assert_array_equal(jacobian(layout, x, y, dx, dy), want, strict=True)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda v: v.value)
@pytest.mark.parametrize("size", [0, 1])
def test_empty_sizes(layout: Layout, size: int) -> None:
    empties: list[Shapes] = [
        ((), (), 0, 3),
        ((), (), 3, 0),
        ((0,), (), 2, 2),
        ((), (0, 2), size, 2),
    ]
    for shapes in empties:
        x, y, dx, dy = operands(layout, *shapes, np.float32)
        got = jacobian(layout, x, y, dx, dy)
        want = plain_formula(layout, x, y, dx, dy)
        assert got.shape == want.shape
        assert got.dtype == np.float32


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda v: v.value)
def test_out_receives_the_result(layout: Layout, block_bytes: int) -> None:
    x, y, dx, dy = operands(layout, (3,), (), 4, 5, np.float64)
    want = plain_formula(layout, x, y, dx, dy)
    out = np.full(want.shape, np.nan)
    assert np.shares_memory(jacobian(layout, x, y, dx, dy, out=out), out)
    np.testing.assert_array_equal(out, want, strict=True)
    # A non-contiguous out (a transposed view) and a narrower dtype (numpy's same_kind cast).
    out_t = np.empty(want.shape[::-1]).T
    jacobian(layout, x, y, dx, dy, out=out_t)
    np.testing.assert_array_equal(out_t, want)
    out32 = np.empty(want.shape, np.float32)
    jacobian(layout, x, y, dx, dy, out=out32)
    dtype = np.float64
    axis = -2 if layout is Layout.DENOMINATOR else -1
    first = np.multiply(dy, np.expand_dims(x, axis), dtype=dtype).astype(np.float32)
    second = np.multiply(dx, np.expand_dims(y, axis), dtype=dtype)
    np.testing.assert_array_equal(out32, np.add(first, second, dtype=dtype).astype(np.float32))


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda v: v.value)
def test_out_overlapping_an_input_is_still_right(layout: Layout, block_bytes: int) -> None:
    """out= the very buffer of dy (an in-place update) gives the formula on the old values."""
    x, y, dx, dy = operands(layout, (), (), 6, 6, np.float64)
    want = plain_formula(layout, x, y, dx, dy)
    jacobian(layout, x, y, dx, dy, out=dy)
    np.testing.assert_array_equal(dy, want, strict=True)
    x, y, dx, dy = operands(layout, (), (), 6, 6, np.float64, seed=3)
    want = plain_formula(layout, x, y, dx, dy)
    jacobian(layout, x, y, dx, dy, out=dx.T.T)
    np.testing.assert_array_equal(dx, want, strict=True)


OUT_ERRORS: list[tuple[str, Callable[[tuple[int, ...]], Any], type[Exception], str]] = [
    ("wrong-shape", lambda s: np.empty((*s, 1)), ShapeError, "out has shape"),
    ("missing-batch", lambda s: np.empty(s[1:]), ShapeError, "out has shape"),
    ("int-dtype", lambda s: np.empty(s, np.int64), TypeError, "out has dtype int64"),
    ("real-for-complex", lambda s: np.empty(s, np.float64), TypeError, "cannot hold complex"),
    (
        "read-only",
        lambda s: np.broadcast_to(np.empty(s[-1:], np.complex128), s),
        ValueError,
        "out is read-only",
    ),
    ("list", lambda s: np.empty(s).tolist(), TypeError, "out must be a numpy array"),
]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda v: v.value)
@pytest.mark.parametrize(
    ("make", "error", "match"), [e[1:] for e in OUT_ERRORS], ids=[e[0] for e in OUT_ERRORS]
)
def test_out_errors(
    layout: Layout, make: Callable[[tuple[int, ...]], Any], error: type[Exception], match: str
) -> None:
    x, y, dx, dy = operands(layout, (2,), (), 3, 4, np.complex128)
    shape = plain_formula(layout, x, y, dx, dy).shape
    with pytest.raises(error, match=match):
        jacobian(layout, x, y, dx, dy, out=make(shape))


def test_jvp_blocked_equals_plain_formula(block_bytes: int) -> None:
    rng = np.random.default_rng(5)
    x, tx = rng.standard_normal((3, 1, 50)), rng.standard_normal((4, 50))
    y, ty = rng.standard_normal(50), rng.standard_normal((3, 4, 50)).astype(np.float32)
    want = np.multiply(x, ty, dtype=np.float64) + np.multiply(y, tx, dtype=np.float64)
    np.testing.assert_array_equal(hadamard_jvp(x, y, tx, ty), want, strict=True)
    empty = hadamard_jvp(np.empty((0, 1, 5)), np.ones(5), np.ones((4, 5)), np.ones((4, 5)))
    assert empty.shape == (0, 4, 5)


@st.composite
def problems(draw: st.DrawFn) -> tuple[Layout, Array, Array, Array, Array]:
    layout = draw(st.sampled_from(LAYOUTS))
    dtype = draw(st.sampled_from([np.float64, np.float32, np.complex64, np.int32]))
    m, n = draw(st.integers(0, 6)), draw(st.integers(0, 6))
    batch = draw(st.lists(st.integers(0, 3), max_size=2))
    batch_x = tuple(draw(st.sampled_from([1, b])) for b in batch)
    batch_d = tuple(draw(st.sampled_from([1, b])) for b in batch)
    x, y, dx, dy = operands(layout, batch_x, batch_d, m, n, dtype, seed=draw(st.integers(0, 99)))
    if draw(st.booleans()):  # a transposed view of the same Jacobian
        dx = np.ascontiguousarray(np.swapaxes(dx, -1, -2)).swapaxes(-1, -2)
    return layout, x, y, dx, dy


@given(problem=problems(), block=st.integers(1, 256), compiled=st.booleans())
def test_property_any_block_size(
    problem: tuple[Layout, Array, Array, Array, Array], block: int, compiled: bool
) -> None:
    layout, x, y, dx, dy = problem
    dtype = plain_formula(layout, x, y, dx, dy).dtype
    axis = -2 if layout is Layout.DENOMINATOR else -1
    xs, ys = np.expand_dims(x, axis), np.expand_dims(y, axis)
    shape = np.broadcast_shapes(dy.shape, xs.shape, dx.shape)
    with patch.object(_compiled, "COMPILE_FROM", 0):  # the compiled loop at every size here
        got = fused_multiply_add(
            dy, xs, dx, ys, np.empty(shape, dtype), dtype, block_bytes=block, compiled=compiled
        )
    np.testing.assert_array_equal(got, plain_formula(layout, x, y, dx, dy), strict=True)


def scaled(layout: Layout, x: Array, y: Array) -> tuple[Array, Array]:
    axis = -2 if layout is Layout.DENOMINATOR else -1
    return np.expand_dims(x, axis), np.expand_dims(y, axis)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda v: v.value)
@pytest.mark.parametrize("compiled", [False, True], ids=["numpy", "compiled"])
def test_peak_memory_is_the_output_plus_one_block(layout: Layout, compiled: bool) -> None:
    """tracemalloc sees every numpy buffer: the peak is the output plus at most one block."""
    if compiled and not available():
        pytest.skip("the optional numba extra (`pip install hadamard[fast]`) is not installed")
    x, y, dx, dy = operands(layout, (), (), 600, 700, np.float64)
    xs, ys = scaled(layout, x, y)

    def run() -> Array:
        out = np.empty(dy.shape)
        return fused_multiply_add(dy, xs, dx, ys, out, out.dtype, compiled=compiled)

    run()  # compile and warm up outside the measurement
    bound = dy.nbytes + BLOCK_BYTES + 16 * 1024
    assert dy.nbytes <= peak_bytes(run) <= bound
    # The measurement does see temporaries: the plain formula makes a full-size one.
    assert peak_bytes(lambda: dy * xs + dx * ys) > bound
