r"""The grammar of check-formula: a recursive-descent parser from tokens to expression nodes.

Both dialects share one expression grammar, loosest binding first::

    formula  := sum ['=' sum] END            (an lhs only in LaTeX: ∂(x ⊙ y)/∂z = ...)
    sum      := product (('+' | '-') product)*
    product  := unary (OPERATOR unary)*      (@ * ⊙ in plain; \cdot \odot or juxtaposition
                                              in LaTeX, where juxtaposition is the matrix product)
    unary    := ('-' | '+') unary | postfix
    postfix  := primary TRANSPOSE*           (.T in plain; ^\top ^T ^{\mathsf{T}} in LaTeX)
    primary  := vector | jacobian | diag '(' sum ')' | zero | integer | '(' sum ')'

An integer multiplies a matrix (``2 * A``, ``2 A``, ``2 \cdot A``), giving a Scale node. The
input is only ever read token by token: it is never evaluated as code. Nesting, operation
count and length are bounded, and every error names the offending token and its column.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ClassVar

from proofs.formula.tokens import (
    LATEX_VOCABULARY,
    PLAIN_VOCABULARY,
    Token,
    fail,
    tokenize_latex,
    tokenize_plain,
)
from proofs.theory.expr import (
    Add,
    Diag,
    Expr,
    Hadamard,
    Jacobian,
    MatMul,
    Neg,
    Scale,
    Transpose,
    Vector,
    Zero,
)

__all__ = ["DERIVATIVE", "MAX_NESTING", "MAX_NODES", "ParsedFormula", "parse_formula"]

MAX_NESTING = 32
"""Deepest nesting of brackets, groups, signs and fractions accepted."""

MAX_NODES = 128
"""Most expression nodes in one formula (keeps evaluation and printing shallow and fast)."""

X, Y = Vector("x"), Vector("y")
DERIVATIVE = Jacobian(Hadamard(X, Y))
"""∂(x ⊙ y)/∂z: the only left-hand side a formula may have."""
_ACCEPTED_LHS = (DERIVATIVE, Jacobian(Hadamard(Y, X)))
_DIFFERENTIABLE = (X, Y)


@dataclass(frozen=True)
class ParsedFormula:
    """A reader's formula: the right-hand side, and the lhs when an equation was given."""

    lhs: Expr | None
    rhs: Expr


@dataclass(frozen=True)
class _Number:
    """An integer literal while parsing; it must end up multiplying a matrix."""

    value: int
    column: int


_Item = Expr | _Number


