"""``python -m benchmarks.formulas [--quick] [--spellings] [--fuzz N]``: check-formula's figures.

Figures, not assertions: the time per formula in process after the first (every form, holding
and failing), and check-doc on a document of 200 formulas, in process and as a fresh
``hadamard check-doc`` (imports included). ``--spellings`` counts the formula spellings the
tests cover: it runs the formula and CLI tests with the parser wrapped, and counts the distinct
texts it reads and the distinct texts that reach a verdict. ``--fuzz N`` runs N random formulas
and N random documents through the CLI in process, and a sample of them in fresh processes with
a timeout, and counts the exit statuses, tracebacks and the slowest input.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hadamard import Layout

__all__ = [
    "DOCUMENT_FORMULAS",
    "FORMULAS",
    "HEAVIEST",
    "Fuzz",
    "Spellings",
    "document",
    "fuzz",
    "main",
    "spellings",
]

FRAC = r"\frac{{\partial {0}}}{{\partial {1}}}"

FORMULAS: tuple[tuple[str, Layout], ...] = (
    ("dy_dz @ diag(x) + dx_dz @ diag(y)", Layout.DENOMINATOR),
    ("diag(x) @ dy_dz + diag(y) @ dx_dz", Layout.DENOMINATOR),
    ("dy_dz * x + dx_dz * y", Layout.NUMERATOR),
    ("∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)", Layout.DENOMINATOR),
    (
        r"\frac{\partial (\boldsymbol{x} \odot \boldsymbol{y})}{\partial \boldsymbol{z}} = "
        r"\mathrm{diag}(\boldsymbol{x}) \frac{\partial \boldsymbol{y}}{\partial \boldsymbol{z}} "
        r"+ \mathrm{diag}(\boldsymbol{y}) \frac{\partial \boldsymbol{x}}{\partial \boldsymbol{z}}",
        Layout.DENOMINATOR,
    ),
    (
        r"\begin{aligned} \frac{\partial (u \odot v \odot w)}{\partial t} &= J_u D_{v \odot w} "
        r"+ J_v D_{u \odot w} + J_w D_{u \odot v} \\ &= \left(D_{v \odot w} J_u^\top + "
        r"D_{u \odot w} J_v^\top + D_{u \odot v} J_w^\top\right)^\top \end{aligned}",
        Layout.DENOMINATOR,
    ),
    (
        "dx_dz @ diag(y * w * u) + dy_dz @ diag(x * w * u) + dw_dz @ diag(x * y * u) "
        "+ du_dz @ diag(x * y * w)",
        Layout.DENOMINATOR,
    ),
    (r"d(X \odot Y) = dX\, Y + X\, dY", Layout.DENOMINATOR),
    (r"\mathrm{d}(X \odot Y) = \mathrm{d}X \odot Y + X \odot \mathrm{d}Y", Layout.DENOMINATOR),
    (r"\frac{\partial (w \odot x)}{\partial x} = \mathrm{diag}(w)", Layout.NUMERATOR),
    (
        r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial (x \odot y)} \odot y",
        Layout.DENOMINATOR,
    ),
    (
        r"\frac{\partial (x_i y_i)}{\partial z_j} = x_i \frac{\partial y_i}{\partial z_j} + "
        r"y_i \frac{\partial x_i}{\partial z_j}",
        Layout.DENOMINATOR,
    ),
    (r"\frac{\partial \sigma(a)}{\partial a} = \mathrm{diag}(\sigma(a))", Layout.DENOMINATOR),
)
"""Every form, holding and failing, in every dialect."""


def _six_factors(*, transposed: bool) -> str:
    names = "abcefg"
    terms = []
    for k, name in enumerate(names):
        others = r" \odot ".join(n for j, n in enumerate(names) if j != k)
        jacobian = FRAC.format(name, "z") + (r"^\top" if transposed else "")
        terms.append(rf"{jacobian} \mathrm{{diag}}({others})")
    product = "(" + r" \odot ".join(names) + ")"
    return FRAC.format(product, "z") + " = " + " + ".join(terms)


HEAVIEST: tuple[tuple[str, Layout], ...] = (
    (_six_factors(transposed=False), Layout.DENOMINATOR),
    (_six_factors(transposed=True), Layout.DENOMINATOR),
)
"""The heaviest formulas accepted: six factors (the degree bound), holding and failing."""

DOCUMENT_FORMULAS = (
    r"\frac{\partial (x \odot y)}{\partial z} = \frac{\partial y}{\partial z} \mathrm{diag}(x)"
    r" + \frac{\partial x}{\partial z} \mathrm{diag}(y)",
    r"\frac{\partial (x \odot y)}{\partial z} = \mathrm{diag}(x) \frac{\partial y}{\partial z}"
    r" + \mathrm{diag}(y) \frac{\partial x}{\partial z}",
    r"d(X \odot Y) = dX \odot Y + X \odot dY",
    r"(x \odot y)_i = x_i \, y_i",
    r"\frac{\partial (u \odot v \odot w)}{\partial t} = J_u D_{v \odot w} + J_v D_{u \odot w}"
    r" + J_w D_{u \odot v}",
)


def document(count: int) -> str:
    """A Markdown document declaring the denominator layout, with ``count`` display formulas."""
    blocks = [f"$${DOCUMENT_FORMULAS[k % len(DOCUMENT_FORMULAS)]}$$" for k in range(count)]
    return "We use the denominator layout.\n\n" + "\n\nSome prose.\n\n".join(blocks) + "\n"


def _per_formula(rounds: int, formulas: Sequence[tuple[str, Layout]] = FORMULAS) -> list[float]:
    from proofs.formula.check import check_formula  # imported here: the first call is apart

    check_formula(FORMULAS[0][0], layout=FORMULAS[0][1]).report()  # the first: imports, caches
    medians = []
    for text, layout in formulas:
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            check_formula(text, layout=layout).report()
            times.append(time.perf_counter() - start)
        medians.append(statistics.median(times))
    return medians


def _document_in_process(text: str) -> float:
    from proofs.formula.document import check_document, render

    check_document("warm-up.md", document(5))
    start = time.perf_counter()
    render([check_document("notes.md", text)], "text")
    return time.perf_counter() - start


def _document_fresh(text: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notes.md"
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "hadamard", "check-doc", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"hadamard check-doc exited {done.returncode}: {done.stderr}")
    return elapsed


# -- how many spellings the tests cover --------------------------------------------------------

SPELLING_TESTS = ("tests/proofs/formula", "tests/cli")
"""The tests whose formulas are counted: the formula checker's and the command line's."""
SPELLING_IGNORED = ("tests/proofs/formula/test_fuzz.py", "tests/cli/test_fuzz_cli.py")
"""Left out: the fuzzers' texts are drawn at random, not written."""


