r"""The check-formula grammar's exact contract (found by mutmut on ``proofs/formula/syntax.py``).

Whole refusal messages and the column each names, precedence and associativity, every LaTeX
spelling the grammar accepts, and the nesting and operation limits at their exact boundaries,
reached at each place that nests or builds a node (the error must name that place's token).
"""

from __future__ import annotations

import pytest

from hadamard.errors import InputError
from proofs.formula.syntax import (
    DERIVATIVE,
    MAX_NESTING,
    MAX_NODES,
    ParsedFormula,
    parse_formula,
)
from proofs.formula.tokens import LATEX_VOCABULARY, PLAIN_VOCABULARY
from proofs.theory.expr import (
    Add,
    Diag,
    Expr,
    Hadamard,
    Jacobian,
    MatMul,
    Neg,
    Scale,
    Transpose,
    Vector,
    Zero,
)

X, Y = Vector("x"), Vector("y")
DX, DY = Jacobian(X), Jacobian(Y)
PLAIN_TERM = f"expected a term ({PLAIN_VOCABULARY})"
LATEX_TERM = f"expected a term ({LATEX_VOCABULARY})"
BETWEEN_TERMS = "expected an operator (@, *, ⊙, +, -) between two terms"
END = "expected an operator or the end of the formula"
EOF = "unexpected end of the formula: "
ONLY_TRANSPOSE = r"only the transpose ^\top (or ^T) is in the vocabulary"
ALONE_PLAIN = "stands alone; a number must multiply a matrix (*)"
ALONE_LATEX = r"stands alone; a number must multiply a matrix (juxtaposition or \cdot)"
LHS = r"must be \frac{\partial (\boldsymbol{x} \odot \boldsymbol{y})}{\partial \boldsymbol{z}}"


def refusal(text: str, *, latex: bool) -> str:
    with pytest.raises(InputError) as info:
        parse_formula(text, latex=latex)
    return str(info.value)


