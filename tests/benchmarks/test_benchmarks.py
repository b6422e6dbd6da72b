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


def test_the_formula_figures_run_end_to_end() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.formulas", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for row in (
        "| check_formula in process, after the first",
        "| the heaviest accepted: six factors",
        "| check-doc on 200 formulas, in process | 200 |",
        "| `hadamard check-doc` on 200 formulas, fresh process | 200 |",
    ):
        assert row in done.stdout, row


def test_the_heaviest_formulas_are_one_holding_and_one_failing() -> None:
    from benchmarks.formulas import HEAVIEST
    from proofs.formula.check import check_formula

    assert [check_formula(text, layout=layout).holds for text, layout in HEAVIEST] == [True, False]


def test_fuzzing_counts_statuses_tracebacks_and_timeouts() -> None:
    from benchmarks.formulas import Fuzz, fuzz

    counted = Fuzz()
    counted.add(0, "", 0.1, "a")
    counted.add(2, "hadamard: error: x\n", 0.3, "b")
    counted.add(3, "Traceback (most recent call last):", 0.2, "c")
    counted.add(None, "", 60.0, "d")
    assert (counted.runs, counted.statuses, counted.tracebacks, counted.timeouts) == (
        4,
        {0: 1, 2: 1, 3: 1},
        1,
        1,
    )
    assert (counted.slowest, counted.slowest_input) == (0.3, "b")
    assert counted.summary("w") == (
        "w: 4 inputs; exit 0: 1, exit 2: 1, exit 3: 1; 1 tracebacks or other statuses; "
        "1 timeouts; slowest 0.30 s"
    )
    results = fuzz(20, 1)
    assert set(results) == {
        "check-formula, in process",
        "check-formula, fresh processes",
        "check-doc, in process",
        "check-doc, fresh processes",
    }
    assert results["check-doc, in process"].runs == 20
    assert results["check-formula, fresh processes"].runs == 1
    assert all(r.tracebacks == r.timeouts == 0 for r in results.values())


def test_spellings_are_counted_per_text_form_and_verdict() -> None:
    from benchmarks.formulas import Spellings

    found = Spellings(
        read={("a", True): True, ("b", False): True, ("c", False): False},
        forms={"the differential": {("a", True)}, "the Jacobian": {("a", True), ("b", False)}},
        verdicts={"HOLDS": {("a", True)}, "FAILS": {("a", True), ("b", False)}},
        refused={("d", True)},
    )
    assert found.summary() == (
        "2 distinct formula spellings decided (HOLDS or FAILS) in tests/proofs/formula and "
        "tests/cli, fuzzers left out (1 LaTeX, 1 plain; 1 with a chain that holds, 2 with one "
        "that fails). By form: the Jacobian: 2; the differential: 1. Besides: 1 texts parsed "
        "but not decided (parts of formulas, forms refused after parsing) and 1 refused by the "
        "parser. pytest exit status 0."
    )


def test_the_spellings_are_recorded_from_a_test_run(tmp_path: Path) -> None:
    from benchmarks.formulas import spellings

    (tmp_path / "test_some_formulas.py").write_text(
        "import pytest\n"
        "from hadamard.errors import InputError\n"
        "from proofs.formula.check import check_formula\n"
        "def test_them():\n"
        "    assert check_formula('dy_dz @ diag(x) + dx_dz @ diag(y)').holds\n"
        "    assert not check_formula('d(X ⊙ Y) = dX ⊙ dY').holds\n"
        "    with pytest.raises(InputError):\n"
        "        check_formula('dy_dz @')\n"
        "    with pytest.raises(InputError):\n"
        "        check_formula('c_t = f_t ⊙ c_t')\n",
        encoding="utf-8",
    )
    found = spellings([str(tmp_path)], ())
    assert found.status == 0
    assert found.read == {
        ("dy_dz @ diag(x) + dx_dz @ diag(y)", False): True,
        ("d(X ⊙ Y) = dX ⊙ dY", False): True,
        ("c_t = f_t ⊙ c_t", False): False,  # read, but not a form of the rule
    }
    assert found.refused == {("dy_dz @", False)}
    assert set(found.forms) == {
        "the Jacobian with respect to a variable",
        "the differential",
    }
