"""Placeholder: the Coq rendering and its kernel check (issue 5)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CoqCheck:
    """What coqc said about the generated files."""

    coqc_version: str
    theorems: tuple[str, ...]
    ok: bool
    assumptions: tuple[tuple[str, tuple[str, ...]], ...]
    seconds: float

    def summary(self) -> str:
        """One paragraph for the CLI."""
        raise NotImplementedError("issue 5")


def coq_files() -> dict[str, bytes]:
    """The .v files and _CoqProject (name -> bytes)."""
    raise NotImplementedError("issue 5")


def check_directory(path: Path) -> CoqCheck:
    """Run coqc over a directory written from :func:`coq_files`."""
    raise NotImplementedError("issue 5")


def kernel_check() -> CoqCheck | None:
    """Write :func:`coq_files` to a temporary directory and check it; None when coqc is absent."""
    raise NotImplementedError("issue 5")
