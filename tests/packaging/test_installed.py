"""The wheel, installed into a fresh venv outside the checkout, runs every command.

The commands run from a notes directory that has its own ``proofs/`` and ``lean_export/``
packages, as a user's repository might; each one raises on import, so a command that picked
them up instead of the installed ones would fail. Nothing from the checkout is on ``sys.path``.
"""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
from pathlib import Path

import pytest

import hadamard
from tests.packaging.conftest import Installed
from tests.packaging.distribution import ROOT

SHADOW = "raise ImportError('the notes repository\\'s own {name} package was imported')\n"


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    notes = tmp_path_factory.mktemp("notes")
    for package in ("proofs", "lean_export"):
        (notes / package).mkdir()
        (notes / package / "__init__.py").write_text(SHADOW.format(name=package))
    return notes


def _run(installed: Installed, notes: Path, *command: str) -> subprocess.CompletedProcess[str]:
    program = str(installed.bin / command[0])
    return subprocess.run(
        [program, *command[1:]],
        cwd=notes,
        env=installed.env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_nothing_from_the_checkout_is_on_sys_path(installed: Installed, notes: Path) -> None:
    script = (
        "import json, sys, hadamard, hadamard.cli; "
        "print(json.dumps({'path': sys.path, 'file': hadamard.__file__}))"
    )
    run = _run(installed, notes, "python", "-c", script)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert Path(found["file"]).is_relative_to(installed.venv), found["file"]
    for entry in found["path"]:
        assert not Path(entry or notes).resolve().is_relative_to(ROOT), entry


def test_a_plain_import_there_finds_the_notes_own_package(
    installed: Installed, notes: Path
) -> None:
    # What the CLI has to avoid; without this, the shadowing below would test nothing.
    run = _run(installed, notes, "python", "-c", "import proofs")
    assert run.returncode == 1
    assert "the notes repository's own proofs package was imported" in run.stderr


@pytest.mark.parametrize("program", [["hadamard"], ["python", "-m", "hadamard"]])
def test_version(installed: Installed, notes: Path, program: list[str]) -> None:
    run = _run(installed, notes, *program, "--version")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"hadamard {hadamard.__version__}"
    assert hadamard.__version__ == importlib.metadata.version("hadamard")


def test_prove_writes_a_certificate_whose_checks_all_passed(
    installed: Installed, notes: Path
) -> None:
    run = _run(
        installed, notes, "hadamard", "prove", "--layout", "denominator", "--out", "out/proof"
    )
    assert run.returncode == 0, run.stderr
    out = notes / "out" / "proof"
    pdf = ["derivation.pdf"] if shutil.which("pdflatex") else []
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["certificate.json", "derivation.md", "derivation.tex", *pdf]
    )
    certificate = json.loads((out / "certificate.json").read_text(encoding="utf-8"))
    assert certificate["summary"]["all"] is True
    assert certificate["versions"]["hadamard"] == hadamard.__version__


def test_export_coq_writes_the_development(installed: Installed, notes: Path) -> None:
    run = _run(installed, notes, "hadamard", "export", "coq", "--no-check", "--out", "out/coq")
    assert run.returncode == 0, run.stderr
    written = {p.name for p in (notes / "out" / "coq").iterdir()}
    assert "_CoqProject" in written
    assert any(name.endswith(".v") for name in written), written


def test_export_lean_reads_the_manifest_from_the_package(installed: Installed, notes: Path) -> None:
    run = _run(installed, notes, "hadamard", "export", "lean", "--out", "out/lean")
    assert run.returncode == 0, run.stderr
    assert (notes / "out" / "lean" / "lean-toolchain").is_file()


@pytest.mark.parametrize(
    ("formula", "status"),
    [
        (["dy_dz @ diag(x) + dx_dz @ diag(y)"], 0),
        (["diag(x) @ dy_dz + diag(y) @ dx_dz"], 1),
    ],
    ids=["holds", "fails"],
)
def test_check_formula(installed: Installed, notes: Path, formula: list[str], status: int) -> None:
    run = _run(installed, notes, "hadamard", "check-formula", *formula)
    assert run.returncode == status, run.stderr
    assert "Traceback" not in run.stderr


def test_cite_prints_the_citation(installed: Installed, notes: Path) -> None:
    run = _run(installed, notes, "hadamard", "cite")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("@software{hadamard,")


def test_check_doc_reads_a_file_there(installed: Installed, notes: Path) -> None:
    # The notes' own proofs/__init__.py: text with no mathematics, so nothing to check.
    run = _run(installed, notes, "hadamard", "check-doc", "proofs/__init__.py")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr


def test_the_testing_helpers_import_and_run(installed: Installed, notes: Path) -> None:
    script = (
        "import hadamard.testing as t; "
        "t.check_hadamard_jacobian("
        "lambda x, y, dx, dy: dy * x[..., None, :] + dx * y[..., None, :], max_examples=20)"
    )
    run = _run(installed, notes, "python", "-c", script)
    assert run.returncode == 0, run.stderr
