"""The lexical level of check-formula: plain and LaTeX formulas as tokens with their columns.

Tokens carry a kind from a small closed set and the 1-based column where they start, so every
error can name the offending text and where it is. Nothing here evaluates anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hadamard.errors import InputError

__all__ = ["MAX_CHARS", "Token", "fail", "tokenize_latex", "tokenize_plain"]

MAX_CHARS = 2000
"""Longest formula accepted; a formula for ∂(x ⊙ y)/∂z needs far fewer characters."""

PLAIN_VOCABULARY = "x, y, dx_dz, dy_dz, diag(·), O, integers, @, *, ⊙, +, -, .T, ( )"
LATEX_VOCABULARY = (
    r"\boldsymbol{x}, \boldsymbol{y}, \frac{\partial \boldsymbol{y}}{\partial \boldsymbol{z}}, "
    r"\mathrm{diag}(·), \boldsymbol{O}, \odot, \cdot, ^\top, +, -, integers, ( ), { }"
)

# Kinds: NAME (plain identifier), LETTER (one LaTeX letter), INT, COMMAND (\name), GROUP
# ({ }), OP (+ - @ * ⊙ / = ^ _ '), PAREN (( ) [ ]), DOT_T (plain .T), END (end of input).
_PLAIN_UNICODE = {"⊙": "⊙", "∘": "⊙", "−": "-"}


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text (normalised) and the 1-based column where it starts."""

    kind: str
    text: str
    column: int

    def describe(self) -> str:
        """How an error message names this token."""
        return "end of the formula" if self.kind == "END" else repr(self.text)


def fail(message: str, column: int) -> InputError:
    """The one-line error for bad input at ``column`` (1-based)."""
    return InputError(f"check-formula: column {column}: {message}")


def _check_length(text: str) -> None:
    if len(text) > MAX_CHARS:
        raise InputError(
            f"check-formula: the formula is {len(text)} characters long; the limit is {MAX_CHARS}"
        )
    if not text.strip():
        raise InputError("check-formula: the formula is empty")


def _bad_character(ch: str, column: int, vocabulary: str) -> InputError:
    return fail(f"unexpected character {ch!r} (the vocabulary is {vocabulary})", column)


_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DIGITS = re.compile(r"[0-9]+")
_PLAIN_SINGLE = {"@": "@", "*": "*", "+": "+", "-": "-", "=": "=", "/": "/", "(": "(", ")": ")"}


def tokenize_plain(text: str) -> list[Token]:
    """Tokens of a plain formula such as ``dy_dz @ diag(x) + dx_dz @ diag(y)``."""
    _check_length(text)
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        ch, column = text[pos], pos + 1
        if ch.isspace():
            pos += 1
        elif match := _PLAIN_NAME.match(text, pos):
            tokens.append(Token("NAME", match.group(), column))
            pos = match.end()
        elif match := _DIGITS.match(text, pos):
            tokens.append(Token("INT", match.group(), column))
            pos = match.end()
        elif ch == "." and text.startswith(".T", pos) and not _continues_name(text, pos + 2):
            tokens.append(Token("DOT_T", ".T", column))
            pos += 2
        elif ch in _PLAIN_SINGLE:
            kind = "PAREN" if ch in "()" else "OP"
            tokens.append(Token(kind, _PLAIN_SINGLE[ch], column))
            pos += 1
        elif ch in _PLAIN_UNICODE:
            tokens.append(Token("OP", _PLAIN_UNICODE[ch], column))
            pos += 1
        else:
            raise _bad_character(ch, column, PLAIN_VOCABULARY)
    tokens.append(Token("END", "", len(text) + 1))
    return tokens


def _continues_name(text: str, pos: int) -> bool:
    return pos < len(text) and (text[pos].isalnum() or text[pos] == "_")


