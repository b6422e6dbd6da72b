r"""The grammar of check-formula: recursive descent from tokens to expression nodes.

A formula is one or more chains ``e₀ = e₁ = …`` (rows of an aligned environment that start
with an operator continue the row before; top-level commas separate equations). Both dialects
share one expression grammar, loosest binding first::

    chain    := sum ('=' sum)*
    sum      := product (('+' | '-') product)*
    product  := unary (OPERATOR unary)*       (@ * ⊙ · or juxtaposition in plain; \odot \circ
                                                \cdot or juxtaposition in LaTeX)
    unary    := ('-' | '+') unary | postfix
    postfix  := primary (TRANSPOSE | SUBSCRIPT)*
    primary  := name | derivative | differential | diag | zero | ones | integer | '(' sum ')'

Juxtaposition is the matrix product (a scalar times anything, at entry level). Names are
read from the formula (one letter, with digits or a subscript); what they stand for is bound
later (:mod:`proofs.formula.names`). A derivative whose variable is unnamed (``J_y``,
``\nabla y``) has ``wrt=""`` until then. The notations with a fixed shape (``∂y/∂zᵀ``, the
numerator's shape; ``∇_z y``, the gradient's, which is the denominator's) become a Jacobian in
the layout checked, transposed where that layout's shape is the other one. The input is only
ever read token by token: it is never evaluated as code. Nesting, the number of nodes and the
length are bounded, and every error names the offending token and its column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from hadamard import Layout
from proofs.formula.evaluate import ONES, Convention
from proofs.formula.tokens import (
    LATEX_VOCABULARY,
    PLAIN_VOCABULARY,
    Token,
    fail,
    refuse,
    tokenize_latex,
    tokenize_plain,
)
from proofs.printing.plain import plain_text
from proofs.theory.expr import (
    Add,
    Apply,
    Component,
    Derivative,
    Diag,
    Differential,
    Expr,
    Hadamard,
    Jacobian,
    MatMul,
    Neg,
    Partial,
    Scale,
    Transpose,
    Vector,
    Zero,
)

__all__ = [
    "INDEX_LETTERS",
    "MAX_NESTING",
    "MAX_NODES",
    "Chain",
    "Notation",
    "Reading",
    "expression_key",
    "parse_formula",
]

MAX_NESTING = 32
"""Deepest nesting of brackets, groups, signs and fractions accepted."""

MAX_NODES = 256
"""Most expression nodes in one formula (keeps evaluation and printing shallow and fast)."""

INDEX_LETTERS = frozenset("ijkl")
"""Subscripts that index an entry (x_i); any other subscript is part of a name (x_1, x_t)."""

NAME = re.compile(r"[A-Za-z][0-9]*(?:_[A-Za-z0-9]+)?")
"""A plain name: one letter, then digits or one subscript (x, X, x1, x_1, x_t, x_i)."""


@dataclass(frozen=True)
class Notation:
    """How to read a formula: the dialect, the layout checked, and what ``\\otimes`` means."""

    latex: bool = False
    layout: Layout = Layout.DENOMINATOR
    otimes_is_hadamard: bool = False


@dataclass(frozen=True)
class Chain:
    """``e₀ = e₁ = …``: the sides, and the 1-based column where each starts."""

    sides: tuple[Expr, ...]
    columns: tuple[int, ...]
    end: int = 0
    """The 1-based column just after the chain (its text is ``text[columns[0] - 1 : end - 1]``)."""


@dataclass(frozen=True)
class Reading:
    """A parsed formula: its chains, its convention, and the expressions derivatives take."""

    chains: tuple[Chain, ...]
    convention: Convention
    expressions: Mapping[str, Expr] = field(default_factory=dict)
    """``∂L/∂(x ⊙ y)``'s variable: the key in ``Jacobian.wrt``, and the expression."""

    @property
    def lhs(self) -> Expr | None:
        """The left-hand side of a one-equation formula (None when only a side is given)."""
        sides = self.chains[0].sides
        return sides[0] if len(sides) > 1 else None

    @property
    def rhs(self) -> Expr:
        """The last side of the first chain."""
        return self.chains[0].sides[-1]


@dataclass(frozen=True)
class _Number:
    """An integer literal while parsing; it must end up multiplying a matrix."""

    value: int
    column: int


_Item = Expr | _Number

_NUMPY_OPERATORS = frozenset({"@", "*", ".T"})
_ROW_CONTINUATIONS = frozenset({"=", "+", "-"})


