"""The correct form of each form of the rule, in the reader's own names, and the erratum.

Each answer is the registry's statement renamed (x, y, z become the reader's u, v, w): the
main theorem and its constant-factor corollary for two factors, the three-factor theorem for
three, the differential theorem, the component and Leibniz steps, the backprop corollary for
a gradient, the element-wise corollary for σ. What the registry does not state for the
reader's case (four or more factors; the derivative with respect to a factor) follows the
same pattern: one term per factor that moves, each factor's Jacobian scaled by diag of the
product of the others. Nothing here decides a verdict; it only says what holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hadamard import Layout
from proofs.formula.names import Binding, Form
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
    Partial,
    Times,
    Transpose,
    Vector,
    Zero,
    substitute,
    walk,
)
from proofs.theory.registry import ERRATUM, theorem
from proofs.theory.statements import Role

__all__ = ["correct_side", "is_erratum", "rename", "written_factors"]


def rename(
    expr: Expr,
    names: Mapping[str, str],
    variables: Mapping[str, str] | None = None,
    indices: Mapping[str, str] | None = None,
) -> Expr:
    """``expr`` with its names, variables of differentiation and indices renamed."""
    wrt = variables or {}
    index = indices or {}

    def rule(node: Expr) -> Expr | None:
        match node:
            case Vector(name) | Array(name):
                return Vector(names.get(name, name))
            case Jacobian(of, v):
                return Jacobian(rename(of, names, wrt, index), wrt.get(v, v))
            case Partial(of, v, i):
                return Partial(rename(of, names, wrt, index), wrt.get(v, v), index.get(i, i))
            case Component(of, i):
                return Component(rename(of, names, wrt, index), index.get(i, i))
            case Apply(function, operand):
                return Apply(names.get(function, function), rename(operand, names, wrt, index))
            case Derivative(function, operand):
                return Derivative(names.get(function, function), rename(operand, names, wrt, index))
        return None

    return substitute(expr, rule)


def written_factors(subject: Expr) -> list[str]:
    """The factors of the subject's product, in the order they are written (repeats kept)."""
    operand = subject.of if isinstance(subject, Jacobian | Differential | Partial) else subject
    if isinstance(operand, Component):
        operand = operand.of
    names: list[str] = []

    def visit(node: Expr) -> None:
        if isinstance(node, Hadamard | MatMul | Times):
            visit(node.left)
            visit(node.right)
        elif isinstance(node, Component):
            visit(node.of)
        elif isinstance(node, Vector | Array):
            names.append(node.name)

    visit(operand)
    return names


def _product(names: Sequence[str]) -> Expr:
    expr: Expr = Vector(names[0])
    for name in names[1:]:
        expr = Hadamard(expr, Vector(name))
    return expr


def _sum(terms: Sequence[Expr]) -> Expr:
    if not terms:
        return Zero()
    total = terms[0]
    for term in terms[1:]:
        total = Add(total, term)
    return total


def _others(names: Sequence[str], at: int) -> list[str]:
    return [n for k, n in enumerate(names) if k != at]


def _jacobian_form(
    factors: Sequence[str], variable: str, layout: Layout, constant: frozenset[str]
) -> Expr:
    """∂(f₁ ⊙ … ⊙ f_k)/∂w for factors that are functions of w (those in ``constant`` are not)."""
    den = layout is Layout.DENOMINATOR
    moving = [n for n in factors if n not in constant]
    if len(factors) == 2 and len(set(factors)) == 2 and not constant:
        main = theorem("hadamard_product").statement(layout).conclusion.equation.rhs
        return rename(main, {"x": factors[0], "y": factors[1]}, {"z": variable})
    if len(factors) == 2 and len(moving) == 1 and len(set(factors)) == 2:
        (corollary,) = (
            c
            for c in theorem("hadamard_product").corollaries_in(layout)
            if c.id.startswith("constant_x")
        )
        fixed = next(n for n in factors if n in constant)
        return rename(corollary.statement.rhs, {"x": fixed, "y": moving[0]}, {"z": variable})
    if len(factors) == 3 and len(set(factors)) == 3 and not constant:
        three = theorem("hadamard_product_three").statement(layout).conclusion.equation.rhs
        mapping = {"x": factors[0], "y": factors[1], "w": factors[2]}
        return rename(three, mapping, {"z": variable})
    terms: list[Expr] = []
    for k, name in enumerate(factors):
        if name in constant:
            continue
        jacobian, diag = Jacobian(Vector(name), variable), Diag(_product(_others(factors, k)))
        terms.append(MatMul(jacobian, diag) if den else MatMul(diag, jacobian))
    return _sum(terms)


