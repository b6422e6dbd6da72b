"""LaTeX for proofs.theory.expr nodes: one visitor, one table of names and operators.

Markdown (``$$`` blocks) and the standalone LaTeX document both print equations through
:func:`latex`; unknown nodes raise NotImplementedError naming the node.
"""

from __future__ import annotations

import sympy as sp

from proofs.theory.expr import (
    Add,
    Apply,
    Component,
    Derivative,
    Diag,
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
from proofs.theory.statement import Equation

__all__ = [
    "LATEX_TABLE",
    "UNICODE_TABLE",
    "equation_latex",
    "equation_text",
    "latex",
    "matrix_latex",
    "sentence",
    "text",
    "text_latex",
    "vector_latex",
]

LATEX_TABLE: dict[str, str] = {
    "vector": r"\boldsymbol{{{name}}}",
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

UNICODE_TABLE: dict[str, str] = {
    **LATEX_TABLE,
    "vector": "{name}",
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

# Binding strength: a child weaker than its parent gets parentheses.
_ADD, _NEG, _PRODUCT, _POSTFIX, _ATOM = range(5)


def _strength(expr: Expr) -> int:
    match expr:
        case Add():
            return _ADD
        case Neg():
            return _NEG
        case Hadamard() | MatMul() | Times() | Scale():
            return _PRODUCT
        case Transpose():
            return _POSTFIX
    return _ATOM


def _wrap(expr: Expr, at_least: int, table: dict[str, str]) -> str:
    text = latex(expr, table)
    if _strength(expr) < at_least:
        return table["paren"].format(inner=text)
    return text


def _operand(expr: Expr, table: dict[str, str]) -> str:
    # What ∂ applies to: bare when atomic, else in parentheses.
    text = latex(expr, table)
    return text if _strength(expr) == _ATOM else table["paren"].format(inner=text)


def _function(name: str, table: dict[str, str]) -> str:
    return table.get(name, rf"\operatorname{{{name}}}")


def latex(expr: Expr, table: dict[str, str] | None = None) -> str:
    """LaTeX math for ``expr`` (no surrounding ``$``)."""
    t = LATEX_TABLE if table is None else table
    match expr:
        case Vector(name):
            return t["vector"].format(name=name)
        case Zero():
            return t["zero"]
        case Jacobian(of, wrt):
            return t["jacobian"].format(of=_operand(of, t), wrt=t["vector"].format(name=wrt))
        case Hadamard(left, right):
            return _wrap(left, _PRODUCT, t) + t["hadamard"] + _wrap(right, _PRODUCT + 1, t)
        case Diag(operand):
            return t["diag"].format(operand=latex(operand, t))
        case MatMul(left, right):
            return _wrap(left, _PRODUCT, t) + t["matmul"] + _wrap(right, _PRODUCT + 1, t)
        case Times(left, right):
            return _wrap(left, _PRODUCT, t) + t["times"] + _wrap(right, _PRODUCT + 1, t)
        case Add(left, Neg(operand)):
            return latex(left, t) + t["sub"] + _wrap(operand, _PRODUCT, t)
        case Add(left, right):
            return latex(left, t) + t["add"] + _wrap(right, _NEG, t)
        case Neg(operand):
            return t["neg"] + _wrap(operand, _PRODUCT, t)
        case Scale(factor, operand):
            return t["scale"].format(factor=factor) + _wrap(operand, _PRODUCT, t)
        case Transpose(operand):
            return _wrap(operand, _ATOM, t) + t["transpose"]
        case Apply(function, operand):
            return t["apply"].format(function=_function(function, t), operand=latex(operand, t))
        case Derivative(function, operand):
            return t["derivative"].format(
                function=_function(function, t), operand=latex(operand, t)
            )
        case Component(of, index):
            if isinstance(of, Vector):
                return t["component"].format(name=of.name, index=index)
            return t["component"].format(name=t["paren"].format(inner=latex(of, t)), index=index)
        case Partial(of, wrt, index):
            return t["partial"].format(of=_operand(of, t), wrt=wrt, index=index)
    raise NotImplementedError(f"no LaTeX rendering for node {type(expr).__name__}")


def equation_latex(equation: Equation, table: dict[str, str] | None = None) -> str:
    """``lhs = rhs`` in LaTeX."""
    t = LATEX_TABLE if table is None else table
    return latex(equation.lhs, t) + t["equals"] + latex(equation.rhs, t)


def text(expr: Expr) -> str:
    """``expr`` in plain Unicode (the visitor with :data:`UNICODE_TABLE`)."""
    return latex(expr, UNICODE_TABLE)


def equation_text(equation: Equation) -> str:
    """``lhs = rhs`` in plain Unicode."""
    return equation_latex(equation, UNICODE_TABLE)


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


def matrix_latex(rows: list[list[str]]) -> str:
    """A matrix of exact numbers (as strings) as a LaTeX pmatrix."""
    body = r" \\ ".join(" & ".join(sp.latex(sp.Rational(e)) for e in row) for row in rows)
    return r"\begin{pmatrix} " + body + r" \end{pmatrix}"


def vector_latex(entries: list[str]) -> str:
    """A column vector of exact numbers as a LaTeX pmatrix."""
    return matrix_latex([[e] for e in entries])


def sentence(text: str) -> str:
    """``text`` with its first letter upper-case (str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]
