"""The entries of an expression at symbolic sizes N, M: a visitor from proofs.theory.expr to SymPy.

Every matrix expression becomes its shape (in the size symbols N, M) and a function giving its
(r, c) entry for symbolic indices r, c. A vector x that depends on z is the undefined function
x(k) of its index; to differentiate it with respect to z_j we write x_k as x(k, z_j) (the other
coordinates held fixed, which is what ∂/∂z_j means), let ``sympy.diff`` do the calculus, and
then name the results canonically: ∂x_k/∂z_j becomes the undefined ``dx_dz(k, j)`` and x_k
goes back to x(k). A vector that is itself a variable of differentiation (a in ∂σ(a)/∂a, x in
∂(x ⊙ y)/∂x) is an ``IndexedBase``, so that SymPy's own rule ∂a_k/∂a_r = δ_{k,r} applies.
Matrix products are ``sympy.Sum`` over a fresh index with the symbolic bound; diag(v) is
δ_{r,c} v_r with ``KroneckerDelta``. Shapes that do not fit raise
:class:`proofs.theory.semantics.ShapeClashError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias, assert_never

import sympy as sp

from hadamard import Layout
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
    walk,
)
from proofs.theory.semantics import ShapeClashError

__all__ = [
    "BASE_VARIABLE",
    "PATH",
    "Entries",
    "EntryTranslator",
    "M",
    "N",
    "P",
    "Size",
    "derivative_name",
    "variables_of",
]

N = sp.Symbol("N", integer=True, positive=True)
"""The length of x and y (symbolic)."""
M = sp.Symbol("M", integer=True, positive=True)
"""The length of z (symbolic)."""
P = sp.Symbol("P", integer=True, positive=True)
"""The number of entries of an array X of any shape (element-wise rules see one entry at a time)."""
BASE_VARIABLE = "z"
"""The variable every non-variable vector is a function of."""
PATH = "t"
"""The parameter of a path through z: the differential dF is d/dt F(z(t)), for any direction."""

Size: TypeAlias = sp.Expr
Shape: TypeAlias = tuple[sp.Expr, sp.Expr]
EntryFunction: TypeAlias = Callable[[sp.Expr, sp.Expr], sp.Expr]


@dataclass(frozen=True)
class Entries:
    """A translated expression: its shape (None for the shape-less O) and its entry function."""

    shape: Shape | None
    entry: EntryFunction


def derivative_name(function: str, wrt: str) -> str:
    """The canonical name of the undefined function (k, j) -> ∂function_k/∂wrt_j.

    Along the path parameter it is the differential's name: (dX)_k is ``dX(k)``.
    """
    return f"d{function}" if wrt == PATH else f"d{function}_d{wrt}"


def show_shape(shape: Shape | None) -> str:
    """``M × N`` (or ``any shape`` for O)."""
    if shape is None:
        return "any shape"
    return f"{shape[0]} × {shape[1]}"


def variables_of(*exprs: Expr) -> frozenset[str]:
    """Names differentiated against other than z: those vectors are variables, not functions."""
    names: set[str] = set()
    for expr in exprs:
        for node in walk(expr):
            if isinstance(node, Jacobian | Partial) and node.wrt != BASE_VARIABLE:
                names.add(node.wrt)
    return frozenset(names)


class EntryTranslator:
    """Translate expression nodes to symbolic entries in one layout (one instance per check).

    ``square=True`` sets M = N (the only case in which some wrong forms are even defined).
    """

    def __init__(
        self,
        layout: Layout | None,
        *,
        variables: frozenset[str] = frozenset(),
        square: bool = False,
    ) -> None:
        self.layout = layout
        self.variables = variables
        self.n: Size = N
        self.m: Size = N if square else M
        self.ranges: dict[sp.Symbol, Size] = {}
        self.sums = 0
        self._fresh = 0
        self._functions: set[str] = set()

    # sizes and indices -------------------------------------------------------------------

    def size(self, vector: str) -> Size:
        """The length of a vector: M for z, N for every other vector."""
        return self.m if vector == BASE_VARIABLE else self.n

    @property
    def where(self) -> str:
        """``in the denominator layout``, or ``with no layout`` for a layout-free equation."""
        return "with no layout" if self.layout is None else f"in the {self.layout.value} layout"

    def index(self, name: str, bound: Size) -> sp.Symbol:
        """The index symbol ``name`` ranging over 1..bound (one bound per name)."""
        symbol = sp.Symbol(name, integer=True, positive=True)
        known = self.ranges.setdefault(symbol, bound)
        if known != bound:
            raise ShapeClashError(f"index {name} ranges over 1..{known} and 1..{bound} at once")
        return symbol

    def fresh(self, bound: Size) -> sp.Symbol:
        """A new summation index k1, k2, ... (a counter per translator: deterministic names)."""
        self._fresh += 1
        return self.index(f"k{self._fresh}", bound)

    # calculus ------------------------------------------------------------------------------

    def differentiate(self, value: sp.Expr, wrt: str, at: sp.Expr) -> sp.Expr:
        """∂value/∂(wrt)_at, with SymPy doing the calculus (see the module docstring)."""
        derivatives = {
            derivative_name(f, v) for f in self._functions for v in (BASE_VARIABLE, PATH)
        }
        if any(str(f.func) in derivatives for f in value.atoms(sp.core.function.AppliedUndef)):
            raise NotImplementedError("second derivatives are outside the theorem's language")
        if wrt not in (BASE_VARIABLE, PATH):
            return sp.diff(value, sp.IndexedBase(wrt)[at])
        coordinate = sp.Symbol(PATH) if wrt == PATH else sp.IndexedBase(BASE_VARIABLE)[at]
        opened = value
        for name in sorted(self._functions):
            function = sp.Function(name)
            opened = opened.replace(function, lambda k, f=function: f(k, coordinate))
        derived = sp.diff(opened, coordinate)
        for name in sorted(self._functions):
            function = sp.Function(name)
            partial = sp.Function(derivative_name(name, wrt))
            derived = derived.replace(
                lambda e, f=function: (
                    isinstance(e, sp.Derivative)
                    and e.expr.func == f
                    and e.variables == (coordinate,)
                ),
                lambda e, p=partial: p(e.expr.args[0]) if wrt == PATH else p(e.expr.args[0], at),
            )
            derived = derived.replace(
                lambda e, f=function: getattr(e, "func", None) == f and len(e.args) == 2,
                lambda e: e.func(e.args[0]),
            )
        if derived.has(coordinate):
            raise NotImplementedError(f"could not name every derivative in {derived}")
        return sp.sympify(derived)

    # the visitor ---------------------------------------------------------------------------

    def translate(self, expr: Expr) -> Entries:
        """The shape and entries of ``expr``; unknown nodes raise NotImplementedError."""
        match expr:
            case Vector(name):
                return self._vector(name)
            case Array(name):
                self._functions.add(name)
                function = sp.Function(name)
                return Entries((P, sp.Integer(1)), lambda r, _c: function(r))
            case Differential(of):
                a = self.translate(of)
                return Entries(
                    a.shape, lambda r, c: self.differentiate(a.entry(r, c), PATH, sp.Integer(0))
                )
            case Zero():
                return Entries(None, lambda _r, _c: sp.Integer(0))
            case Jacobian(of, wrt):
                return self._jacobian(self.translate(of), wrt)
            case Hadamard(left, right):
                a, b = self.translate(left), self.translate(right)
                shape = self._same_shape(a, b, "⊙")
                return Entries(shape, lambda r, c: a.entry(r, c) * b.entry(r, c))
            case Diag(operand):
                return self._diag(self.translate(operand))
            case MatMul(left, right):
                return self._matmul(self.translate(left), self.translate(right))
            case Add(left, right):
                a, b = self.translate(left), self.translate(right)
                shape = self._same_shape(a, b, "+")
                return Entries(shape, lambda r, c: a.entry(r, c) + b.entry(r, c))
            case Neg(operand):
                a = self.translate(operand)
                return Entries(a.shape, lambda r, c: -a.entry(r, c))
            case Scale(factor, operand):
                a = self.translate(operand)
                return Entries(a.shape, lambda r, c: factor * a.entry(r, c))
            case Transpose(operand):
                a = self.translate(operand)
                shape = None if a.shape is None else (a.shape[1], a.shape[0])
                return Entries(shape, lambda r, c: a.entry(c, r))
            case Apply(function, operand):
                a, f = self.translate(operand), sp.Function(function)
                return Entries(a.shape, lambda r, c: f(a.entry(r, c)))
            case Derivative(function, operand):
                a, f = self.translate(operand), sp.Function(function)
                t = sp.Symbol("t")
                return Entries(a.shape, lambda r, c: sp.diff(f(t), t).subs(t, a.entry(r, c)))
            case Component(of, index):
                a = self._column(self.translate(of), "component")
                assert a.shape is not None
                i = self.index(index, a.shape[0])
                return Entries((sp.Integer(1), sp.Integer(1)), lambda _r, _c: a.entry(i, 1))
            case Partial(of, wrt, index):
                a = self._scalar(self.translate(of), "∂/∂" + wrt)
                j = self.index(index, self.size(wrt))
                value = self.differentiate(a.entry(1, 1), wrt, j)
                return Entries((sp.Integer(1), sp.Integer(1)), lambda _r, _c: value)
            case Times(left, right):
                a = self._scalar(self.translate(left), "·")
                b = self._scalar(self.translate(right), "·")
                return Entries(a.shape, lambda _r, _c: a.entry(1, 1) * b.entry(1, 1))
            case _:
                assert_never(expr)

    def _vector(self, name: str) -> Entries:
        shape = (self.size(name), sp.Integer(1))
        if name in self.variables or name == BASE_VARIABLE:
            base = sp.IndexedBase(name)
            return Entries(shape, lambda r, _c: base[r])
        self._functions.add(name)
        function = sp.Function(name)
        return Entries(shape, lambda r, _c: function(r))

    def _jacobian(self, of: Entries, wrt: str) -> Entries:
        column = self._column(of, "∂(·)/∂" + wrt)
        assert column.shape is not None
        outputs, inputs = column.shape[0], self.size(wrt)
        if self.layout is None:
            raise ShapeClashError(f"∂(·)/∂{wrt} has no shape {self.where}: state a layout")
        if self.layout is Layout.DENOMINATOR:
            # entry (j, i) = ∂f_i/∂wrt_j: the layout the chapter declares
            return Entries(
                (inputs, outputs),
                lambda r, c: self.differentiate(column.entry(c, 1), wrt, r),
            )
        return Entries(
            (outputs, inputs), lambda r, c: self.differentiate(column.entry(r, 1), wrt, c)
        )

    def _diag(self, operand: Entries) -> Entries:
        if operand.shape is None:
            return operand
        column = self._column(operand, "diag")
        assert column.shape is not None
        size = column.shape[0]
        return Entries((size, size), lambda r, c: sp.KroneckerDelta(r, c) * column.entry(r, 1))

    def _matmul(self, a: Entries, b: Entries) -> Entries:
        if a.shape is None or b.shape is None:
            return Entries(None, lambda _r, _c: sp.Integer(0))
        if a.shape[1] != b.shape[0]:
            raise ShapeClashError(
                f"matrix product ({show_shape(a.shape)}) · ({show_shape(b.shape)}) is undefined "
                f"{self.where}: {a.shape[1]} columns against "
                f"{b.shape[0]} rows"
            )
        inner = a.shape[1]
        shape = (a.shape[0], b.shape[1])

        def entry(r: sp.Expr, c: sp.Expr) -> sp.Expr:
            k = self.fresh(inner)
            self.sums += 1
            return sp.Sum(a.entry(r, k) * b.entry(k, c), (k, 1, inner))

        return Entries(shape, entry)

    def _same_shape(self, a: Entries, b: Entries, operator: str) -> Shape | None:
        if a.shape is None:
            return b.shape
        if b.shape is None or a.shape == b.shape:
            return a.shape
        raise ShapeClashError(
            f"({show_shape(a.shape)}) {operator} ({show_shape(b.shape)}) is undefined {self.where}"
        )

    def _column(self, a: Entries, node: str) -> Entries:
        if a.shape is None or a.shape[1] != 1:
            raise ShapeClashError(f"{node} needs a column vector, got {show_shape(a.shape)}")
        return a

    def _scalar(self, a: Entries, node: str) -> Entries:
        if a.shape != (1, 1):
            raise ShapeClashError(f"{node} needs a scalar, got {show_shape(a.shape)}")
        return a
