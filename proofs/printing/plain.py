"""Plain-text rendering of matrix-level expressions, in the syntax check-formula reads back.

``plain_text(correct_form(layout))`` is what check-formula prints as the correct form, and
parsing that text in plain syntax gives back the same nodes (a tested round trip).
"""

from __future__ import annotations

from proofs.theory.expr import (
    Add,
    Diag,
    Expr,
    Hadamard,
    Jacobian,
    MatMul,
    Neg,
    Scale,
    Transpose,
    Vector,
    Zero,
)

__all__ = ["OPERATORS", "plain_text"]

OPERATORS = {"MatMul": "@", "Hadamard": "*", "Add": "+", "Sub": "-", "Transpose": ".T"}
"""The operator table (one place to change a spelling)."""

# Binding strength, loosest first: sums, products, signs, postfix transpose, atoms.
_SUM, _PRODUCT, _SIGN, _POSTFIX, _ATOM = range(1, 6)


def plain_text(expr: Expr) -> str:
    """``expr`` as plain check-formula syntax, e.g. ``dy_dz @ diag(x) + dx_dz @ diag(y)``."""
    return _print(expr, 0)


def _print(expr: Expr, context: int) -> str:
    text, strength = _render(expr)
    return f"({text})" if strength < context else text


def _render(expr: Expr) -> tuple[str, int]:
    """The text of ``expr`` and how strongly it binds."""
    match expr:
        case Vector(name):
            return name, _ATOM
        case Jacobian(Vector(name), wrt):
            return f"d{name}_d{wrt}", _ATOM
        case Jacobian(of, wrt):
            return f"d({_print(of, 0)})/d{wrt}", _ATOM
        case Zero():
            return "O", _ATOM
        case Diag(operand):
            return f"diag({_print(operand, 0)})", _ATOM
        case Transpose(operand):
            return _print(operand, _POSTFIX) + OPERATORS["Transpose"], _POSTFIX
        case Neg(operand):
            return "-" + _print(operand, _SIGN), _SIGN
        case Scale(factor, operand):
            return f"{factor} * {_print(operand, _SIGN)}", _PRODUCT
        case MatMul(left, right) | Hadamard(left, right):
            op = OPERATORS[type(expr).__name__]
            return f"{_print(left, _PRODUCT)} {op} {_print(right, _SIGN)}", _PRODUCT
        case Add(left, Neg(operand)):
            sub = OPERATORS["Sub"]
            return f"{_print(left, _SUM)} {sub} {_print(operand, _PRODUCT)}", _SUM
        case Add(left, right):
            return f"{_print(left, _SUM)} {OPERATORS['Add']} {_print(right, _PRODUCT)}", _SUM
    raise NotImplementedError(f"no plain-text form for node {type(expr).__name__}")
