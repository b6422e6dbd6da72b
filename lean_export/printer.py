"""Lean 4 terms for the expression language: one visitor over proofs.theory.expr, one name table.

Three levels, as in the seed's derivation: *functions* of z (x, x ⊙ y), *entries* at a point
(x_i, ∂(x_i y_i)/∂z_j) and *matrices* in a layout (∂y/∂z, diag(x), products and sums). Each
level accepts only the nodes that make sense there; any other node raises NotImplementedError
naming the node, so a new node never renders silently wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from hadamard import Layout
from proofs.theory.expr import (
    Add,
    Component,
    Diag,
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
    "NAMES",
    "OPERATORS",
    "LeanNames",
    "LeanRenderer",
    "Term",
    "summands",
]

ATOM = 1024
"""Precedence of an identifier, a literal or a parenthesized term (Lean's ``max``)."""
APP = 1023
"""Precedence of an application: binds tighter than every infix, but is not an argument."""


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
    bound: str = "w"
    input_size: str = "M"
    output_size: str = "N"
    output_index: str = "i"
    input_index: str = "j"

    def jacobian(self, layout: Layout) -> str:
        """The generated definition holding the Jacobian in ``layout``."""
        if layout is Layout.DENOMINATOR:
            return self.denominator_jacobian
        return self.numerator_jacobian

    def index_type(self, index: str) -> str:
        """``Fin N`` for an output index (i), ``Fin M`` for an input index (j)."""
        if index == self.output_index:
            return f"Fin {self.output_size}"
        if index == self.input_index:
            return f"Fin {self.input_size}"
        raise NotImplementedError(f"index {index!r} is neither the output nor the input index")


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


def _unsupported(expr: Expr, level: str) -> NotImplementedError:
    return NotImplementedError(f"no Lean rendering of {type(expr).__name__} as {level}: {expr!r}")


class LeanRenderer:
    """Renders expression nodes to Lean 4 + Mathlib terms using one :class:`LeanNames` table."""

    def __init__(self, names: LeanNames = NAMES) -> None:
        self.names = names

    # -- functions of z -------------------------------------------------------------------
    def function(self, expr: Expr) -> Term:
        """The function of z that a vector expression denotes: ``x``, ``x * y``."""
        match expr:
            case Vector(name=name):
                return _atom(name)
            case Hadamard(left=left, right=right):
                # Mathlib's Pi product: (x * y) w i = x w i * y w i holds by `rfl`.
                return _infix("mul", self.function(left), self.function(right))
            case _:
                raise _unsupported(expr, "a function of z")

    def value(self, expr: Expr, point: str) -> Term:
        """The vector ``expr`` at ``point``: ``x z``, ``(x * y) z``."""
        return Term(f"{self.function(expr).arg()} {point}", APP)

    # -- entries --------------------------------------------------------------------------
    def entry(self, expr: Expr, point: str, *, linear: bool = False) -> Term:
        """A scalar at ``point``; with ``linear``, a derivative stays a linear map (no vector)."""
        match expr:
            case Component(of=of, index=index):
                return Term(f"{self.value(of, point).text} {index}", APP)
            case Times(left=left, right=right):
                right_term = self.entry(right, point, linear=linear)
                op = "smul" if linear and isinstance(right, Partial) else "mul"
                return _infix(op, self.entry(left, point, linear=linear), right_term)
            case Add(left=left, right=right):
                return _infix(
                    "add",
                    self.entry(left, point, linear=linear),
                    self.entry(right, point, linear=linear),
                )
            case Partial(of=of, wrt=wrt, index=index):
                return self._partial(of, wrt, index, point, linear=linear)
            case _:
                raise _unsupported(expr, "an entry")

    def _partial(self, of: Expr, wrt: str, index: str, point: str, *, linear: bool) -> Term:
        n = self.names
        if wrt != n.point or point != n.point:
            raise NotImplementedError(f"Partial with respect to {wrt!r} at {point!r}")
        body = self.entry(of, n.bound).text
        lam = Term(f"fun {n.bound} ↦ {body}", 0)
        derivative = _app(n.fderiv, _atom(n.scalar), lam, _atom(point))
        if linear:
            return derivative
        # ∂/∂z_j is the derivative applied to the j-th standard basis vector e_j.
        basis = _app(n.basis_vector, _atom(index), _atom("1"))
        return Term(f"{derivative.text} {basis.arg()}", APP)

    def function_at(self, of: Expr, point: str) -> Term:
        """``fun w ↦ <of at w>`` for a scalar entry expression ``of``."""
        return Term(f"fun {point} ↦ {self.entry(of, point).text}", 0)

    # -- matrices -------------------------------------------------------------------------
    def matrix(self, expr: Expr, layout: Layout) -> Term:
        """A matrix expression in ``layout``: Jacobians, diagonals, products, sums."""
        match expr:
            case Jacobian(of=of, wrt=wrt):
                if wrt != self.names.point:
                    raise NotImplementedError(f"Jacobian with respect to {wrt!r}: {expr!r}")
                head = self.names.jacobian(layout)
                return _app(head, self.function(of), _atom(self.names.point))
            case Diag(operand=operand):
                return _app(self.names.diagonal, self.value(operand, self.names.point))
            case MatMul(left=left, right=right):
                return _infix("mul", self.matrix(left, layout), self.matrix(right, layout))
            case Add(left=left, right=right):
                return _infix("add", self.matrix(left, layout), self.matrix(right, layout))
            case Transpose(operand=operand):
                return Term(f"{self.matrix(operand, layout).arg()}{self.names.transpose}", APP)
            case Scale(factor=factor, operand=operand):
                return _infix("smul", _atom(str(factor)), self.matrix(operand, layout))
            case Neg(operand=operand):
                return _neg(self.matrix(operand, layout))
            case Zero():
                return _atom("0")
            case _:
                raise _unsupported(expr, f"a matrix in the {layout.value} layout")
