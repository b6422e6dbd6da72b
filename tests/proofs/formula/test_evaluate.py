"""What the checker's nodes mean: numpy's conventions checked against numpy itself, mathematics'
conventions case by case, and the exact polynomial arithmetic underneath."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest

from hadamard import Layout
from proofs.formula.evaluate import (
    ONES,
    Applications,
    Convention,
    Indices,
    Model,
    UndefinedError,
    evaluate,
    same,
)
from proofs.formula.polynomials import (
    PERTURBATION,
    Symbols,
    Tensor,
    add,
    at_point,
    constant,
    derivative,
    mul,
    negate,
    power,
    scale,
    substitute,
    symbol,
)
from proofs.theory.expr import (
    Add,
    Apply,
    Component,
    Derivative,
    Diag,
    Expr,
    Hadamard,
    Jacobian,
    MatMul,
    Neg,
    Scale,
    Times,
    Transpose,
    Vector,
    Zero,
)

A, B = Vector("a"), Vector("b")


def tensor(array: np.ndarray[Any, Any]) -> Tensor:
    return Tensor.build(array.shape, (constant(int(v)) for v in array.ravel()))


def numbers(value: object) -> np.ndarray[Any, Any]:
    assert isinstance(value, Tensor)
    return np.array([substitute(p, {}) for p in value.entries]).reshape(value.shape)


def model(convention: Convention, **arrays: np.ndarray[Any, Any]) -> Model:
    values = {name: tensor(array) for name, array in arrays.items()}
    return Model(convention, Layout.DENOMINATOR, values, {}, {})


SHAPES = [(), (3,), (1,), (2, 3), (3, 2), (3, 3), (1, 3), (3, 1), (2, 2, 3), (2, 3, 3)]
OPERATIONS: list[tuple[str, Any, Any]] = [
    ("*", lambda a, b: Hadamard(a, b), np.multiply),
    ("+", lambda a, b: Add(a, b), np.add),
    ("@", lambda a, b: MatMul(a, b), np.matmul),
]
RNG = np.random.default_rng(2026)


@pytest.mark.parametrize(
    ("name", "left", "right"),
    [(op[0], s, t) for op in OPERATIONS for s, t in itertools.product(SHAPES, SHAPES)],
)
def test_numpy_binary_operations_are_numpy_s(
    name: str, left: tuple[int, ...], right: tuple[int, ...]
) -> None:
    _, build, reference = next(op for op in OPERATIONS if op[0] == name)
    a = RNG.integers(-5, 6, size=left)
    b = RNG.integers(-5, 6, size=right)
    expected: np.ndarray[Any, Any] | None
    try:
        expected = np.asarray(reference(a, b))
    except ValueError:
        expected = None
    m = model(Convention.NUMPY, a=np.asarray(a), b=np.asarray(b))
    if expected is None:
        with pytest.raises(UndefinedError):
            evaluate(build(A, B), m)
        return
    got = numbers(evaluate(build(A, B), m))
    assert got.shape == expected.shape
    assert np.array_equal(got, expected)


@pytest.mark.parametrize("shape", SHAPES)
def test_numpy_transpose_and_diag_are_numpy_s(shape: tuple[int, ...]) -> None:
    a = np.asarray(RNG.integers(-5, 6, size=shape))
    m = model(Convention.NUMPY, a=a)
    assert np.array_equal(numbers(evaluate(Transpose(A), m)), a.T)
    try:
        expected = np.diag(a)
    except ValueError:
        with pytest.raises(UndefinedError, match=r"diag\(·\) needs a vector"):
            evaluate(Diag(A), m)
        return
    assert np.array_equal(numbers(evaluate(Diag(A), m)), expected)


def column(*values: int) -> np.ndarray[Any, Any]:
    return np.array(values).reshape(-1, 1)


MATHEMATICS: list[tuple[Expr, dict[str, np.ndarray[Any, Any]], object]] = [
    # (expression, values, the result, or the message of UndefinedError)
    (Hadamard(A, B), {"a": column(1, 2), "b": column(3, 4)}, column(3, 8)),
    (
        Hadamard(A, B),
        {"a": column(1, 2), "b": np.ones((2, 2), int)},
        "⊙ needs equal shapes, got 2 × 1 ⊙ 2 × 2",
    ),
    (
        Add(A, B),
        {"a": column(1, 2), "b": np.ones((1, 2), int)},
        "the sum of 2 × 1 and 1 × 2 is undefined",
    ),
    (MatMul(A, B), {"a": column(1, 2), "b": np.array([[3, 4]])}, np.array([[3, 4], [6, 8]])),
    (
        MatMul(A, B),
        {"a": column(1, 2), "b": column(3, 4)},
        "the matrix product 2 × 1 · 2 × 1 is undefined: 1 column against 2 rows",
    ),
    (MatMul(A, B), {"a": np.array(2), "b": column(3, 4)}, column(6, 8)),
    (
        MatMul(A, B),
        {"a": np.ones((2, 2, 2), int), "b": np.ones((2, 2), int)},
        "the matrix product (2, 2, 2) · 2 × 2 needs two matrices",
    ),
    (Transpose(A), {"a": column(1, 2)}, np.array([[1, 2]])),
    (Transpose(A), {"a": np.array(5)}, np.array(5)),
    (Transpose(A), {"a": np.ones((2, 2, 2), int)}, "the transpose of (2, 2, 2) is undefined"),
    (Diag(A), {"a": np.array([[1, 2]])}, np.array([[1, 0], [0, 2]])),
    (Diag(A), {"a": np.ones((2, 2), int)}, "diag(·) needs a vector, got 2 × 2"),
    (Times(A, B), {"a": np.array(2), "b": np.array(3)}, np.array(6)),
    (Times(A, B), {"a": column(1, 2), "b": np.array(3)}, column(3, 6)),
    (
        Times(A, B),
        {"a": column(1, 2), "b": column(3, 4)},
        "a product of entries needs scalars, got 2 × 1 and 2 × 1",
    ),
    (Hadamard(A, B), {"a": np.array(2), "b": np.array([[3]])}, np.array(6)),
    (Neg(Scale(3, A)), {"a": column(1, -2)}, column(-3, 6)),
    (Component(A, "i"), {"a": np.ones((2, 2), int)}, "the entry (i) of 2 × 2 needs a vector"),
]


@pytest.mark.parametrize(("expr", "values", "expected"), MATHEMATICS)
def test_mathematics_conventions(
    expr: Expr, values: dict[str, np.ndarray[Any, Any]], expected: object
) -> None:
    m = model(Convention.MATHEMATICS, **values)
    if isinstance(expected, str):
        with pytest.raises(UndefinedError) as info:
            evaluate(expr, m)
        assert str(info.value) == expected
        return
    assert np.array_equal(numbers(evaluate(expr, m)), np.asarray(expected))


def test_zero_takes_whatever_shape_its_context_needs() -> None:
    m = model(Convention.MATHEMATICS, a=column(1, 2))
    expr: Expr
    for expr in (Add(Zero(), A), Add(A, Zero())):
        assert np.array_equal(numbers(evaluate(expr, m)), column(1, 2))
    for expr in (MatMul(Zero(), A), Hadamard(A, Zero()), Transpose(Zero()), Diag(Zero())):
        assert evaluate(expr, m) == Zero()
    assert same(Zero(), tensor(np.zeros((2, 3), int)))
    assert not same(Zero(), evaluate(A, m))
    assert same(evaluate(A, m), evaluate(Add(A, Zero()), m))


def test_the_ones_vector_takes_the_models_length() -> None:
    ones = Vector(ONES)
    for convention, shape in ((Convention.MATHEMATICS, (4, 1)), (Convention.NUMPY, (4,))):
        m = Model(convention, Layout.DENOMINATOR, {}, {}, {}, ones=4)
        assert numbers(evaluate(ones, m)).shape == shape


def test_an_index_runs_over_one_range() -> None:
    m = model(Convention.MATHEMATICS, a=column(1, 2), b=column(3, 4, 5))
    indices = Indices({"i": 1})
    assert numbers(evaluate(Component(A, "i"), m, indices)) == 2
    assert indices.bounds == {"i": 2}
    with pytest.raises(UndefinedError, match=r"the index i runs over 1\.\.2 and over 1\.\.3"):
        evaluate(Component(B, "i"), m, indices)


def test_a_jacobian_is_the_derivative_of_the_polynomial_in_each_layout() -> None:
    symbols = Symbols()
    x0 = [symbol(symbols.generic("x")) for _ in range(2)]
    dz = tuple(symbols.perturbation("δz") for _ in range(3))
    # x(z) = x0 + B z with B = [[1, 2, 3], [4, 5, 6]]: ∂x/∂z is B (numerator), Bᵀ (denominator)
    b = [[1, 2, 3], [4, 5, 6]]
    moving = [add(x0[i], scale(symbol(dz[0]), b[i][0])) for i in range(2)]
    moving = [
        add(add(moving[i], scale(symbol(dz[1]), b[i][1])), scale(symbol(dz[2]), b[i][2]))
        for i in range(2)
    ]
    for layout, expected in ((Layout.NUMERATOR, np.array(b)), (Layout.DENOMINATOR, np.array(b).T)):
        m = Model(
            Convention.MATHEMATICS,
            layout,
            {"x": Tensor((2, 1), tuple(x0))},
            {"x": Tensor((2, 1), tuple(moving))},
            {"z": dz},
        )
        assert np.array_equal(numbers(evaluate(Jacobian(Vector("x"), "z"), m)), expected)
    with pytest.raises(UndefinedError, match="nothing in the formula depends on w"):
        evaluate(Jacobian(Vector("x"), "w"), m)


def test_polynomials_are_exact() -> None:
    x, y, d = symbol(1), symbol(2), symbol(PERTURBATION + 1)
    assert add(x, negate(x)) == {}
    assert mul(add(x, y), add(x, negate(y))) == add(power(x, 2), negate(power(y, 2)))
    assert scale(x, 0) == {}
    assert constant(0) == {}
    assert derivative(mul(power(x, 3), y), 1) == scale(mul(power(x, 2), y), 3)
    assert derivative(x, 2) == {}
    assert at_point(add(x, mul(x, d))) == x
    assert substitute(add(mul(x, y), constant(4)), {1: 2, 2: 5}) == 14
    assert power(x, 0) == constant(1)


def test_products_are_kept_to_first_order_in_the_perturbations() -> None:
    x, d, e = symbol(1), symbol(PERTURBATION + 1), symbol(PERTURBATION + 2)
    assert mul(add(x, d), add(x, e)) == add(add(power(x, 2), mul(x, d)), mul(x, e))
    assert mul(d, e) == {}
    assert power(add(x, d), 3) == add(power(x, 3), scale(mul(power(x, 2), d), 3))


BATCHES = [
    ((1, 2, 3), (4, 3, 2)),
    ((2, 1, 2, 3), (3, 3, 2)),
    ((3,), (2, 3, 2)),
    ((2, 3, 2), (2,)),
    ((2, 2, 3), (1, 3, 4)),
    ((2, 2, 3), (3, 3, 4)),
    ((4, 1, 3), (1, 3)),
]


@pytest.mark.parametrize(("left", "right"), BATCHES)
def test_numpy_matmul_broadcasts_its_batches_as_numpy_does(
    left: tuple[int, ...], right: tuple[int, ...]
) -> None:
    a = np.asarray(RNG.integers(-5, 6, size=left))
    b = np.asarray(RNG.integers(-5, 6, size=right))
    m = model(Convention.NUMPY, a=a, b=b)
    try:
        expected = np.matmul(a, b)
    except ValueError:
        with pytest.raises(UndefinedError):
            evaluate(MatMul(A, B), m)
        return
    assert np.array_equal(numbers(evaluate(MatMul(A, B), m)), expected)


def test_numpy_errors_name_both_shapes() -> None:
    m = model(Convention.NUMPY, a=np.ones((2, 3), int), b=np.ones((2,), int), s=np.array(1))
    with pytest.raises(UndefinedError) as info:
        evaluate(MatMul(A, B), m)
    assert str(info.value) == "@ of 2 × 3 and (2,) is undefined: 3 columns against 2 rows"
    with pytest.raises(UndefinedError) as info:
        evaluate(Hadamard(A, B), m)
    assert str(info.value) == "* cannot broadcast the shapes 2 × 3 and (2,) together"
    with pytest.raises(UndefinedError) as info:
        evaluate(MatMul(Vector("s"), B), m)
    assert str(info.value) == "@ needs arrays with at least one axis, got a scalar"
    with pytest.raises(UndefinedError) as info:
        evaluate(Diag(Vector("s")), m)
    assert str(info.value) == "diag(·) needs a vector, got a scalar"


def test_a_tensor_item_reads_a_multi_index() -> None:
    t = tensor(np.arange(24).reshape(2, 3, 4))
    assert substitute(t.item((1, 2, 3)), {}) == 23
    assert substitute(t.item((0, 1, 2)), {}) == 6
    assert Tensor.zeros((2, 3)).entries == ({},) * 6


def test_sigma_has_one_symbol_per_point_and_order() -> None:
    symbols = Symbols()
    a, b = symbols.generic("a"), symbols.generic("b")
    applications = Applications(symbols.generic)
    values = {"a": Tensor((1, 1), (symbol(a),)), "b": Tensor((1, 1), (symbol(b),))}
    m = Model(Convention.MATHEMATICS, Layout.DENOMINATOR, values, {}, {}, functions=applications)
    sa = evaluate(Apply("sigma", A), m)
    assert same(sa, evaluate(Apply("sigma", A), m))  # σ is a function
    assert not same(sa, evaluate(Apply("sigma", B), m))  # independent at another point
    assert not same(sa, evaluate(Derivative("sigma", A), m))  # σ' is not σ
    # a composition is one more symbol, not a polynomial raised to a power
    nested = evaluate(Apply("sigma", Apply("sigma", Apply("sigma", A))), m)
    assert isinstance(nested, Tensor)
    assert len(nested.entries[0]) == 1


def test_sigma_to_first_order_moves_with_its_argument() -> None:
    symbols = Symbols()
    a = symbols.generic("a")
    delta = symbols.perturbation("δ")
    applications = Applications(symbols.generic)
    at = Tensor((1, 1), (symbol(a),))
    moved = Tensor((1, 1), (add(symbol(a), symbol(delta)),))
    m = Model(
        Convention.MATHEMATICS,
        Layout.DENOMINATOR,
        {"a": at},
        {"a": moved},
        {},
        functions=applications,
    )
    value = evaluate(Apply("sigma", A), m, moving=True)
    assert isinstance(value, Tensor)
    slope = derivative(value.entries[0], delta)
    assert same(Tensor((1, 1), (slope,)), evaluate(Derivative("sigma", A), m))  # σ(a+δ)' = σ'(a)


def test_settling_gives_sigma_one_value_where_two_points_meet() -> None:
    symbols = Symbols()
    a, b = symbols.generic("a"), symbols.generic("b")
    applications = Applications(symbols.generic)
    first = applications.at("sigma", symbol(a), 0)
    second = applications.at("sigma", symbol(b), 0)
    settled = applications.settle({a: 1, b: 1, first: 2, second: 3})
    assert settled[first] == settled[second] == 2
    apart = applications.settle({a: 1, b: 2, first: 2, second: 3})
    assert (apart[first], apart[second]) == (2, 3)
    assert applications.shown(apart, {first}) == (("sigma", 1, 2),)
