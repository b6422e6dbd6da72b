"""The strategies: house style (bounds, bad-argument table), M ≠ N, large N, exact Jacobians."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from numpy.typing import NDArray

from hadamard import DenominatorJacobian, Layout, NumeratorJacobian, hadamard_jacobian
from hadamard.testing import (
    FunctionPair,
    ShapePair,
    check_hadamard_jacobian,
    check_hadamard_vjp,
    function_pairs,
    jacobians,
    layouts,
    shape_pairs,
    vectors,
)
from hadamard.testing._cases import Shapes
from hadamard.testing._strategies import (
    LARGE_ONE_IN,
    MAX_BATCH,
    MAX_DRAWN_BATCH_NDIM,
    case_shapes,
)


def _good_vjp(x: Any, y: Any, g: Any) -> tuple[Any, Any]:
    return g * y, g * x


# One table of (function, kwargs) that must raise InvalidArgument, as in Hypothesis's own tests.
BAD_ARGUMENTS: list[tuple[Callable[..., object], dict[str, Any]]] = [
    (shape_pairs, {"min_inputs": 0}),
    (shape_pairs, {"min_outputs": -1}),
    (shape_pairs, {"min_inputs": 3, "max_inputs": 2}),
    (shape_pairs, {"min_outputs": 5, "max_outputs": 4}),
    (shape_pairs, {"max_inputs": 2.5}),
    (shape_pairs, {"max_outputs": True}),
    (vectors, {"n": 0}),
    (vectors, {"n": "3"}),
    (vectors, {"n": 3, "dtype": np.int64}),
    (vectors, {"n": 3, "dtype": np.complex128}),
    (vectors, {"n": 3, "dtype": "not-a-dtype"}),
    (vectors, {"n": 3, "min_value": 1.0, "max_value": -1.0}),
    (vectors, {"n": 3, "max_value": float("inf")}),
    (vectors, {"n": 3, "min_value": float("nan")}),
    (vectors, {"n": 3, "dtype": np.float16, "max_value": 1e4}),
    (vectors, {"n": 3, "max_value": "10"}),
    (jacobians, {"m": 0, "n": 2}),
    (jacobians, {"m": 2, "n": 0}),
    (jacobians, {"m": 2, "n": 2, "layout": "denominator"}),
    (jacobians, {"m": 2, "n": 2, "dtype": np.int32}),
    (function_pairs, {"min_inputs": 4, "max_inputs": 1}),
    (function_pairs, {"layout": None}),
    (function_pairs, {"dtype": bool}),
    (check_hadamard_jacobian, {"impl": "not callable"}),
    (check_hadamard_jacobian, {"impl": np.multiply, "max_examples": 0}),
    (check_hadamard_jacobian, {"impl": np.multiply, "layout": "numerator"}),
    (check_hadamard_jacobian, {"impl": np.multiply, "dtype": np.int64}),
    (check_hadamard_jacobian, {"impl": np.multiply, "max_outputs": 0}),
    (check_hadamard_vjp, {"impl": None}),
    (check_hadamard_vjp, {"impl": _good_vjp, "max_examples": 1.5}),
    (check_hadamard_vjp, {"impl": _good_vjp, "dtype": np.complex64}),
]


def _bad_id(case: tuple[Callable[..., object], dict[str, Any]]) -> str:
    function, kwargs = case
    # Functions by name: a repr carries an address, which differs between pytest-xdist workers.
    arguments = ", ".join(
        f"{key}={getattr(value, '__name__', None) or repr(value)}" for key, value in kwargs.items()
    )
    return f"{function.__name__}({arguments})"


@pytest.mark.parametrize("case", BAD_ARGUMENTS, ids=[_bad_id(c) for c in BAD_ARGUMENTS])
def test_bad_arguments_raise_invalid_argument(
    case: tuple[Callable[..., object], dict[str, Any]],
) -> None:
    function, kwargs = case
    with pytest.raises(InvalidArgument):
        function(**kwargs)


def test_invalid_argument_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"Cannot have max_inputs=1 < min_inputs=2"):
        shape_pairs(min_inputs=2, max_inputs=1)


def test_messages_echo_the_argument() -> None:
    with pytest.raises(InvalidArgument, match=r"max_value=10000.0 is too large for dtype=float16"):
        vectors(2, dtype=np.float16, max_value=1e4)
    with pytest.raises(InvalidArgument, match=r"got layout='denominator' \(type=str\)"):
        jacobians(2, 2, layout="denominator")  # type: ignore[call-overload]


def test_shape_pairs_produce_m_different_from_n() -> None:
    pair = find(shape_pairs(), lambda p: p.n_inputs != p.n_outputs)
    assert pair == ShapePair(n_inputs=1, n_outputs=2)  # the minimal such pair


@pytest.mark.parametrize(
    ("predicate", "minimal"),
    [
        (lambda p: p.n_outputs >= 12, ShapePair(1, 12)),
        (lambda p: p.n_inputs >= 12, ShapePair(12, 1)),
        (lambda p: p.n_inputs > p.n_outputs >= 6, ShapePair(7, 6)),
    ],
    ids=["N reaches 12", "M reaches 12", "M > N > 5"],
)
def test_shape_pairs_reach_large_sizes(
    predicate: Callable[[ShapePair], bool], minimal: ShapePair
) -> None:
    assert find(shape_pairs(), predicate) == minimal


@given(st.data())
def test_shape_pairs_respect_bounds(data: st.DataObject) -> None:
    min_inputs = data.draw(st.integers(1, 12), label="min_inputs")
    max_inputs = data.draw(st.integers(min_inputs, 16), label="max_inputs")
    min_outputs = data.draw(st.integers(1, 12), label="min_outputs")
    max_outputs = data.draw(st.integers(min_outputs, 16), label="max_outputs")
    pair: ShapePair = data.draw(
        shape_pairs(
            min_inputs=min_inputs,
            max_inputs=max_inputs,
            min_outputs=min_outputs,
            max_outputs=max_outputs,
        )
    )
    m, n = pair
    assert min_inputs <= m <= max_inputs
    assert min_outputs <= n <= max_outputs


@pytest.mark.parametrize("layout", list(Layout))
def test_layouts_generate_both(layout: Layout) -> None:
    assert find(layouts(), lambda chosen: chosen is layout) is layout


@given(st.data(), st.sampled_from([np.float16, np.float32, np.float64]))
def test_vectors_have_shape_dtype_and_bounds(data: st.DataObject, dtype: type) -> None:
    n = data.draw(st.integers(1, 20))
    v = data.draw(vectors(n, dtype=dtype, min_value=-3.0, max_value=0.5))
    assert v.shape == (n,)
    assert v.dtype == np.dtype(dtype)
    assert np.all(np.isfinite(v))
    assert np.all((v >= -3.0) & (v <= 0.5))


@given(shape_pairs(max_inputs=5, max_outputs=5), st.data())
def test_jacobians_carry_their_layout(pair: ShapePair, data: st.DataObject) -> None:
    m, n = pair
    den = data.draw(jacobians(m, n))
    num = data.draw(jacobians(m, n, layout=Layout.NUMERATOR, dtype=np.float32))
    assert isinstance(den, DenominatorJacobian)
    assert den.array.shape == (m, n)
    assert isinstance(num, NumeratorJacobian)
    assert num.array.shape == (n, m)
    assert num.array.dtype == np.float32


def _central_difference(f: Callable[[NDArray[Any]], NDArray[Any]], z: NDArray[Any]) -> NDArray[Any]:
    """Numerator-layout (N, M) Jacobian of f at z by central differences."""
    h = 1e-6
    columns = []
    for j in range(z.shape[0]):
        e = np.zeros_like(z)
        e[j] = h
        columns.append((f(z + e) - f(z - e)) / (2 * h))
    return np.stack(columns, axis=-1)


@given(function_pairs(max_inputs=6, max_outputs=6, layout=Layout.NUMERATOR))
def test_function_pairs_jacobians_match_finite_differences(pair: FunctionPair) -> None:
    for smooth, exact in ((pair.x, pair.dx()), (pair.y, pair.dy())):
        numeric = _central_difference(smooth, pair.z)
        np.testing.assert_allclose(exact.array, numeric, rtol=1e-5, atol=1e-5)


@given(function_pairs(max_inputs=6, max_outputs=6))
def test_the_rule_holds_on_function_pairs(pair: FunctionPair) -> None:
    # Seed eq. 6-1-3, denominator layout: the rule's answer is the derivative of x ⊙ y.
    dx, dy = pair.dx(), pair.dy()
    assert isinstance(dx, DenominatorJacobian)
    assert isinstance(dy, DenominatorJacobian)
    rule = hadamard_jacobian(pair.x(pair.z), pair.y(pair.z), dx, dy)
    numeric = _central_difference(lambda z: pair.x(z) * pair.y(z), pair.z)
    np.testing.assert_allclose(rule.array, numeric.T, rtol=1e-5, atol=1e-5)
    assert rule.array.shape == (pair.n_inputs, pair.n_outputs)


def test_function_pairs_are_nonlinear_and_reach_m_different_from_n() -> None:
    # No shrinking: only existence matters, and shrinking 300 parameters takes seconds.
    pair = find(
        function_pairs(),
        lambda p: p.n_inputs != p.n_outputs and {p.x.kind, p.y.kind} == {"tanh", "square"},
        settings=settings(phases=[Phase.generate], database=None, max_examples=1000),
    )
    assert pair.n_inputs != pair.n_outputs


# --- the shapes of the helpers' cases: what case_shapes promises ---------------------------------

SHAPE_BOUNDS = {"input_ndim": 2, "output_ndim": 1, "max_inputs": 4, "max_outputs": 5}


def _drawn(draws: int, **options: Any) -> list[Shapes]:
    sample = case_shapes(**{**SHAPE_BOUNDS, **options})
    rng = np.random.default_rng(20261203)
    return [sample(rng) for _ in range(draws)]


def _sizes(shapes: Shapes) -> list[int]:
    return [*shapes.outputs, *shapes.inputs]  # in the order of their bounds


BOUNDS = [5, 4, 4]  # max_outputs once, max_inputs twice


def test_drawn_shapes_stay_in_their_bounds_and_cover_them() -> None:
    drawn = _drawn(3000, batch_ndim=None, max_size=40, reuse=False)
    large = [s for s in drawn if any(n > b for n, b in zip(_sizes(s), BOUNDS, strict=True))]
    small = [s for s in drawn if s not in large]
    for shapes in small:
        assert len(shapes.batch) <= MAX_DRAWN_BATCH_NDIM
        assert all(1 <= n <= MAX_BATCH for n in shapes.batch), shapes
        assert all(1 <= n <= b for n, b in zip(_sizes(shapes), BOUNDS, strict=True)), shapes
    # Every size of every axis, and every batch rank and length, is drawn.
    for k, bound in enumerate(BOUNDS):
        assert {_sizes(s)[k] for s in small} == set(range(1, bound + 1))
    assert {len(s.batch) for s in small} == set(range(MAX_DRAWN_BATCH_NDIM + 1))
    assert {n for s in small for n in s.batch} == set(range(1, MAX_BATCH + 1))
    # One case in LARGE_ONE_IN takes one axis past its bound; the others then stay small.
    assert len(drawn) / (3 * LARGE_ONE_IN) < len(large) < 3 * len(drawn) / LARGE_ONE_IN
    for shapes in large:
        past = [k for k, (n, b) in enumerate(zip(_sizes(shapes), BOUNDS, strict=True)) if n > b]
        assert len(past) == 1, shapes
        others = [n for k, n in enumerate(_sizes(shapes)) if k not in past]
        assert all(1 <= n <= 3 for n in others), shapes
        assert all(1 <= n <= 2 for n in shapes.batch), shapes
    grown = {k: [_sizes(s)[k] for s in large if _sizes(s)[k] > BOUNDS[k]] for k in range(3)}
    for k, sizes in grown.items():
        assert sizes, f"axis {k} never grew"
        assert max(sizes) <= 40
    assert max(max(sizes) for sizes in grown.values()) == 40
    assert any(min(sizes) == BOUNDS[k] + 1 for k, sizes in grown.items())  # just past it


def test_no_axis_grows_when_max_size_is_no_larger_than_the_bounds() -> None:
    drawn = _drawn(500, batch_ndim=0, max_size=4, reuse=False)
    assert all(s.batch == () for s in drawn)
    assert all(n <= b for s in drawn for n, b in zip(_sizes(s), BOUNDS, strict=True))
    assert max(_sizes(s)[1] for s in drawn) == 4  # drawn up to its bound, never past it


def test_a_library_that_compiles_per_shape_meets_a_short_palette() -> None:
    drawn = set(_drawn(2000, batch_ndim=None, max_size=40, reuse=True))
    batches = {(), (MAX_BATCH,), (MAX_BATCH, 2)}
    assert {s.batch for s in drawn} == batches
    for batch in batches:
        mine = {(s.outputs, s.inputs) for s in drawn if s.batch == batch}
        assert mine == {
            ((1,), (1, 1)),
            ((3,), (3, 3)),
            ((5,), (4, 4)),
            ((40,), (1, 1)),  # the first output axis, grown
            ((1,), (40, 1)),  # the first input axis, grown
        }


@pytest.mark.parametrize("bound", [1, 2, 3, 4])
def test_the_palette_takes_any_bound(bound: int) -> None:
    sample = case_shapes(
        batch_ndim=None,
        input_ndim=1,
        output_ndim=2,
        max_inputs=bound,
        max_outputs=bound,
        max_size=8,
        reuse=True,
    )
    rng = np.random.default_rng(bound)
    drawn = {sample(rng) for _ in range(300)}
    assert all(1 <= n <= 8 for s in drawn for n in (*s.inputs, *s.outputs))
    # the bound holds, but for at most one axis of a case, which may grow up to max_size
    assert all(sum(n > bound for n in (*s.inputs, *s.outputs)) <= 1 for s in drawn)


def test_the_palette_holds_a_repeated_shape_once() -> None:
    sample = case_shapes(
        batch_ndim=0,
        input_ndim=1,
        output_ndim=1,
        max_inputs=1,
        max_outputs=2,
        max_size=2,
        reuse=True,
    )
    rng = np.random.default_rng(3)
    drawn = [sample(rng) for _ in range(3000)]
    shapes = {Shapes((), (1,), (1,)), Shapes((), (1,), (2,)), Shapes((), (2,), (1,))}
    assert set(drawn) == shapes
    for shape in shapes:  # each once in the palette: drawn a third of the time
        assert abs(drawn.count(shape) / len(drawn) - 1 / 3) < 0.05, shape
