r"""check-formula reads the rule in the notations people write it in, and each notation says no.

Every table is (spelling, layout, verdict). Each kind of notation has spellings of the correct
form that HOLD, and a negative control in the same notation that FAILS: reading a notation is
only tested if reading it can give the other answer too.
"""

from __future__ import annotations

from typing import Any

import pytest

from hadamard import Layout
from hadamard.errors import InputError
from proofs.formula.check import check_formula
from proofs.formula.evaluate import Convention
from proofs.formula.syntax import parse_formula
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
from tests.proofs.formula.chapter import CHAPTER_EQUATION, CHAPTER_FORMULA, CORRECTED_LATEX

DEN, NUM = Layout.DENOMINATOR, Layout.NUMERATOR
HOLDS, FAILS = "HOLDS", "FAILS"

LHS = r"\frac{\partial (\boldsymbol{x} \odot \boldsymbol{y})}{\partial \boldsymbol{z}} = "
DY, DX = r"\frac{\partial y}{\partial z}", r"\frac{\partial x}{\partial z}"


def judge(text: str, layout: Layout = DEN, **options: Any) -> str:
    return "HOLDS" if check_formula(text, layout=layout, **options).holds else "FAILS"


def den(dy: str, dx: str, diag_x: str, diag_y: str) -> str:
    """The denominator form spelled with these pieces: dy diag(x) + dx diag(y)."""
    return f"{LHS}{dy} {diag_x} + {dx} {diag_y}"


def case(case_id: str, text: str, layout: Layout, verdict: str) -> Any:
    return pytest.param(text, layout, verdict, id=case_id)


def run(text: str, layout: Layout, verdict: str, **options: Any) -> None:
    assert judge(text, layout, **options) == verdict, check_formula(
        text, layout=layout, **options
    ).report()


# -- the product --------------------------------------------------------------------------------

PRODUCTS = [
    case("odot", CORRECTED_LATEX, DEN, HOLDS),
    case("unicode ⊙", CORRECTED_LATEX.replace(r"\odot", "⊙"), DEN, HOLDS),
    case("circ", CORRECTED_LATEX.replace(r"\odot", r"\circ"), DEN, HOLDS),
    case("unicode ∘", CORRECTED_LATEX.replace(r"\odot", "∘"), DEN, HOLDS),
    case(
        "cdot_{text Hadamard}",
        CORRECTED_LATEX.replace(r"\odot", r"\cdot_{\text{Hadamard}}"),
        DEN,
        HOLDS,
    ),
    case(
        "cdot_{mathrm Hadamard}",
        CORRECTED_LATEX.replace(r"\odot", r"\cdot_{\mathrm{Hadamard}}"),
        DEN,
        HOLDS,
    ),
    # control: in LaTeX ⊙ needs equal shapes; it does not broadcast a vector over a matrix
    case("control: ⊙ does not broadcast", LHS + rf"{DY} \odot x + {DX} \circ y", DEN, FAILS),
]


@pytest.mark.parametrize(("text", "layout", "verdict"), PRODUCTS)
def test_the_product_in_each_notation(text: str, layout: Layout, verdict: str) -> None:
    run(text, layout, verdict)


@pytest.mark.parametrize(("layout", "verdict"), [(DEN, HOLDS), (NUM, FAILS)])
def test_otimes_is_the_product_only_when_the_reader_says_so(layout: Layout, verdict: str) -> None:
    text = CORRECTED_LATEX.replace(r"\odot", r"\otimes")
    run(text, layout, verdict, otimes_is_hadamard=True)


# -- diag -----------------------------------------------------------------------------------------

