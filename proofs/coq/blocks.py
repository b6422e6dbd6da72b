"""The fixed Coq text of the export, read from package data: verbatim files and named blocks.

A blocks file is Coq text cut into named pieces by marker lines ``(*** name ***)``. A block's
text runs to the next marker, and its ``$name`` placeholders (:class:`string.Template`) are
filled with names only, never with statements. Proof scripts are blocks files kept per backend
and theorem id, ``proofs/coq/scripts/<backend>/<theorem_id>.v``; a theorem exported to a
backend without one is an error that names both (:class:`MissingProofScriptError`).
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from proofs.theory.statements import Backend

__all__ = [
    "Blocks",
    "MissingProofScriptError",
    "data_text",
    "frame",
    "parse_blocks",
    "print_assumptions",
    "proof_scripts",
]

PACKAGE = "proofs.coq"
TOGETHER_NAME = "main_theorems_together"
"""The one definition whose assumptions the quick check prints (all main theorems at once)."""
_MARKER = re.compile(r"^\(\*\*\* ([a-z][a-z0-9_.]*) \*\*\*\)$", re.MULTILINE)


class MissingProofScriptError(LookupError):
    """A theorem is exported to a Coq backend that has no proof script (or block) for it."""


@dataclass(frozen=True)
class Blocks:
    """The named blocks of one data file; ``where`` names the file in error messages."""

    where: str
    blocks: Mapping[str, str]

    def get(self, *keys: str) -> tuple[str, str] | None:
        """The first of ``keys`` that names a block, with its text; None when none does."""
        for key in keys:
            if key in self.blocks:
                return key, self.blocks[key]
        return None

    def fill(self, key: str, **names: str) -> str:
        """Block ``key`` with its ``$placeholders`` replaced by ``names``."""
        if key not in self.blocks:
            raise KeyError(f"{self.where} has no block {key!r}; it has {sorted(self.blocks)}")
        return substitute(self.blocks[key], names, f"block {key!r} of {self.where}")


def substitute(text: str, names: Mapping[str, str], where: str) -> str:
    """``text`` with its ``$placeholders`` filled; a placeholder without a value names itself."""
    try:
        return string.Template(text).substitute(names)
    except KeyError as missing:
        raise KeyError(
            f"{where} uses ${missing.args[0]}, which the renderer does not provide "
            f"(it provides: {', '.join(sorted(names)) or 'nothing'})"
        ) from None
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


def parse_blocks(text: str, where: str) -> Blocks:
    """Cut ``text`` at its marker lines; text before the first marker must be blank."""
    pieces = _MARKER.split(text)
    if pieces[0].strip():
        raise ValueError(f"{where}: text before the first (*** name ***) marker")
    blocks: dict[str, str] = {}
    for name, body in zip(pieces[1::2], pieces[2::2], strict=True):
        if name in blocks:
            raise ValueError(f"{where}: block {name!r} appears twice")
        blocks[name] = body.strip("\n") + "\n"
    return Blocks(where, blocks)


def data_text(*parts: str) -> str:
    """The package data file ``proofs/coq/<parts…>``, as text."""
    return resources.files(PACKAGE).joinpath(*parts).read_text(encoding="utf-8")


@functools.cache
def frame() -> Blocks:
    """The fixed text around the rendered statements (headers, project files, Print lines)."""
    return parse_blocks(data_text("data", "frame.v"), "proofs/coq/data/frame.v")


def print_assumptions(names: Sequence[str], *, together: bool) -> str:
    """``Print Assumptions`` for each of ``names``, or once for all of them together.

    Together is one walk of the libraries' dependencies instead of one per theorem (each
    costs 0.5 to 1 s of coqc); it reports the union, under :data:`TOGETHER_NAME`.
    """
    blocks = frame()
    if together:
        every = ", ".join(f"@{name}" for name in names)
        return blocks.fill("print_together", together=TOGETHER_NAME, names=every)
    return "".join(blocks.fill("print_assumptions", name=name) for name in names)


@functools.cache
def proof_scripts(backend: Backend, theorem_id: str) -> Blocks:
    """The proof scripts of ``theorem_id`` for ``backend``; MissingProofScriptError when absent."""
    where = f"proofs/coq/scripts/{backend.value}/{theorem_id}.v"
    try:
        text = data_text("scripts", backend.value, f"{theorem_id}.v")
    except FileNotFoundError:
        raise MissingProofScriptError(
            f"theorem {theorem_id!r} is exported to the {backend.value} backend but has no "
            f"proof script there ({where} is missing)"
        ) from None
    return parse_blocks(text, where)


def script(backend: Backend, theorem_id: str, keys: Sequence[str]) -> tuple[str, str]:
    """The first block of ``keys`` in the scripts of ``theorem_id``, as (key, text)."""
    found = proof_scripts(backend, theorem_id).get(*keys)
    if found is None:
        raise MissingProofScriptError(
            f"theorem {theorem_id!r} is exported to the {backend.value} backend but its proof "
            f"script has no block {' or '.join(repr(k) for k in keys)} "
            f"(proofs/coq/scripts/{backend.value}/{theorem_id}.v)"
        )
    return found
