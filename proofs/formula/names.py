"""Binding a formula's names: which form of the rule it states, and what each name stands for.

The left-hand side says it: ∂(u ⊙ v)/∂w names the factors u, v and the variable w (u and v are
then functions of w, or, when w is one of them, the other factors are independent of it);
d(X ⊙ Y) names arrays that move along a path; ∂L/∂x with ∂L/∂(x ⊙ y) on the right names a
scalar L of the product. Without a left-hand side, the names differentiated on the right name
the factors and the variable (x, y and z are only the fallback). Every other name is a
constant. What cannot be bound is refused, naming the token and why: a formula that
differentiates a name defined elsewhere, a definition, second derivatives.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from proofs.formula.evaluate import ONES
from proofs.formula.syntax import Chain, Reading, expression_key
from proofs.formula.tokens import refuse
from proofs.theory.expr import (
    Apply,
    Component,
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
    children,
    substitute,
    walk,
)

__all__ = ["DEFAULT_VARIABLE", "FALLBACK", "PATH", "Binding", "Form", "bind", "factor_order"]

FALLBACK = ("x", "y")
"""The factors of a formula that names none (``O``, ``2 * O``): the chapter's x and y."""

DEFAULT_VARIABLE = "z"
"""The variable when a formula names none (``J_y`` alone, or no derivative at all)."""

PATH = "(path)"
"""The parameter t of the path a differential is taken along (dX = d/dt X(t) at t = 0); not
a name a formula can have, so a variable named t stays the reader's."""


class Form(enum.Enum):
    """The forms of the rule a formula can state."""

    JACOBIAN = "the Jacobian with respect to a variable"
    FACTOR = "the Jacobian with respect to one of the factors"
    JVP = "a Jacobian-vector product"
    DIFFERENTIAL = "the differential"
    COMPONENT = "the product entry by entry"
    LEIBNIZ = "the product rule on one entry"
    VJP = "the gradient through the product (backpropagation)"
    MAP = "an element-wise function"


@dataclass(frozen=True)
class Binding:
    """What a formula's names stand for, and the form it states."""

    form: Form
    sides: tuple[Expr, ...]
    """The chain's sides, the rule's subject in the first, unnamed variables named."""
    subject: Expr
    """The derivative (or entry) of the product that the first side states."""
    factors: tuple[str, ...]
    variable: str
    """The variable of differentiation (``PATH`` for a differential, "" for an entry)."""
    functions: Mapping[str, frozenset[str]]
    """Each name that moves, and the variables (or ``PATH``) it depends on."""
    variables: frozenset[str]
    constants: frozenset[str]
    scalars: Mapping[str, str] = field(default_factory=dict)
    """A scalar L (a function of an expression) and the key of that expression."""
    expressions: Mapping[str, Expr] = field(default_factory=dict)
    arrays: bool = False
    """True when the names are arrays of any shape (a differential of capitals: d(X ⊙ Y))."""
    declared_constant: frozenset[str] = frozenset()
    """The factors the reader said are constant (the chapter's Note)."""

    @property
    def names(self) -> tuple[str, ...]:
        """Every name, in a fixed order."""
        return factor_order(
            set(self.functions) | self.variables | self.constants | set(self.scalars)
        )

    def hypotheses(self) -> str:
        """The binding in words, for the report."""
        parts: list[str] = []
        by_dependence: dict[frozenset[str], list[str]] = {}
        for name in factor_order(self.functions):
            if name not in self.variables and name not in self.scalars:
                by_dependence.setdefault(self.functions[name], []).append(name)
        for dependence, names in by_dependence.items():
            on = ", ".join(sorted(dependence))
            kind = "arrays of any shape" if self.arrays else "functions"
            if dependence == {PATH}:
                parts.append(f"{', '.join(names)} {kind} along a path t (d = d/dt)")
            else:
                parts.append(f"{', '.join(names)} {kind} of {on}")
        for scalar, key in self.scalars.items():
            parts.append(f"{scalar} a scalar function of {key}")
        variables = sorted(v for v in self.variables if v != PATH)
        if variables:
            parts.append(f"{', '.join(variables)} the variable{'s' if len(variables) > 1 else ''}")
        constants = factor_order(self.constants - {ONES})
        if constants and not self.variable:
            parts.append(f"{', '.join(constants)} any vectors")
        elif constants:
            over = "the path" if self.variable == PATH else self.variable
            parts.append(f"{', '.join(constants)} constant (independent of {over})")
        return "; ".join(parts)


