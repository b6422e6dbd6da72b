"""LaTeX for the registry's hypotheses, and for the Unicode mathematics they carry."""

from __future__ import annotations

import pytest

from hadamard import Layout
from proofs.printing.hypotheses import hypothesis_latex, math_latex
from proofs.theory.expr import Jacobian, Vector, Zero
from proofs.theory.registry import REGISTRY, theorem
from proofs.theory.statements import Equation, Hypothesis, HypothesisKind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ℝ^M → ℝ^N", r"\mathbb{R}^M \to \mathbb{R}^N"),
        ("ℝ^M → ℝ^{n₁ × ⋯ × n_k}", r"\mathbb{R}^M \to \mathbb{R}^{n_{1} \times \cdots \times n_k}"),
        ("N × N", r"N \times N"),
        ("M ≠ N", r"M \neq N"),
    ],
)
def test_unicode_mathematics_as_latex(text: str, expected: str) -> None:
    assert math_latex(text) == expected


@pytest.mark.parametrize("text", ["x ☃ y", "50%", "a & b", "$x$"])
def test_a_character_with_no_latex_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="math_latex has no LaTeX"):
        math_latex(text)


def test_the_main_theorems_hypotheses() -> None:
    functions, differentiable = (
        hypothesis_latex(h) for h in theorem("hadamard_product").hypotheses
    )
    assert functions == (
        r"$\boldsymbol{x}, \boldsymbol{y} \colon \mathbb{R}^M \to \mathbb{R}^N$ are functions "
        r"of $\boldsymbol{z}$"
    )
    assert (
        differentiable == r"$\boldsymbol{x}, \boldsymbol{y}$ are differentiable at $\boldsymbol{z}$"
    )


def test_each_kind_of_hypothesis() -> None:
    constant = Hypothesis(
        HypothesisKind.CONSTANT,
        ("x",),
        equation=Equation(Jacobian(Vector("x")), Zero(), Layout.DENOMINATOR),
    )
    assert hypothesis_latex(constant) == (
        r"$\boldsymbol{x}$ does not depend on $\boldsymbol{z}$, so that "
        r"$\frac{\partial \boldsymbol{x}}{\partial \boldsymbol{z}} = \boldsymbol{O}$"
    )
    independent = Hypothesis(HypothesisKind.INDEPENDENT, ("y", "g"), variable="x")
    assert hypothesis_latex(independent) == (
        r"$\boldsymbol{y}, \boldsymbol{g}$ do not depend on $\boldsymbol{x}$"
    )
    assert hypothesis_latex(Hypothesis(HypothesisKind.NONZERO, ("x",))) == (
        r"no entry of $\boldsymbol{x}$ is zero"
    )


def test_every_registered_hypothesis_prints() -> None:
    for t in REGISTRY:
        for h in (*t.hypotheses, *(h for c in t.corollaries for h in c.hypotheses)):
            assert hypothesis_latex(h).count("$") % 2 == 0
