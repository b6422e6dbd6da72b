"""`hadamard prove`: run every check, and write derivation.md, derivation.tex, certificate.json.

The orchestrator: the SymPy checks (proofs.check) run here while the Coq kernel (proofs.coq)
checks the exported development in its own process; the documents (proofs.documents) are
rendered from the resulting typed certificate.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from hadamard import Layout
from proofs.check.certificate import build_certificate, certificate_json
from proofs.check.records import KernelCheck
from proofs.coq import export as coq
from proofs.documents.latex import latex_document
from proofs.documents.markdown import markdown_document

__all__ = ["ARTIFACT_NAMES", "COQ_ABSENT", "kernel_record", "prove_files"]

ARTIFACT_NAMES = ("certificate.json", "derivation.md", "derivation.tex")

COQ_ABSENT = "coqc was not found, so the Coq kernel check was not run"
COQ_DEVELOPMENT = "Coq standard library (Reals)"
COQ_METHOD = (
    "coqc over the exported Calculus.v and HadamardDerivative.v, then one Print Assumptions "
    "over all main theorems together (hadamard export coq prints each theorem's own)"
)


def kernel_record(check: coq.CoqCheck | None) -> KernelCheck:
    """What the Coq kernel said, or why it was not asked."""
    if check is None:
        return KernelCheck(COQ_DEVELOPMENT, run=False, reason=COQ_ABSENT)
    return KernelCheck(
        COQ_DEVELOPMENT,
        run=True,
        method=COQ_METHOD,
        checker_version=check.coqc_version,
        theorems=tuple(check.theorems),
        ok=check.ok,
        assumptions=tuple((name, tuple(axioms)) for name, axioms in check.assumptions),
    )


def prove_files(layouts: Sequence[Layout]) -> dict[str, bytes]:
    """derivation.md, derivation.tex and certificate.json for ``layouts`` (name -> bytes)."""
    if not layouts:
        raise ValueError("layouts is empty; ask for at least one of numerator, denominator")
    # coqc runs in its own process: let it work while SymPy does.
    with ThreadPoolExecutor(max_workers=1) as pool:
        kernel = pool.submit(coq.quick_kernel_check)
        certificate = build_certificate(layouts, lambda: (kernel_record(kernel.result()),))
    return {
        "certificate.json": certificate_json(certificate),
        "derivation.md": markdown_document(certificate).encode("utf-8"),
        "derivation.tex": latex_document(certificate).encode("utf-8"),
    }
