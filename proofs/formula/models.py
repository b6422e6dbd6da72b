"""Generic models: every value and first derivative at the point an independent symbol.

At each size a formula is decided at, every name gets a generic value (a vector of fresh
symbols), every name that moves gets a generic first derivative with respect to each variable
it depends on (a matrix of fresh symbols, or dX along the path), and every variable a
perturbation symbol per coordinate. A first-order formula (one that reads values and first
derivatives at the point) then evaluates to polynomials in independent symbols, so two sides
that agree as polynomials agree for every differentiable function at that size, and two that
do not differ for some integer values, which :func:`instance` finds for a counterexample.

A scalar L of an expression h gets a generic gradient g at h: L moves as Σ gᵢ (hᵢ − hᵢ(0)).
An element-wise function σ has an independent symbol for its value and for each derivative
at each point it is applied at (:class:`proofs.formula.evaluate.Applications`).
Constants whose length the formula does not fix (g in ``∂(x ⊙ y)/∂z g``, the vector of ones)
take each length that makes the formula defined: a typing.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from math import prod

from hadamard import Layout
from proofs.formula.evaluate import (
    ONES,
    Applications,
    Convention,
    Model,
    UndefinedError,
    describe,
    evaluate,
)
from proofs.formula.names import PATH, Binding, Form
from proofs.formula.polynomials import (
    Poly,
    Symbols,
    Tensor,
    add,
    at_point,
    mul,
    negate,
    substitute,
    symbol,
)

__all__ = [
    "ARRAY_SHAPES",
    "SIZES",
    "SQUARE_SIZES",
    "Generic",
    "Size",
    "instance",
    "models",
    "sizes",
]

SIZES: tuple[tuple[int, int], ...] = ((2, 3), (3, 2), (3, 3), (1, 4))
"""The (N, M) sizes of a formula with a variable z of its own: M ≠ N both ways, square, N = 1."""

SQUARE_SIZES: tuple[int, ...] = (2, 3, 1)
"""The N of a formula whose variables are its factors (and of vectors along a path)."""

ARRAY_SHAPES: tuple[tuple[int, ...], ...] = ((2, 3), (3, 3), (3,), (2, 2, 2))
"""The shapes of the arrays of a differential written in capitals, d(X ⊙ Y): any shape."""


@dataclass(frozen=True)
class Size:
    """One size: N (the factors' length), M (the variable's, if its own), or an array shape."""

    n: int
    m: int | None = None
    shape: tuple[int, ...] | None = None

    def label(self) -> str:
        """``N=2, M=3``, ``N=2`` or ``shape (2, 3)``, as the report prints it."""
        if self.shape is not None:
            return "shape " + describe(self.shape)
        return f"N={self.n}" + ("" if self.m is None else f", M={self.m}")


def sizes(binding: Binding) -> tuple[Size, ...]:
    """The sizes ``binding`` is decided at."""
    if binding.arrays:
        return tuple(Size(prod(shape), shape=shape) for shape in ARRAY_SHAPES)
    has_own_variable = binding.form in (Form.JACOBIAN, Form.JVP, Form.LEIBNIZ)
    if has_own_variable:
        return tuple(Size(n, m) for n, m in SIZES)
    return tuple(Size(n) for n in SQUARE_SIZES)


@dataclass(frozen=True)
class Generic:
    """A model, and what its symbols stand for (to show a counterexample)."""

    model: Model
    symbols: Symbols
    size: Size
    derivatives: Mapping[tuple[str, str], tuple[tuple[int, ...], ...]]
    """(name, variable) → the symbols of ∂name/∂variable, row i = ∂name_i (numerator order)."""
    gradients: Mapping[str, tuple[int, ...]]
    """A scalar L → the symbols of its gradient at the expression it is a function of."""
    typing: Mapping[str, int]
    """The length each unsized constant took."""


def _unsized(binding: Binding) -> list[str]:
    sized = set(binding.functions) | binding.variables | set(binding.factors)
    names = sorted(binding.constants - sized)
    if any(ONES in str(side) for side in binding.sides):
        names.append(ONES)
    return [n for n in names if n not in binding.scalars]


def models(
    binding: Binding, size: Size, layout: Layout, convention: Convention
) -> Iterator[Generic]:
    """One generic model per typing of the unsized constants (lengths N or M)."""
    unsized = _unsized(binding)
    lengths = sorted({size.n, size.m if size.m is not None else size.n})
    if size.shape is not None:
        lengths = sorted(set(size.shape))
    for choice in itertools.product(lengths, repeat=len(unsized)):
        typing = dict(zip(unsized, choice, strict=True))
        yield _build(binding, size, layout, convention, typing)


def _build(
    binding: Binding,
    size: Size,
    layout: Layout,
    convention: Convention,
    typing: Mapping[str, int],
) -> Generic:
    symbols = Symbols()
    numpy = convention is Convention.NUMPY

    def shape_of(name: str) -> tuple[int, ...]:
        if size.shape is not None and name != ONES:
            return size.shape
        if name in typing:
            length = typing[name]
        elif name in binding.variables and name not in binding.factors and size.m is not None:
            length = size.m
        else:
            length = size.n
        return (length,) if numpy else (length, 1)

    def generic(name: str, shape: tuple[int, ...]) -> Tensor:
        return Tensor.build(shape, (symbol(symbols.generic(name)) for _ in range(prod(shape))))

    values: dict[str, Tensor] = {}
    moving: dict[str, Tensor] = {}
    variables: dict[str, tuple[int, ...]] = {}
    derivatives: dict[tuple[str, str], tuple[tuple[int, ...], ...]] = {}
    for name in sorted(binding.variables - {PATH}):
        shape = shape_of(name)
        values[name] = generic(name, shape)
        deltas = tuple(symbols.perturbation(f"δ{name}") for _ in range(prod(shape)))
        variables[name] = deltas
        moving[name] = Tensor(
            shape,
            tuple(add(p, symbol(d)) for p, d in zip(values[name].entries, deltas, strict=True)),
        )
    path = None
    if any(PATH in deps for deps in binding.functions.values()):
        path = symbols.perturbation(PATH)
    rows: tuple[tuple[int, ...], ...]
    for name in sorted(binding.functions):
        if name in binding.variables or name in binding.scalars:
            continue
        shape = shape_of(name)
        point = generic(name, shape)
        values[name] = point
        entries = list(point.entries)
        for variable in sorted(binding.functions[name]):
            if variable == PATH:
                assert path is not None
                rows = tuple((symbols.generic(f"d{name}"),) for _ in entries)
                derivatives[(name, PATH)] = rows
                entries = [
                    add(p, mul(symbol(r[0]), symbol(path)))
                    for p, r in zip(entries, rows, strict=True)
                ]
                continue
            deltas = variables[variable]
            rows = tuple(
                tuple(symbols.generic(f"∂{name}/∂{variable}") for _ in deltas) for _ in entries
            )
            derivatives[(name, variable)] = rows
            entries = [add(p, _linear(row, deltas)) for p, row in zip(entries, rows, strict=True)]
        moving[name] = Tensor(shape, tuple(entries))
    for name in sorted(binding.constants):
        if name != ONES and name not in values:
            values[name] = generic(name, shape_of(name))
    functions = Applications(symbols.generic)
    ones = typing.get(ONES, size.n)
    model = Model(
        convention, layout, values, moving, variables, path, {}, functions, ones, binding.arrays
    )
    gradients: dict[str, tuple[int, ...]] = {}
    scalar_gradients: dict[tuple[str, str], Tensor] = {}
    for scalar, key in sorted(binding.scalars.items()):
        expression = binding.expressions[key]
        at = evaluate(expression, model)
        moved = evaluate(expression, model, moving=True)
        if isinstance(at, Tensor) and isinstance(moved, Tensor) and _is_vector(at.shape):
            g = tuple(symbols.generic(f"∂{scalar}/∂h") for _ in at.entries)
            gradients[scalar] = g
            change: Poly = {}
            for gi, now, then in zip(g, moved.entries, at.entries, strict=True):
                change = add(change, mul(symbol(gi), add(now, negate(then))))
            values[scalar] = Tensor((), (symbol(symbols.generic(scalar)),))
            moving[scalar] = Tensor((), (change,))
            scalar_gradients[(scalar, key)] = Tensor((len(g),), tuple(symbol(s) for s in g))
        else:
            raise UndefinedError(f"{scalar} is a function of {key}, which is not a vector here")
    if scalar_gradients:
        model = Model(
            convention,
            layout,
            values,
            moving,
            variables,
            path,
            scalar_gradients,
            functions,
            ones,
            binding.arrays,
        )
    return Generic(model, symbols, size, derivatives, gradients, typing)


def _is_vector(shape: tuple[int, ...]) -> bool:
    return len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)


def _linear(coefficients: tuple[int, ...], deltas: tuple[int, ...]) -> Poly:
    total: Poly = {}
    for c, d in zip(coefficients, deltas, strict=True):
        total = add(total, mul(symbol(c), symbol(d)))
    return total


def instance(
    difference: Poly, symbols: Symbols, seed: int, applications: Applications | None = None
) -> dict[int, int] | None:
    """Small integers for every generic symbol at which ``difference`` is not zero, if found
    (σ taking one value at each number it is applied at)."""
    rng = random.Random(seed)
    numbers = [n for n in symbols.names if n < (1 << 20)]
    for _ in range(64):
        values = {n: rng.randint(-3, 3) for n in numbers}
        if applications is not None:
            values = applications.settle(values)
        if substitute(at_point(difference), values):
            return values
    return None
