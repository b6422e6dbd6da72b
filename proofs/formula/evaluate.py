"""What a formula's nodes mean at explicit sizes, exactly, in mathematics' or numpy's conventions.

A :class:`Model` gives every name of a formula a value at one point: generic symbols for the
values and first derivatives there (see :mod:`proofs.formula.check`), plus, for the names that
move, the same value with a perturbation of each variable (or of the path parameter t) added.
A derivative node evaluates its operand with the perturbations, differentiates each entry by
the power rule, and sets the perturbations back to zero; nothing here knows the rule it checks.

Two conventions: in :attr:`Convention.MATHEMATICS` vectors are columns, juxtaposition is the
matrix product and ⊙ needs equal shapes; in :attr:`Convention.NUMPY` vectors are 1-D arrays,
``*`` and ``+`` broadcast, ``@`` is ``np.matmul`` and ``.T`` reverses the axes. An operation
whose operands do not fit raises :class:`UndefinedError`, naming both shapes.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from math import prod
from typing import TypeAlias, assert_never

from hadamard import Layout
from proofs.formula.polynomials import (
    Poly,
    Tensor,
    add,
    at_point,
    constant,
    derivative,
    mul,
    negate,
    scale,
    substitute,
    symbol,
)
from proofs.theory.expr import (
    Add,
    Apply,
    Array,
    Component,
    Derivative,
    Diag,
    Differential,
    Expr,
    Hadamard,
    Jacobian,
    MatMul,
    Neg,
    Partial,
    Scale,
    Times,
    Transpose,
    Vector,
    Zero,
)

__all__ = [
    "ONES",
    "Convention",
    "Indices",
    "Model",
    "UndefinedError",
    "Value",
    "describe",
    "evaluate",
    "same",
]

ONES = "𝟏"
"""The name of the vector of ones (``\\mathbf{1}``); its length is whatever the model gives it."""

Value: TypeAlias = Tensor | Zero
"""An array of polynomials, or the zero matrix O, whose shape is whatever its context needs."""


class UndefinedError(ValueError):
    """An operation whose operands' shapes do not fit; the message names both shapes."""


class Convention(enum.Enum):
    """How vectors and operators are read."""

    MATHEMATICS = "mathematics"
    NUMPY = "numpy"


@dataclass
class Indices:
    """The value of each free index, and the range each one was first seen to run over."""

    values: Mapping[str, int] = field(default_factory=dict)
    bounds: dict[str, int] = field(default_factory=dict)

    def at(self, index: str, bound: int) -> int:
        """The value of ``index``, which subscripts something of length ``bound``."""
        known = self.bounds.setdefault(index, bound)
        if known != bound:
            raise UndefinedError(f"the index {index} runs over 1..{known} and over 1..{bound}")
        return self.values.get(index, 0)


class Applications:
    """σ, σ', σ'' … at each point a formula applies σ at: one independent symbol for each.

    A generic σ has independent values and derivatives at distinct points, so two sides equal
    as polynomials in these symbols agree for every differentiable σ; and a polynomial per
    point costs nothing, where a generic polynomial for σ (σ(σ(x)), σ(x + y + …)) multiplies
    out to millions of terms.
    """

    def __init__(self, new_symbol: Callable[[str], int]) -> None:
        self._new_symbol = new_symbol
        self._symbols: dict[tuple[str, int, frozenset[tuple[tuple[int, ...], int]]], int] = {}

    def at(self, function: str, point: Poly, order: int) -> int:
        """The symbol of the ``order``-th derivative of ``function`` at ``point``."""
        key = (function, order, frozenset(point.items()))
        number = self._symbols.get(key)
        if number is None:
            number = self._symbols[key] = self._new_symbol(function + "'" * order)
        return number

    def settle(self, values: Mapping[int, int]) -> dict[int, int]:
        """``values`` with one value per function, order and number: two points that the
        integers make equal get the first one's value (σ is a function)."""
        settled = dict(values)
        seen: dict[tuple[str, int, int], int] = {}
        for (function, order, point), number in self._symbols.items():
            at = (function, order, substitute(dict(point), settled))
            settled[number] = settled[seen.setdefault(at, number)]
        return settled

    def shown(
        self, values: Mapping[int, int], used: Container[int]
    ) -> tuple[tuple[str, int, int], ...]:
        """(function with primes, the number it is applied at, its value) for each symbol in
        ``used``, sorted."""
        table = {
            (function + "'" * order, substitute(dict(point), values)): values[number]
            for (function, order, point), number in self._symbols.items()
            if number in used
        }
        return tuple(sorted((f, at, value) for (f, at), value in table.items()))


