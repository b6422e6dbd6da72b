"""Coq source of the theorem: a visitor over proofs.theory.expr nodes and the statements it prints.

Vectors are ``nat -> R``, matrices ``nat -> nat -> R`` and the vector fields x, y are
``vec -> vec`` (proofs/coq/templates.py defines them). Matrices carry no dimension in their
Coq type, so a product is printed with the inner dimension of its left factor and a product
whose shapes clash (the chapter's erratum) still renders: the kernel is what says no.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Final

from hadamard import Layout
from proofs.coq.templates import (
    ASSUMPTIONS_FILE,
    ASSUMPTIONS_HEADER,
    CALCULUS_FILE,
    CALCULUS_V,
    COQ_PROJECT,
    DERIVATIVE_FILE,
    DERIVATIVE_HEADER,
    HEADER,
    LOGICAL_ROOT,
    PRINT_ASSUMPTIONS,
    PRINT_ASSUMPTIONS_TOGETHER,
    PROOF_BY_DEFINITION,
    PROOF_COROLLARY,
    PROOF_LEIBNIZ,
    PROOF_MATRIX_FORM,
    TOGETHER_NAME,
)
from proofs.theory.expr import (
    Add,
    Component,
    Diag,
    Expr,
    Hadamard,
    Jacobian,
    MatMul,
    Neg,
    Partial,
    Scale,
    Times,
    Vector,
    Zero,
    children,
)
from proofs.theory.statement import COROLLARIES, SOURCE, THEOREMS, Corollary, Equation, Theorem

__all__ = [
    "COQ_NAMES",
    "COQ_THEOREM_KEYWORDS",
    "HAS_JACOBIAN",
    "RENDERED_COROLLARIES",
    "STEP_LEMMAS",
    "CoqPrinter",
    "Statement",
    "Term",
    "default_statements",
    "main_theorems",
    "render_files",
]

COQ_NAMES: Final[Mapping[str, str]] = {
    "Hadamard": "hadamard",
    "Diag": "diag",
    "MatMul": "mat_mul",
    "Add": "mat_add",
    "Neg": "mat_neg",
    "Scale": "mat_scale",
    "Zero": "mat_zero",
}
"""The Coq function for each vector- and matrix-level node (proofs/coq/templates.py)."""

SCALAR_OPERATORS: Final[Mapping[str, str]] = {"Add": "+", "Times": "*", "Neg": "-", "Scale": "*"}
"""The Coq operator (R_scope) for each entry-level node."""

HAS_JACOBIAN: Final[Mapping[Layout, str]] = {
    Layout.DENOMINATOR: "has_jacobian_denominator",
    Layout.NUMERATOR: "has_jacobian_numerator",
}
"""The predicate 'J is the Jacobian of f at z' in each layout."""

JACOBIAN_SHAPE: Final[Mapping[Layout, tuple[str, str]]] = {
    Layout.DENOMINATOR: ("M", "N"),
    Layout.NUMERATOR: ("N", "M"),
}

# The names the proof introduces for an entry (row, column) and its bounds, per layout.
ENTRY_INTROS: Final[Mapping[Layout, str]] = {
    Layout.DENOMINATOR: "j i Hj Hi",
    Layout.NUMERATOR: "i j Hi Hj",
}

STEP_LEMMAS: Final[Mapping[str, str]] = {
    "6-1-1": "hadamard_component_6_1_1",
    "6-1-2": "leibniz_6_1_2",
}
"""Coq names of the entry-level steps; the matrix form 6-1-3 takes its theorem's name."""

COQ_THEOREM_KEYWORDS: Final[Mapping[str, str]] = {"6-1-1": "Lemma", "6-1-2": "Theorem"}
"""6-1-1 only unfolds a definition; 6-1-2, the component-wise rule, is a main theorem."""

RENDERED_COROLLARIES: Final[tuple[str, ...]] = ("constant_x",)
"""Corollaries exported to Coq, by name stem (each costs kernel time in every test run)."""

DIMENSIONS: Final = "(M N : nat)"
POINT: Final = "z"
WIDTH: Final = 100
_IDENTIFIER = re.compile(r"[a-z][A-Za-z0-9_]*")
_COQ_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_']*")


class Kind(Enum):
    """What a printed term is in Coq: a real number, a vector, or a matrix."""

    SCALAR = "scalar"
    VECTOR = "vector"
    MATRIX = "matrix"


