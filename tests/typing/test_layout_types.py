"""mypy itself must reject mixing layouts: run it on tests/typing/cases/ from pytest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CASES = Path(__file__).parent / "cases"
ROOT = Path(__file__).parents[2]


def run_mypy(case: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            str(CASES / case),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_mypy_rejects_a_numerator_jacobian_where_a_denominator_one_is_declared() -> None:
    result = run_mypy("mixed_layouts.py")
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'No overload variant of "hadamard_jacobian" matches' in result.stdout
    assert 'incompatible type "NumeratorJacobian"; expected "DenominatorJacobian"' in result.stdout
    assert "Found 2 errors" in result.stdout


def test_mypy_accepts_one_layout_per_call() -> None:
    result = run_mypy("one_layout.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_rejects_an_axis_count_that_is_not_an_integer() -> None:
    result = run_mypy("bad_axes.py")
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'Argument "input_ndim" to "NumeratorJacobian" has incompatible type "str"' in (
        result.stdout
    )