@dataclass(frozen=True)
class Model:
    """Every name's value at the point (and moving), the variables and the sizes."""

    convention: Convention
    layout: Layout | None
    values: Mapping[str, Tensor]
    moving: Mapping[str, Tensor]
    """Names that depend on a variable or on the path: their value with the perturbations."""
    variables: Mapping[str, tuple[int, ...]]
    """Each variable's perturbation symbols, one per coordinate."""
    path: int | None = None
    """The perturbation symbol of the path parameter t (for differentials)."""
    gradients: Mapping[tuple[str, str], Tensor] = field(default_factory=dict)
    """∂L/∂h at the point, for a scalar L and the key of the expression h it is a function of."""
    functions: Applications | None = None
    """The symbols of each element-wise scalar function σ at the points it is applied at."""
    ones: int = 1
    """The length of the vector of ones."""
    entries_of_arrays: bool = False
    """Whether an entry X_k may index an array of any shape (row-major), not only a vector."""


def describe(shape: tuple[int, ...]) -> str:
    """How a message names a shape: ``a scalar``, ``2 × 3``, ``(3,)``, ``(2, 2, 2)``."""
    if not shape:
        return "a scalar"
    if len(shape) == 2:
        return f"{shape[0]} × {shape[1]}"
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def evaluate(
    expr: Expr, model: Model, indices: Indices | None = None, *, moving: bool = False
) -> Value:
    """The value of ``expr`` in ``model`` (with the perturbations when ``moving``)."""
    return _Evaluator(model, indices or Indices()).value(expr, moving)


def _scalar_like(shape: tuple[int, ...]) -> bool:
    return shape in ((), (1, 1))


