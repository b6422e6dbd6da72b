"""Every command the README shows runs, with the exit status the README states.

The README follows the site's rules for examples (:mod:`tests.docs.examples`): `$ hadamard ...`
lines run in process in a scratch directory; `$ python ...` lines run in a subprocess, unless a
named test runs their code; `$ make ...` lines must name Makefile targets; `$ pip install ...`
lines must be one of the three ways of installing that the packaging tests cover. Its Python
examples run, and the testing example's tests are called as pytest would. Its links into the
documentation resolve, and it stays a front page: at most 12,000 characters.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import hadamard
from tests.docs.examples import PROGRAMS, ROOT, Command, blocks, check_command, commands, pip_form

README = ROOT / "README.md"
TEXT = README.read_text(encoding="utf-8")
COMMANDS = commands(README)
MAX_CHARACTERS = 12_000


def _by(program: str) -> list[Command]:
    return [command for command in COMMANDS if command.words[0] == program]


def test_the_readme_shows_commands_of_every_kind() -> None:
    assert {command.words[0] for command in COMMANDS} == PROGRAMS


def test_the_readme_is_a_front_page() -> None:
    assert len(TEXT) <= MAX_CHARACTERS, (
        f"README.md has {len(TEXT)} characters; move detail into docs/ and link to it"
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.text[:60])
def test_every_command_runs(command: Command, tmp_path: Path) -> None:
    check_command(command, tmp_path)


def test_the_install_commands_show_the_three_ways_and_this_version() -> None:
    forms = {pip_form(command.words): command for command in _by("pip")}
    assert set(forms) == {"git", "path", "wheel"}
    wheel = f"dist/hadamard-{hadamard.__version__}-py3-none-any.whl"
    assert wheel in forms["wheel"].text
    assert "after a release" in TEXT.lower()  # the PyPI form is marked as not yet available


def test_the_numeric_core_example_runs() -> None:
    (example,) = [b for b in blocks(README, "python") if "DenominatorJacobian(" in b.text]
    namespace: dict[str, object] = {}
    exec(compile(example.text, example.where, "exec"), namespace)  # our own README


def test_the_testing_example_runs_and_its_tests_pass() -> None:
    (example,) = [b for b in blocks(README, "python") if "check_hadamard_jacobian" in b.text]
    namespace: dict[str, object] = {}
    exec(compile(example.text, example.where, "exec"), namespace)  # our own README
    tests = [value for name, value in namespace.items() if name.startswith("test_")]
    assert len(tests) == 2
    for test in tests:
        assert callable(test)
        test()


def test_the_links_resolve() -> None:
    targets = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", TEXT)
    assert targets
    for target in targets:
        assert (ROOT / target).exists(), target


def test_the_counterexample_is_what_check_formula_prints() -> None:
    from hadamard import Layout
    from proofs.formula.check import check_formula
    from proofs.printing.latex import latex
    from proofs.theory.registry import ERRATUM

    (line,) = [b.text.strip() for b in blocks(README, "text") if "the formula gives" in b.text]
    printed = latex(ERRATUM.printed.rhs)
    report = check_formula(printed, latex=True, layout=Layout.DENOMINATOR).report()
    assert f"  {line}" in report.splitlines()
    assert "undefined when M ≠ N" in TEXT
    assert "wrong when M = N" in TEXT
