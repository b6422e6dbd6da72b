"""Printed Coq terms: what a term is (its kind), and the one precedence ladder of the Coq backend.

Both Coq developments (the standard library's Reals and MathComp-Analysis) print through
these: an operand that binds less tightly than its context asks is parenthesized.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

__all__ = [
    "APPLICATION",
    "ATOM",
    "OPPOSITE",
    "POSTFIX",
    "PRODUCT",
    "SUM",
    "Kind",
    "Term",
    "application",
    "identifier",
]

# How tightly a printed term binds, loosest first: sums, products (*, *m, *:), the opposite,
# application, postfix (MathComp's ^T, which binds tighter than application), atoms.
SUM, PRODUCT, OPPOSITE, APPLICATION, POSTFIX, ATOM = range(6)

_IDENTIFIER: Final = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class Kind(enum.Enum):
    """What a printed term is: a real number, a vector, an array of any shape, or a matrix."""

    SCALAR = "scalar"
    VECTOR = "vector"
    ARRAY = "array"
    MATRIX = "matrix"


@dataclass(frozen=True)
class Term:
    """A printed Coq term, how tightly it binds, its kind, and (matrices) its rows and columns."""

    text: str
    binding: int
    kind: Kind
    shape: tuple[str | None, str | None] = (None, None)

    def at_least(self, binding: int) -> str:
        """The text, parenthesized unless it binds at least as tightly as ``binding``."""
        return self.text if self.binding >= binding else f"({self.text})"


def application(function: str, arguments: Iterable[Term | str]) -> str:
    """``function a b …``, each term argument parenthesized unless it is an atom."""
    parts = [a if isinstance(a, str) else a.at_least(POSTFIX) for a in arguments]
    return " ".join([function, *parts])


def identifier(name: str, what: str) -> str:
    """``name`` if it is a plain Coq identifier; ValueError naming ``what`` otherwise."""
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"{what} {name!r} is not a plain Coq identifier ([A-Za-z][A-Za-z0-9_]*)")
    return name
