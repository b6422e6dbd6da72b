r"""What check-formula cannot judge it refuses: one exact line naming the token, where, and why.

Grammar refusals name a column (1-based); refusals of a whole formula (not a form of the rule,
a definition elsewhere, second derivatives) name what the formula does. Code is never run: it
is refused as text.
"""

from __future__ import annotations

from typing import Any

import pytest

from hadamard import Layout
from hadamard.errors import InputError
from proofs.formula.check import check_formula
from proofs.formula.tokens import LATEX_VOCABULARY, PLAIN_VOCABULARY

PLAIN_TERM = f"expected a term ({PLAIN_VOCABULARY})"
LATEX_TERM = f"expected a term ({LATEX_VOCABULARY})"
END = "expected an operator or the end of the formula"
EOF = "unexpected end of the formula: "
ONLY_TRANSPOSE = r"only the transpose ^\top (or ^T) is in the vocabulary"
ALONE_PLAIN = "stands alone; a number must multiply a matrix (*)"
ALONE_LATEX = r"stands alone; a number must multiply a matrix (juxtaposition or \cdot)"
NAMES = "names are one letter, then digits or a subscript"
FRACTIONS = (
    r"only derivatives \frac{\partial ...}{\partial ...} are read; other fractions are out of scope"
)
NOT_THE_RULE = (
    "the formula is not a form of the Hadamard product rule: neither side is a derivative or a "
    "differential of a product (definitions, such as LSTM gate equations, are out of scope)"
)
FUNCTION = "a specific function is out of scope (σ or φ stands for any element-wise function)"


def refusal(text: str, latex: bool, **options: Any) -> str:
    with pytest.raises(InputError) as info:
        check_formula(text, latex=latex, layout=Layout.DENOMINATOR, **options)
    return str(info.value)


def row(text: str, latex: bool, column: int | None, message: str) -> Any:
    return pytest.param(text, latex, column, message, id=f"{'latex' if latex else 'plain'}: {text}")


