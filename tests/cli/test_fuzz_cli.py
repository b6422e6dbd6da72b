"""Fuzzing ``hadamard check-formula`` and ``check-doc`` through main(): exit 0, 1 or 2, never 3,
never a traceback.

Inputs are arbitrary text and strings stitched from the formula's own vocabulary (plain and
LaTeX), so the fuzzer reaches deep into the parser instead of stopping at the first character;
documents are stitched from delimiters, markers and formulas, read from standard input.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hadamard import Layout
from hadamard.cli import EXIT_FAILS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, main

TOKENS = [
    "dy_dz", "dx_dz", "dy/dz", "dx/dz", "diag(x)", "diag(y)", "diag", "x", "y", "z", "I",
    "@", "*", "+", "-", "/", "^", "^T", ".T", "'", "⊙", "∘", "·", "**", "(", ")", "[", "]",
    "{", "}", ",", ";", " ", "0", "1", "2", "1e308", "nan", "inf",
    "\\frac", "\\partial", "\\operatorname{diag}", "\\mathrm{diag}", "\\left(", "\\right)",
    "\\odot", "\\circ", "\\cdot", "\\mathbf", "\\top", "\\", "_", "__import__", "lambda",
    "open(", "exec", "eval", "os.system", "\\input", "\\def", "$", "#", "%",
]  # fmt: skip

formulas = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(TOKENS), max_size=40).map("".join),
)


def _run(argv: list[str]) -> tuple[int, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main(argv)
    return status, stderr.getvalue()


@given(text=formulas, latex=st.booleans(), layout=st.sampled_from(["numerator", "denominator"]))
def test_check_formula_never_crashes(text: str, latex: bool, layout: str) -> None:
    argv = ["check-formula", *(["--latex"] if latex else []), "--layout", layout, "--", text]
    status, stderr = _run(argv)
    assert status in (EXIT_OK, EXIT_FAILS, EXIT_USAGE), stderr
    assert "Traceback" not in stderr
    if status == EXIT_USAGE:
        assert stderr.startswith("hadamard: error: ")
        assert stderr.count("\n") == 1, stderr


# --- the harness itself can fail: what the CLI makes of a parser that misbehaves ----------------


def _raising(exc: BaseException) -> Callable[..., object]:
    def check_formula(text: str, **options: object) -> object:
        raise exc

    return check_formula


@pytest.mark.parametrize(
    ("exc", "status", "fragment"),
    [
        pytest.param(ValueError("unexpected '@@'"), EXIT_USAGE, "error: unexpected '@@'\n"),
        # The parser bounds its own depth, so a RecursionError is our bug: exit 3, one line.
        pytest.param(RecursionError("deep"), EXIT_INTERNAL, "internal error: RecursionError"),
        pytest.param(KeyError("bug"), EXIT_INTERNAL, "internal error: KeyError"),
    ],
    ids=["parser-refuses", "parser-recurses", "parser-has-a-bug"],
)
def test_the_cli_maps_parser_failures(
    exc: BaseException, status: int, fragment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import proofs.formula.check

    monkeypatch.delenv("HADAMARD_DEBUG", raising=False)
    monkeypatch.setattr(proofs.formula.check, "check_formula", _raising(exc))
    got, stderr = _run(["check-formula", "dy_dz @@ diag(x)"])
    assert got == status
    assert fragment in stderr
    assert stderr.count("\n") == 1


class _Verdict:
    def __init__(self, holds: bool) -> None:
        self.holds = holds

    def report(self) -> str:
        return "HOLDS" if self.holds else "FAILS"


@pytest.mark.parametrize(("holds", "status"), [(True, EXIT_OK), (False, EXIT_FAILS)])
def test_the_cli_exit_status_follows_the_verdict(
    holds: bool, status: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import proofs.formula.check

    seen: list[tuple[str, bool | None, Layout]] = []

    def check_formula(text: str, *, latex: bool | None, layout: Layout, **_: object) -> _Verdict:
        seen.append((text, latex, layout))
        return _Verdict(holds)

    monkeypatch.setattr(proofs.formula.check, "check_formula", check_formula)
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        got = main(["check-formula", "--latex", "--layout", "numerator", "  x \\odot y  "])
    assert got == status
    assert stdout.getvalue() == ("HOLDS\n" if holds else "FAILS\n")
    assert seen == [("  x \\odot y  ", True, Layout.NUMERATOR)]  # unchanged, flags passed on


DOCUMENT_PIECES = [
    "$", "$$", "\\(", "\\)", "\\[", "\\]", "\n", "\n\n", "```", "```math\n",
    "<!-- hadamard: skip -->", "% hadamard: check\n", "denominator layout", "numerator layout",
    "\\begin{align}", "\\end{align}",
    "\\frac{\\partial (x \\odot y)}{\\partial z}", " = ", "J_y D_x + J_x D_y", "D_x J_y + D_y J_x",
    "d(X \\odot Y)", "dX \\odot Y + X \\odot dY", "{", "}", "\\otimes", "\x00", "\udcff",
]  # fmt: skip

documents = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(DOCUMENT_PIECES), max_size=40).map("".join),
)


@given(text=documents, fmt=st.sampled_from(["text", "json"]))
def test_check_doc_never_crashes(text: str, fmt: str) -> None:
    data = text.encode("utf-8", errors="surrogateescape")
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")
    try:
        status, stderr = _run(["check-doc", "--format", fmt, "-"])
    finally:
        sys.stdin = saved
    assert status in (EXIT_OK, EXIT_FAILS, EXIT_USAGE), stderr
    assert "Traceback" not in stderr
    if status == EXIT_USAGE:
        assert stderr.startswith("hadamard: error: check-doc: -: ")
        assert stderr.count("\n") == 1, stderr
