"""check-formula's verdicts: the chapter's 6-1-3, the corrected form, wrong variants, rewrites."""

from __future__ import annotations

import time

import numpy as np
import pytest

from hadamard import DenominatorJacobian, Layout, NumeratorJacobian, hadamard_jacobian
from hadamard.errors import InputError
from proofs.formula import check as formula_module
from proofs.formula.check import (
    MAX_DEGREE,
    SIZES,
    Counterexample,
    FormulaVerdict,
    check_formula,
    counterexample,
    degree,
)
from proofs.formula.syntax import parse_formula
from proofs.printing.plain import plain_text
from proofs.theory.registry import ERRATUM
from proofs.theory.theorems.hadamard_product import correct_form
from tests.proofs.test_formula_syntax import CHAPTER_EQUATION, CHAPTER_FORMULA, CHAPTER_NOTE

DEN, NUM = Layout.DENOMINATOR, Layout.NUMERATOR
SQUARE = (3, 3)


def verdict(text: str, layout: Layout, *, latex: bool = False) -> FormulaVerdict:
    return check_formula(text, latex=latex, layout=layout)


def kinds(result: FormulaVerdict) -> dict[tuple[int, int], str]:
    return {(o.n, o.m): o.kind for o in result.outcomes}


# -- seed equation 6-1-3 as printed: the erratum ----------------------------------------------


@pytest.mark.parametrize("text", [CHAPTER_FORMULA, CHAPTER_EQUATION], ids=["formula", "equation"])
def test_chapter_6_1_3_fails_in_its_declared_denominator_layout(text: str) -> None:
    result = verdict(text, ERRATUM.declared_layout, latex=True)
    assert not result.holds
    # Undefined whenever M ≠ N (N × N times M × N), wrong when M = N.
    assert kinds(result) == {
        (2, 3): "undefined",
        (3, 2): "undefined",
        (3, 3): "wrong",
        (1, 4): "undefined",
    }
    report = result.report()
    assert report.startswith("FAILS: ")
    assert "N=2, M=3: undefined: in diag(x) @ dy_dz: matrix product (2, 2) · (3, 2)" in report
    assert "counterexample at N=3, M=3" in report
    assert "correct form in the denominator layout: ∂(x ⊙ y)/∂z = " in report
    assert plain_text(correct_form(DEN)) in report
    assert f"erratum 6-1-3 ({ERRATUM.source}): {ERRATUM.explanation}" in report


@pytest.mark.parametrize("text", [CHAPTER_FORMULA, CHAPTER_EQUATION], ids=["formula", "equation"])
def test_chapter_6_1_3_holds_in_the_numerator_layout(text: str) -> None:
    result = verdict(text, NUM, latex=True)
    assert result.holds
    assert set(kinds(result).values()) == {"agrees"}
    assert result.counterexample is None
    assert result.report().startswith("HOLDS: ")
    assert "erratum" not in result.report()  # the numerator form is right in its own layout


@pytest.mark.parametrize("layout", [DEN, NUM], ids=lambda lay: lay.value)
def test_the_correct_form_holds_and_the_other_layouts_form_fails(layout: Layout) -> None:
    assert verdict(plain_text(correct_form(layout)), layout).holds
    assert not verdict(plain_text(correct_form(layout.other)), layout).holds


def test_corrected_form_in_latex_holds_in_the_denominator_layout() -> None:
    corrected = (
        r"\frac{\partial (\boldsymbol{x} \odot \boldsymbol{y})}{\partial \boldsymbol{z}} = "
        r"\frac{\partial \boldsymbol{y}}{\partial \boldsymbol{z}} \mathrm{diag}(\boldsymbol{x}) "
        r"+ \frac{\partial \boldsymbol{x}}{\partial \boldsymbol{z}} \mathrm{diag}(\boldsymbol{y})"
    )
    assert verdict(corrected, DEN, latex=True).holds
    assert not verdict(corrected, NUM, latex=True).holds


def test_the_chapters_note_fails_in_either_layout() -> None:
    # diag(x) ∂y/∂z alone needs ∂x/∂z = O; for x depending on z it drops a term.
    for layout in Layout:
        result = verdict(CHAPTER_NOTE, layout, latex=True)
        assert not result.holds


