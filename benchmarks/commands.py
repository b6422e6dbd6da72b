"""Wall time of the ``hadamard`` commands, each run as a fresh subprocess (imports included)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["COMMANDS", "CommandRow", "command_rows", "time_command"]

# (label, arguments after `hadamard`, exit codes that mean "ran"). `{out}` is a fresh directory.
COMMANDS: list[tuple[str, list[str], frozenset[int]]] = [
    (
        "hadamard prove --layout both",
        ["prove", "--layout", "both", "--out", "{out}"],
        frozenset({0}),
    ),
    ("hadamard export lean", ["export", "lean", "--out", "{out}"], frozenset({0})),
    ("hadamard export coq", ["export", "coq", "--out", "{out}"], frozenset({0})),
    (
        "hadamard check-formula 'dy_dz @ diag(x) + dx_dz @ diag(y)'",
        ["check-formula", "dy_dz @ diag(x) + dx_dz @ diag(y)"],
        frozenset({0, 1}),  # 1 is a verdict (FAILS), not a breakdown
    ),
    (
        "hadamard check-formula 'diag(x) @ dy_dz + diag(y) @ dx_dz' (the erratum)",
        ["check-formula", "diag(x) @ dy_dz + diag(y) @ dx_dz"],
        frozenset({0, 1}),
    ),
]

NOT_AVAILABLE = "not available on this branch"


@dataclass(frozen=True)
class CommandRow:
    """A command's median wall time, or why it could not be timed."""

    command: str
    seconds: float | None
    note: str


def time_command(argv: list[str], ok: frozenset[int], runs: int) -> tuple[float | None, str]:
    """Median wall seconds of ``argv`` over ``runs`` fresh runs, or (None, the reason)."""
    times: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            args = [a.replace("{out}", str(Path(tmp) / "out")) for a in argv]
            start = time.perf_counter()
            done = subprocess.run(args, capture_output=True, text=True, check=False)
            elapsed = time.perf_counter() - start
        if done.returncode not in ok:
            last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
            return None, f"{NOT_AVAILABLE} (exit {done.returncode}: {last[:120]})"
        times.append(elapsed)
    times.sort()
    return times[len(times) // 2], f"median of {runs}"


def command_rows(quick: bool) -> list[CommandRow]:
    """Each command of COMMANDS, run by this interpreter as ``python -m hadamard``."""
    rows = []
    for label, args, ok in COMMANDS:
        seconds, note = time_command(
            [sys.executable, "-m", "hadamard", *args], ok, 1 if quick else 3
        )
        rows.append(CommandRow(label, seconds, note))
    return rows
