"""The code examples of a Markdown page (the README, a page of the site), and how to run them.

Fenced blocks are read by their language:

- ``python``: executed in order, page by page, in one namespace per page;
- ``pycon``: run as a doctest (``>>>`` lines and their expected output);
- ``console``: every ``$ `` line is a command. ``hadamard`` commands run in process, in a
  scratch directory that holds the seed chapter as ``chapter-6.txt`` (for ``check-doc``), and
  must exit with the status their ``# exit N`` comment states (0 when there is none);
  ``python`` commands run in a subprocess unless they are slow or are about the build, in
  which case :data:`EXERCISED_ELSEWHERE` names the test that runs them;
  ``make`` commands must name Makefile targets; ``pip`` commands install, which the packaging
  tests do (see :func:`pip_form`).

Other languages (``text``, ``sh``, ``bibtex``, ``toml``, ``yaml``) are shown, not run.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import hadamard
from hadamard.cli import main

ROOT = Path(__file__).resolve().parents[2]

CHAPTER = (
    ROOT
    / "tests"
    / "proofs"
    / "formula"
    / "fixtures"
    / "chapter-6-hadamard-product-derivatives.txt"
)
"""The seed chapter, which a scratch directory holds as ``chapter-6.txt``."""

PROGRAMS = frozenset({"hadamard", "python", "make", "pip"})
"""What a ``console`` block may run; anything else belongs in a ``sh`` or ``text`` block."""

EXERCISED_ELSEWHERE = {
    "python -m benchmarks": "tests/benchmarks/test_benchmarks.py",  # the same code, --quick
    "python -m benchmarks --quick": "tests/benchmarks/test_benchmarks.py",
    "python -m benchmarks.testing_helpers": "tests/testing/test_timing_command.py",
    "python -m benchmarks.formulas": "tests/benchmarks/test_benchmarks.py",  # --quick there
    "python -m benchmarks.formulas --spellings": "tests/benchmarks/test_benchmarks.py",
    "python -m benchmarks.formulas --fuzz 5000 --fresh 200": "tests/benchmarks/test_benchmarks.py",
    "python -m build --outdir dist ./hadamard": "tests/packaging/test_build.py",
    "python -m proofs.check.scaling": "tests/proofs/check/test_crosscheck.py",  # at one size
}
"""Commands too slow for the suite, or about the build, and the test that runs their code."""

_FENCE = re.compile(r"^```(?P<language>[\w-]+)[^\n]*\n(?P<body>.*?)^```", re.M | re.S)


@dataclass(frozen=True)
class Block:
    """One fenced code block: its language, its text, and where it starts."""

    path: Path
    line: int
    language: str
    text: str

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


@dataclass(frozen=True)
class Command:
    """One ``$ `` line of a ``console`` block, as words, with the exit status it states."""

    block: Block
    words: tuple[str, ...]
    status: int

    @property
    def text(self) -> str:
        return " ".join(self.words)


def blocks(path: Path, *languages: str) -> list[Block]:
    """The fenced blocks of a Markdown file in these languages, in order."""
    source = path.read_text(encoding="utf-8")
    return [
        Block(path, source.count("\n", 0, m.start()) + 1, m["language"], m["body"])
        for m in _FENCE.finditer(source)
        if m["language"] in languages
    ]


def commands(path: Path) -> list[Command]:
    """Every ``$ `` line of the file's ``console`` blocks, with its ``\\`` continuations."""
    found = []
    for block in blocks(path, "console"):
        for line in re.sub(r"\\\n\s*", "", block.text).splitlines():
            if line.startswith("$ "):
                status = re.search(r"#\s*exit (\d)", line)
                words = tuple(shlex.split(line[2:], comments=True))
                found.append(Command(block, words, int(status[1]) if status else 0))
    return found


def run_doctest(block: Block, namespace: dict[str, object]) -> None:
    """Run a ``pycon`` block as a doctest in ``namespace``; fail with doctest's report."""
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.text, namespace, block.where, str(block.path), block.line)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(optionflags=flags)
    report: list[str] = []
    runner.run(test, out=report.append, clear_globs=False)
    assert runner.failures == 0, "".join(report)


def pip_form(words: tuple[str, ...]) -> str:
    """Which way of installing a ``pip install`` line shows: ``git``, ``path``, ``wheel``.

    Installing takes a network or minutes, so these lines are not run here. The wheel form is
    what ``tests/packaging`` builds and installs; the other two build the same wheel with the
    same backend. A line that is none of the three is an error.
    """
    assert words[:2] == ("pip", "install"), words
    (target,) = [word for word in words[2:] if not word.startswith("-")]
    if " @ git+https://" in target:
        return "git"
    if target.split("[")[0].endswith(".whl"):
        return "wheel"
    if target.startswith(("./", "../", "/", ".")):
        return "path"
    raise AssertionError(f"not a way of installing this package shown here: {' '.join(words)}")


def make_targets() -> set[str]:
    """The targets the Makefile defines."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([\w-]+):", makefile, flags=re.M))


_STATUS: dict[tuple[str, ...], int] = {}


def hadamard_status(words: tuple[str, ...], cwd: Path) -> int:
    """The exit status of a ``hadamard`` command run in process in ``cwd``.

    The README and the site show some commands more than once; each runs once per session.
    """
    if words not in _STATUS:
        (cwd / "chapter-6.txt").write_bytes(CHAPTER.read_bytes())
        before = Path.cwd()
        os.chdir(cwd)
        try:
            _STATUS[words] = main(list(words[1:]))
        finally:
            os.chdir(before)
    return _STATUS[words]


def python_status(words: tuple[str, ...]) -> tuple[int, str]:
    """The exit status and stderr of a ``python`` command, run from the checkout's root."""
    if words not in _STATUS:
        done = subprocess.run(
            [sys.executable, *words[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        _STATUS[words] = done.returncode
        if done.returncode != 0:
            return done.returncode, done.stderr
    return _STATUS[words], ""


def check_command(command: Command, cwd: Path) -> None:
    """Run or check one console command by the rules above; fail naming the command."""
    program = command.words[0]
    assert program in PROGRAMS, f"{command.block.where}: put `{program}` in a sh or text block"
    if program == "hadamard":
        assert hadamard_status(command.words, cwd) == command.status, command.text
    elif program == "make":
        assert set(command.words[1:]) <= make_targets(), command.text
    elif program == "pip":
        if pip_form(command.words) == "wheel":
            assert f"hadamard-{hadamard.__version__}-py3-none-any.whl" in command.text
    elif command.text in EXERCISED_ELSEWHERE:
        assert (ROOT / EXERCISED_ELSEWHERE[command.text]).is_file(), command.text
    else:
        status, stderr = python_status(command.words)
        assert status == command.status, f"{command.text}: {stderr}"
