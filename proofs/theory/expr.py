"""The small expression language the theorems are written in: array-, matrix- and entry-level nodes.

Every rendering (Markdown, LaTeX, JSON, Lean, Coq) is a visitor over these nodes, and the
formula checker parses a reader's formula into them. Nodes are frozen and hashable. Every
visitor ends in ``assert_never``, so mypy names each visitor a new node must reach.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, TypeAlias

__all__ = [
    "Add",
    "Apply",
    "Array",
    "Component",
    "Derivative",
    "Diag",
    "Differential",
    "Expr",
    "Hadamard",
    "Jacobian",
    "MatMul",
    "Neg",
    "Partial",
    "Scale",
    "Times",
    "Transpose",
    "Vector",
    "Zero",
    "children",
    "substitute",
    "to_data",
    "walk",
]


@dataclass(frozen=True)
class Vector:
    """A vector-valued function of z, such as x or y: an N-vector (N × 1)."""

    name: str


@dataclass(frozen=True)
class Array:
    """An array-valued function X of the variables, of any shape (element-wise rules only)."""

    name: str


@dataclass(frozen=True)
class Differential:
    """d(of): the differential of ``of`` (an array or an entry), d(f)[h] = f'(z) h."""

    of: Expr


@dataclass(frozen=True)
class Jacobian:
    """∂of/∂wrt, stored in the layout of the statement that contains it."""

    of: Expr
    wrt: str = "z"


@dataclass(frozen=True)
class Hadamard:
    """The element-wise product left ⊙ right of two N-vectors."""

    left: Expr
    right: Expr


@dataclass(frozen=True)
class Diag:
    """diag(v): the N × N matrix with v on its diagonal."""

    operand: Expr


@dataclass(frozen=True)
class MatMul:
    """The matrix product left · right."""

    left: Expr
    right: Expr


@dataclass(frozen=True)
class Add:
    """left + right (matrices of one shape, or scalars)."""

    left: Expr
    right: Expr


@dataclass(frozen=True)
class Neg:
    """-operand."""

    operand: Expr


@dataclass(frozen=True)
class Scale:
    """factor · operand, for an integer factor (e.g. the 2 of ∂(x ⊙ x)/∂z)."""

    factor: int
    operand: Expr


@dataclass(frozen=True)
class Transpose:
    """operand transposed."""

    operand: Expr


@dataclass(frozen=True)
class Zero:
    """The zero matrix O, of whatever shape the context requires."""


@dataclass(frozen=True)
class Apply:
    """σ(operand), a scalar function applied element-wise."""

    function: str
    operand: Expr


@dataclass(frozen=True)
class Derivative:
    """σ'(operand), the derivative of a scalar function applied element-wise."""

    function: str
    operand: Expr


@dataclass(frozen=True)
class Component:
    """The entry ``(of)_index``, e.g. x_i or (x ⊙ y)_i."""

    of: Expr
    index: str


@dataclass(frozen=True)
class Partial:
    """∂of/∂(wrt)_index for a scalar ``of``, e.g. ∂(x_i y_i)/∂z_j."""

    of: Expr
    wrt: str
    index: str


@dataclass(frozen=True)
class Times:
    """The scalar product left · right (entry level)."""

    left: Expr
    right: Expr


Expr: TypeAlias = (
    Vector
    | Array
    | Differential
    | Jacobian
    | Hadamard
    | Diag
    | MatMul
    | Add
    | Neg
    | Scale
    | Transpose
    | Zero
    | Apply
    | Derivative
    | Component
    | Partial
    | Times
)


def children(expr: Expr) -> tuple[Expr, ...]:
    """The sub-expressions of ``expr``, in field order."""
    out: list[Expr] = []
    for field in fields(expr):
        value = getattr(expr, field.name)
        if not isinstance(value, (str, int)):
            out.append(value)
    return tuple(out)


def walk(*exprs: Expr) -> list[Expr]:
    """Every node of ``exprs``, parents before children (the one tree walker)."""
    out: list[Expr] = []
    for expr in exprs:
        out.append(expr)
        out.extend(walk(*children(expr)))
    return out


def substitute(expr: Expr, rule: Callable[[Expr], Expr | None]) -> Expr:
    """``expr`` with each node for which ``rule`` gives a replacement replaced (outermost first)."""
    replaced = rule(expr)
    if replaced is not None:
        return replaced
    changes: dict[str, Any] = {
        f.name: substitute(value, rule)
        for f in fields(expr)
        if not isinstance(value := getattr(expr, f.name), (str, int))
    }
    return dataclasses.replace(expr, **changes) if changes else expr


def to_data(expr: Expr) -> dict[str, Any]:
    """A JSON-ready, canonical description of ``expr`` (the basis of the statement hash)."""
    data: dict[str, Any] = {"node": type(expr).__name__}
    for field in fields(expr):
        value = getattr(expr, field.name)
        data[field.name] = value if isinstance(value, (str, int)) else to_data(value)
    return data
