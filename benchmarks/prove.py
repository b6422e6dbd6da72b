"""``python -m benchmarks.prove [--runs N]``: how long `hadamard prove --layout both` takes.

The figure is the median wall time of N fresh runs of the command (interpreter start-up and
imports included, into an empty directory, with whatever coqc and pdflatex are on PATH). The
breakdown times each phase on its own, in the order prove runs them, in this one process:
the Coq kernel runs in parallel with SymPy inside prove, so the figure is about start-up +
max(kernel, SymPy import + checks) + documents + PDF, not the sum of the rows.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Phase", "breakdown", "end_to_end", "main"]

GOAL_SECONDS = 3.0
"""Issue 15's budget for `hadamard prove --layout both` on the project's machine."""


@dataclass(frozen=True)
class Phase:
    """One phase of `prove`: its wall and CPU seconds (CPU of this process only)."""

    name: str
    wall: float
    cpu: float


def _timed(name: str, run: Callable[[], object]) -> tuple[Phase, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return Phase(name, time.perf_counter() - wall, time.process_time() - cpu), result


def end_to_end(runs: int) -> list[float]:
    """Wall seconds of ``runs`` fresh `python -m hadamard prove --layout both` runs."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as scratch:
            argv = [sys.executable, "-m", "hadamard", "prove", "--layout", "both"]
            start = time.perf_counter()
            subprocess.run(
                [*argv, "--out", str(Path(scratch) / "out")], check=True, stdout=subprocess.DEVNULL
            )
            times.append(time.perf_counter() - start)
    return times


def _startup() -> Phase:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "hadamard", "--version"], check=True, capture_output=True)
    return Phase(
        "interpreter start-up and the CLI (`hadamard --version`)", time.perf_counter() - start, 0.0
    )


def breakdown() -> list[Phase]:
    """Each phase of prove, timed alone, in prove's order (imports first time in this process)."""
    phases = [_startup()]
    from proofs.coq import export as coq

    phase, _ = _timed(
        "Coq kernels, both developments side by side (coqc; parallel to SymPy)",
        coq.quick_kernel_checks,
    )
    phases.append(phase)
    phase, _ = _timed("import SymPy and the checks", lambda: __import__("proofs.check.certificate"))
    phases.append(phase)

    from hadamard import Layout
    from proofs.check.certificate import build_certificate, check_theorem, ordered
    from proofs.check.crosscheck import (
        hadamard_entry_check,
        matrix_calculus_answer,
        matrix_calculus_paths,
    )
    from proofs.check.erratum import check_erratum
    from proofs.documents.latex import latex_document
    from proofs.documents.markdown import markdown_document
    from proofs.documents.pdf import compile_pdf, find_pdflatex
    from proofs.prove import kernel_record
    from proofs.theory.registry import REGISTRY

    layouts = ordered((Layout.DENOMINATOR, Layout.NUMERATOR))
    for theorem in REGISTRY:
        phase, _ = _timed(
            f"SymPy: {theorem.id} (steps, wrong variants, corollaries, explicit sizes)",
            functools.partial(check_theorem, theorem, layouts),
        )
        phases.append(phase)
    for name, run in (
        ("SymPy: 6-1-1 against HadamardProduct", hadamard_entry_check),
        (
            "SymPy: its own matrix calculus (answer and paths)",
            lambda: (matrix_calculus_answer(), matrix_calculus_paths()),
        ),
        ("SymPy: the erratum (clash, counterexample, correct form)", check_erratum),
    ):
        phase, _ = _timed(name, run)
        phases.append(phase)
    certificate = build_certificate(layouts, lambda: (kernel_record(None),))
    phase, tex = _timed(
        "documents: derivation.md and derivation.tex",
        lambda: (markdown_document(certificate), latex_document(certificate))[1],
    )
    phases.append(phase)
    pdflatex = find_pdflatex()
    if pdflatex is not None:
        phase, _ = _timed(
            "pdflatex: derivation.pdf (one run)",
            lambda: compile_pdf(str(tex).encode("ascii"), pdflatex),
        )
        phases.append(phase)
    return phases


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.prove", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="fresh runs of the command (median)")
    args = parser.parse_args(argv)
    tools = ", ".join(
        f"{tool} {'on PATH' if shutil.which(tool) else 'absent'}" for tool in ("coqc", "pdflatex")
    )
    load = os.getloadavg()[0]
    times = end_to_end(args.runs)
    median = statistics.median(times)
    print("## `hadamard prove --layout both`\n")
    print(
        f"{os.cpu_count()} CPUs, load average {load:.1f} at start; {tools}.\n\n"
        f"**{median:.2f} s**: median wall time of {args.runs} fresh runs "
        f"(min {min(times):.2f} s, max {max(times):.2f} s; goal ≤ {GOAL_SECONDS:.0f} s), "
        "interpreter start-up, imports, the Coq kernel check, every SymPy check, "
        "derivation.md/.tex/.pdf and certificate.json included.\n"
    )
    print("### Where the time goes (each phase alone, in prove's order)\n")
    print("| phase | wall (s) | CPU here (s) |\n|---|---:|---:|")
    for phase in breakdown():
        print(f"| {phase.name} | {phase.wall:.2f} | {phase.cpu:.2f} |")
    print(
        "\nIn prove the Coq kernel runs (in its own process) while SymPy is imported and checks; "
        "the documents and the PDF wait for both."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