def _factor_form(factors: Sequence[str], variable: str) -> Expr:
    """∂(w ⊙ x)/∂x = diag(w): each occurrence of x contributes diag of the others (any layout)."""
    terms = [
        Diag(_product(_others(factors, k))) for k, name in enumerate(factors) if name == variable
    ]
    return _sum(terms)


def _differential_form(factors: Sequence[str], constant: frozenset[str]) -> Expr:
    if len(factors) == 2 and len(set(factors)) == 2 and not constant:
        rhs = theorem("hadamard_differential").statements[0].conclusion.equation.rhs
        return rename(rhs, {"X": factors[0], "Y": factors[1]})
    terms: list[Expr] = []
    for k, name in enumerate(factors):
        if name in constant:
            continue
        pieces: list[Expr] = [Vector(n) for n in factors]
        pieces[k] = Differential(Vector(name))
        product = pieces[0]
        for piece in pieces[1:]:
            product = Hadamard(product, piece)
        terms.append(product)
    return _sum(terms)


def _entry_differential_form(factors: Sequence[str], index: str, constant: frozenset[str]) -> Expr:
    """d(X_k Y_k) = dX_k Y_k + X_k dY_k (the registry's Leibniz step for the differential)."""
    if len(factors) == 2 and len(set(factors)) == 2 and not constant:
        step = theorem("hadamard_differential").statements[0].step(Role.LEIBNIZ)
        mapping = {"X": factors[0], "Y": factors[1]}
        return rename(step.equation.rhs, mapping, indices={"k": index})
    terms: list[Expr] = []
    for k, name in enumerate(factors):
        if name in constant:
            continue
        pieces: list[Expr] = [Component(Vector(n), index) for n in factors]
        pieces[k] = Component(Differential(Vector(name)), index)
        product = pieces[0]
        for piece in pieces[1:]:
            product = Times(product, piece)
        terms.append(product)
    return _sum(terms)


def _entry_form(factors: Sequence[str], index: str) -> Expr:
    expr: Expr = Component(Vector(factors[0]), index)
    for name in factors[1:]:
        expr = Times(expr, Component(Vector(name), index))
    return expr


def _leibniz_form(
    factors: Sequence[str], variable: str, index: str, at: str, constant: frozenset[str]
) -> Expr:
    if len(factors) == 2 and len(set(factors)) == 2 and not constant:
        step = theorem("hadamard_product").statement(Layout.DENOMINATOR).step(Role.LEIBNIZ)
        mapping = {"x": factors[0], "y": factors[1]}
        return rename(step.equation.rhs, mapping, {"z": variable}, {"i": index, "j": at})
    terms: list[Expr] = []
    for k, name in enumerate(factors):
        if name in constant:
            continue
        partial: Expr = Partial(Component(Vector(name), index), variable, at)
        others = _others(factors, k)
        terms.append(Times(_entry_form(others, index), partial) if others else partial)
    return _sum(terms)


def _pure(expr: Expr) -> bool:
    """A product of names (x ⊙ y ⊙ w), of entries (x_i y_i), or an entry of one ((x ⊙ y)_i)."""
    match expr:
        case Vector() | Array():
            return True
        case Component(of, _):
            return _pure(of)
        case Hadamard(left, right) | MatMul(left, right) | Times(left, right):
            return _pure(left) and _pure(right)
    return False


def _differentiated(subject: Expr) -> Expr:
    match subject:
        case Jacobian(of, _) | Differential(of) | Partial(of, _, _):
            return of
    return subject  # pragma: no cover - every subject is a derivative or an entry


