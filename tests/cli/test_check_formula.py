"""``hadamard check-formula``: exit 0 holds, 1 fails, 2 bad input (one line, no traceback)."""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hadamard.cli import main
from tests.proofs.test_formula_syntax import CHAPTER_EQUATION, CHAPTER_FORMULA

CORRECTED = "dy_dz @ diag(x) + dx_dz @ diag(y)"
ROOT = Path(__file__).resolve().parents[2]
# Anything that could turn text into running code or into a SymPy expression by parsing.
FORBIDDEN_CALLS = re.compile(
    r"\b(?:eval|exec|__import__|sympify|parse_expr|literal_eval)\b|(?<!re\.)\bcompile\("
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["check-formula", *argv])
    return status, out.getvalue(), err.getvalue()


def test_chapter_form_fails_in_the_denominator_layout_exit_1() -> None:
    status, out, err = run(CHAPTER_EQUATION, "--latex")  # the default layout is denominator
    assert status == 1
    assert out.startswith("FAILS: ")
    assert "undefined" in out
    assert "counterexample at N=3, M=3" in out
    assert f"correct form in the denominator layout: ∂(x ⊙ y)/∂z = {CORRECTED}" in out
    assert err == ""


def test_chapter_form_holds_in_the_numerator_layout_exit_0() -> None:
    status, out, _ = run(CHAPTER_FORMULA, "--latex", "--layout", "numerator")
    assert status == 0
    assert out.startswith("HOLDS: ")


def test_corrected_form_holds_in_the_denominator_layout_exit_0() -> None:
    status, out, _ = run(CORRECTED, "--layout", "denominator")
    assert status == 0
    assert "N=2, M=3: agrees" in out


@pytest.mark.parametrize(
    ("formula", "status"),
    [
        ("dy_dz @ diag(x) - dx_dz @ diag(y)", 1),  # sign error
        ("dy_dz @ diag(x)", 1),  # missing term
        ("dy_dz @ diag(y) + dx_dz @ diag(x)", 1),  # x and y swapped
        ("diag(x) @ dy_dz.T + diag(y) @ dx_dz.T", 1),  # transposed Jacobians
        ("diag(x) @ dy_dz + diag(y) @ dx_dz", 1),  # the numerator layout's form
        ("dy_dz @ diag(x) + O", 1),  # O instead of a term
        ("(diag(x) @ dy_dz.T).T + (diag(y) @ dx_dz.T).T", 0),  # a rewrite of the right form
        ("dx_dz @ diag(y) + dy_dz @ diag(x)", 0),
    ],
)
def test_exit_status_follows_the_verdict(formula: str, status: int) -> None:
    assert run(formula)[0] == status


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["dx_dz @"], "column 8: unexpected end of the formula"),
        (["foo"], "unknown name 'foo'"),
        ([r"\frac{1}{2}", "--latex"], r"only \frac{\partial ...}{\partial z}"),
        ([CORRECTED, "--layout", "sideways"], "invalid choice: 'sideways'"),
        (["x" * 3000], "the limit is 2000"),
        ([" @ ".join(["diag(x)"] * 5)], "degree 5"),
    ],
)
def test_bad_input_exits_2_with_one_line(argv: list[str], fragment: str) -> None:
    status, out, err = run(*argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("hadamard: error: ")
    assert fragment in err
    assert "Traceback" not in err


def test_code_is_refused_and_never_evaluated(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def forbidden(name: str) -> Callable[..., None]:
        def record(*args: object, **kwargs: object) -> None:
            calls.append(name)
            raise AssertionError(f"{name} called on user input")

        return record

    monkeypatch.setattr(os, "system", forbidden("os.system"))
    monkeypatch.setattr(builtins, "eval", forbidden("eval"))
    monkeypatch.setattr(builtins, "exec", forbidden("exec"))
    for text in (
        "__import__('os').system('x')",
        "__import__",
        "x.__class__",
        "exec('x')",
        "[c for c in ()]",
        "lambda: x",
    ):
        for latex in ([], ["--latex"]):
            status, out, err = run(text, *latex)
            assert status == 2, text
            assert out == ""
            assert err.startswith("hadamard: error: check-formula: ")
    assert calls == []


def test_the_checker_sources_never_evaluate_or_sympify_input() -> None:
    sources = [*(ROOT / "proofs" / "formula").glob("*.py"), ROOT / "proofs/printing/plain.py"]
    assert len(sources) >= 4
    for path in sources:
        found = FORBIDDEN_CALLS.findall(path.read_text(encoding="utf-8"))
        assert found == [], f"{found} in {path.relative_to(ROOT)}"


@given(st.text(max_size=60), st.sampled_from([[], ["--latex"]]))
def test_junk_never_gives_a_traceback(text: str, latex: list[str]) -> None:
    if text.startswith("-"):  # argparse would read it as an option; pass it after `--`
        status, out, err = run(*latex, "--", text)
    else:
        status, out, err = run(text, *latex)
    assert status in (0, 1, 2)
    assert "Traceback" not in err
    if status == 2:
        assert err.count("\n") == 1
    else:
        assert out.startswith(("HOLDS: ", "FAILS: "))


def test_output_is_identical_across_processes_and_hash_seeds() -> None:
    outputs = []
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "hadamard", "check-formula", "--latex", CHAPTER_EQUATION],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            cwd=ROOT,
        )
        assert done.returncode == 1, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
