"""The seed chapter's own formulas, verbatim, and the chapter itself as a test fixture.

``fixtures/chapter-6-hadamard-product-derivatives.txt`` is a copy of the seed chapter
(``shared/seed/`` in the project's tree), committed so the tests run on a clean checkout.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CHAPTER", "CHAPTER_EQUATION", "CHAPTER_FORMULA", "CHAPTER_NOTE", "CORRECTED_LATEX"]

CHAPTER = Path(__file__).parent / "fixtures" / "chapter-6-hadamard-product-derivatives.txt"

# Seed equation 6-1-3, verbatim from the chapter (its Formula line and its equation block).
CHAPTER_FORMULA = (
    r"$\displaystyle\frac{\partial (\boldsymbol{x} \odot \boldsymbol{y})}{\partial "
    r"\boldsymbol{z}} = \mathrm{diag}(\boldsymbol{x}) \frac{\partial \boldsymbol{y}}{\partial "
    r"\boldsymbol{z}} + \mathrm{diag}(\boldsymbol{y}) \frac{\partial \boldsymbol{x}}{\partial "
    r"\boldsymbol{z}}$"
)
CHAPTER_EQUATION = (
    r"\begin{equation} \frac{\partial (\boldsymbol{x} \odot \boldsymbol{y})}{\partial "
    r"\boldsymbol{z}} = \mathrm{diag}(\boldsymbol{x}) \frac{\partial \boldsymbol{y}}{\partial "
    r"\boldsymbol{z}} + \mathrm{diag}(\boldsymbol{y}) \frac{\partial \boldsymbol{x}}{\partial "
    r"\boldsymbol{z}} \label{eq:6-1-3} \end{equation}"
)
CHAPTER_NOTE = r"\mathrm{diag}(\boldsymbol{x}) \, \partial \boldsymbol{y}/\partial \boldsymbol{z}"
CORRECTED_LATEX = (
    r"\frac{\partial (\boldsymbol{x} \odot \boldsymbol{y})}{\partial \boldsymbol{z}} = "
    r"\frac{\partial \boldsymbol{y}}{\partial \boldsymbol{z}} \mathrm{diag}(\boldsymbol{x}) "
    r"+ \frac{\partial \boldsymbol{x}}{\partial \boldsymbol{z}} \mathrm{diag}(\boldsymbol{y})"
)
