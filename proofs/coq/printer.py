"""Coq text for proofs.theory.expr nodes: one visitor per development, over every node.

:class:`StdlibPrinter` writes the vocabulary of Calculus.v (vectors ``nat -> R``, matrices
``nat -> nat -> R`` with explicit inner dimensions, Jacobians and derivatives named by the
hypotheses that introduce them). :class:`MathCompPrinter` writes MathComp-Analysis (row
vectors, ``*m``, ``diag_mx``, and the library's own ``'J`` and ``'d``). A node a development
cannot say raises ``NotImplementedError`` naming it; an ill-formed expression raises
``ValueError``. Both visitors end in ``assert_never``, so mypy lists them for a new node.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Final, assert_never

from hadamard import Layout
from proofs.coq.terms import (
    APPLICATION,
    ATOM,
    OPPOSITE,
    POSTFIX,
    PRODUCT,
    SUM,
    Kind,
    Term,
    application,
    identifier,
)
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
    Neg,
    Partial,
    Scale,
    Times,
    Transpose,
    Vector,
    Zero,
)

__all__ = ["JACOBIAN_SHAPE", "MathCompPrinter", "StdlibPrinter", "function_kind"]

JACOBIAN_SHAPE: Final[Mapping[Layout, tuple[str, str]]] = {
    Layout.DENOMINATOR: ("M", "N"),
    Layout.NUMERATOR: ("N", "M"),
}
"""Rows and columns of a Jacobian in each layout of the standard-library development."""

ENTRY_WISE: Final = frozenset({Kind.VECTOR, Kind.ARRAY})


def function_kind(expr: Vector | Array) -> Kind:
    """The kind of the value of a function node: a vector, or an array of any shape."""
    return Kind.VECTOR if isinstance(expr, Vector) else Kind.ARRAY


def _no_rule(development: str, expr: Expr) -> NotImplementedError:
    return NotImplementedError(
        f"the Coq ({development}) rendering has no rule for the node {type(expr).__name__}"
    )


def _kind(term: Term, kinds: frozenset[Kind], where: str) -> Term:
    if term.kind not in kinds:
        wanted = " or ".join(sorted(k.value for k in kinds))
        raise ValueError(f"{where} needs a {wanted} operand, got the {term.kind.value} {term.text}")
    return term


def _same_kind(a: Term, b: Term, where: str) -> Kind:
    if a.kind is not b.kind:
        raise ValueError(
            f"{where} needs operands of one kind, got the {a.kind.value} {a.text} "
            f"and the {b.kind.value} {b.text}"
        )
    return a.kind


def _scalar_sum(a: Term, b: Term) -> Term:
    return Term(f"{a.at_least(SUM)} + {b.at_least(PRODUCT)}", SUM, a.kind)


def _scalar_product(a: Term, b: Term, operator: str = "*", kind: Kind = Kind.SCALAR) -> Term:
    return Term(f"{a.at_least(PRODUCT)} {operator} {b.at_least(OPPOSITE)}", PRODUCT, kind)


def _hadamard(left: Term, right: Term) -> Term:
    a, b = _kind(left, ENTRY_WISE, "⊙"), _kind(right, ENTRY_WISE, "⊙")
    return Term(application("hadamard", (a, b)), APPLICATION, _same_kind(a, b, "⊙"))


def _times(left: Term, right: Term) -> Term:
    scalar = frozenset({Kind.SCALAR})
    return _scalar_product(_kind(left, scalar, "*"), _kind(right, scalar, "*"))


@dataclass(frozen=True)
class StdlibPrinter:
    """Prints one statement over Calculus.v: its layout, and the names its hypotheses bind.

    ``jacobians`` maps a vector to its Jacobian's Coq text, ``partials`` a partial derivative
    to the real that names it, ``differentials`` an array to the array that is its
    differential. Matrices carry no dimension in their Coq type, so a product is printed with
    the inner dimension of its left factor: a product whose shapes clash (the chapter's
    erratum) still renders, and the kernel is what says no.
    """

    layout: Layout | None
    point: str = "z"
    jacobians: Mapping[str, str] = field(default_factory=dict)
    partials: Mapping[Partial, str] = field(default_factory=dict)
    differentials: Mapping[str, str] = field(default_factory=dict)

    def term(self, expr: Expr) -> Term:
        """``expr`` as a Coq term."""
        match expr:
            case Vector(name) | Array(name):
                return Term(
                    f"{self._function(name)} {self.point}", APPLICATION, function_kind(expr)
                )
            case Differential(of):
                return self._differential(of)
            case Jacobian(of, wrt):
                return self._jacobian(of, wrt)
            case Hadamard(left, right):
                return _hadamard(self.term(left), self.term(right))
            case Diag(operand):
                v = _kind(self.term(operand), frozenset({Kind.VECTOR}), "diag")
                return Term(application("diag", (v,)), APPLICATION, Kind.MATRIX, ("N", "N"))
            case MatMul(left, right):
                return self._matmul(left, right)
            case Add(left, right):
                a, b = self.term(left), self.term(right)
                kind = _same_kind(a, b, "+")
                if kind is Kind.SCALAR:
                    return _scalar_sum(a, b)
                function = "mat_add" if kind is Kind.MATRIX else "array_add"
                shape = (a.shape[0] or b.shape[0], a.shape[1] or b.shape[1])
                return Term(application(function, (a, b)), APPLICATION, kind, shape)
            case Neg(operand):
                t = self.term(operand)
                if t.kind is Kind.MATRIX:
                    return Term(application("mat_neg", (t,)), APPLICATION, t.kind, t.shape)
                t = _kind(t, frozenset({Kind.SCALAR}), "-")
                return Term(f"- {t.at_least(APPLICATION)}", OPPOSITE, Kind.SCALAR)
            case Scale(factor, operand):
                t, number = self.term(operand), str(factor) if factor >= 0 else f"({factor})"
                if t.kind is Kind.MATRIX:
                    text = application("mat_scale", (number, t))
                    return Term(text, APPLICATION, t.kind, t.shape)
                t = _kind(t, frozenset({Kind.SCALAR}), "scaling")
                return _scalar_product(Term(number, ATOM, Kind.SCALAR), t)
            case Transpose(operand):
                t = self.term(operand)
                if t.kind is not Kind.MATRIX:
                    raise NotImplementedError(
                        f"Transpose of the {t.kind.value} {t.text} has no Coq rendering "
                        "(matrices only)"
                    )
                shape = (t.shape[1], t.shape[0])
                return Term(application("mat_transpose", (t,)), APPLICATION, t.kind, shape)
            case Zero():
                return Term("mat_zero", ATOM, Kind.MATRIX)
            case Apply() | Derivative():
                raise _no_rule("standard library", expr)
            case Component(of, index):
                t = _kind(self.term(of), ENTRY_WISE, "a component")
                text = f"{t.at_least(APPLICATION)} {identifier(index, 'index')}"
                return Term(text, APPLICATION, Kind.SCALAR)
            case Partial():
                if expr not in self.partials:
                    raise ValueError(f"no hypothesis names the partial derivative {expr}")
                return Term(self.partials[expr], ATOM, Kind.SCALAR)
            case Times(left, right):
                return _times(self.term(left), self.term(right))
            case _:
                assert_never(expr)

    def _function(self, name: str) -> str:
        if name == self.point:
            raise ValueError(f"the function {name!r} would clash with the point {self.point}")
        return identifier(name, "function")

    def _differential(self, of: Expr) -> Term:
        if not isinstance(of, (Vector, Array)):
            raise ValueError(
                f"the differential of a {type(of).__name__} is stated on the left of an "
                "equation only; inside a term, d applies to a named array"
            )
        if of.name not in self.differentials:
            raise ValueError(f"no hypothesis names the differential of {of.name}")
        return Term(self.differentials[of.name], ATOM, function_kind(of))

    def _jacobian(self, of: Expr, wrt: str) -> Term:
        if wrt != self.point or not isinstance(of, Vector):
            raise NotImplementedError(
                f"the Coq rendering names the Jacobians of vectors with respect to {self.point} "
                f"only, not of {type(of).__name__} with respect to {wrt}"
            )
        if self.layout is None:
            raise ValueError(f"the Jacobian of {of.name} needs a layout")
        if of.name not in self.jacobians:
            raise ValueError(f"no hypothesis names the Jacobian of {of.name}")
        name = self.jacobians[of.name]
        binding = ATOM if " " not in name else APPLICATION
        return Term(name, binding, Kind.MATRIX, JACOBIAN_SHAPE[self.layout])

    def _matmul(self, left: Expr, right: Expr) -> Term:
        a = self._matrix(left, "MatMul")
        b = self._matrix(right, "MatMul")
        # The left factor's columns; a clash with the right factor's rows is the kernel's to refuse.
        inner = a.shape[1] or b.shape[0]
        if inner is None:
            raise ValueError(f"the inner dimension of {a.text} · {b.text} is unknown")
        text = application("mat_mul", (inner, a, b))
        return Term(text, APPLICATION, Kind.MATRIX, (a.shape[0], b.shape[1]))

    def _matrix(self, expr: Expr, where: str) -> Term:
        t = self.term(expr)
        if t.kind is not Kind.MATRIX:
            raise NotImplementedError(
                f"{where} with the {t.kind.value} {t.text} has no Coq rendering (matrices only)"
            )
        return t


@dataclass(frozen=True)
class MathCompPrinter:
    """Prints one statement over MathComp-Analysis, where every statement is an equation.

    Functions are evaluated at ``point``; a function being differentiated is printed as
    ``fun variable => …``; a differential acts on the direction ``direction``. A Jacobian is
    ``'J f p`` in the denominator layout and its transpose in the numerator layout, and the
    partial derivative of a component is an entry of ``'J``.
    """

    layout: Layout | None
    point: str = "p"
    variable: str = "z"
    direction: str = "v"

    def term(self, expr: Expr) -> Term:
        """``expr`` as a Coq term."""
        match expr:
            case Vector(name) | Array(name):
                return Term(
                    f"{self._function(name)} {self.point}", APPLICATION, function_kind(expr)
                )
            case Differential(of):
                function = self._function_of(of)
                text = f"'d {function} {self.point} {self.direction}"
                return Term(text, APPLICATION, self.term(of).kind)
            case Jacobian(of, wrt):
                return self._jacobian(of, wrt)
            case Hadamard(left, right):
                return _hadamard(self.term(left), self.term(right))
            case Diag(operand):
                v = _kind(self.term(operand), frozenset({Kind.VECTOR}), "diag")
                return Term(application("diag_mx", (v,)), APPLICATION, Kind.MATRIX)
            case MatMul(left, right):
                a = _kind(self.term(left), frozenset({Kind.MATRIX}), "*m")
                b = _kind(self.term(right), frozenset({Kind.MATRIX}), "*m")
                return _scalar_product(a, b, "*m", Kind.MATRIX)
            case Add(left, right):
                a, b = self.term(left), self.term(right)
                _same_kind(a, b, "+")
                return _scalar_sum(a, b)
            case Neg(operand):
                t = self.term(operand)
                return Term(f"- {t.at_least(APPLICATION)}", OPPOSITE, t.kind)
            case Scale(factor, operand):
                t = self.term(operand)
                number = Term(
                    f"{abs(factor)}%:R" if factor >= 0 else f"- {abs(factor)}%:R",
                    ATOM if factor >= 0 else OPPOSITE,
                    Kind.SCALAR,
                )
                operator = "*" if t.kind is Kind.SCALAR else "*:"
                return _scalar_product(number, t, operator, t.kind)
            case Transpose(operand):
                t = self.term(operand)
                return Term(f"{t.at_least(ATOM)}^T", POSTFIX, Kind.MATRIX)
            case Zero():
                return Term("0", ATOM, Kind.MATRIX)
            case Apply() | Derivative():
                raise _no_rule("MathComp-Analysis", expr)
            case Component(of, index):
                t = _kind(self.term(of), ENTRY_WISE, "a component")
                i = identifier(index, "index")
                entry = f"0 {i}" if t.kind is Kind.VECTOR else f"{i}.1 {i}.2"
                return Term(f"{t.at_least(APPLICATION)} {entry}", APPLICATION, Kind.SCALAR)
            case Partial(of, wrt, index):
                self._variable(wrt)
                j = identifier(index, "index")
                match of:
                    case Component(Vector(name), i):
                        # ∂x_i/∂z_j is entry (j, i) of 'J x p: the denominator layout.
                        text = (
                            f"'J {self._function(name)} {self.point} {j} {identifier(i, 'index')}"
                        )
                        return Term(text, APPLICATION, Kind.SCALAR)
                f = self._function_of(of)
                return Term(f"'d {f} {self.point} (delta_mx 0 {j})", APPLICATION, Kind.SCALAR)
            case Times(left, right):
                return _times(self.term(left), self.term(right))
            case _:
                assert_never(expr)

    def at(self, point: str) -> MathCompPrinter:
        """This printer, evaluating functions at ``point``."""
        return replace(self, point=point)

    def _function(self, name: str) -> str:
        reserved = {self.point, self.variable, self.direction, "R", "V", "m", "n"}
        if name in reserved:
            raise ValueError(
                f"the function {name!r} would clash with a bound name of the statement"
            )
        return identifier(name, "function")

    def _variable(self, wrt: str) -> None:
        if wrt != self.variable:
            raise NotImplementedError(
                f"the MathComp rendering differentiates with respect to {self.variable} only, "
                f"not {wrt}"
            )

    def _function_of(self, of: Expr) -> str:
        """``of`` as a function of the variable: its name, or ``(fun z => …)``."""
        if isinstance(of, (Vector, Array)):
            return self._function(of.name)
        body = self.at(self.variable).term(of)
        return f"(fun {self.variable} => {body.text})"

    def _jacobian(self, of: Expr, wrt: str) -> Term:
        self._variable(wrt)
        if self.layout is None:
            raise ValueError("a Jacobian needs a layout")
        text = f"'J {self._function_of(of)} {self.point}"
        if self.layout is Layout.DENOMINATOR:
            return Term(text, APPLICATION, Kind.MATRIX)
        return Term(f"({text})^T", POSTFIX, Kind.MATRIX)
