"""The lexical level of check-formula: plain and LaTeX formulas as tokens with their columns.

Tokens carry a kind from a small closed set and the 1-based column where they start, so every
error can name the offending text and where it is. Layout-only LaTeX (spacing, ``\\left`` and
``\\right``, ``$``, equation environments, ``\\label``, ``\\tag``, comments, ``&``) is dropped
here: it changes how a formula looks, not what it says. Nothing here evaluates anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hadamard.errors import InputError

__all__ = [
    "LATEX_VOCABULARY",
    "MAX_CHARS",
    "PLAIN_VOCABULARY",
    "Token",
    "fail",
    "refuse",
    "tokenize_latex",
    "tokenize_plain",
]

MAX_CHARS = 4000
"""Longest formula accepted; an aligned chain of the rule in four rows needs far fewer."""

PLAIN_VOCABULARY = (
    "names x, y, u, X, x1, x_t; dy_dz, ∂y/∂z (Jacobians); dX, ∂X (differentials); "
    "diag(·), np.diag(·), O, integers, @, *, ⊙, juxtaposition, +, -, .T, ᵀ, ( ), lhs = rhs"
)
LATEX_VOCABULARY = (
    r"names \boldsymbol{x}, \mathbf{u}, X, x_1; \frac{\partial y}{\partial z},"
    r" \partial y/\partial z, J_y, \nabla_z y, \partial_z y, \frac{d y}{d z};"
    r" d, \mathrm{d}, \partial (differentials);"
    r" \mathrm{diag}(·), \boldsymbol{D}_x, x\mathbf{1}^\top; \odot, \circ, \cdot, juxtaposition,"
    r" ^\top; \boldsymbol{O}, \mathbf{1}, integers; entries x_i, (x \odot y)_i"
)

# Kinds: NAME (plain identifier), LETTER (one LaTeX letter), INT, COMMAND (\name), GROUP
# ({ }), PAREN (( ) [ ] \{ \}), OP (+ - @ * ⊙ / = ^ _ ' ∂ ·), DOT_T (plain .T and ᵀ), PUNCT
# (, . ;), SUB (plain _i after a bracket), ROWSEP (\\), BAR (| ‖), ONES (𝟏), END.


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


def refuse(message: str) -> InputError:
    """The one-line error for a formula that cannot be judged as a whole."""
    return InputError(f"check-formula: {message}")


def _check_length(text: str) -> None:
    if len(text) > MAX_CHARS:
        raise refuse(f"the formula is {len(text)} characters long; the limit is {MAX_CHARS}")
    if not text.strip():
        raise refuse("the formula is empty")


def _bad_character(ch: str, column: int, vocabulary: str) -> InputError:
    return fail(f"unexpected character {ch!r} (the vocabulary is {vocabulary})", column)


_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DIGITS = re.compile(r"[0-9]+")
_PLAIN_SINGLE = {
    "@": ("OP", "@"),
    "*": ("OP", "*"),
    "+": ("OP", "+"),
    "-": ("OP", "-"),
    "=": ("OP", "="),
    "/": ("OP", "/"),
    "(": ("PAREN", "("),
    ")": ("PAREN", ")"),
    ",": ("PUNCT", ","),
    ";": ("PUNCT", ";"),
    "⊙": ("OP", "⊙"),
    "∘": ("OP", "⊙"),
    "−": ("OP", "-"),
    "·": ("OP", "·"),
    "∂": ("OP", "∂"),
    "ᵀ": ("DOT_T", "ᵀ"),
    "𝟏": ("ONES", "𝟏"),
    "σ": ("NAME", "sigma"),
    "φ": ("NAME", "phi"),
    "'": ("OP", "'"),
}
_NUMPY_MODULES = ("np", "numpy")


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
            pos = _plain_name(text, match, tokens)
        elif match := _DIGITS.match(text, pos):
            tokens.append(Token("INT", match.group(), column))
            pos = match.end()
        elif ch == "." and text.startswith(".T", pos) and not _continues_name(text, pos + 2):
            tokens.append(Token("DOT_T", ".T", column))
            pos += 2
        elif ch == "." and not text[pos + 1 :].strip():
            tokens.append(Token("PUNCT", ".", column))  # a sentence's full stop
            pos += 1
        elif ch in _PLAIN_SINGLE:
            kind, norm = _PLAIN_SINGLE[ch]
            tokens.append(Token(kind, norm, column))
            pos += 1
        else:
            raise _bad_character(ch, column, PLAIN_VOCABULARY)
    tokens.append(Token("END", "", len(text) + 1))
    return tokens


def _plain_name(text: str, match: re.Match[str], tokens: list[Token]) -> int:
    """Read an identifier; ``np.diag`` is one name, and ``_i`` after a bracket a subscript."""
    name, column, end = match.group(), match.start() + 1, match.end()
    if name.startswith("_") and tokens and tokens[-1].kind == "PAREN":
        tokens.append(Token("SUB", name[1:], column))
        return end
    if name in _NUMPY_MODULES and text.startswith(".", end):
        attribute = _PLAIN_NAME.match(text, end + 1)
        if attribute is not None:
            tokens.append(Token("NAME", f"np.{attribute.group()}", column))
            return attribute.end()
    tokens.append(Token("NAME", name, column))
    return end


def _continues_name(text: str, pos: int) -> bool:
    return pos < len(text) and (text[pos].isalnum() or text[pos] == "_")


# LaTeX commands that only lay out the formula: dropped by the tokenizer.
_IGNORED_COMMANDS = frozenset(
    {
        "displaystyle",
        "textstyle",
        "scriptstyle",
        "left",
        "right",
        "middle",
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
        "Biggl",
        "Biggr",
        "quad",
        "qquad",
        "enspace",
        "thinspace",
        "medspace",
        "thickspace",
        "negthinspace",
        "nonumber",
        "notag",
        "limits",
        "nolimits",
        "mathop",
        "mathord",
        "mathbin",
        "mathrel",
        "cr",
        "newline",
    }
)
_ROW_SEPARATORS = frozenset({"cr", "newline"})
_IGNORED_SYMBOLS = frozenset({",", ";", ":", "!", " ", "[", "]", "(", ")", ">"})
# Commands whose braced argument is a name or text, not mathematics (read raw, then dropped).
_RAW_ARGUMENT_COMMANDS = frozenset({"label", "tag", "begin", "end", "hspace", "vspace"})
_ENVIRONMENTS = frozenset(
    {
        "equation",
        "equation*",
        "displaymath",
        "math",
        "align",
        "align*",
        "aligned",
        "alignat",
        "alignat*",
        "alignedat",
        "flalign",
        "flalign*",
        "gather",
        "gather*",
        "gathered",
        "split",
        "multline",
        "multline*",
        "eqnarray",
        "eqnarray*",
    }
)
_LATEX_SINGLE = {
    "+": ("OP", "+"),
    "-": ("OP", "-"),
    "=": ("OP", "="),
    "/": ("OP", "/"),
    "^": ("OP", "^"),
    "_": ("OP", "_"),
    "'": ("OP", "'"),
    "*": ("OP", "*"),
    "(": ("PAREN", "("),
    ")": ("PAREN", ")"),
    "[": ("PAREN", "["),
    "]": ("PAREN", "]"),
    "{": ("GROUP", "{"),
    "}": ("GROUP", "}"),
    ",": ("PUNCT", ","),
    ".": ("PUNCT", "."),
    ";": ("PUNCT", ";"),
    "|": ("BAR", "|"),
}
_LATEX_UNICODE = {
    "⊙": ("COMMAND", "odot"),
    "∘": ("COMMAND", "circ"),
    "·": ("COMMAND", "cdot"),
    "∂": ("COMMAND", "partial"),
    "∇": ("COMMAND", "nabla"),
    "⊤": ("COMMAND", "top"),
    "⊗": ("COMMAND", "otimes"),
    "×": ("COMMAND", "times"),
    "σ": ("COMMAND", "sigma"),
    "−": ("OP", "-"),
    "′": ("OP", "'"),
    "‖": ("BAR", "‖"),
    "𝟏": ("ONES", "𝟏"),
}
_BRACE_COMMANDS = {"{": ("PAREN", "\\{"), "}": ("PAREN", "\\}"), "|": ("BAR", "‖")}
_COMMAND_ALIASES = {
    "lbrace": ("PAREN", "\\{"),
    "rbrace": ("PAREN", "\\}"),
    "lbrack": ("PAREN", "["),
    "rbrack": ("PAREN", "]"),
    "lparen": ("PAREN", "("),
    "rparen": ("PAREN", ")"),
    "lvert": ("BAR", "|"),
    "rvert": ("BAR", "|"),
    "vert": ("BAR", "|"),
    "lVert": ("BAR", "‖"),
    "rVert": ("BAR", "‖"),
    "Vert": ("BAR", "‖"),
    "ast": ("OP", "*"),
    "prime": ("OP", "'"),
}
_COMMAND_NAME = re.compile(r"[A-Za-z]+")
_RAW_ARGUMENT = re.compile(r"\s*\*?\s*\{")
_MAX_RAW = 200


def tokenize_latex(text: str) -> list[Token]:
    r"""Tokens of a LaTeX formula, e.g. ``\mathrm{diag}(\boldsymbol{x}) \frac{...}{...}``.

    Letters are single tokens (TeX math reads ``xy`` as x times y). ``\\`` ends a row of an
    aligned environment (a ROWSEP token); ``&`` is dropped.
    """
    _check_length(text)
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        ch, column = text[pos], pos + 1
        if ch.isspace() or ch in "$&~":
            pos += 1
        elif ch == "%":
            newline = text.find("\n", pos)
            pos = len(text) if newline < 0 else newline
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
        elif ch == "ᵀ":
            tokens.append(Token("OP", "^", column))
            tokens.append(Token("COMMAND", "top", column))
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
        if symbol == "\\":
            tokens.append(Token("ROWSEP", "\\\\", column))
            return pos + 2
        if symbol in _BRACE_COMMANDS:
            kind, norm = _BRACE_COMMANDS[symbol]
            tokens.append(Token(kind, norm, column))
            return pos + 2
        if symbol in _IGNORED_SYMBOLS:
            return pos + 2  # \, \; \! spacing and \[ \] \( \) display delimiters
        raise fail(f"unknown LaTeX control symbol {text[pos : pos + 2]!r}", column)
    name = match.group()
    end = match.end()
    if name in _ROW_SEPARATORS:
        tokens.append(Token("ROWSEP", "\\\\", column))
        return end
    if name in ("left", "right"):
        # \left. and \right. are invisible delimiters; any other delimiter is read as itself.
        after = len(text) - len(text[end:].lstrip())
        return after + 1 if text.startswith(".", after) else end
    if name in _IGNORED_COMMANDS:
        return end
    if name in _RAW_ARGUMENT_COMMANDS:
        return _raw_argument(text, name, end, column)
    if name in _COMMAND_ALIASES:
        kind, norm = _COMMAND_ALIASES[name]
        tokens.append(Token(kind, norm, column))
        return end
    tokens.append(Token("COMMAND", name, column))
    return end


def _raw_argument(text: str, name: str, end: int, column: int) -> int:
    r"""Skip ``\name{...}`` (balanced braces); environments must be ones of mathematics."""
    opening = _RAW_ARGUMENT.match(text, end)
    if opening is None:
        raise fail(f"\\{name} needs a braced argument such as {{eq:6-1-3}}", column)
    depth, pos = 1, opening.end()
    limit = min(len(text), pos + _MAX_RAW)
    while pos < limit and depth:
        depth += {"{": 1, "}": -1}.get(text[pos], 0)
        pos += 1
    if depth:
        raise fail(f"\\{name}{{ is not closed within {_MAX_RAW} characters", column)
    argument = text[opening.end() : pos - 1].strip()
    if name in ("begin", "end"):
        if argument not in _ENVIRONMENTS:
            raise fail(f"the environment {argument!r} is out of scope", column)
        if name == "begin" and argument.startswith("alignat"):
            columns = re.compile(r"\s*\{[0-9]+\}").match(text, pos)
            pos = columns.end() if columns else pos
    return pos