class _Evaluator:
    def __init__(self, model: Model, indices: Indices) -> None:
        self.model = model
        self.indices = indices
        self.numpy = model.convention is Convention.NUMPY

    def shape(self, shape: tuple[int, ...]) -> str:
        return describe(shape)

    def value(self, expr: Expr, moving: bool) -> Value:
        def ev(e: Expr) -> Value:
            return self.value(e, moving)

        match expr:
            case Vector(name) | Array(name):
                return self.name(name, moving)
            case Zero():
                return expr
            case Differential(of):
                return self.differential(of)
            case Jacobian(of, wrt):
                return self.jacobian(of, wrt)
            case Partial(of, wrt, index):
                return self.partial(of, wrt, index)
            case Hadamard(left, right):
                return self.elementwise(ev(left), ev(right), "*" if self.numpy else "⊙", mul)
            case Times(left, right):
                return self.times(ev(left), ev(right))
            case MatMul(left, right):
                return self.matmul(ev(left), ev(right))
            case Add(left, right):
                return self.add(ev(left), ev(right))
            case Neg(operand):
                return _map(ev(operand), negate)
            case Scale(factor, operand):
                return _map(ev(operand), lambda p: scale(p, factor))
            case Transpose(operand):
                return self.transpose(ev(operand))
            case Diag(operand):
                return self.diag(ev(operand))
            case Component(of, index):
                return self.component(ev(of), index)
            case Apply(function, operand):
                return _map(ev(operand), lambda p: self.function(function, p, 0))
            case Derivative(function, operand):
                return _map(ev(operand), lambda p: self.function(function, p, 1))
            case _:
                assert_never(expr)

    # names -------------------------------------------------------------------------------

    def name(self, name: str, moving: bool) -> Tensor:
        if name == ONES:
            n = self.model.ones
            return Tensor.build((n,) if self.numpy else (n, 1), (constant(1) for _ in range(n)))
        if moving and name in self.model.moving:
            return self.model.moving[name]
        return self.model.values[name]

    def function(self, function: str, p: Poly, order: int) -> Poly:
        """σ(p) (order 0) or σ'(p) (order 1) for a generic σ, to first order: at p's point p₀,
        σ(p) = σ(p₀) + σ'(p₀) (p − p₀)."""
        applications = self.model.functions
        if applications is None:  # pragma: no cover - models give every formula with σ these
            raise UndefinedError(f"{function} has no values in this model")
        point = at_point(p)
        value = symbol(applications.at(function, point, order))
        slope = symbol(applications.at(function, point, order + 1))
        return add(value, mul(slope, add(p, negate(point))))

    # derivatives -------------------------------------------------------------------------

    def jacobian(self, of: Expr, wrt: str) -> Value:
        model = self.model
        if isinstance(of, Vector) and (of.name, wrt) in model.gradients:
            return self.gradient(model.gradients[(of.name, wrt)])
        if wrt not in model.variables:
            raise UndefinedError(f"nothing in the formula depends on {wrt}")
        operand = self.value(of, True)
        if isinstance(operand, Zero):
            return operand
        coordinates = model.variables[wrt]
        m = len(coordinates)
        shape = operand.shape
        if _scalar_like(shape):
            entry = operand.entries[0]
            return self.gradient(
                Tensor.build((m,), (at_point(derivative(entry, d)) for d in coordinates))
            )
        if not (len(shape) == 1 if self.numpy else (len(shape) == 2 and shape[1] == 1)):
            raise UndefinedError(
                f"∂(·)/∂{wrt} needs a vector or a scalar, got {self.shape(operand.shape)}"
            )
        n = shape[0]
        table = [
            [at_point(derivative(operand.entries[i], d)) for d in coordinates] for i in range(n)
        ]
        if model.layout is None:
            raise UndefinedError(f"∂(·)/∂{wrt} has no shape without a layout")
        if model.layout is Layout.NUMERATOR:
            return Tensor.build((n, m), (table[i][k] for i in range(n) for k in range(m)))
        return Tensor.build((m, n), (table[i][k] for k in range(m) for i in range(n)))

    def gradient(self, vector: Tensor) -> Tensor:
        """The derivative of a scalar, given as a 1-D vector: a column in the denominator layout."""
        (n,) = vector.shape
        if self.numpy:
            return vector
        if self.model.layout is Layout.NUMERATOR:
            return Tensor.build((1, n), vector.entries)
        return Tensor.build((n, 1), vector.entries)

    def differential(self, of: Expr) -> Value:
        path = self.model.path
        if path is None:
            raise UndefinedError("nothing in the formula moves along a path")
        operand = self.value(of, True)
        return _map(operand, lambda p: at_point(derivative(p, path)))

    def partial(self, of: Expr, wrt: str, index: str) -> Value:
        coordinates = self.model.variables.get(wrt)
        if coordinates is None:
            raise UndefinedError(f"nothing in the formula depends on {wrt}")
        at = self.indices.at(index, len(coordinates))
        d = coordinates[at]
        return _map(self.value(of, True), lambda p: at_point(derivative(p, d)))

    # products and sums ---------------------------------------------------------------------

    def elementwise(
        self, a: Value, b: Value, operator: str, combine: Callable[[Poly, Poly], Poly]
    ) -> Value:
        if isinstance(a, Zero) or isinstance(b, Zero):
            if combine is add:
                return b if isinstance(a, Zero) else a
            return Zero()
        if self.numpy:
            return _broadcast(a, b, combine, operator)
        if a.shape == b.shape:
            return Tensor(
                a.shape, tuple(combine(p, q) for p, q in zip(a.entries, b.entries, strict=True))
            )
        if _scalar_like(a.shape) and _scalar_like(b.shape):
            return Tensor((), (combine(a.entries[0], b.entries[0]),))
        if operator == "+":
            raise UndefinedError(
                f"the sum of {self.shape(a.shape)} and {self.shape(b.shape)} is undefined"
            )
        raise UndefinedError(
            f"{operator} needs equal shapes, got {self.shape(a.shape)} {operator} "
            f"{self.shape(b.shape)}"
        )

    def add(self, a: Value, b: Value) -> Value:
        return self.elementwise(a, b, "+", add)

    def times(self, a: Value, b: Value) -> Value:
        if isinstance(a, Zero) or isinstance(b, Zero):
            return Zero()
        if _scalar_like(a.shape):
            return b.map(lambda p: mul(a.entries[0], p))
        if _scalar_like(b.shape):
            return a.map(lambda p: mul(p, b.entries[0]))
        raise UndefinedError(
            f"a product of entries needs scalars, got {self.shape(a.shape)} and "
            f"{self.shape(b.shape)}"
        )

    def matmul(self, a: Value, b: Value) -> Value:
        if isinstance(a, Zero) or isinstance(b, Zero):
            return Zero()
        if self.numpy:
            return _np_matmul(a, b)
        if a.shape == () or b.shape == ():  # a scalar times a matrix
            return self.times(a, b)
        if len(a.shape) != 2 or len(b.shape) != 2:
            raise UndefinedError(
                f"the matrix product {self.shape(a.shape)} · {self.shape(b.shape)} needs "
                "two matrices"
            )
        (rows, inner), (inner_b, cols) = a.shape, b.shape
        if inner != inner_b:
            raise UndefinedError(
                f"the matrix product {self.shape(a.shape)} · {self.shape(b.shape)} is "
                f"undefined: {_count(inner, 'column')} against {_count(inner_b, 'row')}"
            )
        return _product(a, b, rows, inner, cols)

    # reshaping -------------------------------------------------------------------------------

    def transpose(self, a: Value) -> Value:
        if isinstance(a, Zero):
            return a
        if self.numpy:
            return _reverse_axes(a)
        if a.shape == ():
            return a
        if len(a.shape) != 2:
            raise UndefinedError(f"the transpose of {self.shape(a.shape)} is undefined")
        rows, cols = a.shape
        return Tensor.build(
            (cols, rows), (a.entries[r * cols + c] for c in range(cols) for r in range(rows))
        )

    def diag(self, a: Value) -> Value:
        if isinstance(a, Zero):
            return a
        shape = a.shape
        if self.numpy and len(shape) == 2:  # np.diag of a matrix is its diagonal
            length = min(shape)
            return Tensor.build((length,), (a.entries[k * shape[1] + k] for k in range(length)))
        if self.numpy and len(shape) == 1:
            n = shape[0]
        elif not self.numpy and len(shape) == 2 and 1 in shape:
            n = prod(shape)
        else:
            raise UndefinedError(f"diag(·) needs a vector, got {self.shape(shape)}")
        return Tensor.build(
            (n, n), (a.entries[r] if r == c else {} for r in range(n) for c in range(n))
        )

    def component(self, a: Value, index: str) -> Value:
        if isinstance(a, Zero):
            return a
        shape = a.shape
        vector = len(shape) == 1 or (len(shape) == 2 and 1 in shape)
        if not (vector or (self.model.entries_of_arrays and shape)):
            raise UndefinedError(f"the entry ({index}) of {self.shape(shape)} needs a vector")
        at = self.indices.at(index, prod(shape))
        return Tensor((), (a.entries[at],))


