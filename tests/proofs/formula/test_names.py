"""Names are bound from the formula: the left-hand side names the factors and the variable;
without one, the derivatives on the right do; x, y and z are only the fallback."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hadamard.errors import InputError
from proofs.formula.names import DEFAULT_VARIABLE, FALLBACK, PATH, Binding, Form, bind, factor_order
from proofs.formula.syntax import parse_formula
from proofs.theory.expr import Hadamard, Jacobian, Vector


def binding(text: str, *, latex: bool = True, constants: tuple[str, ...] = ()) -> Binding:
    reading = parse_formula(text, latex=latex)
    return bind(reading.chains[0], reading, constants=frozenset(constants))


@dataclass(frozen=True)
class Bound:
    form: Form
    factors: tuple[str, ...]
    variable: str
    functions: dict[str, set[str]]
    constants: set[str]


CASES = [
    (
        r"\frac{\partial (u \odot v)}{\partial w} = 0",
        True,
        Bound(Form.JACOBIAN, ("u", "v"), "w", {"u": {"w"}, "v": {"w"}}, set()),
    ),
    (
        r"\frac{\partial (w \odot x)}{\partial x} = \mathrm{diag}(w)",
        True,
        Bound(Form.FACTOR, ("w", "x"), "x", {}, {"w"}),
    ),
    (
        r"\frac{\partial (w \odot x)}{\partial x} = \mathrm{diag}(w) + \frac{\partial w}{\partial x} \mathrm{diag}(x)",
        True,
        Bound(Form.FACTOR, ("w", "x"), "x", {"w": {"x"}}, set()),
    ),
    (
        r"d(X \odot Y) = dX \odot Y + X \odot dY",
        True,
        Bound(Form.DIFFERENTIAL, ("X", "Y"), PATH, {"X": {PATH}, "Y": {PATH}}, set()),
    ),
    (
        r"\frac{\partial (x \odot y)}{\partial z} v = 0",
        True,
        Bound(Form.JVP, ("x", "y"), "z", {"x": {"z"}, "y": {"z"}}, {"v"}),
    ),
    (
        r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial (x \odot y)} \odot y",
        True,
        Bound(Form.VJP, ("x", "y"), "x", {"L": {"x"}}, {"y"}),
    ),
    (
        r"(x \odot y)_i = x_i y_i",
        True,
        Bound(Form.COMPONENT, ("x", "y"), "", {}, {"x", "y"}),
    ),
    (
        r"\frac{\partial (x_i y_i)}{\partial z_j} = 0",
        True,
        Bound(Form.LEIBNIZ, ("x", "y"), "z", {"x": {"z"}, "y": {"z"}}, set()),
    ),
    (
        r"\frac{\partial \sigma(a)}{\partial a} = 0",
        True,
        Bound(Form.MAP, ("a",), "a", {}, set()),
    ),
    # no left-hand side: the Jacobians on the right name the factors and the variable
    (
        "du_dw * v + dv_dw * u",
        False,
        Bound(Form.JACOBIAN, ("u", "v"), "w", {"u": {"w"}, "v": {"w"}}, set()),
    ),
    (
        "dx_dz @ diag(y * w) + O @ g",
        False,
        Bound(Form.JACOBIAN, ("x", "y", "w"), "z", {"x": {"z"}, "y": {"z"}, "w": {"z"}}, {"g"}),
    ),
    (
        "dy_dz @ diag(x)",
        False,
        Bound(Form.JACOBIAN, ("x", "y"), "z", {"x": {"z"}, "y": {"z"}}, set()),
    ),
    (
        "dy_dz + dx_dz @ g",
        False,
        Bound(Form.JACOBIAN, ("x", "y"), "z", {"x": {"z"}, "y": {"z"}}, {"g"}),
    ),
    (
        "g * y",
        False,
        Bound(Form.JACOBIAN, ("y", "g"), "z", {"g": {"z"}, "y": {"z"}}, set()),
    ),
    (
        "dX * Y + X * dY",
        False,
        Bound(Form.DIFFERENTIAL, ("X", "Y"), PATH, {"X": {PATH}, "Y": {PATH}}, set()),
    ),
    # nothing named: the chapter's x, y and z
    ("O", False, Bound(Form.JACOBIAN, FALLBACK, DEFAULT_VARIABLE, {"x": {"z"}, "y": {"z"}}, set())),
    (
        "diag(w)",
        False,
        Bound(Form.JACOBIAN, FALLBACK, DEFAULT_VARIABLE, {"x": {"z"}, "y": {"z"}}, {"w"}),
    ),
]


@pytest.mark.parametrize(("text", "latex", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_names_are_bound_from_the_formula(text: str, latex: bool, expected: Bound) -> None:
    got = binding(text, latex=latex)
    assert got.form is expected.form
    assert got.factors == factor_order(expected.factors)
    assert got.variable == expected.variable
    assert {k: set(v) for k, v in got.functions.items()} == expected.functions
    assert set(got.constants) == expected.constants


def test_an_unnamed_variable_takes_the_formulas() -> None:
    got = binding(r"\frac{\partial (u \odot v)}{\partial w} = J_v D_u + \nabla u")
    assert "wrt=''" not in repr(got.sides)
    assert "wrt='w'" in repr(got.sides)
    assert binding("J_y D_x + J_x D_y").variable == DEFAULT_VARIABLE


def test_the_subject_may_stand_on_the_right() -> None:
    got = binding(r"J_y D_x + J_x D_y = \frac{\partial (x \odot y)}{\partial z}")
    assert got.sides[0] == Jacobian(Hadamard(Vector("x"), Vector("y")), "z")


def test_a_declared_constant_factor_does_not_move() -> None:
    got = binding(r"\frac{\partial (x \odot y)}{\partial z} = 0", constants=("x",))
    assert set(got.functions) == {"y"}
    assert got.declared_constant == {"x"}
    assert "x constant (independent of z)" in got.hypotheses()


def test_factor_order_puts_the_chapters_names_first() -> None:
    assert factor_order(["w", "y", "x"]) == ("x", "y", "w")
    assert factor_order(["v", "u", "u"]) == ("u", "v")
    assert factor_order(["b", "A"]) == ("A", "b")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (r"\frac{\partial (u \odot v)}{\partial w} = 0", "u, v functions of w; w the variable"),
        (r"d(X \odot Y) = 0", "X, Y arrays of any shape along a path t (d = d/dt)"),
        (r"d(x \odot y) = 0", "x, y functions along a path t (d = d/dt)"),
        (r"(x \odot y)_i = 0", "x, y any vectors"),
        (
            r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial (x \odot y)}",
            "L a scalar function of (x ⊙ y); x the variable; y constant (independent of x)",
        ),
    ],
)
def test_the_binding_in_words(text: str, words: str) -> None:
    assert binding(text).hypotheses() == words


def test_an_unnamed_variable_is_the_first_one_the_formula_names() -> None:
    got = binding(r"J_{x \odot y} = J_y D_x + \frac{\partial x}{\partial w} D_y")
    assert got.variable == "w"
    assert got.subject == Jacobian(Hadamard(Vector("x"), Vector("y")), "w")
    assert binding(r"J_{x \odot y} = J_y D_x").variable == DEFAULT_VARIABLE


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            r"\frac{\partial (x + y)}{\partial (x \odot y)} = 0",
            "the formula differentiates (x + y) with respect to (x ⊙ y); only a scalar (a loss "
            "L) is differentiated with respect to an expression",
        ),
        (
            r"\frac{\partial L}{\partial x} = \frac{\partial (L x)}{\partial x} + \frac{\partial L}{\partial (x \odot y)}",
            "L is differentiated only against variables and (x ⊙ y)",
        ),
    ],
)
def test_what_cannot_be_bound_is_refused(text: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        binding(text)
    assert str(info.value) == f"check-formula: {message}"


def test_a_gradient_through_a_chain_rule_binds_the_other_factors() -> None:
    got = binding(
        r"\frac{\partial L}{\partial x} = \frac{\partial (x \odot y)}{\partial x} "
        r"\frac{\partial L}{\partial (x \odot y)} + \frac{\partial g}{\partial x}"
    )
    assert got.form is Form.VJP
    # the derivative of x ⊙ y with respect to x is partial: y is held fixed, g moves
    assert {k: set(v) for k, v in got.functions.items()} == {"L": {"x"}, "g": {"x"}}
    assert got.constants == {"y"}
    assert got.scalars == {"L": "(x ⊙ y)"}
    declared = binding(
        r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial (x \odot y)} \odot y",
        constants=("y",),
    )
    assert declared.declared_constant == {"y"}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            r"\frac{\partial (u \odot v)}{\partial w} = \frac{\partial u}{\partial t}",
            "u functions of t, w; v functions of w; t, w the variables",
        ),
        (
            r"\frac{\partial (w \odot x)}{\partial x} = \mathrm{diag}(w) + g",
            "x the variable; g, w constant (independent of x)",
        ),
        (
            r"d(X \odot Y) = dX \odot Y + C",
            "X, Y arrays of any shape along a path t (d = d/dt); C constant (independent of the path)",
        ),
        (r"\frac{\partial \sigma(a)}{\partial a} = 0", "a the variable"),
        (
            r"\frac{\partial (x \odot y)}{\partial z} = x \mathbf{1}^\top",
            "x, y functions of z; z the variable",
        ),
    ],
)
def test_more_bindings_in_words(text: str, words: str) -> None:
    assert binding(text).hypotheses() == words
