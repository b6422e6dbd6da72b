"""Sharp cases for the checkers' corners that broader tests left unpinned (found by mutmut).

The tokenizer's columns and the ``.T`` rule, the Coq comment stripper at a comment's edges, the
``Print Assumptions`` reader on one-letter and unexpected lines, and every branch of the
``_CoqProject`` reader, each with the exact error it must give.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hadamard.errors import InputError
from proofs.coq.kernel import forbidden_vernacular, parse_assumptions, read_project
from proofs.formula.tokens import (
    LATEX_VOCABULARY,
    MAX_CHARS,
    PLAIN_VOCABULARY,
    tokenize_latex,
    tokenize_plain,
)


@pytest.mark.parametrize("text", ["x.Tx", "x.T_", "x.T2"])
def test_dot_t_glued_to_a_name_is_not_a_transpose(text: str) -> None:
    with pytest.raises(InputError, match=r"^check-formula: column 2: unexpected character '\.'"):
        tokenize_plain(text)


def test_dot_t_before_an_operator_is_a_transpose() -> None:
    assert [t.kind for t in tokenize_plain("x.T+y")] == ["NAME", "DOT_T", "OP", "NAME", "END"]


def test_latex_tokens_carry_their_columns() -> None:
    tokens = tokenize_latex(r"12 + \odot ⊙ x")
    assert [(t.kind, t.text, t.column) for t in tokens] == [
        ("INT", "12", 1),
        ("OP", "+", 4),
        ("COMMAND", "odot", 6),
        ("COMMAND", "odot", 12),
        ("LETTER", "x", 14),
        ("END", "", 15),
    ]


def test_a_lone_backslash_is_named() -> None:
    with pytest.raises(InputError, match=r"^check-formula: column 3: a lone backslash$"):
        tokenize_latex("x \\")


@pytest.mark.parametrize("source", ["(**)Axiom a : False.", "(* c *)Axiom a : False."])
def test_words_right_after_a_comment_are_seen(source: str) -> None:
    assert forbidden_vernacular(source) == ("Axiom",)


def test_assumptions_with_one_letter_names_and_unexpected_lines_are_kept() -> None:
    printed = "Axioms:\nR : Set\nUnexpected text here\n"
    assert parse_assumptions(printed, ["t"]) == (("t", ("R", "Unexpected text here")),)


def project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "_CoqProject").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("text", "flags", "files"),
    [
        ("-R theories Root A.v", ("-R", "theories", "Root"), ("A.v",)),
        ("A.v -Q . Root", ("-Q", ".", "Root"), ("A.v",)),
        ("-Q a A -R b/c B X.v Y.v", ("-Q", "a", "A", "-R", "b/c", "B"), ("X.v", "Y.v")),
    ],
)
def test_coq_project_entries_in_any_order(
    tmp_path: Path, text: str, flags: tuple[str, ...], files: tuple[str, ...]
) -> None:
    parsed = read_project(project(tmp_path, text))
    assert (parsed.flags, parsed.files) == (flags, files)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A.v -Q .", r"_CoqProject: -Q needs a directory and a logical name$"),
        ("A.v -R", r"_CoqProject: -R needs a directory and a logical name$"),
        ("-Q ../up Root A.v", r"^file name '\.\./up' has an unsafe component '\.\.'"),
        ("-Q . Root -arg A.v", r"_CoqProject: unsupported entry '-arg' \(expected -Q, -R or a"),
        ("A.v B.v", r"_CoqProject must map a logical root \(-Q DIR NAME\) and list \.v files$"),
        ("-Q . Root", r"_CoqProject must map a logical root \(-Q DIR NAME\) and list \.v files$"),
    ],
)
def test_coq_project_refusals(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_project(project(tmp_path, text))


def test_a_missing_coq_project_names_the_directory_and_the_reason(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_project(tmp_path)
    assert str(caught.value) == f"{tmp_path} has no readable _CoqProject: No such file or directory"


def test_plain_tokens_carry_their_text_and_kind() -> None:
    tokens = tokenize_plain("(x.T)⊙y−2")
    assert [(t.kind, t.text, t.column) for t in tokens] == [
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


def test_a_formula_of_exactly_the_limit_is_read() -> None:
    assert len(tokenize_plain("x" + " " * (MAX_CHARS - 1))) == 2
    assert len(tokenize_latex("x" + " " * (MAX_CHARS - 1))) == 2


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