def _map(value: Value, function: Callable[[Poly], Poly]) -> Value:
    return value if isinstance(value, Zero) else value.map(function)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _product(a: Tensor, b: Tensor, rows: int, inner: int, cols: int) -> Tensor:
    entries: list[Poly] = []
    for r in range(rows):
        for c in range(cols):
            total: Poly = {}
            for k in range(inner):
                p, q = a.entries[r * inner + k], b.entries[k * cols + c]
                if p and q:
                    total = add(total, mul(p, q))
            entries.append(total)
    return Tensor.build((rows, cols), entries)


def _broadcast_shape(a: tuple[int, ...], b: tuple[int, ...], operator: str) -> tuple[int, ...]:
    rank = max(len(a), len(b))
    pa, pb = (1,) * (rank - len(a)) + a, (1,) * (rank - len(b)) + b
    out = []
    for x, y in zip(pa, pb, strict=True):
        if x != y and 1 not in (x, y):
            raise UndefinedError(
                f"{operator} cannot broadcast the shapes {describe(a)} and {describe(b)} together"
            )
        out.append(max(x, y))  # equal, or one of them 1
    return tuple(out)


def _take(t: Tensor, shape: tuple[int, ...], index: tuple[int, ...]) -> Poly:
    """The entry of ``t`` seen at ``index`` of the broadcast ``shape``."""
    offset = len(shape) - len(t.shape)
    flat = 0
    for size, at in zip(t.shape, index[offset:], strict=True):
        flat = flat * size + (0 if size == 1 else at)
    return t.entries[flat]


