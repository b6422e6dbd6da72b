"""The check-formula grammar: what it reads (plain and LaTeX), what it refuses, and where."""

from __future__ import annotations

import pytest

from hadamard import Layout
from hadamard.errors import InputError
from proofs.formula.syntax import DERIVATIVE, MAX_NESTING, MAX_NODES, parse_formula
from proofs.formula.tokens import MAX_CHARS
from proofs.printing.plain import plain_text
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
from proofs.theory.registry import ERRATUM, theorem
from proofs.theory.theorems.hadamard_product import correct_form

X, Y = Vector("x"), Vector("y")
DX, DY = Jacobian(X), Jacobian(Y)
NUMERATOR_FORM = Add(MatMul(Diag(X), DY), MatMul(Diag(Y), DX))
DENOMINATOR_FORM = Add(MatMul(DY, Diag(X)), MatMul(DX, Diag(Y)))

# Seed equation 6-1-3, verbatim from the chapter (its Formula line and its equation block).
CHAPTER_FORMULA = (
    r"$\displaystyle\frac{\partial (\boldsymbol{x} \odot \boldsymbol{y})}{\partial "
    r"\boldsymbol{z}} = \mathrm{diag}(\boldsymbol{x}) \frac{\partial \boldsymbol{y}}{\partial "
    r"\boldsymbol{z}} + \mathrm{diag}(\boldsymbol{y}) \frac{\partial \boldsymbol{x}}{\partial "
    r"\boldsymbol{z}}$"
)
CHAPTER_EQUATION = (
    r"\begin{equation} \frac{\partial (\boldsymbol{x} \odot \boldsymbol{y})}{\partial "
    r"\boldsymbol{z}} = \mathrm{diag}(\boldsymbol{x}) \frac{\partial \boldsymbol{y}}{\partial "
    r"\boldsymbol{z}} + \mathrm{diag}(\boldsymbol{y}) \frac{\partial \boldsymbol{x}}{\partial "
    r"\boldsymbol{z}} \label{eq:6-1-3} \end{equation}"
)
CHAPTER_NOTE = r"\mathrm{diag}(\boldsymbol{x}) \, \partial \boldsymbol{y}/\partial \boldsymbol{z}"


PLAIN_CASES: list[tuple[str, Expr]] = [
    ("dy_dz @ diag(x) + dx_dz @ diag(y)", DENOMINATOR_FORM),
    ("diag(x) @ dy_dz + diag(y) @ dx_dz", NUMERATOR_FORM),
    ("dy_dz @ diag(x) - dx_dz @ diag(y)", Add(MatMul(DY, Diag(X)), Neg(MatMul(DX, Diag(Y))))),
    ("(diag(x) @ dy_dz.T).T", Transpose(MatMul(Diag(X), Transpose(DY)))),
    ("2 * dx_dz @ diag(x)", MatMul(Scale(2, DX), Diag(X))),
    ("dx_dz * 3", Scale(3, DX)),
    ("-2 * dx_dz", Scale(-2, DX)),
    ("2 * 3 * dx_dz", Scale(6, DX)),
    ("diag(x * y)", Diag(Hadamard(X, Y))),
    ("diag(x ⊙ y)", Diag(Hadamard(X, Y))),
    ("dy_dz @ diag(x) + O", Add(MatMul(DY, Diag(X)), Zero())),
    ("dy_dz @ diag(x) + 0", Add(MatMul(DY, Diag(X)), Zero())),
    ("dy_dz − dx_dz", Add(DY, Neg(DX))),  # the Unicode minus sign
    ("-dx_dz @ diag(y)", MatMul(Neg(DX), Diag(Y))),
    ("+dx_dz", DX),
    ("x.T.T", Transpose(Transpose(X))),
    ("  dy_dz\t@diag( x )  ", MatMul(DY, Diag(X))),
]


@pytest.mark.parametrize(("text", "expected"), PLAIN_CASES, ids=[c[0] for c in PLAIN_CASES])
def test_plain_syntax_parses_to_expression_nodes(text: str, expected: Expr) -> None:
    parsed = parse_formula(text, latex=False)
    assert parsed.lhs is None
    assert parsed.rhs == expected


