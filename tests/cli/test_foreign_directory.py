"""The CLI works from a directory with its own proofs/ and lean_export/ (a notes repository).

``python -m hadamard`` puts the working directory first on ``sys.path``. The packages are
copied beside each other as an install lays them out, and run with ``-S`` so that no editable
install's import hook can hide the shadowing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHADOW = "raise ImportError('the notes repository\\'s own {name} package was imported')\n"

COMMANDS = [
    ["--version"],
    ["check-formula", "dy_dz @ diag(x) + dx_dz @ diag(y)"],
    ["export", "lean", "--out", "out/lean"],
    ["export", "coq", "--no-check", "--out", "out/coq"],
    ["cite"],
    ["prove", "--layout", "numerator", "--out", "out/proof"],
]


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("foreign")
    site = base / "site"
    for package in ("hadamard", "proofs", "lean_export"):
        shutil.copytree(
            ROOT / package, site / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    notes = base / "notes"
    for package in ("proofs", "lean_export"):
        (notes / package).mkdir(parents=True)
        (notes / package / "__init__.py").write_text(SHADOW.format(name=package))
    # numpy and sympy from this environment, without processing its .pth files (-S).
    path = os.pathsep.join([str(site), sysconfig.get_paths()["purelib"]])
    env = {**os.environ, "PYTHONPATH": path, "HADAMARD_DEBUG": ""}
    return notes, env


def _run(notes: tuple[Path, dict[str, str]], *args: str) -> subprocess.CompletedProcess[str]:
    cwd, env = notes
    return subprocess.run(
        [sys.executable, "-S", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_notes_packages_do_shadow_ours_on_a_plain_import(
    notes: tuple[Path, dict[str, str]],
) -> None:
    # What the CLI has to avoid: a plain import from there finds the notes' own package.
    run = _run(notes, "-c", "import proofs")
    assert run.returncode == 1
    assert "the notes repository's own proofs package was imported" in run.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_works_there(notes: tuple[Path, dict[str, str]], command: list[str]) -> None:
    run = _run(notes, "-m", "hadamard", *command)
    assert run.returncode == 0, run.stderr
    assert "notes repository" not in run.stderr