def _broadcast(
    a: Tensor, b: Tensor, combine: Callable[[Poly, Poly], Poly], operator: str
) -> Tensor:
    shape = _broadcast_shape(a.shape, b.shape, operator)
    return Tensor.build(
        shape,
        (
            combine(_take(a, shape, index), _take(b, shape, index))
            for index in itertools.product(*(range(s) for s in shape))
        ),
    )


def _reverse_axes(a: Tensor) -> Tensor:
    shape = a.shape
    if len(shape) < 2:
        return a
    reversed_shape = shape[::-1]
    return Tensor.build(
        reversed_shape,
        (a.item(index[::-1]) for index in itertools.product(*(range(s) for s in reversed_shape))),
    )


def _np_matmul(a: Tensor, b: Tensor) -> Tensor:
    """``np.matmul(a, b)``: 1-D operands promoted and the added axis removed; batches broadcast."""
    if a.shape == () or b.shape == ():
        raise UndefinedError("@ needs arrays with at least one axis, got a scalar")
    a2 = Tensor((1, *a.shape), a.entries) if len(a.shape) == 1 else a
    b2 = Tensor((*b.shape, 1), b.entries) if len(b.shape) == 1 else b
    (rows, inner), (inner_b, cols) = a2.shape[-2:], b2.shape[-2:]
    if inner != inner_b:
        raise UndefinedError(
            f"@ of {describe(a.shape)} and {describe(b.shape)} is undefined: "
            f"{_count(inner, 'column')} against {_count(inner_b, 'row')}"
        )
    batch = _broadcast_shape(a2.shape[:-2], b2.shape[:-2], "@")
    entries: list[Poly] = []
    for index in itertools.product(*(range(s) for s in batch)):
        left = _matrix_at(a2, batch, index)
        right = _matrix_at(b2, batch, index)
        entries.extend(_product(left, right, rows, inner, cols).entries)
    shape = (*batch, rows, cols)
    result = Tensor.build(shape, entries)
    if len(a.shape) == 1:
        shape = (*batch, cols)
    if len(b.shape) == 1:
        shape = shape[:-1]
    return Tensor(shape, result.entries)


def _matrix_at(t: Tensor, batch: tuple[int, ...], index: tuple[int, ...]) -> Tensor:
    """The matrix of ``t`` at the batch ``index`` (broadcast over ``batch``)."""
    rows, cols = t.shape[-2:]
    own = t.shape[:-2]
    offset = len(batch) - len(own)
    flat = 0
    for size, at in zip(own, index[offset:], strict=True):
        flat = flat * size + (0 if size == 1 else at)
    start = flat * rows * cols
    return Tensor((rows, cols), t.entries[start : start + rows * cols])


def same(a: Value, b: Value) -> bool:
    """Exact equality of two values; O equals any zero array, and a 1 × 1 matrix a scalar."""
    if isinstance(a, Zero) and isinstance(b, Zero):
        return True
    if isinstance(a, Zero) or isinstance(b, Zero):
        other = b if isinstance(a, Zero) else a
        assert isinstance(other, Tensor)
        return not any(other.entries)
    if a.shape != b.shape and not (_scalar_like(a.shape) and _scalar_like(b.shape)):
        return False
    return all(dict(p) == dict(q) for p, q in zip(a.entries, b.entries, strict=True))
