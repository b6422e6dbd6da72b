"""LaTeX for proofs.theory.expr nodes: one visitor, one table of names and operators.

Markdown (``$$`` blocks) and the standalone LaTeX document both print equations through
:func:`latex`; unknown nodes raise NotImplementedError naming the node.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from proofs.printing.base import Printer
from proofs.printing.precedence import Precedence
from proofs.theory.expr import (
    Add,
    Apply,
    Array,
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
    Times,
    Transpose,
    Vector,
    Zero,
)
from proofs.theory.statements import Equation

__all__ = [
    "LATEX",
    "LATEX_TABLE",
    "UNICODE",
    "UNICODE_TABLE",
    "TablePrinter",
    "equation_latex",
    "equation_text",
    "latex",
    "matrix_latex",
    "sentence",
    "text",
    "text_latex",
    "vector_latex",
]

LATEX_TABLE: Mapping[str, str] = {
    "vector": r"\boldsymbol{{{name}}}",
    "array": r"\boldsymbol{{{name}}}",
    "differential": r"\mathrm{{d}}{operand}",
    "component": "{name}_{{{index}}}",
    "zero": r"\boldsymbol{O}",
    "hadamard": r" \odot ",
    "matmul": " ",
    "times": r" \, ",
    "add": " + ",
    "sub": " - ",
    "neg": "-",
    "scale": "{factor} ",
    "transpose": r"^{\top}",
    "diag": r"\mathrm{{diag}}({operand})",
    "jacobian": r"\frac{{\partial {of}}}{{\partial {wrt}}}",
    "partial": r"\frac{{\partial {of}}}{{\partial {wrt}_{{{index}}}}}",
    "apply": "{function}({operand})",
    "derivative": "{function}'({operand})",
    "equals": " = ",
    "paren": r"\left({inner}\right)",
    # function names (σ) and their LaTeX
    "sigma": r"\sigma",
}
"""Every operator and name the visitor prints; override an entry to change the notation."""

UNICODE_TABLE: Mapping[str, str] = {
    **LATEX_TABLE,
    "vector": "{name}",
    "array": "{name}",
    "differential": "d{operand}",
    "component": "{name}_{index}",
    "zero": "O",
    "hadamard": " ⊙ ",
    "times": " ",
    "sub": " − ",
    "transpose": "ᵀ",
    "diag": "diag({operand})",
    "jacobian": "∂{of}/∂{wrt}",
    "partial": "∂{of}/∂{wrt}_{index}",
    "paren": "({inner})",
    "sigma": "σ",
}
"""The same visitor in plain Unicode, for prose (certificate fields, messages)."""


class TablePrinter(Printer):
    """The LaTeX visitor; its table of spellings makes it the Unicode printer too."""

    def __init__(self, table: Mapping[str, str], name: str) -> None:
        self.table = table
        self.name = name

    def parenthesize(self, text: str) -> str:
        return self.table["paren"].format(inner=text)

    def operand(self, expr: Expr) -> str:
        """What ∂ or d applies to: bare when atomic, else in parentheses."""
        return self.wrap(expr, Precedence.ATOM)

    def function(self, name: str) -> str:
        """A scalar function's name (σ), or ``\\operatorname{name}``."""
        return self.table.get(name, rf"\operatorname{{{name}}}")

    def infix(self, left: Expr, operator: str, right: Expr) -> str:
        """A left-associative product."""
        return (
            self.wrap(left, Precedence.PRODUCT)
            + self.table[operator]
            + self.wrap(right, Precedence.POSTFIX)
        )

    def vector(self, expr: Vector) -> str:
        return self.table["vector"].format(name=expr.name)

    def array(self, expr: Array) -> str:
        return self.table["array"].format(name=expr.name)

    def differential(self, expr: Differential) -> str:
        return self.table["differential"].format(operand=self.operand(expr.of))

    def jacobian(self, expr: Jacobian) -> str:
        wrt = self.table["vector"].format(name=expr.wrt)
        return self.table["jacobian"].format(of=self.operand(expr.of), wrt=wrt)

    def hadamard(self, expr: Hadamard) -> str:
        return self.infix(expr.left, "hadamard", expr.right)

    def diag(self, expr: Diag) -> str:
        return self.table["diag"].format(operand=self.print(expr.operand))

    def matmul(self, expr: MatMul) -> str:
        return self.infix(expr.left, "matmul", expr.right)

    def times(self, expr: Times) -> str:
        return self.infix(expr.left, "times", expr.right)

    def add(self, expr: Add) -> str:
        if isinstance(expr.right, Neg):
            subtrahend = self.wrap(expr.right.operand, Precedence.PRODUCT)
            return self.print(expr.left) + self.table["sub"] + subtrahend
        return self.print(expr.left) + self.table["add"] + self.wrap(expr.right, Precedence.SIGN)

    def neg(self, expr: Neg) -> str:
        return self.table["neg"] + self.wrap(expr.operand, Precedence.PRODUCT)

    def scale(self, expr: Scale) -> str:
        factor = self.table["scale"].format(factor=expr.factor)
        return factor + self.wrap(expr.operand, Precedence.PRODUCT)

    def transpose(self, expr: Transpose) -> str:
        return self.wrap(expr.operand, Precedence.ATOM) + self.table["transpose"]

    def zero(self, expr: Zero) -> str:
        del expr  # O has no parts
        return self.table["zero"]

    def apply(self, expr: Apply) -> str:
        return self.table["apply"].format(
            function=self.function(expr.function), operand=self.print(expr.operand)
        )

    def derivative(self, expr: Derivative) -> str:
        return self.table["derivative"].format(
            function=self.function(expr.function), operand=self.print(expr.operand)
        )

    def component(self, expr: Component) -> str:
        if isinstance(expr.of, Vector | Array):
            return self.table["component"].format(name=expr.of.name, index=expr.index)
        return self.table["component"].format(
            name=self.parenthesize(self.print(expr.of)), index=expr.index
        )

    def partial(self, expr: Partial) -> str:
        return self.table["partial"].format(
            of=self.operand(expr.of), wrt=expr.wrt, index=expr.index
        )


