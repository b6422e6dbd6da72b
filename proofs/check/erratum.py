"""The chapter's printed 6-1-3 in its declared (denominator) layout: undefined if M ≠ N, else false.

Everything here is computed from the registry's ERRATUM: the clashing factors and their
shapes (symbolic and at an explicit size), a concrete counterexample with rational numbers
when M = N, and the correct form, which is checked like any derivation step.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from proofs.check.derivation import check_step
from proofs.check.entries import EntryTranslator, show_shape, variables_of
from proofs.check.records import Clash, Counterexample, ErratumCheck
from proofs.check.verify import decide
from proofs.printing.latex import equation_latex, equation_text, text
from proofs.theory.expr import Expr, Jacobian, MatMul, Vector, walk
from proofs.theory.registry import ERRATUM, REGISTRY
from proofs.theory.semantics import Model, ShapeClashError, evaluate, random_model
from proofs.theory.statements import Erratum, Theorem

__all__ = ["CLASH_SIZE", "COUNTEREXAMPLE_SIZE", "check_erratum"]

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


def _clashes(erratum: Erratum, model: Model) -> list[Clash]:
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
            Clash(
                product=text(node),
                left=text(node.left),
                left_shape=show_shape(left.shape),
                left_shape_explicit="{} × {}".format(*explicit_left.shape),
                right=text(node.right),
                right_shape=show_shape(right.shape),
                right_shape_explicit="{} × {}".format(*explicit_right.shape),
                explicit_error=explicit,
            )
        )
    return out


def _matrix(value: Any) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(sp.sstr(value[r, c]) for c in range(value.cols)) for r in range(value.rows))


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(sp.sstr(v) for v in values)


def _counterexample(erratum: Erratum) -> Counterexample:
    """The first seeded model (N = M) where the printed form and the truth differ."""
    layout, size = erratum.declared_layout, COUNTEREXAMPLE_SIZE
    for seed in range(MAX_SEEDS):
        model = random_model(size, size, seed=seed)
        values = {
            key: model.at_point(evaluate(expr, model, layout))
            for key, expr in (
                ("printed", erratum.printed.rhs),
                ("correct", erratum.correct.equation.rhs),
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
        return Counterexample(
            n=size,
            m=size,
            seed=seed,
            z=_strings(z),
            point=_strings(model.point[zj] for zj in z),
            x_of_z=_strings(x),
            y_of_z=_strings(y),
            x=_strings(x.subs(model.point)),
            y=_strings(y.subs(model.point)),
            dx_dz=_matrix(jacobians["x"]),
            dy_dz=_matrix(jacobians["y"]),
            printed_value=_matrix(printed),
            correct_value=_matrix(values["correct"]),
            true_value=_matrix(truth),
            row=r + 1,
            column=c + 1,
            printed_entry=sp.sstr(printed[r, c]),
            true_entry=sp.sstr(truth[r, c]),
        )
    raise AssertionError(f"no seed below {MAX_SEEDS} separates the printed form from the truth")


def _owner(erratum: Erratum) -> Theorem:
    """The registered theorem whose conclusion corrects ``erratum``."""
    return next(t for t in REGISTRY if erratum in t.errata)


def _correction(erratum: Erratum) -> str:
    steps = _owner(erratum).statement(erratum.declared_layout).steps
    return CORRECTION_TEMPLATE.format(
        step1=equation_text(steps[0].equation),
        step2=equation_text(steps[1].equation),
        layout=erratum.declared_layout.value,
        rule=steps[2].rule,
        correct=equation_text(erratum.correct.equation),
    )


def check_erratum(erratum: Erratum = ERRATUM) -> ErratumCheck:
    """The printed form judged in the declared layout, with the clash and a counterexample."""
    general = decide(erratum.printed)
    square = decide(erratum.printed, square=True)
    n, m = CLASH_SIZE
    owner = _owner(erratum)
    return ErratumCheck(
        label=erratum.label,
        source=erratum.source,
        declared_layout=erratum.declared_layout,
        printed=equation_latex(erratum.printed),
        printed_text=equation_text(erratum.printed),
        explanation=erratum.explanation,
        general_verdict=general.kind,
        general_reason=general.reason,
        clashes=tuple(_clashes(erratum, random_model(n, m, seed=0))),
        clash_size=CLASH_SIZE,
        square_verdict=square.kind,
        square_reason=square.reason,
        square_lhs_entry=square.lhs_entry,
        square_rhs_entry=square.rhs_entry,
        counterexample=_counterexample(erratum),
        correct=check_step(erratum.correct, owner.id),
        derivation=_correction(erratum),
        cites=tuple(step.label for step in owner.statement(erratum.declared_layout).steps),
    )