# -- wrong variants, each with the kind of failure expected at M ≠ N and at M = N -----------

WRONG_DENOMINATOR: list[tuple[str, str, str, str]] = [
    # (name, formula, kind at (N, M) = (2, 3), kind at (3, 3))
    ("sign error", "dy_dz @ diag(x) - dx_dz @ diag(y)", "wrong", "wrong"),
    ("missing term", "dy_dz @ diag(x)", "wrong", "wrong"),
    ("x and y swapped", "dy_dz @ diag(y) + dx_dz @ diag(x)", "wrong", "wrong"),
    ("Jacobians swapped", "dx_dz @ diag(x) + dy_dz @ diag(y)", "wrong", "wrong"),
    ("transposed Jacobians", "diag(x) @ dy_dz.T + diag(y) @ dx_dz.T", "shape", "wrong"),
    ("numerator form", "diag(x) @ dy_dz + diag(y) @ dx_dz", "undefined", "wrong"),
    ("O instead of a term", "dy_dz @ diag(x) + O", "wrong", "wrong"),
    ("twice the derivative", "2 * (dy_dz @ diag(x) + dx_dz @ diag(y))", "wrong", "wrong"),
    ("only O", "O", "wrong", "wrong"),
    ("element-wise product", "x * y", "shape", "shape"),
    ("diagonals only", "diag(x) @ diag(y)", "shape", "wrong"),
    ("transposed result", "(dy_dz @ diag(x) + dx_dz @ diag(y)).T", "shape", "wrong"),
    ("sum of mismatched shapes", "dy_dz @ diag(x) + diag(y)", "undefined", "wrong"),
]


@pytest.mark.parametrize(
    ("formula", "at_2_3", "at_3_3"),
    [case[1:] for case in WRONG_DENOMINATOR],
    ids=[case[0] for case in WRONG_DENOMINATOR],
)
def test_wrong_variants_fail_in_the_denominator_layout(
    formula: str, at_2_3: str, at_3_3: str
) -> None:
    result = verdict(formula, DEN)
    assert not result.holds
    assert kinds(result)[(2, 3)] == at_2_3
    assert kinds(result)[SQUARE] == at_3_3
    report = result.report()
    assert report.startswith("FAILS: ")
    assert "correct form in the denominator layout" in report
    if "wrong" in kinds(result).values():
        assert result.counterexample is not None
        assert "counterexample at N=" in report


WRONG_LATEX = [
    r"\frac{\partial y}{\partial z} \mathrm{diag}(x) - \frac{\partial x}{\partial z} "
    r"\mathrm{diag}(y)",
    r"\frac{\partial y}{\partial z} \mathrm{diag}(x) + \boldsymbol{O}",
    r"\mathrm{diag}(y) \frac{\partial y}{\partial z} + \mathrm{diag}(x) \frac{\partial x}"
    r"{\partial z}",
    r"\left(\frac{\partial y}{\partial z}\right)^\top \mathrm{diag}(x) + \left(\frac{\partial x}"
    r"{\partial z}\right)^\top \mathrm{diag}(y)",
    r"\boldsymbol{x} \odot \boldsymbol{y}",
]


@pytest.mark.parametrize("text", WRONG_LATEX, ids=[f"latex-{i}" for i in range(len(WRONG_LATEX))])
def test_wrong_latex_variants_fail(text: str) -> None:
    assert not verdict(text, DEN, latex=True).holds


# -- rewrites of the correct form that must hold -------------------------------------------

