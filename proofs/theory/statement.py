"""The theorem, stated once as data: the derivation steps per layout, corollaries, the erratum."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from hadamard import Layout
from proofs.theory.expr import (
    Add,
    Apply,
    Component,
    Derivative,
    Diag,
    Expr,
    Hadamard,
    Jacobian,
    MatMul,
    Partial,
    Scale,
    Times,
    Transpose,
    Vector,
    Zero,
    to_data,
)

__all__ = [
    "COROLLARIES",
    "ERRATUM",
    "SOURCE",
    "THEOREMS",
    "Corollary",
    "Equation",
    "Erratum",
    "Theorem",
    "correct_form",
    "statement_data",
    "statement_sha256",
]

SOURCE = "Proofs, Chapter 6: Hadamard Product Derivatives, section 6.1"
"""Where equations 6-1-1, 6-1-2 and 6-1-3 come from (shared/seed/ in the project's tree)."""

X, Y, A, G = Vector("x"), Vector("y"), Vector("a"), Vector("g")
I_, J_ = "i", "j"


@dataclass(frozen=True)
class Equation:
    """``lhs = rhs``, with the seed's label, the rule that justifies it, and its layout."""

    label: str
    title: str
    lhs: Expr
    rhs: Expr
    layout: Layout
    rule: str


@dataclass(frozen=True)
class Theorem:
    """The rule in one layout: hypotheses and the chain 6-1-1 -> 6-1-2 -> 6-1-3."""

    name: str
    layout: Layout
    hypotheses: tuple[str, ...]
    steps: tuple[Equation, ...]

    @property
    def conclusion(self) -> Equation:
        """The matrix form 6-1-3 in this layout."""
        return self.steps[-1]


@dataclass(frozen=True)
class Corollary:
    """A consequence of the theorem under extra assumptions (each an equation)."""

    name: str
    title: str
    assumptions: tuple[Equation, ...]
    statement: Equation


@dataclass(frozen=True)
class Erratum:
    """A formula the source prints, the layout it declares, and what holds there instead."""

    label: str
    source: str
    declared_layout: Layout
    printed: Equation
    correct: Equation
    explanation: str


HYPOTHESES = (
    "x, y : R^M -> R^N are both functions of z in R^M",
    "x and y are differentiable at z",
)

COMPONENT_DEFINITION_RULE = "definition of the Hadamard (element-wise) product"
LEIBNIZ_RULE = "scalar product (Leibniz) rule for ∂/∂z_j"
MATRIX_FORM_RULE = {
    Layout.DENOMINATOR: (
        "entry (j, i): (∂y/∂z diag(x))_{j,i} = Σ_k (∂y/∂z)_{j,k} δ_{k,i} x_k = x_i ∂y_i/∂z_j"
    ),
    Layout.NUMERATOR: (
        "entry (i, j): (diag(x) ∂y/∂z)_{i,j} = Σ_k δ_{i,k} x_k (∂y/∂z)_{k,j} = x_i ∂y_i/∂z_j"
    ),
}


def correct_form(layout: Layout) -> Expr:
    """The right-hand side of 6-1-3 in ``layout``."""
    if layout is Layout.DENOMINATOR:
        return Add(MatMul(Jacobian(Y), Diag(X)), MatMul(Jacobian(X), Diag(Y)))
    return Add(MatMul(Diag(X), Jacobian(Y)), MatMul(Diag(Y), Jacobian(X)))


def _theorem(layout: Layout) -> Theorem:
    xi, yi = Component(X, I_), Component(Y, I_)
    return Theorem(
        name=f"hadamard_derivative_{layout.value}",
        layout=layout,
        hypotheses=HYPOTHESES,
        steps=(
            Equation(
                "6-1-1",
                "component-wise definition of x ⊙ y",
                Component(Hadamard(X, Y), I_),
                Times(xi, yi),
                layout,
                COMPONENT_DEFINITION_RULE,
            ),
            Equation(
                "6-1-2",
                "Leibniz rule on x_i y_i with respect to z_j",
                Partial(Times(xi, yi), "z", J_),
                Add(Times(xi, Partial(yi, "z", J_)), Times(yi, Partial(xi, "z", J_))),
                layout,
                LEIBNIZ_RULE,
            ),
            Equation(
                "6-1-3",
                f"matrix form in the {layout.value} layout",
                Jacobian(Hadamard(X, Y)),
                correct_form(layout),
                layout,
                MATRIX_FORM_RULE[layout],
            ),
        ),
    )


THEOREMS: dict[Layout, Theorem] = {layout: _theorem(layout) for layout in Layout}


def _corollaries(layout: Layout) -> tuple[Corollary, ...]:
    den = layout is Layout.DENOMINATOR
    return (
        Corollary(
            name=f"constant_x_{layout.value}",
            title="x constant in z (the chapter's Note, in this layout)",
            assumptions=(
                Equation(
                    "x-constant",
                    "x does not depend on z",
                    Jacobian(X),
                    Zero(),
                    layout,
                    "hypothesis",
                ),
            ),
            statement=Equation(
                "6-1-3 with ∂x/∂z = O",
                "derivative when x is constant",
                Jacobian(Hadamard(X, Y)),
                MatMul(Jacobian(Y), Diag(X)) if den else MatMul(Diag(X), Jacobian(Y)),
                layout,
                "6-1-3 with ∂x/∂z = O",
            ),
        ),
        Corollary(
            name=f"square_{layout.value}",
            title="y = x: the derivative of x ⊙ x",
            assumptions=(),
            statement=Equation(
                "6-1-3 with y = x",
                "derivative of x ⊙ x",
                Jacobian(Hadamard(X, X)),
                Scale(2, MatMul(Jacobian(X), Diag(X)) if den else MatMul(Diag(X), Jacobian(X))),
                layout,
                "6-1-3 with y = x",
            ),
        ),
        Corollary(
            name=f"elementwise_map_{layout.value}",
            title="an element-wise map σ applied to a",
            assumptions=(),
            statement=Equation(
                "σ element-wise",
                "∂σ(a)/∂a is diagonal",
                Jacobian(Apply("sigma", A), wrt="a"),
                Diag(Derivative("sigma", A)),
                layout,
                "6-1-2 with x_i = σ(a_i) depending on a_i alone",
            ),
        ),
        Corollary(
            name=f"backprop_{layout.value}",
            title="the gradient through ⊙ (the backprop form)",
            assumptions=(),
            statement=Equation(
                "backprop",
                "for g = ∂L/∂(x ⊙ y), the gradient with respect to x is g ⊙ y",
                MatMul(Jacobian(Hadamard(X, Y), wrt="x"), G)
                if den
                else MatMul(Transpose(G), Jacobian(Hadamard(X, Y), wrt="x")),
                Hadamard(G, Y) if den else Transpose(Hadamard(G, Y)),
                layout,
                "chain rule with ∂(x ⊙ y)/∂x = diag(y), y held fixed",
            ),
        ),
    )


COROLLARIES: dict[Layout, tuple[Corollary, ...]] = {
    layout: _corollaries(layout) for layout in Layout
}

ERRATUM = Erratum(
    label="6-1-3",
    source=SOURCE,
    declared_layout=Layout.DENOMINATOR,
    printed=Equation(
        "6-1-3 (as printed)",
        "the chapter's printed matrix form",
        Jacobian(Hadamard(X, Y)),
        correct_form(Layout.NUMERATOR),
        Layout.DENOMINATOR,
        "as printed in the source, read in the layout the source declares",
    ),
    correct=THEOREMS[Layout.DENOMINATOR].conclusion,
    explanation=(
        "The chapter declares the denominator layout (∂y/∂z is M × N) but prints the "
        "numerator-layout form diag(x) ∂y/∂z + diag(y) ∂x/∂z. In the denominator layout that "
        "product is undefined when M ≠ N (N × N times M × N) and wrong when M = N (it scales "
        "row j by x_j instead of column i by x_i). The correct form there is "
        "∂y/∂z diag(x) + ∂x/∂z diag(y)."
    ),
)


def _equation_data(eq: Equation) -> dict[str, Any]:
    return {
        "label": eq.label,
        "title": eq.title,
        "layout": eq.layout.value,
        "rule": eq.rule,
        "lhs": to_data(eq.lhs),
        "rhs": to_data(eq.rhs),
    }


def statement_data() -> dict[str, Any]:
    """Everything stated, as canonical JSON-ready data (sorted by layout name)."""
    layouts = sorted(Layout, key=lambda layout: layout.value)
    return {
        "source": SOURCE,
        "theorems": [
            {
                "name": THEOREMS[lay].name,
                "layout": lay.value,
                "hypotheses": list(THEOREMS[lay].hypotheses),
                "steps": [_equation_data(step) for step in THEOREMS[lay].steps],
            }
            for lay in layouts
        ],
        "corollaries": [
            {
                "name": c.name,
                "title": c.title,
                "assumptions": [_equation_data(a) for a in c.assumptions],
                "statement": _equation_data(c.statement),
            }
            for lay in layouts
            for c in COROLLARIES[lay]
        ],
        "erratum": {
            "label": ERRATUM.label,
            "declared_layout": ERRATUM.declared_layout.value,
            "printed": _equation_data(ERRATUM.printed),
            "correct": _equation_data(ERRATUM.correct),
            "explanation": ERRATUM.explanation,
        },
    }


def statement_sha256() -> str:
    """SHA-256 of the canonical JSON of :func:`statement_data`: what a citation pins."""
    canonical = json.dumps(
        statement_data(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