def expression_key(expr: Expr) -> str:
    """The name a derivative's variable gets when it is an expression, e.g. ``(x * y)``."""
    try:  # the plain text, with the notation's ⊙ and juxtaposition: a name, not syntax
        plain = plain_text(expr).replace(" * ", " ⊙ ").replace(" @ ", " ").replace(".T", "ᵀ")
        return f"({plain})"
    except NotImplementedError:  # σ(h) has no plain spelling
        from proofs.printing.latex import text  # SymPy loads only for such a name

        return f"({text(expr)})"


class _Grammar:
    """The shared levels of the grammar; the dialects supply primaries and operators."""

    vocabulary = ""
    scalar_operator = "*"

    def __init__(self, tokens: list[Token], notation: Notation) -> None:
        self.tokens = tokens
        self.notation = notation
        self.pos = 0
        self.depth = 0
        self.nodes = 0
        self.expressions: dict[str, Expr] = {}

    # -- token access -------------------------------------------------------------------
    def peek(self, offset: int = 0) -> Token:
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.peek()
        self.pos += 1
        return token

    def at(self, kind: str, text: str | None = None, offset: int = 0) -> bool:
        token = self.peek(offset)
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

    # -- a formula: pieces, each a chain ------------------------------------------------
    def chains(self) -> tuple[Chain, ...]:
        chains: list[Chain] = []
        for piece in self.pieces():
            self.tokens, self.pos = piece, 0
            chains.append(self.chain())
        return tuple(chains)

    def pieces(self) -> list[list[Token]]:
        """The equations: rows (joined when a row continues the one before) split at
        top-level commas, each without a sentence's final punctuation, each ending in END."""
        rows: list[list[Token]] = [[]]
        depth = 0
        for token in self.tokens[:-1]:
            depth += _depth_change(token)
            if token.kind == "ROWSEP" and depth == 0:
                rows.append([])
            else:
                rows[-1].append(token)
        joined: list[list[Token]] = []
        for row in rows:
            if not row:
                continue
            starts = row[0].kind == "OP" and row[0].text in _ROW_CONTINUATIONS
            ends = joined and joined[-1][-1].kind == "OP" and joined[-1][-1].text in "=+-"
            if joined and (starts or ends):
                joined[-1].extend(row)
            else:
                joined.append(row)
        end = self.tokens[-1]
        pieces: list[list[Token]] = []
        for row in joined:
            current: list[Token] = []
            depth = 0
            for token in row:
                depth += _depth_change(token)
                if token.kind == "PUNCT" and token.text in (",", ";") and depth == 0:
                    pieces.extend(_piece(current, token.column))
                    current = []
                else:
                    current.append(token)
            pieces.extend(_piece(current, end.column))
        if not pieces:
            raise refuse("the formula is empty")
        return pieces

    def chain(self) -> Chain:
        sides: list[Expr] = []
        columns: list[int] = []
        while True:
            start = self.peek()
            sides.append(self.matrix(self.sum(), start))
            columns.append(start.column)
            if not self.at("OP", "="):
                break
            self.advance()
        if not self.at("END"):
            self.explain(self.peek())
            raise self.unexpected("expected an operator or the end of the formula")
        return Chain(tuple(sides), tuple(columns), self.peek().column)

    # -- the shared levels --------------------------------------------------------------
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
        """``left op right``; op.text is '@' or '·' (matrix product), '*' or '⊙'."""
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
        if op.text == "∘":
            self.composition(op, left, right)
        if op.text in ("⊙", "∘", "*"):  # LaTeX refuses * before it gets here
            return self.node(Hadamard(left, right), op)
        return self.node(MatMul(left, right), op)

    def composition(self, op: Token, left: Expr, right: Expr) -> None:
        """Refuse ∘ between function letters: f ∘ g is a composition, not a product."""
        for side in (left, right):
            if isinstance(side, Vector) and side.name in _FUNCTION_LETTERS:
                raise fail(
                    f"∘ next to {side.name} reads as a composition of functions; write \\odot "
                    "for the element-wise product",
                    op.column,
                )

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

    def jacobian(self, of: Expr, wrt: str, token: Token, *, shape: Layout | None = None) -> Expr:
        """∂of/∂wrt; ``shape`` fixes the shape (∂y/∂zᵀ, ∇) whatever the layout checked."""
        node = self.node(Jacobian(of, wrt), token)
        if shape is not None and shape is not self.notation.layout:
            return self.node(Transpose(node), token)
        return node

    def variable_of(self, expr: Expr) -> str:
        """The name of a derivative's variable: a vector's name, or an expression's key."""
        if isinstance(expr, Vector):
            return expr.name
        key = expression_key(expr)
        self.expressions[key] = expr
        return key

    def explain(self, token: Token) -> None:
        """Refuse ``token`` with the reason it is out of scope, if the dialect knows one."""
        del token

    def product_operator(self) -> Token | None:
        raise NotImplementedError

    def postfix(self) -> _Item:
        raise NotImplementedError


