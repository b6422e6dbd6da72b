"""The report: the chapter's 6-1-3 as the erratum, sizes and method, counterexamples checked
against the numeric core, the likely mistake named, numbering from 1, determinism."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from hadamard import DenominatorJacobian, Layout, NumeratorJacobian, hadamard_jacobian
from proofs.formula.check import (
    Counterexample,
    FormulaVerdict,
    LinkVerdict,
    Numbers,
    check_formula,
)
from proofs.formula.models import SIZES
from proofs.printing.plain import plain_text
from proofs.theory.registry import ERRATUM
from proofs.theory.theorems.hadamard_product import correct_form
from tests.proofs.formula.chapter import CHAPTER_EQUATION, CHAPTER_FORMULA, CHAPTER_NOTE

DEN, NUM = Layout.DENOMINATOR, Layout.NUMERATOR
SQUARE = (3, 3)


def link(result: FormulaVerdict) -> LinkVerdict:
    (equation,) = result.equations
    (first,) = equation.links
    return first


def kinds(result: FormulaVerdict) -> dict[tuple[int, int | None], str]:
    return {(o.size.n, o.size.m): o.kind for o in link(result).outcomes}


@pytest.mark.parametrize("text", [CHAPTER_FORMULA, CHAPTER_EQUATION], ids=["formula", "equation"])
def test_chapter_6_1_3_fails_in_its_declared_denominator_layout(text: str) -> None:
    result = check_formula(text, layout=ERRATUM.declared_layout)
    assert not result.holds
    # UndefinedError whenever M ≠ N (N × N times M × N), wrong when M = N.
    assert kinds(result) == {
        (2, 3): "undefined",
        (3, 2): "undefined",
        (3, 3): "wrong",
        (1, 4): "undefined",
    }
    report = result.report()
    assert report.startswith("FAILS: ∂(x ⊙ y)/∂z = diag(x) ∂y/∂z + diag(y) ∂x/∂z does not hold")
    assert (
        "N=2, M=3: undefined: in diag(x) ∂y/∂z: the matrix product 2 × 2 · 3 × 2 is undefined: "
        "2 columns against 3 rows"
    ) in report
    assert "N=3, M=3: wrong: values differ; it matches the numerator layout's form" in report
    assert "counterexample at N=3, M=3" in report
    assert f"erratum 6-1-3 ({ERRATUM.source}): {ERRATUM.explanation}" in report
    assert (
        "correct form in the denominator layout: ∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)"
    ) in report


@pytest.mark.parametrize("text", [CHAPTER_FORMULA, CHAPTER_EQUATION], ids=["formula", "equation"])
def test_chapter_6_1_3_holds_in_the_numerator_layout(text: str) -> None:
    result = check_formula(text, layout=NUM)
    assert result.holds
    assert set(kinds(result).values()) == {"agrees"}
    assert link(result).counterexample is None
    assert result.report().startswith("HOLDS: ")
    assert "erratum" not in result.report()  # the numerator form is right in its own layout


def test_the_chapters_note_fails_in_either_layout_unless_x_is_constant() -> None:
    # diag(x) ∂y/∂z alone needs ∂x/∂z = O, and in the denominator layout the other order too.
    for layout in Layout:
        assert not check_formula(CHAPTER_NOTE, layout=layout).holds
    assert check_formula(CHAPTER_NOTE, layout=NUM, constants=("x",)).holds
    assert not check_formula(CHAPTER_NOTE, layout=DEN, constants=("x",)).holds


@pytest.mark.parametrize("layout", [DEN, NUM], ids=lambda lay: lay.value)
def test_the_correct_form_holds_and_the_other_layouts_form_fails(layout: Layout) -> None:
    assert check_formula(plain_text(correct_form(layout)), layout=layout).holds
    assert not check_formula(plain_text(correct_form(layout.other)), layout=layout).holds


WRONG_DENOMINATOR = [
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
    result = check_formula(formula, layout=DEN)
    assert not result.holds
    assert kinds(result)[(2, 3)] == at_2_3
    assert kinds(result)[SQUARE] == at_3_3
    report = result.report()
    assert report.startswith("FAILS: ")
    assert "correct form in the denominator layout" in report
    if "wrong" in kinds(result).values():
        assert link(result).counterexample is not None
        assert "counterexample at " in report


REWRITES = {
    DEN: [
        "(diag(x) @ dy_dz.T).T + (diag(y) @ dx_dz.T).T",
        "(diag(x) @ dy_dz.T + diag(y) @ dx_dz.T).T",
        "dx_dz @ diag(y) + dy_dz @ diag(x)",
        "dy_dz @ diag(x) + dx_dz @ diag(y) + O",
        "2 * dy_dz @ diag(x) - dy_dz @ diag(x) + dx_dz @ diag(y)",
        "-(-dy_dz @ diag(x) - dx_dz @ diag(y))",
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
    result = check_formula(formula, layout=layout)
    assert result.holds, result.report()


# -- the counterexample is real: checked with the numeric core, not with the checker -----------


def _array(numbers: object) -> np.ndarray[tuple[int, ...], np.dtype[np.float64]]:
    return np.array(numbers, dtype=float)


@pytest.mark.parametrize("layout", [DEN, NUM], ids=lambda lay: lay.value)
def test_counterexample_numbers_agree_with_the_numeric_core(layout: Layout) -> None:
    wrong = plain_text(correct_form(layout.other))  # the other layout's form, at a square size
    found = link(check_formula(wrong, layout=layout)).counterexample
    assert isinstance(found, Counterexample)
    assert (found.size.n, found.size.m) == SQUARE
    values = dict(found.values)
    derivatives = dict(found.derivatives)
    axes = "M × N" if layout is DEN else "N × M"
    xs, ys = _array(values["x"].nested()), _array(values["y"].nested())
    dx = _array(derivatives[f"∂x/∂z ({axes})"].nested())
    dy = _array(derivatives[f"∂y/∂z ({axes})"].nested())
    if layout is DEN:
        rule = hadamard_jacobian(xs, ys, DenominatorJacobian(dx), DenominatorJacobian(dy)).array
        formula_side = np.diag(xs) @ dy + np.diag(ys) @ dx  # the numerator form, read here
    else:
        rule = hadamard_jacobian(xs, ys, NumeratorJacobian(dx), NumeratorJacobian(dy)).array
        formula_side = dy @ np.diag(xs) + dx @ np.diag(ys)
    np.testing.assert_array_equal(_array(found.left.nested()), rule)
    np.testing.assert_array_equal(_array(found.right.nested()), formula_side)
    row, col = (i - 1 for i in found.entry)  # the entry is numbered from 1
    assert rule[row, col] != formula_side[row, col]
    assert np.array_equal(
        rule.ravel()[: row * rule.shape[1] + col], formula_side.ravel()[: row * rule.shape[1] + col]
    )


def test_a_correct_formula_has_no_counterexample() -> None:
    result = check_formula(plain_text(correct_form(DEN)), layout=DEN)
    assert link(result).counterexample is None
    assert "counterexample" not in result.report()


def test_a_counterexample_at_entry_level_names_the_indices_from_1() -> None:
    text = r"\frac{\partial (x_i y_i)}{\partial z_j} = x_i \frac{\partial x_i}{\partial z_j} + y_i \frac{\partial y_i}{\partial z_j}"
    report = check_formula(text).report()
    assert "N=2, M=3: wrong: values differ at i=1, j=1" in report
    assert "entry (the scalar) at i=1, j=1: the left side has " in report


# -- the report: sizes, method, numbering, determinism -------------------------------------------


def test_report_says_which_sizes_were_checked_and_how() -> None:
    report = check_formula("dy_dz @ diag(x) + dx_dz @ diag(y)", layout=DEN).report()
    for n, m in SIZES:
        assert f"N={n}, M={m}: agrees" in report
    assert report.splitlines()[-1] == (
        "checked: exactly, at N=2, M=3; N=3, M=2; N=3, M=3; N=1, M=4: every value and first "
        "derivative at the point an independent symbol, both sides polynomials in them with "
        "integer coefficients (the left side by differentiating the product itself, not by the "
        "rule), so equal polynomials hold for every differentiable function at that size"
    )
    assert (
        "  read as the Jacobian with respect to a variable: x, y functions of z; z the " in report
    )
    assert "numpy's conventions: vectors are 1-D, * broadcasts, @ is the matrix product" in report


def test_sizes_include_both_non_square_orientations_and_n_1() -> None:
    assert any(n < m for n, m in SIZES)
    assert any(n > m for n, m in SIZES)
    assert any(n == m for n, m in SIZES)
    assert any(n == 1 for n, _ in SIZES)


def test_several_equations_are_numbered_from_1() -> None:
    text = r"(x \odot y)_i = x_i y_i, \quad (x \odot y)_i = y_i"
    report = check_formula(text).report()
    assert report.splitlines()[0].startswith("equation 1: HOLDS: ")
    assert "equation 2: FAILS: " in report
    assert "equation 0" not in report


def test_report_is_deterministic() -> None:
    first = check_formula(CHAPTER_EQUATION, layout=DEN).report()
    assert check_formula(CHAPTER_EQUATION, layout=DEN).report() == first


DIAGNOSES = [
    (
        "dy_dz @ diag(x) - dx_dz @ diag(y)",
        "the correct form with the sign of dx_dz @ diag(y) flipped",
    ),
    (
        "-dy_dz @ diag(x) + dx_dz @ diag(y)",
        "the correct form with the sign of dy_dz @ diag(x) flipped",
    ),
    ("dy_dz @ diag(x)", "the term dy_dz @ diag(x) alone (another term is missing)"),
    ("dx_dz @ diag(y)", "the term dx_dz @ diag(y) alone (another term is missing)"),
    ("dy_dz @ diag(y) + dx_dz @ diag(x)", "the correct form with x and y swapped inside diag(·)"),
    (
        "diag(x) @ dy_dz.T + diag(y) @ dx_dz.T",
        "the transpose of ∂(x ⊙ y)/∂z (the other layout's Jacobian)",
    ),
    (
        "diag(x) @ dy_dz + diag(y) @ dx_dz",
        "the numerator layout's form, read in the denominator layout",
    ),
    ("-(dx_dz @ diag(y) + dy_dz @ diag(x))", "-∂(x ⊙ y)/∂z (the sign is wrong)"),
]


@pytest.mark.parametrize(("formula", "named"), DIAGNOSES, ids=[d[0] for d in DIAGNOSES])
def test_the_likely_mistake_is_named(formula: str, named: str) -> None:
    square = next(
        o
        for o in link(check_formula(formula, layout=DEN)).outcomes
        if (o.size.n, o.size.m) == SQUARE
    )
    assert square.kind == "wrong"
    assert square.detail == f"values differ; it matches {named}"


@pytest.mark.parametrize("formula", ["O", "2 * (dy_dz @ diag(x) + dx_dz @ diag(y))", "x @ y.T"])
def test_no_mistake_is_named_when_none_matches(formula: str) -> None:
    result = check_formula(formula, layout=DEN)
    assert not result.holds
    assert "it matches" not in result.report()


def test_the_equation_verdict_in_one_line_for_documents() -> None:
    (equation,) = check_formula(CHAPTER_EQUATION, layout=DEN).equations
    assert equation.text == "∂(x ⊙ y)/∂z = diag(x) ∂y/∂z + diag(y) ∂x/∂z"
    assert (
        equation.erratum == "erratum 6-1-3: the chapter's printed form, in the layout it declares"
    )
    assert equation.correct == "∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)"
    assert link(check_formula(CHAPTER_EQUATION, layout=DEN)).reason.startswith(
        "undefined at N=2, M=3; N=3, M=2; N=1, M=4 (in diag(x) ∂y/∂z: the matrix product "
    )
    (holds,) = check_formula(CHAPTER_EQUATION, layout=NUM).equations
    assert holds.erratum == ""
    assert link(check_formula(CHAPTER_EQUATION, layout=NUM)).reason == ""


def test_a_scalar_of_something_that_is_no_vector_is_undefined() -> None:
    text = r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial (x y^\top)} x"
    result = check_formula(text)
    assert not result.holds
    assert (
        "N=2: undefined: L is a function of (x yᵀ), which is not a vector here" in result.report()
    )


def test_a_later_link_can_start_from_the_zero_matrix() -> None:
    text = r"\frac{\partial (x \odot y)}{\partial z} = O = \frac{\partial y}{\partial z} \mathrm{diag}(x)"
    (equation,) = check_formula(text).equations
    first, second = equation.links
    assert not first.holds
    assert not second.holds
    assert second.counterexample is not None
    assert second.counterexample.left.entries == (0,) * len(second.counterexample.left.entries)


def test_a_shape_mismatch_names_both_shapes_in_the_readers_convention() -> None:
    (outcome, *_) = link(check_formula("x * y")).outcomes
    assert outcome.detail == "the right side is (2,), the left side 3 × 2"
    latex = link(check_formula(r"\frac{\partial (x \odot y)}{\partial z} = x \odot y")).outcomes
    assert latex[0].detail == "the right side is 2 × 1, the left side 3 × 2"


# -- whole reports, compared with a golden file -----------------------------------------------

GOLDEN = Path(__file__).parent / "golden" / "reports.txt"
UPDATE = os.environ.get("HADAMARD_UPDATE_GOLDEN") == "1"
REPORTS: list[tuple[str, Layout, tuple[str, ...]]] = [
    (CHAPTER_EQUATION, DEN, ()),
    (CHAPTER_FORMULA, NUM, ()),
    ("dy_dz * x + dx_dz * y", NUM, ()),
    ("x * y", NUM, ()),
    ("dy_dz @ diag(x)", DEN, ()),
    ("dy_dz @ diag(x)", DEN, ("x",)),
    (r"d(X \odot Y) = dX\, Y + X\, dY", DEN, ()),
    (r"d(x \odot y) = dx \odot y", DEN, ()),
    (r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial (x \odot y)} \odot x", NUM, ()),
    (r"\frac{\partial (u_k v_k)}{\partial w_l} = u_k \frac{\partial u_k}{\partial w_l}", DEN, ()),
    (r"(x \odot y)_i = x_i y_i, \quad \frac{\partial (x \odot y)}{\partial z} = J_y D_x", NUM, ()),
    (r"\frac{\partial (w \odot x)}{\partial x} = 2 \mathrm{diag}(w)", NUM, ()),
    (r"\frac{\partial (x \odot y)}{\partial z} = J_y D_x + J_x D_y = D_x J_y + D_y J_x", DEN, ()),
    (r"\frac{\partial (x \odot y)}{\partial z} v = x \odot (J_y v)", NUM, ()),
    (r"\frac{\partial \sigma(a)}{\partial a} = \mathrm{diag}(\sigma(a))", DEN, ()),
    ("d(X * Y) = dX * Y", DEN, ()),
]
SEPARATOR = "\n" + "=" * 40 + "\n"


def _all_reports() -> str:
    blocks = []
    for text, layout, constants in REPORTS:
        report = check_formula(text, layout=layout, constants=constants).report()
        blocks.append(
            f"$ {text}  [{layout.value}; constant: {', '.join(constants) or '-'}]\n{report}"
        )
    return SEPARATOR.join(blocks) + "\n"


def test_whole_reports_match_the_golden_file() -> None:
    got = _all_reports()
    if UPDATE:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(got, encoding="utf-8")
    assert GOLDEN.exists(), f"no golden file {GOLDEN}; run with HADAMARD_UPDATE_GOLDEN=1"
    assert got == GOLDEN.read_text(encoding="utf-8"), (
        "a report changed: if on purpose, rerun with HADAMARD_UPDATE_GOLDEN=1 and review the diff"
    )


@pytest.mark.parametrize(
    ("numbers", "text", "nested"),
    [
        (Numbers((), (5,)), "5", 5),
        (Numbers((3,), (1, 2, 3)), "(1, 2, 3)", [1, 2, 3]),
        (Numbers((3, 1), (1, 2, 3)), "(1, 2, 3)", [[1], [2], [3]]),
        (Numbers((1, 3), (1, -2, 3)), "[1, -2, 3]", [[1, -2, 3]]),
        (Numbers((2, 2), (1, 2, 3, 4)), "[[1, 2], [3, 4]]", [[1, 2], [3, 4]]),
        (Numbers((2, 1, 2), (1, 2, 3, 4)), "[[[1, 2]], [[3, 4]]]", [[[1, 2]], [[3, 4]]]),
    ],
)
def test_numbers_print_as_vectors_rows_and_arrays(
    numbers: Numbers, text: str, nested: object
) -> None:
    assert numbers.text() == text
    assert numbers.nested() == nested


def test_an_entry_formula_is_checked_at_every_index_not_only_the_first() -> None:
    # right when i = j, wrong otherwise: only checking every (i, j) tells
    text = (
        r"\frac{\partial (x_i y_i)}{\partial z_j} = x_i \frac{\partial y_i}{\partial z_j} + "
        r"y_i \frac{\partial x_i}{\partial z_i}"
    )
    result = check_formula(text)
    assert not result.holds
    outcomes = {o.size.label(): (o.kind, o.detail) for o in link(result).outcomes}
    assert outcomes["N=3, M=3"] == ("wrong", "values differ at i=1, j=2")
    assert outcomes["N=2, M=3"] == ("undefined", "the index i runs over 1..2 and over 1..3")


@pytest.mark.parametrize(
    ("text", "layout", "constants", "erratum"),
    [
        (
            r"\frac{\partial (u \odot v)}{\partial w} = \mathrm{diag}(u) J_v + \mathrm{diag}(v) J_u",
            DEN,
            (),
            True,
        ),
        (
            r"\frac{\partial (v \odot u)}{\partial w} = \mathrm{diag}(u) J_v + \mathrm{diag}(v) J_u",
            DEN,
            (),
            True,
        ),
        (
            r"\frac{\partial (u \odot v)}{\partial w} = \mathrm{diag}(u) J_v + \mathrm{diag}(v) J_u",
            NUM,
            (),
            False,
        ),
        (
            r"\frac{\partial (u \odot v)}{\partial w} = \mathrm{diag}(u) J_v + \mathrm{diag}(v) J_u",
            DEN,
            ("u",),
            False,
        ),
        (
            r"\left(\frac{\partial (u \odot v)}{\partial w}\right)^\top = \mathrm{diag}(u) J_v + \mathrm{diag}(v) J_u",
            DEN,
            (),
            False,
        ),
        (
            r"\frac{\partial (u \odot v \odot t)}{\partial w} = \mathrm{diag}(u) J_v + \mathrm{diag}(v) J_u",
            DEN,
            (),
            False,
        ),
        (
            r"\frac{\partial (u \odot u)}{\partial w} = \mathrm{diag}(u) J_u + \mathrm{diag}(u) J_u",
            DEN,
            (),
            False,
        ),
        (r"d(u \odot v) = \mathrm{diag}(u) dv + \mathrm{diag}(v) du", DEN, (), False),
        (  # the printed form with the factors' roles exchanged: x ⊙ y = y ⊙ x
            r"\frac{\partial (u \odot v)}{\partial w} = \mathrm{diag}(v) J_u + \mathrm{diag}(u) J_v",
            DEN,
            (),
            True,
        ),
    ],
)
def test_the_erratum_is_named_for_the_printed_form_in_any_names(
    text: str, layout: Layout, constants: tuple[str, ...], erratum: bool
) -> None:
    report = check_formula(text, layout=layout, constants=constants).report()
    assert ("erratum 6-1-3" in report) is erratum


def test_a_counterexample_gives_each_function_one_value_at_each_number() -> None:
    text = (
        r"\frac{\partial (\sigma(x) \odot y)}{\partial z} = \frac{\partial y}{\partial z} "
        r"\mathrm{diag}(\sigma(x)) + \frac{\partial x}{\partial z} \mathrm{diag}(\sigma(x) \odot y)"
    )
    lines = check_formula(text).report().splitlines()
    (shown,) = [line.strip() for line in lines if line.strip().startswith("σ(")]
    table: dict[str, str] = {}
    for item in shown.split(", "):
        at, value = item.split(" = ")
        assert table.setdefault(at, value) == value, shown  # σ is a function
    assert any(at.startswith("σ'(") for at in table)
    # the right side reads σ' nowhere, but the left side does: both are shown
    assert any(at.startswith("σ(") for at in table)


def test_the_correct_sigma_form_of_a_product_holds_and_sigma_for_sigma_prime_fails() -> None:
    left = r"\frac{\partial (\sigma(x) \odot y)}{\partial z} = "
    right = (
        r"\frac{\partial y}{\partial z} \mathrm{diag}(\sigma(x)) + \frac{\partial x}{\partial z} "
    )
    assert check_formula(left + right + r"\mathrm{diag}(\sigma'(x) \odot y)").holds
    assert not check_formula(left + right + r"\mathrm{diag}(\sigma(x) \odot y)").holds


def test_a_gradient_through_sigma_names_its_expression_in_unicode() -> None:
    text = r"\frac{\partial L}{\partial h} = \frac{\partial L}{\partial (\sigma(h) \odot g)} \odot g \odot \sigma'(h)"
    result = check_formula(text)
    assert result.holds
    assert "L a scalar function of (σ(h) ⊙ g)" in result.report()
