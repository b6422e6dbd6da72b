"""Placeholder: the formula checker (issue 6)."""

from __future__ import annotations

from typing import Protocol

from hadamard import Layout


class Verdict(Protocol):
    """HOLDS or FAILS, with the reason."""

    @property
    def holds(self) -> bool: ...

    def report(self) -> str: ...


def check_formula(text: str, *, latex: bool, layout: Layout) -> Verdict:
    """Decide whether ``text`` is a correct formula for ∂(x ⊙ y)/∂z in ``layout``."""
    raise NotImplementedError("issue 6")
