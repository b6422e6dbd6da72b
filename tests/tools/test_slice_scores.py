"""The mutation-score reader and the slice runner: mutmut's result lines, the scratch config."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tools.mutation import slices
from tools.mutation.score import parse, report
from tools.mutation.slices import (
    ROOT,
    SELECTION_LINE,
    SLICES,
    STAMP,
    configure,
    run_slice,
    tree_digest,
    undetected,
)
from tools.mutation.slices import main as slices_main

RESULTS = """
    hadamard._files.x_write_tree__mutmut_1: killed
    hadamard._files.x_write_tree__mutmut_2: survived
    hadamard._files.x__state__mutmut_17: timeout
    hadamard.cli.xǁ_Parserǁerror__mutmut_3: killed
    hadamard.cli.x_run__mutmut_1: no tests
"""


def test_parse_counts_each_status_per_module() -> None:
    counts = parse(RESULTS)
    assert dict(counts["hadamard._files"]) == {"killed": 1, "survived": 1, "timeout": 1}
    assert dict(counts["hadamard.cli"]) == {"killed": 1, "no tests": 1}


def test_report_counts_timeouts_as_detected_and_totals_by_prefix() -> None:
    table, totals = report(parse(RESULTS), ["hadamard._files", "hadamard", "hadamard.c"])
    assert "| hadamard._files | 3 | 2 | 1 | 0 | 66.7% |" in table
    assert totals == [("hadamard._files", 2, 3), ("hadamard", 3, 5), ("hadamard.c", 0, 0)]


def test_a_slice_sets_only_the_mutmut_test_selection() -> None:
    pyproject = f'[tool.mutmut]\nsource_paths = ["hadamard/"]\n{SELECTION_LINE}\nx = 1\n'
    configured = configure(pyproject, ["tests/a.py", "--deselect", "tests/a.py::t"])
    expected = 'pytest_add_cli_args_test_selection = ["tests/a.py", "--deselect", "tests/a.py::t"]'
    assert configured == pyproject.replace(SELECTION_LINE, expected)


def test_a_slice_refuses_a_pyproject_whose_selection_moved() -> None:
    with pytest.raises(ValueError, match="must contain the line"):
        configure('[tool.mutmut]\npytest_add_cli_args_test_selection = ["t/"]\n', ["tests/a.py"])


def test_the_repository_pyproject_can_be_sliced() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for chosen in SLICES.values():
        assert SELECTION_LINE not in configure(text, chosen.tests)
        for path in chosen.tests:
            assert path.startswith("-") or (ROOT / path.split("::")[0]).exists(), path


def test_slices_judge_with_behaviour_files_and_no_file_is_named_after_mutants() -> None:
    # tests are grouped by what they check; a mutant they kill is no reason to name a file
    named = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("*mutant*"))
    assert named == []
    for chosen in SLICES.values():
        for path in chosen.tests:
            ignored = path.removeprefix("--ignore=")
            assert "mutant" not in ignored, path
            assert (ROOT / ignored).exists(), path
    formula = SLICES["formula"]
    assert set(formula.modules) >= {"proofs.formula.check", "proofs.formula.document"}
    assert "tests/proofs/formula" in formula.tests


def test_unknown_slices_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        slices_main(["kernel", "nope"])
    assert exited.value.code == 2
    assert "unknown slice nope; the slices are core, kernel" in capsys.readouterr().err


def test_undetected_lists_the_slice_mutants_not_killed_or_timed_out() -> None:
    assert undetected(RESULTS, ["hadamard._files", "hadamard.cli"]) == [
        "hadamard._files.x_write_tree__mutmut_2: survived",
        "hadamard.cli.x_run__mutmut_1: no tests",
    ]
    assert undetected(RESULTS, ["hadamard._file"]) == []


def _limits_after(gib: int, before: str = "") -> list[int]:
    code = (
        "import resource, sys\n"
        f"{before}\n"
        "from tools.mutation.slices import _limit_memory\n"
        f"_limit_memory({gib})\n"
        "print(*resource.getrlimit(resource.RLIMIT_AS))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [int(word) for word in done.stdout.split()]


def test_the_memory_limit_is_set_and_a_lower_one_kept() -> None:
    gib = 2**30
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    assert _limits_after(3) == [3 * gib, hard]
    lowered = f"resource.setrlimit(resource.RLIMIT_AS, ({2 * gib}, {2 * gib}))"
    assert _limits_after(3, lowered) == [2 * gib, 2 * gib]


def test_a_slice_mutates_only_its_own_modules() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    configured = configure(text, ["tests/a.py"], ["hadamard._files", "proofs.formula.tokens"])
    assert 'only_mutate = ["hadamard/_files.py", "proofs/formula/tokens.py"]\n' in configured
    assert '"hadamard/*"' not in configured
    assert "also_copy = [" in configured  # the list after it is left alone
    with pytest.raises(ValueError, match="one only_mutate"):
        configure(f"[tool.mutmut]\n{SELECTION_LINE}\n", ["tests/a.py"], ["hadamard._files"])


def test_the_tree_digest_follows_the_bytes_and_skips_what_is_not_copied(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "mutants").mkdir()
    (tmp_path / "mutants" / "a.py").write_text("x = 2\n")
    first = tree_digest(tmp_path)
    (tmp_path / "mutants" / "a.py").write_text("x = 3\n")
    (tmp_path / ".mutation").mkdir()
    (tmp_path / "docs" / "_build").mkdir(parents=True)
    (tmp_path / "docs" / "_build" / "index.html").write_text("<html/>\n")
    assert tree_digest(tmp_path) == first
    (tmp_path / "a.py").write_text("x = 4\n")
    assert tree_digest(tmp_path) != first


def test_a_kept_slice_is_resumed_on_the_same_tree_and_copied_afresh_on_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, ...]] = []

    def fake_mutmut(*args: str, cwd: Path, memory_gib: int, capture: bool) -> str:
        calls.append(args)
        return "hadamard._kernel.x_f__mutmut_1: killed\n" if capture else ""

    monkeypatch.setattr(slices, "_mutmut", fake_mutmut)
    monkeypatch.setattr(slices, "tree_digest", lambda root: "one")
    scratch = tmp_path / "kernel"
    assert run_slice("kernel", scratch, 1, 4) == "hadamard._kernel.x_f__mutmut_1: killed\n"
    assert calls == [("run", "--max-children", "1"), ("results", "--all", "true")]
    assert (scratch / STAMP).read_text() == "one"
    assert 'only_mutate = ["hadamard/_kernel.py"]' in (scratch / "pyproject.toml").read_text()
    (scratch / "mutants").mkdir()  # mutmut's results so far
    run_slice("kernel", scratch, 1, 4)
    assert (scratch / "mutants").is_dir()  # resumed
    monkeypatch.setattr(slices, "tree_digest", lambda root: "two")
    run_slice("kernel", scratch, 1, 4)
    assert not (scratch / "mutants").exists()  # a fresh copy of the changed tree
    assert (scratch / STAMP).read_text() == "two"
