"""Lean 4 terms for the expression language: one visitor, one precedence table, one name table.

Every expression is rendered at a *level*, as in the source chapter's derivation: a *function*
of z (``x``, ``x * y``), an *array* at the point (``x z``, ``fderiv ℝ X z h * Y z``), an *entry*
at a point (``x z i``, ``∂(x_i y_i)/∂z_j``) or a *matrix* in a layout (``jacobianDen y z``,
``Matrix.diagonal (x z)``). ``LeanRenderer._render`` is the one visitor: it names every node
of :mod:`proofs.theory.expr` and ends in ``assert_never``, so mypy lists it when a node is added.
A node that has no meaning at the level asked raises NotImplementedError naming the node, so
nothing renders silently wrong.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import assert_never

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
    "APP",
    "ATOM",
    "LAMBDA",
    "NAMES",
    "OPERATORS",
    "LeanNames",
    "LeanRenderer",
    "Level",
    "Operator",
    "Term",
    "summands",
]

ATOM = 1024
"""Precedence of an identifier, a literal or a parenthesized term (Lean's ``max``)."""
APP = 1023
"""Precedence of an application: binds tighter than every infix, but is not an argument."""
LAMBDA = 0
"""Precedence of ``fun v ↦ …``: it extends as far right as it can, so it is always wrapped."""


@dataclass(frozen=True)
class Operator:
    """A Lean infix operator: its symbol, its precedence and which side it associates to."""

    symbol: str
    prec: int
    right_assoc: bool = False

    def operand_precs(self) -> tuple[int, int]:
        """The least precedence each operand may have without parentheses."""
        if self.right_assoc:
            return self.prec + 1, self.prec
        return self.prec, self.prec + 1


OPERATORS: dict[str, Operator] = {
    # Lean core: infixl:65 " + ", infixl:70 " * "; Mathlib/core: infixr:73 " • ".
    "add": Operator("+", 65),
    "mul": Operator("*", 70),
    "smul": Operator("•", 73, right_assoc=True),
}
"""The operator table; a negation is always parenthesized as an operand (see ``_neg``)."""


class Level(enum.Enum):
    """What an expression denotes where it is rendered."""

    FUNCTION = "a function of z"
    ARRAY = "an array at the point"
    ENTRY = "an entry at the point"
    MATRIX = "a matrix"


@dataclass(frozen=True)
class LeanNames:
    """Every Lean name the renderer writes: the one table to change if Mathlib renames."""

    scalar: str = "ℝ"
    denominator_jacobian: str = "jacobianDen"
    numerator_jacobian: str = "jacobianNum"
    diagonal: str = "Matrix.diagonal"
    fderiv: str = "fderiv"
    basis_vector: str = "Pi.single"
    transpose: str = "ᵀ"
    point: str = "z"
    bound: str = "v"
    """The variable of ``fun v ↦ …``; :func:`lean_export.declarations.file_names` keeps it fresh."""
    direction: str = "h"
    """The increment a differential is applied to: d(f)[h] = fderiv ℝ f z h."""
    input_index_type: str = "κ"
    """Any finite type with decidable equality indexes z's coordinates (``Fin M`` for ℝ^M)."""
    output_index_type: str = "ι"
    """Any finite type indexes the values' entries: ``Fin N``, ``m × n`` (matrices), …"""

    def jacobian(self, layout: Layout) -> str:
        """The generated definition holding the Jacobian in ``layout``."""
        if layout is Layout.DENOMINATOR:
            return self.denominator_jacobian
        return self.numerator_jacobian

    @property
    def domain(self) -> str:
        """The space z lives in: ``κ → ℝ``."""
        return f"{self.input_index_type} → {self.scalar}"

    def output_type(self, subject: Expr) -> str:
        """The index type of the entries of ``subject``'s values (a vector's or an array's)."""
        match subject:
            case Vector() | Array():
                return self.output_index_type
            case _:
                raise NotImplementedError(f"{type(subject).__name__} is not a function of z")

    def function_type(self, subject: Expr) -> str:
        """``(κ → ℝ) → ι → ℝ``: vectors, matrices (ι = m × n) and tensors alike."""
        return f"({self.domain}) → {self.output_type(subject)} → {self.scalar}"

    @property
    def index_variables(self) -> str:
        """The file's ``variable`` line for the index types."""
        o, i = self.output_index_type, self.input_index_type
        return (
            f"variable {{{o} {i} : Type*}} [Fintype {o}] [DecidableEq {o}] "
            f"[Fintype {i}] [DecidableEq {i}]"
        )


NAMES = LeanNames()


@dataclass(frozen=True)
class Term:
    """Rendered Lean text and the precedence of its outermost construct."""

    text: str
    prec: int

    def at_least(self, prec: int) -> str:
        """The text, parenthesized when it binds more loosely than ``prec``."""
        return self.text if self.prec >= prec else f"({self.text})"

    def arg(self) -> str:
        """The text as a function argument."""
        return self.at_least(ATOM)

    def applied(self, *args: str) -> Term:
        """This term applied to ``args`` (each already an argument: an atom or parenthesized)."""
        return Term(" ".join([self.at_least(APP), *args]), APP)


def _atom(text: str) -> Term:
    return Term(text, ATOM)


def _app(head: str, *args: Term) -> Term:
    return Term(" ".join([head, *(a.arg() for a in args)]), APP)


def _infix(name: str, left: Term, right: Term) -> Term:
    op = OPERATORS[name]
    lp, rp = op.operand_precs()
    return Term(f"{left.at_least(lp)} {op.symbol} {right.at_least(rp)}", op.prec)


def _neg(operand: Term) -> Term:
    # Lean's prefix minus interacts with * in surprising ways; keep it parenthesized everywhere.
    return Term(f"-{operand.arg()}", OPERATORS["add"].prec)


def summands(expr: Expr) -> tuple[Expr, ...]:
    """The terms of a left-nested sum ``a + b + c``; a right-nested sum stays one summand."""
    if isinstance(expr, Add):
        return (*summands(expr.left), expr.right)
    return (expr,)


def _pointwise(expr: Expr) -> bool:
    """Whether ``expr`` is built from functions of z by ⊙ alone (``x``, ``x ⊙ y ⊙ w``)."""
    match expr:
        case Vector() | Array():
            return True
        case Hadamard(left=left, right=right):
            return _pointwise(left) and _pointwise(right)
        case _:
            return False


@dataclass(frozen=True)
class _Context:
    level: Level
    point: str
    layout: Layout | None = None


class LeanRenderer:
    """Renders expression nodes to Lean 4 + Mathlib terms using one :class:`LeanNames` table."""

    def __init__(self, names: LeanNames = NAMES) -> None:
        self.names = names

    # -- the public entry points: one per level -------------------------------------------
    def function(self, expr: Expr) -> Term:
        """The function of z that an expression denotes: ``x``, ``x * y``."""
        return self._render(expr, _Context(Level.FUNCTION, self.names.point))

    def array(self, expr: Expr, point: str | None = None) -> Term:
        """An array-valued expression at ``point``: ``x z``, ``fderiv ℝ X z h * Y z``."""
        return self._render(expr, _Context(Level.ARRAY, point or self.names.point))

    def entry(self, expr: Expr, point: str | None = None) -> Term:
        """A scalar at ``point``: ``x z i * y z i``, ``fderiv ℝ (fun v ↦ x v i) z …``."""
        return self._render(expr, _Context(Level.ENTRY, point or self.names.point))

    def matrix(self, expr: Expr, layout: Layout) -> Term:
        """A matrix expression in ``layout``: Jacobians, diagonals, products, sums."""
        return self._render(expr, _Context(Level.MATRIX, self.names.point, layout))

    def function_at(self, of: Expr) -> Term:
        """``fun v ↦ <of at v>`` for a scalar entry expression ``of``."""
        bound = self.names.bound
        return Term(f"fun {bound} ↦ {self.entry(of, bound).text}", LAMBDA)

    # -- the visitor ----------------------------------------------------------------------
    def _render(self, expr: Expr, ctx: _Context) -> Term:
        """``expr`` at the level of ``ctx``; NotImplementedError names a node out of place."""
        level = ctx.level
        match expr:
            case Vector(name=name) | Array(name=name):
                if level is Level.FUNCTION:
                    return _atom(name)
                if level is Level.ARRAY:
                    return _app(name, _atom(ctx.point))
            case Hadamard(left=left, right=right):
                if level is Level.FUNCTION:
                    # Mathlib's Pi product: (x * y) w i = x w i * y w i holds by `rfl`.
                    return _infix("mul", self._render(left, ctx), self._render(right, ctx))
                if level is Level.ARRAY and _pointwise(expr):
                    return self.function(expr).applied(ctx.point)
                if level is Level.ARRAY:
                    return _infix("mul", self._render(left, ctx), self._render(right, ctx))
            case Differential(of=of):
                if level in (Level.ENTRY, Level.ARRAY):
                    return self._derivative(of, ctx, _atom(self.names.direction))
            case Partial(of=of, wrt=wrt, index=index):
                if level is Level.ENTRY:
                    if wrt != self.names.point:
                        raise NotImplementedError(f"Partial with respect to {wrt!r}: {expr!r}")
                    # ∂/∂z_j is the derivative applied to the j-th standard basis vector e_j.
                    basis = _app(self.names.basis_vector, _atom(index), _atom("1"))
                    return self._derivative(of, ctx, basis)
            case Component(of=of, index=index):
                if level is Level.ENTRY:
                    return self._render(of, replace(ctx, level=Level.ARRAY)).applied(index)
            case Times(left=left, right=right):
                if level is Level.ENTRY:
                    return _infix("mul", self._render(left, ctx), self._render(right, ctx))
            case Jacobian(of=of, wrt=wrt):
                if level is Level.MATRIX and ctx.layout is not None:
                    if wrt != self.names.point:
                        raise NotImplementedError(f"Jacobian with respect to {wrt!r}: {expr!r}")
                    head = self.names.jacobian(ctx.layout)
                    return _app(head, self.function(of), _atom(ctx.point))
            case Diag(operand=operand):
                if level is Level.MATRIX:
                    return _app(self.names.diagonal, self.array(operand, ctx.point))
            case MatMul(left=left, right=right):
                if level is Level.MATRIX:
                    return _infix("mul", self._render(left, ctx), self._render(right, ctx))
            case Transpose(operand=operand):
                if level is Level.MATRIX:
                    return Term(f"{self._render(operand, ctx).arg()}{self.names.transpose}", APP)
            case Add(left=left, right=right):
                if level is not Level.FUNCTION:
                    return _infix("add", self._render(left, ctx), self._render(right, ctx))
            case Scale(factor=factor, operand=operand):
                if level is not Level.FUNCTION:
                    return _infix("smul", _atom(str(factor)), self._render(operand, ctx))
            case Neg(operand=operand):
                if level is not Level.FUNCTION:
                    return _neg(self._render(operand, ctx))
            case Zero():
                if level is not Level.FUNCTION:
                    return _atom("0")
            case Apply() | Derivative():
                pass  # σ applied element-wise: no Lean statement uses it yet
            case _:
                assert_never(expr)
        where = f"{level.value} in the {ctx.layout.value} layout" if ctx.layout else level.value
        node = type(expr).__name__
        raise NotImplementedError(f"no Lean rendering of {node} as {where}: {expr!r}")

    def _derivative(self, of: Expr, ctx: _Context, direction: Term) -> Term:
        """``fderiv ℝ F z d``: F is ``of`` as a function of z, or ``fun v ↦ …`` for an entry."""
        if ctx.point != self.names.point:
            raise NotImplementedError(f"a derivative inside a function of {ctx.point!r}: {of!r}")
        function = self.function_at(of) if ctx.level is Level.ENTRY else self.function(of)
        scalar, point = _atom(self.names.scalar), _atom(ctx.point)
        return _app(self.names.fderiv, scalar, function, point, direction)