LATEX_CASES: list[tuple[str, Expr]] = [
    (CHAPTER_FORMULA, NUMERATOR_FORM),
    (CHAPTER_EQUATION, NUMERATOR_FORM),
    (CHAPTER_NOTE, MatMul(Diag(X), DY)),
    (
        r"\frac{\partial \mathbf{y}}{\partial \mathbf{z}} \operatorname{diag}\left(\mathbf{x}"
        r"\right) + \frac{\partial \mathbf{x}}{\partial \mathbf{z}} \, \operatorname{diag}"
        r"\left(\mathbf{y}\right)",
        DENOMINATOR_FORM,
    ),
    (r"\frac{\partial y}{\partial z} \cdot \mathrm{diag}(x)", MatMul(DY, Diag(X))),
    (r"\dfrac{∂y}{∂z}\,diag(x)", MatMul(DY, Diag(X))),
    (r"\left( \frac{\partial y}{\partial z} \right)^\top", Transpose(DY)),
    (r"\frac{\partial y}{\partial z}^{T}", Transpose(DY)),
    (r"\frac{\partial y}{\partial z}^{\mathsf{T}}", Transpose(DY)),
    (r"\frac{\partial y}{\partial z}^\intercal", Transpose(DY)),
    (r"\boldsymbol{x} \odot \boldsymbol{y}", Hadamard(X, Y)),
    (r"\mathrm{diag}(x \circ y)", Diag(Hadamard(X, Y))),
    (r"2 \frac{\partial x}{\partial z} \mathrm{diag}(x)", MatMul(Scale(2, DX), Diag(X))),
    (r"2 \cdot \boldsymbol{O}", Scale(2, Zero())),
    (r"\mathbf{0} + \boldsymbol{O} + O", Add(Add(Zero(), Zero()), Zero())),
    (
        r"\frac{\partial y}{\partial z} \mathrm{diag}(x) - \boldsymbol{O}",
        Add(MatMul(DY, Diag(X)), Neg(Zero())),
    ),
    (r"\[ {\frac{\partial x}{\partial z}} \]", DX),
    (r"\bigl[ \mathrm{diag}(y) \bigr]", Diag(Y)),
    (r"\mathrm{diag}(\boldsymbol{x})^\top", Transpose(Diag(X))),
]


@pytest.mark.parametrize(
    ("text", "expected"), LATEX_CASES, ids=[f"latex-{i}" for i in range(len(LATEX_CASES))]
)
def test_latex_parses_to_expression_nodes(text: str, expected: Expr) -> None:
    assert parse_formula(text, latex=True).rhs == expected


def test_chapter_equation_lhs_is_the_derivative_of_the_hadamard_product() -> None:
    parsed = parse_formula(CHAPTER_EQUATION, latex=True)
    assert parsed.lhs == DERIVATIVE
    assert parsed.rhs == ERRATUM.printed.rhs  # what the chapter prints, read exactly


def test_lhs_with_the_factors_swapped_is_accepted() -> None:
    text = r"\frac{\partial (y \odot x)}{\partial z} = \frac{\partial x}{\partial z}"
    assert parse_formula(text, latex=True).lhs == Jacobian(Hadamard(Y, X))


@pytest.mark.parametrize("layout", list(Layout), ids=lambda lay: lay.value)
def test_plain_text_of_the_correct_form_parses_back_to_it(layout: Layout) -> None:
    form = correct_form(layout)
    assert parse_formula(plain_text(form), latex=False).rhs == form


@pytest.mark.parametrize(
    "expr",
    [
        Add(DX, Neg(Add(DY, DX))),
        Add(DX, Add(DY, DX)),
        Neg(MatMul(DX, Diag(X))),
        MatMul(DX, Neg(Diag(X))),
        Scale(-2, Neg(DX)),
        Neg(Scale(2, DX)),
        MatMul(DX, Scale(3, Diag(X))),
        Transpose(Neg(Add(DX, DY))),
        Hadamard(X, MatMul(Diag(Y), X)),
        MatMul(DX, MatMul(Diag(X), Diag(Y))),
        Neg(Neg(DX)),
        *(
            c.statement.rhs
            for c in theorem("hadamard_product").corollaries_in(Layout.DENOMINATOR)[:2]
        ),
    ],
    ids=plain_text,
)
def test_plain_text_round_trips_through_the_parser(expr: Expr) -> None:
    assert parse_formula(plain_text(expr), latex=False).rhs == expr