_FUNCTIONS = frozenset({"sigma", "phi", "varphi"})
_FUNCTION_LETTERS = frozenset({"f", "g", "h"})
"""Letters that name functions by convention: next to them, ∘ is a composition."""


def _depth_change(token: Token) -> int:
    if token.kind in ("GROUP", "PAREN"):
        return 1 if token.text in ("{", "(", "[", "\\{") else -1
    return 0


def _piece(tokens: list[Token], end: int) -> list[list[Token]]:
    """One equation's tokens, without a sentence's final ".", "," or ";", then END."""
    while tokens and tokens[-1].kind == "PUNCT":
        tokens = tokens[:-1]
    return [[*tokens, Token("END", "", end)]] if tokens else []


def _plain_name(text: str) -> Expr | None:
    """A plain name as a node: ``x``, ``x1``, ``x_t`` (a vector), ``x_i`` (an entry)."""
    if not NAME.fullmatch(text):
        return None
    base, _, subscript = text.partition("_")
    if subscript in INDEX_LETTERS:
        return Component(Vector(base), subscript)
    return Vector(text)


class _PlainGrammar(_Grammar):
    """``dy_dz @ diag(x) + dx_dz @ diag(y)``: numpy's operators, and the README's ∂ and ⊙."""

    vocabulary = PLAIN_VOCABULARY

    def product_operator(self) -> Token | None:
        token = self.peek()
        if token.kind == "OP" and token.text in ("@", "*", "⊙", "·"):
            return self.advance()
        if self.starts_primary(token):
            return Token("OP", "·", token.column)  # juxtaposition: the matrix product
        return None

    def starts_primary(self, token: Token) -> bool:
        return (
            token.kind in ("NAME", "INT", "ONES")
            or (token.kind == "PAREN" and token.text == "(")
            or (token.kind == "OP" and token.text == "∂")
        )

    def postfix(self) -> _Item:
        item = self.primary()
        while self.at("DOT_T") or self.at("SUB"):
            token = self.advance()
            if isinstance(item, _Number):
                raise fail("a number cannot be transposed", token.column)
            if token.kind == "DOT_T":
                item = self.node(Transpose(item), token)
            elif token.text in INDEX_LETTERS:
                item = self.node(Component(item, token.text), token)
            else:
                raise fail(
                    f"the subscript _{token.text} is not an index i, j, k or l", token.column
                )
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
        if token.kind == "ONES":
            self.advance()
            return self.node(Vector(ONES), token)
        if token.kind == "OP" and token.text == "∂":
            self.advance()
            return self.derivative(token, self.operand(token))
        if token.kind != "NAME":
            raise self.unexpected(f"expected a term ({self.vocabulary})")
        self.advance()
        return self.named(token)

    def operand(self, token: Token) -> Expr:
        """What ∂ or d applies to: a name or a bracketed expression (with its transposes)."""
        with self.nested(token):
            item = self.postfix()
        return self.matrix(item, token)

    def named(self, token: Token) -> Expr:
        text = token.text
        if text in ("diag", "np.diag"):
            opening = self.expect("PAREN", "(", f"'(' after {text}")
            with self.nested(opening):
                operand = self.matrix(self.sum(), opening)
            self.expect("PAREN", ")", f"')' to close {text}( at column {opening.column}")
            return self.node(Diag(operand), token)
        if text.startswith("np."):
            raise fail(f"{text} is not in the vocabulary (np.diag is)", token.column)
        if text in _FUNCTIONS:
            derivative = self.at("OP", "'")
            if derivative:
                self.advance()
            opening = self.expect("PAREN", "(", f"'(' after {text}")
            with self.nested(opening):
                argument = self.matrix(self.sum(), opening)
            self.expect("PAREN", ")", f"')' to close {text}( at column {opening.column}")
            node = Derivative(text, argument) if derivative else Apply(text, argument)
            return self.node(node, token)
        if text == "O":
            return self.node(Zero(), token)
        jacobian = re.fullmatch(r"d(.+)_d([^_].*)", text)
        if jacobian is not None and NAME.fullmatch(jacobian.group(2)):
            of = _plain_name(jacobian.group(1))
            if isinstance(of, Vector):
                return self.jacobian(self.node(of, token), jacobian.group(2), token)
        if text == "d" and self.at("PAREN", "("):
            return self.derivative(token, self.operand(token))
        name = _plain_name(text)
        if name is not None:
            return self.node(name, token)
        if text[0] in "dt" and (of := _plain_name(text[1:])) is not None:
            return self.derivative(token, self.node(of, token))
        raise fail(
            f"unknown name {text!r} (names are one letter, then digits or a subscript; "
            f"the vocabulary is {self.vocabulary})",
            token.column,
        )

    def derivative(self, token: Token, operand: Expr) -> Expr:
        """``dX``, ``∂X`` (a differential), or ``d(…)/dz``, ``∂y/∂z`` (a Jacobian)."""
        if not self.at("OP", "/"):
            return self.node(Differential(operand), token)
        self.advance()
        variable = self.peek()
        shape = None
        wrt: Expr
        if variable.kind == "OP" and variable.text == "∂":
            self.advance()
            wrt = self.operand(variable)
        elif variable.kind == "NAME" and (named := _plain_name(variable.text[1:])) is not None:
            if not variable.text.startswith("d"):
                raise self.unexpected("expected ∂z or dz after '/'")
            self.advance()
            wrt = named
            if self.at("DOT_T"):
                self.advance()
                wrt = Transpose(wrt)
        elif variable.kind == "NAME" and variable.text == "d" and self.at("PAREN", "(", 1):
            self.advance()
            wrt = self.operand(variable)
        else:
            raise self.unexpected("expected ∂z or dz after '/'")
        if isinstance(wrt, Transpose):  # ∂y/∂zᵀ: the numerator layout's shape
            wrt, shape = wrt.operand, Layout.NUMERATOR
        if isinstance(operand, Transpose):  # ∂yᵀ/∂z: the denominator layout's shape
            if shape is not None:
                raise fail("∂yᵀ/∂zᵀ transposes both sides; write ∂y/∂z", token.column)
            operand, shape = operand.operand, Layout.DENOMINATOR
        if isinstance(wrt, Component):
            return self.node(Partial(operand, self.variable_of(wrt.of), wrt.index), token)
        return self.jacobian(operand, self.variable_of(wrt), token, shape=shape)


