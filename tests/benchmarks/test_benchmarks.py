"""The benchmark harness (benchmarks/): it runs end to end and reports what it cannot time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.commands import NOT_AVAILABLE, time_command
from benchmarks.memory import MemoryRow
from benchmarks.timing import interleaved
from hadamard._kernel import BLOCK_BYTES

ROOT = Path(__file__).resolve().parents[2]


def test_quick_run_end_to_end() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--no-cli"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "## Benchmarks (`python -m benchmarks --quick --no-cli`)" in out
    for heading in [
        "Dense rule",
        "literal diag-matmul",
        "Jitted jax",
        "hadamard_vjp",
        "With `out=`",
        "Per-call cost",
        "First call in a fresh process",
        "Peak memory",
        "Goals of issue 13 in this run",
    ]:
        assert heading in out
    assert "(--quick: the peer comparison and the Dask cluster runs are skipped.)" in out
    assert "| hadamard_jacobian denominator" in out
    assert "| hadamard_jacobian numerator" in out
    assert "The `hadamard` commands" not in out  # --no-cli


def test_interleaved_runs_every_case_each_round() -> None:
    calls: dict[str, int] = {"a": 0, "b": 0}

    def case(name: str) -> object:
        calls[name] += 1
        return None

    medians = interleaved({"a": lambda: case("a"), "b": lambda: case("b")}, rounds=4)
    assert set(medians) == {"a", "b"}
    assert all(t >= 0 for t in medians.values())
    assert calls == {"a": 5, "b": 5}  # one warm-up, then one per round


def test_a_failing_command_is_reported_not_timed() -> None:
    seconds, note = time_command(
        [sys.executable, "-c", "import sys; sys.exit(3)"], frozenset({0}), runs=1
    )
    assert seconds is None
    assert note.startswith(NOT_AVAILABLE)
    assert "exit 3" in note


def test_a_working_command_is_timed() -> None:
    seconds, note = time_command([sys.executable, "-c", "pass"], frozenset({0}), runs=1)
    assert seconds is not None
    assert seconds > 0
    assert note == "median of 1"


def test_memory_goal_says_no_beyond_one_block() -> None:
    assert MemoryRow("ok", "(1,)", 1000, 1000 + BLOCK_BYTES).within_goal
    assert not MemoryRow("too much", "(1,)", 1000, 1000 + 2 * BLOCK_BYTES).within_goal
