"""The parser's bounds, at their exact edges: length, nesting, nodes, and the checker's degree.

Each bound is reached exactly (accepted) and passed by one (refused at the token that passes
it), at every kind of bracket and node that counts, so that no input is expensive to refuse.
"""

from __future__ import annotations

import pytest

from hadamard.errors import InputError
from proofs.formula.check import MAX_DEGREE, check_formula, degree
from proofs.formula.syntax import MAX_NESTING, MAX_NODES, parse_formula
from proofs.formula.tokens import MAX_CHARS, tokenize_latex, tokenize_plain


def refusal(text: str, *, latex: bool) -> str:
    with pytest.raises(InputError) as info:
        parse_formula(text, latex=latex)
    return str(info.value)


def test_length_is_bounded_exactly() -> None:
    assert len(tokenize_plain("x" + " " * (MAX_CHARS - 1))) == 2
    assert len(tokenize_latex("x" + " " * (MAX_CHARS - 1))) == 2
    text = "x" * (MAX_CHARS + 1)
    message = (
        f"check-formula: the formula is {MAX_CHARS + 1} characters long; the limit is {MAX_CHARS}"
    )
    assert refusal(text, latex=False) == message
    assert refusal(text, latex=True) == message


def _nested(opening: str, inner: str, closing: str, depth: int) -> str:
    return opening * depth + inner + closing * depth


NESTING = [
    # (opening, closing, latex, the column of the opening that passes the bound)
    ("(", ")", False, MAX_NESTING + 1),
    ("-", "", False, MAX_NESTING + 1),
    ("+", "", False, MAX_NESTING + 1),
    ("diag(", ")", False, MAX_NESTING * 5 + 5),
    ("(", ")", True, MAX_NESTING + 1),
    ("[", "]", True, MAX_NESTING + 1),
    ("{", "}", True, MAX_NESTING + 1),
    ("\\{", "\\}", True, MAX_NESTING * 2 + 1),
    ("-", "", True, MAX_NESTING + 1),
    ("\\diag ", "", True, MAX_NESTING * 6 + 1),
    ("diag ", "", True, MAX_NESTING * 5 + 1),
    ("\\mathrm{d}", "", True, MAX_NESTING * 10 + 1),
    ("\\dot ", "", True, MAX_NESTING * 5 + 1),
]


@pytest.mark.parametrize(
    ("opening", "closing", "latex", "column"),
    NESTING,
    ids=[f"{'latex' if n[2] else 'plain'} {n[0]}" for n in NESTING],
)
def test_nesting_is_bounded_exactly_at_each_kind_of_bracket(
    opening: str, closing: str, latex: bool, column: int
) -> None:
    parse_formula(_nested(opening, "x", closing, MAX_NESTING), latex=latex)
    assert refusal(_nested(opening, "x", closing, MAX_NESTING + 1), latex=latex) == (
        f"check-formula: column {column}: nesting deeper than {MAX_NESTING} levels"
    )


def test_a_derivative_nests_its_operand_and_its_bracket() -> None:
    half = MAX_NESTING // 2  # ∂( opens two levels: the operand and its bracket
    parse_formula(_nested("∂(", "x", ")", half), latex=False)
    assert refusal(_nested("∂(", "x", ")", half + 1), latex=False) == (
        f"check-formula: column {2 * half + 1}: nesting deeper than {MAX_NESTING} levels"
    )


def test_each_closed_bracket_gives_its_level_back() -> None:
    many = MAX_NESTING + 8
    parse_formula(" + ".join(["(x)"] * many), latex=False)
    parse_formula(" + ".join(["-x"] * many), latex=False)
    parse_formula(" + ".join(["diag(x)"] * many), latex=False)
    parse_formula(" ".join([r"\mathrm{diag}(x)"] * many), latex=True)
    parse_formula(" ".join([r"\frac{\partial x}{\partial z}"] * many), latex=True)


PLAIN_FULL = "x" + ".T" * (MAX_NODES - 1)  # MAX_NODES nodes
LATEX_FULL = "x" + "^T" * (MAX_NODES - 1)
PLAIN_ALMOST = "x" + ".T" * (MAX_NODES - 2)


@pytest.mark.parametrize(
    ("prefix", "suffix", "latex", "column"),
    [
        (PLAIN_FULL, ".T", False, 1),
        (PLAIN_FULL, " @ y", False, 4),
        (PLAIN_FULL, " @ dx_dz", False, 4),
        (PLAIN_FULL, " + 0", False, 2),
        (PLAIN_FULL, " @ diag(0)", False, 8),
        (PLAIN_ALMOST, " @ y", False, 2),
        (PLAIN_ALMOST, " - y", False, 2),
        (LATEX_FULL, "^T", True, 1),
        (LATEX_FULL, " y", True, 2),
        (LATEX_FULL, r" \mathbf{y}", True, 2),
        (LATEX_FULL, " O", True, 2),
        (LATEX_FULL, r" \frac{\partial y}{\partial z}", True, 17),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else None,
)
def test_the_node_beyond_the_limit_is_named_by_its_token(
    prefix: str, suffix: str, latex: bool, column: int
) -> None:
    parse_formula(prefix, latex=latex)
    assert refusal(prefix + suffix, latex=latex) == (
        f"check-formula: column {len(prefix) + column}: "
        f"more than {MAX_NODES} operations in one formula"
    )


def test_the_node_count_runs_over_every_equation_of_a_formula() -> None:
    half = "x" + ".T" * (MAX_NODES // 2 - 1)
    parse_formula(f"{half}, {half}", latex=False)
    with pytest.raises(InputError, match=f"more than {MAX_NODES} operations"):
        parse_formula(f"{half}, {half}, x", latex=False)


def test_degree_is_bounded_before_anything_is_evaluated() -> None:
    at_most = " @ ".join(["diag(x)"] * MAX_DEGREE)
    assert degree(parse_formula(at_most, latex=False).rhs) == MAX_DEGREE
    check_formula(at_most)
    beyond = " @ ".join(["diag(x)"] * (MAX_DEGREE + 1))
    with pytest.raises(InputError, match=rf"degree {MAX_DEGREE + 1} .* ≤ {MAX_DEGREE}"):
        check_formula(beyond)


def test_degree_counts_each_name_and_derivative_once() -> None:
    cases = {
        "O": 0,
        "x": 1,
        "dx_dz": 1,
        "dx_dz @ diag(x * y)": 3,
        "dx_dz + diag(x * y)": 2,
        "-(2 * x).T": 1,
        "d(x * y)": 1,
    }
    for text, expected in cases.items():
        assert degree(parse_formula(text, latex=False).rhs) == expected, text
    latex = {
        r"x_i \, y_i": 2,
        r"\frac{\partial (x_i y_i)}{\partial z_j}": 1,
        r"\sigma(a) \odot \sigma'(a)": 2,
    }
    for text, expected in latex.items():
        assert degree(parse_formula(text, latex=True).rhs) == expected, text