# (input, latex, column, the whole message after "check-formula: column N: ")
EXACT_REFUSALS: list[tuple[str, bool, int, str]] = [
    # plain: what a term, an operator or a closing bracket must be
    ("(x", False, 3, EOF + "expected ')' to close the '(' at column 1"),
    ("diag x", False, 6, "unexpected 'x': expected '(' after diag"),
    ("diag(x", False, 7, EOF + "expected ')' to close diag( at column 5"),
    ("x)", False, 2, f"unexpected ')': {END}"),
    ("x y", False, 3, f"unexpected 'y': {BETWEEN_TERMS}"),
    ("x 2", False, 3, f"unexpected '2': {BETWEEN_TERMS}"),
    ("x (y)", False, 3, f"unexpected '(': {BETWEEN_TERMS}"),
    ("x @ )", False, 5, f"unexpected ')': {PLAIN_TERM}"),
    ("x @ =", False, 5, f"unexpected '=': {PLAIN_TERM}"),
    ("dx_dz = dy_dz", False, 7, "unexpected '=': give the right-hand side only, or use --latex"),
    ("dx_dz @ z", False, 9, f"unknown name 'z' (the vocabulary is {PLAIN_VOCABULARY})"),
    # plain: numbers
    ("2 @ 3", False, 3, "@ needs two vectors or matrices, not numbers"),
    ("2 ⊙ 3", False, 3, "⊙ needs two vectors or matrices, not numbers"),
    ("2 @ x", False, 3, "'@' needs matrices on both sides; multiply a number with *"),
    ("x @ 2", False, 3, "'@' needs matrices on both sides; multiply a number with *"),
    ("x ⊙ 2", False, 3, "'⊙' needs matrices on both sides; multiply a number with *"),
    ("2 * 3", False, 1, f"the number 6 {ALONE_PLAIN}"),
    ("-3", False, 1, f"the number -3 {ALONE_PLAIN}"),
    ("x + -3", False, 5, f"the number -3 {ALONE_PLAIN}"),
    ("x - 3", False, 5, f"the number 3 {ALONE_PLAIN}"),
    ("3 + x", False, 1, f"the number 3 {ALONE_PLAIN}"),
    ("diag(2)", False, 6, f"the number 2 {ALONE_PLAIN}"),
    ("2.T", False, 2, "a number cannot be transposed"),
    # LaTeX: brackets, font commands, fractions
    ("(x", True, 3, EOF + "expected ')' to close the '(' at column 1"),
    ("[x", True, 3, EOF + "expected ']' to close the '[' at column 1"),
    ("{x", True, 3, EOF + "expected '}' to close the '{' at column 1"),
    ("[x)", True, 3, "unexpected ')': expected ']' to close the '[' at column 1"),
    ("x + )", True, 5, f"unexpected ')': {LATEX_TERM}"),
    ("x + ]", True, 5, f"unexpected ']': {LATEX_TERM}"),
    ("x + }", True, 5, f"unexpected '}}': {LATEX_TERM}"),
    ("x +", True, 4, EOF + LATEX_TERM),
    (r"x \sqrt{y}", True, 3, f"unexpected 'sqrt': {END}"),
    ("x ]", True, 3, f"unexpected ']': {END}"),
    ("x }", True, 3, f"unexpected '}}': {END}"),
    (r"\sqrt{x}", True, 1, rf"unknown LaTeX command \sqrt (the vocabulary is {LATEX_VOCABULARY})"),
    (r"\mathbf +", True, 9, "unexpected '+': expected '{' or a letter after the font command"),
    (r"\mathbf{x", True, 10, EOF + "expected '}' to close the font command's argument"),
    (r"x + \mathbf{a}", True, 5, f"unknown symbol 'a' (the vocabulary is {LATEX_VOCABULARY})"),
    (r"x + \mathbf a", True, 13, f"unknown symbol 'a' (the vocabulary is {LATEX_VOCABULARY})"),
    (r"\mathbf{x1}", True, 1, f"unknown symbol 'x1' (the vocabulary is {LATEX_VOCABULARY})"),
    ("dia", True, 1, f"unknown symbol 'd' (the vocabulary is {LATEX_VOCABULARY})"),
    ("x + d", True, 5, f"unknown symbol 'd' (the vocabulary is {LATEX_VOCABULARY})"),
    ("x_i", True, 2, "subscripts such as x_i are not in the vocabulary"),
    (r"\frac x", True, 7, r"unexpected 'x': expected '{' after \frac"),
    (
        r"\frac{x}{\partial z}",
        True,
        1,
        r"only \frac{\partial ...}{\partial z} is in the vocabulary",
    ),
    (
        r"\frac{\partial x y",
        True,
        18,
        r"unexpected 'y': expected '}' to close the numerator of \frac",
    ),
    (
        r"\frac{\partial x} x",
        True,
        19,
        r"unexpected 'x': expected '{' before the denominator of \frac",
    ),
    (
        r"\frac{\partial x}{\partial z",
        True,
        29,
        EOF + r"expected '}' to close the denominator of \frac",
    ),
    (r"\frac{\partial y}{z}", True, 19, r"unexpected 'z': expected \partial \boldsymbol{z}"),
    (r"\frac{\partial y}{\partial +}", True, 28, r"unexpected '+': expected z after \partial"),
    (
        r"\frac{\partial y}{\partial w}",
        True,
        28,
        "derivatives are taken with respect to z, not 'w'",
    ),
    (
        r"\frac{\partial y}{\partial \mathbf{w}}",
        True,
        28,
        "derivatives are taken with respect to z, not 'w'",
    ),
    (r"\partial y", True, 11, EOF + r"expected '/' in \partial y / \partial z"),
    (r"\frac{\partial 2}{\partial z}", True, 16, f"the number 2 {ALONE_LATEX}"),
    (
        r"\frac{\partial 0}{\partial z}",
        True,
        1,
        "the right-hand side may differentiate only x and y",
    ),
    (
        r"x + \partial (x \odot y) / \partial z",
        True,
        5,
        "the right-hand side may differentiate only x and y",
    ),
    (
        r"\frac{\partial x}{\partial z} + \frac{\partial (x \odot y)}{\partial z}",
        True,
        33,
        "the right-hand side may differentiate only x and y",
    ),
    # LaTeX: transposes
    ("x^2", True, 2, f"{ONLY_TRANSPOSE}"),
    ("x^{2}", True, 2, f"{ONLY_TRANSPOSE}"),
    (r"x + x^\mathrm{x}", True, 6, f"{ONLY_TRANSPOSE}"),
    (r"x^{\top", True, 8, EOF + "expected '}' after the transpose mark"),
    ("x^{T", True, 5, EOF + "expected '}' after the transpose mark"),
    ("2^T", True, 2, "a number cannot be transposed"),
    # LaTeX: numbers
    ("3", True, 1, f"the number 3 {ALONE_LATEX}"),
    (r"\mathrm{diag} 2", True, 15, f"the number 2 {ALONE_LATEX}"),
    (r"2 \odot 3", True, 3, "⊙ needs two vectors or matrices, not numbers"),
    (
        r"x \odot 2",
        True,
        3,
        r"'⊙' needs matrices on both sides; multiply a number with juxtaposition or \cdot",
    ),
    # LaTeX: a bracket of the right kind but the wrong one, where a closing or opening one must be
    ("(x]", True, 3, "unexpected ']': expected ')' to close the '(' at column 1"),
    ("x^{T{", True, 5, "unexpected '{': expected '}' after the transpose mark"),
    (r"\mathbf}x}", True, 8, "unexpected '}': expected '{' or a letter after the font command"),
    (r"\mathbf{x{", True, 10, "unexpected '{': expected '}' to close the font command's argument"),
    (r"\frac}\partial x}{\partial z}", True, 6, r"unexpected '}': expected '{' after \frac"),
    (
        r"\frac{\partial x{{\partial z}",
        True,
        17,
        r"unexpected '{': expected '}' to close the numerator of \frac",
    ),
    (
        r"\frac{\partial x}}\partial z}",
        True,
        18,
        r"unexpected '}': expected '{' before the denominator of \frac",
    ),
    (
        r"\frac{\partial x}{\partial z{",
        True,
        29,
        r"unexpected '{': expected '}' to close the denominator of \frac",
    ),
    ("diag)x)", False, 5, "unexpected ')': expected '(' after diag"),
    # LaTeX: a token of the wrong kind where the grammar wants one command or letter
    (
        r"\partial y + \partial z",
        True,
        12,
        r"unexpected '+': expected '/' in \partial y / \partial z",
    ),
    ("x^}T}", True, 2, ONLY_TRANSPOSE),
    ("x^x", True, 2, ONLY_TRANSPOSE),
    (r"x^\sqrt{T}", True, 2, ONLY_TRANSPOSE),
    (
        r"\frac{\partial y}{\mathbf z}",
        True,
        19,
        r"unexpected 'mathbf': expected \partial \boldsymbol{z}",
    ),
    (
        r"\frac{\partial y}{\partial \sqrt z}",
        True,
        28,
        r"unexpected 'sqrt': expected z after \partial",
    ),
    (
        r"\frac{\mathbf x}{\partial z}",
        True,
        1,
        r"only \frac{\partial ...}{\partial z} is in the vocabulary",
    ),
    ("xiag(y)", True, 2, f"unknown symbol 'i' (the vocabulary is {LATEX_VOCABULARY})"),
    # LaTeX: the equation
    (r"x = y", True, 1, f"the left-hand side (before the '=' at column 3) {LHS}"),
    (
        r"  \frac{\partial x}{\partial z} = x",
        True,
        3,
        f"the left-hand side (before the '=' at column 33) {LHS}",
    ),
    (r"\frac{\partial (x \odot y)}{\partial z} = x = y", True, 45, f"unexpected '=': {END}"),
]


