"""Sharp cases for the Coq readers' corners: the comment stripper at a comment's edges, the
``Print Assumptions`` reader on one-letter and unexpected lines, and every branch of the
``_CoqProject`` reader, each with the exact error it must give.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hadamard.errors import InputError
from proofs.coq.kernel import forbidden_vernacular, parse_assumptions, read_project


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