LATEX = TablePrinter(LATEX_TABLE, "LaTeX printer")
UNICODE = TablePrinter(UNICODE_TABLE, "Unicode printer")


def latex(expr: Expr, table: Mapping[str, str] | None = None) -> str:
    """LaTeX math for ``expr`` (no surrounding ``$``); ``table`` overrides the spellings."""
    printer = LATEX if table is None else TablePrinter(table, "LaTeX printer")
    return printer.print(expr)


def equation_latex(equation: Equation, table: Mapping[str, str] | None = None) -> str:
    """``lhs = rhs`` in LaTeX."""
    t = LATEX_TABLE if table is None else table
    return latex(equation.lhs, t) + t["equals"] + latex(equation.rhs, t)


def text(expr: Expr) -> str:
    """``expr`` in plain Unicode (the visitor with :data:`UNICODE_TABLE`)."""
    return UNICODE.print(expr)


def equation_text(equation: Equation) -> str:
    """``lhs = rhs`` in plain Unicode."""
    return text(equation.lhs) + UNICODE_TABLE["equals"] + text(equation.rhs)


# Characters of the statement's prose and their LaTeX (text mode).
_TEXT_ESCAPES: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "_": r"\_",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "$": r"\$",
    "^": r"\^{}",
    "~": r"\~{}",
    "∂": r"$\partial$",
    "ℝ": r"$\mathbb{R}$",
    "₁": r"$_1$",
    "⋯": r"$\cdots$",
    "Σ": r"$\Sigma$",
    "δ": r"$\delta$",
    "σ": r"$\sigma$",
    "ζ": r"$\zeta$",
    "⊙": r"$\odot$",
    "×": r"$\times$",
    "≠": r"$\neq$",
    "≤": r"$\leq$",
    "≥": r"$\geq$",
    "→": r"$\to$",
    "−": "-",
    "·": r"$\cdot$",
    "′": "'",
    "ᵀ": r"$^{\top}$",
    "—": "---",
    "–": "--",
    "’": "'",
    "\u00a0": "~",  # a no-break space
}


def text_latex(text: str) -> str:
    """Prose (titles, rules, reasons) as LaTeX text; a character with no mapping is an error."""
    out: list[str] = []
    for char in text:
        if char in _TEXT_ESCAPES:
            out.append(_TEXT_ESCAPES[char])
        elif char.isascii():
            out.append(char)
        else:
            raise ValueError(f"text_latex has no LaTeX for the character {char!r} in {text!r}")
    return "".join(out)


FRACTION_ROW_GAP = "3pt"
"""Extra space between the rows of a matrix with a fraction in it, so that they do not touch."""


def matrix_latex(rows: list[list[str]]) -> str:
    """A matrix of exact numbers (as strings) as a LaTeX pmatrix."""
    values = [[sp.Rational(e) for e in row] for row in rows]
    fractions = any(not v.is_integer for row in values for v in row)
    separator = rf" \\[{FRACTION_ROW_GAP}] " if fractions else r" \\ "
    body = separator.join(" & ".join(sp.latex(v) for v in row) for row in values)
    return r"\begin{pmatrix} " + body + r" \end{pmatrix}"


def vector_latex(entries: list[str]) -> str:
    """A column vector of exact numbers as a LaTeX pmatrix."""
    return matrix_latex([[e] for e in entries])


def sentence(text: str) -> str:
    """``text`` with its first letter upper-case (str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]