def _subject_form(binding: Binding, layout: Layout) -> Expr | None:
    """The correct value of the binding's subject, as an expression in the reader's names."""
    subject = binding.subject
    operand = subject if isinstance(subject, Component) else _differentiated(subject)
    if binding.form not in (Form.VJP, Form.MAP) and not _pure(operand):
        return None  # ∂(2 x ⊙ y)/∂z, ∂(x ⊙ y + w)/∂z: not a statement of the rule
    factors = written_factors(subject)
    constant = binding.declared_constant
    match binding.form:
        case Form.JACOBIAN | Form.JVP:
            return _jacobian_form(factors, binding.variable, layout, constant)
        case Form.FACTOR:
            return _factor_form(factors, binding.variable)
        case Form.DIFFERENTIAL:
            assert isinstance(subject, Differential)
            entries = [n.index for n in walk(subject.of) if isinstance(n, Component)]
            if entries:
                return _entry_differential_form(factors, entries[0], constant)
            return _differential_form(factors, constant)
        case Form.COMPONENT:
            assert isinstance(subject, Component)
            if len(factors) == 2 and len(set(factors)) == 2:
                step = theorem("hadamard_product").statement(layout).step(Role.COMPONENT)
                mapping = {"x": factors[0], "y": factors[1]}
                return rename(step.equation.rhs, mapping, indices={"i": subject.index})
            return _entry_form(factors, subject.index)
        case Form.LEIBNIZ:
            assert isinstance(subject, Partial)
            index = next(n.index for n in walk(subject.of) if isinstance(n, Component))
            return _leibniz_form(factors, subject.wrt, index, subject.index, constant)
        case Form.VJP:
            return _gradient_form(binding, layout)
        case Form.MAP:
            assert isinstance(subject, Jacobian)
            assert isinstance(subject.of, Apply)
            (corollary,) = (
                c
                for c in theorem("hadamard_product").corollaries_in(layout)
                if c.id.startswith("elementwise_map")
            )
            return rename(
                corollary.statement.rhs,
                {"a": binding.variable, "sigma": subject.of.function},
                {"a": binding.variable},
            )


def _gradient_form(binding: Binding, layout: Layout) -> Expr | None:
    """∂L/∂x = ∂L/∂(x ⊙ y) ⊙ y (a column in the denominator layout, a row in the numerator)."""
    subject = binding.subject
    assert isinstance(subject, Jacobian)
    assert isinstance(subject.of, Vector)
    (key,) = binding.scalars.values()
    names = written_factors(binding.expressions[key])
    if len(names) < 2 or not isinstance(binding.expressions[key], Hadamard):
        return None
    if names.count(binding.variable) != 1:
        return None
    others = _others(names, names.index(binding.variable))
    gradient: Expr = Jacobian(subject.of, key)
    column = gradient if layout is Layout.DENOMINATOR else Transpose(gradient)
    (backprop,) = (
        c for c in theorem("hadamard_product").corollaries_in(layout) if c.id.startswith("backprop")
    )
    rhs = backprop.statement.rhs

    def rule(node: Expr) -> Expr | None:
        if node == Vector("g"):
            return column
        if node == Vector("y"):
            return _product(others)
        return None

    return substitute(rhs, rule)


def correct_side(binding: Binding, layout: Layout) -> Expr | None:
    """What the first side of the binding's chain equals, in ``layout``: the correct form."""
    value = _subject_form(binding, layout)
    if value is None:
        return None
    subject = binding.subject
    return substitute(binding.sides[0], lambda node: value if node == subject else None)


def is_erratum(binding: Binding, right: Expr, layout: Layout) -> bool:
    """Whether ``right`` is the chapter's printed 6-1-3, read in the layout it declares."""
    if binding.form is not Form.JACOBIAN or layout is not ERRATUM.declared_layout:
        return False
    factors = written_factors(binding.subject)
    if len(factors) != 2 or len(set(factors)) != 2 or binding.declared_constant:
        return False
    if binding.sides[0] != binding.subject:
        return False
    for first, second in (factors, factors[::-1]):
        back = rename(right, {first: "x", second: "y"}, {binding.variable: "z"})
        if back == ERRATUM.printed.rhs:
            return True
    return False
