"""The manifest of Mathlib declarations the generated Lean names, shipped as package data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from lean_export.toolchain import PIN

__all__ = ["MANIFEST_FILE", "MathlibDeclaration", "declarations", "names", "notations"]

MANIFEST_FILE = "mathlib_manifest.json"


@dataclass(frozen=True)
class MathlibDeclaration:
    """A Mathlib name: its module, the signature seen, where it was seen, and the pinned tag."""

    name: str
    module: str
    signature: str
    seen: str
    tag: str
    notation: str | None = None
    implicit: str | None = None


@cache
def declarations() -> tuple[MathlibDeclaration, ...]:
    """Every manifest entry, sorted by name; the manifest's tag must be the pinned one."""
    raw = json.loads(files("lean_export").joinpath(MANIFEST_FILE).read_text(encoding="utf-8"))
    tag = raw["mathlib_tag"]
    if tag != PIN.mathlib:
        raise ValueError(
            f"{MANIFEST_FILE} lists mathlib_tag={tag!r} but the pinned tag is {PIN.mathlib!r}"
        )
    out = [
        MathlibDeclaration(
            name=entry["name"],
            module=entry["module"],
            signature=entry["signature"],
            seen=entry["seen"],
            tag=tag,
            notation=entry.get("notation"),
            implicit=entry.get("implicit"),
        )
        for entry in raw["declarations"]
    ]
    return tuple(sorted(out, key=lambda d: d.name))


def names() -> frozenset[str]:
    """The declaration names in the manifest."""
    return frozenset(d.name for d in declarations())


def notations() -> dict[str, str]:
    """Notation symbol -> the declaration it stands for (ℝ -> Real, ᵀ -> Matrix.transpose)."""
    return {d.notation: d.name for d in declarations() if d.notation is not None}