# LaTeX: commands whose braced argument is a word (x, y, z, O, 0, 1, diag, d, T).
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
        "textbf",
        "textit",
        "mathit",
        "mathsf",
        "mathnormal",
        "mathcal",
        "mathscr",
        "mathbb",
        "mbox",
        "textup",
        "mathup",
        "symbf",
        "symbfit",
        "bold",
    }
)
_FONT_SWITCHES = frozenset({"rm", "bf", "it", "sf", "tt", "cal", "boldmath", "bfseries"})
_FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
_TRANSPOSE_WORDS = frozenset({"T", "top", "intercal", "mathsf", "mathrm"})
_DIAG_WORDS = frozenset({"diag", "Diag"})
_OUT_OF_SCOPE = {
    "sum": "sums over indices are out of scope",
    "prod": "products over indices are out of scope",
    "cdots": "a pattern with ⋯ is not one formula; write the factors out",
    "dots": "a pattern with … is not one formula; write the factors out",
    "ldots": "a pattern with … is not one formula; write the factors out",
    "bigodot": "a product over an index is not one formula; write the factors out",
    "langle": "inner products ⟨·,·⟩ are out of scope",
    "in": "a condition (x ∈ …) is not a formula of the rule",
    "coloneqq": "a definition (:=) is not a formula of the rule",
    "equiv": "a definition (≡) is not a formula of the rule",
    "approx": "an approximation is not a formula of the rule",
    "int": "integrals are out of scope",
    "exp": "a specific function is out of scope (σ or φ stands for any element-wise function)",
    "log": "a specific function is out of scope (σ or φ stands for any element-wise function)",
    "tanh": "a specific function is out of scope (σ or φ stands for any element-wise function)",
    "sqrt": "roots are out of scope",
    "det": "determinants are out of scope",
}


