"""What an expression means at explicit sizes: exact SymPy evaluation on concrete smooth x(z), y(z).

A :class:`Model` fixes N, M, smooth functions x(z), y(z) (and any others an expression names)
and a rational point z0. :func:`evaluate` gives the exact value of an expression there, with
Jacobians taken by SymPy's own ``Matrix.jacobian``, independently of the theorem. Products of
mismatched shapes raise :class:`ShapeClashError`, which names both shapes.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeAlias, assert_never

import sympy as sp

from hadamard import Layout
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
    "PATH",
    "Model",
    "ShapeClashError",
    "Value",
    "evaluate",
    "random_model",
    "sides_agree",
]

PATH = "t"
"""The model variable a differential is taken along: dF = d/dt F(z(t)) (any direction)."""


class ShapeClashError(ValueError):
    """An operation whose operand shapes do not fit; the message names both shapes."""


Value: TypeAlias = sp.MatrixBase | sp.Expr | Zero
"""A matrix, a scalar (entry level), or the shape-less zero matrix O."""


@dataclass(frozen=True)
class Model:
    """Concrete vector functions of the variables, and the point where they are evaluated."""

    n: int
    m: int
    variables: Mapping[str, tuple[sp.Symbol, ...]]
    vectors: Mapping[str, sp.Matrix]
    functions: Mapping[str, sp.Lambda] = field(default_factory=dict)
    point: Mapping[sp.Symbol, sp.Rational] = field(default_factory=dict)

    def at_point(self, value: Value) -> Value:
        """``value`` with the point substituted (exact)."""
        if isinstance(value, Zero):
            return value
        return value.subs(self.point)


def _shape(value: sp.Matrix) -> tuple[int, int]:
    return (int(value.rows), int(value.cols))


def _matrix(value: Value, node: str) -> sp.Matrix:
    if not isinstance(value, sp.MatrixBase):
        raise ShapeClashError(f"{node} needs a matrix operand, got the scalar {value}")
    return value


def evaluate(
    expr: Expr, model: Model, layout: Layout | None, indices: Mapping[str, int] | None = None
) -> Value:
    """The value of ``expr`` in ``model`` (in the variables), its Jacobians in ``layout``.

    An array is a matrix of ``model.vectors`` (any shape); its differential is its derivative
    along the path variable :data:`PATH` of the model.
    """
    idx = dict(indices or {})

    def ev(e: Expr) -> Value:
        return evaluate(e, model, layout, idx)

    match expr:
        case Vector(name) | Array(name):
            if name in model.vectors:
                return model.vectors[name]
            if name in model.variables:
                return sp.Matrix(model.variables[name])
            raise KeyError(f"the model defines no vector {name!r}")
        case Differential(of):
            value = ev(of)
            if isinstance(value, Zero):
                return value
            (parameter,) = model.variables[PATH]
            return sp.diff(value, parameter)
        case Jacobian(of, wrt):
            value = _matrix(ev(of), "∂/∂" + wrt)
            if value.cols != 1:
                raise ShapeClashError(
                    f"∂(·)/∂{wrt} needs a column vector, got shape {_shape(value)}"
                )
            if layout is None:
                raise ShapeClashError(f"∂(·)/∂{wrt} has no shape without a layout")
            numerator = value.jacobian(sp.Matrix(model.variables[wrt]))
            return numerator if layout is Layout.NUMERATOR else numerator.T
        case Hadamard(left, right):
            a, b = _matrix(ev(left), "⊙"), _matrix(ev(right), "⊙")
            if _shape(a) != _shape(b):
                raise ShapeClashError(f"⊙ needs equal shapes, got {_shape(a)} ⊙ {_shape(b)}")
            return a.multiply_elementwise(b)
        case Diag(operand):
            value = ev(operand)
            if isinstance(value, Zero):
                return value
            v = _matrix(value, "diag")
            if v.cols != 1:
                raise ShapeClashError(f"diag(·) needs a column vector, got shape {_shape(v)}")
            return sp.diag(*list(v))
        case MatMul(left, right):
            a, b = ev(left), ev(right)
            if isinstance(a, Zero) or isinstance(b, Zero):
                return Zero()
            if not isinstance(a, sp.MatrixBase) or not isinstance(b, sp.MatrixBase):
                return a * b
            if a.cols != b.rows:
                raise ShapeClashError(
                    f"matrix product {_shape(a)} · {_shape(b)} is undefined: "
                    f"{_count(a.cols, 'column')} against {_count(b.rows, 'row')}"
                )
            return a * b
        case Add(left, right):
            a, b = ev(left), ev(right)
            if isinstance(a, Zero):
                return b
            if isinstance(b, Zero):
                return a
            if isinstance(a, sp.MatrixBase) != isinstance(b, sp.MatrixBase) or (
                isinstance(a, sp.MatrixBase) and _shape(a) != _shape(b)
            ):
                raise ShapeClashError(f"sum of a {_describe(a)} and a {_describe(b)} is undefined")
            return a + b
        case Neg(operand):
            value = ev(operand)
            return value if isinstance(value, Zero) else -value
        case Scale(factor, operand):
            value = ev(operand)
            return value if isinstance(value, Zero) else factor * value
        case Transpose(operand):
            value = ev(operand)
            return value if isinstance(value, Zero) else _matrix(value, "transpose").T
        case Zero():
            return expr
        case Apply(function, operand):
            return _matrix(ev(operand), function).applyfunc(model.functions[function])
        case Derivative(function, operand):
            t = sp.Dummy("t")
            derivative = sp.Lambda(t, sp.diff(model.functions[function](t), t))
            return _matrix(ev(operand), function + "'").applyfunc(derivative)
        case Component(of, index):
            return _matrix(ev(of), "component")[idx[index], 0]
        case Partial(of, wrt, index):
            value = ev(of)
            if isinstance(value, sp.MatrixBase | Zero):
                raise ShapeClashError("∂/∂z_j of a matrix is not an entry-level expression")
            return sp.diff(value, model.variables[wrt][idx[index]])
        case Times(left, right):
            a, b = ev(left), ev(right)
            if isinstance(a, Zero) or isinstance(b, Zero):
                return sp.Integer(0)
            return a * b
        case _:
            assert_never(expr)


def _count(number: int, noun: str) -> str:
    """``"1 column"``, ``"3 columns"``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _describe(value: Value) -> str:
    if isinstance(value, sp.MatrixBase):
        return f"{value.rows} × {value.cols} matrix"
    return "scalar"


