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


def test_the_left_side_counts_toward_the_degree() -> None:
    # the derivative of a product of n factors is a sum of terms of n factors each: it was
    # counted as 1, so that 30 factors on the left took half a minute to decide
    factors = " \\odot ".join(f"a_{{{i}}}" for i in range(MAX_DEGREE + 1))
    beyond = rf"\frac{{\partial ({factors})}}{{\partial z}} = 0"
    with pytest.raises(InputError, match=rf"degree {MAX_DEGREE + 1} .* ≤ {MAX_DEGREE}"):
        check_formula(beyond, latex=True)
    at_most = " \\odot ".join(f"a_{{{i}}}" for i in range(MAX_DEGREE))
    assert not check_formula(rf"\frac{{\partial ({at_most})}}{{\partial z}} = 0").holds


def test_degree_counts_each_name_and_derivative_once() -> None:
    cases = {
        "O": 0,
        "x": 1,
        "dx_dz": 1,
        "dx_dz @ diag(x * y)": 3,
        "dx_dz + diag(x * y)": 2,
        "-(2 * x).T": 1,
        "d(x * y)": 2,
        "d(x)": 1,
        "dO": 1,
    }
    for text, expected in cases.items():
        assert degree(parse_formula(text, latex=False).rhs) == expected, text
    latex = {
        r"x_i \, y_i": 2,
        r"\frac{\partial (x_i y_i)}{\partial z_j}": 2,
        r"\frac{\partial (x \odot y \odot w)}{\partial z}": 3,
        r"\mathrm{d}(X \odot Y)": 2,
        r"J_{x \odot y}": 2,
        r"\sigma(x \odot y)": 2,
        r"\sigma(a) \odot \sigma'(a)": 2,
    }
    for text, expected in latex.items():
        assert degree(parse_formula(text, latex=True).rhs) == expected, text


