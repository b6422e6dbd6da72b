"""Proof scripts: what one is, what it is given, and how the export finds it by theorem id.

Each registered theorem exported to Lean has one module ``lean_export/scripts/<theorem id>.py``
defining ``SCRIPT``, a :class:`ProofScript`: the proof text of each step (by role), of each
corollary that has a Lean name (by corollary id), and any lemmas the proofs need first or
consequences stated after. A script only writes proofs; every statement it proves is rendered
from the registry by :mod:`lean_export.statements`. The names a script fills its text with
(subjects, hypotheses, indices, the Lean names of the other steps) come from a :class:`Goal`,
so a script never restates the theorem. A theorem with no script, or a step or corollary its
script does not prove, is :class:`MissingProofScriptError`: the export fails, naming both.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from hadamard import Layout
from lean_export.printer import LeanNames
from lean_export.statements import Declaration, StatementRenderer
from proofs.theory.expr import Component
from proofs.theory.statements import Backend, Corollary, Role, Step, Theorem

__all__ = [
    "SCRIPTS_PACKAGE",
    "Goal",
    "MissingProofScriptError",
    "ProofScript",
    "script_for",
]

SCRIPTS_PACKAGE = "lean_export.scripts"
"""Where the proof scripts live: one module per theorem, named after the theorem's id."""


class MissingProofScriptError(LookupError):
    """A theorem exported to Lean has no proof script, or its script lacks one of its proofs."""

    def __init__(self, theorem_id: str, what: str = "") -> None:
        backend = Backend.LEAN.value
        if what:
            message = (
                f"theorem {theorem_id!r} is exported to {backend}, but its {backend} proof "
                f"script ({SCRIPTS_PACKAGE}.{theorem_id}) has no proof for {what}"
            )
        else:
            message = (
                f"theorem {theorem_id!r} is exported to {backend}, but there is no {backend} "
                f"proof script for it: add {SCRIPTS_PACKAGE.replace('.', '/')}/{theorem_id}.py "
                "defining SCRIPT"
            )
        super().__init__(message)
        self.theorem_id = theorem_id


@dataclass(frozen=True)
class Goal:
    """The names a proof script may use for one declaration of one theorem."""

    theorem: Theorem
    layout: Layout | None
    statements: StatementRenderer
    corollary: Corollary | None = None

    @property
    def names(self) -> LeanNames:
        """The shared name table (point, bound variable, increment, Lean definitions)."""
        return self.statements.names

    @property
    def subjects(self) -> tuple[str, ...]:
        """The functions the theorem assumes differentiable, in the order it lists them."""
        return self.statements.differentiable()

    def hyp(self, subject: str) -> str:
        """The name of the hypothesis that ``subject`` is differentiable at z."""
        return self.statements.hypothesis_name(subject)

    def hyps(self) -> str:
        """Every differentiability hypothesis, in binder order: ``hx hy``."""
        return " ".join(self.hyp(s) for s in self.subjects)

    def step(self, role: Role) -> Step:
        """The theorem's step with ``role``, in this goal's layout."""
        return self.theorem.statement(self.layout).step(role)

    def name(self, role: Role) -> str:
        """The Lean name of the theorem's step with ``role``, in this goal's layout."""
        return self.step(role).names[Backend.LEAN]

    @property
    def output_index(self) -> str:
        """The index of the component step: ``i`` in (x ⊙ y)_i = x_i y_i."""
        lhs = self.step(Role.COMPONENT).equation.lhs
        if not isinstance(lhs, Component):
            raise NotImplementedError(f"{self.theorem.id}: the component step indexes no entry")
        return lhs.index

    @property
    def input_index(self) -> str:
        """The index of the variable the Leibniz step differentiates along: ``j`` in ∂/∂z_j."""
        indices = self.statements.input_indices(self.step(Role.LEIBNIZ).equation)
        if len(indices) != 1:
            raise NotImplementedError(f"{self.theorem.id}: the Leibniz step has no one input index")
        return indices[0]

    def value(self, subject: str) -> str:
        """The entry of ``subject`` at z: ``x z i``."""
        return self.statements.component(subject, self.output_index).text

    def component(self, subject: str) -> str:
        """The entry of ``subject`` as a function of z: ``fun v ↦ x v i``."""
        return self.statements.component_function(subject, self.output_index).text

    def product(self, *subjects: str) -> str:
        """The product of the subjects' entries as a function of z: ``fun v ↦ x v i * y v i``."""
        return self.statements.product_function(subjects, self.output_index).text

    def entry_hyp(self, subject: str) -> str:
        """The name of the hypothesis that entry i of ``subject`` is differentiable: ``hxi``."""
        return f"{self.hyp(subject)}{self.output_index}"

    def entry_differentiable(self, subject: str) -> str:
        """``have hxi : DifferentiableAt ℝ (fun v ↦ x v i) z := differentiableAt_pi.1 hx i``."""
        n, i = self.names, self.output_index
        claim = f"DifferentiableAt {n.scalar} ({self.component(subject)}) {n.point}"
        proof = f"differentiableAt_pi.1 {self.hyp(subject)} {i}"
        return f"have {self.entry_hyp(subject)} : {claim} := {proof}"

    def derivative(self, subject: str) -> str:
        """The derivative of that entry at z, a linear map: ``fderiv ℝ (fun v ↦ x v i) z``."""
        n = self.names
        return f"{n.fderiv} {n.scalar} ({self.component(subject)}) {n.point}"


StepProof = Callable[[Goal], str]
"""Proof text (lines, indented by the caller) for the declaration a goal describes."""


def _none(goal: Goal) -> tuple[Declaration, ...]:  # noqa: ARG001 - the default of a hook
    return ()


@dataclass(frozen=True)
class ProofScript:
    """How one theorem is proved in Lean: proofs by step role and by corollary id, and extras."""

    steps: Mapping[Role, StepProof]
    corollaries: Mapping[str, StepProof] = field(default_factory=dict)
    lemmas: Callable[[Goal], tuple[Declaration, ...]] = _none
    """Declarations stated before the steps (auxiliary lemmas the proofs use)."""
    consequences: Callable[[Goal], tuple[Declaration, ...]] = _none
    """Declarations stated after the steps and corollaries, in the section (links)."""
    instances: Callable[[Goal], tuple[Declaration, ...]] = _none
    """Declarations stated after the section, free of its variables (specialisations)."""

    def step_proof(self, theorem: Theorem, role: Role) -> StepProof:
        """The proof of ``theorem``'s step with ``role``, or MissingProofScriptError."""
        try:
            return self.steps[role]
        except KeyError:
            raise MissingProofScriptError(theorem.id, f"its {role.value} step") from None

    def corollary_proof(self, theorem: Theorem, corollary: Corollary) -> StepProof:
        """The proof of ``corollary``, or MissingProofScriptError."""
        try:
            return self.corollaries[corollary.id]
        except KeyError:
            raise MissingProofScriptError(theorem.id, f"its corollary {corollary.id!r}") from None


def script_for(theorem: Theorem) -> ProofScript:
    """``SCRIPT`` of ``lean_export/scripts/<theorem.id>.py``, or MissingProofScriptError."""
    module_name = f"{SCRIPTS_PACKAGE}.{theorem.id}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name != module_name:
            raise  # the script exists but imports something missing: a bug, not a gap
        raise MissingProofScriptError(theorem.id) from None
    script = getattr(module, "SCRIPT", None)
    if not isinstance(script, ProofScript):
        raise MissingProofScriptError(theorem.id)
    return script
