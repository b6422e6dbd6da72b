"""``hadamard check-doc``: documents in, one line per checked formula, exit 0 / 1 / 2; standard
input, JSON, hostile files, and the pre-commit hook the repository ships."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hadamard.cli import main
from tests.proofs.formula.chapter import CHAPTER

ROOT = Path(__file__).resolve().parents[2]
RULE = r"\frac{\partial (x \odot y)}{\partial z} = J_y D_x + J_x D_y"
PRINTED = r"\frac{\partial (x \odot y)}{\partial z} = D_x J_y + D_y J_x"


def run(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        if stdin is not None:
            stack.enter_context(_stdin(stdin))
        status = main(["check-doc", *argv])
    return status, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def _stdin(text: str) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")
    try:
        yield
    finally:
        sys.stdin = saved


def test_the_seed_chapter_reports_6_1_3_and_the_formula_line_as_failing() -> None:
    status, out, err = run(str(CHAPTER))
    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert [
        line.split(": ")[0].rsplit(":", 1)[1] + ": " + line.split(": ")[1].split(" in ")[0]
        for line in lines[:4]
    ] == [
        "16: FAILS",
        "22: HOLDS",
        "26: HOLDS",
        "30: FAILS",
    ]
    assert lines[0].startswith(
        f"{CHAPTER}:16: FAILS in the denominator layout: ∂(x ⊙ y)/∂z = diag(x) ∂y/∂z + "
        "diag(y) ∂x/∂z — undefined at N=2, M=3; N=3, M=2; N=1, M=4 (in diag(x) ∂y/∂z: the "
        "matrix product 2 × 2 · 3 × 2 is undefined: 2 columns against 3 rows); wrong at "
        "N=3, M=3 (values differ; it matches the numerator layout's form, read in the "
        "denominator layout); erratum 6-1-3: the chapter's printed form, in the layout it "
        "declares — correct form: ∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)"
    )
    assert lines[1] == f"{CHAPTER}:22: HOLDS: (x ⊙ y)_i = x_i y_i"
    assert lines[2] == f"{CHAPTER}:26: HOLDS: ∂(x_i y_i)/∂z_j = x_i ∂y_i/∂z_j + y_i ∂x_i/∂z_j"
    assert lines[4] == (
        f"{CHAPTER}: 4 formulas checked (2 hold, 2 fail); 19 skipped (not about the rule); "
        "denominator layout (declared at line 11: “denominator layout”)"
    )
    assert len(lines) == 5


def test_the_seed_directory_is_its_chapter() -> None:
    # the issue runs check-doc on the seed's folder: the fixture folder holds only the chapter
    assert run(str(CHAPTER.parent)) == run(str(CHAPTER))


def test_a_directory_without_documents_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "code.py").write_text("x = 1\n", encoding="utf-8")
    status, out, err = run(str(tmp_path), str(CHAPTER))
    assert status == 2  # unreadable input wins
    assert err.startswith(f"hadamard: error: check-doc: {tmp_path}: a directory with no documents")
    assert err.count("\n") == 1
    assert f"{CHAPTER}:16: FAILS" in out  # the readable one is still checked


def test_json_gives_the_same_records_and_the_counts_on_stderr() -> None:
    status, out, err = run(str(CHAPTER), "--format", "json")
    assert status == 1
    records = json.loads(out)
    assert [(r["line"], r["verdict"], r["layout"]) for r in records] == [
        (16, "FAILS", "denominator"),
        (22, "HOLDS", None),
        (26, "HOLDS", None),
        (30, "FAILS", "denominator"),
    ]
    assert set(records[0]) == {
        "path", "line", "column", "formula", "layout", "verdict", "reason", "reading", "correct",
    }  # fmt: skip
    assert records[0]["column"] == 24  # the formula's first token, after \\displaystyle
    assert (
        err == f"{CHAPTER}: 4 formulas checked (2 hold, 2 fail); 19 skipped (not about the rule); "
        "denominator layout (declared at line 11: “denominator layout”)\n"
    )


def test_standard_input_is_read_with_dash() -> None:
    status, out, _ = run("-", stdin=f"Denominator layout.\n\n$${RULE}$$\n")
    assert status == 0
    assert (
        out.splitlines()[0]
        == "-:3: HOLDS in the denominator layout: ∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)"
    )


def test_bytes_that_are_not_utf8_on_standard_input_are_one_line_and_exit_2() -> None:
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(b"Denominator layout. \xff $x$\n"), encoding="utf-8")
    try:
        status, out, err = run("-")
    finally:
        sys.stdin = saved
    assert (status, out) == (2, "")
    assert err.startswith("hadamard: error: check-doc: -: ")
    assert err.count("\n") == 1


def test_a_standard_input_without_bytes_is_read_as_its_text() -> None:
    # An embedding program may replace sys.stdin with a text stream that has no .buffer.
    saved = sys.stdin
    sys.stdin = io.StringIO(f"Denominator layout.\n\n$${RULE}$$\n")
    try:
        status, out, _ = run("-")
    finally:
        sys.stdin = saved
    assert status == 0
    assert out.startswith("-:3: HOLDS in the denominator layout")


def test_otimes_is_read_as_the_hadamard_product_only_when_asked() -> None:
    rule = r"\frac{\partial (x \otimes y)}{\partial z} = J_y D_x + J_x D_y"
    text = f"Denominator layout.\n\n$${rule}$$\n"
    status, out, _ = run("-", stdin=text)
    assert status == 0
    assert out.startswith("-:3: NOT CHECKED in the denominator layout")
    assert "\\otimes is ambiguous" in out
    status, out, _ = run("-", "--otimes-hadamard", stdin=text)
    assert status == 0
    assert out.startswith("-:3: HOLDS in the denominator layout")


def test_a_document_is_given_at_most_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from proofs.formula import document

    monkeypatch.setattr(document, "MAX_SECONDS", -1.0)  # over before the first formula
    status, out, err = run("-", stdin=f"Denominator layout.\n\n$${RULE}$$\n")
    assert (status, out) == (2, "")
    assert "still checking at line 3 after -1 s (0 formulas checked)" in err


@pytest.mark.parametrize(("layout", "status"), [("denominator", 1), ("numerator", 0)])
def test_layout_overrides_what_the_document_declares(layout: str, status: int) -> None:
    assert run(str(CHAPTER), "--layout", layout)[0] == status


def test_the_input_format_can_be_said(tmp_path: Path) -> None:
    path = tmp_path / "notes.data"
    path.write_text(f"In the denominator layout, :math:`{PRINTED}`.\n", encoding="utf-8")
    assert run(str(path))[0] == 0  # as plain text: no $ … $, nothing checked
    status, out, _ = run(str(path), "--input-format", "rst")
    assert status == 1
    assert out.startswith(f"{path}:1: FAILS")


def test_every_document_is_reported_and_unreadable_input_wins(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(f"$${RULE}$$\n", encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe")
    status, out, err = run(str(good), str(bad), str(CHAPTER))
    assert status == 2
    assert out.count(": HOLDS") == 3  # good.md, and 6-1-1 and 6-1-2 of the chapter
    assert err == f"hadamard: error: check-doc: {bad}: not UTF-8 (byte 0xff at offset 0, line 1)\n"


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("binary.md", b"\x00\x01\x02", "a binary file (a NUL byte at offset 0), not a document"),
        ("latin1.tex", "é".encode("latin-1"), "not UTF-8 (byte 0xe9 at offset 0, line 1)"),
        ("deep.md", b"$" + b"{" * 10_000 + b"$", "nested deeper than 256 levels at line 1"),
        ("deep.ipynb", b"[" * 10_000, "nested deeper than 256 levels at line 1"),
    ],
    ids=["binary", "latin-1", "deep markdown", "deep notebook"],
)
def test_hostile_files_get_one_line_and_exit_2(
    tmp_path: Path, name: str, content: bytes, fragment: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    status, out, err = run(str(path))
    assert (status, out) == (2, "")
    assert err == f"hadamard: error: check-doc: {path}: {fragment}\n"


def test_a_fifty_megabyte_file_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    with path.open("wb") as handle:
        handle.truncate(50 * 2**20)
    status, _, err = run(str(path))
    assert status == 2
    assert "52428800 bytes; check-doc reads documents of at most 10485760 bytes" in err


def test_help_lists_formats_markers_and_exit_codes() -> None:
    status, out, _ = run("--help")
    assert status == 0
    for fragment in (
        "Markdown (and MyST), LaTeX, reStructuredText, HTML, Jupyter notebooks",
        "hadamard: skip | hadamard: check",
        "hadamard: layout=numerator",
        "hadamard: constant=x",
        "0 every checked formula holds, 1 one fails, 2 unreadable input",
        "--format {text,json}",
    ):
        assert fragment in out, fragment


def test_a_missing_path_is_a_usage_error() -> None:
    status, _, err = run()
    assert status == 2
    assert "the following arguments are required: PATH" in err


# -- pre-commit ----------------------------------------------------------------------------------


def _hook() -> dict[str, str]:
    """The one hook of .pre-commit-hooks.yaml, read as the flat mapping it is."""
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert text.count("- id:") == 1
    fields = {}
    for line in text.splitlines():
        match = re.match(r"^\s*-?\s*(\w+):\s*(.*)$", line)
        if match and not line.lstrip().startswith("#"):
            fields[match.group(1)] = match.group(2).strip().strip("'\"")
    return fields


def test_the_pre_commit_hook_runs_check_doc_on_documents(tmp_path: Path) -> None:
    hook = _hook()
    assert hook["id"] == "hadamard-check-doc"
    assert hook["language"] == "python"
    assert hook["entry"] == "hadamard check-doc"
    files = re.compile(hook["files"])
    for name in ("a.md", "docs/b.rst", "c.tex", "d.ipynb", "e.html", "f.txt", "g.qmd"):
        assert files.search(name), name
    for name in ("a.py", "b.json", "Makefile"):
        assert not files.search(name), name
    # pre-commit runs `entry` with the staged files appended: exactly that, in a subprocess.
    staged = tmp_path / "notes.md"
    staged.write_text(f"Denominator layout: $${PRINTED}$$\n", encoding="utf-8")
    program, command = shlex.split(hook["entry"])
    assert program == "hadamard"
    done = subprocess.run(
        [sys.executable, "-m", "hadamard", command, str(staged)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert f"{staged}:1: FAILS in the denominator layout" in done.stdout
