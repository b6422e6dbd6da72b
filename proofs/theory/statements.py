"""What a theorem is, as data: equations, hypotheses, steps with roles, corollaries, errata.

A :class:`Theorem` describes itself completely: its stable ``id``, its hypotheses, its steps
in each layout (or once, when it needs no layout), its name in each proof-assistant backend,
the subject check-formula judges, and the backends it is exported to. Every checker and
renderer reads these objects; none restates a theorem.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import assert_never

from hadamard import Layout
from proofs.theory.expr import Expr

__all__ = [
    "Backend",
    "Corollary",
    "Equation",
    "Erratum",
    "Hypothesis",
    "HypothesisKind",
    "Role",
    "Statement",
    "Step",
    "Theorem",
]


class Backend(enum.Enum):
    """A proof assistant a theorem is exported to; each keeps its proof scripts by theorem id."""

    COQ = "coq"
    """Coq over its standard library's Reals, with the project's own Jacobian predicates."""
    MATHCOMP = "mathcomp"
    """Coq over MathComp-Analysis, whose Jacobian ``'J`` is the denominator layout."""
    LEAN = "lean"


class Role(enum.Enum):
    """What a step of a derivation does (the seed's 6-1-1, 6-1-2 and 6-1-3, in general)."""

    COMPONENT = "component"
    """The product read entry by entry: (x ⊙ y)_i = x_i y_i."""
    LEIBNIZ = "Leibniz"
    """The scalar product rule on one entry."""
    MATRIX_FORM = "matrix form"
    """The entries collected back into a matrix (or array) identity: the conclusion."""


@dataclass(frozen=True)
class Equation:
    """``lhs = rhs`` in ``layout`` (None: the equation has no Jacobian, so no layout)."""

    lhs: Expr
    rhs: Expr
    layout: Layout | None


class HypothesisKind(enum.Enum):
    """The kinds of assumption a theorem or corollary makes."""

    FUNCTIONS_OF = "functions of"
    """The subjects are functions of the variable, with values in the given space."""
    DIFFERENTIABLE = "differentiable"
    """The subjects are differentiable at the point."""
    CONSTANT = "constant"
    """The subjects do not depend on the variable: their Jacobian is O."""
    INDEPENDENT = "independent"
    """The subjects do not depend on the variable named (another factor)."""
    NONZERO = "nonzero"
    """No entry of the subjects is zero."""


@dataclass(frozen=True)
class Hypothesis:
    """One assumption, as data; ``equation`` is its form the verifier can apply (∂x/∂z = O)."""

    kind: HypothesisKind
    subjects: tuple[str, ...]
    variable: str = "z"
    space: str = ""
    """For FUNCTIONS_OF: the space the subjects map into and from, e.g. ``ℝ^M → ℝ^N``."""
    equation: Equation | None = None

    def text(self) -> str:
        """The hypothesis in Unicode prose, e.g. ``x, y : ℝ^M → ℝ^N are functions of z``."""
        names = ", ".join(self.subjects)
        one = len(self.subjects) == 1
        match self.kind:
            case HypothesisKind.FUNCTIONS_OF:
                verb = "is a function" if one else "are functions"
                return f"{names} : {self.space} {verb} of {self.variable}"
            case HypothesisKind.DIFFERENTIABLE:
                return f"{names} {'is' if one else 'are'} differentiable at {self.variable}"
            case HypothesisKind.CONSTANT | HypothesisKind.INDEPENDENT:
                verb = "does" if one else "do"
                return f"{names} {verb} not depend on {self.variable}"
            case HypothesisKind.NONZERO:
                return f"no entry of {names} is zero"
            case _:
                assert_never(self.kind)


@dataclass(frozen=True)
class Step:
    """One step of a derivation: its role, its equation, the rule that justifies it.

    ``seed_label`` is the source chapter's equation label (6-1-1, …), kept for citation only:
    no backend keys anything on it. ``names`` is the step's name in each backend that states it.
    """

    role: Role
    title: str
    equation: Equation
    rule: str
    names: Mapping[Backend, str] = field(default_factory=dict)
    seed_label: str | None = None

    @property
    def label(self) -> str:
        """How documents refer to the step: the seed's label, else its role."""
        return self.seed_label or self.role.value

    @property
    def layout(self) -> Layout | None:
        """The layout of the step's equation."""
        return self.equation.layout


@dataclass(frozen=True)
class Statement:
    """A theorem in one layout (or layout-free): its steps, the last of which is the conclusion."""

    layout: Layout | None
    steps: tuple[Step, ...]

    @property
    def conclusion(self) -> Step:
        """The matrix (or array) form the derivation arrives at."""
        return self.steps[-1]

    def step(self, role: Role) -> Step:
        """The step with ``role`` (KeyError naming the role when there is none)."""
        for step in self.steps:
            if step.role is role:
                return step
        raise KeyError(f"no {role.value} step")


@dataclass(frozen=True)
class Corollary:
    """A consequence of a theorem in one layout, under its own extra hypotheses."""

    id: str
    title: str
    hypotheses: tuple[Hypothesis, ...]
    statement: Equation
    rule: str
    names: Mapping[Backend, str] = field(default_factory=dict)
    label: str = ""
    """How documents refer to it (e.g. ``6-1-3 with ∂x/∂z = O``)."""

    @property
    def assumptions(self) -> tuple[Equation, ...]:
        """The hypotheses the verifier applies, as equations."""
        return tuple(h.equation for h in self.hypotheses if h.equation is not None)


@dataclass(frozen=True)
class Erratum:
    """A formula a source prints, the layout it declares, and the step that holds instead."""

    label: str
    source: str
    declared_layout: Layout
    printed: Equation
    correct: Step
    explanation: str


@dataclass(frozen=True)
class Theorem:
    """One theorem of the registry, self-describing; see the module docstring."""

    id: str
    title: str
    summary: str
    hypotheses: tuple[Hypothesis, ...]
    statements: tuple[Statement, ...]
    subject: Expr
    """The left-hand side check-formula judges a reader's formula against."""
    backends: frozenset[Backend]
    corollaries: tuple[Corollary, ...] = ()
    errata: tuple[Erratum, ...] = ()

    @property
    def layouts(self) -> tuple[Layout | None, ...]:
        """The layouts the theorem is stated in (``(None,)`` when it needs no layout)."""
        return tuple(statement.layout for statement in self.statements)

    def statement(self, layout: Layout | None) -> Statement:
        """The statement in ``layout``; a layout-free theorem answers for any layout."""
        for statement in self.statements:
            if statement.layout is layout or statement.layout is None:
                return statement
        raise KeyError(f"theorem {self.id} is not stated in the {layout} layout")

    def corollaries_in(self, layout: Layout | None) -> tuple[Corollary, ...]:
        """The corollaries stated in ``layout``."""
        return tuple(c for c in self.corollaries if c.statement.layout is layout)
