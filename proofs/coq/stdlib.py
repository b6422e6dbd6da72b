"""The standard-library development: Calculus.v, HadamardDerivative.v and Assumptions.v.

Every registry theorem exported to :attr:`Backend.COQ` is stated from its equations. A
derivative on the left of an equation becomes a predicate of Calculus.v that names the value
on the right (``has_jacobian_<layout>``, ``has_partial``, ``has_directional``,
``has_differential``); the derivatives the right-hand side mentions are bound as variables,
each with the hypothesis that makes it the derivative of a function the theorem assumes
differentiable. A theorem stated in both layouts also gets the transposition link. Proofs
are the blocks of ``proofs/coq/scripts/coq/<theorem_id>.v``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final

from hadamard import Layout
from proofs.coq.blocks import data_text, frame, print_assumptions, script, substitute
from proofs.coq.printer import StdlibPrinter
from proofs.coq.terms import APPLICATION, ATOM, Kind, Term
from proofs.coq.vernacular import CoqStatement
from proofs.coq.walk import (
    MAIN,
    Entry,
    block_keys,
    conclusion_name,
    entries,
    exported,
    functions,
    role_names,
    subjects,
)
from proofs.theory.expr import (
    Array,
    Component,
    Differential,
    Expr,
    Jacobian,
    Partial,
    Transpose,
    Vector,
    walk,
)
from proofs.theory.registry import SOURCE
from proofs.theory.statements import Backend, Equation, HypothesisKind, Theorem

__all__ = [
    "ASSUMPTIONS_FILE",
    "CALCULUS_FILE",
    "DERIVATIVE_FILE",
    "LOGICAL_ROOT",
    "main_theorem_names",
    "render",
    "statements",
]

BACKEND: Final = Backend.COQ
LOGICAL_ROOT: Final = "Hadamard"
CALCULUS_FILE: Final = "Calculus.v"
DERIVATIVE_FILE: Final = "HadamardDerivative.v"
ASSUMPTIONS_FILE: Final = "Assumptions.v"

POINT: Final = "z"
DIRECTION: Final = "h"

ENTRY_INTROS: Final[Mapping[Layout, str]] = {
    Layout.DENOMINATOR: "j i Hj Hi",
    Layout.NUMERATOR: "i j Hi Hj",
}
"""The names a matrix-form proof introduces for an entry (row, column) and its bounds."""

FUNCTION_TYPES: Final[Mapping[type, str]] = {Vector: "field", Array: "vec -> I -> R"}
UNKNOWN_TYPES: Final[Mapping[Kind, str]] = {
    Kind.SCALAR: "R",
    Kind.MATRIX: "mat",
    Kind.VECTOR: "vec",
    Kind.ARRAY: "I -> R",
}


@dataclass(frozen=True)
class _Unknown:
    """A derivative the statement binds: its subject, Coq name, kind and defining hypothesis."""

    subject: str
    name: str
    kind: Kind
    hypothesis: str
    bound: bool = True
    """False when a corollary's hypothesis gives the value (mat_zero): nothing to bind."""


def _lambda(text: str) -> str:
    return f"(fun {POINT} => {text})"


def _jacobian_hypothesis(layout: Layout, subject: str, value: str) -> str:
    return f"has_jacobian_{layout.value} M N {subject} {POINT} {value}"


def _check_differentiable(theorem: Theorem, subject: str) -> None:
    if subject not in subjects(theorem, HypothesisKind.DIFFERENTIABLE):
        raise ValueError(
            f"theorem {theorem.id!r}: the statement differentiates {subject}, which its "
            "hypotheses do not assume differentiable"
        )