class _Grammar:
    """The shared levels of the grammar; the dialects supply primaries and operators."""

    vocabulary = ""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.nodes = 0
        self.jacobians: list[tuple[Expr, int]] = []

    # -- token access -------------------------------------------------------------------
    def peek(self, offset: int = 0) -> Token:
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.peek()
        self.pos += 1
        return token

    def at(self, kind: str, text: str | None = None) -> bool:
        token = self.peek()
        return token.kind == kind and (text is None or token.text == text)

    def expect(self, kind: str, text: str, what: str) -> Token:
        if not self.at(kind, text):
            raise self.unexpected(f"expected {what}")
        return self.advance()

    def unexpected(self, expectation: str, token: Token | None = None) -> Exception:
        token = token or self.peek()
        return fail(f"unexpected {token.describe()}: {expectation}", token.column)

    @contextmanager
    def nested(self, token: Token) -> Iterator[None]:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise fail(f"nesting deeper than {MAX_NESTING} levels", token.column)
        try:
            yield
        finally:
            self.depth -= 1

    def node(self, expr: Expr, token: Token) -> Expr:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise fail(f"more than {MAX_NODES} operations in one formula", token.column)
        return expr

    # -- the shared levels --------------------------------------------------------------
    def formula(self) -> ParsedFormula:
        first = self.matrix(self.sum(), self.tokens[0])
        lhs: Expr | None = None
        if self.at("OP", "="):
            equals = self.advance()
            self.check_lhs(first, equals)
            lhs, boundary = first, len(self.jacobians)
            rhs = self.matrix(self.sum(), self.peek())
        else:
            rhs, boundary = first, 0
        if not self.at("END"):
            raise self.unexpected("expected an operator or the end of the formula")
        for operand, column in self.jacobians[boundary:]:
            if operand not in _DIFFERENTIABLE:
                raise fail("the right-hand side may differentiate only x and y", column)
        return ParsedFormula(lhs=lhs, rhs=rhs)

    def check_lhs(self, lhs: Expr, equals: Token) -> None:
        del lhs  # plain syntax has no left-hand side at all
        raise self.unexpected("give the right-hand side only, or use --latex", equals)

    def sum(self) -> _Item:
        left = self.product()
        while self.at("OP", "+") or self.at("OP", "-"):
            op = self.advance()
            right = self.matrix(self.product(), op)
            term = right if op.text == "+" else self.node(Neg(right), op)
            left = self.node(Add(self.matrix(left, op), term), op)
        return left

    def product(self) -> _Item:
        left = self.unary()
        while (op := self.product_operator()) is not None:
            right = self.unary()
            left = self.combine(op, left, right)
        return left

    def unary(self) -> _Item:
        if self.at("OP", "-") or self.at("OP", "+"):
            sign = self.advance()
            with self.nested(sign):
                operand = self.unary()
            if sign.text == "+":
                return operand
            if isinstance(operand, _Number):
                return _Number(-operand.value, sign.column)
            return self.node(Neg(operand), sign)
        return self.postfix()

    def combine(self, op: Token, left: _Item, right: _Item) -> _Item:
        """``left op right``; op.text is '@' (matrix product), '*' (scalar or ⊙) or '⊙'."""
        if isinstance(left, _Number) and isinstance(right, _Number):
            if op.text not in ("*", "·"):
                raise fail(f"{op.text} needs two vectors or matrices, not numbers", op.column)
            return _Number(left.value * right.value, left.column)
        if isinstance(left, _Number) and not isinstance(right, _Number):
            return self.scaled(op, left, right)
        if isinstance(right, _Number) and not isinstance(left, _Number):
            return self.scaled(op, right, left)
        assert not isinstance(left, _Number)
        assert not isinstance(right, _Number)
        if op.text == "⊙" or (op.text == "*" and self.star_is_hadamard):
            return self.node(Hadamard(left, right), op)
        return self.node(MatMul(left, right), op)

    def scaled(self, op: Token, number: _Number, matrix: Expr) -> Expr:
        if op.text in ("*", "·"):
            return self.node(Scale(number.value, matrix), op)
        raise fail(
            f"{op.text!r} needs matrices on both sides; multiply a number with "
            f"{self.scalar_operator}",
            op.column,
        )

    def matrix(self, item: _Item, token: Token) -> Expr:
        """``item`` where a matrix is needed: 0 is the zero matrix, other numbers are refused."""
        if not isinstance(item, _Number):
            return item
        if item.value == 0:
            return self.node(Zero(), token)
        raise fail(
            f"the number {item.value} stands alone; a number must multiply a matrix "
            f"({self.scalar_operator})",
            item.column,
        )

    def jacobian(self, operand: Expr, token: Token) -> Expr:
        self.jacobians.append((operand, token.column))
        return self.node(Jacobian(operand), token)

    # -- supplied by each dialect -------------------------------------------------------
    star_is_hadamard = True
    scalar_operator = "*"

    def product_operator(self) -> Token | None:
        raise NotImplementedError

    def postfix(self) -> _Item:
        raise NotImplementedError


class _PlainGrammar(_Grammar):
    """``dy_dz @ diag(x) + dx_dz @ diag(y)``: numpy-like names and operators."""

    vocabulary = PLAIN_VOCABULARY
    _JACOBIANS: ClassVar[dict[str, Expr]] = {"dx_dz": X, "dy_dz": Y}

    def product_operator(self) -> Token | None:
        if self.peek().kind == "OP" and self.peek().text in ("@", "*", "⊙"):
            return self.advance()
        if self.peek().kind in ("NAME", "INT") or self.at("PAREN", "("):
            raise self.unexpected("expected an operator (@, *, ⊙, +, -) between two terms")
        return None

    def postfix(self) -> _Item:
        item = self.primary()
        while self.at("DOT_T"):
            token = self.advance()
            if isinstance(item, _Number):
                raise fail("a number cannot be transposed", token.column)
            item = self.node(Transpose(item), token)
        return item

    def primary(self) -> _Item:
        token = self.peek()
        if token.kind == "INT":
            self.advance()
            return _Number(int(token.text), token.column)
        if token.kind == "PAREN" and token.text == "(":
            self.advance()
            with self.nested(token):
                inner = self.sum()
            self.expect("PAREN", ")", "')' to close the '(' at column " + str(token.column))
            return inner
        if token.kind != "NAME":
            raise self.unexpected(f"expected a term ({self.vocabulary})")
        self.advance()
        if token.text in ("x", "y"):
            return self.node(Vector(token.text), token)
        if token.text in self._JACOBIANS:
            return self.jacobian(self._JACOBIANS[token.text], token)
        if token.text == "O":
            return self.node(Zero(), token)
        if token.text == "diag":
            opening = self.expect("PAREN", "(", "'(' after diag")
            with self.nested(opening):
                operand = self.matrix(self.sum(), opening)
            self.expect("PAREN", ")", f"')' to close diag( at column {opening.column}")
            return self.node(Diag(operand), token)
        raise fail(
            f"unknown name {token.text!r} (the vocabulary is {self.vocabulary})", token.column
        )


