"""Wrong variants of a true equation (sign, swapped factors, the other layout): controls to reject.

Each variant is built by rewriting the statement's own nodes, so the controls follow the
theorem if it changes. The certificate records the verifier's verdict on each.
"""

from __future__ import annotations

import dataclasses

from proofs.theory.expr import Add, Component, Diag, Expr, Jacobian, MatMul, Neg, Partial, Times
from proofs.theory.statement import THEOREMS, Equation

__all__ = ["flip_sign", "mutants", "other_layout", "swap_factors"]


def flip_sign(equation: Equation) -> Equation | None:
    """lhs = a − b where the statement says a + b (None if the rhs is not a sum)."""
    if not isinstance(equation.rhs, Add):
        return None
    rhs = Add(equation.rhs.left, Neg(equation.rhs.right))
    return dataclasses.replace(equation, rhs=rhs, title=equation.title + " (wrong sign)")


def _swap(expr: Expr) -> Expr:
    # In each product term, differentiate the factor that multiplies instead of the other one:
    # x_i ∂y_i/∂z_j -> x_i ∂x_i/∂z_j, ∂y/∂z diag(x) -> ∂x/∂z diag(x), diag(x) ∂y/∂z -> ...
    match expr:
        case Add(left, right):
            return Add(_swap(left), _swap(right))
        case Times(Component() as factor, Partial(_, wrt, index)):
            return Times(factor, Partial(factor, wrt, index))
        case MatMul(Jacobian(_, wrt), Diag(operand) as right):
            return MatMul(Jacobian(operand, wrt), right)
        case MatMul(Diag(operand) as left, Jacobian(_, wrt)):
            return MatMul(left, Jacobian(operand, wrt))
    return expr


def swap_factors(equation: Equation) -> Equation | None:
    """Each term differentiates its own multiplier (x_i ∂x_i/∂z_j); None if nothing changes."""
    rhs = _swap(equation.rhs)
    if rhs == equation.rhs:
        return None
    return dataclasses.replace(equation, rhs=rhs, title=equation.title + " (swapped factors)")


def other_layout(equation: Equation) -> Equation | None:
    """The same step with the other layout's rhs, judged in this layout (None if identical)."""
    theorem = THEOREMS[equation.layout.other]
    for step in theorem.steps:
        if step.label == equation.label and step.rhs != equation.rhs:
            title = equation.title + f" ({equation.layout.other.value} form)"
            return dataclasses.replace(equation, rhs=step.rhs, title=title)
    return None


def mutants(equation: Equation) -> tuple[tuple[str, Equation], ...]:
    """(kind, wrong equation) for every mutation that applies to ``equation``."""
    out: list[tuple[str, Equation]] = []
    for kind, mutate in (
        ("wrong sign", flip_sign),
        ("swapped factors", swap_factors),
        ("other layout's form", other_layout),
    ):
        wrong = mutate(equation)
        if wrong is not None:
            out.append((kind, wrong))
    return tuple(out)
