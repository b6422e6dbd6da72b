"""The template fields of a certificate's records, shared by derivation.md and derivation.tex.

Both documents walk the same :class:`proofs.check.records.Certificate`; they differ only in how
prose, SymPy expressions and numbers are written. A :class:`Style` holds those three choices,
and each function here returns the template fields of one record (templates ignore the fields
they do not use).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from proofs.check.records import CorollaryCheck, ErratumCheck, StepCheck
from proofs.printing.latex import matrix_latex, vector_latex

__all__ = ["Style", "corollary_fields", "counterexample_fields", "step_fields", "yes"]


@dataclass(frozen=True)
class Style:
    """How one document format writes prose, a SymPy expression and a number or size."""

    prose: Callable[[str], str]
    expression: Callable[[str], str]
    number: Callable[[str], str]
    size: Callable[[int, int], str]


def yes(flag: bool) -> str:
    """A verdict as a word; a failure stands out in capitals."""
    return "yes" if flag else "NO"


def step_fields(step: StepCheck, style: Style) -> dict[str, Any]:
    """One derivation step: its equation, rule, verdict and how SymPy checked it."""
    return {
        "label": step.label,
        "title": style.prose(step.title),
        "statement": step.statement,
        "rule": style.prose(step.rule),
        "verified": yes(step.verified),
        "verdict": style.prose(step.verdict),
        "method": style.prose(step.method),
        "lhs_entry": step.lhs_entry,
        "rhs_written": step.rhs_unevaluated,
        "rhs_entry": step.rhs_entry,
    }


def corollary_fields(cor: CorollaryCheck, style: Style) -> dict[str, Any]:
    """One corollary: statement, assumptions, verdict and the explicit sizes checked."""
    return {
        "title": style.prose(cor.title),
        "layout": "no layout" if cor.layout is None else cor.layout.value,
        "statement": cor.statement,
        "assumptions": style.prose("; ".join(cor.assumptions) or "none"),
        "rule": style.prose(cor.rule),
        "verified": yes(cor.verified),
        "verdict": style.prose(cor.verdict),
        "explicit": ", ".join(f"{style.size(e.n, e.m)}: {yes(e.agrees)}" for e in cor.explicit),
    }


def counterexample_fields(erratum: ErratumCheck, style: Style) -> dict[str, Any]:
    """The erratum's counterexample at M = N and the correct form that replaces it."""
    example = erratum.counterexample
    points = zip(example.z, example.point, strict=True)

    def matrix(rows: tuple[tuple[str, ...], ...]) -> str:
        return matrix_latex([list(row) for row in rows])

    return {
        "declared": erratum.declared_layout.value,
        "printed": erratum.printed,
        "n": example.n,
        "x_of_z": ", ".join(style.expression(v) for v in example.x_of_z),
        "y_of_z": ", ".join(style.expression(v) for v in example.y_of_z),
        "point": ", ".join(f"{style.number(z)} = {style.number(p)}" for z, p in points),
        "x": vector_latex(list(example.x)),
        "y": vector_latex(list(example.y)),
        "dx_dz": matrix(example.dx_dz),
        "dy_dz": matrix(example.dy_dz),
        "printed_value": matrix(example.printed_value),
        "true_value": matrix(example.true_value),
        "row": example.row,
        "column": example.column,
        "printed_entry": style.number(example.printed_entry),
        "true_entry": style.number(example.true_entry),
        "correct_verified": yes(erratum.correct.verified),
        "correct": erratum.correct.statement,
        "derivation": style.prose(erratum.derivation),
    }