# Every place the grammar makes a node, reached with the prefix j nodes short of the limit, so
# that the node beyond it is each of the suffix's nodes in turn: each names its own token.
NODE_SITES: list[tuple[str, bool, int, int]] = [
    # (suffix, latex, nodes short of the limit in the prefix, the column in the suffix)
    (" \\dot x", True, 0, 7),
    (" \\dot x", True, 1, 2),
    (" \\dot x", True, 2, 2),
    (" \\mathrm{d} x", True, 0, 13),
    (" \\mathrm{d} x", True, 1, 2),
    (" \\mathrm{d} x", True, 2, 2),
    (" d x", True, 0, 4),
    (" d x", True, 1, 2),
    (" d x", True, 2, 2),
    (" \\partial X", True, 0, 11),
    (" \\partial X", True, 1, 2),
    (" \\partial X", True, 2, 2),
    (" J_y", True, 0, 4),
    (" J_y", True, 1, 2),
    (" J_y", True, 2, 2),
    (" \\nabla_z y", True, 0, 9),
    (" \\nabla_z y", True, 1, 11),
    (" \\nabla_z y", True, 2, 2),
    (" \\nabla_z y", True, 3, 2),
    (" \\partial_z y", True, 0, 11),
    (" \\partial_z y", True, 1, 13),
    (" \\partial_z y", True, 2, 2),
    (" \\partial_z y", True, 3, 2),
    (" \\frac{\\partial y}{\\partial z^\\top}", True, 0, 17),
    (" \\frac{\\partial y}{\\partial z^\\top}", True, 1, 29),
    (" \\frac{\\partial y}{\\partial z^\\top}", True, 2, 2),
    (" \\frac{\\partial y}{\\partial z^\\top}", True, 3, 2),
    (" \\frac{\\partial y}{\\partial z^\\top}", True, 4, 2),
    (" \\partial y / \\partial z", True, 0, 11),
    (" \\partial y / \\partial z", True, 1, 24),
    (" \\partial y / \\partial z", True, 2, 2),
    (" \\partial y / \\partial z", True, 3, 2),
    (" \\frac{\\partial y_i}{\\partial z_j}", True, 0, 17),
    (" \\frac{\\partial y_i}{\\partial z_j}", True, 1, 31),
    (" \\frac{\\partial y_i}{\\partial z_j}", True, 2, 2),
    (" \\frac{\\partial y_i}{\\partial z_j}", True, 3, 2),
    (" x_i", True, 0, 2),
    (" x_i", True, 1, 2),
    (" (x)_i", True, 0, 3),
    (" (x)_i", True, 1, 5),
    (" (x)_i", True, 2, 2),
    (" \\sigma(a)", True, 0, 9),
    (" \\sigma(a)", True, 1, 2),
    (" \\sigma(a)", True, 2, 2),
    (" \\sigma'(a)", True, 0, 10),
    (" \\sigma'(a)", True, 1, 2),
    (" \\sigma'(a)", True, 2, 2),
    (" D_x", True, 0, 4),
    (" D_x", True, 1, 2),
    (" D_x", True, 2, 2),
    (" \\diag x", True, 0, 8),
    (" \\diag x", True, 1, 2),
    (" \\diag x", True, 2, 2),
    (" \\mathbf{1}", True, 0, 2),
    (" \\mathbf{1}", True, 1, 2),
    (" \\ell", True, 0, 2),
    (" \\ell", True, 1, 2),
    (" \\boldsymbol{O}", True, 0, 2),
    (" \\boldsymbol{O}", True, 1, 2),
    (" O", True, 0, 2),
    (" O", True, 1, 2),
    (" 2 x", True, 0, 2),
    (" 2 x", True, 1, 4),
    (" 2 x", True, 2, 4),
    (" - x", True, 0, 4),
    (" - x", True, 1, 2),
    (" - x", True, 2, 2),
    (" x \\odot y", True, 0, 2),
    (" x \\odot y", True, 1, 2),
    (" x \\odot y", True, 2, 10),
    (" x \\odot y", True, 3, 4),
    (" {\\rm d} x", True, 0, 10),
    (" {\\rm d} x", True, 1, 2),
    (" {\\rm d} x", True, 2, 2),
    (" \\nabla y", True, 0, 9),
    (" \\nabla y", True, 1, 2),
    (" \\nabla y", True, 2, 2),
    (" \\partial_{z_j} y_i", True, 0, 12),
    (" \\partial_{z_j} y_i", True, 1, 17),
    (" \\partial_{z_j} y_i", True, 2, 2),
    (" \\partial_{z_j} y_i", True, 3, 2),
    (" x^\\top", True, 0, 2),
    (" x^\\top", True, 1, 3),
    (" x^\\top", True, 2, 2),
    (" @ dX", False, 0, 4),
    (" @ dX", False, 1, 4),
    (" @ dX", False, 2, 2),
    (" @ tx", False, 0, 4),
    (" @ tx", False, 1, 4),
    (" @ tx", False, 2, 2),
    (" @ ∂X", False, 0, 5),
    (" @ ∂X", False, 1, 4),
    (" @ ∂X", False, 2, 2),
    (" @ d(x)", False, 0, 6),
    (" @ d(x)", False, 1, 4),
    (" @ d(x)", False, 2, 2),
    (" @ ∂y/∂z", False, 0, 5),
    (" @ ∂y/∂z", False, 1, 8),
    (" @ ∂y/∂z", False, 2, 4),
    (" @ ∂y/∂z", False, 3, 2),
    (" @ ∂y/∂zᵀ", False, 0, 5),
    (" @ ∂y/∂zᵀ", False, 1, 8),
    (" @ ∂y/∂zᵀ", False, 2, 9),
    (" @ ∂y/∂zᵀ", False, 3, 4),
    (" @ ∂y/∂zᵀ", False, 4, 4),
    (" @ ∂y_i/∂z_j", False, 0, 5),
    (" @ ∂y_i/∂z_j", False, 1, 10),
    (" @ ∂y_i/∂z_j", False, 2, 4),
    (" @ ∂y_i/∂z_j", False, 3, 2),
    (" @ x_i", False, 0, 4),
    (" @ x_i", False, 1, 2),
    (" @ (x)_i", False, 0, 5),
    (" @ (x)_i", False, 1, 7),
    (" @ (x)_i", False, 2, 2),
    (" @ 𝟏", False, 0, 4),
    (" @ 𝟏", False, 1, 2),
    (" @ O", False, 0, 4),
    (" @ O", False, 1, 2),
    (" @ sigma(a)", False, 0, 10),
    (" @ sigma(a)", False, 1, 4),
    (" @ sigma(a)", False, 2, 2),
    (" @ np.diag(x)", False, 0, 12),
    (" @ np.diag(x)", False, 1, 4),
    (" @ np.diag(x)", False, 2, 2),
    (" @ dy_dz", False, 0, 4),
    (" @ dy_dz", False, 1, 4),
    (" @ dy_dz", False, 2, 2),
    (" @ d(x * y)/dz", False, 0, 6),
    (" @ d(x * y)/dz", False, 1, 10),
    (" @ d(x * y)/dz", False, 2, 8),
    (" @ d(x * y)/dz", False, 3, 4),
    (" @ d(x * y)/dz", False, 4, 2),
    (" @ -x", False, 0, 5),
    (" @ -x", False, 1, 4),
    (" @ -x", False, 2, 2),
]


def _prefix(nodes: int, latex: bool) -> str:
    return "x" + ("^T" if latex else ".T") * (nodes - 1)


