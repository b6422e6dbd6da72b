"""LaTeX for the registry's hypotheses and for the Unicode math they carry (ℝ^M → ℝ^N, N × N).

A hypothesis prints as a clause of prose with its mathematics in ``$…$`` (``$\\boldsymbol{x},
\\boldsymbol{y} \\colon \\mathbb{R}^M \\to \\mathbb{R}^N$ are functions of
$\\boldsymbol{z}$``), ready for a sentence that either document format can carry. Unicode
mathematics written as text in the registry (spaces, shapes) goes through :func:`math_latex`,
which refuses a character it has no LaTeX for.
"""

from __future__ import annotations

from typing import assert_never

from proofs.printing.latex import equation_latex, latex
from proofs.theory.expr import Vector
from proofs.theory.statements import Hypothesis, HypothesisKind

__all__ = ["hypothesis_latex", "math_latex", "names_latex"]

# Unicode mathematics and its LaTeX (math mode); a command is followed by a space so that a
# letter after it cannot run into its name.
_MATH: dict[str, str] = {
    "ℝ": r"\mathbb{R}",
    "→": r"\to ",
    "×": r"\times ",
    "⋯": r"\cdots ",
    "…": r"\dots ",
    "⊙": r"\odot ",
    "∂": r"\partial ",
    "≠": r"\neq ",
    "≤": r"\leq ",
    "≥": r"\geq ",
    "−": "-",
    "σ": r"\sigma ",
    "δ": r"\delta ",
    "Σ": r"\sum ",
    **{chr(0x2080 + digit): f"_{{{digit}}}" for digit in range(10)},  # ₀ … ₉
}
# ASCII that means the same in LaTeX math; anything else (\ $ % & # ~) is refused.
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ^_{}(),.+-=<>'")


def math_latex(text: str) -> str:
    """Unicode mathematics (``ℝ^M → ℝ^N``, ``N × N``) as LaTeX math, without ``$``."""
    out: list[str] = []
    for char in text:
        if char in _MATH:
            out.append(_MATH[char])
        elif char in _PLAIN:
            out.append(char)
        else:
            raise ValueError(f"math_latex has no LaTeX for the character {char!r} in {text!r}")
    return " ".join("".join(out).split())


def names_latex(names: tuple[str, ...]) -> str:
    """``x, y`` as bold vectors (math, without ``$``)."""
    return ", ".join(latex(Vector(name)) for name in names)


def hypothesis_latex(hypothesis: Hypothesis) -> str:
    """One hypothesis as a clause of prose with ``$…$`` math, e.g. for "Suppose that …"."""
    h = hypothesis
    names = names_latex(h.subjects)
    variable = latex(Vector(h.variable))
    one = len(h.subjects) == 1
    match h.kind:
        case HypothesisKind.FUNCTIONS_OF:
            space = rf" \colon {math_latex(h.space)}" if h.space else ""
            verb = "is a function" if one else "are functions"
            return f"${names}{space}$ {verb} of ${variable}$"
        case HypothesisKind.DIFFERENTIABLE:
            return f"${names}$ {'is' if one else 'are'} differentiable at ${variable}$"
        case HypothesisKind.CONSTANT | HypothesisKind.INDEPENDENT:
            verb = "does" if one else "do"
            clause = f"${names}$ {verb} not depend on ${variable}$"
            if h.equation is not None:
                clause += f", so that ${equation_latex(h.equation)}$"
            return clause
        case HypothesisKind.NONZERO:
            return f"no entry of ${names}$ is zero"
        case _:
            assert_never(h.kind)