@pytest.mark.parametrize(
    ("text", "latex", "column", "message"),
    EXACT_REFUSALS,
    ids=[f"{'latex' if r[1] else 'plain'}-{i}" for i, r in enumerate(EXACT_REFUSALS)],
)
def test_each_refusal_is_one_exact_line(text: str, latex: bool, column: int, message: str) -> None:
    assert refusal(text, latex=latex) == f"check-formula: column {column}: {message}"


# (input, latex, the right-hand side it must read as)
ACCEPTED: list[tuple[str, bool, Expr]] = [
    # plain: precedence (postfix, then signs, then products, then sums), left associativity
    ("x @ y @ x", False, MatMul(MatMul(X, Y), X)),
    ("x @ y * x", False, Hadamard(MatMul(X, Y), X)),
    ("x - y - x", False, Add(Add(X, Neg(Y)), Neg(X))),
    ("x - y + x", False, Add(Add(X, Neg(Y)), X)),
    ("x + y @ x", False, Add(X, MatMul(Y, X))),
    ("-x.T", False, Neg(Transpose(X))),
    ("--x", False, Neg(Neg(X))),
    ("-+x", False, Neg(X)),
    ("x * y", False, Hadamard(X, Y)),
    ("x ∘ y", False, Hadamard(X, Y)),
    ("x @ y", False, MatMul(X, Y)),
    ("(x @ y)", False, MatMul(X, Y)),
    ("diag(x + y)", False, Diag(Add(X, Y))),
    ("O.T", False, Transpose(Zero())),
    # plain: numbers fold, multiply matrices, and 0 is the zero matrix
    ("x * 2", False, Scale(2, X)),
    ("2 * x * 3", False, Scale(3, Scale(2, X))),
    ("2 * (3 * x)", False, Scale(2, Scale(3, X))),
    ("- -2 * x", False, Scale(2, X)),
    ("0", False, Zero()),
    ("-0", False, Zero()),
    ("(0)", False, Zero()),
    ("0 - x", False, Add(Zero(), Neg(X))),
    ("x @ (0 + y)", False, MatMul(X, Add(Zero(), Y))),
    ("diag(0)", False, Diag(Zero())),
    ("dx_dz + dy_dz", False, Add(DX, DY)),
    # LaTeX: the three product spellings and juxtaposition before every kind of term
    ("x y", True, MatMul(X, Y)),
    (r"x \cdot y", True, MatMul(X, Y)),
    ("x · y", True, MatMul(X, Y)),
    (r"x \odot y", True, Hadamard(X, Y)),
    (r"x \circ y", True, Hadamard(X, Y)),
    ("x ⊙ y", True, Hadamard(X, Y)),
    ("x (y)", True, MatMul(X, Y)),
    ("x [y]", True, MatMul(X, Y)),
    ("x {y}", True, MatMul(X, Y)),
    (r"x \mathbf{y}", True, MatMul(X, Y)),
    (r"x \frac{\partial y}{\partial z}", True, MatMul(X, DY)),
    (r"x \partial y / \partial z", True, MatMul(X, DY)),
    (r"x \diag(y)", True, MatMul(X, Diag(Y))),
    ("x diag(y)", True, MatMul(X, Diag(Y))),
    ("x y x", True, MatMul(MatMul(X, Y), X)),
    (r"x + y \odot x", True, Add(X, Hadamard(Y, X))),
    # LaTeX: numbers
    ("x 2", True, Scale(2, X)),
    ("2 3 x", True, Scale(6, X)),
    (r"2 \cdot 3 \cdot x", True, Scale(6, X)),
    (r"-2 \cdot x", True, Scale(-2, X)),
    # LaTeX: names in fonts, braced or not, and diag's one-term argument
    (r"\mathbf x", True, X),
    (r"\mathbf 0", True, Zero()),
    (r"\mathbf{O}", True, Zero()),
    ("O", True, Zero()),
    (r"\mathrm{diag}(x)", True, Diag(X)),
    (r"\mathrm{diag} x y", True, MatMul(Diag(X), Y)),
    (r"\mathrm{diag} 0", True, Diag(Zero())),
    (r"\diag{x \odot y}", True, Diag(Hadamard(X, Y))),
    ("diag(x)", True, Diag(X)),
    ("diag x", True, Diag(X)),
    # LaTeX: every transpose mark
    ("x^T", True, Transpose(X)),
    ("x^{T}", True, Transpose(X)),
    (r"x^\top", True, Transpose(X)),
    (r"x^{\top}", True, Transpose(X)),
    (r"x^\intercal", True, Transpose(X)),
    ("x^⊤", True, Transpose(X)),
    (r"x^\mathsf{T}", True, Transpose(X)),
    (r"x^{\mathsf{T}}", True, Transpose(X)),
    (r"x^\mathrm T", True, Transpose(X)),
    ("x^T^T", True, Transpose(Transpose(X))),
    # LaTeX: derivatives
    (r"\tfrac{\partial x}{\partial z}", True, DX),
    (r"\frac{\partial y}{\partial \mathbf z}", True, DY),
    (r"\partial y / \partial z", True, DY),
    ("∂x/∂z", True, DX),
]