def _unknowns(
    theorem: Theorem, eq: Equation, assumed: Mapping[str, str]
) -> tuple[StdlibPrinter, tuple[_Unknown, ...]]:
    """The derivatives ``eq`` is about, and a printer that knows their names.

    ``assumed`` gives the value of a Jacobian fixed by a corollary's hypothesis (mat_zero).
    """
    lhs = eq.lhs
    if isinstance(lhs, (Jacobian, Partial)) and lhs.wrt != POINT:
        raise NotImplementedError(
            f"theorem {theorem.id!r}: the Coq rendering differentiates with respect to "
            f"{POINT} only, not {lhs.wrt}"
        )
    found: list[_Unknown] = []
    jacobians: dict[str, str] = {}
    partials: dict[Partial, str] = {}
    differentials: dict[str, str] = {}
    match lhs:
        case Jacobian(of):
            if eq.layout is None:
                raise ValueError(f"theorem {theorem.id!r}: a Jacobian needs a layout")
            for f in functions(of):
                value = assumed.get(f.name, f"J{f.name}")
                jacobians[f.name] = value
                hypothesis = _jacobian_hypothesis(eq.layout, f.name, _atom(value))
                bound = f.name not in assumed
                found.append(_Unknown(f.name, value, Kind.MATRIX, hypothesis, bound))
        case Partial(of, wrt, index):
            for node in walk(of):
                if isinstance(node, Component) and isinstance(node.of, Vector):
                    p = Partial(node, wrt, index)
                    if p in partials:
                        continue
                    name = f"d{node.of.name}{node.index}_d{wrt}{index}"
                    partials[p] = name
                    entry = f"{node.of.name} {POINT} {node.index}"
                    hypothesis = f"has_partial {_lambda(entry)} {POINT} {index} {name}"
                    found.append(_Unknown(node.of.name, name, Kind.SCALAR, hypothesis))
        case Differential(of):
            for node in walk(of):
                if isinstance(node, Component) and isinstance(node.of, Array):
                    name = f"d{node.of.name}"
                    if node.of.name in differentials:
                        continue
                    differentials[node.of.name] = name
                    entry = f"{node.of.name} {POINT} {node.index}"
                    hypothesis = (
                        f"has_directional {_lambda(entry)} {POINT} {DIRECTION} "
                        f"({name} {node.index})"
                    )
                    found.append(_Unknown(node.of.name, name, Kind.ARRAY, hypothesis))
            if not found:
                for f in functions(of):
                    name = f"d{f.name}"
                    differentials[f.name] = name
                    hypothesis = f"has_differential {f.name} {POINT} {DIRECTION} {name}"
                    found.append(_Unknown(f.name, name, Kind.ARRAY, hypothesis))
        case _:
            pass
    for unknown in found:
        if unknown.subject not in assumed:
            _check_differentiable(theorem, unknown.subject)
    printer = StdlibPrinter(eq.layout, POINT, jacobians, partials, differentials)
    return printer, tuple(found)


def _atom(text: str) -> str:
    return text if " " not in text else f"({text})"


def _conclusion(eq: Equation, printer: StdlibPrinter) -> tuple[str, str]:
    """``eq`` as a Coq proposition, split before its last argument (for line wrapping)."""
    rhs = printer.term(eq.rhs)
    match eq.lhs:
        case Jacobian(of) if eq.layout is not None:
            _expect(rhs, Kind.MATRIX, "a Jacobian")
            f = of.name if isinstance(of, Vector) else _lambda(printer.term(of).text)
            return f"has_jacobian_{eq.layout.value} M N {f} {POINT}", rhs.at_least(ATOM)
        case Partial(of, _, index):
            _expect(rhs, Kind.SCALAR, "a partial derivative")
            f = _lambda(printer.term(of).text)
            return f"has_partial {f} {POINT} {index}", rhs.at_least(ATOM)
        case Differential(of):
            inner = printer.term(of)
            _expect(rhs, inner.kind, "a differential")
            if inner.kind is Kind.SCALAR:
                return f"has_directional {_lambda(inner.text)} {POINT} {DIRECTION}", rhs.at_least(
                    ATOM
                )
            f = of.name if isinstance(of, (Vector, Array)) else _lambda(inner.text)
            return f"has_differential {f} {POINT} {DIRECTION}", rhs.at_least(ATOM)
        case _:
            lhs = printer.term(eq.lhs)
            _expect(rhs, lhs.kind, "the left-hand side")
            return f"{lhs.text} =", rhs.text


