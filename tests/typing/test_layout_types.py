"""mypy itself must reject mixing layouts: run it once on tests/typing/cases/ from pytest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def errors() -> dict[str, list[str]]:
    """mypy --strict over every case file in one run: each file's error lines (none: accepted).

    Incremental, with the project's cache (``make typecheck`` has just filled it): mypy reads
    numpy and hadamard from there, checks what changed, and reports a cached module's errors
    again, so the verdicts are those of a cold run.
    """
    files = sorted(CASES.glob("*.py"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode in (0, 1), result.stdout + result.stderr
    by_file: dict[str, list[str]] = {path.name: [] for path in files}
    for line in result.stdout.splitlines():
        path, _, rest = line.partition(":")
        if " error: " in rest:
            by_file[Path(path).name].append(line)
    return by_file


def test_mypy_rejects_a_numerator_jacobian_where_a_denominator_one_is_declared(
    errors: dict[str, list[str]],
) -> None:
    found = "\n".join(errors["mixed_layouts.py"])
    assert 'No overload variant of "hadamard_jacobian" matches' in found
    assert 'incompatible type "NumeratorJacobian"; expected "DenominatorJacobian"' in found
    assert len(errors["mixed_layouts.py"]) == 2, found


def test_mypy_accepts_one_layout_per_call(errors: dict[str, list[str]]) -> None:
    assert errors["one_layout.py"] == []


def test_mypy_rejects_an_axis_count_that_is_not_an_integer(errors: dict[str, list[str]]) -> None:
    found = "\n".join(errors["bad_axes.py"])
    assert 'Argument "input_ndim" to "NumeratorJacobian" has incompatible type "str"' in found


def test_every_case_file_is_judged(errors: dict[str, list[str]]) -> None:
    assert sorted(errors) == ["bad_axes.py", "mixed_layouts.py", "one_layout.py"]
