"""``hadamard cite``: each format to stdout, all files with --out, bad format exits 2."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from hadamard.cli import main
from proofs.documents.citation import CFF_FILE, FORMATS, render_cff, render_citation


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["cite", *argv])
    return status, out.getvalue(), err.getvalue()


def test_default_is_bibtex_on_stdout() -> None:
    assert run() == (0, render_citation("bibtex"), "")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_each_format_on_stdout(fmt: str) -> None:
    assert run("--format", fmt) == (0, render_citation(fmt), "")


def test_out_writes_every_format_and_citation_cff(tmp_path: Path) -> None:
    status, out, _ = run("--out", str(tmp_path))
    assert status == 0
    assert out == f"wrote 4 files to {tmp_path}\n"
    for fmt, name in FORMATS.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == render_citation(fmt)
    assert (tmp_path / CFF_FILE).read_text(encoding="utf-8") == render_cff()
    assert run("--out", str(tmp_path))[0] == 0  # same bytes again: nothing to refuse


def test_out_with_a_format_writes_one_file(tmp_path: Path) -> None:
    assert run("--format", "markdown", "--out", str(tmp_path))[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["citation.md"]


def test_unknown_format_exits_2_with_one_line() -> None:
    status, out, err = run("--format", "yaml")
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "invalid choice: 'yaml'" in err