@pytest.mark.parametrize(
    ("text", "latex", "expected"),
    ACCEPTED,
    ids=[f"{'latex' if r[1] else 'plain'}-{r[0]}" for r in ACCEPTED],
)
def test_accepted_spellings_read_as_these_nodes(text: str, latex: bool, expected: Expr) -> None:
    parsed = parse_formula(text, latex=latex)
    assert parsed.lhs is None
    assert parsed.rhs == expected


def test_an_equation_keeps_its_lhs_and_checks_only_the_rhs_jacobians() -> None:
    parsed = parse_formula(r"\frac{\partial (x \odot y)}{\partial z} = 0", latex=True)
    assert parsed == ParsedFormula(lhs=DERIVATIVE, rhs=Zero())
    rhs = r"\partial x / \partial z"
    parsed = parse_formula(r"\partial (y \odot x) / \partial z = " + rhs, latex=True)
    assert parsed.lhs == Jacobian(Hadamard(Y, X))
    assert parsed.rhs == DX


# -- nesting: MAX_NESTING levels are read, one more is refused at the token that opens it --


def _nested(opening: str, inner: str, closing: str, depth: int) -> str:
    return opening * depth + inner + closing * depth


FRACTION_OPEN, FRACTION_CLOSE = r"\frac{\partial ", r"}{\partial z}"
NESTING: list[tuple[str, str, str, bool, int]] = [
    # (opening, inner, closing, latex, width of one opening)
    ("(", "x", ")", False, 1),
    ("-", "x", "", False, 1),
    ("+", "x", "", False, 1),
    ("diag(", "x", ")", False, 5),
    ("(", "x", ")", True, 1),
    ("[", "x", "]", True, 1),
    ("{", "x", "}", True, 1),
    ("-", "x", "", True, 1),
    (r"\diag ", "x", "", True, 6),
    ("diag ", "x", "", True, 5),
]


