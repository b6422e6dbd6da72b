"""`hadamard prove`: run every check; write the derivation (.md, .tex, .pdf) and certificate.json.

The orchestrator. The proof assistants' kernels (proofs.coq) start first, each in its own
process, before the SymPy checks are even imported, so that coqc works while Python loads
SymPy and checks every statement; the documents (proofs.documents) are rendered from the
resulting typed certificate, and pdflatex turns the LaTeX into derivation.pdf when it is
installed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from hadamard import Layout
from proofs.coq import export as coq
from proofs.documents import pdf

if TYPE_CHECKING:  # proofs.check imports SymPy: only once the kernels are under way
    from proofs.check.records import KernelCheck

__all__ = [
    "ARTIFACT_NAMES",
    "COQ_ABSENT",
    "KERNELS",
    "PDF_NAME",
    "kernel_record",
    "prove_files",
    "stdlib_kernel",
]

ARTIFACT_NAMES = ("certificate.json", "derivation.md", "derivation.tex")
PDF_NAME = "derivation.pdf"
"""Written besides ARTIFACT_NAMES when pdflatex is on PATH."""

COQ_ABSENT = "coqc was not found, so the Coq kernel check was not run"
COQ_DEVELOPMENT = "Coq standard library (Reals)"
COQ_METHOD = (
    "coqc over the exported Calculus.v and HadamardDerivative.v, then one Print Assumptions "
    "over all main theorems together (hadamard export coq prints each theorem's own)"
)


def kernel_record(check: coq.CoqCheck | None) -> KernelCheck:
    """What the Coq kernel said, or why it was not asked."""
    from proofs.check.records import KernelCheck

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


def stdlib_kernel() -> KernelCheck:
    """The Coq development over the standard library's Reals, checked by coqc."""
    return kernel_record(coq.quick_kernel_check())


KERNELS: tuple[Callable[[], KernelCheck], ...] = (stdlib_kernel,)
"""Every kernel check `prove` records, in the certificate's order; each runs in its own thread."""


def prove_files(layouts: Sequence[Layout]) -> dict[str, bytes]:
    """derivation.md/.tex/.pdf and certificate.json for ``layouts`` (name -> bytes).

    derivation.pdf only when pdflatex is on PATH (:data:`proofs.documents.pdf.LATEX_ABSENT`
    says why it is missing otherwise).
    """
    if not layouts:
        raise ValueError("layouts is empty; ask for at least one of numerator, denominator")
    with ThreadPoolExecutor(max_workers=len(KERNELS)) as pool:
        # coqc starts before SymPy is imported: the import alone takes most of a second.
        futures = [pool.submit(kernel) for kernel in KERNELS]
        from proofs.check.certificate import build_certificate, certificate_json
        from proofs.documents.latex import latex_document
        from proofs.documents.markdown import markdown_document

        certificate = build_certificate(
            layouts, lambda: tuple(future.result() for future in futures)
        )
    tex = latex_document(certificate).encode("ascii")
    files = {
        "certificate.json": certificate_json(certificate),
        "derivation.md": markdown_document(certificate).encode("utf-8"),
        "derivation.tex": tex,
    }
    pdflatex = pdf.find_pdflatex()
    if pdflatex is not None:
        files[PDF_NAME] = pdf.compile_pdf(tex, pdflatex).pdf
    return files