# LaTeX commands that only lay out or delimit the formula: dropped by the tokenizer.
_IGNORED_COMMANDS = frozenset(
    {
        "displaystyle",
        "textstyle",
        "left",
        "right",
        "big",
        "Big",
        "bigl",
        "bigr",
        "Bigl",
        "Bigr",
        "bigg",
        "Bigg",
        "biggl",
        "biggr",
        "quad",
        "qquad",
        "nonumber",
        "notag",
    }
)
_IGNORED_SYMBOLS = frozenset({",", ";", ":", "!", " ", "[", "]", "(", ")"})
# Commands whose braced argument is a name, not mathematics (read raw, then dropped).
_RAW_ARGUMENT_COMMANDS = frozenset({"label", "begin", "end"})
_ENVIRONMENTS = frozenset({"equation", "equation*", "displaymath", "align", "align*"})
_LATEX_SINGLE = {
    "+": ("OP", "+"),
    "-": ("OP", "-"),
    "=": ("OP", "="),
    "/": ("OP", "/"),
    "^": ("OP", "^"),
    "_": ("OP", "_"),
    "'": ("OP", "'"),
    "(": ("PAREN", "("),
    ")": ("PAREN", ")"),
    "[": ("PAREN", "["),
    "]": ("PAREN", "]"),
    "{": ("GROUP", "{"),
    "}": ("GROUP", "}"),
}
_LATEX_UNICODE = {
    "⊙": ("COMMAND", "odot"),
    "∘": ("COMMAND", "odot"),
    "·": ("COMMAND", "cdot"),
    "∂": ("COMMAND", "partial"),
    "⊤": ("COMMAND", "top"),
    "−": ("OP", "-"),
}
_COMMAND_NAME = re.compile(r"[A-Za-z]+")
_RAW_ARGUMENT = re.compile(r"\s*\{([A-Za-z0-9:*\-_.]{0,64})\}")


def tokenize_latex(text: str) -> list[Token]:
    r"""Tokens of a LaTeX formula, e.g. ``\mathrm{diag}(\boldsymbol{x}) \frac{...}{...}``.

    Letters are single tokens (TeX math reads ``xy`` as x times y). Spacing, ``$``,
    ``\left``/``\right``, ``\displaystyle``, equation environments and ``\label{...}`` are
    dropped: they change how a formula looks, not what it says.
    """
    _check_length(text)
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        ch, column = text[pos], pos + 1
        if ch.isspace() or ch == "$":
            pos += 1
        elif ch == "\\":
            pos = _latex_command(text, pos, tokens)
        elif ch.isascii() and ch.isalpha():
            tokens.append(Token("LETTER", ch, column))
            pos += 1
        elif match := _DIGITS.match(text, pos):
            tokens.append(Token("INT", match.group(), column))
            pos = match.end()
        elif ch in _LATEX_SINGLE:
            kind, norm = _LATEX_SINGLE[ch]
            tokens.append(Token(kind, norm, column))
            pos += 1
        elif ch in _LATEX_UNICODE:
            kind, norm = _LATEX_UNICODE[ch]
            tokens.append(Token(kind, norm, column))
            pos += 1
        else:
            raise _bad_character(ch, column, LATEX_VOCABULARY)
    tokens.append(Token("END", "", len(text) + 1))
    return tokens


def _latex_command(text: str, pos: int, tokens: list[Token]) -> int:
    """Read the command starting at the backslash ``text[pos]``; return the next position."""
    column = pos + 1
    match = _COMMAND_NAME.match(text, pos + 1)
    if match is None:
        if pos + 1 >= len(text):
            raise fail("a lone backslash", column)
        symbol = text[pos + 1]
        if symbol in _IGNORED_SYMBOLS:
            return pos + 2  # \, \; \! spacing and \[ \] \( \) display delimiters
        raise fail(f"unknown LaTeX control symbol {text[pos : pos + 2]!r}", column)
    name = match.group()
    end = match.end()
    if name in _IGNORED_COMMANDS:
        return end
    if name in _RAW_ARGUMENT_COMMANDS:
        argument = _RAW_ARGUMENT.match(text, end)
        if argument is None:
            raise fail(f"\\{name} needs a braced name such as {{eq:6-1-3}}", column)
        if name != "label" and argument.group(1) not in _ENVIRONMENTS:
            raise fail(f"unsupported environment {argument.group(1)!r}", column)
        return argument.end()
    tokens.append(Token("COMMAND", name, column))
    return end