class _LatexGrammar(_Grammar):
    r"""LaTeX as printed: ``\mathrm{diag}(\boldsymbol{x}) \frac{\partial \boldsymbol{y}}{...}``."""

    vocabulary = LATEX_VOCABULARY
    scalar_operator = r"juxtaposition or \cdot"

    def product_operator(self) -> Token | None:
        token = self.peek()
        if token.kind == "COMMAND" and token.text in ("odot", "circ"):
            self.advance()
            return Token("OP", "⊙" if token.text == "odot" else "∘", token.column)
        if token.kind == "COMMAND" and token.text == "cdot":
            self.advance()
            if self.at("OP", "_"):
                self.hadamard_subscript(token)
                return Token("OP", "⊙", token.column)
            return Token("OP", "·", token.column)
        if token.kind == "COMMAND" and token.text == "otimes":
            if not self.notation.otimes_is_hadamard:
                raise fail(
                    r"\otimes is ambiguous: it is the Kronecker product, and some notes use it "
                    r"for the element-wise product; say which (check-formula --otimes-hadamard)",
                    token.column,
                )
            self.advance()
            return Token("OP", "⊙", token.column)
        if token.kind == "COMMAND" and token.text == "times":
            raise fail(
                r"\times is ambiguous (a cross, matrix or scalar product); write \odot for the "
                r"element-wise product or juxtaposition for the matrix product",
                token.column,
            )
        if token.kind == "OP" and token.text == "*":
            raise fail(
                r"'*' is ambiguous in LaTeX (convolution or the element-wise product); "
                r"write \odot",
                token.column,
            )
        if self.starts_primary(token):
            return Token("OP", "·", token.column)  # juxtaposition: the matrix product
        if token.kind == "OP" and token.text == "_":
            raise fail("a subscript needs a name or a bracketed expression before it", token.column)
        return None

    def explain(self, token: Token) -> None:
        reason = _OUT_OF_SCOPE.get(token.text) if token.kind == "COMMAND" else None
        if reason:
            raise fail(f"\\{token.text}: {reason}", token.column)

    def hadamard_subscript(self, cdot: Token) -> None:
        r"""``\cdot_{\text{Hadamard}}``: the element-wise product, spelled with a subscript."""
        self.advance()
        braced = self.at("GROUP", "{")
        if braced:
            self.advance()
        token = self.peek()
        if token.kind == "COMMAND" and token.text in _FONT_COMMANDS:
            self.advance()
            word = self.word()[0]
        elif token.kind == "COMMAND" and token.text == "odot":
            self.advance()
            word = "odot"
        else:
            letters: list[str] = []
            while self.at("LETTER") and (braced or not letters):
                letters.append(self.advance().text)
            word = "".join(letters)
        if word not in ("Hadamard", "hadamard", "H", "odot"):
            raise fail(
                r"\cdot with a subscript is read only as \cdot_{\text{Hadamard}}", cdot.column
            )
        if braced:
            self.expect("GROUP", "}", r"'}' after \cdot_{\text{Hadamard}")

    def starts_primary(self, token: Token) -> bool:
        if token.kind in ("LETTER", "INT", "ONES"):
            return True
        if token.kind in ("PAREN", "GROUP"):
            return token.text in ("(", "[", "{", "\\{")
        return token.kind == "COMMAND" and (
            token.text in _FONT_COMMANDS
            or token.text in _FRACTIONS
            or token.text in ("partial", "nabla", "diag", "Diag", "dot", "ell", "mathbf")
            or token.text in _FUNCTIONS
        )

    def postfix(self) -> _Item:
        item = self.primary()
        while self.at("OP", "^") or (self.at("OP", "_") and not isinstance(item, _Number)):
            mark = self.advance()
            if mark.text == "_":
                assert not isinstance(item, _Number)
                item = self.node(Component(item, self.index(mark)), mark)
                continue
            self.transpose_mark(mark)
            if isinstance(item, _Number):
                raise fail("a number cannot be transposed", mark.column)
            item = self.node(Transpose(item), mark)
        if self.at("OP", "'"):
            raise fail(
                "x' is ambiguous (a transpose or a derivative); write ^\\top or σ'(·)",
                self.peek().column,
            )
        return item

    def index(self, mark: Token) -> str:
        """The subscript after a bracketed expression: one index letter, ``(x ⊙ y)_i``."""
        braced = self.at("GROUP", "{")
        if braced:
            self.advance()
        token = self.peek()
        if token.kind != "LETTER" or token.text not in INDEX_LETTERS:
            raise fail("an entry's subscript must be one index: i, j, k or l", mark.column)
        self.advance()
        if braced:
            self.expect("GROUP", "}", "'}' after the index")
        return token.text

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
        if token.kind == "PAREN" and token.text in ("(", "[", "\\{"):
            return self.bracketed(token, {"(": ")", "[": "]", "\\{": "\\}"}[token.text])
        if token.kind == "GROUP" and token.text == "{":
            if self.at("COMMAND", None, 1) and self.peek(1).text in _FONT_SWITCHES:
                return self.switched_group(token)
            return self.bracketed(token, "}")
        if token.kind == "LETTER":
            return self.letters()
        if token.kind == "ONES":
            self.advance()
            return self.node(Vector(ONES), token)
        if token.kind == "BAR":
            raise fail(
                f"{token.text}·{token.text} (an absolute value, norm or determinant) is out of "
                "scope",
                token.column,
            )
        if token.kind == "COMMAND":
            return self.command(token)
        raise self.unexpected(f"expected a term ({self.vocabulary})")

    def command(self, token: Token) -> _Item:
        self.advance()
        name = token.text
        if name in _FONT_COMMANDS:
            word, start = self.word()
            return self.named(word, start if start.kind != "GROUP" else token)
        if name in _FRACTIONS:
            return self.fraction(token)
        if name == "partial":
            return self.partial(token)
        if name == "nabla":
            return self.nabla(token)
        if name in _DIAG_WORDS:
            return self.diag(token)
        if name == "dot":
            return self.node(Differential(self.operand(token)), token)
        if name in _FUNCTIONS:
            return self.function(name, token)
        if name == "ell":
            return self.node(Vector("ℓ"), token)
        reason = _OUT_OF_SCOPE.get(name)
        if reason:
            raise fail(f"\\{name}: {reason}", token.column)
        raise fail(
            f"unknown LaTeX command \\{name} (the vocabulary is {self.vocabulary})", token.column
        )

    def switched_group(self, opening: Token) -> _Item:
        r"""``{\rm d}``, ``{\rm diag}``, ``{\bf x}``: a font switch inside a group."""
        self.advance()
        self.advance()
        letters = []
        while self.at("LETTER") or self.at("INT"):
            letters.append(self.advance().text)
        self.expect("GROUP", "}", "'}' to close the group")
        return self.named("".join(letters), opening)

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
        if token.text in ("d", "D") and "".join(self.peek(k).text for k in range(3)) == "iag":
            for _ in range(3):
                self.advance()
            return self.diag(token)
        return self.named(token.text, token)

    def named(self, word: str, token: Token) -> _Item:
        if word in _DIAG_WORDS:
            return self.diag(token)
        if word == "d" and self.starts_operand(self.peek()):
            return self.node(Differential(self.operand(token)), token)
        if word in ("O", "0"):
            return self.node(Zero(), token)
        if word == "1":
            return self.node(Vector(ONES), token)
        if word == "D" and self.at("OP", "_"):
            self.advance()
            return self.node(Diag(self.operand(token)), token)
        if word == "J" and (self.at("OP", "_") or self.at("PAREN", "[")):
            return self.jacobian_notation(token)
        if len(word) == 1 and word.isalpha():
            return self.node(self.subscripted(word), token)
        raise fail(f"unknown symbol {word!r} (the vocabulary is {self.vocabulary})", token.column)

    def subscripted(self, letter: str) -> Expr:
        """A name with its subscript: ``x_1``, ``x_t`` (names), ``x_i`` (an entry)."""
        if not self.at("OP", "_"):
            return Vector(letter)
        mark = self.advance()
        braced = self.at("GROUP", "{")
        if braced:
            self.advance()
        parts: list[str] = []
        while self.peek().kind in ("LETTER", "INT") or (
            braced and self.at("OP") and self.peek().text in ("+", "-")
        ):
            parts.append(self.advance().text)
            if not braced:
                break
        if braced:
            self.expect("GROUP", "}", "'}' to close the subscript")
        if not parts:
            raise fail("a subscript must be letters or digits", mark.column)
        text = "".join(parts)
        if text in INDEX_LETTERS:
            return Component(Vector(letter), text)
        if len(text) == 2 and set(text) <= INDEX_LETTERS:
            raise fail(f"the entry {letter}_{{{text}}} of a matrix is out of scope", mark.column)
        return Vector(f"{letter}_{text}" if len(text) == 1 else f"{letter}_{{{text}}}")

    def starts_operand(self, token: Token) -> bool:
        """Whether ``d`` here is the differential of what follows."""
        if token.kind in ("LETTER", "ONES"):
            return True
        if token.kind in ("PAREN", "GROUP"):
            return token.text in ("(", "[", "\\{", "{")
        return token.kind == "COMMAND" and (
            token.text in _FONT_COMMANDS or token.text in ("ell", "dot")
        )

    def operand(self, token: Token) -> Expr:
        """What d, ∂ or diag applies to: one term (a name or a bracketed expression)."""
        with self.nested(token):
            return self.matrix(self.primary(), token)

    def diag(self, token: Token) -> Expr:
        return self.node(Diag(self.operand(token)), token)

    def function(self, name: str, token: Token) -> Expr:
        r"""``\sigma(a)`` (applied element-wise) or ``\sigma'(a)``, ``\sigma^{\prime}(a)``."""
        derivative = False
        if self.at("OP", "'"):
            self.advance()
            derivative = True
        elif self.at("OP", "^"):
            self.advance()
            braced = self.at("GROUP", "{")
            if braced:
                self.advance()
            if not self.at("OP", "'"):
                raise fail(f"only \\{name}' (the derivative) may follow \\{name}^", token.column)
            self.advance()
            if braced:
                self.expect("GROUP", "}", "'}' after \\prime")
            derivative = True
        if not (self.at("PAREN", "(") or self.at("PAREN", "[")):
            raise self.unexpected(f"expected '(' after \\{name}")
        argument = self.operand(token)
        node = Derivative(name, argument) if derivative else Apply(name, argument)
        return self.node(node, token)

    def jacobian_notation(self, token: Token) -> Expr:
        r"""``J_y``, ``J_{x \odot y}``, ``J[y]``, ``J_{\boldsymbol y}(\boldsymbol z)``."""
        if self.at("OP", "_"):
            self.advance()
            of = self.operand(token)
        else:
            of = self.operand(token)
        wrt = ""
        if self.at("PAREN", "(") and self.peek(2).kind == "PAREN" and self.peek(2).text == ")":
            point = self.peek(1)
            if point.kind == "LETTER":
                self.advance()
                wrt = self.advance().text
                self.advance()
        elif (
            self.at("PAREN", "(")
            and self.at("COMMAND", None, 1)
            and self.peek(1).text in _FONT_COMMANDS
        ):
            save = self.pos
            self.advance()
            self.advance()
            word, _ = self.word()
            if self.at("PAREN", ")") and len(word) == 1:
                self.advance()
                wrt = word
            else:
                self.pos = save
        return self.jacobian(of, wrt, token)

    def nabla(self, token: Token) -> Expr:
        r"""``\nabla_z y``: the gradient, shaped as the denominator layout shapes it."""
        wrt = ""
        if self.at("OP", "_"):
            self.advance()
            variable = self.operand(token)
            wrt = self.variable_of(variable)
        of = self.operand(token)
        return self.jacobian(of, wrt, token, shape=Layout.DENOMINATOR)

    def partial(self, token: Token) -> Expr:
        r"""``\partial_z y`` or ``\partial y / \partial z`` (Jacobians); ``\partial X``."""
        if self.at("OP", "_"):
            self.advance()
            variable = self.operand(token)
            return self.derivative_node(self.operand(token), variable, token)
        with self.nested(token):
            item = self.primary()
            while self.at("OP", "^"):
                caret = self.advance()
                self.transpose_mark(caret)
                item = self.node(Transpose(self.matrix(item, token)), caret)
        operand = self.matrix(item, token)
        if not self.at("OP", "/"):
            return self.node(Differential(operand), token)
        self.advance()
        return self.denominator(operand, token)

    def denominator(self, operand: Expr, token: Token) -> Expr:
        r"""``\partial z`` (or ``d z``) after the '/' or in a fraction's denominator."""
        if not self.take_d():
            raise self.unexpected(r"expected \partial \boldsymbol{z}")
        start = self.peek()
        if start.kind == "OP" and start.text == "^":
            raise fail("second derivatives are out of scope", start.column)
        with self.nested(token):
            variable = self.matrix(self.primary(), token)
            if self.at("OP", "^"):
                caret = self.advance()
                self.transpose_mark(caret)
                variable = Transpose(variable)
        return self.derivative_node(operand, variable, token)

    def derivative_node(self, operand: Expr, variable: Expr, token: Token) -> Expr:
        shape = None
        if isinstance(variable, Transpose):  # ∂y/∂zᵀ: the numerator layout's shape
            variable, shape = variable.operand, Layout.NUMERATOR
        if isinstance(operand, Transpose):
            if shape is not None:
                raise fail("∂yᵀ/∂zᵀ transposes both sides; write ∂y/∂z", token.column)
            operand, shape = operand.operand, Layout.DENOMINATOR  # ∂yᵀ/∂z
        if isinstance(variable, Component) and isinstance(variable.of, Vector):
            name = variable.of.name
            return self.node(Partial(operand, name, variable.index), token)
        return self.jacobian(operand, self.variable_of(variable), token, shape=shape)

    def take_d(self) -> bool:
        r"""Consume a derivative's ∂ or d (``d``, ``\mathrm{d}``, ``{\rm d}``); False if none."""
        token = self.peek()
        if token.kind == "COMMAND" and token.text == "partial":
            self.advance()
            return True
        if token.kind == "LETTER" and token.text == "d":
            self.advance()
            return True
        save = self.pos
        if token.kind == "COMMAND" and token.text in _FONT_COMMANDS:
            self.advance()
            if self.peek().kind in ("LETTER", "GROUP") and self.word()[0] == "d":
                return True
        elif (
            token.kind == "GROUP"
            and self.at("COMMAND", None, 1)
            and self.peek(1).text in _FONT_SWITCHES
            and self.at("LETTER", "d", 2)
            and self.at("GROUP", "}", 3)
        ):
            self.pos += 4
            return True
        self.pos = save
        return False

    def fraction(self, frac: Token) -> Expr:
        r"""``\frac{\partial A}{\partial z}`` (a Jacobian), ``\frac{\partial}{\partial z} A``."""
        with self.nested(frac):
            self.expect("GROUP", "{", r"'{' after \frac")
            if not self.take_d():
                raise fail(
                    r"only derivatives \frac{\partial ...}{\partial ...} are read; other "
                    "fractions are out of scope",
                    frac.column,
                )
            if self.at("OP", "^"):
                raise fail("second derivatives are out of scope", self.peek().column)
            operand: Expr | None = None
            if not self.at("GROUP", "}"):
                operand = self.matrix(self.sum(), frac)
            self.expect("GROUP", "}", r"'}' to close the numerator of \frac")
            self.expect("GROUP", "{", r"'{' before the denominator of \frac")
            if operand is None:
                marker = Vector("·")
                node = self.denominator(marker, frac)
                self.expect("GROUP", "}", r"'}' to close the denominator of \frac")
                target = self.operand(frac)  # \frac{\partial}{\partial z} (x ⊙ y)
                return _replace_marker(node, target)
            node = self.denominator(operand, frac)
            self.expect("GROUP", "}", r"'}' to close the denominator of \frac")
        return node