REWRITES = {
    DEN: [
        "(diag(x) @ dy_dz.T).T + (diag(y) @ dx_dz.T).T",
        "(diag(x) @ dy_dz.T + diag(y) @ dx_dz.T).T",
        "dx_dz @ diag(y) + dy_dz @ diag(x)",
        "dy_dz @ diag(x) + dx_dz @ diag(y) + O",
        "(dy_dz @ diag(x)).T.T + dx_dz @ diag(y)",
        "2 * dy_dz @ diag(x) - dy_dz @ diag(x) + dx_dz @ diag(y)",
        "-(-dy_dz @ diag(x) - dx_dz @ diag(y))",
        "dy_dz @ diag(x) + dx_dz @ diag(y) + dx_dz @ diag(y) - dx_dz @ diag(y)",
        "dy_dz @ diag(x) + dx_dz @ diag(y) + 0 * dx_dz",
        "dy_dz @ diag(x) + (diag(y) @ dx_dz.T).T",
    ],
    NUM: [
        "(dy_dz.T @ diag(x)).T + (dx_dz.T @ diag(y)).T",
        "diag(y) @ dx_dz + diag(x) @ dy_dz",
        "diag(x) @ dy_dz + diag(y) @ dx_dz + O @ dx_dz",
    ],
}


@pytest.mark.parametrize(
    ("layout", "formula"),
    [(layout, formula) for layout, formulas in REWRITES.items() for formula in formulas],
    ids=[f"{layout.value}: {f}" for layout, formulas in REWRITES.items() for f in formulas],
)
def test_equivalent_rewrites_hold(layout: Layout, formula: str) -> None:
    result = verdict(formula, layout)
    assert result.holds, result.report()
    assert result.report().startswith("HOLDS: ")


def test_latex_rewrite_with_transposes_holds() -> None:
    text = (
        r"\left(\mathrm{diag}(\boldsymbol{x}) \left(\frac{\partial \boldsymbol{y}}{\partial "
        r"\boldsymbol{z}}\right)^\top + \mathrm{diag}(\boldsymbol{y}) \left(\frac{\partial "
        r"\boldsymbol{x}}{\partial \boldsymbol{z}}\right)^{T}\right)^{\top}"
    )
    assert verdict(text, DEN, latex=True).holds


# -- the counterexample is real: checked with the numeric core, not with SymPy ---------------


def _float(matrix: object) -> np.ndarray:
    return np.array(matrix, dtype=float)


@pytest.mark.parametrize("layout", [DEN, NUM], ids=lambda lay: lay.value)
def test_counterexample_numbers_agree_with_the_numeric_core(layout: Layout) -> None:
    wrong = correct_form(layout.other)  # the other layout's form, at a square size
    found = counterexample(wrong, layout, *SQUARE)
    assert isinstance(found, Counterexample)
    (x, y), (dx, dy) = found.values, found.jacobians
    xs, ys = _float(x).ravel(), _float(y).ravel()
    rule: DenominatorJacobian | NumeratorJacobian
    if layout is DEN:
        rule = hadamard_jacobian(
            xs, ys, DenominatorJacobian(_float(dx)), DenominatorJacobian(_float(dy))
        )
    else:
        rule = hadamard_jacobian(
            xs, ys, NumeratorJacobian(_float(dx)), NumeratorJacobian(_float(dy))
        )
    expected = rule.array
    np.testing.assert_allclose(_float(found.expected), expected, rtol=1e-12)
    # The formula's side, recomputed by numpy from the printed Jacobians.
    if layout is DEN:  # the numerator form, read in the denominator layout
        formula_side = np.diag(xs) @ _float(dy) + np.diag(ys) @ _float(dx)
    else:
        formula_side = _float(dy) @ np.diag(xs) + _float(dx) @ np.diag(ys)
    np.testing.assert_allclose(_float(found.got), formula_side, rtol=1e-12)
    row, col = found.entry
    assert found.got[row, col] != found.expected[row, col]
    assert not np.allclose(formula_side, expected)


def test_a_correct_formula_has_no_counterexample() -> None:
    assert counterexample(correct_form(DEN), DEN, *SQUARE) is None


# -- the report: sizes, method, determinism, time ------------------------------------------


def test_report_says_which_sizes_were_checked_and_how() -> None:
    report = verdict("dy_dz @ diag(x) + dx_dz @ diag(y)", DEN).report()
    for n, m in SIZES:
        assert f"N={n}, M={m}: agrees" in report
        assert f"({n}, {m})" in report
    assert "exactly, with SymPy" in report
    assert "independent symbol" in report
    assert "exact rational arithmetic" in report