# How tightly a printed term binds: an operand binding less tightly is parenthesized.
SUM, PRODUCT, OPPOSITE, APPLICATION, ATOM = range(5)


@dataclass(frozen=True)
class Term:
    """A printed Coq term, how tightly it binds, and its kind (and rows, columns if a matrix)."""

    text: str
    binding: int
    kind: Kind
    shape: tuple[str | None, str | None] = (None, None)

    def at_least(self, binding: int) -> str:
        """The text, parenthesized unless it binds at least as tightly as ``binding``."""
        return self.text if self.binding >= binding else f"({self.text})"


def _identifier(name: str, what: str) -> str:
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"{what} {name!r} is not a plain Coq identifier ([a-z][A-Za-z0-9_]*)")
    return name


def _apply(function: str, *arguments: Term | str) -> str:
    parts = [a if isinstance(a, str) else a.at_least(ATOM) for a in arguments]
    return " ".join([function, *parts])


def partial_name(expr: Partial) -> str:
    """The Coq variable for ∂(v_i)/∂z_j, e.g. ``dxi_dzj``."""
    match expr.of:
        case Component(Vector(name), index):
            return f"d{name}{index}_d{expr.wrt}{expr.index}"
        case _:
            raise NotImplementedError(
                f"the Coq rendering names partial derivatives of vector components only, "
                f"not of {type(expr.of).__name__}"
            )


