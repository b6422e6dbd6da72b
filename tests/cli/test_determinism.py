"""Every artifact is byte-identical across runs, output directories and PYTHONHASHSEED values.

Each command runs in fresh interpreters (so string hashing, set order and import order really
differ) writing into different directories; the two trees must match byte for byte and must not
mention the directory they were written to, the date or the machine.
"""

from __future__ import annotations

import datetime
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from hadamard.cli import EXIT_OK, main

COMMANDS = [
    pytest.param(["prove", "--layout", "both"], id="prove"),
    pytest.param(["export", "lean"], id="export-lean"),
    pytest.param(["export", "coq", "--no-check"], id="export-coq"),
    pytest.param(["cite"], id="cite"),
]

# Two interpreters with different string hashing; they run side by side on the two cores.
HASH_SEEDS = ("1", "2947")


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _searchable(name: str, content: bytes) -> str:
    """What can mention a path, a date or a host: the text, or a PDF without its compressed
    streams (fonts and pages, whose bytes spell short host names by chance)."""
    if name.endswith(".pdf"):
        content = re.sub(rb"stream\r?\n.*?\r?\nendstream", b"", content, flags=re.DOTALL)
    return content.decode("utf-8", "replace")


def _launch(command: list[str], out: Path, seed: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "HADAMARD_DEBUG"}
    env["PYTHONHASHSEED"] = seed
    return subprocess.Popen(
        [sys.executable, "-m", "hadamard", *command, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_artifacts_are_byte_identical_across_hash_seeds(command: list[str], tmp_path: Path) -> None:
    outs = [tmp_path / f"run-{seed}" for seed in HASH_SEEDS]
    processes = [_launch(command, out, seed) for out, seed in zip(outs, HASH_SEEDS, strict=True)]
    errors = [p.communicate(timeout=600)[1].decode("utf-8", "replace") for p in processes]
    for process, message in zip(processes, errors, strict=True):
        assert process.returncode == EXIT_OK, message
    first, second = (_tree(out) for out in outs)
    assert first, "the command wrote nothing"
    assert sorted(first) == sorted(second)
    for name, content in first.items():
        assert content == second[name], f"{name} differs between PYTHONHASHSEED values"
        text = _searchable(name, content)
        assert str(tmp_path) not in text, f"{name} mentions the output directory"
        assert str(Path.home()) not in text or str(Path.home()) == "/", f"{name} names $HOME"
        assert datetime.date.today().isoformat() not in text, f"{name} carries today's date"
        assert socket.gethostname() not in text, f"{name} names this machine"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_second_run_into_the_same_directory_changes_nothing(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = [*command, "--out", str(out)]
    first_status = main(argv)
    assert first_status == EXIT_OK, capsys.readouterr().err
    before = {name: (out / name).stat().st_mtime_ns for name in _tree(out)}
    assert main(argv) == EXIT_OK  # identical files: no --force needed
    after = {name: (out / name).stat().st_mtime_ns for name in _tree(out)}
    assert before == after
