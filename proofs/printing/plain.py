"""Plain-text rendering of matrix-level expressions, in the syntax check-formula reads back.

``plain_text(correct_form(layout))`` is what check-formula prints as the correct form, and
parsing that text in plain syntax gives back the same nodes (a tested round trip).
"""

from __future__ import annotations

from proofs.printing.base import Printer
from proofs.printing.precedence import Precedence
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

__all__ = ["OPERATORS", "PLAIN", "PlainPrinter", "plain_text"]

OPERATORS = {"MatMul": "@", "Hadamard": "*", "Add": "+", "Sub": "-", "Transpose": ".T"}
"""The operator table (one place to change a spelling)."""


class PlainPrinter(Printer):
    """numpy-like text: ``dy_dz @ diag(x) + dx_dz @ diag(y)``; entry-level nodes have none."""

    name = "plain printer"

    def parenthesize(self, text: str) -> str:
        return f"({text})"

    def _operand(self, expr: Expr, at_least: Precedence) -> str:
        # numpy's unary minus binds tighter than @ and *: -a @ b is (-a) @ b, so a signed
        # operand needs no parentheses (and the value is the same either way).
        return self.print(expr) if isinstance(expr, Neg) else self.wrap(expr, at_least)

    def _product(self, left: Expr, operator: str, right: Expr) -> str:
        left_text = self._operand(left, Precedence.PRODUCT)
        return f"{left_text} {operator} {self._operand(right, Precedence.POSTFIX)}"

    def vector(self, expr: Vector) -> str:
        return expr.name

    def array(self, expr: Array) -> str:
        return expr.name

    def differential(self, expr: Differential) -> str:
        return f"d{self.wrap(expr.of, Precedence.ATOM)}"

    def jacobian(self, expr: Jacobian) -> str:
        if isinstance(expr.of, Vector):
            return f"d{expr.of.name}_d{expr.wrt}"
        return f"d({self.print(expr.of)})/d{expr.wrt}"

    def hadamard(self, expr: Hadamard) -> str:
        return self._product(expr.left, OPERATORS["Hadamard"], expr.right)

    def diag(self, expr: Diag) -> str:
        return f"diag({self.print(expr.operand)})"

    def matmul(self, expr: MatMul) -> str:
        return self._product(expr.left, OPERATORS["MatMul"], expr.right)

    def add(self, expr: Add) -> str:
        if isinstance(expr.right, Neg):
            subtrahend = self._operand(expr.right.operand, Precedence.PRODUCT)
            return f"{self.print(expr.left)} {OPERATORS['Sub']} {subtrahend}"
        right = self.wrap(expr.right, Precedence.PRODUCT)
        return f"{self.print(expr.left)} {OPERATORS['Add']} {right}"

    def neg(self, expr: Neg) -> str:
        return "-" + self.wrap(expr.operand, Precedence.POSTFIX)

    def scale(self, expr: Scale) -> str:
        return f"{expr.factor} * {self._operand(expr.operand, Precedence.POSTFIX)}"

    def transpose(self, expr: Transpose) -> str:
        return self.wrap(expr.operand, Precedence.POSTFIX) + OPERATORS["Transpose"]

    def zero(self, expr: Zero) -> str:
        del expr  # O has no parts
        return "O"

    def apply(self, expr: Apply) -> str:
        return self.unsupported(expr)

    def derivative(self, expr: Derivative) -> str:
        return self.unsupported(expr)

    def component(self, expr: Component) -> str:
        return self.unsupported(expr)

    def partial(self, expr: Partial) -> str:
        return self.unsupported(expr)

    def times(self, expr: Times) -> str:
        return self.unsupported(expr)


PLAIN = PlainPrinter()


def plain_text(expr: Expr) -> str:
    """``expr`` as plain check-formula syntax, e.g. ``dy_dz @ diag(x) + dx_dz @ diag(y)``."""
    return PLAIN.print(expr)