@pytest.mark.parametrize(
    ("opening", "inner", "closing", "latex", "width"),
    NESTING,
    ids=[f"{'latex' if n[3] else 'plain'}-{n[0]}" for n in NESTING],
)
def test_nesting_is_bounded_exactly_at_each_kind_of_bracket(
    opening: str, inner: str, closing: str, latex: bool, width: int
) -> None:
    parse_formula(_nested(opening, inner, closing, MAX_NESTING), latex=latex)
    column = MAX_NESTING * width + 1 + (width - 1 if opening == "diag(" else 0)
    assert refusal(_nested(opening, inner, closing, MAX_NESTING + 1), latex=latex) == (
        f"check-formula: column {column}: nesting deeper than {MAX_NESTING} levels"
    )


def test_a_fraction_nests_its_numerator_one_level_deeper() -> None:
    half = MAX_NESTING // 2  # each \frac{\partial ...} opens two levels
    text = _nested(FRACTION_OPEN, "x", FRACTION_CLOSE, half)
    width = len(FRACTION_OPEN)
    # within the limit, so read whole; then the second-innermost \frac (a Jacobian of a
    # Jacobian) is refused as differentiating something other than x or y
    assert refusal(text, latex=True) == (
        f"check-formula: column {(half - 2) * width + 1}: "
        "the right-hand side may differentiate only x and y"
    )
    deeper = _nested(FRACTION_OPEN, "x", FRACTION_CLOSE, half + 1)  # the \frac opens level 33
    assert refusal(deeper, latex=True) == (
        f"check-formula: column {half * width + 1}: nesting deeper than {MAX_NESTING} levels"
    )
    shifted = "(" + text + ")"  # the last \partial opens level 33
    assert refusal(shifted, latex=True) == (
        f"check-formula: column {1 + (half - 1) * width + 7}: "
        f"nesting deeper than {MAX_NESTING} levels"
    )


def test_an_inline_derivative_nests_its_operand() -> None:
    inner = r"\partial x / \partial z"
    assert parse_formula(_nested("(", inner, ")", MAX_NESTING - 1), latex=True).rhs == DX
    assert refusal(_nested("(", inner, ")", MAX_NESTING), latex=True) == (
        f"check-formula: column {MAX_NESTING + 1}: nesting deeper than {MAX_NESTING} levels"
    )


