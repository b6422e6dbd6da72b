"""One Coq statement as text: keyword, name, doc comment, binders, hypotheses, conclusion, proof."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Final

__all__ = ["WIDTH", "CoqStatement", "comment"]

WIDTH: Final = 100
"""Lines are wrapped at this width where it is cheap (Coq itself does not care)."""


def comment(text: str) -> str:
    """``text`` as a Coq doc comment ``(** … *)``, wrapped; refuses comment or string delimiters."""
    if "(*" in text or "*)" in text or '"' in text:
        raise ValueError(f"text for a Coq comment contains a comment or string delimiter: {text!r}")
    body = textwrap.wrap(text, width=WIDTH - 8, break_on_hyphens=False)
    return "(** " + "\n    ".join(body) + " *)"


@dataclass(frozen=True)
class CoqStatement:
    """A Coq statement and its proof; ``hypotheses`` pairs each name with its proposition.

    ``conclusion`` is split in two (before its last argument) so a long one wraps there.
    """

    keyword: str
    name: str
    doc: str
    binders: tuple[str, ...]
    hypotheses: tuple[tuple[str, str], ...]
    conclusion: tuple[str, str]
    proof: str

    @property
    def hypothesis_names(self) -> str:
        """The hypotheses' names, in order, as the proof introduces them."""
        return " ".join(name for name, _ in self.hypotheses)

    def render(self) -> str:
        """The statement as Coq text."""
        head = " ".join([self.keyword, self.name, *self.binders]) + " :"
        if len(head) > WIDTH:
            head = f"{self.keyword} {self.name}\n" + _wrap(" ".join(self.binders) + " :", "    ")
        lines = [comment(self.doc), head]
        lines += [_wrap(f"{prop} ->", "  ") for _, prop in self.hypotheses]
        first, last = self.conclusion
        one_line = f"  {first} {last}."
        if len(one_line) <= WIDTH:
            lines.append(one_line)
        else:
            lines += [_wrap(first, "  "), _wrap(last + ".", "    ")]
        return "\n".join(lines) + "\n" + self.proof


def _wrap(text: str, indent: str) -> str:
    """``text`` filled to :data:`WIDTH`, broken at its shallowest spaces that make it fit.

    Coq reads a line break as a space, so any space between tokens may break a term. Breaks
    go before an operator or a parenthesized argument, or after ``=``, and the shallowest
    (fewest open parentheses) come first, so arguments and names stay whole.
    """
    if len(indent) + len(text) <= WIDTH:
        return indent + text
    depths, depth = [], 0
    for position, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == " " and _breakable(text, position):
            depths.append((position, depth))
    lines: list[str] = []
    for limit in sorted({d for _, d in depths}):
        cuts = [p for p, d in depths if d <= limit]
        pieces = [text[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(text)], strict=True)]
        lines = [indent + pieces[0]]
        for piece in pieces[1:]:
            if len(lines[-1]) + 1 + len(piece) <= WIDTH:
                lines[-1] += " " + piece
            else:
                lines.append(indent + "  " + piece)
        if all(len(line) <= WIDTH for line in lines):
            break
    return "\n".join(lines)


_OPERATORS: Final = frozenset({"+", "*m", "->"})


def _breakable(text: str, space: int) -> bool:
    after = text[space + 1 :].split(" ", 1)[0]
    before = text[:space].rsplit(" ", 1)[-1]
    return after.startswith("(") or after in _OPERATORS or before == "="