# (input, latex, fragment of the message, column named)
REFUSALS: list[tuple[str, bool, str, int]] = [
    ("__import__('os').system('x')", False, 'unexpected character "\'"', 12),
    ("__import__", False, "unknown name '__import__'", 1),
    ("x.__class__", False, "unexpected character '.'", 2),
    ("dx_dz @ z", False, "unknown name 'z'", 9),
    ("dx_dz diag(x)", False, "expected an operator", 7),
    ("dx_dz @", False, "unexpected end of the formula", 8),
    ("diag x", False, "'(' after diag", 6),
    ("(dx_dz", False, "')' to close the '(' at column 1", 7),
    ("dx_dz)", False, "expected an operator or the end", 6),
    ("3", False, "the number 3 stands alone", 1),
    ("dx_dz + 2", False, "the number 2 stands alone", 9),
    ("2 @ dx_dz", False, "'@' needs matrices on both sides", 3),
    ("2 ⊙ x", False, "'⊙' needs matrices on both sides", 3),
    ("2 ⊙ 3", False, "⊙ needs two vectors or matrices", 3),
    ("2 @ 3 * x", False, "@ needs two vectors or matrices, not numbers", 3),
    ("2.T", False, "a number cannot be transposed", 2),
    ("(2).T", False, "a number cannot be transposed", 4),
    ("dx_dz = dy_dz", False, "give the right-hand side only", 7),
    ("dx_dz # comment", False, "unexpected character '#'", 7),
    ("x\x00", False, "unexpected character '\\x00'", 2),
    ("", False, "the formula is empty", 0),
    ("   ", True, "the formula is empty", 0),
    (r"\sqrt{x}", True, r"unknown LaTeX command \sqrt", 1),
    (r"x_i", True, "subscripts such as x_i", 2),
    (r"x^{-1}", True, "only the transpose", 2),
    (r"x^2", True, "only the transpose", 2),
    (r"\frac{1}{2}", True, r"only \frac{\partial ...}{\partial z}", 1),
    (r"\frac{\partial y}{\partial w}", True, "with respect to z, not 'w'", 28),
    (r"\frac{\partial y}{\partial z", True, "'}' to close the denominator", 29),
    (r"\frac{\partial (x \odot y)}{\partial z}", True, "may differentiate only x and y", 1),
    (r"\frac{\partial x}{\partial z} = x", True, "the left-hand side (before the '='", 1),
    (r"\mathbf{a}", True, "unknown symbol 'a'", 1),
    (r"x + b", True, "unknown symbol 'b'", 5),
    (r"x \\ y", True, r"unknown LaTeX control symbol '\\\\'", 3),
    ("x \\", True, "a lone backslash", 3),
    (r"\begin{align} x \end{align}", True, "", 0),
    (r"\begin{matrix} x \end{matrix}", True, "unsupported environment 'matrix'", 1),
    (r"\label x", True, r"\label needs a braced name", 1),
    (r"x # y", True, "unexpected character '#'", 3),
    (r"2 \odot x", True, r"'⊙' needs matrices", 3),
    (r"x'", True, 'unexpected "\'"', 2),
    (r"\left. x \right|", True, "unexpected character '.'", 6),
]


@pytest.mark.parametrize(
    ("text", "latex", "fragment", "column"),
    REFUSALS,
    ids=[f"{'latex' if r[1] else 'plain'}-{i}" for i, r in enumerate(REFUSALS)],
)
def test_refusals_name_the_token_and_its_column(
    text: str, latex: bool, fragment: str, column: int
) -> None:
    if not fragment:  # accepted: align is an equation environment the tokenizer drops
        assert parse_formula(text, latex=latex).rhs == X
        return
    with pytest.raises(InputError) as info:
        parse_formula(text, latex=latex)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message
    if column:
        assert message.startswith(f"check-formula: column {column}: ")


def test_length_is_bounded() -> None:
    text = "+".join(["x"] * (MAX_CHARS // 2 + 1))
    with pytest.raises(InputError, match=rf"characters long; the limit is {MAX_CHARS}"):
        parse_formula(text, latex=False)


def test_nesting_is_bounded() -> None:
    depth = MAX_NESTING + 1
    with pytest.raises(InputError, match=rf"nesting deeper than {MAX_NESTING} levels"):
        parse_formula("(" * depth + "x" + ")" * depth, latex=False)
    with pytest.raises(InputError, match="nesting deeper"):
        parse_formula("{" * depth + "x" + "}" * depth, latex=True)
    with pytest.raises(InputError, match="nesting deeper"):
        parse_formula("-" * depth + "x", latex=False)
    ok = MAX_NESTING - 1
    assert parse_formula("(" * ok + "x" + ")" * ok, latex=False).rhs == X


def test_operation_count_is_bounded() -> None:
    with pytest.raises(InputError, match=rf"more than {MAX_NODES} operations"):
        parse_formula(" + ".join(["x"] * MAX_NODES), latex=False)
    with pytest.raises(InputError, match=rf"more than {MAX_NODES} operations"):
        parse_formula("x" + ".T" * MAX_NODES, latex=False)
