"""The derivation as a typed document: blocks of prose and mathematics that both formats render.

proofs.documents.derivation builds one :class:`Document` from the certificate and the
registry; proofs.documents.latex and proofs.documents.markdown each render every block, so the
two files say the same thing. Prose is written in a small markup, :func:`spans`: text with its
mathematics between ``$`` signs (raw LaTeX math), and identifiers between backquotes.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TypeAlias

__all__ = [
    "Block",
    "Code",
    "Column",
    "Display",
    "Document",
    "Environment",
    "Heading",
    "Items",
    "Kind",
    "Math",
    "Paragraph",
    "Span",
    "Table",
    "Text",
    "spans",
]


@dataclass(frozen=True)
class Text:
    """Prose (each format escapes it)."""

    text: str


@dataclass(frozen=True)
class Math:
    """Inline mathematics, as LaTeX math without the ``$``."""

    latex: str


@dataclass(frozen=True)
class Code:
    """An identifier or a hash, in typewriter type."""

    text: str


Span: TypeAlias = Text | Math | Code

_MARKUP = re.compile(r"\$([^$]+)\$|`([^`]+)`")


def spans(markup: str) -> tuple[Span, ...]:
    """``markup`` as spans: ``$…$`` is mathematics, ``…`` in backquotes is code, the rest text."""
    out: list[Span] = []
    position = 0
    for match in _MARKUP.finditer(markup):
        if match.start() > position:
            out.append(Text(markup[position : match.start()]))
        math, code = match.groups()
        out.append(Math(math) if math is not None else Code(code))
        position = match.end()
    if position < len(markup):
        out.append(Text(markup[position:]))
    rest = "".join(s.text for s in out if isinstance(s, Text))
    if "$" in rest or "`" in rest:
        raise ValueError(f"unbalanced $ or ` in {markup!r}")
    return tuple(out)


@dataclass(frozen=True)
class Heading:
    """A section (level 1) or subsection (level 2); ``appendix`` starts the appendices."""

    level: int
    title: tuple[Span, ...]
    appendix: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose."""

    body: tuple[Span, ...]


@dataclass(frozen=True)
class Display:
    """Displayed mathematics (LaTeX math), with its equation tag when it has one."""

    latex: str
    tag: str | None = None


@dataclass(frozen=True)
class Items:
    """A bulleted list."""

    items: tuple[tuple[Span, ...], ...]


@dataclass(frozen=True)
class Column:
    """A table column: its header and its width in LaTeX (a fraction of the text width)."""

    header: str
    width: float


@dataclass(frozen=True)
class Table:
    """A table whose cells are spans; it may run over several pages."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[tuple[Span, ...], ...], ...]
    caption: tuple[Span, ...] = ()


class Kind(enum.Enum):
    """The amsthm environments the document uses; the value is the environment's name."""

    THEOREM = "theorem"
    COROLLARY = "corollary"
    REMARK = "remark"
    PROOF = "proof"

    @property
    def heading(self) -> str:
        """How the environment is announced: Theorem, Corollary, Remark, Proof."""
        return self.value.capitalize()


@dataclass(frozen=True)
class Environment:
    """A theorem, corollary, remark (numbered, one counter) or proof, around its blocks.

    ``number`` is what both formats print: LaTeX numbers the environments itself, in the same
    order, and a test holds the two equal.
    """

    kind: Kind
    number: int | None
    title: tuple[Span, ...]
    body: tuple[Block, ...]


Block: TypeAlias = Heading | Paragraph | Display | Items | Table | Environment


@dataclass(frozen=True)
class Document:
    """The whole derivation: title, the lines under it, and its blocks in order."""

    title: str
    byline: tuple[tuple[Span, ...], ...]
    blocks: tuple[Block, ...]
    generator: str