@dataclass(frozen=True)
class CoqPrinter:
    """Prints the expressions of one statement: its layout and the Coq names of its derivatives."""

    layout: Layout
    jacobians: Mapping[str, str] = field(default_factory=dict)
    partials: Mapping[Partial, str] = field(default_factory=dict)

    def term(self, expr: Expr) -> Term:
        """``expr`` as a Coq term; a node without a Coq rule raises NotImplementedError."""
        match expr:
            case Vector(name):
                if name == POINT:
                    raise ValueError(f"vector {name!r} would clash with the point {POINT}")
                return Term(f"{_identifier(name, 'vector')} {POINT}", APPLICATION, Kind.VECTOR)
            case Hadamard(left, right):
                a, b = self.vector(left, "⊙"), self.vector(right, "⊙")
                return Term(_apply(COQ_NAMES["Hadamard"], a, b), APPLICATION, Kind.VECTOR)
            case Component(of, index):
                head = self.vector(of, "a component").at_least(APPLICATION)
                return Term(f"{head} {_identifier(index, 'index')}", APPLICATION, Kind.SCALAR)
            case Diag(operand):
                text = _apply(COQ_NAMES["Diag"], self.vector(operand, "diag"))
                return Term(text, APPLICATION, Kind.MATRIX, ("N", "N"))
            case Jacobian(of, wrt):
                return self._jacobian(of, wrt)
            case Zero():
                return Term(COQ_NAMES["Zero"], ATOM, Kind.MATRIX)
            case MatMul(left, right):
                return self._matmul(left, right)
            case Add(left, right):
                return self._add(left, right)
            case Neg(operand):
                t = self.term(operand)
                if t.kind is Kind.MATRIX:
                    return Term(_apply(COQ_NAMES["Neg"], t), APPLICATION, t.kind, t.shape)
                operand_text = self.scalar(operand, "Neg").at_least(APPLICATION)
                return Term(f"{SCALAR_OPERATORS['Neg']} {operand_text}", OPPOSITE, Kind.SCALAR)
            case Scale(factor, operand):
                t, number = self.term(operand), str(factor) if factor >= 0 else f"({factor})"
                if t.kind is Kind.MATRIX:
                    text = _apply(COQ_NAMES["Scale"], number, t)
                    return Term(text, APPLICATION, t.kind, t.shape)
                operand_text = self.scalar(operand, "Scale").at_least(OPPOSITE)
                text = f"{number} {SCALAR_OPERATORS['Scale']} {operand_text}"
                return Term(text, PRODUCT, Kind.SCALAR)
            case Times(left, right):
                factor_a = self.scalar(left, "Times").at_least(PRODUCT)
                factor_b = self.scalar(right, "Times").at_least(OPPOSITE)
                text = f"{factor_a} {SCALAR_OPERATORS['Times']} {factor_b}"
                return Term(text, PRODUCT, Kind.SCALAR)
            case Partial():
                if expr not in self.partials:
                    raise ValueError(f"no hypothesis names the partial derivative {expr}")
                return Term(self.partials[expr], ATOM, Kind.SCALAR)
            case _:
                raise NotImplementedError(
                    f"the Coq rendering has no rule for the node {type(expr).__name__}"
                )

    def vector(self, expr: Expr, where: str) -> Term:
        """``expr`` printed, which must be a vector (the operand of ``where``)."""
        return self._of_kind(expr, Kind.VECTOR, where)

    def scalar(self, expr: Expr, where: str) -> Term:
        """``expr`` printed, which must be a real number (the operand of ``where``)."""
        return self._of_kind(expr, Kind.SCALAR, where)

    def _of_kind(self, expr: Expr, kind: Kind, where: str) -> Term:
        t = self.term(expr)
        if t.kind is not kind:
            raise ValueError(
                f"{where} needs a {kind.value} operand, got the {t.kind.value} {t.text}"
            )
        return t

    def _matrix(self, expr: Expr, where: str) -> Term:
        t = self.term(expr)
        if t.kind is not Kind.MATRIX:
            raise NotImplementedError(
                f"{where} with the {t.kind.value} {t.text} has no Coq rendering (matrices only)"
            )
        return t

    def _jacobian(self, of: Expr, wrt: str) -> Term:
        if wrt != POINT or not isinstance(of, Vector):
            raise NotImplementedError(
                f"the Coq rendering names the Jacobians of x, y with respect to {POINT} only, "
                f"not of {type(of).__name__} with respect to {wrt}"
            )
        if of.name not in self.jacobians:
            raise ValueError(f"no hypothesis names the Jacobian of {of.name}")
        name = self.jacobians[of.name]
        binding = ATOM if _COQ_NAME.fullmatch(name) else APPLICATION
        return Term(name, binding, Kind.MATRIX, JACOBIAN_SHAPE[self.layout])

    def _matmul(self, left: Expr, right: Expr) -> Term:
        a, b = self._matrix(left, "MatMul"), self._matrix(right, "MatMul")
        # Left factor's columns; a clash with the right factor's rows is the kernel's to refuse.
        inner = a.shape[1] or b.shape[0]
        if inner is None:
            raise ValueError(f"the inner dimension of {a.text} · {b.text} is unknown")
        text = _apply(COQ_NAMES["MatMul"], inner, a, b)
        return Term(text, APPLICATION, Kind.MATRIX, (a.shape[0], b.shape[1]))

    def _add(self, left: Expr, right: Expr) -> Term:
        a, b = self.term(left), self.term(right)
        if a.kind is not b.kind or a.kind is Kind.VECTOR:
            raise ValueError(
                f"cannot add the {a.kind.value} {a.text} and the {b.kind.value} {b.text}"
            )
        if a.kind is Kind.MATRIX:
            shape = (a.shape[0] or b.shape[0], a.shape[1] or b.shape[1])
            return Term(_apply(COQ_NAMES["Add"], a, b), APPLICATION, Kind.MATRIX, shape)
        text = f"{a.at_least(SUM)} {SCALAR_OPERATORS['Add']} {b.at_least(PRODUCT)}"
        return Term(text, SUM, Kind.SCALAR)


def _nodes(expr: Expr) -> Iterable[Expr]:
    yield expr
    for child in children(expr):
        yield from _nodes(child)


def _vectors(*exprs: Expr) -> list[str]:
    return sorted({n.name for e in exprs for n in _nodes(e) if isinstance(n, Vector)})


def _indices(*exprs: Expr) -> list[str]:
    found = {n.index for e in exprs for n in _nodes(e) if isinstance(n, (Component, Partial))}
    return sorted(found)


@dataclass(frozen=True)
class Statement:
    """One Coq statement: keyword, name, doc comment, binders, hypotheses, conclusion, proof."""

    keyword: str
    name: str
    doc: str
    binders: tuple[str, ...]
    hypotheses: tuple[tuple[str, str], ...]
    conclusion: tuple[str, str]
    proof: str

    def render(self) -> str:
        """The statement as Coq text, lines wrapped at 100 characters where it is cheap."""
        head = " ".join([self.keyword, self.name, *self.binders]) + " :"
        if len(head) > WIDTH:
            head = f"{self.keyword} {self.name}\n    " + " ".join(self.binders) + " :"
        lines = [_doc(self.doc), head]
        lines += [f"  {prop} ->" for _, prop in self.hypotheses]
        first, last = self.conclusion
        one_line = f"  {first} {last}."
        lines.append(one_line if len(one_line) <= WIDTH else f"  {first}\n    {last}.")
        return "\n".join(lines) + "\n" + self.proof