DIAGS = [
    case(f"diag as {spelling}", den(DY, DX, f"{spelling}(x)", f"{spelling}(y)"), DEN, HOLDS)
    for spelling in (
        r"\mathrm{diag}",
        r"\operatorname{diag}",
        r"\operatorname{Diag}",
        r"\mathrm{Diag}",
        r"{\rm diag}",
        r"{\rm Diag}",
        r"\mbox{diag}",
        r"\text{diag}",
        r"\textrm{diag}",
        r"\diag",
        "diag",
        "Diag",
    )
] + [
    case("diag as D_x", den(DY, DX, r"\boldsymbol{D}_x", r"\boldsymbol{D}_y"), DEN, HOLDS),
    case(
        "diag as D_{bold x}",
        den(DY, DX, r"\mathbf{D}_{\boldsymbol x}", r"\mathbf{D}_{\boldsymbol y}"),
        DEN,
        HOLDS,
    ),
    case("diag as plain D_x", den(DY, DX, "D_x", "D_y"), DEN, HOLDS),
    case(
        "diag(x) A as x 1ᵀ ⊙ A",
        LHS + rf"\boldsymbol{{x}}\mathbf{{1}}^\top \odot {DY} + \boldsymbol{{y}} \mathbf{{1}}^\top "
        rf"\odot {DX}",
        NUM,
        HOLDS,
    ),
    case(
        "A diag(x) as 1 xᵀ ⊙ A",
        LHS + rf"\boldsymbol{{1}} x^\top \odot {DY} + \mathbb{{1}} y^{{\mathsf{{T}}}} \odot {DX}",
        DEN,
        HOLDS,
    ),
    case(
        "control: x 1ᵀ ⊙ A in the denominator layout",
        LHS + rf"x\mathbf{{1}}^\top \odot {DY} + y \mathbf{{1}}^\top \odot {DX}",
        DEN,
        FAILS,
    ),
    case(
        "control: diagonals swapped",
        den(DY, DX, r"\operatorname{Diag}(y)", r"\operatorname{Diag}(x)"),
        DEN,
        FAILS,
    ),
    case("control: D_x on the wrong side", den(DY, DX, r"D_y", r"D_x"), DEN, FAILS),
]


@pytest.mark.parametrize(("text", "layout", "verdict"), DIAGS)
def test_diag_in_each_spelling(text: str, layout: Layout, verdict: str) -> None:
    run(text, layout, verdict)


# -- Jacobians ----------------------------------------------------------------------------------

D_X, D_Y = r"\mathrm{diag}(x)", r"\mathrm{diag}(y)"
JACOBIANS = [
    case(name, den(dy, dx, D_X, D_Y), layout, HOLDS)
    for name, dy, dx, layout in (
        ("frac partial", DY, DX, DEN),
        ("dfrac", r"\dfrac{\partial y}{\partial z}", r"\dfrac{\partial x}{\partial z}", DEN),
        ("tfrac", r"\tfrac{\partial y}{\partial z}", r"\tfrac{\partial x}{\partial z}", DEN),
        ("cfrac", r"\cfrac{\partial y}{\partial z}", r"\cfrac{\partial x}{\partial z}", DEN),
        ("frac d", r"\frac{d y}{d z}", r"\frac{dx}{dz}", DEN),
        (
            "frac mathrm d",
            r"\frac{\mathrm{d} y}{\mathrm{d} z}",
            r"\frac{\mathrm d x}{\mathrm d z}",
            DEN,
        ),
        ("frac rm d", r"\frac{{\rm d} y}{{\rm d} z}", r"\frac{{\rm d} x}{{\rm d} z}", DEN),
        (
            "inline slash",
            r"\partial y / \partial z",
            r"\partial \boldsymbol{x}/\partial \boldsymbol{z}",
            DEN,
        ),
        ("unicode slash", "∂y/∂z", "∂x/∂z", DEN),
        ("J_y", "J_y", "J_x", DEN),
        ("J_{y}", "J_{y}", r"J_{\boldsymbol{x}}", DEN),
        ("J[y]", "J[y]", r"J[\boldsymbol x]", DEN),
        ("bold J_y", r"\mathbf{J}_y", r"\boldsymbol{J}_x", DEN),
        ("J_y(z)", r"J_{\boldsymbol y}(\boldsymbol z)", "J_x(z)", DEN),
        ("partial_z", r"\partial_z y", r"\partial_{\boldsymbol z} \boldsymbol x", DEN),
        ("J_y in the numerator layout", "J_y", "J_x", DEN),
        (
            "numerator-shaped ∂y/∂zᵀ",
            r"\left(\partial y/\partial z^\top\right)^\top",
            r"(\partial x / \partial z^{T})^T",
            DEN,
        ),
        ("gradient ∇_z y", r"\nabla_z y", r"\nabla_{\boldsymbol z} \boldsymbol x", DEN),
    )
] + [
    case(
        "denominator-shaped ∂yᵀ/∂z",
        r"\frac{\partial (x \odot y)^\top}{\partial z} = \frac{\partial y^\top}{\partial z} "
        r"\mathrm{diag}(x) + \frac{\partial x^T}{\partial z} \mathrm{diag}(y)",
        NUM,
        HOLDS,
    ),
    case("control: Jacobians swapped", den(DX, DY, D_X, D_Y), DEN, FAILS),
    case("control: J_y in the numerator layout", den("J_y", "J_x", D_X, D_Y), NUM, FAILS),
    case(
        "control: ∂y/∂zᵀ is numerator-shaped",
        den(r"\partial y/\partial z^\top", r"\partial x/\partial z^\top", D_X, D_Y),
        DEN,
        FAILS,
    ),
    case(
        "control: ∇_z y is gradient-shaped", den(r"\nabla_z y", r"\nabla_z x", D_X, D_Y), NUM, FAILS
    ),
]