def _replace_marker(node: Expr, target: Expr) -> Expr:
    match node:
        case Transpose(inner):
            return Transpose(_replace_marker(inner, target))
        case Jacobian(_, wrt):
            return Jacobian(target, wrt)
        case Partial(_, wrt, index):
            return Partial(target, wrt, index)
    raise AssertionError(f"not a derivative: {node}")  # pragma: no cover


def _convention(tokens: list[Token], latex: bool) -> Convention:
    """numpy's conventions when a numpy operator (@, *, .T, np.) appears; else mathematics'."""
    if latex:
        return Convention.MATHEMATICS
    for token in tokens:
        if token.kind in ("OP", "DOT_T") and token.text in _NUMPY_OPERATORS:
            return Convention.NUMPY
        if token.kind == "NAME" and token.text.startswith("np."):
            return Convention.NUMPY
    return Convention.MATHEMATICS


def parse_formula(
    text: str,
    *,
    latex: bool,
    layout: Layout = Layout.DENOMINATOR,
    otimes_is_hadamard: bool = False,
) -> Reading:
    """Parse ``text`` (plain syntax, or LaTeX when ``latex``) into expression nodes."""
    notation = Notation(latex, layout, otimes_is_hadamard)
    if latex:
        tokens = tokenize_latex(text)
        grammar: _Grammar = _LatexGrammar(tokens, notation)
    else:
        tokens = tokenize_plain(text)
        grammar = _PlainGrammar(tokens, notation)
    chains = grammar.chains()
    return Reading(chains, _convention(tokens, latex), dict(grammar.expressions))
