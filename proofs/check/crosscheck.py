"""Independent checks of 6-1-3 at explicit sizes M ≠ N: SymPy Matrix Jacobians and matrix calculus.

(a) x, y are vectors of undefined functions of z_1..z_M; both sides of the statement's 6-1-3
are evaluated by :func:`proofs.theory.semantics.evaluate` (Jacobians by ``Matrix.jacobian``).
(b) SymPy's own matrix-expression derivative of A z ⊙ B z (written by SymPy, not here), which
answers in the denominator layout, is instantiated with explicit A, B, z and compared with the
statement's denominator rhs for x = A z, y = B z. Several SymPy paths are tried; each records
whether it worked or how it failed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.printing.str import StrPrinter
from sympy.tensor.array.expressions import convert_array_to_matrix, convert_matrix_to_array
from sympy.tensor.array.expressions.arrayexpr_derivatives import array_derive

from hadamard import Layout
from proofs.check.entries import EntryTranslator, M, N
from proofs.check.records import (
    DefinitionCheck,
    ExplicitCheck,
    MatrixCalculusAnswer,
    PathTrial,
)
from proofs.theory.expr import Array, Component, Vector, walk
from proofs.theory.registry import theorem
from proofs.theory.semantics import PATH, Model, ShapeClashError, Value, evaluate
from proofs.theory.statements import Step, Theorem
from proofs.theory.theorems.hadamard_product import correct_form

__all__ = [
    "SIZES",
    "explicit_checks",
    "hadamard_entry_check",
    "matrix_calculus_answer",
    "matrix_calculus_paths",
]

SIZES: tuple[tuple[int, int], ...] = ((2, 3), (3, 2), (3, 4), (4, 5))
"""(N, M) pairs, all with M ≠ N, up to 4 × 5 (kept small: the whole `prove` is budgeted < 3 s)."""

UNDEFINED_METHOD = (
    "x_i, y_i = undefined sympy Functions x_i(z_1..z_M), y_i(z_1..z_M); both sides of the "
    "conclusion evaluated by proofs.theory.semantics.evaluate with Jacobians from sympy "
    "Matrix.jacobian (transposed for the denominator layout); entries compared by "
    "expand(lhs - rhs) == 0"
)
DIFFERENTIAL_METHOD = (
    "X, Y = N × M matrices of undefined sympy Functions X_rc(t) of a path parameter t; both "
    "sides evaluated by proofs.theory.semantics.evaluate, d taken as d/dt; entries compared by "
    "expand(lhs - rhs) == 0"
)
HADAMARD_ENTRY_METHOD = (
    "entry [i - 1, 0] of SymPy's HadamardProduct(MatrixSymbol x (N × 1), MatrixSymbol y) at "
    "symbolic N and i, renamed to x(i)·y(i) and compared with the translated rhs of 6-1-1"
)
MATRIX_CALCULUS_METHOD = (
    "A, B = MatrixSymbol(N × M), z = MatrixSymbol(M × 1) at symbolic N, M; SymPy's derivative "
    "of HadamardProduct(A*z, B*z) with respect to z, instantiated with explicit "
    "symbolic A, B, z (each node of SymPy's answer evaluated on explicit matrices: MatAdd, "
    "MatMul, Transpose, DiagMatrix(v) = diag(v), HadamardProduct, element-wise functions), "
    "against the statement's denominator rhs evaluated for x = A z, y = B z"
)


def _equal(left: Value, right: Value) -> bool:
    if not isinstance(left, sp.MatrixBase) or not isinstance(right, sp.MatrixBase):
        return False
    if left.shape != right.shape:
        return False
    return all(sp.expand(a - b) == 0 for a, b in zip(left, right, strict=True))


def _coordinates(m: int) -> tuple[sp.Symbol, ...]:
    return tuple(sp.Symbol(f"z{j + 1}") for j in range(m))


def _model(names: list[str], layout: Layout | None, n: int, m: int) -> Model:
    """Undefined functions: vectors of z_1..z_M, or (with no layout) n × m arrays of a path t."""
    if layout is None:
        t = sp.Symbol(PATH)
        arrays_of_t = {
            name: sp.Matrix(n, m, lambda r, c, name=name: sp.Function(f"{name}{r + 1}_{c + 1}")(t))
            for name in names
        }
        return Model(n=n, m=m, variables={PATH: (t,)}, vectors=arrays_of_t)
    z = _coordinates(m)
    vectors = {
        name: sp.Matrix([sp.Function(f"{name}{i + 1}")(*z) for i in range(n)]) for name in names
    }
    return Model(n=n, m=m, variables={"z": z}, vectors=vectors)


def explicit_checks(
    theorem: Theorem, layout: Layout | None, sizes: tuple[tuple[int, int], ...] = SIZES
) -> tuple[ExplicitCheck, ...]:
    """The conclusion of ``theorem`` in ``layout`` at each size, with undefined functions.

    Also what the other layout's form does there (undefined, or defined and different), for
    a theorem stated in both layouts.
    """
    conclusion = theorem.statement(layout).conclusion.equation
    nodes = walk(conclusion.lhs, conclusion.rhs)
    names = list(dict.fromkeys(n.name for n in nodes if isinstance(n, Vector | Array)))
    other = (
        theorem.statement(layout.other).conclusion.equation.rhs
        if layout is not None and layout.other in theorem.layouts
        else None
    )
    out = []
    for n, m in sizes:
        model = _model(names, layout, n, m)
        lhs = evaluate(conclusion.lhs, model, layout)
        agrees = _equal(lhs, evaluate(conclusion.rhs, model, layout))
        if other is None:
            verdict = "no other layout"
        else:
            try:
                value = evaluate(other, model, layout)
                verdict = "defined, " + ("equal" if _equal(value, lhs) else "different")
            except ShapeClashError as clash:
                verdict = f"undefined: {clash}"
        method = UNDEFINED_METHOD if layout is not None else DIFFERENTIAL_METHOD
        out.append(ExplicitCheck(theorem.id, layout, n, m, agrees, verdict, method))
    return tuple(out)


def _symbols() -> tuple[Any, Any, Any]:
    # Symbolic shapes: SymPy differentiates once, and the answer is instantiated at each size.
    return sp.MatrixSymbol("A", N, M), sp.MatrixSymbol("B", N, M), sp.MatrixSymbol("z", M, 1)


def _product(composed: bool) -> Any:
    # A z ⊙ B z, or A z ⊙ exp(B z) with exp applied element-wise.
    a, b, z = _symbols()
    right = (b * z).applyfunc(sp.exp) if composed else b * z
    return sp.HadamardProduct(a * z, right)


@functools.cache
def _by_diff(composed: bool) -> Any:
    return _product(composed).diff(_symbols()[2])


@functools.cache
def _by_derivative_doit(composed: bool) -> Any:
    return sp.Derivative(_product(composed), _symbols()[2]).doit()


@functools.cache
def _by_array_derive(composed: bool) -> Any:
    array = convert_matrix_to_array(_product(composed))
    return convert_array_to_matrix(array_derive(array, _symbols()[2]))


_PRODUCT = "HadamardProduct(A*z, B*z)"
_COMPOSED = "HadamardProduct(A*z, (B*z).applyfunc(exp))"
# Each path: (the SymPy call, how to make it, whether y = exp(B z) element-wise).
_PATHS: tuple[tuple[str, Callable[[bool], Any], bool], ...] = (
    (f"{_PRODUCT}.diff(z)", _by_diff, False),
    (f"Derivative({_PRODUCT}, z).doit()", _by_derivative_doit, False),
    (f"array_derive(convert_matrix_to_array({_PRODUCT}), z)", _by_array_derive, False),
    (f"{_COMPOSED}.diff(z)", _by_diff, True),
    (f"Derivative({_COMPOSED}, z).doit()", _by_derivative_doit, True),
    (f"array_derive(convert_matrix_to_array({_COMPOSED}), z)", _by_array_derive, True),
)


def _instantiate(expr: Any, values: dict[Any, sp.Matrix]) -> sp.Matrix:
    """A SymPy matrix expression evaluated with explicit matrices for its symbols.

    A direct walk over the node types SymPy's answers use (MatrixExpr.doit() with DiagMatrix
    goes through the assumptions system and is ~10× slower); any other node is an error.
    """
    if expr in values:
        return values[expr]
    args = [_instantiate(arg, values) for arg in expr.args if isinstance(arg, sp.MatrixExpr)]
    if isinstance(expr, sp.MatAdd):
        total = args[0]
        for arg in args[1:]:
            total = total + arg
        return total
    if isinstance(expr, sp.MatMul):
        scalar = sp.Mul(*(a for a in expr.args if not isinstance(a, sp.MatrixExpr)))
        product = args[0]
        for arg in args[1:]:
            product = product * arg
        return scalar * product
    if isinstance(expr, sp.Transpose):
        return args[0].T
    if isinstance(expr, sp.DiagMatrix):
        return sp.diag(*args[0])
    if isinstance(expr, sp.HadamardProduct):
        product = args[0]
        for arg in args[1:]:
            product = product.multiply_elementwise(arg)
        return product
    if isinstance(expr, sp.matrices.expressions.applyfunc.ElementwiseApplyFunction):
        return args[0].applyfunc(expr.function)
    raise NotImplementedError(
        f"cannot instantiate the matrix expression node {type(expr).__name__}"
    )


def _explicit(result: Any, n: int, m: int) -> sp.Matrix:
    a, b, z = _symbols()
    values = {
        a: sp.Matrix(n, m, lambda r, c: sp.Symbol(f"a{r + 1}_{c + 1}")),
        b: sp.Matrix(n, m, lambda r, c: sp.Symbol(f"b{r + 1}_{c + 1}")),
        z: sp.Matrix(_coordinates(m)),
    }
    return _instantiate(result, values)


class _MatrixPrinter(StrPrinter):  # type: ignore[misc]
    """sstr for SymPy's answers, without the sign extraction that costs ~0.05 s per product."""

    def _print_MatAdd(self, expr: Any) -> str:  # noqa: N802 (SymPy's printer protocol)
        return " + ".join(self._print(arg) for arg in expr.args)

    def _print_MatMul(self, expr: Any) -> str:  # noqa: N802 (SymPy's printer protocol)
        def factor(arg: Any) -> str:
            text = str(self._print(arg))
            return f"({text})" if isinstance(arg, sp.MatAdd | sp.HadamardProduct) else text

        return "*".join(factor(arg) for arg in expr.args)