def factor_order(names: Iterable[str]) -> tuple[str, ...]:
    """x and y first (as the chapter writes them), then the others alphabetically."""
    return tuple(sorted(set(names), key=lambda n: (n not in ("x", "y"), n.lower(), n)))


def _vectors(expr: Expr) -> list[str]:
    """The names in ``expr``, in order of appearance, without repeats."""
    names: list[str] = []
    for node in walk(expr):
        if isinstance(node, Vector) and node.name not in names:
            names.append(node.name)
    return names


def _alone(expr: Expr) -> str | None:
    """The name ``expr`` is, or the entry of (x, x_i); None for an expression."""
    if isinstance(expr, Component):
        expr = expr.of
    return expr.name if isinstance(expr, Vector) and expr.name != ONES else None


def _is_derivative(node: Expr) -> bool:
    return isinstance(node, Jacobian | Differential | Partial)


def _product_factors(expr: Expr) -> list[Expr] | None:
    """The factors of a product of two or more (⊙, or entries multiplied), else None."""
    if isinstance(expr, Hadamard):
        return [
            *(_product_factors(expr.left) or [expr.left]),
            *(_product_factors(expr.right) or [expr.right]),
        ]
    if isinstance(expr, MatMul | Times) and _entry(expr.left) and _entry(expr.right):
        return [
            *(_product_factors(expr.left) or [expr.left]),
            *(_product_factors(expr.right) or [expr.right]),
        ]
    return None


def _entry(expr: Expr) -> bool:
    """An entry-level term: x_i, or a product of them."""
    if isinstance(expr, Component):
        return True
    return isinstance(expr, MatMul | Times) and _entry(expr.left) and _entry(expr.right)


def _has_product(expr: Expr) -> bool:
    """Whether ``expr`` holds a product of two or more (⊙, or entries multiplied)."""
    return any(_product_factors(node) for node in walk(expr))


def _subject(expr: Expr, reading: Reading) -> Expr | None:
    """The outermost node of ``expr`` that states a form of the rule: a derivative of something
    holding a product (or of σ(a)), else an entry of a product."""
    for node in walk(expr):  # parents before children: the outermost derivative comes first
        match node:
            case Jacobian(of, wrt) if _has_product(of) or isinstance(of, Apply):
                return node
            case Jacobian(Vector(), wrt) if wrt in reading.expressions:
                return None
            case Differential(of) | Partial(of, _, _) if _has_product(of):
                return node
            case Component(Hadamard(), _):
                return node
    return None


def _gradient_subject(sides: tuple[Expr, ...], reading: Reading) -> Expr | None:
    """∂L/∂x on the first side, where the chain also has ∂L/∂(x ⊙ y)."""
    scalars = {
        node.of.name
        for side in sides
        for node in walk(side)
        if isinstance(node, Jacobian)
        and isinstance(node.of, Vector)
        and node.wrt in reading.expressions
    }
    for node in walk(sides[0]):
        if (
            isinstance(node, Jacobian)
            and isinstance(node.of, Vector)
            and node.of.name in scalars
            and node.wrt not in reading.expressions
        ):
            return node
    return None


