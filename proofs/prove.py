"""`hadamard prove`: run every check; write the derivation (.md, .tex, .pdf) and certificate.json.

The orchestrator. The proof assistants' kernels (proofs.coq) start first, each in its own
process, before the SymPy checks are even imported, so that coqc works while Python loads
SymPy and checks every statement; the documents (proofs.documents) are rendered from the
resulting typed certificate, and pdflatex turns the LaTeX into derivation.pdf when it is
installed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Final

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
    "kernel_lines",
    "kernel_record",
    "mathcomp_kernel",
    "prove_files",
    "stdlib_kernel",
]

ARTIFACT_NAMES = ("certificate.json", "derivation.md", "derivation.tex")
PDF_NAME = "derivation.pdf"
"""Written besides ARTIFACT_NAMES when pdflatex is on PATH."""

COQ_ABSENT = "coqc was not found, so the Coq kernel check was not run"
_CACHE_NOTE = (
    "; an accepted verdict on byte-identical files, coqc and libraries may be reused from "
    "the content-hash cache (proofs.coq.cache)"
)
_METHOD: Final[Mapping[str, str]] = {
    coq.STDLIB.name: (
        "coqc over the exported Calculus.v and HadamardDerivative.v, then one Print "
        "Assumptions over all main theorems together (hadamard export coq prints each "
        "theorem's own)" + _CACHE_NOTE
    ),
    coq.MATHCOMP.name: (
        "coqc over the exported mathcomp/MathCompJacobian.v, stated with MathComp-Analysis's "
        "own jacobian ('J), then one Print Assumptions over all main theorems together"
        + _CACHE_NOTE
    ),
}
_BACKEND: Final[Mapping[str, str]] = {coq.STDLIB.name: "coq", coq.MATHCOMP.name: "mathcomp"}
"""The registry backend (proofs.theory.statements.Backend value) whose names each uses."""


def kernel_record(
    check: coq.CoqCheck | None, development: coq.Development = coq.STDLIB
) -> KernelCheck:
    """What a Coq kernel said about a development, or why it was not asked.

    ``None`` stands for "coqc is absent" for ``development``; otherwise the check names its
    own development.
    """
    from proofs.check.records import KernelCheck

    if check is not None:
        development = check.development
    backend = _BACKEND[development.name]
    if check is None or not check.ran:
        reason = COQ_ABSENT if check is None else check.reason
        return KernelCheck(development.title, run=False, reason=reason, backend=backend)
    return KernelCheck(
        development.title,
        run=True,
        method=_METHOD[development.name],
        checker_version=check.coqc_version,
        theorems=tuple(check.theorems),
        ok=check.ok,
        assumptions=tuple((name, tuple(axioms)) for name, axioms in check.assumptions),
        backend=backend,
    )


def stdlib_kernel() -> KernelCheck:
    """The Coq development over the standard library's Reals, checked by coqc."""
    return kernel_record(coq.quick_kernel(coq.STDLIB), coq.STDLIB)


def mathcomp_kernel() -> KernelCheck:
    """The development over MathComp-Analysis's own Jacobian, checked by coqc."""
    return kernel_record(coq.quick_kernel(coq.MATHCOMP), coq.MATHCOMP)


KERNELS: tuple[Callable[[], KernelCheck], ...] = (stdlib_kernel, mathcomp_kernel)
"""Every kernel check `prove` records, in the certificate's order; each runs in its own thread."""


def kernel_lines(files: Mapping[str, bytes]) -> list[str]:
    """One line per kernel recorded in ``files``' certificate, for the CLI."""
    lines = []
    for kernel in json.loads(files["certificate.json"])["kernels"]:
        if not kernel["run"]:
            lines.append(f"{kernel['development']}: not checked: {kernel['reason']}")
            continue
        verdict = "accepts" if kernel["ok"] else "REFUSES"
        count = len(kernel["theorems"])
        lines.append(f"{kernel['development']}: coqc {verdict} {count} theorems")
    return lines


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
