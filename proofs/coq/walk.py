"""The registry, as a Coq development sees it: which theorems, which statements, in what order.

Both developments walk :data:`proofs.theory.registry.REGISTRY` through :func:`exported` and
:func:`entries`: every theorem whose ``backends`` names the backend, each with its
entry-level steps (stated once when several layouts share them), then per layout its matrix
form and the corollaries that have a name in the backend. Names come from the registry's
``names`` tables; nothing here reads a seed label or the shape of an equation.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from hadamard import Layout
from proofs.theory import registry
from proofs.theory.expr import Array, Expr, Vector, walk
from proofs.theory.statements import (
    Backend,
    Corollary,
    Equation,
    HypothesisKind,
    Role,
    Statement,
    Step,
    Theorem,
)

__all__ = [
    "KEYWORDS",
    "MAIN",
    "Entry",
    "Part",
    "block_keys",
    "entries",
    "exported",
    "functions",
    "subjects",
]


class Part(enum.Enum):
    """What an entry of a development is."""

    STEP = "step"
    """An entry-level step (component, Leibniz): a lemma the matrix form is proved from."""
    CONCLUSION = "conclusion"
    """The matrix (or array) form in one layout: a main theorem."""
    COROLLARY = "corollary"
    """A corollary in one layout: a main theorem."""


KEYWORDS: Final = {Part.STEP: "Lemma", Part.CONCLUSION: "Theorem", Part.COROLLARY: "Corollary"}
MAIN: Final = frozenset({"Theorem", "Corollary"})
"""Keywords of the statements whose assumptions are printed (each step is used by one)."""


@dataclass(frozen=True)
class Entry:
    """One statement a development states, with where it comes from in the registry."""

    theorem: Theorem
    statement: Statement
    part: Part
    name: str
    equation: Equation
    step: Step | None = None
    corollary: Corollary | None = None

    @property
    def layout(self) -> Layout | None:
        """The layout of the entry's equation."""
        return self.equation.layout

    @property
    def keyword(self) -> str:
        """Lemma for a step, Theorem for a matrix form, Corollary for a corollary."""
        return KEYWORDS[self.part]

    def doc(self, *, sketch: bool) -> str:
        """The statement's doc comment, from the registry's titles, rules and hypotheses.

        ``sketch``: a matrix form's comment ends with its rule, as a proof sketch.
        """
        if self.corollary is not None:
            c = self.corollary
            assumed = "; ".join(h.text() for h in c.hypotheses)
            return f"{c.title}" + (f", assuming {assumed}" if assumed else "") + f": {c.rule}."
        assert self.step is not None
        step = self.step
        where = f"Equation {step.seed_label}" if step.seed_label else self.theorem.title
        if self.part is Part.STEP:
            return f"{where}, {step.title}: by the {step.rule}."
        hypotheses = "; ".join(h.text() for h in self.theorem.hypotheses)
        ending = f" Proof sketch, {step.rule}." if sketch else ""
        return f"{where}, the {step.title}. Hypotheses: {hypotheses}.{ending}"


def exported(backend: Backend, theorems: Sequence[Theorem] | None = None) -> tuple[Theorem, ...]:
    """The theorems exported to ``backend`` (of the registry, unless ``theorems`` is given)."""
    every = registry.REGISTRY if theorems is None else tuple(theorems)
    return tuple(t for t in every if backend in t.backends)


def _step_name(theorem: Theorem, step: Step, backend: Backend) -> str:
    name = step.names.get(backend)
    if name is None:
        raise LookupError(
            f"theorem {theorem.id!r} is exported to the {backend.value} backend, but its "
            f"{step.role.value} step ({step.layout.value if step.layout else 'no layout'}) "
            "has no name there"
        )
    return name


def entries(theorem: Theorem, backend: Backend) -> Iterator[Entry]:
    """The statements of ``theorem`` in ``backend``, in the order the file states them."""
    stated: dict[str, Equation] = {}
    for statement in theorem.statements:
        for step in statement.steps[:-1]:
            name = _step_name(theorem, step, backend)
            if name in stated:
                seen = stated[name]
                if (seen.lhs, seen.rhs) != (step.equation.lhs, step.equation.rhs):
                    raise ValueError(
                        f"theorem {theorem.id!r}: the {backend.value} name {name!r} is given to "
                        "steps whose equations differ between layouts"
                    )
                continue
            stated[name] = step.equation
            yield Entry(theorem, statement, Part.STEP, name, step.equation, step=step)
    for statement in theorem.statements:
        conclusion = statement.conclusion
        name = _step_name(theorem, conclusion, backend)
        yield Entry(theorem, statement, Part.CONCLUSION, name, conclusion.equation, conclusion)
        for corollary in theorem.corollaries_in(statement.layout):
            corollary_name = corollary.names.get(backend)
            if corollary_name is not None:
                yield Entry(
                    theorem,
                    statement,
                    Part.COROLLARY,
                    corollary_name,
                    corollary.statement,
                    corollary=corollary,
                )


def block_keys(entry: Entry) -> tuple[str, ...]:
    """The proof-script blocks that may prove ``entry``, most specific first.

    A step or matrix form is keyed by its role, refined by its layout (``leibniz``,
    ``matrix_form.numerator``); a corollary by its id, then the generic ``corollary``.
    """
    if entry.corollary is not None:
        return (entry.corollary.id, "corollary")
    assert entry.step is not None
    role = entry.step.role.name.lower()
    layout = entry.layout
    return (role,) if layout is None else (f"{role}.{layout.value}", role)


def functions(*exprs: Expr) -> tuple[Vector | Array, ...]:
    """The function nodes (x, y, X, …) of ``exprs``, each once, in order of appearance."""
    seen: dict[str, Vector | Array] = {}
    for node in walk(*exprs):
        if isinstance(node, (Vector, Array)) and node.name not in seen:
            seen[node.name] = node
    return tuple(seen.values())


def subjects(theorem: Theorem, kind: HypothesisKind) -> frozenset[str]:
    """The subjects of ``theorem``'s hypotheses of ``kind``."""
    return frozenset(s for h in theorem.hypotheses if h.kind is kind for s in h.subjects)


def conclusion_name(theorem: Theorem, layout: Layout | None, backend: Backend) -> str:
    """The name in ``backend`` of ``theorem``'s matrix form in ``layout``."""
    return _step_name(theorem, theorem.statement(layout).conclusion, backend)


def role_names(statement: Statement, theorem: Theorem, backend: Backend) -> dict[str, str]:
    """The names of ``statement``'s steps, keyed by role (``component``, ``leibniz``, …)."""
    return {
        step.role.name.lower(): _step_name(theorem, step, backend)
        for step in statement.steps
        if step.role is not Role.MATRIX_FORM
    }