def bind(chain: Chain, reading: Reading, *, constants: frozenset[str] = frozenset()) -> Binding:
    """The form ``chain`` states and what its names stand for; InputError when it states none."""
    sides = chain.sides
    _refuse_second_derivatives(sides)
    if len(sides) == 1:
        return _bind_one_side(sides[0], reading, constants)
    subject = _subject(sides[0], reading) or _gradient_subject(sides, reading)
    if subject is None:
        flipped = tuple(reversed(sides))
        subject = _subject(flipped[0], reading) or _gradient_subject(flipped, reading)
        if subject is not None:
            sides = flipped
    if subject is None:
        raise refuse(_not_the_rule(sides, reading))
    return _bind_subject(subject, sides, reading, constants)


def _refuse_second_derivatives(sides: tuple[Expr, ...]) -> None:
    for node in walk(*sides):
        if _is_derivative(node):
            for inner in walk(*children(node)):
                if _is_derivative(inner):
                    raise refuse(
                        "a derivative of a derivative is out of scope (second derivatives)"
                    )


def _not_the_rule(sides: tuple[Expr, ...], reading: Reading) -> str:
    """Why a chain is not a form of the rule, naming what the left-hand side differentiates."""
    for node in walk(sides[0]):
        if isinstance(node, Jacobian | Partial | Differential):
            operand = node.of
            if isinstance(operand, Vector):
                return (
                    f"the formula differentiates {operand.name}, which it does not define as a "
                    "product (a definition elsewhere in the document is out of scope)"
                )
            if isinstance(node, Jacobian) and node.wrt in reading.expressions:
                return (
                    f"the formula differentiates {expression_key(operand)} with respect to "
                    f"{node.wrt}; only a scalar (a loss L) is differentiated with respect to an "
                    "expression"
                )
    return (
        "the formula is not a form of the Hadamard product rule: neither side is a derivative "
        "or a differential of a product (definitions, such as LSTM gate equations, are out of "
        "scope)"
    )


def _named_variable(sides: Iterable[Expr]) -> str:
    """The variable the formula names (the first explicit ∂/∂w), else z."""
    for node in walk(*sides):
        if isinstance(node, Jacobian | Partial) and node.wrt and not node.wrt.startswith("("):
            return node.wrt
    return DEFAULT_VARIABLE


def _fill_variable(sides: tuple[Expr, ...], variable: str) -> tuple[Expr, ...]:
    """``J_y`` and ``∇y`` with no variable named take the formula's variable."""

    def fill(node: Expr) -> Expr | None:
        if isinstance(node, Jacobian) and not node.wrt:
            return Jacobian(substitute(node.of, fill), variable)
        return None

    return tuple(substitute(side, fill) for side in sides)


def _bind_one_side(side: Expr, reading: Reading, constants: frozenset[str]) -> Binding:
    """A formula with no left-hand side: the right-hand side of ∂(x ⊙ y)/∂z, or of d(X ⊙ Y)."""
    nodes = walk(side)
    if any(isinstance(n, Partial | Component) for n in nodes):
        raise refuse("an entry-level formula needs its left-hand side (… = …)")
    if any(isinstance(n, Jacobian) and n.wrt in reading.expressions for n in nodes):
        raise refuse("a gradient formula needs its left-hand side (∂L/∂x = …)")
    has_differential = any(isinstance(n, Differential) for n in nodes)
    variables = {n.wrt for n in nodes if isinstance(n, Jacobian) and n.wrt}
    if has_differential and variables:
        raise refuse("a formula with both differentials and Jacobians needs its left-hand side")
    if len(variables) > 1:
        raise refuse(
            f"the formula differentiates with respect to {', '.join(sorted(variables))}; "
            "give its left-hand side"
        )
    variable = next(iter(variables), DEFAULT_VARIABLE)
    factors = _factors_named(side, variable) or FALLBACK
    product: Expr = Vector(factors[0])
    for name in factors[1:]:
        product = Hadamard(product, Vector(name))
    subject: Expr = Differential(product) if has_differential else Jacobian(product, variable)
    return _bind_subject(subject, (subject, side), reading, constants)