GRAMMAR = [
    # plain: brackets, terms, operators
    row("(x", False, 3, EOF + "expected ')' to close the '(' at column 1"),
    row("diag x", False, 6, "unexpected 'x': expected '(' after diag"),
    row("diag(x", False, 7, EOF + "expected ')' to close diag( at column 5"),
    row("diag)x)", False, 5, "unexpected ')': expected '(' after diag"),
    row("x)", False, 2, f"unexpected ')': {END}"),
    row("x @ )", False, 5, f"unexpected ')': {PLAIN_TERM}"),
    row("x @ =", False, 5, f"unexpected '=': {PLAIN_TERM}"),
    row("x == y", False, 4, f"unexpected '=': {PLAIN_TERM}"),
    row("x ** 2", False, 4, f"unexpected '*': {PLAIN_TERM}"),
    row("dx_dz @", False, 8, EOF + PLAIN_TERM),
    row("∂y/", False, 4, EOF + "expected ∂z or dz after '/'"),
    row("d(x*y)/z", False, 8, "unexpected 'z': expected ∂z or dz after '/'"),
    row("(x)_t", False, 4, "the subscript _t is not an index i, j, k or l"),
    row("∂y/+z", False, 4, "unexpected '+': expected ∂z or dz after '/'"),
    row("sigma)x)", False, 6, "unexpected ')': expected '(' after sigma"),
    row("sigma(x(", False, 9, EOF + PLAIN_TERM),
    row("sigma(x", False, 8, EOF + "expected ')' to close sigma( at column 6"),
    row("np.diag(x", False, 10, EOF + "expected ')' to close np.diag( at column 8"),
    row("XY", False, 1, f"unknown name 'XY' ({NAMES}; the vocabulary is {PLAIN_VOCABULARY})"),
    row("∂y/z", False, 4, "unexpected 'z': expected ∂z or dz after '/'"),
    row("∂y/tz", False, 4, "unexpected 'tz': expected ∂z or dz after '/'"),
    row("∂yᵀ/∂zᵀ", False, 1, "∂yᵀ/∂zᵀ transposes both sides; write ∂y/∂z"),
    row("d(y).T/dz.T", False, 1, "∂yᵀ/∂zᵀ transposes both sides; write ∂y/∂z"),
    # plain: names and code
    row("foo", False, 1, f"unknown name 'foo' ({NAMES}; the vocabulary is {PLAIN_VOCABULARY})"),
    row(
        "__import__",
        False,
        1,
        f"unknown name '__import__' ({NAMES}; the vocabulary is {PLAIN_VOCABULARY})",
    ),
    row(
        "exec('x')",
        False,
        1,
        f"unknown name 'exec' ({NAMES}; the vocabulary is {PLAIN_VOCABULARY})",
    ),
    row(
        "x.__class__", False, 2, f"unexpected character '.' (the vocabulary is {PLAIN_VOCABULARY})"
    ),
    row("lambda: x", False, 7, f"unexpected character ':' (the vocabulary is {PLAIN_VOCABULARY})"),
    row(
        "[c for c in ()]",
        False,
        1,
        f"unexpected character '[' (the vocabulary is {PLAIN_VOCABULARY})",
    ),
    row(
        "dx_dz # comment",
        False,
        7,
        f"unexpected character '#' (the vocabulary is {PLAIN_VOCABULARY})",
    ),
    row("x\x00", False, 2, f"unexpected character '\\x00' (the vocabulary is {PLAIN_VOCABULARY})"),
    row(
        "dy_dz * x[:, None]",
        False,
        10,
        f"unexpected character '[' (the vocabulary is {PLAIN_VOCABULARY})",
    ),
    row("np.sum(x)", False, 1, "np.sum is not in the vocabulary (np.diag is)"),
    # plain: numbers
    row("2 @ 3", False, 3, "@ needs two vectors or matrices, not numbers"),
    row("2 ⊙ 3", False, 3, "⊙ needs two vectors or matrices, not numbers"),
    row("2 @ x", False, 3, "'@' needs matrices on both sides; multiply a number with *"),
    row("x @ 2", False, 3, "'@' needs matrices on both sides; multiply a number with *"),
    row("x ⊙ 2", False, 3, "'⊙' needs matrices on both sides; multiply a number with *"),
    row("2 * 3", False, 1, f"the number 6 {ALONE_PLAIN}"),
    row("-3", False, 1, f"the number -3 {ALONE_PLAIN}"),
    row("x + -3", False, 5, f"the number -3 {ALONE_PLAIN}"),
    row("x - 3", False, 5, f"the number 3 {ALONE_PLAIN}"),
    row("3 + x", False, 1, f"the number 3 {ALONE_PLAIN}"),
    row("diag(2)", False, 6, f"the number 2 {ALONE_PLAIN}"),
    row("2.T", False, 2, "a number cannot be transposed"),
    row("(2).T", False, 4, "a number cannot be transposed"),
    # LaTeX: brackets, font commands, fractions
    row("(x", True, 3, EOF + "expected ')' to close the '(' at column 1"),
    row("[x", True, 3, EOF + "expected ']' to close the '[' at column 1"),
    row("{x", True, 3, EOF + "expected '}' to close the '{' at column 1"),
    row(r"\{x", True, 4, EOF + "expected '\\\\}' to close the '\\\\{' at column 1"),
    row("[x)", True, 3, "unexpected ')': expected ']' to close the '[' at column 1"),
    row("(x]", True, 3, "unexpected ']': expected ')' to close the '(' at column 1"),
    row("x + )", True, 5, f"unexpected ')': {LATEX_TERM}"),
    row("x + }", True, 5, f"unexpected '}}': {LATEX_TERM}"),
    row("x +", True, 4, EOF + LATEX_TERM),
    row("x ]", True, 3, f"unexpected ']': {END}"),
    row(r"\mathbf +", True, 9, "unexpected '+': expected '{' or a letter after the font command"),
    row(r"\mathbf{x", True, 10, EOF + "expected '}' to close the font command's argument"),
    row(r"\mathbf}x}", True, 8, "unexpected '}': expected '{' or a letter after the font command"),
    row(r"\mathbf{x1}", True, 1, f"unknown symbol 'x1' (the vocabulary is {LATEX_VOCABULARY})"),
    row(r"\mathbf{xy}", True, 1, f"unknown symbol 'xy' (the vocabulary is {LATEX_VOCABULARY})"),
    row(r"\frac x", True, 7, r"unexpected 'x': expected '{' after \frac"),
    row(r"\frac{1}{2}", True, 1, FRACTIONS),
    row(r"\frac{x}{\partial z}", True, 1, FRACTIONS),
    row(r"\frac{\partial x y", True, 19, EOF + r"expected '}' to close the numerator of \frac"),
    row(
        r"\frac{\partial x} x",
        True,
        19,
        r"unexpected 'x': expected '{' before the denominator of \frac",
    ),
    row(
        r"\frac{\partial x}{\partial z",
        True,
        29,
        EOF + r"expected '}' to close the denominator of \frac",
    ),
    row(
        r"\frac{\partial x}{\partial z{",
        True,
        29,
        r"unexpected '{': expected '}' to close the denominator of \frac",
    ),
    row(r"\frac{\partial y}{z}", True, 19, r"unexpected 'z': expected \partial \boldsymbol{z}"),
    row(
        r"\frac{\partial y}{\mathbf z}",
        True,
        19,
        r"unexpected 'mathbf': expected \partial \boldsymbol{z}",
    ),
    row(r"\frac{\partial 2}{\partial z}", True, 16, f"the number 2 {ALONE_LATEX}"),
    row(
        r"\frac{\partial^2 (x \odot y)}{\partial z^2} = 0",
        True,
        15,
        "second derivatives are out of scope",
    ),
    # the same refusal for a power of the variable's differential, in either spelling
    row(
        r"\frac{\partial (x \odot y)}{\partial^2 z}",
        True,
        37,
        "second derivatives are out of scope",
    ),
    row(r"\partial (x \odot y) / \partial^2 z", True, 32, "second derivatives are out of scope"),
    row(
        r"\frac{\partial y^\top}{\partial z^\top}",
        True,
        1,
        "∂yᵀ/∂zᵀ transposes both sides; write ∂y/∂z",
    ),
    # LaTeX: transposes, primes, powers
    row("x^2", True, 2, ONLY_TRANSPOSE),
    row("x^{-1}", True, 2, ONLY_TRANSPOSE),
    row(r"x + x^\mathrm{x}", True, 6, ONLY_TRANSPOSE),
    row("x^x", True, 2, ONLY_TRANSPOSE),
    row(r"x^{\top", True, 8, EOF + "expected '}' after the transpose mark"),
    row("x^{T{", True, 5, "unexpected '{': expected '}' after the transpose mark"),
    row("2^T", True, 2, "a number cannot be transposed"),
    row("x'", True, 2, "x' is ambiguous (a transpose or a derivative); write ^\\top or σ'(·)"),
    row(r"\sigma x", True, 8, r"unexpected 'x': expected '(' after \sigma"),
    row(r"\sigma^2(x)", True, 1, r"only \sigma' (the derivative) may follow \sigma^"),
    row(r"\partial + x", True, 10, f"unexpected '+': {LATEX_TERM}"),
    row(r"\sigma^{\prime}x", True, 16, r"unexpected 'x': expected '(' after \sigma"),
    row(r"\sigma^{x}(a)", True, 1, r"only \sigma' (the derivative) may follow \sigma^"),
    row(r"\sigma^{\prime (a)", True, 16, r"unexpected '(': expected '}' after \prime"),
    row(
        r"J_y(\mathbf{zz})", True, 5, f"unknown symbol 'zz' (the vocabulary is {LATEX_VOCABULARY})"
    ),
    row(r"J_y(z", True, 6, EOF + "expected ')' to close the '(' at column 4"),
    row(r"{\rm x y}", True, 1, f"unknown symbol 'xy' (the vocabulary is {LATEX_VOCABULARY})"),
    row(r"{\rm}", True, 1, f"unknown symbol '' (the vocabulary is {LATEX_VOCABULARY})"),
    row(r"{\rm x", True, 7, EOF + "expected '}' to close the group"),
    row(r"\partial 2", True, 10, f"the number 2 {ALONE_LATEX}"),
    row(
        r"x \cdot_{foo} y",
        True,
        3,
        r"\cdot with a subscript is read only as \cdot_{\text{Hadamard}}",
    ),
    row(
        r"x \cdot_{Hadamard y",
        True,
        3,
        r"\cdot with a subscript is read only as \cdot_{\text{Hadamard}}",
    ),
    row(r"x \cdot_{H", True, 11, EOF + r"expected '}' after \cdot_{\text{Hadamard}"),
    row(
        r"x \cdot_a y",
        True,
        3,
        r"\cdot with a subscript is read only as \cdot_{\text{Hadamard}}",
    ),
    # LaTeX: numbers
    row("3", True, 1, f"the number 3 {ALONE_LATEX}"),
    row(r"\mathrm{diag} 2", True, 15, f"the number 2 {ALONE_LATEX}"),
    row(r"2 \odot 3", True, 3, "⊙ needs two vectors or matrices, not numbers"),
    row(
        r"x \odot 2",
        True,
        3,
        r"'⊙' needs matrices on both sides; multiply a number with juxtaposition or \cdot",
    ),
    # LaTeX: what is ambiguous or out of scope, named with its reason
    row(
        r"x \otimes y",
        True,
        3,
        r"\otimes is ambiguous: it is the Kronecker product, and some notes use it for the element-wise product; say which (check-formula --otimes-hadamard)",
    ),
    row(
        r"x \times y",
        True,
        3,
        r"\times is ambiguous (a cross, matrix or scalar product); write \odot for the element-wise product or juxtaposition for the matrix product",
    ),
    row(
        "x * y",
        True,
        3,
        r"'*' is ambiguous in LaTeX (convolution or the element-wise product); write \odot",
    ),
    row(
        r"\left| x \right|", True, 6, "|·| (an absolute value, norm or determinant) is out of scope"
    ),
    row(
        r"f \circ g",
        True,
        3,
        r"∘ next to f reads as a composition of functions; write \odot for the element-wise product",
    ),
    row(
        r"x \circ h",
        True,
        3,
        r"∘ next to h reads as a composition of functions; write \odot for the element-wise product",
    ),
    row(r"\sum_i x_i y_i", True, 1, r"\sum: sums over indices are out of scope"),
    row(
        r"x_1 \odot \cdots \odot x_k",
        True,
        11,
        r"\cdots: a pattern with ⋯ is not one formula; write the factors out",
    ),
    row(r"\langle x, y \rangle", True, 1, r"\langle: inner products ⟨·,·⟩ are out of scope"),
    row(r"x \in \mathbb{R}^N", True, 3, r"\in: a condition (x ∈ …) is not a formula of the rule"),
    row(r"a \coloneqq b", True, 3, r"\coloneqq: a definition (:=) is not a formula of the rule"),
    row(r"\sqrt{x}", True, 1, r"\sqrt: roots are out of scope"),
    row(r"\exp(x)", True, 1, rf"\exp: {FUNCTION}"),
    row(r"\tanh(a)", True, 1, rf"\tanh: {FUNCTION}"),
    row(
        r"\input{/etc/passwd}",
        True,
        1,
        f"unknown LaTeX command \\input (the vocabulary is {LATEX_VOCABULARY})",
    ),
    row(r"x_{ij}", True, 2, "the entry x_{ij} of a matrix is out of scope"),
    row(r"(x \odot y)_t", True, 12, "an entry's subscript must be one index: i, j, k or l"),
    # LaTeX: the tokenizer's own refusals
    row("x \\", True, 3, "a lone backslash"),
    row(r"x \^ y", True, 3, "unknown LaTeX control symbol '\\\\^'"),
    row(r"\begin{matrix} x \end{matrix}", True, 1, "the environment 'matrix' is out of scope"),
    row(r"\begin{pmatrix} 1 \end{pmatrix}", True, 1, "the environment 'pmatrix' is out of scope"),
    row(r"\label x", True, 1, r"\label needs a braced argument such as {eq:6-1-3}"),
    row(r"x # y", True, 3, f"unexpected character '#' (the vocabulary is {LATEX_VOCABULARY})"),
]


