"""``python -m benchmarks.formulas [--quick]``: how fast check-formula and check-doc are.

Figures, not assertions: the time per formula in process after the first (every form, holding
and failing), and check-doc on a document of 200 formulas, in process and as a fresh
``hadamard check-doc`` (imports included).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from hadamard import Layout

__all__ = ["DOCUMENT_FORMULAS", "FORMULAS", "document", "main"]

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


def _per_formula(rounds: int) -> list[float]:
    from proofs.formula.check import check_formula  # imported here: the first call is apart

    check_formula(FORMULAS[0][0], layout=FORMULAS[0][1]).report()  # the first: imports, caches
    medians = []
    for text, layout in FORMULAS:
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.formulas", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one round: a smoke run")
    args = parser.parse_args(argv)
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
    print(
        f"| check-doc on 200 formulas, in process | 200 | {in_process / 200 * 1e3:.1f} | | "
        f"{in_process:.2f} |"
    )
    print(f"| `hadamard check-doc` on 200 formulas, fresh process | 200 | | | {fresh:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