@pytest.mark.parametrize(("text", "layout", "verdict"), JACOBIANS)
def test_jacobians_in_each_notation(text: str, layout: Layout, verdict: str) -> None:
    run(text, layout, verdict)


def test_the_numerator_shaped_notation_needs_no_layout() -> None:
    r"""∂(x ⊙ y)/∂zᵀ = diag(x) ∂y/∂zᵀ + diag(y) ∂x/∂zᵀ holds in either layout."""
    text = (
        r"\partial (x \odot y) / \partial z^\top = \mathrm{diag}(x)\, \partial y / \partial "
        r"z^\top + \mathrm{diag}(y)\, \partial x/\partial z^\top"
    )
    assert judge(text, DEN) == judge(text, NUM) == HOLDS
    swapped = text.replace(r"\mathrm{diag}(x)", "D").replace(
        r"\mathrm{diag}(y)", r"\mathrm{diag}(x)"
    )
    assert judge(swapped.replace("D", r"\mathrm{diag}(y)"), DEN) == FAILS


# -- what only lays the formula out ------------------------------------------------------------

LAYOUT_ONLY = [
    case(name, text, DEN, HOLDS)
    for name, text in (
        ("left( right)", den(rf"\left({DY}\right)", DX, r"\mathrm{diag}\left(x\right)", D_Y)),
        ("left[ right]", den(rf"\left[{DY}\right]", DX, D_X, D_Y)),
        (r"left\{ right\}", den(DY, rf"\left\{{{DX}\right\}}", D_X, D_Y)),
        ("left. right.", den(rf"\left.{DY}\right.", DX, D_X, D_Y)),
        (
            r"left\lbrack right\rbrack, left\lparen right\rparen",
            den(rf"\left\lbrack{DY}\right\rbrack", rf"\left\lparen{DX}\right\rparen", D_X, D_Y),
        ),
        ("bigl( bigr)", den(rf"\bigl({DY}\bigr)", DX, D_X, r"\Bigl[\mathrm{diag}(y)\Bigr]")),
        (r"\{ \} braces", den(DY, DX, r"\mathrm{diag}\{x\}", r"\mathrm{diag}\{y\}")),
        (
            r"\, \; \! \quad \qquad ~",
            den(DY + r"\,", r"\quad" + DX, r"\;" + D_X + r"\!", r"\qquad" + D_Y + "~"),
        ),
        ("final .", CORRECTED_LATEX + "."),
        ("final ,", CORRECTED_LATEX + " ,"),
        ("final ;", CORRECTED_LATEX + ";"),
        ("tag", CORRECTED_LATEX + r" \tag{6-1-3}"),
        ("tag*", CORRECTED_LATEX + r" \tag*{(★)}"),
        ("label", CORRECTED_LATEX + r" \label{eq:rule}"),
        ("nonumber", CORRECTED_LATEX + r" \nonumber"),
        ("$ … $", "$" + CORRECTED_LATEX + "$"),
        ("$$ … $$", "$$" + CORRECTED_LATEX + "$$"),
        (r"\[ … \]", r"\[" + CORRECTED_LATEX + r"\]"),
        (r"\( … \)", r"\(" + CORRECTED_LATEX + r"\)"),
        ("equation", r"\begin{equation}" + CORRECTED_LATEX + r"\end{equation}"),
        ("equation*", r"\begin{equation*}" + CORRECTED_LATEX + r"\end{equation*}"),
        ("displaystyle", r"\displaystyle " + CORRECTED_LATEX),
        ("% comment", CORRECTED_LATEX + " % the rule\n"),
        ("newlines", CORRECTED_LATEX.replace(" + ", "\n+\n")),
    )
] + [
    case("control: the chapter's Formula line", CHAPTER_FORMULA, DEN, FAILS),
    case(
        r"control: \lbrack \lparen around the numerator's form",
        r"\frac{\partial (x \odot y)}{\partial z} = \left\lbrack \mathrm{diag}(x) "
        r"\frac{\partial y}{\partial z} \right\rbrack + \left\lparen \mathrm{diag}(y) "
        r"\frac{\partial x}{\partial z} \right\rparen",
        DEN,
        FAILS,
    ),
    case("control: the chapter's equation block", CHAPTER_EQUATION, DEN, FAILS),
    case(
        "control: tagged numerator form",
        CHAPTER_EQUATION.replace(r"\label", r"\tag{1}\label"),
        DEN,
        FAILS,
    ),
]


