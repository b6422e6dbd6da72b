"""Property tests of check-formula: junk never escapes as anything but InputError; printing and
parsing round-trip on generated formulas."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hadamard import Layout
from hadamard.errors import InputError
from proofs.formula.check import FormulaVerdict, check_formula
from proofs.formula.syntax import parse_formula
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

PLAIN_FRAGMENTS = [
    "x", "y", "dx_dz", "dy_dz", "diag", "(", ")", "@", "*", "⊙", "+", "-", ".T", "O", "0",
    "2", " ", "=", "z", ".", "_", "dz", "\\",
]  # fmt: skip
LATEX_FRAGMENTS = [
    r"\boldsymbol{x}", "y", r"\mathbf{y}", r"\frac", r"\partial", "{", "}", "(", ")", r"\left(",
    r"\right)", r"\mathrm{diag}", r"\operatorname{diag}", r"\odot", r"\cdot", "^", r"\top", "T",
    r"\boldsymbol{O}", "+", "-", "=", "/", "z", r"\boldsymbol{z}", "2", r"\,", "_", "$",
    r"\label{eq:1}", r"\begin{equation}", r"\end{equation}", "\\", r"\sqrt", " ",
]  # fmt: skip


def _check_is_total(text: str, *, latex: bool) -> None:
    """check_formula returns a verdict or raises InputError, for every layout; nothing else."""
    for layout in Layout:
        message = ""
        try:
            result = check_formula(text, latex=latex, layout=layout)
        except InputError as exc:
            message = str(exc)
        if message:
            assert "\n" not in message
            assert message.startswith("check-formula: ")
        else:
            assert isinstance(result, FormulaVerdict)
            assert result.report().startswith(("HOLDS: ", "FAILS: "))


@given(st.text(max_size=80), st.booleans())
def test_junk_strings_raise_only_input_error(text: str, latex: bool) -> None:
    _check_is_total(text, latex=latex)


@given(st.lists(st.sampled_from(PLAIN_FRAGMENTS), max_size=14))
def test_plain_token_soups_raise_only_input_error(fragments: list[str]) -> None:
    _check_is_total(" ".join(fragments), latex=False)
    _check_is_total("".join(fragments), latex=False)


@given(st.lists(st.sampled_from(LATEX_FRAGMENTS), max_size=14))
def test_latex_token_soups_raise_only_input_error(fragments: list[str]) -> None:
    _check_is_total(" ".join(fragments), latex=True)
    _check_is_total("".join(fragments), latex=True)


_LEAVES = st.sampled_from(
    [Vector("x"), Vector("y"), Jacobian(Vector("x")), Jacobian(Vector("y")), Zero()]
)


def _extend(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    pairs = st.tuples(inner, inner)
    return st.one_of(
        inner.map(Diag),
        inner.map(Neg),
        inner.map(Transpose),
        st.builds(Scale, st.integers(-5, 5), inner),
        pairs.map(lambda p: MatMul(*p)),
        pairs.map(lambda p: Hadamard(*p)),
        pairs.map(lambda p: Add(*p)),
    )


formulas = st.recursive(_LEAVES, _extend, max_leaves=8)


@given(formulas)
def test_printed_formulas_parse_back_to_the_same_nodes(expr: Expr) -> None:
    assert parse_formula(plain_text(expr), latex=False).rhs == expr


@given(formulas)
def test_generated_formulas_get_a_verdict_or_a_clear_refusal(expr: Expr) -> None:
    _check_is_total(plain_text(expr), latex=False)