def _factors_named(side: Expr, variable: str) -> tuple[str, ...]:
    """The factors a right-hand side names: the names it differentiates, then those in diag(·),
    then every name; () when it names fewer than two (x and y are the fallback)."""
    differentiated: list[str] = []
    in_diag: list[str] = []
    for node in walk(side):
        if isinstance(node, Jacobian | Differential):
            differentiated.extend(_vectors(node.of))
        elif isinstance(node, Diag):
            in_diag.extend(_vectors(node.operand))
    for names in (differentiated, differentiated + in_diag, _vectors(side)):
        factors = factor_order(n for n in names if n not in (variable, ONES))
        if len(factors) >= 2:
            return factors
    return ()


def _bind_subject(
    subject: Expr, sides: tuple[Expr, ...], reading: Reading, constants: frozenset[str]
) -> Binding:
    all_nodes = walk(*sides)
    differential = isinstance(subject, Differential)
    if differential and any(isinstance(n, Jacobian | Partial) for n in all_nodes):
        raise refuse("a formula with both differentials and Jacobians is out of scope")
    if not differential and any(isinstance(n, Differential) for n in all_nodes):
        raise refuse("a formula with both differentials and Jacobians is out of scope")
    variable = PATH if differential else ""
    if isinstance(subject, Jacobian | Partial):
        variable = subject.wrt or _named_variable(sides)
    sides = _fill_variable(sides, variable or DEFAULT_VARIABLE)
    if isinstance(subject, Jacobian) and not subject.wrt:
        subject = Jacobian(subject.of, variable)
    # every name the subject differentiates moves with its variable (unless said constant)
    factors = factor_order(n for n in _vectors(_operand(subject)) if n != ONES)
    form = _form(subject, sides, factors, variable)
    functions: dict[str, set[str]] = {}
    variables: set[str] = set()
    scalars: dict[str, str] = {}
    if form is Form.VJP:
        return _bind_gradient(subject, sides, reading, constants)
    for node in all_nodes:
        if isinstance(node, Jacobian) and node.wrt in reading.expressions:
            raise refuse(
                f"∂/∂{node.wrt}: only a scalar (a loss L) is differentiated with respect to "
                "an expression"
            )
    if form is Form.MAP:
        assert isinstance(subject, Jacobian)
        assert isinstance(subject.of, Apply)
        if subject.of.operand != Vector(variable):
            # x would be a constant, and ∂σ(x)/∂z = O would hold: refused, not guessed
            from proofs.printing.latex import text  # SymPy loads only for this refusal

            function = text(Apply(subject.of.function, Vector(variable)))
            raise refuse(
                f"{text(subject.of)} applies a function to something other than the variable "
                f"{variable}: the chain rule is out of scope (the element-wise form is "
                f"∂{function}/∂{variable})"
            )
        variables.add(variable)
        factors = (variable,)
    elif form is Form.FACTOR:
        variables.add(variable)
    elif form is not Form.COMPONENT:
        if variable != PATH:
            variables.add(variable)
        for name in factors:
            if name not in constants:
                functions.setdefault(name, set()).add(variable)
    for node in walk(
        *(substitute(side, lambda n: Vector(ONES) if n == subject else None) for side in sides)
    ):
        # a name the formula differentiates on its own moves with that variable; the derivative
        # of an expression is partial (what is not said to move is held fixed)
        match node:
            case Jacobian(of, wrt) | Partial(of, wrt, _) if wrt not in reading.expressions:
                variables.add(wrt)
                moving = _alone(of)
                if moving is not None and moving not in variables and moving not in constants:
                    functions.setdefault(moving, set()).add(wrt)
            case Differential(of):
                moving = _alone(of)
                if moving is not None and moving not in constants:
                    functions.setdefault(moving, set()).add(PATH)
    every = {n for side in sides for n in _vectors(side) if n != ONES}
    names_left = every - set(functions) - variables - set(scalars)
    arrays = differential and any(name[:1].isupper() for name in factors)
    return Binding(
        form=form,
        sides=sides,
        subject=subject,
        factors=factors,
        variable=variable,
        functions={name: frozenset(deps) for name, deps in functions.items()},
        variables=frozenset(variables),
        constants=frozenset(names_left | (constants & every)),
        scalars=scalars,
        expressions=dict(reading.expressions),
        arrays=arrays,
        declared_constant=frozenset(constants & set(factors)),
    )