@pytest.mark.parametrize(("text", "layout", "verdict"), LAYOUT_ONLY)
def test_what_only_lays_the_formula_out_changes_nothing(
    text: str, layout: Layout, verdict: str
) -> None:
    run(text, layout, verdict)


# -- chains: aligned and align, each = checked ----------------------------------------------------

TRANSPOSED = r"\left(\mathrm{diag}(x) \frac{\partial y}{\partial z}^\top + \mathrm{diag}(y) \frac{\partial x}{\partial z}^\top\right)^\top"
NUMERATOR_RHS = r"\mathrm{diag}(x) \frac{\partial y}{\partial z} + \mathrm{diag}(y) \frac{\partial x}{\partial z}"
RHS = rf"{DY} {D_X} + {DX} {D_Y}"
CHAINS = [
    case("a = b = c", f"{LHS}{RHS} = {TRANSPOSED}", DEN, HOLDS),
    case(
        "aligned",
        rf"\begin{{aligned}} {LHS.rstrip(' =')} &= {RHS} \\ &= {TRANSPOSED} \end{{aligned}}",
        DEN,
        HOLDS,
    ),
    case(
        "align*",
        rf"\begin{{align*}} {LHS.rstrip(' =')} &= {RHS} \\ &= {TRANSPOSED} \end{{align*}}",
        DEN,
        HOLDS,
    ),
    case(
        "split",
        rf"\begin{{equation}}\begin{{split}} {LHS.rstrip(' =')} &= {RHS} \\ &= {TRANSPOSED} \end{{split}}\end{{equation}}",
        DEN,
        HOLDS,
    ),
    case(
        "a row continued by +",
        rf"\begin{{align}} {LHS.rstrip(' =')} &= {DY} {D_X} \\ &\quad + {DX} {D_Y} \end{{align}}",
        DEN,
        HOLDS,
    ),
    case(
        "a row ending in +",
        rf"\begin{{align}} {LHS.rstrip(' =')} = {DY} {D_X} + \\ {DX} {D_Y} \end{{align}}",
        DEN,
        HOLDS,
    ),
    case(
        "two equations on one line",
        rf"{CORRECTED_LATEX}, \qquad (x \odot y)_i = x_i y_i",
        DEN,
        HOLDS,
    ),
    case("control: the second = fails", f"{LHS}{RHS} = {NUMERATOR_RHS}", DEN, FAILS),
    case(
        "control: aligned, second row wrong",
        rf"\begin{{aligned}} {LHS.rstrip(' =')} &= {RHS} \\ &= {NUMERATOR_RHS} \end{{aligned}}",
        DEN,
        FAILS,
    ),
    case(
        "control: the second equation fails",
        rf"{CORRECTED_LATEX}, \qquad (x \odot y)_i = x_i",
        DEN,
        FAILS,
    ),
]


@pytest.mark.parametrize(("text", "layout", "verdict"), CHAINS)
def test_each_equals_sign_is_checked(text: str, layout: Layout, verdict: str) -> None:
    run(text, layout, verdict)


def test_a_chain_reports_each_link_numbered_from_1() -> None:
    report = check_formula(f"{LHS}{RHS} = {NUMERATOR_RHS}", layout=DEN).report()
    assert "  link 1: ∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y) holds" in report
    assert (
        "  link 2: ∂y/∂z diag(x) + ∂x/∂z diag(y) = diag(x) ∂y/∂z + diag(y) ∂x/∂z does not hold"
        in report
    )
    assert "link 0" not in report


# -- the plain syntax follows numpy ---------------------------------------------------------------

