"""Mathlib-style text layout: docstrings, declaration heads and statements within 100 columns."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

__all__ = ["MAX_LINE", "docstring", "indent", "statement", "wrapped_head"]

MAX_LINE = 100
"""Mathlib's line-length limit."""

STATEMENT_INDENT = " " * 4
RHS_INDENT = " " * 6
CONTINUATION_INDENT = " " * 8
PROOF_INDENT = " " * 2


_CODE_SPAN = re.compile(r"`[^`]*`")
_KEEP = "\x00"  # stands for a space inside a code span while wrapping, so spans stay whole


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    protected = _CODE_SPAN.sub(lambda m: m.group(0).replace(" ", _KEEP), text)
    lines = textwrap.wrap(
        protected,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )
    return [line.replace(_KEEP, " ") for line in lines]


def docstring(text: str, *, module: bool = False) -> list[str]:
    """``/-- text -/`` (or ``/-! … -/``), wrapped at :data:`MAX_LINE`; code spans stay whole."""
    opener = "/-!" if module else "/--"
    one = f"{opener} {text} -/"
    if len(one) <= MAX_LINE and "\n" not in text:
        return [one]
    width = MAX_LINE - 4  # room for the delimiters on the first and last lines
    lines: list[str] = []
    for n, para in enumerate(text.split("\n\n")):
        if n:
            lines.append("")
        if para.startswith("#"):
            lines.extend(para.splitlines())  # headings keep their own lines
        elif para.startswith("* "):
            for item in para.split("\n* "):
                body = item.removeprefix("* ")
                lines.extend(_wrap(body, width, "* ", "  "))
        else:
            lines.extend(_wrap(para, width))
    if module:
        return [opener, *lines, "-/"]
    lines[0] = f"{opener} {lines[0]}"
    if len(lines[-1]) + 3 <= MAX_LINE:
        lines[-1] = f"{lines[-1]} -/"
        return lines
    return [*lines, "-/"]


def wrapped_head(keyword_and_name: str, binders: Sequence[str], tail: str) -> list[str]:
    """``theorem name (b₁) (b₂) … :`` packed into lines, continuations indented 4."""
    lines: list[str] = []
    current = keyword_and_name
    for binder in binders:
        candidate = f"{current} {binder}"
        if len(candidate) + len(tail) <= MAX_LINE:
            current = candidate
        else:
            lines.append(current)
            current = f"{STATEMENT_INDENT}{binder}"
    lines.append(f"{current}{tail}")
    return lines


def statement(lhs: str, rhs: Sequence[str], *, end: str = " := by") -> list[str]:
    """``lhs = rhs₁ + rhs₂ …`` on indented lines, breaking after ``=`` and ``+`` when needed."""
    one = f"{STATEMENT_INDENT}{lhs} = {' + '.join(rhs)}{end}"
    if len(one) <= MAX_LINE:
        return [one]
    lines = [f"{STATEMENT_INDENT}{lhs} ="]
    current = f"{RHS_INDENT}{rhs[0]}"
    for term in rhs[1:]:
        candidate = f"{current} + {term}"
        if len(candidate) + len(end) <= MAX_LINE:
            current = candidate
        else:
            lines.append(f"{current} +")
            current = f"{CONTINUATION_INDENT}{term}"
    lines.append(f"{current}{end}")
    too_long = [line for line in lines if len(line) > MAX_LINE]
    if too_long:
        raise ValueError(f"statement line longer than {MAX_LINE} characters: {too_long[0]!r}")
    return lines


def indent(lines: Sequence[str], prefix: str = PROOF_INDENT) -> list[str]:
    """``lines`` indented by ``prefix`` (blank lines stay blank)."""
    return [f"{prefix}{line}" if line else "" for line in lines]