def _show(expr: Any) -> str:
    return str(_MatrixPrinter().doprint(expr))


def _ours(n: int, m: int, composed: bool) -> Value:
    z = _coordinates(m)
    a = sp.Matrix(n, m, lambda r, c: sp.Symbol(f"a{r + 1}_{c + 1}"))
    b = sp.Matrix(n, m, lambda r, c: sp.Symbol(f"b{r + 1}_{c + 1}"))
    zm = sp.Matrix(z)
    y = (b * zm).applyfunc(sp.exp) if composed else b * zm
    model = Model(n=n, m=m, variables={"z": z}, vectors={"x": a * zm, "y": y})
    return evaluate(correct_form(Layout.DENOMINATOR), model, Layout.DENOMINATOR)


def _failure(exc: Exception) -> str:
    message = re.sub(r"0x[0-9a-fA-F]+", "0x?", " ".join(str(exc).split()))
    return f"{type(exc).__name__}: {message}"


def matrix_calculus_paths(sizes: tuple[tuple[int, int], ...] = SIZES) -> tuple[PathTrial, ...]:
    """Each SymPy path at symbolic N, M, instantiated at every size; ``worked`` if all agree."""
    trials = []
    for path, derive, composed in _PATHS:
        # Recording how SymPy fails is the point of these trials, so catch everything.
        try:
            result = derive(composed)
        except Exception as exc:
            trials.append(PathTrial(path, "fails", "", f"the call fails: {_failure(exc)}"))
            continue
        status = "agrees"
        outcome = f"agrees with the denominator rhs at (N, M) = {', '.join(map(str, sizes))}"
        for n, m in sizes:
            try:
                theirs = _explicit(result, n, m)
            except Exception as exc:
                status = "fails"
                outcome = f"cannot be instantiated at (N, M) = ({n}, {m}): {_failure(exc)}"
                break
            if not _equal(theirs, _ours(n, m, composed)):
                status, outcome = "disagrees", f"disagrees at (N, M) = ({n}, {m})"
                break
        trials.append(PathTrial(path, status, _show(result), outcome))
    return tuple(trials)


