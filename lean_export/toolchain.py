"""The pinned Lean 4 / Mathlib pair the exported project is meant to compile with.

Chosen from ``shared/lean/mathlib-facts.md`` (section 6, "Newest versions seen"): Mathlib tag
``v4.34.1`` with Lean ``v4.34.1``, the newest stable pair seen, pinned by many third-party
projects (one README resolves it to Mathlib commit ``d13f23b7…``). Nothing here was compiled:
the pair is where the export is *meant* to build, and the user's ``lake build`` decides.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PIN", "Toolchain"]


@dataclass(frozen=True)
class Toolchain:
    """A Lean release and the Mathlib tag built for it (Mathlib tags follow Lean releases)."""

    lean: str
    mathlib: str
    mathlib_git: str = "https://github.com/leanprover-community/mathlib4.git"

    @property
    def lean_toolchain(self) -> str:
        """The one line of a ``lean-toolchain`` file."""
        return f"leanprover/lean4:{self.lean}"


PIN = Toolchain(lean="v4.34.1", mathlib="v4.34.1")
"""The ONE place the versions are pinned; everything else reads it."""
