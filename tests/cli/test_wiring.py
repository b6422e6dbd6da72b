"""The CLI's plumbing, with the producers replaced: what each command asks for and what it does.

The producers (prove_files, project_files, coq_files, citation files, check_formula) are
swapped for small fakes, so these tests judge hadamard/cli.py alone: the options it passes,
where it writes, what it prints, and how it maps every kind of failure to an exit status.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

import lean_export.project
import proofs.coq.export
import proofs.documents.citation
import proofs.formula.check
import proofs.prove
from hadamard import Layout
from hadamard.cli import (
    EXIT_FAILS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    main,
)


def run(argv: Sequence[str]) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main(list(argv))
    return status, stdout.getvalue(), stderr.getvalue()


# prove's CLI reads the kernels' verdicts from the certificate, and notes a missing PDF.
FILES = {
    "b.txt": b"bee\n",
    "a/c.txt": b"sea\n",
    "certificate.json": b'{"kernels": []}',
    "derivation.pdf": b"%PDF-",
}


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# --- help: every command, option and choice is documented -------------------------------------

HELP = [
    pytest.param(
        ["--help"],
        [
            "usage: hadamard [-h] [--version] COMMAND ...",
            "The derivative of the Hadamard product, checked.",
            "derivation artifacts and certificate",
            "write the theorem for a proof assistant",
            "does a printed formula hold in a layout?",
            "how to cite the package and the verified theorem",
        ],
        id="hadamard",
    ),
    pytest.param(
        ["prove", "--help"],
        [
            "usage: hadamard prove [-h] [--layout {numerator,denominator,both}] --out DIR "
            "[--force]",
            "directory to write into (created if missing)",
            "overwrite files whose contents differ",
        ],
        id="prove",
    ),
    pytest.param(
        ["export", "--help"],
        [
            "usage: hadamard export [-h] TARGET ...",
            "a Lean 4 + Mathlib Lake project (checked externally)",
            "Coq sources, checked by coqc when it is installed",
        ],
        id="export",
    ),
    pytest.param(
        ["export", "lean", "--help"],
        ["usage: hadamard export lean [-h] --out DIR [--force]"],
        id="export-lean",
    ),
    pytest.param(
        ["export", "coq", "--help"],
        [
            "usage: hadamard export coq [-h] --out DIR [--force] [--no-check]",
            "write only; do not run coqc",
        ],
        id="export-coq",
    ),
    pytest.param(
        ["check-formula", "--help"],
        [
            "usage: hadamard check-formula [-h] [--latex] [--layout {numerator,denominator}] EXPR",
            "e.g. 'dy_dz @ diag(x) + dx_dz @ diag(y)'",
            "EXPR is LaTeX, as printed",
        ],
        id="check-formula",
    ),
    pytest.param(
        ["cite", "--help"],
        [
            "usage: hadamard cite [-h] [--format {bibtex,latex,markdown}] [--out DIR] [--force]",
        ],
        id="cite",
    ),
]


@pytest.mark.parametrize(("argv", "fragments"), HELP)
def test_help_documents_every_option(argv: list[str], fragments: list[str]) -> None:
    status, stdout, stderr = run(argv)
    assert (status, stderr) == (EXIT_OK, "")
    flat = " " + " ".join(stdout.split()) + " "
    for fragment in fragments:  # whole words: a fragment must stand between spaces
        assert f" {fragment} " in flat, f"{fragment!r} not in {flat!r}"


# --- the writing commands ------------------------------------------------------------------------


def _recording(calls: list[tuple[Any, ...]], result: dict[str, bytes]) -> Callable[..., Any]:
    def producer(*args: Any, **kwargs: Any) -> dict[str, bytes]:
        calls.append((*args, *sorted(kwargs.items())))
        return result

    return producer


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ("both", (Layout.DENOMINATOR, Layout.NUMERATOR)),
        ("numerator", (Layout.NUMERATOR,)),
        ("denominator", (Layout.DENOMINATOR,)),
    ],
)
def test_prove_asks_for_the_layouts_and_writes_the_files(
    layout: str, expected: tuple[Layout, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(proofs.prove, "prove_files", _recording(calls, FILES))
    out = tmp_path / "proof"
    status, stdout, stderr = run(["prove", "--layout", layout, "--out", str(out)])
    assert (status, stderr) == (EXIT_OK, "")
    assert calls == [(expected,)]
    assert _tree(out) == FILES
    assert stdout == f"wrote {len(FILES)} files to {out}\n"


def test_prove_defaults_to_both_layouts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(proofs.prove, "prove_files", _recording(calls, FILES))
    assert run(["prove", "--out", str(tmp_path)])[0] == EXIT_OK
    assert calls == [((Layout.DENOMINATOR, Layout.NUMERATOR),)]


WRITERS = [
    pytest.param(["prove"], proofs.prove, "prove_files", "", id="prove"),
    pytest.param(
        ["export", "lean"],
        lean_export.project,
        "project_files",
        " (a Lake project, to be checked with `lake build`)",
        id="export-lean",
    ),
    pytest.param(
        ["export", "coq", "--no-check"], proofs.coq.export, "coq_files", "", id="export-coq"
    ),
    pytest.param(["cite"], proofs.documents.citation, "citation_files", "", id="cite"),
]


@pytest.mark.parametrize(("command", "module", "producer", "suffix"), WRITERS)
def test_writers_refuse_to_clobber_and_force_overwrites(
    command: list[str],
    module: object,
    producer: str,
    suffix: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(module, producer, _recording([], FILES))
    out = tmp_path / "out"
    status, stdout, stderr = run([*command, "--out", str(out)])
    assert (status, stdout, stderr) == (EXIT_OK, f"wrote {len(FILES)} files to {out}{suffix}\n", "")
    assert _tree(out) == FILES
    (out / "b.txt").write_bytes(b"edited\n")
    status, stdout, stderr = run([*command, "--out", str(out)])
    assert status == EXIT_USAGE
    assert stderr == (
        f"hadamard: error: {out / 'b.txt'} exists with different contents; "
        "pass --force to overwrite\n"
    )
    assert (out / "b.txt").read_bytes() == b"edited\n"
    assert run([*command, "--out", str(out), "--force"])[0] == EXIT_OK
    assert _tree(out) == FILES


def test_export_coq_checks_the_directory_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[Path] = []

    class Check:
        ran = True
        ok = True

        def summary(self) -> str:
            return "coqc accepted 2 files"

    def check_directory(path: Path) -> Check:
        checked.append(path)
        assert _tree(path) == FILES  # the files are on disk before coqc is run
        return Check()

    monkeypatch.setattr(proofs.coq.export, "coq_files", _recording([], FILES))
    monkeypatch.setattr(proofs.coq.export, "check_directory", check_directory)
    status, stdout, _ = run(["export", "coq", "--out", str(tmp_path / "coq")])
    assert status == EXIT_OK
    assert checked == [tmp_path / "coq"]
    assert stdout.splitlines()[-1] == "coqc accepted 2 files"
    checked.clear()
    assert run(["export", "coq", "--no-check", "--out", str(tmp_path / "coq")])[0] == EXIT_OK
    assert checked == []


@pytest.mark.parametrize(
    ("ran", "ok", "status"),
    [(True, True, EXIT_OK), (True, False, EXIT_FAILS), (False, False, EXIT_OK)],
    ids=["accepted", "refused", "coqc-missing"],
)
def test_export_coq_fails_only_when_the_check_ran_and_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ran: bool, ok: bool, status: int
) -> None:
    """coqc refusing the files is exit 1; without coqc the files are still written (exit 0)."""

    class Check:
        def __init__(self) -> None:
            self.ran, self.ok = ran, ok

        def summary(self) -> str:
            return "the summary"

    monkeypatch.setattr(proofs.coq.export, "coq_files", _recording([], FILES))
    monkeypatch.setattr(proofs.coq.export, "check_directory", lambda path: Check())
    result = run(["export", "coq", "--out", str(tmp_path / "coq")])
    assert (result[0], result[1].splitlines()[-1]) == (status, "the summary")
    assert _tree(tmp_path / "coq") == FILES


@pytest.mark.parametrize(
    ("argv", "expected"),
    [(["cite"], "bibtex"), (["cite", "--format", "markdown"], "markdown")],
    ids=["default-bibtex", "markdown"],
)
def test_cite_without_out_prints_the_citation(
    argv: list[str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(proofs.documents.citation, "render_citation", lambda fmt: f"<{fmt}>\n")
    assert run(argv) == (EXIT_OK, f"<{expected}>\n", "")


@pytest.mark.parametrize("fmt", [None, "latex"])
def test_cite_out_passes_the_format(
    fmt: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(proofs.documents.citation, "citation_files", _recording(calls, FILES))
    argv = ["cite", "--out", str(tmp_path), *(["--format", fmt] if fmt else [])]
    assert run(argv)[0] == EXIT_OK
    assert calls == [(fmt,)]


# --- check-formula: what reaches the parser ------------------------------------------------------


class _Verdict:
    holds = True

    def report(self) -> str:
        return "HOLDS"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool, Layout]]:
    seen: list[tuple[str, bool, Layout]] = []

    def check_formula(text: str, *, latex: bool, layout: Layout) -> _Verdict:
        seen.append((text, latex, layout))
        return _Verdict()

    monkeypatch.setattr(proofs.formula.check, "check_formula", check_formula)
    return seen


def test_check_formula_defaults_to_plain_text_in_the_denominator_layout(
    parsed: list[tuple[str, bool, Layout]],
) -> None:
    assert run(["check-formula", "dy_dz"]) == (EXIT_OK, "HOLDS\n", "")
    assert parsed == [("dy_dz", False, Layout.DENOMINATOR)]


def test_the_formula_reaches_the_parser_unchanged(
    parsed: list[tuple[str, bool, Layout]],
) -> None:
    # Every limit on EXPR belongs to the parser (tests/proofs/test_formula_syntax.py).
    text = " dy_dz @ diag(x)\n+ dx_dz @ diag(y)\t"
    assert run(["check-formula", "--latex", "--", text])[0] == EXIT_OK
    assert parsed == [(text, True, Layout.DENOMINATOR)]


def _raising(exc: BaseException) -> Callable[..., object]:
    def producer(*args: object, **kwargs: object) -> object:
        raise exc

    return producer


# --- every kind of failure becomes an exit status and one line ------------------------------------

FAILURES = [
    pytest.param(ValueError("bad\nvalue"), EXIT_USAGE, "hadamard: error: bad value\n", id="value"),
    pytest.param(OSError(28, "No space left"), EXIT_USAGE, "No space left", id="os-error"),
    pytest.param(TypeError("odd"), EXIT_USAGE, "hadamard: error: odd\n", id="type-error"),
    pytest.param(SystemExit("stop"), EXIT_USAGE, "", id="system-exit-text"),
    pytest.param(SystemExit(4), 4, "", id="system-exit-code"),
    pytest.param(KeyboardInterrupt(), 130, "hadamard: interrupted\n", id="interrupt"),
    pytest.param(
        RuntimeError("a bug"),
        EXIT_INTERNAL,
        "hadamard: internal error: RuntimeError: a bug (set HADAMARD_DEBUG=1 for a traceback)\n",
        id="bug",
    ),
]


@pytest.mark.parametrize(("exc", "status", "stderr"), FAILURES)
def test_failures_map_to_an_exit_status_and_one_line(
    exc: BaseException, status: int, stderr: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HADAMARD_DEBUG", raising=False)
    monkeypatch.setattr(proofs.documents.citation, "render_citation", _raising(exc))
    got_status, stdout, got_stderr = run(["cite"])
    assert got_status == status
    assert stderr in got_stderr
    assert got_stderr.count("\n") == (1 if stderr else 0)
    assert stdout == ""


def test_hadamard_debug_shows_the_traceback_of_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HADAMARD_DEBUG", "1")
    monkeypatch.setattr(proofs.documents.citation, "render_citation", _raising(RuntimeError("bug")))
    with pytest.raises(RuntimeError, match="bug"):
        main(["cite"])


def test_check_formula_exits_1_when_the_formula_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    class Fails:
        holds = False

        def report(self) -> str:
            return "FAILS: wrong order"

    monkeypatch.setattr(proofs.formula.check, "check_formula", lambda text, **_: Fails())
    assert run(["check-formula", "diag(x) @ dy_dz"]) == (EXIT_FAILS, "FAILS: wrong order\n", "")
