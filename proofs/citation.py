"""Placeholder: citation (issue 6)."""

from __future__ import annotations


def render_citation(fmt: str) -> str:
    """The citation in ``fmt`` (bibtex, latex or markdown)."""
    raise NotImplementedError("issue 6")


def citation_files(fmt: str | None) -> dict[str, bytes]:
    """citation.bib / .tex / .md (only ``fmt`` when given)."""
    raise NotImplementedError("issue 6")