@pytest.mark.parametrize(("text", "latex", "column", "message"), GRAMMAR)
def test_each_grammar_refusal_is_one_exact_line(
    text: str, latex: bool, column: int, message: str
) -> None:
    assert refusal(text, latex) == f"check-formula: column {column}: {message}"


WHOLE = [
    row("", False, None, "the formula is empty"),
    row("   ", True, None, "the formula is empty"),
    row(",", True, None, "the formula is empty"),
    row("x = y", False, None, NOT_THE_RULE),
    row(r"h = w \odot f", True, None, NOT_THE_RULE),
    row(r"c_t = f_t \odot c_{t-1} + i_t \odot g_t", True, None, NOT_THE_RULE),
    row(
        r"\frac{\partial h}{\partial z} = \mathrm{diag}(w) \frac{\partial f}{\partial z}",
        True,
        None,
        "the formula differentiates h, which it does not define as a product (a definition elsewhere in the document is out of scope)",
    ),
    row(
        r"\frac{\partial c_t}{\partial c_{t-1}} = \mathrm{diag}(f_t)",
        True,
        None,
        "the formula differentiates c_t, which it does not define as a product (a definition elsewhere in the document is out of scope)",
    ),
    row(
        "dL_dx = g",
        False,
        None,
        "the formula differentiates L, which it does not define as a product (a definition elsewhere in the document is out of scope)",
    ),
    row(
        r"\frac{\partial L}{\partial x} = g \odot y",
        True,
        None,
        "the formula differentiates L, which it does not define as a product (a definition elsewhere in the document is out of scope)",
    ),
    row(
        "∂(∂x/∂z)/∂z",
        False,
        None,
        "a derivative of a derivative is out of scope (second derivatives)",
    ),
    row(
        r"\frac{\partial}{\partial z}\frac{\partial (x \odot y)}{\partial z} = 0",
        True,
        None,
        "a derivative of a derivative is out of scope (second derivatives)",
    ),
    row(
        "dx_dz @ dy_dw",
        False,
        None,
        "the formula differentiates with respect to w, z; give its left-hand side",
    ),
    row(
        "d(x * y) = dx_dz",
        False,
        None,
        "a formula with both differentials and Jacobians is out of scope",
    ),
    row(
        r"d(x \odot y) = \frac{\partial (x \odot y)}{\partial z} dz",
        True,
        None,
        "a formula with both differentials and Jacobians is out of scope",
    ),
    row(
        r"\frac{\partial (x \odot y)}{\partial z} = dx \odot y",
        True,
        None,
        "a formula with both differentials and Jacobians is out of scope",
    ),
    row(
        "dx + dy_dz",
        False,
        None,
        "a formula with both differentials and Jacobians needs its left-hand side",
    ),
    row(r"(x \odot y)_i", True, None, "an entry-level formula needs its left-hand side (… = …)"),
    row(
        r"\frac{\partial L}{\partial (x \odot y)} \odot y",
        True,
        None,
        "a gradient formula needs its left-hand side (∂L/∂x = …)",
    ),
    row(
        r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial (x \odot y)} \odot y + \frac{\partial L}{\partial (y \odot x \odot x)}",
        True,
        None,
        "L is differentiated against 2 different expressions ((x ⊙ y), (y ⊙ x ⊙ x)); a gradient formula takes it against one product",
    ),
    row(
        r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial (x \odot y)} \odot y",
        True,
        None,
        "L is a function of (x ⊙ y), which does not contain w",
    ),
    row(
        r"\dfrac{\partial (x \odot y)}{\partial (u \odot v)} = 0",
        True,
        None,
        "∂/∂(u ⊙ v): only a scalar (a loss L) is differentiated with respect to an expression",
    ),
    row(
        r"\frac{\partial \sigma(x)}{\partial z} = 0",
        True,
        None,
        "σ(x) applies a function to something other than the variable z: the chain rule is out of scope (the element-wise form is ∂σ(z)/∂z)",
    ),
    row(
        r"\frac{\partial \sigma(\sigma(x \odot y))}{\partial z} = 0",
        True,
        None,
        "σ(σ(x ⊙ y)) applies a function to something other than the variable z: the chain rule is out of scope (the element-wise form is ∂σ(z)/∂z)",
    ),
    row(
        r"\frac{\partial (a \odot b \odot c \odot d \odot e \odot f \odot g)}{\partial z} = 0",
        True,
        None,
        "the formula has degree 7 in its names and their derivatives; the checker reads degree ≤ 6 (up to 6 factors)",
    ),
    row(
        " @ ".join(["diag(x)"] * 7),
        False,
        None,
        "the formula has degree 7 in its names and their derivatives; the checker reads degree ≤ 6 (up to 6 factors)",
    ),
]


@pytest.mark.parametrize(("text", "latex", "column", "message"), WHOLE)
def test_a_formula_that_is_not_the_rule_is_refused_saying_why(
    text: str, latex: bool, column: None, message: str
) -> None:
    assert refusal(text, latex) == f"check-formula: {message}"


def test_refusals_are_one_line() -> None:
    for case in [*GRAMMAR, *WHOLE]:
        text, latex = case.values[0], case.values[1]
        assert "\n" not in refusal(str(text), bool(latex))


def test_otimes_is_refused_unless_the_reader_says_what_it_means() -> None:
    text = r"\frac{\partial (x \otimes y)}{\partial z} = J_y D_x + J_x D_y"
    assert "Kronecker" in refusal(text, True)
    assert check_formula(text, otimes_is_hadamard=True).holds
