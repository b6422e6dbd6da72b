"""Bad input to the command line: exit 2, exactly one line on stderr, never a traceback.

One table of argument vectors, each pinned to the key words of its message. ```{tmp}`` in an
argument is the test's temporary directory, where ``file`` is a regular file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hadamard.cli import EXIT_OK, EXIT_USAGE, main
from proofs.formula.syntax import MAX_NESTING
from proofs.formula.tokens import MAX_CHARS


@dataclass(frozen=True)
class Outcome:
    """What one run of the CLI did."""

    status: int
    stdout: str
    stderr: str


def run_main(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> Outcome:
    """Run ``hadamard.cli.main`` in-process and capture what it printed."""
    capsys.readouterr()
    status = main(list(argv))
    captured = capsys.readouterr()
    return Outcome(status, captured.out, captured.err)


def assert_one_line_error(outcome: Outcome, fragments: Sequence[str]) -> None:
    """Exit 2, one line on stderr starting ``hadamard: error:``, naming every fragment."""
    assert outcome.status == EXIT_USAGE, outcome
    assert outcome.stderr.startswith("hadamard: error: "), outcome.stderr
    assert outcome.stderr.count("\n") == 1, outcome.stderr
    assert outcome.stderr.endswith("\n"), outcome.stderr
    assert "Traceback" not in outcome.stderr
    for fragment in fragments:
        assert fragment in outcome.stderr, f"{fragment!r} not in {outcome.stderr!r}"


@dataclass(frozen=True)
class CliCase:
    """One row: ``argv`` exits 2 naming ``fragments``."""

    argv: tuple[str, ...]
    fragments: tuple[str, ...]
    rerun_after_edit: bool = False  # run once, edit a written file, then run argv again


def row(
    case_id: str,
    argv: Sequence[str],
    *fragments: str,
    rerun_after_edit: bool = False,
) -> Any:
    return pytest.param(CliCase(tuple(argv), fragments, rerun_after_edit), id=case_id)


CODE_SENTINEL = "pwned"

BAD_COMMAND_LINES = [
    # --- commands and options ---------------------------------------------------------------
    row(
        "unknown-command",
        ["frobnicate"],
        "hadamard: error: argument COMMAND: invalid choice: 'frobnicate'",
        "'prove'",
    ),
    row("no-command", [], "hadamard: error: a command is required: hadamard {prove,export,"),
    row(
        "export-missing-target",
        ["export"],
        "hadamard: error: export: the following arguments are required: TARGET",
    ),
    row(
        "unknown-export-target",
        ["export", "rust", "--out", "{tmp}/out"],
        "export:",
        "TARGET",
        "'rust'",
        "'lean'",
    ),
    row(
        "prove-bad-layout",
        ["prove", "--layout", "sideways", "--out", "{tmp}/out"],
        "hadamard: error: prove: argument --layout: invalid choice: 'sideways'",
        "--layout",
        "'sideways'",
        "'both'",
    ),
    row(
        "check-formula-layout-both",
        ["check-formula", "x", "--layout", "both"],
        "check-formula:",
        "--layout",
        "'both'",
    ),
    row("cite-bad-format", ["cite", "--format", "rtf"], "cite:", "--format", "'rtf'", "'bibtex'"),
    row(
        "unknown-option",
        ["prove", "--out", "{tmp}/out", "--colour"],
        "unrecognized arguments: --colour",
    ),
    row("prove-missing-out", ["prove"], "prove:", "required: --out"),
    row(
        "export-lean-missing-out",
        ["export", "lean"],
        "hadamard: error: export lean: the following arguments are required: --out",
    ),
    row("export-coq-missing-out", ["export", "coq", "--no-check"], "export coq:", "--out"),
    row("out-without-value", ["prove", "--out"], "--out", "expected one argument"),
    row("check-formula-missing-expr", ["check-formula"], "check-formula:", "EXPR"),
    # --- where --out points -----------------------------------------------------------------
    row(
        "prove-out-under-regular-file",
        ["prove", "--out", "{tmp}/file/out"],
        "--out",
        "cannot be created",
        "file is not a directory",
    ),
    row(
        "prove-force-out-under-regular-file",
        ["prove", "--force", "--out", "{tmp}/file/deeper/out"],
        "file is not a directory",
    ),
    row(
        "export-lean-out-under-regular-file",
        ["export", "lean", "--out", "{tmp}/file/lean"],
        "--out",
        "file is not a directory",
    ),
    row(
        "export-coq-out-under-regular-file",
        ["export", "coq", "--no-check", "--out", "{tmp}/file/coq"],
        "--out",
        "file is not a directory",
    ),
    row(
        "cite-out-under-regular-file",
        ["cite", "--out", "{tmp}/file/citation"],
        "--out",
        "file is not a directory",
    ),
    row("prove-out-is-regular-file", ["prove", "--out", "{tmp}/file"], "file is not a directory"),
    row(
        "prove-out-unwritable-proc",
        ["prove", "--out", "/proc/hadamard-no-such-directory/out"],
        "--out /proc/hadamard-no-such-directory/out cannot be created",
    ),
    row(
        "cite-out-unwritable-sys",
        ["cite", "--out", "/sys/hadamard-out"],
        "--out /sys/hadamard-out cannot be created",
    ),
    # --- the formula, refused by the parser's limits (never evaluated) ---------------------
    row("formula-empty", ["check-formula", "   "], "the formula is empty"),
    row(
        "formula-runaway-length",
        ["check-formula", "x + " * 2500 + "x"],
        "the formula is 10001 characters long",
        f"the limit is {MAX_CHARS}",
    ),
    row(
        "formula-control-character",
        ["check-formula", "x\x07 + y"],
        "column 2: unexpected character",
    ),
    row(
        "formula-not-utf8",
        ["check-formula", "diag(x) \udcff"],  # how Python spells an undecodable argv byte
        "column 9: unexpected character",
    ),
    row(
        "formula-runaway-nesting",
        ["check-formula", "diag(" * 100 + "x" + ")" * 100],
        f"nesting deeper than {MAX_NESTING} levels",
    ),
    # --- the formula, refused by the parser (never evaluated) --------------------------------
    row(
        "formula-looks-like-code",
        ["check-formula", f"__import__('os').system('touch {{tmp}}/{CODE_SENTINEL}')"],
        "check-formula: column 17: unexpected character '.'",
    ),
    row(
        "formula-lambda-opening-a-file",
        ["check-formula", f"(lambda: open('{{tmp}}/{CODE_SENTINEL}', 'w'))()"],
        "check-formula: column 8: unexpected character ':'",
    ),
    row(
        "formula-unreadable-operator",
        ["check-formula", "dy_dz @@ diag(x) + dx_dz @ diag(y)"],
        "check-formula: column 8: unexpected '@'",
    ),
    row(
        "formula-unbalanced",
        ["check-formula", "dy_dz @ diag(x + dx_dz @ diag(y)"],
        "check-formula: column 33: unexpected end of the formula",
        "expected ')' to close diag( at column 13",
    ),
    row(
        "latex-unfinished",
        ["check-formula", "--latex", r"\frac{\partial y}{"],
        "check-formula: column 19: unexpected end of the formula",
    ),
    row(
        "latex-input-command",
        ["check-formula", "--latex", r"\input{/etc/passwd}"],
        "check-formula: column 1: unknown LaTeX command \\input",
    ),
    # --- overwriting a differing file without --force ---------------------------------------
    row(
        "prove-overwrite-without-force",
        ["prove", "--out", "{tmp}/out"],
        "exists with different contents",
        "pass --force",
        rerun_after_edit=True,
    ),
    row(
        "export-lean-overwrite-without-force",
        ["export", "lean", "--out", "{tmp}/out"],
        "exists with different contents",
        rerun_after_edit=True,
    ),
    row(
        "export-coq-overwrite-without-force",
        ["export", "coq", "--no-check", "--out", "{tmp}/out"],
        "exists with different contents",
        rerun_after_edit=True,
    ),
    row(
        "cite-overwrite-without-force",
        ["cite", "--out", "{tmp}/out"],
        "exists with different contents",
        rerun_after_edit=True,
    ),
]


@pytest.mark.parametrize("cli_case", BAD_COMMAND_LINES)
def test_bad_command_line_exits_2_with_one_line(
    cli_case: CliCase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("a regular file\n")
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in cli_case.argv]
    edited: dict[Path, bytes] = {}
    if cli_case.rerun_after_edit:
        first = run_main(argv, capsys)
        assert first.status == EXIT_OK, first
        files = sorted(p for p in (tmp_path / "out").rglob("*") if p.is_file())
        edited = {p: p.read_bytes() for p in files}
        edited[files[0]] += b"\n(edited by hand)\n"
        files[0].write_bytes(edited[files[0]])
    outcome = run_main(argv, capsys)
    assert_one_line_error(outcome, cli_case.fragments)
    assert not (tmp_path / CODE_SENTINEL).exists(), "a formula was evaluated as code"
    assert (tmp_path / "file").read_text() == "a regular file\n"
    for path, content in edited.items():  # a refused run changed nothing (--force: test_wiring)
        assert path.read_bytes() == content


def test_the_cli_table_is_large_enough() -> None:
    assert len(BAD_COMMAND_LINES) >= 30


def test_help_returns_zero_instead_of_exiting(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_main(["--help"], capsys)
    assert outcome.status == EXIT_OK
    assert "check-formula" in outcome.stdout
    assert outcome.stderr == ""


# --- the same, in a fresh interpreter: what a user at a shell sees ------------------------------

SUBPROCESS_CASES = [
    pytest.param(["frobnicate"], "invalid choice", id="unknown-command"),
    pytest.param(
        ["prove", "--layout", "sideways", "--out", "{tmp}/o"], "--layout", id="bad-layout"
    ),
    pytest.param(["prove", "--out", "{tmp}/file/out"], "not a directory", id="out-under-file"),
    pytest.param(["check-formula", "x+" * 5000], "characters long", id="runaway-formula"),
    pytest.param(
        ["check-formula", b"diag(x) \xff"], "column 9: unexpected character", id="formula-not-utf8"
    ),
]


@pytest.mark.parametrize(("argv", "fragment"), SUBPROCESS_CASES)
def test_python_m_hadamard_shows_no_traceback(
    argv: list[str | bytes], fragment: str, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("a regular file\n")
    args = [a.replace("{tmp}", str(tmp_path)) if isinstance(a, str) else a for a in argv]
    env = {k: v for k, v in os.environ.items() if k != "HADAMARD_DEBUG"}
    result = subprocess.run(
        [sys.executable, "-m", "hadamard", *args],
        capture_output=True,
        check=False,
        env=env,
        timeout=120,
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == EXIT_USAGE, stderr
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1, stderr
    assert fragment in stderr
    assert result.stdout == b""
