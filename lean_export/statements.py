"""Lean theorem statements rendered from the registry's equations: binders, levels, layout.

A registry :class:`~proofs.theory.statements.Equation` becomes a Lean statement here and
nowhere else. Its binders come from the theorem's hypotheses, as data: a DIFFERENTIABLE subject
that the equation differentiates becomes ``(hx : DifferentiableAt ℝ x z)``, a CONSTANT hypothesis
its own equation (``(hx_constant : jacobianDen x z = 0)``), every index the equation uses a
binder of its type, and a differential the increment ``h`` it is applied to. Binders come in
that order, which is the order proof scripts pass arguments in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import assert_never

from hadamard import Layout
from lean_export.lines import docstring, indent, statement, wrapped_head
from lean_export.printer import LeanRenderer, Level, Term, summands
from proofs.theory.expr import (
    Array,
    Component,
    Differential,
    Expr,
    Jacobian,
    Partial,
    Times,
    Vector,
    walk,
)
from proofs.theory.statements import Equation, Hypothesis, HypothesisKind, Role, Theorem

__all__ = [
    "Declaration",
    "StatementRenderer",
    "level_of",
    "subject_nodes",
    "theorem_declaration",
]


@dataclass(frozen=True)
class Declaration:
    """One Lean declaration: its name, kind, one-line summary and lines (docstring included)."""

    name: str
    kind: str
    summary: str
    lines: tuple[str, ...]


def theorem_declaration(
    name: str,
    *,
    summary: str,
    doc: str,
    binders: Sequence[str],
    lhs: str,
    rhs: Sequence[str],
    proof: str,
) -> Declaration:
    """``/-- doc -/ theorem name binders : lhs = rhs₁ + … := by proof``, Mathlib layout."""
    lines = [
        *docstring(doc),
        *wrapped_head(f"theorem {name}", binders, " :"),
        *statement(lhs, rhs),
        *indent(proof.splitlines()),
    ]
    return Declaration(name, "theorem", summary, tuple(lines))


def level_of(role: Role, equation: Equation) -> Level:
    """Where a step's equation lives: entries for the component and Leibniz steps; a matrix
    (in a layout) or an array (in none) for the form they are collected into."""
    match role:
        case Role.COMPONENT | Role.LEIBNIZ:
            return Level.ENTRY
        case Role.MATRIX_FORM:
            return Level.ARRAY if equation.layout is None else Level.MATRIX
        case _:
            assert_never(role)


def subject_nodes(*exprs: Expr) -> dict[str, Vector | Array]:
    """The functions of z in ``exprs``, by name, in order of first appearance."""
    found: dict[str, Vector | Array] = {}
    for node in walk(*exprs):
        if isinstance(node, (Vector, Array)):
            found.setdefault(node.name, node)
    return found


def _differentiates(exprs: Iterable[Expr]) -> bool:
    return any(isinstance(node, (Partial, Jacobian, Differential)) for node in walk(*exprs))


class StatementRenderer:
    """Renders equations of one theorem as Lean statements, with the binders they need."""

    def __init__(self, theorem: Theorem, renderer: LeanRenderer) -> None:
        self.theorem = theorem
        self.r = renderer
        self.names = renderer.names
        sides = [
            side
            for s in theorem.statements
            for step in s.steps
            for side in (step.equation.lhs, step.equation.rhs)
        ]
        self.subjects = subject_nodes(*sides, theorem.subject)

    def hypothesis_name(self, subject: str, kind: HypothesisKind | None = None) -> str:
        """``hx`` for a differentiable x; ``hx_constant`` for a constant one."""
        if kind is None or kind is HypothesisKind.DIFFERENTIABLE:
            return f"h{subject}"
        return f"h{subject}_{kind.name.lower()}"

    def differentiable(self) -> tuple[str, ...]:
        """The subjects the theorem assumes differentiable, in the order it lists them."""
        return tuple(
            s
            for h in self.theorem.hypotheses
            if h.kind is HypothesisKind.DIFFERENTIABLE
            for s in h.subjects
        )

    def variables(self) -> str:
        """``variable {x y : (κ → ℝ) → ι → ℝ} {z : κ → ℝ}``: the theorem's functions and point."""
        groups: dict[str, list[str]] = {}
        for name, node in self.subjects.items():
            groups.setdefault(self.names.function_type(node), []).append(name)
        parts = [f"{{{' '.join(group)} : {kind}}}" for kind, group in groups.items()]
        return f"variable {' '.join(parts)} {{{self.names.point} : {self.names.domain}}}"

    def hypothesis_binder(self, hypothesis: Hypothesis, layout: Layout | None) -> list[str]:
        """The binders one hypothesis contributes (none for FUNCTIONS_OF: those are variables)."""
        match hypothesis.kind:
            case HypothesisKind.FUNCTIONS_OF:
                return []
            case HypothesisKind.DIFFERENTIABLE:
                r, z = self.names.scalar, self.names.point
                return [
                    f"({self.hypothesis_name(s)} : DifferentiableAt {r} {s} {z})"
                    for s in hypothesis.subjects
                ]
            case HypothesisKind.CONSTANT:
                if hypothesis.equation is None or layout is None:
                    raise NotImplementedError(
                        f"a constant hypothesis needs an equation: {hypothesis}"
                    )
                (subject,) = hypothesis.subjects
                lhs = self.r.matrix(hypothesis.equation.lhs, layout).text
                rhs = self.r.matrix(hypothesis.equation.rhs, layout).text
                return [f"({self.hypothesis_name(subject, hypothesis.kind)} : {lhs} = {rhs})"]
            case HypothesisKind.INDEPENDENT | HypothesisKind.NONZERO:
                raise NotImplementedError(
                    f"no Lean rendering of the hypothesis {hypothesis.text()!r}"
                )
            case _:
                assert_never(hypothesis.kind)

    def binders(
        self, exprs: Sequence[Expr], extra: Sequence[Hypothesis] = (), layout: Layout | None = None
    ) -> list[str]:
        """Hypotheses, then indices (outputs, then inputs), then a differential's increment."""
        out: list[str] = []
        if _differentiates(exprs):
            used = subject_nodes(*exprs)
            for h in self.theorem.hypotheses:
                if h.kind is HypothesisKind.DIFFERENTIABLE:
                    kept = tuple(s for s in h.subjects if s in used)
                    out.extend(self.hypothesis_binder(Hypothesis(h.kind, kept), layout))
        for h in extra:
            out.extend(self.hypothesis_binder(h, layout))
        out.extend(self._index_binders(exprs))
        if any(isinstance(node, Differential) for node in walk(*exprs)):
            out.append(f"({self.names.direction} : {self.names.domain})")
        return out

    def _index_binders(self, exprs: Sequence[Expr]) -> list[str]:
        outputs: dict[str, str] = {}
        inputs: dict[str, str] = {}
        for node in walk(*exprs):
            if isinstance(node, Component):
                (subject, *_) = subject_nodes(node.of).values()
                outputs.setdefault(node.index, self.names.output_type(subject))
            elif isinstance(node, Partial):
                inputs.setdefault(node.index, self.names.input_index_type)
        return [f"({index} : {kind})" for index, kind in {**outputs, **inputs}.items()]

    def input_indices(self, equation: Equation) -> tuple[str, ...]:
        """The indices ``equation`` differentiates along (the j of ∂/∂z_j), in order."""
        nodes = walk(equation.lhs, equation.rhs)
        return tuple(dict.fromkeys(n.index for n in nodes if isinstance(n, Partial)))

    def component(self, subject: str, index: str) -> Term:
        """Entry ``index`` of ``subject`` at z: ``x z i``."""
        return self.r.entry(Component(self.subjects[subject], index))

    def component_function(self, subject: str, index: str) -> Term:
        """Entry ``index`` of ``subject`` as a function of z: ``fun v ↦ x v i``."""
        return self.r.function_at(Component(self.subjects[subject], index))

    def product_function(self, subjects: Sequence[str], index: str) -> Term:
        """``fun v ↦ x v i * y v i …``: the product of the subjects' entries ``index``."""
        first, *rest = (Component(self.subjects[s], index) for s in subjects)
        product: Expr = first
        for factor in rest:
            product = Times(product, factor)
        return self.r.function_at(product)

    def sides(self, equation: Equation, level: Level) -> tuple[str, list[str]]:
        """The left side and the summands of the right side of ``equation`` at ``level``."""
        if level is Level.MATRIX:
            if equation.layout is None:
                raise NotImplementedError(f"a matrix equation needs a layout: {equation}")
            layout = equation.layout
            return self.r.matrix(equation.lhs, layout).text, [
                self.r.matrix(term, layout).text for term in summands(equation.rhs)
            ]
        if level is Level.ARRAY:
            return self.r.array(equation.lhs).text, [
                self.r.array(term).text for term in summands(equation.rhs)
            ]
        if level is Level.ENTRY:
            return self.r.entry(equation.lhs).text, [
                self.r.entry(term).text for term in summands(equation.rhs)
            ]
        raise NotImplementedError(f"an equation between {level.value}s has no Lean statement")

    def declaration(
        self,
        name: str,
        equation: Equation,
        level: Level,
        *,
        summary: str,
        doc: str,
        proof: str,
        extra: Sequence[Hypothesis] = (),
    ) -> Declaration:
        """The theorem ``name`` stating ``equation`` at ``level``, proved by ``proof``."""
        lhs, rhs = self.sides(equation, level)
        binders = self.binders((equation.lhs, equation.rhs), extra, equation.layout)
        return theorem_declaration(
            name, summary=summary, doc=doc, binders=binders, lhs=lhs, rhs=rhs, proof=proof
        )