@dataclass
class Spellings:
    """What the parser read during a test run: each distinct text, and whether it got a verdict."""

    read: dict[tuple[str, bool], bool] = field(default_factory=dict)
    """(text, LaTeX?) → whether a chain of it reached a verdict (HOLDS or FAILS)."""
    forms: dict[str, set[tuple[str, bool]]] = field(default_factory=dict)
    """Each form of the rule → the texts with a chain of that form decided."""
    verdicts: dict[str, set[tuple[str, bool]]] = field(default_factory=dict)
    """HOLDS / FAILS → the texts with a chain of that verdict."""
    refused: set[tuple[str, bool]] = field(default_factory=set)
    last: tuple[str, bool] | None = None
    status: int = 0

    def summary(self) -> str:
        """One paragraph of figures."""
        decided = [key for key, verdict in self.read.items() if verdict]
        latex = sum(latex for _, latex in decided)
        forms = "; ".join(f"{form}: {len(texts)}" for form, texts in sorted(self.forms.items()))
        holds = len(self.verdicts.get("HOLDS", ()))
        fails = len(self.verdicts.get("FAILS", ()))
        return (
            f"{len(decided)} distinct formula spellings decided (HOLDS or FAILS) in "
            f"{' and '.join(SPELLING_TESTS)}, fuzzers left out ({latex} LaTeX, "
            f"{len(decided) - latex} plain; {holds} with a chain that holds, {fails} with one "
            f"that fails). By form: {forms}. Besides: {len(self.read) - len(decided)} texts "
            f"parsed but not decided (parts of formulas, forms refused after parsing) and "
            f"{len(self.refused)} refused by the parser. pytest exit status {self.status}."
        )


class _Recorder:
    """A pytest plugin wrapping the parser and the decision before the tests are collected."""

    def __init__(self, found: Spellings) -> None:
        self.found = found

    def pytest_configure(self) -> None:
        import proofs.formula.check
        import proofs.formula.document
        import proofs.formula.syntax
        from hadamard.errors import InputError

        found = self.found
        parse = proofs.formula.syntax.parse_formula
        decide = proofs.formula.check.decide_chain

        def parse_formula(text: str, *, latex: bool, **options: Any) -> Any:
            key = (text, latex)
            try:
                reading = parse(text, latex=latex, **options)
            except InputError:
                found.refused.add(key)
                raise
            found.read.setdefault(key, False)
            found.last = key
            return reading

        def decide_chain(*args: Any, **options: Any) -> Any:
            verdict = decide(*args, **options)
            if found.last is not None:
                found.read[found.last] = True
                found.forms.setdefault(verdict.binding.form.value, set()).add(found.last)
                holds = "HOLDS" if verdict.holds else "FAILS"
                found.verdicts.setdefault(holds, set()).add(found.last)
            return verdict

        for module in (proofs.formula.syntax, proofs.formula.check, proofs.formula.document):
            if hasattr(module, "parse_formula"):
                setattr(module, "parse_formula", parse_formula)  # noqa: B010
            if hasattr(module, "decide_chain"):
                setattr(module, "decide_chain", decide_chain)  # noqa: B010