def sides_agree(lhs: Value, rhs: Value) -> bool:
    """Exact equality of two evaluated values; O equals any zero matrix."""
    if isinstance(lhs, Zero) and isinstance(rhs, Zero):
        return True
    if isinstance(lhs, Zero) or isinstance(rhs, Zero):
        other = rhs if isinstance(lhs, Zero) else lhs
        return isinstance(other, sp.MatrixBase) and all(sp.simplify(e) == 0 for e in other)
    if isinstance(lhs, sp.MatrixBase) != isinstance(rhs, sp.MatrixBase):
        return False
    if isinstance(lhs, sp.MatrixBase):
        if _shape(lhs) != _shape(rhs):
            return False
        return all(sp.simplify(a - b) == 0 for a, b in zip(lhs, rhs, strict=True))
    return bool(sp.simplify(lhs - rhs) == 0)


def random_model(n: int, m: int, *, seed: int, vectors: tuple[str, ...] = ("x", "y")) -> Model:
    """Smooth nonlinear x(z), y(z) : Q^M -> Q^N with small integer coefficients, and a point.

    Deterministic in ``seed``. Each component mixes every coordinate of z (so no Jacobian
    entry is structurally zero), plus a product term that makes the functions nonlinear.
    """
    rng = random.Random(seed)
    z = sp.symbols(f"z0:{m}") if m else ()
    funcs: dict[str, sp.Matrix] = {}
    for name in vectors:
        rows = []
        for _ in range(n):
            linear = sum((rng.choice([-3, -2, -1, 1, 2, 3]) * zj for zj in z), sp.Integer(0))
            square = sum((rng.randint(0, 2) * zj**2 for zj in z), sp.Integer(0))
            product = rng.randint(1, 3) * z[rng.randrange(m)] * z[rng.randrange(m)] if m else 0
            rows.append(rng.randint(-2, 2) + linear + square + product)
        funcs[name] = sp.Matrix(n, 1, rows)
    point = {zj: sp.Rational(rng.randint(-3, 3), rng.randint(1, 2)) for zj in z}
    t = sp.Symbol("t")
    return Model(
        n=n,
        m=m,
        variables={"z": tuple(z)},
        vectors=funcs,
        functions={"sigma": sp.Lambda(t, t**3 + 2 * t)},
        point=point,
    )
