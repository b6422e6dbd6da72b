"""The registry: the one list of theorems every checker, document and backend walks.

Adding a theorem is one module in :mod:`proofs.theory.theorems`, one line in
:data:`REGISTRY`, and one proof script per backend it names in ``Theorem.backends``; a backend
that has none fails at export time, naming the theorem.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from hadamard import Layout
from proofs.theory.expr import to_data
from proofs.theory.statements import (
    Backend,
    Corollary,
    Equation,
    Erratum,
    Hypothesis,
    Statement,
    Step,
    Theorem,
)
from proofs.theory.theorems import hadamard_differential, hadamard_product, hadamard_product_three

__all__ = [
    "ERRATUM",
    "REGISTRY",
    "SOURCE",
    "registry_data",
    "statement_sha256",
    "theorem",
]

REGISTRY: tuple[Theorem, ...] = (
    hadamard_product.THEOREM,
    hadamard_product_three.THEOREM,
    hadamard_differential.THEOREM,
)
"""Every theorem, in the order documents present them (the seed's first)."""

SOURCE = hadamard_product.SOURCE
"""The chapter the main theorem and its erratum come from."""

ERRATUM = hadamard_product.ERRATUM
"""The chapter's printed 6-1-3, the erratum every document and checker reports."""


def _check_ids(theorems: tuple[Theorem, ...]) -> None:
    seen: set[str] = set()
    for t in theorems:
        if t.id in seen or not t.id.isidentifier():
            raise ValueError(f"theorem id {t.id!r} is repeated or not an identifier")
        seen.add(t.id)


_check_ids(REGISTRY)


def theorem(theorem_id: str) -> Theorem:
    """The registered theorem ``theorem_id``; ``KeyError`` listing the ids when there is none."""
    for t in REGISTRY:
        if t.id == theorem_id:
            return t
    known = ", ".join(t.id for t in REGISTRY)
    raise KeyError(f"no theorem {theorem_id!r} in the registry (known: {known})")


def _layout(layout: Layout | None) -> str | None:
    return None if layout is None else layout.value


def _equation(eq: Equation) -> dict[str, Any]:
    return {"layout": _layout(eq.layout), "lhs": to_data(eq.lhs), "rhs": to_data(eq.rhs)}


def _names(names: Mapping[Backend, str]) -> dict[str, str]:
    return {backend.value: names[backend] for backend in sorted(names, key=lambda b: b.value)}


def _hypothesis(h: Hypothesis) -> dict[str, Any]:
    return {
        "kind": h.kind.value,
        "subjects": list(h.subjects),
        "variable": h.variable,
        "space": h.space,
        "text": h.text(),
        "equation": None if h.equation is None else _equation(h.equation),
    }


def _step(step: Step) -> dict[str, Any]:
    return {
        "role": step.role.value,
        "title": step.title,
        "seed_label": step.seed_label,
        "rule": step.rule,
        "names": _names(step.names),
        "equation": _equation(step.equation),
    }


def _statement(statement: Statement) -> dict[str, Any]:
    return {"layout": _layout(statement.layout), "steps": [_step(s) for s in statement.steps]}


def _corollary(c: Corollary) -> dict[str, Any]:
    return {
        "id": c.id,
        "title": c.title,
        "label": c.label,
        "rule": c.rule,
        "names": _names(c.names),
        "hypotheses": [_hypothesis(h) for h in c.hypotheses],
        "statement": _equation(c.statement),
    }


def _erratum(e: Erratum) -> dict[str, Any]:
    return {
        "label": e.label,
        "source": e.source,
        "declared_layout": e.declared_layout.value,
        "printed": _equation(e.printed),
        "correct": _step(e.correct),
        "explanation": e.explanation,
    }


def registry_data() -> list[dict[str, Any]]:
    """Every registered theorem as canonical JSON-ready data (the basis of the hash)."""
    return [
        {
            "id": t.id,
            "title": t.title,
            "summary": t.summary,
            "hypotheses": [_hypothesis(h) for h in t.hypotheses],
            "statements": [_statement(s) for s in t.statements],
            "subject": to_data(t.subject),
            "backends": sorted(b.value for b in t.backends),
            "corollaries": [_corollary(c) for c in t.corollaries],
            "errata": [_erratum(e) for e in t.errata],
        }
        for t in REGISTRY
    ]


_EXPORT_DETAILS = frozenset({"names", "backends"})
"""Fields that say how a theorem is exported, not what it states: left out of the hash."""


def _statement_only(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _statement_only(v) for k, v in data.items() if k not in _EXPORT_DETAILS}
    if isinstance(data, list):
        return [_statement_only(v) for v in data]
    return data


def statement_sha256() -> str:
    """SHA-256 of the canonical JSON of what the registry states: what a citation pins.

    It is :func:`registry_data` without the export details (backend names, the list of
    backends), so renaming a lemma in a proof assistant does not change the cited statement.
    """
    canonical = json.dumps(
        _statement_only(registry_data()), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