def _doc(text: str) -> str:
    if "(*" in text or "*)" in text or '"' in text:
        raise ValueError(f"text for a Coq comment contains a comment or string delimiter: {text!r}")
    body = textwrap.wrap(text, width=WIDTH - 8, break_on_hyphens=False)
    return "(** " + "\n    ".join(body) + " *)"


def _has_jacobian(layout: Layout, function: str, matrix: str) -> tuple[str, str]:
    return f"{HAS_JACOBIAN[layout]} M N {function} {POINT}", matrix


def _has_partial(function: str, index: str, value: str) -> tuple[str, str]:
    return f"has_partial (fun {POINT} => {function}) {POINT} {index}", value


def _proposition(eq: Equation, printer: CoqPrinter) -> tuple[str, str]:
    """``eq`` as a Coq proposition, split before its last argument (for line wrapping)."""
    rhs = printer.term(eq.rhs)
    match eq.lhs:
        case Jacobian(of, wrt) if wrt == POINT:
            f = printer.vector(of, "∂/∂z")
            if rhs.kind is not Kind.MATRIX:
                raise ValueError(f"{eq.label}: a Jacobian equals a matrix, not {rhs.text}")
            function = of.name if isinstance(of, Vector) else f"(fun {POINT} => {f.text})"
            return _has_jacobian(eq.layout, function, rhs.at_least(ATOM))
        case Partial(of, wrt, index) if wrt == POINT:
            f = printer.scalar(of, "∂/∂z_j")
            if rhs.kind is not Kind.SCALAR:
                raise ValueError(
                    f"{eq.label}: a partial derivative equals a scalar, not {rhs.text}"
                )
            return _has_partial(f.text, index, rhs.at_least(ATOM))
        case _:
            lhs = printer.term(eq.lhs)
            if lhs.kind is not rhs.kind:
                raise ValueError(f"{eq.label}: a {lhs.kind.value} cannot equal a {rhs.kind.value}")
            return f"{lhs.text} =", rhs.text


def _vector_name(expr: Expr) -> str:
    match expr:
        case Vector(name) | Component(Vector(name), _):
            return name
    raise NotImplementedError(f"expected x, y or a component of one, got {type(expr).__name__}")


def _product_factors(eq: Equation) -> tuple[Expr, Expr]:
    """The two factors of the product on the left of 6-1-2 (x_i, y_i) or 6-1-3 (x, y)."""
    match eq.lhs:
        case Partial(Times(left, right)) | Jacobian(Hadamard(left, right)):
            for factor in (left, right):
                _vector_name(factor)
            return left, right
    raise NotImplementedError(f"{eq.label}: the proof differentiates a product of two factors")


def _step_doc(eq: Equation) -> str:
    return f"Equation {eq.label}, {eq.title}: by the {eq.rule}."


def _step_statement(eq: Equation) -> Statement:
    """An entry-level step: 6-1-1 (by definition) or 6-1-2 (the Leibniz rule)."""
    name = STEP_LEMMAS.get(eq.label)
    if name is None:
        raise ValueError(f"no Coq name for the step {eq.label!r}; known: {sorted(STEP_LEMMAS)}")
    binders = [
        f"({' '.join(_vectors(eq.lhs, eq.rhs))} : field)",
        f"({POINT} : vec)",
        f"({' '.join(_indices(eq.lhs, eq.rhs))} : nat)",
    ]
    keyword = COQ_THEOREM_KEYWORDS[eq.label]
    if not isinstance(eq.lhs, Partial):
        conclusion = _proposition(eq, CoqPrinter(eq.layout))
        return Statement(
            keyword, name, _step_doc(eq), tuple(binders), (), conclusion, PROOF_BY_DEFINITION
        )
    # The rule's hypotheses: each factor of the product on the left has a partial derivative.
    left, right = _product_factors(eq)
    factors = sorted({left, right}, key=_vector_name)
    partials = {}
    for factor in factors:
        p = Partial(factor, eq.lhs.wrt, eq.lhs.index)
        partials[p] = partial_name(p)
    printer = CoqPrinter(eq.layout, partials=partials)
    hypotheses = tuple(
        (f"H{_vector_name(p.of)}", " ".join(_has_partial(printer.term(p.of).text, p.index, v)))
        for p, v in partials.items()
    )
    binders.append(f"({' '.join(partials.values())} : R)")
    proof = PROOF_LEIBNIZ.format(
        hypotheses=" ".join(h for h, _ in hypotheses),
        left=f"H{_vector_name(left)}",
        right=f"H{_vector_name(right)}",
    )
    conclusion = _proposition(eq, printer)
    return Statement(keyword, name, _step_doc(eq), tuple(binders), hypotheses, conclusion, proof)


