"""`hadamard prove` artifacts: derivation.md, derivation.tex and certificate.json, as bytes."""

from __future__ import annotations

from collections.abc import Sequence

from hadamard import Layout
from proofs.check.certificate import build_certificate, certificate_json
from proofs.documents.latex import latex_document
from proofs.documents.markdown import markdown_document

__all__ = ["ARTIFACT_NAMES", "prove_files"]

ARTIFACT_NAMES = ("certificate.json", "derivation.md", "derivation.tex")


def prove_files(layouts: Sequence[Layout]) -> dict[str, bytes]:
    """derivation.md, derivation.tex and certificate.json for ``layouts`` (name -> bytes)."""
    if not layouts:
        raise ValueError("layouts is empty; ask for at least one of numerator, denominator")
    certificate = build_certificate(layouts)
    return {
        "certificate.json": certificate_json(certificate),
        "derivation.md": markdown_document(certificate).encode("utf-8"),
        "derivation.tex": latex_document(certificate).encode("utf-8"),
    }