def spellings() -> Spellings:
    """Run the formula and CLI tests with the parser wrapped; what it read."""
    import pytest

    found = Spellings()
    found.status = int(
        pytest.main(
            [
                "-q",
                "-p",
                "no:cacheprovider",
                "--no-header",
                *(f"--ignore={path}" for path in SPELLING_IGNORED),
                *SPELLING_TESTS,
            ],
            plugins=[_Recorder(found)],
        )
    )
    found.refused -= set(found.read)
    return found


# -- fuzzing -------------------------------------------------------------------------------------

FUZZ_TOKENS = (
    "dy_dz", "dx_dz", "diag(x)", "diag(", "np.diag(", "x", "y", "z", "u", "X", "O", "@", "*",
    "+", "-", "/", "^", ".T", "'", "⊙", "∘", "∂", "∂y/∂z", "d(", "dX", "=", "(", ")", "[", "]",
    "{", "}", ",", ".", " ", "0", "2", "1e308", "nan", "\\frac{", "\\partial ", "\\odot ",
    "\\circ ", "\\otimes ", "\\cdot", "\\mathrm{diag}", "\\operatorname{Diag}", "{\\rm d}",
    "\\left(", "\\right)", "\\left.", "\\big[", "J_", "J[", "\\nabla_", "\\sigma(", "\\sigma'(",
    "\\mathbf{1}^\\top", "\\boldsymbol{", "\\tag{1}", "\\\\", "&=", "\\begin{aligned}",
    "\\end{aligned}", "\\text{Hadamard}", "_i", "_j", "\\,", "\\quad", "$", "$$", "%", "#",
    "__import__", "\\def", "\\input{", "\x00",
)  # fmt: skip
DOCUMENT_TOKENS = (
    "$", "$$", "\\(", "\\)", "\\[", "\\]", "\n", "\n\n", "```", "```math\n", "<!-- ", " -->",
    "hadamard: skip", "hadamard: check", "hadamard: layout=numerator", "denominator layout",
    "numerator layout", "\\begin{align}", "\\end{align}", "\\begin{equation}", "\\end{equation}",
    ".. math::\n\n   ", ":math:`", "`", '<script type="math/tex">', "</script>", "<p>",
    "\\frac{\\partial (x \\odot y)}{\\partial z}", " = ", "J_y D_x + J_x D_y", "D_x J_y + D_y J_x",
    "d(X \\odot Y)", "dX \\odot Y + X \\odot dY", "{", "}", "\\otimes", "\x00", "\\label{a}",
)  # fmt: skip


@dataclass
class Fuzz:
    """Exit statuses, tracebacks and the slowest input of a fuzzing run."""

    statuses: dict[int, int] = field(default_factory=dict)
    tracebacks: int = 0
    timeouts: int = 0
    runs: int = 0
    slowest: float = 0.0
    slowest_input: str = ""

    def add(self, status: int | None, stderr: str, seconds: float, text: str) -> None:
        """Count one run (status None: it timed out)."""
        self.runs += 1
        if status is None:
            self.timeouts += 1
            return
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.tracebacks += "Traceback" in stderr or status not in (0, 1, 2)
        if seconds > self.slowest:
            self.slowest, self.slowest_input = seconds, text

    def summary(self, what: str) -> str:
        """One line of figures."""
        statuses = ", ".join(f"exit {k}: {v}" for k, v in sorted(self.statuses.items()))
        return (
            f"{what}: {self.runs} inputs; {statuses}; {self.tracebacks} tracebacks or other "
            f"statuses; {self.timeouts} timeouts; slowest {self.slowest:.2f} s"
        )


def _mutated(rng: random.Random, seed: str, tokens: Sequence[str]) -> str:
    """``seed`` with up to three random edits: a slice deleted or repeated, a token put in."""
    text = seed
    for _ in range(rng.randrange(4)):  # a quarter left as they are
        at = rng.randrange(len(text) + 1)
        end = min(len(text), at + rng.randrange(1, 12))
        edit = rng.randrange(3)
        if edit == 0:
            text = text[:at] + text[end:]
        elif edit == 1:
            text = text[:end] + text[at:end] + text[end:]
        else:
            text = text[:at] + rng.choice(tokens) + text[at:]
    return text