def _matrix_statement(
    keyword: str,
    name: str,
    doc: str,
    eq: Equation,
    assumptions: Sequence[Equation],
    proof: Callable[[tuple[str, ...]], str],
) -> Statement:
    """∂f/∂z = rhs, assuming each vector v in f has a Jacobian: J<v>, or as ``assumptions`` say.

    ``proof`` receives the hypothesis names, in order.
    """
    if not isinstance(eq.lhs, Jacobian):
        raise ValueError(
            f"{eq.label}: a matrix form states a Jacobian, not {type(eq.lhs).__name__}"
        )
    plain_printer = CoqPrinter(eq.layout)
    assumed = {_vector_name(a.lhs.of): a for a in assumptions if isinstance(a.lhs, Jacobian)}
    if len(assumed) != len(assumptions):
        raise NotImplementedError("the Coq rendering takes assumptions of the form ∂v/∂z = ...")
    vectors = _vectors(eq.lhs)
    plain = [v for v in vectors if v not in assumed]
    matrices = {v: f"J{v}" for v in plain}
    for v, a in assumed.items():
        matrices[v] = plain_printer.term(a.rhs).at_least(ATOM)
    hypotheses = tuple(
        (
            f"H{v}",
            " ".join(
                _proposition(assumed[v], plain_printer)
                if v in assumed
                else _has_jacobian(eq.layout, v, matrices[v])
            ),
        )
        for v in vectors
    )
    binders = [DIMENSIONS, f"({' '.join(_vectors(eq.lhs, eq.rhs))} : field)", f"({POINT} : vec)"]
    if plain:
        binders.append(f"({' '.join(matrices[v] for v in plain)} : mat)")
    conclusion = _proposition(eq, CoqPrinter(eq.layout, jacobians=matrices))
    names = tuple(h for h, _ in hypotheses)
    return Statement(keyword, name, doc, tuple(binders), hypotheses, conclusion, proof(names))


def _theorem_statement(theorem: Theorem) -> Statement:
    """The matrix form 6-1-3 of ``theorem``, proved entry by entry from 6-1-1 and 6-1-2."""
    if len(theorem.steps) != 3:
        raise ValueError(f"{theorem.name}: expected the steps 6-1-1, 6-1-2, 6-1-3")
    component, leibniz, matrix_form = theorem.steps
    left, right = _product_factors(matrix_form)

    def proof(hypotheses: tuple[str, ...]) -> str:
        return PROOF_MATRIX_FORM.format(
            hypotheses=" ".join(hypotheses),
            entry=ENTRY_INTROS[theorem.layout],
            component=STEP_LEMMAS[component.label],
            leibniz=STEP_LEMMAS[leibniz.label],
            factors=" | ".join(f"apply H{_vector_name(f)}" for f in (left, right)),
        )

    doc = (
        f"Equation {matrix_form.label}, the {matrix_form.title}. Hypotheses: "
        f"{'; '.join(theorem.hypotheses)}. Proof sketch, {matrix_form.rule}."
    )
    return _matrix_statement("Theorem", theorem.name, doc, matrix_form, (), proof)


def _corollary_statement(corollary: Corollary, theorem: Theorem) -> Statement:
    """``corollary``, proved from the matrix form of ``theorem`` entry by entry."""
    eq = corollary.statement

    def proof(hypotheses: tuple[str, ...]) -> str:
        return PROOF_COROLLARY.format(
            hypotheses=" ".join(hypotheses),
            ext=f"{HAS_JACOBIAN[eq.layout]}_ext",
            theorem=theorem.name,
        )

    assumed = "; ".join(a.title for a in corollary.assumptions)
    doc = corollary.title + (f", assuming {assumed}" if assumed else "") + f": {eq.rule}."
    return _matrix_statement("Corollary", corollary.name, doc, eq, corollary.assumptions, proof)


