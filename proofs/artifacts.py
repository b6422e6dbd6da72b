"""Placeholder: `hadamard prove` artifacts (issue 3)."""

from __future__ import annotations

from collections.abc import Sequence

from hadamard import Layout


def prove_files(layouts: Sequence[Layout]) -> dict[str, bytes]:
    """derivation.md, derivation.tex and certificate.json for ``layouts`` (name -> bytes)."""
    raise NotImplementedError("issue 3")
