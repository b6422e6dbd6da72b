"""The tokenizers: every token's kind, text and 1-based column, and what layout-only LaTeX drops."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from hadamard.errors import InputError
from proofs.formula.tokens import (
    LATEX_VOCABULARY,
    PLAIN_VOCABULARY,
    Token,
    tokenize_latex,
    tokenize_plain,
)


def kinds(tokens: Sequence[Token]) -> list[tuple[str, str, int]]:
    return [(t.kind, t.text, t.column) for t in tokens]


def test_plain_tokens_carry_their_text_kind_and_column() -> None:
    assert kinds(tokenize_plain("(x.T)⊙y−2")) == [
        ("PAREN", "(", 1),
        ("NAME", "x", 2),
        ("DOT_T", ".T", 3),
        ("PAREN", ")", 5),
        ("OP", "⊙", 6),
        ("NAME", "y", 7),
        ("OP", "-", 8),
        ("INT", "2", 9),
        ("END", "", 10),
    ]


def test_plain_unicode_and_numpy_spellings() -> None:
    assert kinds(tokenize_plain("np.diag(x)ᵀ ∘ ∂y · 𝟏, σ'")) == [
        ("NAME", "np.diag", 1),
        ("PAREN", "(", 8),
        ("NAME", "x", 9),
        ("PAREN", ")", 10),
        ("DOT_T", "ᵀ", 11),
        ("OP", "⊙", 13),
        ("OP", "∂", 15),
        ("NAME", "y", 16),
        ("OP", "·", 18),
        ("ONES", "𝟏", 20),
        ("PUNCT", ",", 21),
        ("NAME", "sigma", 23),
        ("OP", "'", 24),
        ("END", "", 25),
    ]
    assert kinds(tokenize_plain("numpy.diag(x) np.")) == [
        ("NAME", "np.diag", 1),
        ("PAREN", "(", 11),
        ("NAME", "x", 12),
        ("PAREN", ")", 13),
        ("NAME", "np", 15),
        ("PUNCT", ".", 17),
        ("END", "", 18),
    ]


def test_a_subscript_after_a_bracket_is_one_token() -> None:
    assert kinds(tokenize_plain("(x)_i x_i")) == [
        ("PAREN", "(", 1),
        ("NAME", "x", 2),
        ("PAREN", ")", 3),
        ("SUB", "i", 4),
        ("NAME", "x_i", 7),
        ("END", "", 10),
    ]


@pytest.mark.parametrize("text", ["x.Tx", "x.T_", "x.T2"])
def test_dot_t_glued_to_a_name_is_not_a_transpose(text: str) -> None:
    with pytest.raises(InputError, match=r"^check-formula: column 2: unexpected character '\.'"):
        tokenize_plain(text)


def test_dot_t_before_an_operator_is_a_transpose_and_a_final_dot_is_punctuation() -> None:
    assert [t.kind for t in tokenize_plain("x.T+y")] == ["NAME", "DOT_T", "OP", "NAME", "END"]
    assert [t.kind for t in tokenize_plain("x + y. ")] == ["NAME", "OP", "NAME", "PUNCT", "END"]


def test_latex_tokens_carry_their_columns() -> None:
    assert kinds(tokenize_latex(r"12 + \odot ⊙ x")) == [
        ("INT", "12", 1),
        ("OP", "+", 4),
        ("COMMAND", "odot", 6),
        ("COMMAND", "odot", 12),
        ("LETTER", "x", 14),
        ("END", "", 15),
    ]


def test_latex_unicode_maps_to_commands() -> None:
    assert kinds(tokenize_latex("∂∇⊤ᵀ⊗×σ∘·−′‖𝟏")) == [
        ("COMMAND", "partial", 1),
        ("COMMAND", "nabla", 2),
        ("COMMAND", "top", 3),
        ("OP", "^", 4),
        ("COMMAND", "top", 4),
        ("COMMAND", "otimes", 5),
        ("COMMAND", "times", 6),
        ("COMMAND", "sigma", 7),
        ("COMMAND", "circ", 8),
        ("COMMAND", "cdot", 9),
        ("OP", "-", 10),
        ("OP", "'", 11),
        ("BAR", "‖", 12),
        ("ONES", "𝟏", 13),
        ("END", "", 14),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"\left. x", [("LETTER", "x", 8)]),
        (r"\right.x", [("LETTER", "x", 8)]),
        (r"\left\{ x", [("PAREN", "\\{", 6), ("LETTER", "x", 9)]),
        (r"\lbrace\rbrace", [("PAREN", "\\{", 1), ("PAREN", "\\}", 8)]),
        (r"\lbrack\rbrack", [("PAREN", "[", 1), ("PAREN", "]", 8)]),
        (
            r"\left\lparen x \right\rparen",
            [("PAREN", "(", 6), ("LETTER", "x", 14), ("PAREN", ")", 22)],
        ),
        (r"\| \vert \lvert", [("BAR", "‖", 1), ("BAR", "|", 4), ("BAR", "|", 10)]),
        (
            r"x \\ y \cr z \newline w",
            [
                ("LETTER", "x", 1),
                ("ROWSEP", "\\\\", 3),
                ("LETTER", "y", 6),
                ("ROWSEP", "\\\\", 8),
                ("LETTER", "z", 12),
                ("ROWSEP", "\\\\", 14),
                ("LETTER", "w", 23),
            ],
        ),
        (r"\tag{6-1-3} x", [("LETTER", "x", 13)]),
        (r"\tag*{a{b}c} x", [("LETTER", "x", 14)]),
        ("x % comment\ny", [("LETTER", "x", 1), ("LETTER", "y", 13)]),
        (r"\begin{alignat}{2} x \end{alignat}", [("LETTER", "x", 20)]),
        (r"a & = b", [("LETTER", "a", 1), ("OP", "=", 5), ("LETTER", "b", 7)]),
        (r"\ast \prime", [("OP", "*", 1), ("OP", "'", 6)]),
        (r"x~y", [("LETTER", "x", 1), ("LETTER", "y", 3)]),
        (r"\[x\]\(y\)", [("LETTER", "x", 3), ("LETTER", "y", 8)]),
    ],
)
def test_what_the_latex_tokenizer_keeps(text: str, expected: list[tuple[str, str, int]]) -> None:
    assert kinds(tokenize_latex(text))[:-1] == expected


def test_a_raw_argument_must_close() -> None:
    with pytest.raises(InputError, match=r"column 1: \\tag\{ is not closed within 200 characters"):
        tokenize_latex(r"\tag{" + "a" * 300 + "}")
    with pytest.raises(InputError, match=r"column 3: \\tag needs a braced argument"):
        tokenize_latex(r"x \tag x")


def test_a_lone_backslash_is_named() -> None:
    with pytest.raises(InputError, match=r"^check-formula: column 3: a lone backslash$"):
        tokenize_latex("x \\")


@pytest.mark.parametrize("tokenize", [tokenize_plain, tokenize_latex])
def test_an_empty_formula_is_named(tokenize: Callable[[str], object]) -> None:
    with pytest.raises(InputError, match=r"^check-formula: the formula is empty$"):
        tokenize(" \t")


@pytest.mark.parametrize(
    ("tokenize", "vocabulary"),
    [(tokenize_plain, PLAIN_VOCABULARY), (tokenize_latex, LATEX_VOCABULARY)],
)
def test_a_bad_character_names_the_vocabulary(
    tokenize: Callable[[str], object], vocabulary: str
) -> None:
    with pytest.raises(InputError) as caught:
        tokenize("x \x01")
    want = f"check-formula: column 3: unexpected character '\\x01' (the vocabulary is {vocabulary})"
    assert str(caught.value) == want