def matrix_calculus_answer() -> MatrixCalculusAnswer:
    """SymPy's derivative of HadamardProduct(A*z, B*z) at symbolic N, M, and its shape."""
    answer = _by_diff(composed=False)
    rows, cols = answer.shape
    layouts = {(M, N): "denominator", (N, M): "numerator"}
    return MatrixCalculusAnswer(
        expression=_show(answer),
        shape=f"{rows} × {cols}",
        layout=layouts.get((rows, cols), "neither"),
        method=MATRIX_CALCULUS_METHOD,
    )


def hadamard_entry_check(step: Step | None = None) -> DefinitionCheck:
    """6-1-1 against SymPy's own HadamardProduct: its symbolic entry i of x ⊙ y (N × 1).

    SymPy indexes from 0, so entry i (from 1) is [i - 1, 0]; its matrix elements x[i - 1, 0]
    are renamed to our x(i) before comparing with the translated rhs of 6-1-1.
    """
    step = step or theorem("hadamard_product").statement(Layout.DENOMINATOR).steps[0]
    equation = step.equation
    translator = EntryTranslator(step.layout)
    ours = translator.translate(equation.rhs).entry(sp.Integer(1), sp.Integer(1))
    index = equation.lhs.index if isinstance(equation.lhs, Component) else "i"
    i = sp.Symbol(index, integer=True, positive=True)
    x, y = sp.MatrixSymbol("x", N, 1), sp.MatrixSymbol("y", N, 1)
    theirs = sp.HadamardProduct(x, y)[i - 1, 0]
    renamed = theirs.replace(
        lambda e: isinstance(e, MatrixElement), lambda e: sp.Function(e.parent.name)(e.i + 1)
    )
    return DefinitionCheck(
        label=step.label,
        sympy=sp.sstr(theirs),
        ours=sp.sstr(ours),
        agrees=sp.expand(renamed - ours) == 0,
        method=HADAMARD_ENTRY_METHOD,
    )