@pytest.mark.parametrize(
    ("suffix", "latex", "short", "column"),
    NODE_SITES,
    ids=[f"{s[0].strip()} short {s[2]}" for s in NODE_SITES],
)
def test_each_place_that_makes_a_node_names_its_token(
    suffix: str, latex: bool, short: int, column: int
) -> None:
    prefix = _prefix(MAX_NODES - short, latex)
    assert refusal(prefix + suffix, latex=latex) == (
        f"check-formula: column {len(prefix) + column}: "
        f"more than {MAX_NODES} operations in one formula"
    )
    parse_formula(_prefix(MAX_NODES - short - 8, latex) + suffix, latex=latex)


# Every place the grammar nests, inside brackets a few short of the limit: each level a term
# opens is counted at its own token.
NESTING_SITES: list[tuple[str, bool, int, int]] = [
    # (term, latex, brackets short of the limit around it, the column in the term refused)
    ("-x", False, 0, 1),  # '-x'
    ("(x)", False, 0, 1),  # '(x)'
    ("∂x", False, 0, 1),  # '∂x'
    ("∂(x)", False, 0, 1),  # '∂(x)'
    ("∂(x)", False, 1, 2),  # '(x)'
    ("diag(x)", False, 0, 5),  # '(x)'
    ("sigma(a)", False, 0, 6),  # '(a)'
    ("d(x)", False, 0, 1),  # 'd(x)'
    ("d(x)", False, 1, 2),  # '(x)'
    ("-x", True, 0, 1),  # '-x'
    ("(x)", True, 0, 1),  # '(x)'
    ("[x]", True, 0, 1),  # '[x]'
    ("{x}", True, 0, 1),  # '{x}'
    ("\\{x\\}", True, 0, 1),  # '\\{x\\}'
    ("\\dot x", True, 0, 1),  # '\\dot x'
    ("d x", True, 0, 1),  # 'd x'
    ("\\mathrm{d} x", True, 0, 1),  # '\\mathr'
    ("\\diag x", True, 0, 1),  # '\\diag '
    ("D_x", True, 0, 1),  # 'D_x'
    ("J_y", True, 0, 1),  # 'J_y'
    ("J[y]", True, 0, 1),  # 'J[y]'
    ("J[y]", True, 1, 2),  # '[y]'
    ("\\nabla_z y", True, 0, 1),  # '\\nabla'
    ("\\sigma(a)", True, 0, 1),  # '\\sigma'
    ("\\sigma(a)", True, 1, 7),  # '(a)'
    ("\\partial x", True, 0, 1),  # '\\parti'
    ("\\partial x / \\partial z", True, 0, 1),  # '\\parti'
    ("\\partial_z y", True, 0, 1),  # '\\parti'
    ("\\frac{\\partial x}{\\partial z}", True, 0, 1),  # '\\frac{'
    ("\\frac{\\partial x}{\\partial z}", True, 1, 1),  # '\\frac{'
    ("\\frac{\\partial}{\\partial z} x", True, 0, 1),  # '\\frac{'
    ("\\frac{\\partial}{\\partial z} x", True, 1, 1),  # '\\frac{'
    ("{\\rm d} x", True, 0, 1),  # '{\\rm d'
]


@pytest.mark.parametrize(
    ("term", "latex", "short", "column"),
    NESTING_SITES,
    ids=[f"{s[0]} short {s[2]}" for s in NESTING_SITES],
)
def test_each_place_that_nests_names_its_token(
    term: str, latex: bool, short: int, column: int
) -> None:
    depth = MAX_NESTING - short
    assert refusal("(" * depth + term + ")" * depth, latex=latex) == (
        f"check-formula: column {depth + column}: nesting deeper than {MAX_NESTING} levels"
    )
    parse_formula("(" * (depth - 4) + term + ")" * (depth - 4), latex=latex)


# σ has a symbol per point it is applied at (not a generic polynomial raised to high powers),
# so compositions and many factors of σ stay small: each of these once ran for minutes.
FUNCTION_HEAVY = [
    r"\frac{\partial \sigma(z)}{\partial z} = \mathrm{diag}(\sigma'(\sigma(\sigma(\sigma(z)))))",
    r"\frac{\partial (\sigma(a) \odot \sigma(b) \odot \sigma(c) \odot \sigma(e) \odot \sigma(f)"
    r" \odot \sigma(g))}{\partial z} = 0",
    r"\frac{\partial \sigma(z)}{\partial z} = \mathrm{diag}(\sigma(a + b + c + e + f + g + h + k"
    r" + m + n + p + q))",
]


@pytest.mark.parametrize("text", FUNCTION_HEAVY, ids=["composition", "six σ", "σ of a sum"])
def test_formulas_heavy_in_functions_are_decided(text: str) -> None:
    assert not check_formula(text, latex=True).holds