def _expect(rhs: Term, kind: Kind, what: str) -> None:
    if rhs.kind is not kind:
        raise ValueError(f"{what} equals a {kind.value}, not the {rhs.kind.value} {rhs.text}")


def _binders(eq: Equation, unknowns: Sequence[_Unknown]) -> list[str]:
    exprs: tuple[Expr, ...] = (eq.lhs, eq.rhs)
    nodes = walk(*exprs)
    fs = functions(*exprs)
    binders: list[str] = []
    if any(isinstance(n, Jacobian) for n in nodes):
        binders.append("(M N : nat)")
    if any(isinstance(f, Array) for f in fs):
        binders.append("{I : Type}")
    for node_type, coq_type in FUNCTION_TYPES.items():
        names = [f.name for f in fs if isinstance(f, node_type)]
        if names:
            binders.append(f"({' '.join(names)} : {coq_type})")
    points = [POINT, DIRECTION] if any(isinstance(n, Differential) for n in nodes) else [POINT]
    binders.append(f"({' '.join(points)} : vec)")
    indices: dict[str, str] = {}
    for node in nodes:  # components first: x z i before ∂/∂z_j
        if isinstance(node, Component):
            inside = functions(node.of)
            indices.setdefault(
                node.index, "I" if any(isinstance(f, Array) for f in inside) else "nat"
            )
    for node in nodes:
        if isinstance(node, Partial):
            indices.setdefault(node.index, "nat")
    for coq_type in ("nat", "I"):
        names = [i for i, t in indices.items() if t == coq_type]
        if names:
            binders.append(f"({' '.join(names)} : {coq_type})")
    for kind, coq_type in UNKNOWN_TYPES.items():
        names = list(dict.fromkeys(u.name for u in unknowns if u.kind is kind and u.bound))
        if names:
            binders.append(f"({' '.join(names)} : {coq_type})")
    return binders


def _proof(entry: Entry, hypotheses: str) -> str:
    theorem = entry.theorem
    key, text = script(BACKEND, theorem.id, block_keys(entry))
    names = role_names(entry.statement, theorem, BACKEND)
    names["hypotheses"] = hypotheses
    if entry.layout is not None:
        names["entry"] = ENTRY_INTROS[entry.layout]
        names["ext"] = f"has_jacobian_{entry.layout.value}_ext"
        names["matrix_form"] = conclusion_name(theorem, entry.layout, BACKEND)
    where = f"block {key!r} of proofs/coq/scripts/{BACKEND.value}/{theorem.id}.v"
    return substitute(text, names, where)


def _statement(entry: Entry) -> CoqStatement:
    assumed: dict[str, str] = {}
    if entry.corollary is not None:
        for eq in entry.corollary.assumptions:
            if not isinstance(eq.lhs, Jacobian) or not isinstance(eq.lhs.of, Vector):
                raise NotImplementedError(
                    f"corollary {entry.corollary.id!r}: the Coq rendering takes assumptions of "
                    "the form ∂v/∂z = …"
                )
            value = StdlibPrinter(eq.layout).term(eq.rhs)
            assumed[eq.lhs.of.name] = value.text
    printer, unknowns = _unknowns(entry.theorem, entry.equation, assumed)
    hypotheses = tuple((f"H{u.subject}", u.hypothesis) for u in unknowns)
    conclusion = _conclusion(entry.equation, printer)
    binders = tuple(_binders(entry.equation, unknowns))
    statement = CoqStatement(
        entry.keyword, entry.name, entry.doc(sketch=True), binders, hypotheses, conclusion, ""
    )
    return replace(statement, proof=_proof(entry, statement.hypothesis_names))


