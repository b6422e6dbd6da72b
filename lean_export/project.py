"""Placeholder: the Lean 4 Lake project (issue 4)."""

from __future__ import annotations


def project_files() -> dict[str, bytes]:
    """lean-toolchain, lakefile.toml, README.md and the library (name -> bytes)."""
    raise NotImplementedError("issue 4")