def _texts(
    rng: random.Random, tokens: Sequence[str], seeds: Sequence[str], count: int
) -> list[str]:
    """Random texts: a third stitched from ``tokens``, half ``seeds`` edited, the rest anything."""
    texts = []
    for _ in range(count):
        draw = rng.random()
        if draw < 0.15:  # arbitrary characters too, not only the vocabulary
            texts.append("".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(60))))
        elif draw < 0.5:
            texts.append("".join(rng.choice(tokens) for _ in range(rng.randrange(1, 40))))
        else:
            texts.append(_mutated(rng, rng.choice(seeds), tokens))
    return texts


def _in_process(argv: list[str], stdin: bytes | None) -> tuple[int, str, float]:
    from hadamard.cli import main as cli

    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli(argv)
    finally:
        sys.stdin = saved
    return status, err.getvalue(), time.perf_counter() - start


def _fresh(argv: list[str], stdin: bytes | None, timeout: float) -> tuple[int | None, str, float]:
    argv = [a.replace("\0", "") for a in argv]  # a process's arguments cannot hold NUL
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "hadamard", *argv],
            input=stdin or b"",
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, "", time.perf_counter() - start
    return done.returncode, done.stderr.decode("utf-8", "replace"), time.perf_counter() - start


def _invocation(name: str, text: str, rng: random.Random) -> tuple[list[str], bytes | None]:
    if name == "check-formula":
        layout = rng.choice(["numerator", "denominator"])
        return ["check-formula", "--layout", layout, "--", text], None
    return ["check-doc", "--format", rng.choice(["text", "json"]), "-"], text.encode("utf-8")


def fuzz(count: int, fresh: int, seed: int = 2026, timeout: float = 60.0) -> dict[str, Fuzz]:
    """``count`` formulas and documents in process, ``fresh`` of each in fresh processes."""
    rng = random.Random(seed)
    results: dict[str, Fuzz] = {}
    formulas = [text for text, _ in FORMULAS] + list(DOCUMENT_FORMULAS)
    documents = [document(k) for k in (1, 3, 5)] + [f"$${f}$$" for f in DOCUMENT_FORMULAS]
    for name, tokens, seeds in (
        ("check-formula", FUZZ_TOKENS, formulas),
        ("check-doc", DOCUMENT_TOKENS, documents),
    ):
        texts = _texts(rng, tokens, seeds, count)
        here = results[f"{name}, in process"] = Fuzz()
        for text in texts:
            argv, stdin = _invocation(name, text, rng)
            status, err, seconds = _in_process(argv, stdin)
            here.add(status, err, seconds, text)
        apart = results[f"{name}, fresh processes"] = Fuzz()
        for text in texts[:fresh]:
            argv, stdin = _invocation(name, text, rng)
            apart.add(*_fresh(argv, stdin, timeout), text)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.formulas", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one round: a smoke run")
    parser.add_argument(
        "--spellings", action="store_true", help="count the spellings the tests cover"
    )
    parser.add_argument("--fuzz", type=int, default=0, metavar="N", help="fuzz N inputs each")
    parser.add_argument(
        "--fresh", type=int, default=100, metavar="K", help="of which K in fresh processes"
    )
    args = parser.parse_args(argv)
    if args.spellings:
        print(spellings().summary())
    if args.fuzz:
        for what, result in fuzz(args.fuzz, min(args.fresh, args.fuzz)).items():
            print(result.summary(what))
            print(f"  slowest input: {result.slowest_input[:120]!r}")
    if args.spellings or args.fuzz:
        return 0
    rounds = 1 if args.quick else 7
    medians = _per_formula(rounds)
    text = document(200)
    in_process = _document_in_process(text)
    fresh = _document_fresh(text)
    print("## check-formula and check-doc (`python -m benchmarks.formulas`)\n")
    print("| what | formulas | median (ms) | slowest (ms) | total (s) |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| check_formula in process, after the first (median of {rounds} per formula) | "
        f"{len(medians)} | {statistics.median(medians) * 1e3:.1f} | {max(medians) * 1e3:.1f} "
        f"| {sum(medians):.3f} |"
    )
    heaviest = _per_formula(rounds, HEAVIEST)
    print(
        f"| the heaviest accepted: six factors, holding and failing (median of {rounds}) | "
        f"{len(heaviest)} | {statistics.median(heaviest) * 1e3:.1f} | "
        f"{max(heaviest) * 1e3:.1f} | {sum(heaviest):.3f} |"
    )
    print(
        f"| check-doc on 200 formulas, in process | 200 | {in_process / 200 * 1e3:.1f} | | "
        f"{in_process:.2f} |"
    )
    print(f"| `hadamard check-doc` on 200 formulas, fresh process | 200 | | | {fresh:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