PLAIN = [
    case(name, text, layout, verdict)
    for name, text, layout, verdict in (
        ("@ and diag", "dy_dz @ diag(x) + dx_dz @ diag(y)", DEN, HOLDS),
        ("the README's broadcasting *", "dy_dz * x + dx_dz * y", DEN, HOLDS),
        ("* with the vector first", "x * dy_dz + y * dx_dz", DEN, HOLDS),
        ("np.diag", "dy_dz @ np.diag(x) + dx_dz @ np.diag(y)", DEN, HOLDS),
        ("numpy.diag", "dy_dz @ numpy.diag(x) + dx_dz @ numpy.diag(y)", DEN, HOLDS),
        (".T", "(np.diag(x) @ dy_dz.T + np.diag(y) @ dx_dz.T).T", DEN, HOLDS),
        ("numerator @", "diag(x) @ dy_dz + diag(y) @ dx_dz", NUM, HOLDS),
        ("numerator broadcasting", "dy_dz * x[:, None]", NUM, "REFUSED"),
        ("lhs = rhs", "d(x * y)/dz = dy_dz @ diag(x) + dx_dz @ diag(y)", DEN, HOLDS),
        ("unicode ∂ names", "∂y/∂z @ diag(x) + ∂x/∂z @ diag(y)", DEN, HOLDS),
        ("the README's Unicode form", "∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)", DEN, HOLDS),
        ("⊙ and ∘", "∂y/∂z diag(x ∘ 𝟏) + ∂x/∂z diag(y ⊙ 𝟏)", DEN, HOLDS),
        ("Unicode minus and ᵀ", "(diag(x) (∂y/∂z)ᵀ − (−diag(y)) (∂x/∂z)ᵀ)ᵀ", DEN, HOLDS),
        ("own names", "du_dw * v + dv_dw * u", DEN, HOLDS),
        ("control: broadcasting in the numerator layout", "dy_dz * x + dx_dz * y", NUM, FAILS),
        ("control: the numerator @ form", "diag(x) @ dy_dz + diag(y) @ dx_dz", DEN, FAILS),
        ("control: np.diag swapped", "dy_dz @ np.diag(y) + dx_dz @ np.diag(x)", DEN, FAILS),
        (
            "control: the README's Unicode numerator form",
            "∂(x ⊙ y)/∂z = diag(x) ∂y/∂z + diag(y) ∂x/∂z",
            DEN,
            FAILS,
        ),
    )
    if verdict != "REFUSED"
]


@pytest.mark.parametrize(("text", "layout", "verdict"), PLAIN)
def test_the_plain_syntax_follows_numpy(text: str, layout: Layout, verdict: str) -> None:
    run(text, layout, verdict)


def test_numpy_broadcasting_is_exactly_numpy_s() -> None:
    """* pairs the last axes: dy_dz * x scales column i of an M × N array by x_i."""
    report = check_formula("dy_dz * x + dx_dz * y", layout=NUM).report()
    assert "* cannot broadcast the shapes 2 × 3 and (2,) together" in report
    assert "N=1, M=4: agrees" in report  # (1, 4) * (1,) broadcasts, and is right there


# -- names --------------------------------------------------------------------------------------

NAMES = [
    case(name, text, DEN, verdict)
    for name, text, verdict in (
        (
            "u, v, w",
            r"\frac{\partial (u \odot v)}{\partial w} = \frac{\partial v}{\partial w} \mathrm{diag}(u) + \frac{\partial u}{\partial w} \mathrm{diag}(v)",
            HOLDS,
        ),
        (
            "a, b",
            r"\frac{\partial (\mathbf{a} \odot \mathbf{b})}{\partial \mathbf{t}} = J_b D_a + J_a D_b",
            HOLDS,
        ),
        (
            "X, Y",
            r"\frac{\partial (X \odot Y)}{\partial z} = \frac{\partial Y}{\partial z} \mathrm{diag}(X) + \frac{\partial X}{\partial z} \mathrm{diag}(Y)",
            HOLDS,
        ),
        (
            "x_1, x_2",
            r"\frac{\partial (x_1 \odot x_2)}{\partial z} = \frac{\partial x_2}{\partial z} \mathrm{diag}(x_1) + \frac{\partial x_1}{\partial z} \mathrm{diag}(x_2)",
            HOLDS,
        ),
        (
            "bm, vec",
            r"\frac{\partial (\bm{u} \odot \vec{v})}{\partial \bm{w}} = J_v D_u + J_u D_v",
            HOLDS,
        ),
        (
            "control: u, v, w in the numerator order",
            r"\frac{\partial (u \odot v)}{\partial w} = \mathrm{diag}(u) \frac{\partial v}{\partial w} + \mathrm{diag}(v) \frac{\partial u}{\partial w}",
            FAILS,
        ),
        (
            "control: a name the lhs does not have",
            r"\frac{\partial (u \odot v)}{\partial w} = \frac{\partial v}{\partial w} \mathrm{diag}(u) + \frac{\partial u}{\partial w} \mathrm{diag}(x)",
            FAILS,
        ),
    )
]


