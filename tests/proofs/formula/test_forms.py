r"""check-formula reads every form of the rule: the registry's, in every printing, and the rest.

The registry drives the first half: every step and corollary of every theorem, printed in
LaTeX, in Unicode and (where it has one) in the plain syntax, HOLDS in its layout, and every
mutant the catalogue of mistakes makes of a step FAILS. The second half is a table of forms as
people write them, each with a negative control.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

from hadamard import Layout
from proofs.formula.check import check_formula
from proofs.printing.latex import equation_latex, equation_text
from proofs.printing.plain import plain_text
from proofs.theory.mistakes import mutants
from proofs.theory.registry import REGISTRY
from proofs.theory.statements import Equation, HypothesisKind

DEN, NUM = Layout.DENOMINATOR, Layout.NUMERATOR
HOLDS, FAILS = "HOLDS", "FAILS"


def _printings(equation: Equation) -> list[tuple[str, str, bool]]:
    out = [
        ("latex", equation_latex(equation), True),
        ("unicode", equation_text(equation), False),
    ]
    with contextlib.suppress(NotImplementedError):  # entry-level nodes have no plain spelling
        out.append(("plain", f"{plain_text(equation.lhs)} = {plain_text(equation.rhs)}", False))
    return out


def _independent(hypotheses: Any) -> tuple[str, ...]:
    kinds = (HypothesisKind.CONSTANT, HypothesisKind.INDEPENDENT)
    return tuple(name for h in hypotheses if h.kind in kinds for name in h.subjects)


REGISTERED = [
    pytest.param(equation, (), text, latex, id=f"{t.id} {step.label} {equation.layout} {printing}")
    for t in REGISTRY
    for statement in t.statements
    for step in statement.steps
    for equation in [step.equation]
    for printing, text, latex in _printings(equation)
] + [
    pytest.param(
        c.statement,
        _independent(c.hypotheses),
        text,
        latex,
        id=f"{t.id} {c.id} {printing}",
    )
    for t in REGISTRY
    for c in t.corollaries
    for printing, text, latex in _printings(c.statement)
]


@pytest.mark.parametrize(("equation", "constants", "text", "latex"), REGISTERED)
def test_every_registered_statement_holds_in_every_printing(
    equation: Equation, constants: tuple[str, ...], text: str, latex: bool
) -> None:
    layout = equation.layout or DEN
    verdict = check_formula(text, latex=latex, layout=layout, constants=constants)
    assert verdict.holds, verdict.report()


MUTANTS = [
    pytest.param(wrong.equation, id=f"{t.id} {step.label} {step.layout} {kind}")
    for t in REGISTRY
    for statement in t.statements
    for step in statement.steps
    for kind, wrong in mutants(step, t)
]


@pytest.mark.parametrize("equation", MUTANTS)
def test_every_mutant_of_a_registered_step_fails(equation: Equation) -> None:
    layout = equation.layout or DEN
    verdict = check_formula(equation_latex(equation), latex=True, layout=layout)
    assert not verdict.holds, verdict.report()


def test_the_registry_tables_are_not_empty() -> None:
    assert len(REGISTERED) >= 40
    assert len(MUTANTS) >= 10


# -- the forms as people write them ----------------------------------------------------------


def case(case_id: str, text: str, layout: Layout, verdict: str, **options: Any) -> Any:
    return pytest.param(text, layout, verdict, options, id=case_id)


FRAC = r"\frac{{\partial {0}}}{{\partial {1}}}"


def frac(of: str, wrt: str = "z") -> str:
    return FRAC.format(of, wrt)


#: the rule's right-hand side in the denominator layout
RULE = r"\frac{\partial y}{\partial z} \mathrm{diag}(x) + \frac{\partial x}{\partial z} \mathrm{diag}(y)"


FORMS = [
    # the Jacobian with respect to a third variable, two to five factors
    case(
        "two factors, denominator",
        frac(r"(x \odot y)")
        + " = "
        + frac("y")
        + r" \mathrm{diag}(x) + "
        + frac("x")
        + r" \mathrm{diag}(y)",
        DEN,
        HOLDS,
    ),
    case(
        "two factors, numerator",
        frac(r"(x \odot y)")
        + r" = \mathrm{diag}(x) "
        + frac("y")
        + r" + \mathrm{diag}(y) "
        + frac("x"),
        NUM,
        HOLDS,
    ),
    case(
        "control: two factors, a term missing",
        frac(r"(x \odot y)") + " = " + frac("y") + r" \mathrm{diag}(x)",
        DEN,
        FAILS,
    ),
    case(
        "three factors",
        frac(r"(x \odot y \odot w)")
        + " = "
        + frac("x")
        + r" \mathrm{diag}(y \odot w) + "
        + frac("y")
        + r" \mathrm{diag}(x \odot w) + "
        + frac("w")
        + r" \mathrm{diag}(x \odot y)",
        DEN,
        HOLDS,
    ),
    case(
        "control: three factors, two diagonals swapped",
        frac(r"(x \odot y \odot w)")
        + " = "
        + frac("x")
        + r" \mathrm{diag}(x \odot w) + "
        + frac("y")
        + r" \mathrm{diag}(y \odot w) + "
        + frac("w")
        + r" \mathrm{diag}(x \odot y)",
        DEN,
        FAILS,
    ),
    case(
        "four factors, plain",
        "dx_dz @ diag(y * w * u) + dy_dz @ diag(x * w * u) + dw_dz @ diag(x * y * u) + du_dz @ diag(x * y * w)",
        DEN,
        HOLDS,
    ),
    case(
        "control: four factors, plain, a term missing",
        "dx_dz @ diag(y * w * u) + dy_dz @ diag(x * w * u) + dw_dz @ diag(x * y * u)",
        DEN,
        FAILS,
    ),
    case(
        "five factors, broadcasting",
        "da_dz * (b * c * d * e) + db_dz * (a * c * d * e) + dc_dz * (a * b * d * e) + dd_dz * (a * b * c * e) + de_dz * (a * b * c * d)",
        DEN,
        HOLDS,
    ),
    case(
        "the square x ⊙ x",
        frac(r"(x \odot x)") + " = 2 " + frac("x") + r" \mathrm{diag}(x)",
        DEN,
        HOLDS,
    ),
    case(
        "control: the square without its 2",
        frac(r"(x \odot x)") + " = " + frac("x") + r" \mathrm{diag}(x)",
        DEN,
        FAILS,
    ),
    # with respect to one of the factors (the other independent of it)
    case("factor, denominator", frac(r"(w \odot x)", "x") + r" = \mathrm{diag}(w)", DEN, HOLDS),
    case(
        "factor, numerator",
        frac(r"(\boldsymbol{w} \odot \boldsymbol{x})", r"\boldsymbol{x}")
        + r" = \operatorname{diag}(\boldsymbol{w})",
        NUM,
        HOLDS,
    ),
    case(
        "factor, three",
        frac(r"(a \odot b \odot x)", "x") + r" = \mathrm{diag}(a \odot b)",
        DEN,
        HOLDS,
    ),
    case("factor, plain", "d(w * x)/dx = diag(w)", DEN, HOLDS),
    case("factor twice", frac(r"(x \odot x)", "x") + r" = 2 \mathrm{diag}(x)", DEN, HOLDS),
    case(
        "control: factor, the wrong diagonal",
        frac(r"(w \odot x)", "x") + r" = \mathrm{diag}(x)",
        DEN,
        FAILS,
    ),
    case(
        "control: factor, the identity",
        frac(r"(w \odot x)", "x") + r" = w \mathbf{1}^\top",
        DEN,
        FAILS,
    ),
    # the differential, layout-free, arrays of any shape
    case("differential d", r"d(X \odot Y) = dX \odot Y + X \odot dY", DEN, HOLDS),
    case(
        "differential mathrm d",
        r"\mathrm{d}(\boldsymbol{X} \odot \boldsymbol{Y}) = \mathrm{d}\boldsymbol{X} \odot \boldsymbol{Y} + \boldsymbol{X} \odot \mathrm{d}\boldsymbol{Y}",
        NUM,
        HOLDS,
    ),
    case(
        "differential rm d",
        r"{\rm d}(X \circ Y) = ({\rm d}X) \circ Y + X \circ ({\rm d} Y)",
        DEN,
        HOLDS,
    ),
    case(
        "differential partial (the Matrix Cookbook's)",
        r"\partial(\mathbf{X} \circ \mathbf{Y}) = (\partial \mathbf{X}) \circ \mathbf{Y} + \mathbf{X} \circ (\partial \mathbf{Y})",
        DEN,
        HOLDS,
    ),
    case(
        "differential of vectors with diag",
        r"d(x \odot y) = \mathrm{diag}(y)\, dx + \mathrm{diag}(x)\, dy",
        DEN,
        HOLDS,
    ),
    case(
        "differential, three arrays",
        r"d(X \odot Y \odot W) = dX \odot Y \odot W + X \odot dY \odot W + X \odot Y \odot dW",
        DEN,
        HOLDS,
    ),
    case("differential, plain", "d(X * Y) = dX * Y + X * dY", DEN, HOLDS),
    case("control: the matrix product rule", r"d(X \odot Y) = dX\, Y + X\, dY", DEN, FAILS),
    case(
        "control: diag for arrays",
        r"d(X \odot Y) = \mathrm{diag}(Y)\, dX + \mathrm{diag}(X)\, dY",
        DEN,
        FAILS,
    ),
    case(
        "control: a differential dropped", r"\partial(X \circ Y) = (\partial X) \circ Y", DEN, FAILS
    ),
    # the JVP and the tangent form
    case(
        "JVP J v, numerator",
        frac(r"(x \odot y)")
        + r" v = x \odot \left("
        + frac("y")
        + r" v\right) + y \odot \left("
        + frac("x")
        + r" v\right)",
        NUM,
        HOLDS,
    ),
    case(
        "JVP Jᵀ v, denominator",
        r"\left("
        + frac(r"(x \odot y)")
        + r"\right)^\top v = x \odot \left("
        + frac("y")
        + r"^\top v\right) + y \odot \left("
        + frac("x")
        + r"^\top v\right)",
        DEN,
        HOLDS,
    ),
    case("JVP tangents", r"\dot{(x \odot y)} = \dot{x} \odot y + x \odot \dot{y}", DEN, HOLDS),
    case("JVP plain tangents", "x * ty + y * tx", DEN, HOLDS),
    case(
        "control: JVP in the other layout",
        frac(r"(x \odot y)")
        + r" v = x \odot \left("
        + frac("y")
        + r" v\right) + y \odot \left("
        + frac("x")
        + r" v\right)",
        DEN,
        FAILS,
    ),
    case(
        "control: JVP tangents swapped",
        r"\dot{(x \odot y)} = \dot{x} \odot x + y \odot \dot{y}",
        DEN,
        FAILS,
    ),
    # the backprop (VJP) form
    case(
        "VJP",
        r"\frac{\partial L}{\partial \boldsymbol{x}} = \frac{\partial L}{\partial (\boldsymbol{x} \odot \boldsymbol{y})} \odot \boldsymbol{y}",
        DEN,
        HOLDS,
    ),
    case(
        "VJP, a row in the numerator layout",
        r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial (x \odot y)} \mathrm{diag}(y)",
        NUM,
        HOLDS,
    ),
    case("VJP with gradients", r"\nabla_x L = \nabla_{x \odot y} L \odot y", NUM, HOLDS),
    case(
        "VJP with ℓ",
        r"\frac{\partial \ell}{\partial y} = x \odot \frac{\partial \ell}{\partial (x \odot y)}",
        DEN,
        HOLDS,
    ),
    case(
        "VJP through the Jacobian",
        r"\frac{\partial L}{\partial x} = \frac{\partial (x \odot y)}{\partial x} \frac{\partial L}{\partial (x \odot y)}",
        DEN,
        HOLDS,
    ),
    case(
        "control: VJP with the wrong factor",
        r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial (x \odot y)} \odot x",
        DEN,
        FAILS,
    ),
    case(
        "control: VJP as a column in the numerator layout",
        r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial (x \odot y)} \odot y",
        NUM,
        FAILS,
    ),
    # entries: the chapter's 6-1-1 and 6-1-2
    case("6-1-1", r"(\boldsymbol{x} \odot \boldsymbol{y})_i = x_i \, y_i", DEN, HOLDS),
    case("6-1-1, three", r"(x \odot y \odot w)_k = x_k y_k w_k", DEN, HOLDS),
    case("control: 6-1-1 with a factor missing", r"(x \odot y)_i = x_i", DEN, FAILS),
    case("control: 6-1-1 with the wrong index", r"(x \odot y)_i = x_i y_j", DEN, FAILS),
    case(
        "6-1-2",
        r"\frac{\partial (x_i \, y_i)}{\partial z_j} = x_i \frac{\partial y_i}{\partial z_j} + y_i \frac{\partial x_i}{\partial z_j}",
        NUM,
        HOLDS,
    ),
    case("6-1-2 unicode", "∂(x_i y_i)/∂z_j = x_i ∂y_i/∂z_j + y_i ∂x_i/∂z_j", DEN, HOLDS),
    case(
        "control: 6-1-2 with the factors swapped",
        r"\frac{\partial (x_i \, y_i)}{\partial z_j} = x_i \frac{\partial x_i}{\partial z_j} + y_i \frac{\partial y_i}{\partial z_j}",
        DEN,
        FAILS,
    ),
    # an element-wise function
    case(
        "σ element-wise",
        r"\frac{\partial \sigma(\boldsymbol{a})}{\partial \boldsymbol{a}} = \mathrm{diag}(\sigma'(\boldsymbol{a}))",
        DEN,
        HOLDS,
    ),
    case(
        "φ element-wise, prime",
        r"\frac{\partial \phi(a)}{\partial a} = \mathrm{diag}(\phi^{\prime}(a))",
        NUM,
        HOLDS,
    ),
    case(
        "control: σ for σ'",
        r"\frac{\partial \sigma(a)}{\partial a} = \mathrm{diag}(\sigma(a))",
        DEN,
        FAILS,
    ),
    # a constant factor (the chapter's Note)
    case(
        "constant x",
        frac(r"(x \odot y)") + " = " + frac("y") + r" \mathrm{diag}(x)",
        DEN,
        HOLDS,
        constants=("x",),
    ),
    case(
        "constant x, numerator",
        frac(r"(x \odot y)") + r" = \mathrm{diag}(x) " + frac("y"),
        NUM,
        HOLDS,
        constants=("x",),
    ),
    case(
        "constant a of three",
        frac(r"(a \odot y \odot w)")
        + " = "
        + frac("y")
        + r" \mathrm{diag}(a \odot w) + "
        + frac("w")
        + r" \mathrm{diag}(a \odot y)",
        DEN,
        HOLDS,
        constants=("a",),
    ),
    case(
        "both constant",
        frac(r"(x \odot y)") + r" = \boldsymbol{O}",
        DEN,
        HOLDS,
        constants=("x", "y"),
    ),
    case(
        "control: the chapter's Note, constant x",
        r"\frac{\partial (x \odot y)}{\partial z} = \mathrm{diag}(x) \, \partial y/\partial z",
        DEN,
        FAILS,
        constants=("x",),
    ),
    # with x constant ∂x/∂z = O, so the full rule still holds; diag(y) for diag(x) does not
    case(
        "constant x, the x term kept",
        frac(r"(x \odot y)")
        + " = "
        + frac("y")
        + r" \mathrm{diag}(x) + "
        + frac("x")
        + r" \mathrm{diag}(y)",
        DEN,
        HOLDS,
        constants=("x",),
    ),
    case(
        "control: constant x, the wrong diagonal",
        frac(r"(x \odot y)") + " = " + frac("y") + r" \mathrm{diag}(y)",
        DEN,
        FAILS,
        constants=("x",),
    ),
    # a derivative of more than a product: every name in it moves with z
    case(
        "entry of a product, both terms",
        r"\frac{\partial (x \odot y)_i}{\partial z_j} = x_i \frac{\partial y_i}{\partial z_j}"
        r" + y_i \frac{\partial x_i}{\partial z_j}",
        DEN,
        HOLDS,
    ),
    case(
        "control: entry of a product, one term",
        r"\frac{\partial (x \odot y)_i}{\partial z_j} = x_i \frac{\partial y_i}{\partial z_j}",
        DEN,
        FAILS,
    ),
    case(
        "a scaled product",
        frac(r"(2 x \odot y)") + " = 2 (" + RULE + ")",
        DEN,
        HOLDS,
    ),
    case(
        "control: a scaled product, the scale dropped",
        frac(r"(2 x \odot y)") + " = " + RULE,
        DEN,
        FAILS,
    ),
    case(
        "a product plus a term",
        frac(r"(x \odot y + w)") + " = " + RULE + " + " + frac("w"),
        DEN,
        HOLDS,
    ),
    case(
        "control: a product plus a term, its derivative dropped",
        frac(r"(x \odot y + w)") + " = " + RULE,
        DEN,
        FAILS,
    ),
    case("differential of a sum", r"d(x \odot y + w) = dx \odot y + x \odot dy + dw", DEN, HOLDS),
    case(
        "control: differential of a sum, dw dropped",
        r"d(x \odot y + w) = dx \odot y + x \odot dy",
        DEN,
        FAILS,
    ),
]


@pytest.mark.parametrize(("text", "layout", "verdict", "options"), FORMS)
def test_each_form_as_people_write_it(
    text: str, layout: Layout, verdict: str, options: dict[str, Any]
) -> None:
    result = check_formula(text, layout=layout, **options)
    assert ("HOLDS" if result.holds else "FAILS") == verdict, result.report()


def test_a_constant_factor_is_suggested_when_it_would_make_the_formula_hold() -> None:
    text = frac(r"(x \odot y)") + " = " + frac("y") + r" \mathrm{diag}(x)"
    report = check_formula(text, layout=DEN).report()
    assert report.startswith("FAILS: ")
    assert (
        "it holds if x does not depend on z (the constant-factor corollary): say so with "
        "--constant x, or a `hadamard: constant=x` marker"
    ) in report
    assert "it holds if" not in check_formula(text + "+ O", layout=NUM).report()


# -- the correct form each report prints, in the reader's names ----------------------------------

CORRECT_FORMS = [
    (
        r"\frac{\partial (u \odot v)}{\partial w} = 0",
        DEN,
        (),
        "∂(u ⊙ v)/∂w = ∂v/∂w diag(u) + ∂u/∂w diag(v)",
    ),
    (
        r"\frac{\partial (u \odot v)}{\partial w} = 0",
        NUM,
        (),
        "∂(u ⊙ v)/∂w = diag(u) ∂v/∂w + diag(v) ∂u/∂w",
    ),
    (r"\frac{\partial (u \odot v)}{\partial w} = 0", DEN, ("u",), "∂(u ⊙ v)/∂w = ∂v/∂w diag(u)"),
    (r"\frac{\partial (u \odot v)}{\partial w} = 0", NUM, ("v",), "∂(u ⊙ v)/∂w = diag(v) ∂u/∂w"),
    (r"\frac{\partial (u \odot v)}{\partial w} = 0", DEN, ("u", "v"), "∂(u ⊙ v)/∂w = O"),
    (
        r"\frac{\partial (a \odot b \odot c)}{\partial w} = 0",
        DEN,
        (),
        "∂(a ⊙ b ⊙ c)/∂w = ∂a/∂w diag(b ⊙ c) + ∂b/∂w diag(a ⊙ c) + ∂c/∂w diag(a ⊙ b)",
    ),
    (
        r"\frac{\partial (a \odot b \odot c)}{\partial w} = 0",
        NUM,
        ("b",),
        "∂(a ⊙ b ⊙ c)/∂w = diag(b ⊙ c) ∂a/∂w + diag(a ⊙ b) ∂c/∂w",
    ),
    (
        r"\frac{\partial (a \odot b \odot c \odot e)}{\partial w} = 0",
        NUM,
        (),
        "∂(a ⊙ b ⊙ c ⊙ e)/∂w = diag(b ⊙ c ⊙ e) ∂a/∂w + diag(a ⊙ c ⊙ e) ∂b/∂w + diag(a ⊙ b ⊙ e) ∂c/∂w + diag(a ⊙ b ⊙ c) ∂e/∂w",
    ),
    (
        r"\frac{\partial (x \odot x)}{\partial z} = 0",
        DEN,
        (),
        "∂(x ⊙ x)/∂z = ∂x/∂z diag(x) + ∂x/∂z diag(x)",
    ),
    (r"\frac{\partial (w \odot x)}{\partial x} = 0", DEN, (), "∂(w ⊙ x)/∂x = diag(w)"),
    (
        r"\frac{\partial (x \odot w \odot x)}{\partial x} = 0",
        NUM,
        (),
        "∂(x ⊙ w ⊙ x)/∂x = diag(w ⊙ x) + diag(x ⊙ w)",
    ),
    (r"d(A \odot B) = 0", DEN, (), "d(A ⊙ B) = dA ⊙ B + A ⊙ dB"),
    (r"d(X \odot Y \odot W) = 0", DEN, (), "d(X ⊙ Y ⊙ W) = dX ⊙ Y ⊙ W + X ⊙ dY ⊙ W + X ⊙ Y ⊙ dW"),
    (r"d(X \odot Y) = 0", DEN, ("X",), "d(X ⊙ Y) = X ⊙ dY"),
    (r"d(A_i B_i) = 0", DEN, (), "d(A_i B_i) = (dA)_i B_i + A_i (dB)_i"),
    (r"d(A_i A_i) = 0", DEN, (), "d(A_i A_i) = (dA)_i A_i + A_i (dA)_i"),
    (
        r"d(X_k Y_k W_k) = 0",
        DEN,
        (),
        "d(X_k Y_k W_k) = (dX)_k Y_k W_k + X_k (dY)_k W_k + X_k Y_k (dW)_k",
    ),
    (r"d(A_l B_l) = 0", DEN, ("B",), "d(A_l B_l) = (dA)_l B_l"),
    (r"(u \odot v)_j = 0", DEN, (), "(u ⊙ v)_j = u_j v_j"),
    (r"(u \odot v \odot w)_j = 0", DEN, (), "(u ⊙ v ⊙ w)_j = u_j v_j w_j"),
    (
        r"\frac{\partial (u_k v_k)}{\partial w_l} = 0",
        DEN,
        (),
        "∂(u_k v_k)/∂w_l = u_k ∂v_k/∂w_l + v_k ∂u_k/∂w_l",
    ),
    (
        r"\frac{\partial (u_k v_k t_k)}{\partial w_l} = 0",
        DEN,
        (),
        "∂(u_k v_k t_k)/∂w_l = v_k t_k ∂u_k/∂w_l + u_k t_k ∂v_k/∂w_l + u_k v_k ∂t_k/∂w_l",
    ),
    (
        r"\frac{\partial (u_k v_k)}{\partial w_l} = 0",
        DEN,
        ("u",),
        "∂(u_k v_k)/∂w_l = u_k ∂v_k/∂w_l",
    ),
    (
        r"\frac{\partial L}{\partial u} = \frac{\partial L}{\partial (u \odot v)}",
        DEN,
        (),
        "∂L/∂u = ∂L/∂(u ⊙ v) ⊙ v",
    ),
    (
        r"\frac{\partial L}{\partial u} = \frac{\partial L}{\partial (u \odot v)}",
        NUM,
        (),
        "∂L/∂u = ((∂L/∂(u ⊙ v))ᵀ ⊙ v)ᵀ",
    ),
    (
        r"\frac{\partial L}{\partial u} = \frac{\partial L}{\partial (u \odot v \odot w)}",
        DEN,
        (),
        "∂L/∂u = ∂L/∂(u ⊙ v ⊙ w) ⊙ (v ⊙ w)",
    ),
    (r"\frac{\partial L}{\partial u} = \frac{\partial L}{\partial (u \odot u)}", DEN, (), ""),
    (r"\frac{\partial L}{\partial u} = \frac{\partial L}{\partial (u v^\top w)}", DEN, (), ""),
    (r"\frac{\partial \phi(b)}{\partial b} = 0", DEN, (), "∂φ(b)/∂b = diag(φ'(b))"),
    (
        r"\frac{\partial (x \odot y)}{\partial z} v = 0",
        NUM,
        (),
        "∂(x ⊙ y)/∂z v = (diag(x) ∂y/∂z + diag(y) ∂x/∂z) v",
    ),
    (
        r"v^\top \frac{\partial (x \odot y)}{\partial z} = 0",
        DEN,
        (),
        "vᵀ ∂(x ⊙ y)/∂z = vᵀ (∂y/∂z diag(x) + ∂x/∂z diag(y))",
    ),
    # not a statement of the rule: checked, but no correct form is offered
    (r"\frac{\partial (2 x \odot y)}{\partial z} = 0", DEN, (), ""),
    (r"\frac{\partial (x \odot y + w)}{\partial z} = 0", DEN, (), ""),
    (r"d(x \odot y + w) = 0", DEN, (), ""),
]


@pytest.mark.parametrize(("text", "layout", "constants", "correct"), CORRECT_FORMS)
def test_the_correct_form_is_in_the_readers_names(
    text: str, layout: Layout, constants: tuple[str, ...], correct: str
) -> None:
    (equation,) = check_formula(text, layout=layout, constants=constants).equations
    assert equation.correct == correct
    report = check_formula(text, layout=layout, constants=constants).report()
    where = "in any layout" if equation.layout_free else f"in the {layout.value} layout"
    assert (f"correct form {where}: {correct}" in report) is bool(correct)
    assert ("correct form" in report) is bool(correct)
