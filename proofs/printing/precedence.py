"""The one precedence table: how tightly each expression node binds when printed.

Every printer (LaTeX, Unicode, plain) parenthesizes a child that binds less tightly than its
context requires, by these levels.
"""

from __future__ import annotations

import enum
from typing import assert_never

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

__all__ = ["Precedence", "precedence"]


class Precedence(enum.IntEnum):
    """Binding strength, loosest first."""

    SUM = 1
    SIGN = 2
    PRODUCT = 3
    POSTFIX = 4
    ATOM = 5


def precedence(expr: Expr) -> Precedence:
    """How tightly ``expr`` binds as printed."""
    match expr:
        case Add():
            return Precedence.SUM
        case Neg():
            return Precedence.SIGN
        case Hadamard() | MatMul() | Times() | Scale():
            return Precedence.PRODUCT
        case Transpose():
            return Precedence.POSTFIX
        case (
            Vector()
            | Array()
            | Differential()
            | Jacobian()
            | Diag()
            | Zero()
            | Apply()
            | Derivative()
            | Component()
            | Partial()
        ):
            return Precedence.ATOM
        case _:
            assert_never(expr)