@pytest.mark.parametrize(("text", "layout", "verdict"), NAMES)
def test_names_are_the_readers_own(text: str, layout: Layout, verdict: str) -> None:
    run(text, layout, verdict)


# -- how each spelling reads, node by node -------------------------------------------------------

X_, Y_, Z_ = Vector("x"), Vector("y"), Vector("z")
READINGS: list[tuple[str, Expr]] = [
    (r"\sigma^{\prime}(a)", Derivative("sigma", Vector("a"))),
    (r"\sigma^\prime(a)", Derivative("sigma", Vector("a"))),
    ("\\sigma'(a)", Derivative("sigma", Vector("a"))),
    ("\\sigma'[a]", Derivative("sigma", Vector("a"))),
    (r"\phi(a)", Apply("phi", Vector("a"))),
    (r"\varphi(a)", Apply("varphi", Vector("a"))),
    ("σ(a)", Apply("sigma", Vector("a"))),
    (r"x \cdot_H y", Hadamard(X_, Y_)),
    (r"x \cdot_{H} y", Hadamard(X_, Y_)),
    (r"x \cdot_\text{Hadamard} y", Hadamard(X_, Y_)),
    (r"x \cdot_{\odot} y", Hadamard(X_, Y_)),
    (r"x \cdot_{hadamard} y", Hadamard(X_, Y_)),
    (r"x \cdot_{\mathrm{Hadamard}} y", Hadamard(X_, Y_)),
    (r"x \cdot y", MatMul(X_, Y_)),
    (r"J_y(z)", Jacobian(Y_, "z")),
    (r"J_y(\mathbf{w})", Jacobian(Y_, "w")),
    (r"J_y (u + v)", MatMul(Jacobian(Y_, ""), Add(Vector("u"), Vector("v")))),
    (r"J_y (\mathbf{u} + v)", MatMul(Jacobian(Y_, ""), Add(Vector("u"), Vector("v")))),
    (r"J[y](z)", Jacobian(Y_, "z")),
    (r"J_{x \odot y}", Jacobian(Hadamard(X_, Y_), "")),
    (r"J (y)", MatMul(Vector("J"), Y_)),
    (r"\frac{\partial}{\partial z^\top}(x \odot y)", Transpose(Jacobian(Hadamard(X_, Y_), "z"))),
    (
        r"\frac{\partial}{\partial z_j}(x_i y_i)",
        Partial(MatMul(Component(X_, "i"), Component(Y_, "i")), "z", "j"),
    ),
    (r"\frac{\partial}{\partial z}x", Jacobian(X_, "z")),
    (r"\nabla y", Jacobian(Y_, "")),
    (r"\nabla_{\boldsymbol z} y", Jacobian(Y_, "z")),
    (r"\nabla_{x \odot y} L", Jacobian(Vector("L"), "(x ⊙ y)")),
    (r"\partial_z y", Jacobian(Y_, "z")),
    (r"\partial_{z_j} y_i", Partial(Component(Y_, "i"), "z", "j")),
    (r"\partial y_i / \partial z_j", Partial(Component(Y_, "i"), "z", "j")),
    (r"\frac{\partial L}{\partial (x^\top y)}", Jacobian(Vector("L"), "(xᵀ y)")),
    (r"{\rm d} X", Differential(Vector("X"))),
    (r"{\bf x}", X_),
    (r"{\rm diag}(x)", Diag(X_)),
    (r"{\rm Diag}\{x\}", Diag(X_)),
    (r"{\rm d}", Vector("d")),
    (r"\mathrm{d}X", Differential(Vector("X"))),
    (r"\mathrm{d}", Vector("d")),
    (r"\text{d}(x)", Differential(X_)),
    (r"d \boldsymbol{X}", Differential(Vector("X"))),
    (r"d x \odot d", Hadamard(Differential(X_), Vector("d"))),
    (r"\dot x", Differential(X_)),
    (r"\dot{(x \odot y)}", Differential(Hadamard(X_, Y_))),
    (r"\ell", Vector("ℓ")),
    (r"\mathcal{L}", Vector("L")),
    (r"\mathbb{1}", Vector("𝟏")),
    (
        r"x_{12} + x_{t} + x_{t-1} + x_k",
        Add(Add(Add(Vector("x_{12}"), Vector("x_t")), Vector("x_{t-1}")), Component(X_, "k")),
    ),
    (r"x_1", Vector("x_1")),
    (r"\boldsymbol{x}_i", Component(X_, "i")),
    (r"(x \odot y)_{j}", Component(Hadamard(X_, Y_), "j")),
    (r"\mathrm{diag}(x)^\top", Transpose(Diag(X_))),
    (r"\mathrm{diag} x y", MatMul(Diag(X_), Y_)),
    (r"\boldsymbol{O} + \mathbf{0} + 0", Add(Add(Zero(), Zero()), Zero())),
    (r"2 \cdot 3 \cdot x", Scale(6, X_)),
    (r"\left\{ x \right\} \left[ y \right]", MatMul(X_, Y_)),
    ("xiag(y)", MatMul(MatMul(MatMul(MatMul(X_, Vector("i")), Vector("a")), Vector("g")), Y_)),
]