def test_sizes_include_both_non_square_orientations() -> None:
    assert any(n < m for n, m in SIZES)
    assert any(n > m for n, m in SIZES)
    assert any(n == m for n, m in SIZES)


def test_report_is_deterministic() -> None:
    first = verdict(CHAPTER_EQUATION, DEN, latex=True).report()
    assert verdict(CHAPTER_EQUATION, DEN, latex=True).report() == first


def test_degree_is_bounded_before_anything_is_evaluated() -> None:
    text = " @ ".join(["diag(x)"] * (MAX_DEGREE + 1))
    assert degree(parse_formula(text, latex=False).rhs) == MAX_DEGREE + 1
    with pytest.raises(InputError, match=rf"degree {MAX_DEGREE + 1}.*≤ {MAX_DEGREE}"):
        verdict(text, DEN)


@pytest.mark.parametrize("layout", [DEN, NUM], ids=lambda lay: lay.value)
def test_each_formula_is_decided_within_two_seconds(layout: Layout) -> None:
    worst = " + ".join(["diag(x) @ diag(y) @ dy_dz @ diag(x).T"] * 10)  # ~120 nodes, degree 4
    for text, latex in [(CHAPTER_EQUATION, True), (worst, False), ("x * y", False)]:
        start = time.perf_counter()
        verdict(text, layout, latex=latex)
        assert time.perf_counter() - start < 2.0


# -- naming the likely mistake -------------------------------------------------------------

DIAGNOSES = [
    ("dy_dz @ diag(x) - dx_dz @ diag(y)", "with the sign of dx_dz @ diag(y) flipped"),
    ("-dy_dz @ diag(x) + dx_dz @ diag(y)", "with the sign of dy_dz @ diag(x) flipped"),
    ("dy_dz @ diag(x)", "the term dy_dz @ diag(x) alone (the other term is missing)"),
    ("dx_dz @ diag(y)", "the term dx_dz @ diag(y) alone"),
    ("dy_dz @ diag(y) + dx_dz @ diag(x)", "with x and y swapped inside diag(·)"),
    ("diag(x) @ dy_dz.T + diag(y) @ dx_dz.T", "the transpose of ∂(x ⊙ y)/∂z"),
    ("diag(x) @ dy_dz + diag(y) @ dx_dz", "the numerator layout's form, read in the denominator"),
    ("-(dx_dz @ diag(y) + dy_dz @ diag(x))", "(the sign is wrong)"),
]


@pytest.mark.parametrize(("formula", "named"), DIAGNOSES, ids=[d[0] for d in DIAGNOSES])
def test_the_likely_mistake_is_named(formula: str, named: str) -> None:
    square = next(o for o in verdict(formula, DEN).outcomes if (o.n, o.m) == SQUARE)
    assert square.kind == "wrong"
    assert f"it matches {'the correct form ' if 'with' in named else ''}" in square.detail
    assert named in square.detail


@pytest.mark.parametrize("formula", ["O", "2 * (dy_dz @ diag(x) + dx_dz @ diag(y))", "x @ y.T"])
def test_no_mistake_is_named_when_none_matches(formula: str) -> None:
    result = verdict(formula, DEN)
    assert not result.holds
    assert "it matches" not in result.report()


def test_verdicts_do_not_depend_on_what_was_checked_before() -> None:
    """Each size's reference is shared by every check in the process; sharing changes nothing."""
    formulas = [
        "dy_dz @ diag(x) + dx_dz @ diag(y)",
        "diag(x) @ dy_dz + diag(y) @ dx_dz",
        "-(dy_dz @ diag(x)) + O",
        "x * y",
    ]
    first = [check_formula(f, latex=False, layout=Layout.DENOMINATOR).report() for f in formulas]
    formula_module._reference.cache_clear()
    again = [
        check_formula(f, latex=False, layout=Layout.DENOMINATOR).report()
        for f in reversed(formulas)
    ]
    assert first == list(reversed(again))
    assert first[0].startswith("HOLDS: ")
    assert first[1].startswith("FAILS: ")
