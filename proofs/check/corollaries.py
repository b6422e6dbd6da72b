"""The corollaries (x constant, y = x, element-wise σ, backprop g ⊙ y), each checked two ways.

Symbolically by :func:`proofs.check.verify.decide` at symbolic N, M (assumptions such as ∂x/∂z = O
applied as rewrites), and exactly at explicit sizes by :func:`proofs.theory.semantics.evaluate` on
concrete models where the assumptions hold by construction.
"""

from __future__ import annotations

import sympy as sp

from hadamard import Layout
from proofs.check.derivation import method_text
from proofs.check.records import CorollaryCheck, ExplicitSize
from proofs.check.verify import decide
from proofs.printing.latex import equation_latex, equation_text
from proofs.theory.expr import Zero
from proofs.theory.semantics import Model, ShapeClashError, Value, evaluate, random_model
from proofs.theory.statements import Corollary, Equation, Theorem

__all__ = ["EXPLICIT_SIZES", "check_corollaries", "check_corollary"]

EXPLICIT_SIZES: tuple[tuple[int, int], ...] = ((2, 3), (3, 2))
"""(N, M) at which each corollary is also evaluated exactly."""

EXPLICIT_METHOD = (
    "exact evaluation (proofs.theory.semantics) at (N, M) = {sizes} on a model where the "
    "assumptions hold by construction: {model}; entries compared by expand(lhs - rhs) == 0"
)
MODELS: dict[str, str] = {
    "constant_x": "x a vector of rational constants, y smooth polynomial functions of z",
    "square": "x smooth polynomial functions of z (random_model)",
    "elementwise_map": "a = (a_1..a_N) variables, σ an undefined sympy Function",
    "backprop": "x = (x_1..x_N) variables, y and g vectors of symbols independent of x",
}


def _kind(corollary: Corollary) -> str:
    return corollary.id.rsplit("_", 1)[0]


def _model(kind: str, n: int, m: int) -> Model:
    base = random_model(n, m, seed=7 * n + m)
    if kind == "constant_x":
        constants = sp.Matrix([sp.Rational(k + 2, k + 1) for k in range(n)])
        return Model(n, m, base.variables, {"x": constants, "y": base.vectors["y"]})
    if kind == "square":
        return base
    if kind == "elementwise_map":
        t = sp.Symbol("t")
        a = tuple(sp.Symbol(f"a{k + 1}") for k in range(n))
        sigma = sp.Lambda(t, sp.Function("sigma")(t))
        return Model(n, m, {"a": a}, {}, {"sigma": sigma})
    if kind == "backprop":

        def symbols(name: str) -> sp.Matrix:
            return sp.Matrix([sp.Symbol(f"{name}{k + 1}") for k in range(n)])

        x = tuple(sp.Symbol(f"x{k + 1}") for k in range(n))
        return Model(n, m, {"x": x}, {"y": symbols("y"), "g": symbols("g")})
    raise NotImplementedError(f"no explicit model for corollary kind {kind!r}")


def _equal(left: Value, right: Value) -> bool:
    if not isinstance(left, sp.MatrixBase) or not isinstance(right, sp.MatrixBase):
        return False
    return left.shape == right.shape and all(
        sp.expand(a - b) == 0 for a, b in zip(left, right, strict=True)
    )


def _holds(equation: Equation, model: Model) -> bool:
    # O (the shape-less zero) equals any matrix whose entries all expand to 0.
    try:
        lhs = evaluate(equation.lhs, model, equation.layout)
        rhs = evaluate(equation.rhs, model, equation.layout)
    except ShapeClashError:
        return False
    if isinstance(rhs, Zero):
        return isinstance(lhs, sp.MatrixBase) and all(sp.expand(e) == 0 for e in lhs)
    return _equal(lhs, rhs)


def check_corollary(corollary: Corollary, theorem: str) -> CorollaryCheck:
    """``corollary`` of ``theorem`` (its id) checked symbolically and at EXPLICIT_SIZES."""
    statement = corollary.statement
    verdict = decide(statement, assumptions=corollary.assumptions)
    explicit = []
    for n, m in EXPLICIT_SIZES:
        model = _model(_kind(corollary), n, m)
        holds = all(_holds(a, model) for a in corollary.assumptions)
        explicit.append(ExplicitSize(n, m, holds and _holds(statement, model)))
    return CorollaryCheck(
        theorem=theorem,
        id=corollary.id,
        title=corollary.title,
        label=corollary.label,
        layout=statement.layout,
        statement=equation_latex(statement),
        statement_text=equation_text(statement),
        assumptions=tuple(equation_text(a) for a in corollary.assumptions),
        rule=corollary.rule,
        verified=verdict.holds,
        verdict=verdict.reason,
        method=method_text(verdict, statement, corollary.assumptions),
        explicit_method=EXPLICIT_METHOD.format(
            sizes=", ".join(map(str, EXPLICIT_SIZES)), model=MODELS[_kind(corollary)]
        ),
        explicit=tuple(explicit),
    )


def check_corollaries(theorem: Theorem, layout: Layout | None) -> tuple[CorollaryCheck, ...]:
    """Every corollary of ``theorem`` stated for ``layout``, checked."""
    return tuple(check_corollary(c, theorem.id) for c in theorem.corollaries_in(layout))