# LaTeX: commands whose braced argument is a word (x, y, z, O, 0, diag, T).
_FONT_COMMANDS = frozenset(
    {
        "boldsymbol",
        "mathbf",
        "bm",
        "mathbfit",
        "vec",
        "mathrm",
        "operatorname",
        "text",
        "textrm",
        "mathit",
        "mathsf",
        "mathnormal",
    }
)
_FRACTIONS = frozenset({"frac", "dfrac", "tfrac"})
_TRANSPOSE_WORDS = frozenset({"T", "top", "intercal"})
_PRODUCT_COMMANDS = {"cdot": "·", "odot": "⊙", "circ": "⊙"}


class _LatexGrammar(_Grammar):
    r"""LaTeX as printed: ``\mathrm{diag}(\boldsymbol{x}) \frac{\partial \boldsymbol{y}}{...}``."""

    vocabulary = LATEX_VOCABULARY
    star_is_hadamard = False
    scalar_operator = r"juxtaposition or \cdot"

    def check_lhs(self, lhs: Expr, equals: Token) -> None:
        if lhs not in _ACCEPTED_LHS:
            raise fail(
                f"the left-hand side (before the '=' at column {equals.column}) must be "
                r"\frac{\partial (\boldsymbol{x} \odot \boldsymbol{y})}{\partial \boldsymbol{z}}",
                self.tokens[0].column,
            )

    def product_operator(self) -> Token | None:
        token = self.peek()
        if token.kind == "COMMAND" and token.text in _PRODUCT_COMMANDS:
            self.advance()
            return Token("OP", _PRODUCT_COMMANDS[token.text], token.column)
        if self.starts_primary(token):
            return Token("OP", "·", token.column)  # juxtaposition: the matrix product
        if token.kind == "OP" and token.text == "_":
            raise fail("subscripts such as x_i are not in the vocabulary", token.column)
        return None

    def starts_primary(self, token: Token) -> bool:
        if token.kind in ("LETTER", "INT"):
            return True
        if token.kind in ("PAREN", "GROUP"):
            return token.text in ("(", "[", "{")
        return token.kind == "COMMAND" and (
            token.text in _FONT_COMMANDS
            or token.text in _FRACTIONS
            or token.text in ("partial", "diag")
        )

    def postfix(self) -> _Item:
        item = self.primary()
        while self.at("OP", "^"):
            caret = self.advance()
            self.transpose_mark(caret)
            if isinstance(item, _Number):
                raise fail("a number cannot be transposed", caret.column)
            item = self.node(Transpose(item), caret)
        return item

    def transpose_mark(self, caret: Token) -> None:
        r"""Read what follows ``^``: only a transpose (T, \top, \intercal, braced or in a font)."""
        braced = self.at("GROUP", "{")
        if braced:
            self.advance()
        token = self.peek()
        if token.kind == "LETTER" and token.text == "T":
            self.advance()
            word = "T"
        elif token.kind == "COMMAND" and token.text in ("top", "intercal"):
            self.advance()
            word = token.text
        elif token.kind == "COMMAND" and token.text in _FONT_COMMANDS:
            self.advance()
            word, _ = self.word()
        else:
            raise fail(r"only the transpose ^\top (or ^T) is in the vocabulary", caret.column)
        if word not in _TRANSPOSE_WORDS:
            raise fail(r"only the transpose ^\top (or ^T) is in the vocabulary", caret.column)
        if braced:
            self.expect("GROUP", "}", "'}' after the transpose mark")

    def word(self) -> tuple[str, Token]:
        r"""The argument of a font command: ``{x}``, ``{diag}``, ``x`` (one token)."""
        start = self.peek()
        if start.kind in ("LETTER", "INT"):
            self.advance()
            return start.text, start
        self.expect("GROUP", "{", "'{' or a letter after the font command")
        parts: list[str] = []
        while self.peek().kind in ("LETTER", "INT"):
            parts.append(self.advance().text)
        self.expect("GROUP", "}", "'}' to close the font command's argument")
        return "".join(parts), start

    def primary(self) -> _Item:
        token = self.peek()
        if token.kind == "INT":
            self.advance()
            return _Number(int(token.text), token.column)
        if token.kind == "PAREN" and token.text in ("(", "["):
            return self.bracketed(token, ")" if token.text == "(" else "]")
        if token.kind == "GROUP" and token.text == "{":
            return self.bracketed(token, "}")
        if token.kind == "LETTER":
            return self.letters()
        if token.kind == "COMMAND":
            self.advance()
            if token.text in _FONT_COMMANDS:
                word, start = self.word()
                return self.named(word, start if start.kind != "GROUP" else token)
            if token.text in _FRACTIONS:
                return self.fraction(token)
            if token.text == "partial":
                return self.inline_derivative(token)
            if token.text == "diag":
                return self.diag(token)
            raise fail(
                f"unknown LaTeX command \\{token.text} (the vocabulary is {self.vocabulary})",
                token.column,
            )
        raise self.unexpected(f"expected a term ({self.vocabulary})")

    def bracketed(self, opening: Token, closing: str) -> _Item:
        self.advance()
        with self.nested(opening):
            inner = self.sum()
        kind = "GROUP" if closing == "}" else "PAREN"
        self.expect(
            kind, closing, f"{closing!r} to close the {opening.text!r} at column {opening.column}"
        )
        return inner

    def letters(self) -> _Item:
        token = self.advance()
        # 'diag' typed as four plain letters (TeX would set it in italics, but it is clear).
        if token.text == "d" and "".join(self.peek(k).text for k in range(3)) == "iag":
            for _ in range(3):
                self.advance()
            return self.diag(token)
        return self.named(token.text, token)

    def named(self, word: str, token: Token) -> _Item:
        if word in ("x", "y"):
            return self.node(Vector(word), token)
        if word in ("O", "0"):
            return self.node(Zero(), token)
        if word == "diag":
            return self.diag(token)
        raise fail(f"unknown symbol {word!r} (the vocabulary is {self.vocabulary})", token.column)

    def diag(self, token: Token) -> Expr:
        with self.nested(token):
            operand = self.matrix(self.primary(), token)
        return self.node(Diag(operand), token)

    def differentiated(self, partial: Token) -> Expr:
        r"""What follows ``\partial`` in a numerator: a vector or a bracketed expression."""
        with self.nested(partial):
            return self.matrix(self.primary(), partial)

    def variable(self) -> None:
        r"""The ``\partial z`` of a denominator: z, possibly in a font."""
        partial = self.peek()
        if not (partial.kind == "COMMAND" and partial.text == "partial"):
            raise self.unexpected(r"expected \partial \boldsymbol{z}")
        self.advance()
        token = self.peek()
        if token.kind == "COMMAND" and token.text in _FONT_COMMANDS:
            self.advance()
            word, _ = self.word()
        elif token.kind == "LETTER":
            word = self.advance().text
        else:
            raise self.unexpected(r"expected z after \partial")
        if word != "z":
            raise fail(f"derivatives are taken with respect to z, not {word!r}", token.column)

    def fraction(self, frac: Token) -> Expr:
        r"""``\frac{\partial A}{\partial z}``: the Jacobian of A (no other fractions)."""
        with self.nested(frac):
            self.expect("GROUP", "{", r"'{' after \frac")
            partial = self.peek()
            if not (partial.kind == "COMMAND" and partial.text == "partial"):
                raise fail(
                    r"only \frac{\partial ...}{\partial z} is in the vocabulary", frac.column
                )
            self.advance()
            operand = self.differentiated(partial)
            self.expect("GROUP", "}", r"'}' to close the numerator of \frac")
            self.expect("GROUP", "{", r"'{' before the denominator of \frac")
            self.variable()
            self.expect("GROUP", "}", r"'}' to close the denominator of \frac")
        return self.jacobian(operand, frac)

    def inline_derivative(self, partial: Token) -> Expr:
        r"""``\partial A / \partial z``, as the chapter's Note writes it."""
        operand = self.differentiated(partial)
        self.expect("OP", "/", r"'/' in \partial y / \partial z")
        self.variable()
        return self.jacobian(operand, partial)


def parse_formula(text: str, *, latex: bool) -> ParsedFormula:
    """Parse ``text`` (plain syntax, or LaTeX when ``latex``) into expression nodes."""
    if latex:
        return _LatexGrammar(tokenize_latex(text)).formula()
    return _PlainGrammar(tokenize_plain(text)).formula()