def test_each_closed_bracket_gives_its_level_back() -> None:
    many = MAX_NESTING + 8
    parse_formula(" + ".join(["(x)"] * many), latex=False)
    parse_formula(" + ".join(["-x"] * many), latex=False)
    parse_formula(" + ".join(["diag(x)"] * many), latex=False)
    parse_formula(" ".join([r"\mathrm{diag}(x)"] * many), latex=True)
    parse_formula(" ".join([r"\frac{\partial x}{\partial z}"] * many), latex=True)


# -- operations: MAX_NODES nodes are read; the next one is refused at the token that makes it --

PLAIN_FULL = "x" + ".T" * (MAX_NODES - 1)  # MAX_NODES nodes
PLAIN_ALMOST = "x" + ".T" * (MAX_NODES - 2)
LATEX_FULL = "x" + "^T" * (MAX_NODES - 1)
LATEX_ALMOST = "x" + "^T" * (MAX_NODES - 2)
FULL = (PLAIN_FULL, LATEX_FULL)

# (prefix, suffix, latex, the 1-based column in the suffix of the token making node 129)
NODE_LIMIT: list[tuple[str, str, bool, int]] = [
    (PLAIN_FULL, ".T", False, 1),
    (PLAIN_FULL, " @ y", False, 4),
    (PLAIN_FULL, " @ dx_dz", False, 4),
    (PLAIN_FULL, " @ O", False, 4),
    (PLAIN_FULL, " + 0", False, 2),
    (PLAIN_FULL, " @ diag(0)", False, 8),
    (PLAIN_ALMOST, " @ y", False, 2),
    (PLAIN_ALMOST, " * y", False, 2),
    (PLAIN_ALMOST, " + y", False, 2),
    (PLAIN_ALMOST, " - y", False, 2),
    (PLAIN_ALMOST, " @ -y", False, 4),
    (PLAIN_ALMOST, " @ (0 + y)", False, 7),
    (LATEX_FULL, "^T", True, 1),
    (LATEX_FULL, " y", True, 2),
    (LATEX_FULL, r" \mathbf{y}", True, 2),
    (LATEX_FULL, r" \mathbf y", True, 10),
    (LATEX_FULL, " O", True, 2),
    (LATEX_FULL, r" \diag 0", True, 2),
    (LATEX_FULL, r" \frac{\partial 0}{\partial z}", True, 8),
    (LATEX_FULL, r" \partial 0 / \partial z", True, 2),
    (LATEX_ALMOST, " y", True, 2),
    (LATEX_ALMOST, r" \odot y", True, 2),
    (LATEX_ALMOST, r" \frac{\partial y}{\partial z}", True, 2),
    (LATEX_ALMOST, r" \partial y / \partial z", True, 2),
]


@pytest.mark.parametrize(
    ("prefix", "suffix", "latex", "column"),
    NODE_LIMIT,
    ids=[
        f"{'latex' if n[2] else 'plain'}-{'full' if n[0] in FULL else 'almost'}{n[1]}"
        for n in NODE_LIMIT
    ],
)
def test_the_node_beyond_the_limit_is_named_by_its_token(
    prefix: str, suffix: str, latex: bool, column: int
) -> None:
    parse_formula(prefix, latex=latex)
    assert refusal(prefix + suffix, latex=latex) == (
        f"check-formula: column {len(prefix) + column}: "
        f"more than {MAX_NODES} operations in one formula"
    )


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("2 * " + PLAIN_FULL, False),
        ("diag(" + PLAIN_FULL + ")", False),
        ("2 " + LATEX_FULL, True),
        (r"\mathrm{diag}(" + LATEX_FULL + ")", True),
        (r"\diag{" + LATEX_FULL + "}", True),
        ("diag(" + LATEX_FULL + ")", True),
    ],
    ids=[
        "plain-scale",
        "plain-diag",
        "latex-scale",
        "latex-mathrm-diag",
        "latex-diag",
        "latex-d-i-a-g",
    ],
)
def test_a_node_around_a_full_formula_is_refused_at_its_own_token(text: str, latex: bool) -> None:
    column = 3 if text.startswith("2") else 1
    assert refusal(text, latex=latex) == (
        f"check-formula: column {column}: more than {MAX_NODES} operations in one formula"
    )
