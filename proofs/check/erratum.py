"""The chapter's printed 6-1-3 in its declared (denominator) layout: undefined if M ≠ N, else false.

Everything here is computed from ERRATUM in proofs.theory.statement: the clashing factors and their
shapes (symbolic and at an explicit size), a concrete counterexample with rational numbers
when M = N, and the correct form, which is checked like any derivation step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from proofs.check.derivation import check_step
from proofs.check.entries import EntryTranslator, show_shape, variables_of, walk
from proofs.check.verify import decide
from proofs.printing.latex import equation_latex, equation_text, text
from proofs.theory.expr import Expr, Jacobian, MatMul, Vector
from proofs.theory.semantics import Model, ShapeClashError, evaluate, random_model
from proofs.theory.statement import ERRATUM, THEOREMS, Erratum

__all__ = ["CLASH_SIZE", "COUNTEREXAMPLE_SIZE", "ErratumReport", "check_erratum"]

CLASH_SIZE = (2, 3)
"""(N, M) with M ≠ N at which the printed product is shown to be undefined."""
COUNTEREXAMPLE_SIZE = 2
"""N = M for the counterexample."""
MAX_SEEDS = 50
"""Models tried, in seed order, until one separates the printed form from the truth."""

CORRECTION_TEMPLATE = (
    "By 6-1-1, {step1}; by 6-1-2, {step2}. In the {layout} layout the (j, i) entry of "
    "∂(x ⊙ y)/∂z is ∂(x_i y_i)/∂z_j, and {rule}, so 6-1-3 reads {correct}."
)


def _matmuls(expr: Expr) -> list[MatMul]:
    return [node for node in walk(expr) if isinstance(node, MatMul)]


def _clashes(erratum: Erratum, model: Model) -> list[dict[str, str]]:
    """Each product in the printed rhs whose factors do not fit, with both shapes."""
    layout = erratum.declared_layout
    translator = EntryTranslator(layout, variables=variables_of(erratum.printed.rhs))
    out = []
    for node in _matmuls(erratum.printed.rhs):
        left, right = translator.translate(node.left), translator.translate(node.right)
        if left.shape is None or right.shape is None or left.shape[1] == right.shape[0]:
            continue
        explicit_left = evaluate(node.left, model, layout)
        explicit_right = evaluate(node.right, model, layout)
        assert isinstance(explicit_left, sp.MatrixBase)
        assert isinstance(explicit_right, sp.MatrixBase)
        try:
            evaluate(node, model, layout)
            explicit = "defined"
        except ShapeClashError as clash:
            explicit = str(clash)
        out.append(
            {
                "product": text(node),
                "left": text(node.left),
                "left_shape": show_shape(left.shape),
                "left_shape_explicit": "{} × {}".format(*explicit_left.shape),
                "right": text(node.right),
                "right_shape": show_shape(right.shape),
                "right_shape_explicit": "{} × {}".format(*explicit_right.shape),
                "explicit_error": explicit,
            }
        )
    return out


def _matrix(value: Any) -> list[list[str]]:
    return [[sp.sstr(value[r, c]) for c in range(value.cols)] for r in range(value.rows)]


def _counterexample(erratum: Erratum) -> dict[str, Any]:
    """The first seeded model (N = M) where the printed form and the truth differ."""
    layout, size = erratum.declared_layout, COUNTEREXAMPLE_SIZE
    for seed in range(MAX_SEEDS):
        model = random_model(size, size, seed=seed)
        values = {
            key: model.at_point(evaluate(expr, model, layout))
            for key, expr in (
                ("printed", erratum.printed.rhs),
                ("correct", erratum.correct.rhs),
                ("truth", erratum.printed.lhs),
            )
        }
        printed, truth = values["printed"], values["truth"]
        assert isinstance(printed, sp.MatrixBase)
        assert isinstance(truth, sp.MatrixBase)
        differing = [
            (r, c)
            for r in range(truth.rows)
            for c in range(truth.cols)
            if printed[r, c] != truth[r, c]
        ]
        if not differing:
            continue
        r, c = differing[0]
        z = model.variables["z"]
        x, y = model.vectors["x"], model.vectors["y"]
        jacobians = {
            name: model.at_point(evaluate(Jacobian(Vector(name)), model, layout))
            for name in ("x", "y")
        }
        return {
            "n": size,
            "m": size,
            "seed": seed,
            "z": [sp.sstr(zj) for zj in z],
            "point": [sp.sstr(model.point[zj]) for zj in z],
            "x_of_z": [sp.sstr(e) for e in x],
            "y_of_z": [sp.sstr(e) for e in y],
            "x": [sp.sstr(e) for e in x.subs(model.point)],
            "y": [sp.sstr(e) for e in y.subs(model.point)],
            "dx_dz": _matrix(jacobians["x"]),
            "dy_dz": _matrix(jacobians["y"]),
            "printed_value": _matrix(printed),
            "correct_value": _matrix(values["correct"]),
            "true_value": _matrix(truth),
            "indexing": "entries (row, column) count from 1; matrices are lists of rows",
            "differing_entry": {
                "row": r + 1,
                "column": c + 1,
                "printed": sp.sstr(printed[r, c]),
                "true": sp.sstr(truth[r, c]),
            },
        }
    raise AssertionError(f"no seed below {MAX_SEEDS} separates the printed form from the truth")


def _correction(erratum: Erratum) -> str:
    steps = THEOREMS[erratum.declared_layout].steps
    return CORRECTION_TEMPLATE.format(
        step1=equation_text(steps[0]),
        step2=equation_text(steps[1]),
        layout=erratum.declared_layout.value,
        rule=steps[2].rule,
        correct=equation_text(erratum.correct),
    )


@dataclass(frozen=True)
class ErratumReport:
    """What was computed about the printed 6-1-3."""

    data: dict[str, Any]

    @property
    def printed_rejected(self) -> bool:
        """True when the printed form is undefined for M ≠ N and false for M = N."""
        return bool(
            self.data["general"]["verdict"] == "shape clash"
            and self.data["square"]["verdict"] == "fails"
            and self.data["counterexample"]["differing_entry"]
        )


def check_erratum(erratum: Erratum = ERRATUM) -> ErratumReport:
    """The printed form judged in the declared layout, with the clash and a counterexample."""
    general = decide(erratum.printed)
    square = decide(erratum.printed, square=True)
    n, m = CLASH_SIZE
    correct = check_step(erratum.correct)
    return ErratumReport(
        {
            "label": erratum.label,
            "source": erratum.source,
            "declared_layout": erratum.declared_layout.value,
            "printed": equation_latex(erratum.printed),
            "printed_text": equation_text(erratum.printed),
            "explanation": erratum.explanation,
            "general": {
                "sizes": "M ≠ N (symbolic)",
                "verdict": general.kind,
                "reason": general.reason,
                "clashes": _clashes(erratum, random_model(n, m, seed=0)),
                "explicit_size": {"n": n, "m": m},
            },
            "square": {
                "sizes": "M = N (symbolic)",
                "verdict": square.kind,
                "reason": square.reason,
                "lhs_entry": square.lhs_entry,
                "rhs_entry": square.rhs_entry,
            },
            "counterexample": _counterexample(erratum),
            "correct": {
                "statement": equation_latex(erratum.correct),
                "statement_text": equation_text(erratum.correct),
                "verified": correct.verified,
                "verdict": correct.verdict,
                "derivation": _correction(erratum),
                "cites": [step.label for step in THEOREMS[erratum.declared_layout].steps],
            },
        }
    )