def _operand(subject: Expr) -> Expr:
    """What the subject differentiates (or takes an entry of): the product."""
    match subject:
        case Jacobian(of, _) | Differential(of) | Partial(of, _, _) | Component(of, _):
            return of
    raise AssertionError(f"not a subject: {subject}")  # pragma: no cover - _subject decides


def _form(subject: Expr, sides: tuple[Expr, ...], factors: tuple[str, ...], variable: str) -> Form:
    match subject:
        case Differential():
            return Form.DIFFERENTIAL
        case Component():
            return Form.COMPONENT
        case Partial():
            return Form.LEIBNIZ
        case Jacobian(Apply(), _):
            return Form.MAP
        case Jacobian(Vector(), _):
            return Form.VJP
        case Jacobian():
            if variable in factors:
                return Form.FACTOR
            return Form.JACOBIAN if sides[0] in (subject, Transpose(subject)) else Form.JVP
    raise AssertionError(f"no form for {subject}")  # pragma: no cover - _subject decides


def _bind_gradient(
    subject: Expr, sides: tuple[Expr, ...], reading: Reading, constants: frozenset[str]
) -> Binding:
    """∂L/∂x = ∂L/∂(x ⊙ y) ⊙ y: L a scalar function of the one expression it is taken against."""
    assert isinstance(subject, Jacobian)
    assert isinstance(subject.of, Vector)
    scalar = subject.of.name
    keys = {
        node.wrt
        for node in walk(*sides)
        if isinstance(node, Jacobian) and node.of == subject.of and node.wrt in reading.expressions
    }
    if len(keys) != 1:
        raise refuse(
            f"{scalar} is differentiated against {len(keys)} different expressions "
            f"({', '.join(sorted(keys))}); a gradient formula takes it against one product"
        )
    (key,) = keys
    expression = reading.expressions[key]
    variables: set[str] = set()
    derived: list[tuple[Expr, str]] = []
    for node in walk(*sides):
        if isinstance(node, Jacobian) and node.wrt not in reading.expressions:
            variables.add(node.wrt)
            if node.of != subject.of:
                derived.append((node.of, node.wrt))  # ∂(x ⊙ y)/∂x in a chain rule
    functions: dict[str, set[str]] = {scalar: set(variables)}
    for of, wrt in derived:
        if scalar in _vectors(of):
            raise refuse(f"{scalar} is differentiated only against variables and {key}")
        name = _alone(of)
        if name is not None and name not in variables and name not in constants:
            functions.setdefault(name, set()).add(wrt)
    inside = set(_vectors(expression))
    missing = variables - inside
    if missing:
        raise refuse(
            f"{scalar} is a function of {key}, which does not contain {', '.join(sorted(missing))}"
        )
    names = {n for side in sides for n in _vectors(side) if n != ONES} | inside
    others = names - variables - set(functions)
    factors = factor_order(n for n in _vectors(expression) if n != ONES)
    return Binding(
        form=Form.VJP,
        sides=sides,
        subject=subject,
        factors=factors,
        variable=subject.wrt,
        functions={name: frozenset(deps) for name, deps in functions.items()},
        variables=frozenset(variables),
        constants=frozenset(others),
        scalars={scalar: key},
        expressions=dict(reading.expressions),
        declared_constant=frozenset(constants & set(factors)),
    )
