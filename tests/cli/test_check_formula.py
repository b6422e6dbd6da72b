"""``hadamard check-formula``: exit 0 holds, 1 fails, 2 bad input (one line, no traceback); the
help lists the vocabulary; a closed pipe is not an error; input is never run as code."""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hadamard.cli import main
from proofs.formula.vocabulary import EXAMPLES
from tests.proofs.formula.chapter import CHAPTER_EQUATION, CHAPTER_FORMULA, CORRECTED_LATEX

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
    status, out, err = run(
        CHAPTER_EQUATION
    )  # LaTeX is recognised; the default layout is denominator
    assert status == 1
    assert out.startswith("FAILS: ")
    assert "undefined" in out
    assert "counterexample at N=3, M=3" in out
    assert (
        "correct form in the denominator layout: ∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)" in out
    )
    assert err == ""


def test_chapter_form_holds_in_the_numerator_layout_exit_0() -> None:
    status, out, _ = run(CHAPTER_FORMULA, "--latex", "--layout", "numerator")
    assert status == 0
    assert out.startswith("HOLDS: ")


@pytest.mark.parametrize(("formula", "status"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_the_help_examples_exit_as_stated(formula: str, status: int) -> None:
    assert run(formula)[0] == status


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        ([CORRECTED], 0),
        (["dy_dz * x + dx_dz * y"], 0),  # the README's broadcasting example
        (["dy_dz * x + dx_dz * y", "--layout", "numerator"], 1),
        (["dy_dz @ diag(x) - dx_dz @ diag(y)"], 1),
        (["(diag(x) @ dy_dz.T).T + (diag(y) @ dx_dz.T).T"], 0),
        ([CORRECTED_LATEX, "--latex"], 0),
        (["dy_dz @ diag(x)", "--constant", "x"], 0),
        (["dy_dz @ diag(x)"], 1),
        (
            [r"\frac{\partial (x \otimes y)}{\partial z} = J_y D_x + J_x D_y", "--otimes-hadamard"],
            0,
        ),
    ],
)
def test_exit_status_follows_the_verdict(argv: list[str], status: int) -> None:
    assert run(*argv)[0] == status


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["dx_dz @"], "column 8: unexpected end of the formula"),
        (["foo"], "unknown name 'foo'"),
        ([r"\frac{1}{2}", "--latex"], r"only derivatives \frac{\partial ...}{\partial ...}"),
        ([CORRECTED, "--layout", "sideways"], "invalid choice: 'sideways'"),
        (["x" * 5000], "the limit is 4000"),
        ([" @ ".join(["diag(x)"] * 7)], "degree 7"),
        ([r"x \otimes y"], "Kronecker"),
        (["h = w * f"], "not a form of the Hadamard product rule"),
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


def test_help_lists_the_vocabulary_and_the_exit_codes() -> None:
    status, out, err = run("--help")
    assert (status, err) == (0, "")
    for fragment in (
        "what EXPR may be",
        "dy_dz * x + dx_dz * y",
        r"\frac{\partial y}{\partial z}",
        r"J_{\boldsymbol y}(\boldsymbol z)",
        r"\nabla_z y",
        r"\cdot_{\text{Hadamard}}",
        r"\operatorname{Diag}",
        r"x \mathbf{1}^\top \odot A",
        "aligned/align rows (each = is checked)",
        "--otimes-hadamard",
        "--constant NAME",
        "exit status",
        "0 the formula holds, 1 it fails, 2 unreadable",
    ):
        assert fragment in out, fragment


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
        r"\input{/etc/passwd}",
    ):
        for latex in ([], ["--latex"]):
            status, out, err = run(text, *latex)
            assert status == 2, text
            assert out == ""
            assert err.startswith("hadamard: error: check-formula: ")
    assert calls == []


def test_the_checker_sources_never_evaluate_or_sympify_input() -> None:
    sources = [*(ROOT / "proofs" / "formula").glob("*.py"), ROOT / "proofs/printing/plain.py"]
    assert len(sources) >= 10
    for path in sources:
        found = FORBIDDEN_CALLS.findall(path.read_text(encoding="utf-8"))
        assert found == [], f"{found} in {path.relative_to(ROOT)}"


@given(st.text(max_size=60), st.sampled_from([[], ["--latex"]]))
def test_junk_never_gives_a_traceback(text: str, latex: list[str]) -> None:
    status, out, err = run(*latex, "--", text)
    assert status in (0, 1, 2)
    assert "Traceback" not in err
    if status == 2:
        assert err.count("\n") == 1
    else:
        assert out.startswith(("HOLDS: ", "FAILS: ", "equation 1: "))


def _hadamard(*argv: str, **options: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "hadamard", *argv], cwd=ROOT, **options
    )


def test_a_closed_pipe_is_not_an_error() -> None:
    # The reader closes its end before anything is written: every write meets a closed pipe.
    process = _hadamard(
        "check-formula", CHAPTER_EQUATION, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1  # the verdict's status: FAILS
    assert err == b""


def test_head_1_sees_the_verdict_and_the_status_is_the_verdicts() -> None:
    formula = f"{sys.executable} -m hadamard check-formula '{CHAPTER_EQUATION}'"
    command = f"set -o pipefail; {formula} | head -1"
    done = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 1
    assert done.stdout.startswith("FAILS: ∂(x ⊙ y)/∂z")
    assert done.stdout.count("\n") == 1
    assert done.stderr == ""


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


def test_a_bare_hadamard_prints_a_usage_hint() -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main([])
    assert status == 2
    assert err.getvalue() == (
        "hadamard: error: a command is required: hadamard {prove,export,check-formula,"
        "check-doc,cite} …; hadamard --help describes each, hadamard --version prints the "
        "version\n"
    )


class _ClosedPipe(io.TextIOBase):
    """A stdout whose reader has gone: every write raises BrokenPipeError; ``fd`` is its file."""

    def __init__(self, fd: int | None) -> None:
        self.fd = fd

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        if self.fd is None:
            raise io.UnsupportedOperation("no file descriptor")
        return self.fd


def test_after_a_closed_pipe_what_is_left_goes_to_dev_null(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read, write = os.pipe()
    try:
        monkeypatch.setattr(sys, "stdout", _ClosedPipe(write))
        assert main(["check-formula", CHAPTER_EQUATION]) == 1  # the verdict's status
        null = os.stat(os.devnull)
        now = os.fstat(write)  # the descriptor stdout wrote to is /dev/null now
        assert (now.st_rdev, stat.S_ISCHR(now.st_mode)) == (null.st_rdev, True)
    finally:
        os.close(read)
        os.close(write)


def test_a_closed_pipe_without_a_file_descriptor_is_not_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe(None))
    assert main(["check-formula", CHAPTER_EQUATION]) == 1
