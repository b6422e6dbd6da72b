"""The catalogue of likely mistakes: wrong variants of a true step, and of the correct form.

Each variant is built by rewriting the statement's own nodes, so the catalogue follows the
registry when a theorem changes or is added. The certificate records the verifier's verdict on
each variant of each step (controls it must reject); check-formula names the mistake a
reader's formula matches.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass

from proofs.theory.expr import (
    Add,
    Array,
    Diag,
    Differential,
    Expr,
    Jacobian,
    Neg,
    Partial,
    Transpose,
    Vector,
    children,
    substitute,
    walk,
)
from proofs.theory.statements import Step, Theorem

__all__ = [
    "Likely",
    "LikelyMistake",
    "Mistake",
    "flip_sign",
    "likely_mistakes",
    "mutants",
    "other_layout",
    "swap_factors",
]


class Mistake(enum.StrEnum):
    """The kinds of wrong variant of a step."""

    WRONG_SIGN = "wrong sign"
    SWAPPED_FACTORS = "swapped factors"
    OTHER_LAYOUT = "other layout's form"


def flip_sign(step: Step) -> Step | None:
    """The step with its last term subtracted instead of added (None if the rhs is no sum)."""
    rhs = step.equation.rhs
    if not isinstance(rhs, Add):
        return None
    return _variant(step, Add(rhs.left, Neg(rhs.right)), "wrong sign")


def _terms(expr: Expr) -> list[Expr]:
    if isinstance(expr, Add):
        return [*_terms(expr.left), *_terms(expr.right)]
    return [expr]


def _sum(terms: list[Expr]) -> Expr:
    total = terms[0]
    for term in terms[1:]:
        total = Add(total, term)
    return total


def _is_derivative(node: Expr) -> bool:
    return isinstance(node, Jacobian | Partial | Differential)


def _multipliers(term: Expr) -> list[str]:
    """Names of the factors a term multiplies by: those outside its derivatives, in order."""
    names: list[str] = []

    def visit(node: Expr) -> None:
        if _is_derivative(node):
            return
        if isinstance(node, Vector | Array) and node.name not in names:
            names.append(node.name)
        for child in children(node):
            visit(child)

    visit(term)
    return names


def _swap_term(term: Expr) -> Expr:
    """Differentiate the term's first multiplier instead of its own factor."""
    multipliers = _multipliers(term)
    if not multipliers:
        return term
    name = multipliers[0]

    def inside(node: Expr) -> Expr | None:
        if isinstance(node, Vector):
            return Vector(name)
        if isinstance(node, Array):
            return Array(name)
        return None

    def at_derivatives(node: Expr) -> Expr | None:
        return substitute(node, inside) if _is_derivative(node) else None

    return substitute(term, at_derivatives)


def swap_factors(step: Step) -> Step | None:
    """Each term differentiates its own multiplier (x_i ∂x_i/∂z_j); None if nothing changes."""
    rhs = _sum([_swap_term(term) for term in _terms(step.equation.rhs)])
    if rhs == step.equation.rhs:
        return None
    return _variant(step, rhs, "swapped factors")


def other_layout(step: Step, theorem: Theorem) -> Step | None:
    """The same step with the other layout's rhs, judged in this layout (None if identical)."""
    layout = step.layout
    if layout is None or layout.other not in theorem.layouts:
        return None
    twin = theorem.statement(layout.other).step(step.role)
    if twin.equation.rhs == step.equation.rhs:
        return None
    return _variant(step, twin.equation.rhs, f"{layout.other.value} form")


def _variant(step: Step, rhs: Expr, what: str) -> Step:
    equation = dataclasses.replace(step.equation, rhs=rhs)
    return dataclasses.replace(step, equation=equation, title=f"{step.title} ({what})")


def mutants(step: Step, theorem: Theorem) -> tuple[tuple[Mistake, Step], ...]:
    """(kind, wrong step) for every mutation that applies to ``step`` of ``theorem``."""
    candidates = (
        (Mistake.WRONG_SIGN, flip_sign(step)),
        (Mistake.SWAPPED_FACTORS, swap_factors(step)),
        (Mistake.OTHER_LAYOUT, other_layout(step, theorem)),
    )
    return tuple((kind, wrong) for kind, wrong in candidates if wrong is not None)


class Likely(enum.Enum):
    """The kinds of likely mistake in a correct form."""

    TRANSPOSED = "transposed"
    OTHER_LAYOUT = "other layout"
    NEGATED = "negated"
    TERM_ALONE = "term alone"
    SIGN_FLIPPED = "sign flipped"
    DIAGONALS_SWAPPED = "diagonals swapped"


@dataclass(frozen=True)
class LikelyMistake:
    """A wrong form, its kind, and the term it concerns (for TERM_ALONE and SIGN_FLIPPED)."""

    expr: Expr
    kind: Likely
    term: Expr | None = None


def likely_mistakes(correct: Expr, other: Expr | None) -> tuple[LikelyMistake, ...]:
    """Recognisable wrong forms of the rhs ``correct``, in a fixed order.

    ``other`` is the other layout's form, when the theorem has one. For a sum of two terms
    the catalogue has each term alone and each sign flipped; the x/y mix-up inside diag(·).
    """
    terms = _terms(correct)
    out = [LikelyMistake(Transpose(correct), Likely.TRANSPOSED)]
    if other is not None:
        out.append(LikelyMistake(other, Likely.OTHER_LAYOUT))
    out.append(LikelyMistake(Neg(correct), Likely.NEGATED))
    if len(terms) > 1:
        out.extend(LikelyMistake(term, Likely.TERM_ALONE, term) for term in terms)
        for n in reversed(range(len(terms))):
            flipped = [*terms[:n], Neg(terms[n]), *terms[n + 1 :]]
            out.append(LikelyMistake(_sum(flipped), Likely.SIGN_FLIPPED, terms[n]))
    out.append(LikelyMistake(_swap_diagonals(correct), Likely.DIAGONALS_SWAPPED))
    return tuple(out)


def _swap_diagonals(expr: Expr) -> Expr:
    """``expr`` with the first two factors' names exchanged inside diag(·) (the x/y mix-up)."""
    names = [n.name for n in walk(expr) if isinstance(n, Vector)]
    first = names[0] if names else "x"
    second = next((n for n in names if n != first), first)
    swap = {first: second, second: first}

    def in_diag(node: Expr) -> Expr | None:
        if isinstance(node, Diag):
            return substitute(
                node, lambda n: Vector(swap.get(n.name, n.name)) if isinstance(n, Vector) else None
            )
        return None

    return substitute(expr, in_diag)