@pytest.mark.parametrize(("text", "expected"), READINGS, ids=[r[0] for r in READINGS])
def test_each_spelling_reads_as_these_nodes(text: str, expected: Expr) -> None:
    assert parse_formula(text, latex=True).rhs == expected


PLAIN_READINGS: list[tuple[str, Expr]] = [
    ("dy_dz @ diag(x)", MatMul(Jacobian(Y_, "z"), Diag(X_))),
    ("dx_1_dz", Jacobian(Vector("x_1"), "z")),
    ("d(x * y)/dz", Jacobian(Hadamard(X_, Y_), "z")),
    ("d(x * y)/dzᵀ", Transpose(Jacobian(Hadamard(X_, Y_), "z"))),
    ("d(x * y)/dz.T", Transpose(Jacobian(Hadamard(X_, Y_), "z"))),
    ("∂y/∂z", Jacobian(Y_, "z")),
    ("∂yᵀ/∂z", Jacobian(Y_, "z")),
    ("∂L/∂(x ⊙ y)", Jacobian(Vector("L"), "(x ⊙ y)")),
    ("∂L/d(x * y)", Jacobian(Vector("L"), "(x ⊙ y)")),
    ("∂y_i/∂z_j", Partial(Component(Y_, "i"), "z", "j")),
    ("dX", Differential(Vector("X"))),
    ("tx", Differential(X_)),
    ("∂X", Differential(Vector("X"))),
    ("d(x)", Differential(X_)),
    ("x_i y_i", MatMul(Component(X_, "i"), Component(Y_, "i"))),
    ("(x * y)_i", Component(Hadamard(X_, Y_), "i")),
    ("np.diag(x).T", Transpose(Diag(X_))),
    ("σ'(a) * σ(a)", Hadamard(Derivative("sigma", Vector("a")), Apply("sigma", Vector("a")))),
    ("sigma(a)", Apply("sigma", Vector("a"))),
    ("x @ y * x", Hadamard(MatMul(X_, Y_), X_)),
    ("x - y + x", Add(Add(X_, Neg(Y_)), X_)),
    ("-x.T", Neg(Transpose(X_))),
    ("- -2 * x", Scale(2, X_)),
    ("x 2", Scale(2, X_)),
    ("𝟏", Vector("𝟏")),
]


@pytest.mark.parametrize(("text", "expected"), PLAIN_READINGS, ids=[r[0] for r in PLAIN_READINGS])
def test_each_plain_spelling_reads_as_these_nodes(text: str, expected: Expr) -> None:
    assert parse_formula(text, latex=False).rhs == expected


def test_the_convention_follows_the_operators() -> None:
    numpy = ["x * y", "x @ y", "x.T", "np.diag(x)", "dy_dz * x"]
    mathematics = ["x ⊙ y", "∂y/∂z diag(x)", "xᵀ y", "diag(x)", "x · y"]
    for text in numpy:
        assert parse_formula(text, latex=False).convention is Convention.NUMPY, text
    for text in mathematics:
        assert parse_formula(text, latex=False).convention is Convention.MATHEMATICS, text
    assert parse_formula(r"x \odot y", latex=True).convention is Convention.MATHEMATICS


TRANSPOSES = [
    "x^T",
    "x^{T}",
    r"x^\top",
    r"x^{\top}",
    r"x^\intercal",
    "x^⊤",
    "xᵀ",
    r"x^\mathsf{T}",
    r"x^{\mathsf{T}}",
    r"x^\mathrm T",
    r"x^{\mathrm{T}}",
    r"x^\mathsf T",
]


@pytest.mark.parametrize("text", TRANSPOSES)
def test_every_transpose_mark(text: str) -> None:
    assert parse_formula(text, latex=True).rhs == Transpose(X_)
    assert parse_formula(text + "^T", latex=True).rhs == Transpose(Transpose(X_))


