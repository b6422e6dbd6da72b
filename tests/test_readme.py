"""Every command the README shows runs, with the exit status the README states.

`$ hadamard ...` lines run through the CLI in a scratch directory; `$ python -m ...` lines run
in a subprocess unless they are slow, in which case the test that exercises them is named;
`$ make ...` lines must name Makefile targets. The README's Python examples are executed or
kept identical to the test file that runs them.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from hadamard.cli import main

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

# Commands too slow for the suite, and the test that runs the same code path instead.
EXERCISED_ELSEWHERE = {
    "python -m benchmarks": "tests/benchmarks/test_benchmarks.py",  # the same code, --quick
    "python -m benchmarks --quick": "tests/benchmarks/test_benchmarks.py",
}


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.MULTILINE | re.DOTALL)


def _commands() -> list[tuple[list[str], int]]:
    commands = []
    for block in _blocks("console"):
        for line in block.splitlines():
            if not line.startswith("$ "):
                continue
            status = re.search(r"#\s*exit (\d)", line)
            words = shlex.split(line[2:], comments=True)
            commands.append((words, int(status.group(1)) if status else 0))
    return commands


COMMANDS = _commands()


def test_the_readme_shows_commands() -> None:
    programs = {words[0] for words, _ in COMMANDS}
    assert {"make", "hadamard", "python"} <= programs
    assert programs <= {"make", "hadamard", "python"}, programs


@pytest.mark.parametrize(
    ("words", "status"),
    [c for c in COMMANDS if c[0][0] == "hadamard"],
    ids=[" ".join(c[0])[:60] for c in COMMANDS if c[0][0] == "hadamard"],
)
def test_hadamard_command(
    words: list[str], status: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(words[1:]) == status


@pytest.mark.parametrize(
    "words",
    [c[0] for c in COMMANDS if c[0][0] == "python"],
    ids=[" ".join(c[0]) for c in COMMANDS if c[0][0] == "python"],
)
def test_python_command(words: list[str]) -> None:
    command = " ".join(words)
    if command in EXERCISED_ELSEWHERE:
        assert '"--quick"' in (ROOT / EXERCISED_ELSEWHERE[command]).read_text()
        return
    done = subprocess.run(
        [sys.executable, *words[1:]], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("words", [c[0] for c in COMMANDS if c[0][0] == "make"])
def test_make_targets_exist(words: list[str]) -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in words[1:]:
        assert re.search(rf"^{re.escape(target)}:", makefile, flags=re.MULTILINE), target


def test_the_numeric_core_example_runs() -> None:
    (example,) = [b for b in _blocks("python") if "DenominatorJacobian(" in b]
    namespace: dict[str, object] = {}
    exec(compile(example, "README.md", "exec"), namespace)  # our own README, not user input


def test_the_testing_example_is_the_test_that_runs_it() -> None:
    (example,) = [b for b in _blocks("python") if "check_hadamard_jacobian" in b]
    test_file = (ROOT / "tests" / "testing" / "test_readme_example.py").read_text()
    assert example.strip() in test_file
