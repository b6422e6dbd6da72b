"""The symbolic verifier: what it accepts, what it rejects, and why.

It says no to the wrong sign, swapped factors, the other layout's form and every generated
variant of every registered step; on small hand-built equations each verdict pins the kind, the
exact reason (which entry, which case of equal indices, which rewrites), the entries shown and
the number of index cases. The range reasoning behind ``Sum.doit()`` and the case split over
equal indices are pinned on their own documented contracts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from itertools import chain

import pytest
import sympy as sp

from hadamard import Layout
from proofs.check.entries import EntryTranslator, M, N
from proofs.check.verify import _nonnegative, _partitions, _resolve, _truth, decide
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
from proofs.theory.mistakes import Mistake, mutants
from proofs.theory.registry import REGISTRY, theorem
from proofs.theory.statements import Equation
from proofs.theory.theorems.hadamard_product import correct_form

MAIN = theorem("hadamard_product")

X, Y, G = Vector("x"), Vector("y"), Vector("g")
XI, YI = Component(X, "i"), Component(Y, "i")


def _step(layout: Layout, label: str) -> Equation:
    return next(s.equation for s in MAIN.statement(layout).steps if s.label == label)


def _with_rhs(equation: Equation, rhs: Expr) -> Equation:
    return dataclasses.replace(equation, rhs=rhs)


LEIBNIZ_WRONG: dict[str, Expr] = {
    "wrong sign": Add(Times(XI, Partial(YI, "z", "j")), Neg(Times(YI, Partial(XI, "z", "j")))),
    "swapped factors x_i ∂x_i/∂z_j": Add(
        Times(XI, Partial(XI, "z", "j")), Times(YI, Partial(YI, "z", "j"))
    ),
    "one term only": Times(XI, Partial(YI, "z", "j")),
    "derivative of the product of the wrong index": Times(Component(X, "j"), Partial(YI, "z", "j")),
}


@pytest.mark.parametrize("layout", list(Layout), ids=lambda layout: layout.value)
@pytest.mark.parametrize("kind", sorted(LEIBNIZ_WRONG))
def test_wrong_leibniz_rules_are_rejected(layout: Layout, kind: str) -> None:
    verdict = decide(_with_rhs(_step(layout, "6-1-2"), LEIBNIZ_WRONG[kind]))
    assert not verdict.holds
    assert verdict.kind in ("fails", "shape clash")


DENOMINATOR_WRONG: dict[str, Expr] = {
    "wrong sign": Add(MatMul(Jacobian(Y), Diag(X)), Neg(MatMul(Jacobian(X), Diag(Y)))),
    "swapped factors": Add(MatMul(Jacobian(X), Diag(X)), MatMul(Jacobian(Y), Diag(Y))),
    "one term only": MatMul(Jacobian(Y), Diag(X)),
    "doubled": Scale(2, correct_form(Layout.DENOMINATOR)),
    "transposed Jacobians": Add(
        MatMul(Transpose(Jacobian(Y)), Diag(X)), MatMul(Transpose(Jacobian(X)), Diag(Y))
    ),
}


@pytest.mark.parametrize("kind", sorted(DENOMINATOR_WRONG))
def test_wrong_denominator_matrix_forms_are_rejected(kind: str) -> None:
    verdict = decide(_with_rhs(_step(Layout.DENOMINATOR, "6-1-3"), DENOMINATOR_WRONG[kind]))
    assert not verdict.holds, kind


def test_numerator_form_in_the_denominator_layout_clashes_then_fails_when_square() -> None:
    wrong = _with_rhs(_step(Layout.DENOMINATOR, "6-1-3"), correct_form(Layout.NUMERATOR))
    general = decide(wrong)
    assert general.kind == "shape clash"
    assert "(N × N) · (M × N)" in general.reason
    assert "denominator layout" in general.reason
    square = decide(wrong, square=True)
    assert square.kind == "fails"
    assert "differs" in square.reason


def test_denominator_form_in_the_numerator_layout_is_rejected() -> None:
    wrong = _with_rhs(_step(Layout.NUMERATOR, "6-1-3"), correct_form(Layout.DENOMINATOR))
    assert decide(wrong).kind == "shape clash"
    assert decide(wrong, square=True).kind == "fails"


def test_correct_form_holds_also_when_square() -> None:
    assert decide(_step(Layout.DENOMINATOR, "6-1-3"), square=True).holds


FORMS = [(t.id, layout) for t in REGISTRY for layout in t.layouts]


@pytest.mark.parametrize(("theorem_id", "layout"), FORMS, ids=lambda v: getattr(v, "value", v))
def test_every_generated_mutant_is_rejected(theorem_id: str, layout: Layout | None) -> None:
    t = theorem(theorem_id)
    kinds = set()
    for step in t.statement(layout).steps:
        for kind, wrong in mutants(step, t):
            kinds.add(kind)
            assert not decide(wrong.equation).holds, (step.label, kind)
    expected = {Mistake.WRONG_SIGN, Mistake.SWAPPED_FACTORS}
    assert kinds == (expected if layout is None else expected | {Mistake.OTHER_LAYOUT})


def test_constant_x_needs_its_assumption() -> None:
    corollary = MAIN.corollaries_in(Layout.DENOMINATOR)[0]
    assert decide(corollary.statement, assumptions=corollary.assumptions).holds
    without = decide(corollary.statement)
    assert without.kind == "fails"
    assert "dx_dz(i, j)*y(i)" in without.reason


def test_wrong_backprop_is_rejected() -> None:
    statement = MAIN.corollaries_in(Layout.DENOMINATOR)[3].statement
    assert decide(statement).holds
    assert not decide(_with_rhs(statement, Hadamard(G, X))).holds


def test_unknown_node_is_named() -> None:
    @dataclass(frozen=True)
    class Mystery:
        """Not a node of proofs.theory.expr."""

    translator = EntryTranslator(Layout.DENOMINATOR)
    # mypy rejects the call; at run time the exhaustive visitor names what it got.
    with pytest.raises(AssertionError, match="Mystery"):
        translator.translate(Mystery())  # type: ignore[arg-type]


# -- hand-built equations ------------------------------------------------------------------

Z, A = Vector("z"), Vector("a")
DEN = Layout.DENOMINATOR


def _eq(lhs: Expr, rhs: Expr, layout: Layout | None = DEN) -> Equation:
    return Equation(lhs, rhs, layout)


# -- verdicts ------------------------------------------------------------------------------


def test_a_column_is_checked_at_its_generic_entry_i_1() -> None:
    verdict = decide(_eq(Hadamard(X, Y), Hadamard(Y, X)))
    assert verdict.kind == "holds"
    assert verdict.holds
    assert verdict.reason == "Entry (i, 1): lhs − rhs expands to 0 in all 1 index case(s)"
    assert (verdict.lhs_entry, verdict.rhs_entry) == ("x(i)*y(i)", "x(i)*y(i)")
    assert (verdict.shape, verdict.sums, verdict.cases) == ("N × 1", 0, 1)


def test_a_column_that_differs_fails_with_the_residue() -> None:
    verdict = decide(_eq(Hadamard(X, Y), Hadamard(X, X)))
    assert verdict.kind == "fails"
    assert not verdict.holds
    assert verdict.reason == (
        "Entry (i, 1) differs when all distinct: lhs − rhs = -x(i)**2 + x(i)*y(i)"
    )
    assert (verdict.lhs_entry, verdict.rhs_entry) == ("x(i)*y(i)", "x(i)**2")
    assert verdict.cases == 1


def test_a_scalar_is_named_the_scalar() -> None:
    xi, yi = Component(X, "i"), Component(Y, "i")
    verdict = decide(_eq(Times(xi, yi), Times(yi, xi)))
    assert verdict.reason == "The scalar: lhs − rhs expands to 0 in all 1 index case(s)"
    assert verdict.shape == "1 × 1"


def test_diagonals_that_differ_fail_only_in_the_case_of_equal_indices() -> None:
    # N × N: the row index is i, the column index i'; δ(i, i') is split into i ≠ i', i = i'.
    verdict = decide(_eq(Diag(X), Diag(Y)))
    assert verdict.kind == "fails"
    assert verdict.reason == "Entry (i, i') differs when i = i': lhs − rhs = x(i) - y(i)"
    assert verdict.lhs_entry == "x(i)*KroneckerDelta(i, i')"
    assert verdict.rhs_entry == "y(i)*KroneckerDelta(i, i')"
    assert verdict.cases == 2


def test_an_off_diagonal_difference_fails_when_the_indices_are_distinct() -> None:
    verdict = decide(_eq(Diag(X), MatMul(X, Transpose(Y))))
    assert verdict.kind == "fails"
    assert verdict.reason == "Entry (i, i') differs when all distinct: lhs − rhs = -x(i)*y(i')"
    assert verdict.rhs_entry == "x(i)*y(i')"
    assert verdict.rhs_unevaluated == "Sum(x(i)*y(i'), (k1, 1, 1))"
    assert (verdict.sums, verdict.cases) == (1, 1)


def test_an_equation_that_holds_only_case_by_case_holds() -> None:
    # Under ∂x/∂z = diag(y) (M = N) the two sides are y_i y_i' δ and y_i² δ: equal when
    # i = i', and both 0 when i ≠ i'; as polynomials they differ.
    statement = _eq(
        Jacobian(Hadamard(X, Y)),
        Add(MatMul(Jacobian(Y), Diag(X)), MatMul(Diag(Y), Diag(Y))),
    )
    verdict = decide(statement, assumptions=(_eq(Jacobian(X), Diag(Y)),), square=True)
    assert verdict.kind == "holds"
    assert verdict.reason == (
        "Entry (i, i') under dx_dz(v, u) := y(u)*KroneckerDelta(u, v): "
        "lhs − rhs expands to 0 in all 2 index case(s)"
    )
    assert verdict.cases == 2
    wrong = _eq(statement.lhs, Add(MatMul(Jacobian(Y), Diag(X)), MatMul(Diag(Y), Diag(X))))
    rejected = decide(wrong, assumptions=(_eq(Jacobian(X), Diag(Y)),), square=True)
    assert rejected.kind == "fails"
    assert "differs when i = i'" in rejected.reason


def _stated() -> list[tuple[Equation, tuple[Equation, ...]]]:
    theorems = ((s.equation, ()) for t in REGISTRY for st in t.statements for s in st.steps)
    corollaries = ((c.statement, c.assumptions) for t in REGISTRY for c in t.corollaries)
    return list(chain(theorems, corollaries))


@pytest.mark.parametrize(("equation", "assumptions"), _stated())
def test_every_stated_equation_holds_with_its_sides_swapped(
    equation: Equation, assumptions: tuple[Equation, ...]
) -> None:
    swapped = _eq(equation.rhs, equation.lhs, equation.layout)
    assert decide(swapped, assumptions=assumptions).holds


def test_the_elementwise_map_is_checked_in_two_index_cases() -> None:
    # ∂σ(a)/∂a is diagonal: a is a variable (named on the right only here), δ(i, i') splits.
    verdict = decide(_eq(Diag(Derivative("sigma", A)), Jacobian(Apply("sigma", A), wrt="a")))
    assert verdict.holds
    assert verdict.reason == "Entry (i, i'): lhs − rhs expands to 0 in all 2 index case(s)"


def test_each_group_of_equal_indices_is_named_in_the_case() -> None:
    # ∂a_i/∂a_j · ∂a_k/∂a_l = δ(i, j) δ(k, l) is 1 exactly when i = j and k = l.
    def delta(i: str, j: str) -> Expr:
        return Partial(Component(A, i), "a", j)

    verdict = decide(_eq(Times(delta("i", "j"), delta("k", "l")), Zero()))
    assert verdict.kind == "fails"
    assert verdict.reason in (
        "The scalar differs when i = j, k = l: lhs − rhs = 1",
        "The scalar differs when i = j = k = l: lhs − rhs = 1",
    )


def test_inner_products_are_undecided_never_held() -> None:
    # Σ_k x_k y_k against Σ_k y_k x_k: the sums stay unevaluated, so there is no verdict.
    verdict = decide(_eq(MatMul(Transpose(X), Y), MatMul(Transpose(Y), X)))
    assert verdict.kind == "undecided"
    assert not verdict.holds
    assert verdict.reason == (
        "The scalar: residue Sum(x(k1)*y(k1), (k1, 1, N)) - Sum(x(k2)*y(k2), (k2, 1, N)) "
        "not decided (all distinct)"
    )
    assert verdict.lhs_entry == "Sum(x(k1)*y(k1), (k1, 1, N))"
    assert (verdict.shape, verdict.sums) == ("1 × 1", 2)


# -- shapes --------------------------------------------------------------------------------


def test_sides_of_different_shapes_clash() -> None:
    verdict = decide(_eq(X, Z))
    assert verdict.kind == "shape clash"
    assert verdict.reason == (
        "the sides have different shapes in the denominator layout: N × 1 against M × 1"
    )
    assert (verdict.lhs_entry, verdict.shape, verdict.cases) == ("", "", 0)


def test_an_index_over_two_ranges_clashes() -> None:
    # x_j makes j range over 1..N; the 1 × M result's column index j ranges over 1..M.
    verdict = decide(_eq(MatMul(Component(X, "j"), Transpose(Z)), Transpose(Z)))
    assert verdict.kind == "shape clash"
    assert verdict.reason == "index j ranges over 1..N and 1..M at once"


@pytest.mark.parametrize(
    ("lhs", "rhs", "residue"), [(Zero(), X, "-x(i)"), (X, Zero(), "x(i)")], ids=["O = x", "x = O"]
)
def test_zero_takes_the_shape_of_the_other_side(lhs: Expr, rhs: Expr, residue: str) -> None:
    verdict = decide(_eq(lhs, rhs))
    assert verdict.kind == "fails"
    assert verdict.reason == f"Entry (i, 1) differs when all distinct: lhs − rhs = {residue}"
    assert verdict.shape == "N × 1"


def test_zero_against_zero_is_a_scalar() -> None:
    verdict = decide(_eq(Zero(), Zero()))
    assert verdict.holds
    assert verdict.reason == "The scalar: lhs − rhs expands to 0 in all 1 index case(s)"
    assert verdict.shape == "1 × 1"


# -- assumptions ---------------------------------------------------------------------------


def test_assumptions_are_named_in_the_reason() -> None:
    statement = _eq(Jacobian(Hadamard(X, Y)), MatMul(Jacobian(Y), Diag(X)))
    constant = (_eq(Jacobian(X), Zero()), _eq(Jacobian(G), Zero()))
    verdict = decide(statement, assumptions=constant)
    assert verdict.holds
    assert verdict.reason == (
        "Entry (j, i) under dx_dz(v, u) := 0; dg_dz(v, u) := 0: "
        "lhs − rhs expands to 0 in all 1 index case(s)"
    )


def test_an_assumption_rewrites_one_unknown_into_another() -> None:
    same = (_eq(Jacobian(X), Jacobian(Y)),)
    doubled = Add(MatMul(Jacobian(Y), Diag(X)), MatMul(Jacobian(Y), Diag(Y)))
    verdict = decide(_eq(Jacobian(Hadamard(X, Y)), doubled), assumptions=same)
    assert verdict.holds
    assert verdict.reason.startswith("Entry (j, i) under dx_dz(v, u) := dy_dz(v, u): ")
    assert decide(_eq(Jacobian(Hadamard(X, Y)), doubled)).kind == "fails"
    single = MatMul(Jacobian(Y), Diag(X))
    assert decide(_eq(Jacobian(Hadamard(X, Y)), single), assumptions=same).kind == "fails"


def test_an_assumption_with_sides_of_different_shapes_clashes() -> None:
    statement = MAIN.statement(DEN).conclusion.equation
    verdict = decide(statement, assumptions=(_eq(Jacobian(X), X),))
    assert verdict.kind == "shape clash"
    assert verdict.reason == "assumption ∂x/∂z = x has sides of different shapes"


def test_an_assumption_never_rewrites_a_vector_named_like_a_derivative() -> None:
    # dx_dz is also the name of the unknown ∂x_k/∂z_j; x ⊙ y's derivative plus a wrong extra
    # term ∂y/∂z diag(dx_dz) must not hold just because ∂x/∂z = O erases the vector too.
    extra = MatMul(Jacobian(Y), Diag(Vector("dx_dz")))
    wrong = _eq(Jacobian(Hadamard(X, Y)), Add(MatMul(Jacobian(Y), Diag(X)), extra))
    try:
        verdict = decide(wrong, assumptions=(_eq(Jacobian(X), Zero()),))
    except ValueError:
        return  # refusing the name clash is sound too
    assert not verdict.holds


@pytest.mark.parametrize(
    ("assumption", "text", "entry"),
    [
        (_eq(X, Y), "x = y", "x(u)"),
        (_eq(Jacobian(A, wrt="a"), Zero()), "∂a/∂a = O", "KroneckerDelta(u, v)"),
        (_eq(MatMul(Jacobian(X), Diag(Y)), Zero()), "∂x/∂z diag(y) = O", "Piecewise("),
    ],
    ids=["a vector", "the identity", "a product"],
)
def test_an_assumption_must_rewrite_a_single_unknown(
    assumption: Equation, text: str, entry: str
) -> None:
    with pytest.raises(NotImplementedError) as raised:
        decide(MAIN.statement(DEN).conclusion.equation, assumptions=(assumption,))
    message = str(raised.value)
    assert message.startswith(f"assumption {text}: lhs entry {entry}")
    assert message.endswith(" is not a single unknown")


def test_a_rewrite_that_keeps_a_range_condition_is_undecided() -> None:
    # The assumption's own entry is computed without index ranges, so its Σ_k stays a
    # Piecewise in the range of v: the verifier must not claim the equation.
    statement = _eq(Jacobian(Hadamard(X, Y)), MatMul(Jacobian(Y), Diag(X)))
    product = (_eq(Jacobian(X), MatMul(Jacobian(Y), Diag(G))),)
    verdict = decide(statement, assumptions=product)
    assert verdict.kind == "undecided"
    assert "Piecewise" in verdict.reason


# -- the range reasoning behind Sum.doit() --------------------------------------------------

INDEX_I = sp.Symbol("i", integer=True, positive=True)
RANGES = {INDEX_I: N}


@pytest.mark.parametrize(
    ("value", "nonnegative"),
    [
        (sp.Integer(0), True),
        (sp.Integer(3), True),
        (sp.Integer(-1), False),
        (INDEX_I - 1, True),  # i ≥ 1
        (INDEX_I + 2, True),
        (INDEX_I - 2, False),
        (N - INDEX_I, True),  # i ≤ N
        (N - INDEX_I + 1, True),
        (N - INDEX_I - 1, False),
        (N - M, False),
    ],
)
def test_nonnegative_follows_from_one_range_fact(value: sp.Expr, nonnegative: bool) -> None:
    assert _nonnegative(value, RANGES) is nonnegative


TRUE_ = sp.Le(INDEX_I, N)
FALSE_ = sp.Gt(INDEX_I, N)
OPEN = sp.Ge(N, M)


@pytest.mark.parametrize(
    ("condition", "truth"),
    [
        (sp.true, True),
        (sp.false, False),
        (sp.Ge(N, INDEX_I), True),
        (sp.Ge(INDEX_I, N + 1), False),
        (sp.Ge(N, INDEX_I + 1), None),
        (sp.Le(INDEX_I, N), True),
        (sp.Le(N + 1, INDEX_I), False),
        (sp.Le(INDEX_I, N - 1), None),
        (sp.Gt(N + 1, INDEX_I), True),
        (sp.Gt(INDEX_I, N), False),
        (sp.Gt(N, INDEX_I), None),
        (sp.Lt(INDEX_I, N + 1), True),
        (sp.Lt(N, INDEX_I), False),
        (sp.Lt(INDEX_I, N), None),
        (sp.Ge(INDEX_I, 2), None),  # i = 1 is in range, so is i = 2
        (sp.Le(INDEX_I, 2), None),
        (sp.Lt(INDEX_I, 2), None),
        (sp.Ge(N, M), None),
        (sp.And(TRUE_, sp.Le(INDEX_I, N + 1), evaluate=False), True),
        (sp.And(TRUE_, OPEN, evaluate=False), None),
        (sp.And(OPEN, FALSE_, evaluate=False), False),
        (sp.Or(FALSE_, sp.Ge(INDEX_I, N + 2), evaluate=False), False),
        (sp.Or(FALSE_, OPEN, evaluate=False), None),
        (sp.Or(OPEN, TRUE_, evaluate=False), True),
    ],
    ids=str,
)
def test_range_conditions_are_decided_by_the_index_ranges(
    condition: sp.Basic, truth: bool | None
) -> None:
    assert _truth(condition, RANGES) is truth


def test_the_branch_the_ranges_select_is_taken() -> None:
    x, y = sp.Function("x"), sp.Function("y")
    k = sp.Symbol("k", integer=True, positive=True)
    picked = sp.Piecewise(
        (x(INDEX_I), sp.Gt(INDEX_I, N)), (y(INDEX_I), sp.Le(INDEX_I, N)), (0, True)
    )
    assert _resolve(picked, RANGES) == y(INDEX_I)
    assert _resolve(sp.Sum(sp.KroneckerDelta(INDEX_I, k) * x(k), (k, 1, N)), RANGES) == x(INDEX_I)
    open_ = sp.Piecewise((x(INDEX_I), sp.Ge(N, M)), (0, True))
    assert _resolve(open_, RANGES) == open_
    # Without the range of i, Σ_k δ(i, k) x_k keeps its condition i ≤ N.
    assert isinstance(
        _resolve(sp.Sum(sp.KroneckerDelta(INDEX_I, k) * x(k), (k, 1, N)), {}), sp.Piecewise
    )


def _canonical(partition: list[list[int]]) -> frozenset[frozenset[int]]:
    return frozenset(frozenset(block) for block in partition)


@pytest.mark.parametrize(("size", "bell"), [(0, 1), (1, 1), (2, 2), (3, 5), (4, 15)])
def test_every_case_of_equal_indices_comes_once(size: int, bell: int) -> None:
    items = list(range(size))
    partitions = list(_partitions(items))
    assert len(partitions) == bell
    assert len({_canonical(p) for p in partitions}) == bell
    for partition in partitions:
        assert sorted(item for block in partition for item in block) == items
