"""Every code example of the site runs: Python blocks, doctests, and console commands.

The rules for each kind of block are in :mod:`tests.docs.examples`. A page's Python and
``pycon`` blocks run in order in one namespace, in a scratch directory, as a reader would
paste them. Pages that call :func:`proofs.prove.prove_files` with the same layouts share one
run of it per session (SymPy and coqc take seconds); its result is the same every time.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

import proofs.prove
from hadamard import Layout
from tests.docs.examples import (
    PROGRAMS,
    ROOT,
    Command,
    blocks,
    check_command,
    commands,
    run_doctest,
)

DOCS = ROOT / "docs"
PAGES = sorted(
    path
    for path in DOCS.rglob("*.md")
    if not {"_build", "_generated"} & set(path.relative_to(DOCS).parts)
)
WITH_CODE = [page for page in PAGES if blocks(page, "python", "pycon")]
COMMANDS = [command for page in PAGES for command in commands(page)]


_PROVED: dict[tuple[Layout, ...], dict[str, bytes]] = {}
_prove_files = proofs.prove.prove_files


def _prove_files_once(layouts: Sequence[Layout]) -> dict[str, bytes]:
    key = tuple(layouts)
    if key not in _PROVED:
        _PROVED[key] = _prove_files(layouts)
    return dict(_PROVED[key])


def _ids(command: Command) -> str:
    return f"{command.block.where} {command.text}"[:90]


def test_the_site_has_examples_of_every_kind() -> None:
    assert len(WITH_CODE) >= 6
    assert {c.words[0] for c in COMMANDS} == PROGRAMS


@pytest.mark.parametrize("page", WITH_CODE, ids=lambda p: str(p.relative_to(DOCS)))
def test_the_python_examples_of_a_page_run(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(proofs.prove, "prove_files", _prove_files_once)
    namespace: dict[str, object] = {"__name__": f"docs_example_{page.stem}"}
    for block in blocks(page, "python", "pycon"):
        if block.language == "pycon":
            run_doctest(block, namespace)
        else:  # our own documentation, not user input
            exec(compile(block.text, block.where, "exec"), namespace)


WIDTH = 76
"""The longest code line a page of the site shows without a scroll bar beside both sidebars."""


@pytest.mark.parametrize("page", WITH_CODE, ids=lambda p: str(p.relative_to(DOCS)))
def test_code_lines_fit_the_page(page: Path) -> None:
    for block in blocks(page, "python", "pycon"):
        for number, line in enumerate(block.text.splitlines(), start=block.line + 1):
            assert len(line) <= WIDTH, f"{page.relative_to(ROOT)}:{number} has {len(line)} columns"


@pytest.mark.parametrize("command", COMMANDS, ids=_ids)
def test_every_console_command_runs(command: Command, tmp_path: Path) -> None:
    check_command(command, tmp_path)
