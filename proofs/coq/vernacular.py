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
            lines = [f"{self.keyword} {self.name}"]
            line = "   "
            for binder in self.binders:
                if len(line) + 1 + len(binder) > WIDTH:
                    lines.append(line)
                    line = "   "
                line += " " + binder
            lines.append(line + " :")
            head = "\n".join(lines)
        lines = [comment(self.doc), head]
        lines += [f"  {prop} ->" for _, prop in self.hypotheses]
        first, last = self.conclusion
        one_line = f"  {first} {last}."
        lines.append(one_line if len(one_line) <= WIDTH else f"  {first}\n    {last}.")
        return "\n".join(lines) + "\n" + self.proof
