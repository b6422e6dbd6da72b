"""The proof certificate: every check `hadamard prove` ran and its verdict, as versioned JSON.

The same data feeds the Markdown and LaTeX documents. Nothing in it depends on time, paths or
hash seeds; :func:`certificate_json` is byte-identical on every run.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import sympy as sp

import hadamard
from hadamard import Layout
from proofs.check.corollaries import check_corollaries
from proofs.check.crosscheck import (
    hadamard_entry_check,
    matrix_calculus_answer,
    matrix_calculus_paths,
    undefined_function_checks,
)
from proofs.check.derivation import derive
from proofs.check.erratum import check_erratum
from proofs.check.verify import decide
from proofs.coq import export as coq
from proofs.printing.latex import equation_latex, equation_text
from proofs.theory.mistakes import mutants
from proofs.theory.statement import SOURCE, THEOREMS, statement_sha256

__all__ = ["SCHEMA", "build_certificate", "certificate_json", "coq_record", "ordered"]

SCHEMA = "hadamard-certificate/1"
"""Bump the number when a field changes meaning or goes away; adding fields keeps it."""

GENERATOR = "hadamard prove (hadamard {version})"
COQ_ABSENT = "coqc was not found, so the Coq kernel check was not run"


def ordered(layouts: Sequence[Layout]) -> tuple[Layout, ...]:
    """The requested layouts without repeats, sorted by name (never in the order asked for)."""
    return tuple(sorted(set(layouts), key=lambda layout: layout.value))


COQ_METHOD = (
    "coqc over the exported Calculus.v and HadamardDerivative.v, then one Print Assumptions "
    "over all main theorems together (hadamard export coq prints each theorem's own)"
)


def coq_record(check: coq.CoqCheck | None) -> dict[str, Any]:
    """What the Coq kernel said, or why it was not asked (its timing is left out on purpose)."""
    if check is None:
        return {"run": False, "reason": COQ_ABSENT}
    return {
        "run": True,
        "method": COQ_METHOD,
        "coqc_version": check.coqc_version,
        "theorems": sorted(check.theorems),
        "ok": check.ok,
        "assumptions": [
            {"theorem": name, "axioms": sorted(axioms)}
            for name, axioms in sorted(check.assumptions)
        ],
    }


def _controls(layout: Layout) -> list[dict[str, Any]]:
    # The verifier must say no to each wrong variant of each step.
    out = []
    for step in THEOREMS[layout].steps:
        for kind, wrong in mutants(step):
            verdict = decide(wrong)
            out.append(
                {
                    "layout": layout.value,
                    "label": step.label,
                    "kind": kind,
                    "statement": equation_latex(wrong),
                    "statement_text": equation_text(wrong),
                    "rejected": not verdict.holds,
                    "verdict": verdict.kind,
                    "reason": verdict.reason,
                }
            )
    return out


def build_certificate(layouts: Sequence[Layout]) -> dict[str, Any]:
    """Run every check for ``layouts`` and collect the verdicts."""
    chosen = ordered(layouts)
    # coqc runs in its own process: let it work while SymPy does.
    with ThreadPoolExecutor(max_workers=1) as pool:
        kernel: Future[coq.CoqCheck | None] = pool.submit(coq.quick_kernel_check)
        certificate = _checks(chosen)
        record = coq_record(kernel.result())
    certificate["coq"] = record
    if record["run"]:
        certificate["summary"]["coq_kernel_accepts"] = record["ok"]
    certificate["summary"]["all"] = all(certificate["summary"].values())
    return certificate


def _checks(chosen: tuple[Layout, ...]) -> dict[str, Any]:
    """Every SymPy check for ``chosen``, with its summary (without the Coq verdict)."""
    steps = [step.to_data() for layout in chosen for step in derive(layout)]
    controls = [control for layout in chosen for control in _controls(layout)]
    explicit = [c.to_data() for layout in chosen for c in undefined_function_checks(layout)]
    paths = [trial.to_data() for trial in matrix_calculus_paths()]
    corollaries = [c.to_data() for layout in chosen for c in check_corollaries(layout)]
    definition = hadamard_entry_check()
    erratum = check_erratum()
    summary = {
        "steps_verified": all(s["verified"] for s in steps),
        "wrong_variants_rejected": all(c["rejected"] for c in controls),
        "explicit_sizes_agree": all(c["agrees"] for c in explicit),
        "definition_matches_sympy": definition["agrees"],
        "matrix_calculus_agrees": any(p["status"] == "agrees" for p in paths)
        and not any(p["status"] == "disagrees" for p in paths),
        "corollaries_verified": all(
            c["verified"] and all(e["agrees"] for e in c["explicit"]) for c in corollaries
        ),
        "erratum_confirmed": erratum.printed_rejected and erratum.data["correct"]["verified"],
    }
    return {
        "schema": SCHEMA,
        "generated_by": GENERATOR.format(version=hadamard.__version__),
        "source": SOURCE,
        "layouts": [layout.value for layout in chosen],
        "hypotheses": list(THEOREMS[chosen[0]].hypotheses),
        "statement_sha256": statement_sha256(),
        "steps": steps,
        "negative_controls": controls,
        "cross_checks": {
            "definition_6_1_1": definition,
            "undefined_functions": explicit,
            "matrix_calculus": {"symbolic_answer": matrix_calculus_answer(), "paths": paths},
        },
        "corollaries": corollaries,
        "erratum": erratum.data,
        "versions": {
            "python": platform.python_version(),
            "sympy": sp.__version__,
            "hadamard": hadamard.__version__,
        },
        "summary": summary,
    }


def certificate_json(certificate: dict[str, Any]) -> bytes:
    """Canonical bytes: sorted keys, indent 2, UTF-8, trailing newline."""
    text = json.dumps(certificate, sort_keys=True, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")
