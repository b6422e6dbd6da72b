"""The printer base: one exhaustive dispatch over the expression nodes, one method per node.

A printer subclasses :class:`Printer` and writes each node's method; a node it cannot print
raises ``NotImplementedError`` naming the node and the printer (:meth:`Printer.unsupported`).
The dispatch ends in ``assert_never``, and every method is abstract, so mypy names every
printer a new node must reach.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import NoReturn, assert_never

from proofs.printing.precedence import Precedence, precedence
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

__all__ = ["Printer"]


class Printer(ABC):
    """Prints expressions; see the module docstring."""

    name = "printer"
    """How errors name this printer."""

    def print(self, expr: Expr) -> str:
        """``expr`` as text."""
        match expr:
            case Vector():
                return self.vector(expr)
            case Array():
                return self.array(expr)
            case Differential():
                return self.differential(expr)
            case Jacobian():
                return self.jacobian(expr)
            case Hadamard():
                return self.hadamard(expr)
            case Diag():
                return self.diag(expr)
            case MatMul():
                return self.matmul(expr)
            case Add():
                return self.add(expr)
            case Neg():
                return self.neg(expr)
            case Scale():
                return self.scale(expr)
            case Transpose():
                return self.transpose(expr)
            case Zero():
                return self.zero(expr)
            case Apply():
                return self.apply(expr)
            case Derivative():
                return self.derivative(expr)
            case Component():
                return self.component(expr)
            case Partial():
                return self.partial(expr)
            case Times():
                return self.times(expr)
            case _:
                assert_never(expr)

    def wrap(self, expr: Expr, at_least: Precedence) -> str:
        """``expr`` printed, in parentheses when it binds less tightly than ``at_least``."""
        text = self.print(expr)
        return self.parenthesize(text) if precedence(expr) < at_least else text

    def unsupported(self, expr: Expr) -> NoReturn:
        """The error for a node this printer has no notation for."""
        raise NotImplementedError(f"the {self.name} has no notation for {type(expr).__name__}")

    @abstractmethod
    def parenthesize(self, text: str) -> str:
        """``text`` in parentheses."""

    @abstractmethod
    def vector(self, expr: Vector) -> str: ...
    @abstractmethod
    def array(self, expr: Array) -> str: ...
    @abstractmethod
    def differential(self, expr: Differential) -> str: ...
    @abstractmethod
    def jacobian(self, expr: Jacobian) -> str: ...
    @abstractmethod
    def hadamard(self, expr: Hadamard) -> str: ...
    @abstractmethod
    def diag(self, expr: Diag) -> str: ...
    @abstractmethod
    def matmul(self, expr: MatMul) -> str: ...
    @abstractmethod
    def add(self, expr: Add) -> str: ...
    @abstractmethod
    def neg(self, expr: Neg) -> str: ...
    @abstractmethod
    def scale(self, expr: Scale) -> str: ...
    @abstractmethod
    def transpose(self, expr: Transpose) -> str: ...
    @abstractmethod
    def zero(self, expr: Zero) -> str: ...
    @abstractmethod
    def apply(self, expr: Apply) -> str: ...
    @abstractmethod
    def derivative(self, expr: Derivative) -> str: ...
    @abstractmethod
    def component(self, expr: Component) -> str: ...
    @abstractmethod
    def partial(self, expr: Partial) -> str: ...
    @abstractmethod
    def times(self, expr: Times) -> str: ...