@pytest.mark.parametrize(
    "text",
    [
        r"\begin{alignat}{2} x \end{alignat}",
        r"\begin{alignat*}{3} x &= x \end{alignat*}",
        r"\begin{ equation } x \end{ equation }",
        r"\begin{gathered} x \end{gathered}",
        r"x \label {eq:1}",
        r"x \tag*{1} \hspace{1em}",
    ],
)
def test_environments_and_labels_are_dropped(text: str) -> None:
    assert parse_formula(text, latex=True).chains[0].sides[-1] == X_


MORE_READINGS: list[tuple[str, Layout, Expr]] = [
    (r"\partial y^\top / \partial z", DEN, Jacobian(Y_, "z")),
    (r"\partial y^\top / \partial z", NUM, Transpose(Jacobian(Y_, "z"))),
    (r"\partial y / \partial z^\top", DEN, Transpose(Jacobian(Y_, "z"))),
    (r"\partial y / \partial z^\top", NUM, Jacobian(Y_, "z")),
    (r"\frac{\partial y^T}{\partial z}", NUM, Transpose(Jacobian(Y_, "z"))),
    (r"\partial X^\top", DEN, Differential(Transpose(Vector("X")))),
    (r"\partial_{z} y^T", DEN, Transpose(Jacobian(Y_, "z"))),
    (r"\partial 0 / \partial z", DEN, Jacobian(Zero(), "z")),
    (r"\sigma^{\prime}[a]", DEN, Derivative("sigma", Vector("a"))),
    ("\\sigma^{'}(a)", DEN, Derivative("sigma", Vector("a"))),
    ("\\sigma^'(a)", DEN, Derivative("sigma", Vector("a"))),
    (r"J_y[z]", DEN, MatMul(Jacobian(Y_, ""), Z_)),
    (r"J_y(\mathbf z)", DEN, Jacobian(Y_, "z")),
    (r"J_y(\mathbf{z} + w)", DEN, MatMul(Jacobian(Y_, ""), Add(Z_, Vector("w")))),
    (r"\nabla_{z} \boldsymbol{y}^\top", DEN, Transpose(Jacobian(Y_, "z"))),
    (r"\nabla_z y", NUM, Transpose(Jacobian(Y_, "z"))),
    (r"\nabla y", DEN, Jacobian(Y_, "")),
]


@pytest.mark.parametrize(
    ("text", "layout", "expected"),
    MORE_READINGS,
    ids=[f"{r[0]} {r[1].value}" for r in MORE_READINGS],
)
def test_fixed_shape_notations_read_by_layout(text: str, layout: Layout, expected: Expr) -> None:
    assert parse_formula(text, latex=True, layout=layout).rhs == expected


D_ = Vector("d")
DIFFERENTIAL_OR_NAME: list[tuple[str, Expr]] = [
    # d before something it can apply to is a differential; before anything else, a name
    ("(x d)", MatMul(X_, D_)),
    ("[d]", D_),
    (r"\{d\}", D_),
    ("d + x", Add(D_, X_)),
    (r"d \odot x", Hadamard(D_, X_)),
    ("d x", Differential(X_)),
    ("d (x)", Differential(X_)),
    ("d [x]", Differential(X_)),
    (r"d \{x\}", Differential(X_)),
    ("d {x}", Differential(X_)),
    (r"d \mathbf{x}", Differential(X_)),
    (r"d \ell", Differential(Vector("ℓ"))),
    (r"d \dot x", Differential(Differential(X_))),
    ("d 𝟏", Differential(Vector("𝟏"))),
    ("d d", Differential(D_)),
    (r"d \frac{\partial y}{\partial z}", MatMul(D_, Jacobian(Y_, "z"))),
]


@pytest.mark.parametrize(
    ("text", "expected"), DIFFERENTIAL_OR_NAME, ids=[r[0] for r in DIFFERENTIAL_OR_NAME]
)
def test_d_is_a_differential_only_before_what_it_can_apply_to(text: str, expected: Expr) -> None:
    assert parse_formula(text, latex=True).rhs == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"\mathbf 0", Zero()),
        (r"\mathbf 1", Vector("𝟏")),
        (r"\boldsymbol{0}", Zero()),
        (r"\mathbf{O}", Zero()),
        (r"\mathrm{diag}", None),
    ],
)
def test_font_commands_take_one_token_or_a_braced_word(text: str, expected: Expr | None) -> None:
    if expected is None:
        with pytest.raises(InputError, match="end of the formula"):
            parse_formula(text, latex=True)
        return
    assert parse_formula(text, latex=True).rhs == expected
