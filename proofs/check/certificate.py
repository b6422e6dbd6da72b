"""The proof certificate: every check `hadamard prove` ran and its verdict, as versioned JSON.

The certificate is a typed :class:`proofs.check.records.Certificate`; the documents read the
record, and :func:`certificate_json` gives its canonical bytes. Nothing in it depends on time,
paths or hash seeds: it is byte-identical on every run.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp

import hadamard
from hadamard import Layout
from proofs.check.corollaries import check_corollaries
from proofs.check.crosscheck import (
    explicit_checks,
    hadamard_entry_check,
    matrix_calculus_answer,
    matrix_calculus_paths,
)
from proofs.check.derivation import derive
from proofs.check.erratum import check_erratum
from proofs.check.records import (
    Certificate,
    ControlCheck,
    DefinitionCheck,
    ErratumCheck,
    KernelCheck,
    MatrixCalculusAnswer,
    PathTrial,
    TheoremCheck,
    Versions,
)
from proofs.check.verify import decide
from proofs.printing.latex import equation_latex, equation_text
from proofs.theory.mistakes import mutants
from proofs.theory.registry import REGISTRY, SOURCE, statement_sha256
from proofs.theory.statements import Theorem

__all__ = [
    "SCHEMA",
    "build_certificate",
    "certificate_json",
    "certificate_sha256",
    "check_theorem",
    "ordered",
]

SCHEMA = "hadamard-certificate/2"
"""Bump the number when a field changes meaning or goes away; adding fields keeps it."""

GENERATOR = "hadamard prove (hadamard {version})"


def ordered(layouts: Sequence[Layout]) -> tuple[Layout, ...]:
    """The requested layouts without repeats, sorted by name (never in the order asked for)."""
    return tuple(sorted(set(layouts), key=lambda layout: layout.value))


def _controls(theorem: Theorem, layout: Layout | None) -> tuple[ControlCheck, ...]:
    # The verifier must say no to each wrong variant of each step.
    out = []
    for step in theorem.statement(layout).steps:
        for kind, wrong in mutants(step, theorem):
            verdict = decide(wrong.equation)
            out.append(
                ControlCheck(
                    theorem=theorem.id,
                    layout=layout,
                    label=step.label,
                    kind=kind,
                    statement=equation_latex(wrong.equation),
                    statement_text=equation_text(wrong.equation),
                    verdict=verdict.kind,
                    reason=verdict.reason,
                )
            )
    return tuple(out)


def check_theorem(theorem: Theorem, layouts: Sequence[Layout]) -> TheoremCheck:
    """Every SymPy check of ``theorem`` in the chosen layouts (all of it when layout-free)."""
    chosen = tuple(
        layout for layout in theorem.layouts if layout is None or layout in ordered(layouts)
    )
    return TheoremCheck(
        id=theorem.id,
        title=theorem.title,
        summary=theorem.summary,
        hypotheses=tuple(h.text() for h in theorem.hypotheses),
        layouts=chosen,
        steps=tuple(step for layout in chosen for step in derive(theorem, layout)),
        controls=tuple(c for layout in chosen for c in _controls(theorem, layout)),
        corollaries=tuple(c for layout in chosen for c in check_corollaries(theorem, layout)),
        explicit=tuple(e for layout in chosen for e in explicit_checks(theorem, layout)),
    )


@dataclass(frozen=True)
class _SymPyChecks:
    """Every SymPy verdict of a certificate: records of strings and tuples, immutable."""

    theorems: tuple[TheoremCheck, ...]
    definition: DefinitionCheck
    matrix_calculus: MatrixCalculusAnswer
    paths: tuple[PathTrial, ...]
    erratum: ErratumCheck


# Each process runs SymPy once per choice of layouts: the verdicts depend only on the registry
# (checked to be the same object) and on SymPy, and a later certificate reuses the records. A
# test that replaces a checker below this (decide, derive, a cross-check) must empty _CHECKED.
_CHECKED: dict[tuple[Layout, ...], tuple[object, _SymPyChecks]] = {}


def _sympy_checks(chosen: tuple[Layout, ...]) -> _SymPyChecks:
    kept = _CHECKED.get(chosen)
    if kept is not None and kept[0] is REGISTRY:
        return kept[1]
    checks = _SymPyChecks(
        theorems=tuple(check_theorem(theorem, chosen) for theorem in REGISTRY),
        definition=hadamard_entry_check(),
        matrix_calculus=matrix_calculus_answer(),
        paths=matrix_calculus_paths(),
        erratum=check_erratum(),
    )
    _CHECKED[chosen] = (REGISTRY, checks)
    return checks


def build_certificate(
    layouts: Sequence[Layout], kernels: Callable[[], tuple[KernelCheck, ...]]
) -> Certificate:
    """Run every SymPy check of every registered theorem for ``layouts``; collect the records.

    ``kernels`` gives the proof assistants' verdicts; it is called last, so a caller can run
    the kernels in other processes while SymPy works. A process runs the SymPy checks once per
    choice of layouts; a second certificate for the same layouts reuses their records.
    """
    chosen = ordered(layouts)
    checks = _sympy_checks(chosen)
    return Certificate(
        schema=SCHEMA,
        generated_by=GENERATOR.format(version=hadamard.__version__),
        source=SOURCE,
        layouts=chosen,
        statement_sha256=statement_sha256(),
        theorems=checks.theorems,
        definition=checks.definition,
        matrix_calculus=checks.matrix_calculus,
        paths=checks.paths,
        erratum=checks.erratum,
        kernels=kernels(),
        versions=Versions(
            python=platform.python_version(),
            sympy=sp.__version__,
            hadamard=hadamard.__version__,
        ),
    )


def certificate_json(certificate: Certificate) -> bytes:
    """Canonical bytes: sorted keys, indent 2, UTF-8, trailing newline."""
    text = json.dumps(certificate.to_data(), sort_keys=True, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def certificate_sha256(certificate: Certificate) -> str:
    """SHA-256 of :func:`certificate_json`: the hash the documents print for certificate.json."""
    return hashlib.sha256(certificate_json(certificate)).hexdigest()