def _link(theorem: Theorem) -> CoqStatement:
    """The transposition link: the denominator form transposed is the numerator form."""
    den = theorem.statement(Layout.DENOMINATOR).conclusion
    num = theorem.statement(Layout.NUMERATOR).conclusion
    den_printer, unknowns = _unknowns(theorem, den.equation, {})
    lhs = den_printer.term(Transpose(den.equation.rhs))
    transposed = {u.subject: f"mat_transpose {u.name}" for u in unknowns}
    rhs = StdlibPrinter(Layout.NUMERATOR, POINT, transposed).term(num.equation.rhs)
    rows, columns = rhs.shape
    if rows is None or columns is None:
        raise ValueError(f"theorem {theorem.id!r}: the numerator form's shape is unknown")
    binders = (*_binders(den.equation, unknowns), "(i j : nat)")
    hypotheses = (("Hi", f"(i < {rows})%nat"), ("Hj", f"(j < {columns})%nat"))
    name = f"transpose_{den.names[BACKEND]}"
    key, text = script(BACKEND, theorem.id, ("transpose",))
    proof = substitute(text, {"hypotheses": "Hi Hj"}, f"block {key!r} of {theorem.id}")
    doc = (
        f"{theorem.title}, the two layouts linked: the denominator form transposed is the "
        "numerator form of the transposed Jacobians (with has_jacobian_denominator_transpose "
        "of Calculus.v, the numerator theorem follows from the denominator one)."
    )
    conclusion = (f"{lhs.at_least(APPLICATION)} i j =", f"{rhs.at_least(APPLICATION)} i j")
    return CoqStatement("Theorem", name, doc, binders, hypotheses, conclusion, proof)


def statements(theorems: Sequence[Theorem] | None = None) -> list[CoqStatement]:
    """The statements of HadamardDerivative.v, in order (registry theorems unless given)."""
    chosen = exported(BACKEND, theorems)
    if not chosen:
        raise ValueError("the Coq rendering needs at least one theorem exported to Coq")
    out: list[CoqStatement] = []
    for theorem in chosen:
        out.extend(_statement(entry) for entry in entries(theorem, BACKEND))
        if set(theorem.layouts) == {Layout.DENOMINATOR, Layout.NUMERATOR}:
            out.append(_link(theorem))
    return out


def main_theorem_names(theorems: Sequence[Theorem] | None = None) -> tuple[str, ...]:
    """The statements whose assumptions Assumptions.v prints, in file order."""
    return tuple(s.name for s in statements(theorems) if s.keyword in MAIN)


def render(theorems: Sequence[Theorem] | None = None, *, together: bool = False) -> dict[str, str]:
    """The development's files (name -> text); ``together``: one Print Assumptions for all."""
    stated = statements(theorems)
    names = [s.name for s in stated if s.keyword in MAIN]
    blocks = frame()
    header = blocks.fill("header")
    printed = print_assumptions(names, together=together)
    derivative = blocks.fill(
        "stdlib.derivative",
        source=SOURCE,
        root=LOGICAL_ROOT,
        calculus=CALCULUS_FILE.removesuffix(".v"),
    )
    assumptions = blocks.fill(
        "stdlib.assumptions", root=LOGICAL_ROOT, derivative=DERIVATIVE_FILE.removesuffix(".v")
    )
    order = (CALCULUS_FILE, DERIVATIVE_FILE, ASSUMPTIONS_FILE)
    return {
        CALCULUS_FILE: "\n".join([header, data_text("data", CALCULUS_FILE)]),
        DERIVATIVE_FILE: "\n".join([header, derivative, *(s.render() for s in stated)]),
        ASSUMPTIONS_FILE: "\n".join([header, assumptions, printed]),
        "_CoqProject": blocks.fill("coq_project", root=LOGICAL_ROOT, files="\n".join(order)),
    }