def _shared_steps(theorems: Sequence[Theorem]) -> tuple[Equation, ...]:
    """The entry-level steps, which hold in every layout: stated once, so they must agree."""
    first = theorems[0].steps[:-1]
    for theorem in theorems[1:]:
        for mine, theirs in zip(first, theorem.steps[:-1], strict=True):
            if (mine.label, mine.lhs, mine.rhs) != (theirs.label, theirs.lhs, theirs.rhs):
                raise ValueError(
                    f"step {mine.label} differs between the {theorems[0].layout.value} and "
                    f"{theorem.layout.value} layouts; the entry-level steps must agree"
                )
    return first


def default_statements() -> tuple[tuple[Theorem, ...], tuple[Corollary, ...]]:
    """The theorems (sorted by layout) and the corollaries exported to Coq."""
    layouts = sorted(THEOREMS, key=lambda layout: layout.value)
    corollaries = tuple(
        c
        for layout in layouts
        for c in COROLLARIES[layout]
        if c.name.removesuffix(f"_{layout.value}") in RENDERED_COROLLARIES
    )
    return tuple(THEOREMS[layout] for layout in layouts), corollaries


def _statements(theorems: Sequence[Theorem], corollaries: Sequence[Corollary]) -> list[Statement]:
    if not theorems:
        raise ValueError("the Coq rendering needs at least one theorem")
    by_layout = {theorem.layout: theorem for theorem in theorems}
    statements = [_step_statement(step) for step in _shared_steps(theorems)]
    for theorem in theorems:
        statements.append(_theorem_statement(theorem))
        for corollary in corollaries:
            if corollary.statement.layout is theorem.layout:
                statements.append(_corollary_statement(corollary, by_layout[theorem.layout]))
    missing = [c.name for c in corollaries if c.statement.layout not in by_layout]
    if missing:
        raise ValueError(f"corollaries {missing} have no theorem in their layout to follow from")
    return statements


def main_theorems(statements: Sequence[Statement]) -> tuple[str, ...]:
    """The statements whose assumptions are printed: theorems and corollaries."""
    return tuple(s.name for s in statements if s.keyword in ("Theorem", "Corollary"))


def main_theorem_names() -> tuple[str, ...]:
    """The main theorems of the default export, in file order."""
    return main_theorems(_statements(*default_statements()))


def render_files(
    theorems: Sequence[Theorem], corollaries: Sequence[Corollary], *, together: bool = False
) -> dict[str, bytes]:
    """The .v files and _CoqProject stating and proving ``theorems`` and ``corollaries``.

    ``together``: Assumptions.v prints the assumptions of all main theorems at once (one
    walk of their dependencies) instead of one ``Print Assumptions`` per theorem.
    """
    statements = _statements(theorems, corollaries)
    names = main_theorems(statements)
    printed = (
        PRINT_ASSUMPTIONS_TOGETHER.format(together=TOGETHER_NAME, names=", ".join(names))
        if together
        else "".join(PRINT_ASSUMPTIONS.format(name=name) for name in names)
    )
    derivative = "\n".join(
        [
            HEADER,
            DERIVATIVE_HEADER.format(
                title="The derivative of the Hadamard product",
                source=SOURCE,
                root=LOGICAL_ROOT,
                calculus=CALCULUS_FILE.removesuffix(".v"),
            ),
            *(s.render() for s in statements),
        ]
    )
    assumptions = "\n".join(
        [
            HEADER,
            ASSUMPTIONS_HEADER.format(
                root=LOGICAL_ROOT, derivative=DERIVATIVE_FILE.removesuffix(".v")
            ),
            printed,
        ]
    )
    files = {
        CALCULUS_FILE: HEADER + "\n" + CALCULUS_V,
        DERIVATIVE_FILE: derivative,
        ASSUMPTIONS_FILE: assumptions,
    }
    order = (CALCULUS_FILE, DERIVATIVE_FILE, ASSUMPTIONS_FILE)
    files["_CoqProject"] = COQ_PROJECT.format(root=LOGICAL_ROOT, files="\n".join(order))
    return {name: text.encode("utf-8") for name, text in sorted(files.items())}
