"""The Lean library: both Jacobian layouts as definitions, then 6-1-1 → 6-1-2 → 6-1-3 with proofs.

Every statement is rendered from ``proofs.theory.statement`` (THEOREMS, COROLLARIES) by
:class:`lean_export.printer.LeanRenderer`. The proofs mirror the Coq development: the
component-wise Leibniz rule (6-1-2) first, from Mathlib's product rule; then each matrix form
entrywise (``ext``), where entry (j, i) of a product with a diagonal matrix is a finite sum that
collapses to one term (Mathlib's ``Matrix.mul_diagonal`` / ``Matrix.diagonal_mul``). Proof
scripts are fixed templates; a statement whose shape a template does not fit raises
NotImplementedError instead of producing a proof that cannot work.
"""

from __future__ import annotations

from dataclasses import dataclass

from hadamard import Layout
from lean_export.lines import docstring, indent, statement, wrapped_head
from lean_export.printer import NAMES, LeanRenderer
from proofs.theory.expr import (
    Add,
    Component,
    Diag,
    Expr,
    Hadamard,
    Jacobian,
    MatMul,
    Partial,
    Times,
    Transpose,
    Vector,
    Zero,
    children,
)
from proofs.theory.statement import COROLLARIES, THEOREMS, Corollary, Equation

__all__ = [
    "LINK_NAME",
    "NAMESPACE",
    "STEP_NAMES",
    "Declaration",
    "declarations",
]

NAMESPACE = "HadamardDerivative"

STEP_NAMES = {"6-1-1": "hadamard_component", "6-1-2": "fderiv_hadamard_component"}
"""Lean names of the layout-independent steps (6-1-3 uses ``Theorem.name``)."""

LINK_NAME = "transpose_denominator_form_eq_numerator_form"

EXPORTED_COROLLARIES = ("constant_x",)
"""Corollary name prefixes exported to Lean (the others are proved in SymPy and Coq only)."""

LEIBNIZ_PROOF = """\
have {hai} : DifferentiableAt {R} ({fa}) {z} := differentiableAt_pi.1 {ha} {i}
have {hbi} : DifferentiableAt {R} ({fb}) {z} := differentiableAt_pi.1 {hb} {i}
have hderiv : HasFDerivAt ({fab})
    ({linear}) {z} :=
  HasFDerivAt.mul (DifferentiableAt.hasFDerivAt {hai}) (DifferentiableAt.hasFDerivAt {hbi})
simp only [HasFDerivAt.fderiv hderiv, ContinuousLinearMap.add_apply,
  ContinuousLinearMap.smul_apply, smul_eq_mul]"""
"""6-1-2 from Mathlib's product rule: HasFDerivAt.mul gives `a z • Db + b z • Da`."""

DENOMINATOR_PROOF = """\
ext {j} {i}
rw [Matrix.add_apply, Matrix.mul_diagonal, Matrix.mul_diagonal,
  mul_comm ({first}), mul_comm ({second})]
exact {leibniz} {ha} {hb} {i} {j}"""
"""6-1-3, denominator layout: entry (j, i) of ∂y/∂z diag(x) collapses to (∂y/∂z)_{j,i} x_i."""

NUMERATOR_PROOF = """\
ext {i} {j}
rw [Matrix.add_apply, Matrix.diagonal_mul, Matrix.diagonal_mul]
exact {leibniz} {ha} {hb} {i} {j}"""
"""6-1-3, numerator layout: entry (i, j) of diag(x) ∂y/∂z collapses to x_i (∂y/∂z)_{i,j}."""

CONSTANT_PROOF = "rw [{theorem} {ha} {hb}, {hconst}, {zero_product}, add_zero]"
"""A corollary with ∂x/∂z = O: rewrite with the theorem, then O · D = O and A + O = A."""

LINK_PROOF = """\
ext {i} {j}
rw [Matrix.transpose_apply, Matrix.add_apply, Matrix.add_apply, Matrix.mul_diagonal,
  Matrix.mul_diagonal, Matrix.diagonal_mul, Matrix.diagonal_mul,
  mul_comm ({first}), mul_comm ({second})]
rfl"""
"""Transposing the denominator form gives the numerator form (entries agree by definition)."""

COMPONENT_PROOF = "rfl"
"""6-1-1 is Mathlib's definition of the Pi product: `(x * y) z i = x z i * y z i`."""

DEF_DOCS = {
    Layout.DENOMINATOR: (
        "The Jacobian of `f` at `z` in the denominator layout (the seed's convention): the "
        "`M × N` matrix whose entry `(j, i)` is `∂f_i/∂z_j`, the derivative of the component "
        "`w ↦ f w i` at `z` in the direction of the basis vector `Pi.single j 1`."
    ),
    Layout.NUMERATOR: (
        "The Jacobian of `f` at `z` in the numerator layout: the `N × M` transpose of "
        "`jacobianDen f z`, so its entry `(i, j)` is `∂f_i/∂z_j`."
    ),
}


@dataclass(frozen=True)
class Declaration:
    """One Lean declaration: its name, kind, docstring and lines (docstring included)."""

    name: str
    kind: str
    summary: str
    lines: tuple[str, ...]


def _vectors(*exprs: Expr) -> tuple[str, ...]:
    """Names of the vectors in ``exprs``, in order of first appearance."""
    seen: list[str] = []

    def walk(expr: Expr) -> None:
        if isinstance(expr, Vector) and expr.name not in seen:
            seen.append(expr.name)
        for child in children(expr):
            walk(child)

    for expr in exprs:
        walk(expr)
    return tuple(seen)


def _indices(*exprs: Expr) -> tuple[str, ...]:
    """The indices used in ``exprs``: the output index first, then the input index."""
    found: set[str] = set()

    def walk(expr: Expr) -> None:
        if isinstance(expr, (Component, Partial)):
            found.add(expr.index)
        for child in children(expr):
            walk(child)

    for expr in exprs:
        walk(expr)
    order = (NAMES.output_index, NAMES.input_index)
    unknown = found.difference(order)
    if unknown:
        raise NotImplementedError(f"indices {sorted(unknown)} have no Lean type")
    return tuple(index for index in order if index in found)


def _hypothesis(vector: str) -> str:
    return f"h{vector}"


def _differentiable(vectors: tuple[str, ...]) -> list[str]:
    return [
        f"({_hypothesis(v)} : DifferentiableAt {NAMES.scalar} {v} {NAMES.point})" for v in vectors
    ]


def _index_binders(indices: tuple[str, ...]) -> list[str]:
    return [f"({index} : {NAMES.index_type(index)})" for index in indices]


def _equation_doc(eq: Equation) -> str:
    return f"Seed equation {eq.label}: {eq.title}. Rule: {eq.rule}."


def _theorem(
    name: str, summary: str, doc: str, binders: list[str], lhs: str, rhs: list[str], proof: str
) -> Declaration:
    lines = [
        *docstring(doc),
        *wrapped_head(f"theorem {name}", binders, " :"),
        *statement(lhs, rhs),
        *indent(proof.splitlines()),
    ]
    return Declaration(name, "theorem", summary, tuple(lines))


class _Builder:
    """Renders the declarations of one library file from the statement objects."""

    def __init__(self) -> None:
        self.r = LeanRenderer()

    def jacobian_defs(self) -> list[Declaration]:
        n, r = NAMES, NAMES.scalar
        fn_type = f"(Fin {n.input_size} → {r}) → Fin {n.output_size} → {r}"
        den, num = n.denominator_jacobian, n.numerator_jacobian
        i, j, z, w = n.output_index, n.input_index, n.point, n.bound
        entry = f"{n.fderiv} {r} (fun {w} ↦ f {w} {i}) {z} ({n.basis_vector} {j} 1)"
        den_lines = [
            *docstring(DEF_DOCS[Layout.DENOMINATOR]),
            f"noncomputable def {den} (f : {fn_type}) ({z} : Fin {n.input_size} → {r}) :",
            f"    Matrix (Fin {n.input_size}) (Fin {n.output_size}) {r} :=",
            f"  Matrix.of fun {j} {i} ↦ {entry}",
        ]
        num_lines = [
            *docstring(DEF_DOCS[Layout.NUMERATOR]),
            f"noncomputable def {num} (f : {fn_type}) ({z} : Fin {n.input_size} → {r}) :",
            f"    Matrix (Fin {n.output_size}) (Fin {n.input_size}) {r} :=",
            f"  ({den} f {z}){n.transpose}",
        ]
        return [
            Declaration(den, "def", "the Jacobian in the denominator layout", tuple(den_lines)),
            Declaration(num, "def", "the Jacobian in the numerator layout", tuple(num_lines)),
        ]

    def component(self, eq: Equation) -> Declaration:
        """6-1-1: the Hadamard product component-wise."""
        z = NAMES.point
        binders = _index_binders(_indices(eq.lhs, eq.rhs))
        lhs = self.r.entry(eq.lhs, z).text
        rhs = [self.r.entry(eq.rhs, z).text]
        doc = _equation_doc(eq)
        summary = f"the Hadamard product component-wise ({eq.label})"
        return _theorem(STEP_NAMES[eq.label], summary, doc, binders, lhs, rhs, COMPONENT_PROOF)

    def leibniz(self, eq: Equation) -> Declaration:
        """6-1-2: ∂(a_i b_i)/∂z_j = a_i ∂b_i/∂z_j + b_i ∂a_i/∂z_j, from HasFDerivAt.mul."""
        a, b, i = _leibniz_shape(eq)
        z, w = NAMES.point, NAMES.bound
        vectors = _vectors(eq.lhs)
        binders = [*_differentiable(vectors), *_index_binders(_indices(eq.lhs, eq.rhs))]
        if not isinstance(eq.lhs, Partial):  # checked by _leibniz_shape; narrows the type
            raise NotImplementedError(f"no proof template for {eq.lhs!r}")
        proof = LEIBNIZ_PROOF.format(
            R=NAMES.scalar,
            z=z,
            i=i,
            ha=_hypothesis(a),
            hb=_hypothesis(b),
            hai=f"{_hypothesis(a)}{i}",
            hbi=f"{_hypothesis(b)}{i}",
            fa=self.r.function_at(Component(Vector(a), i), w).text,
            fb=self.r.function_at(Component(Vector(b), i), w).text,
            fab=self.r.function_at(eq.lhs.of, w).text,
            linear=self.r.entry(eq.rhs, z, linear=True).text,
        )
        lhs = self.r.entry(eq.lhs, z).text
        rhs = [self.r.entry(term, z).text for term in _summands2(eq.rhs)]
        summary = f"the component-wise Leibniz rule ({eq.label})"
        return _theorem(STEP_NAMES[eq.label], summary, _equation_doc(eq), binders, lhs, rhs, proof)

    def matrix_form(self, name: str, eq: Equation, leibniz: Equation) -> Declaration:
        """6-1-3 in ``eq.layout``, entrywise from 6-1-2."""
        layout = eq.layout
        a, b, i = _leibniz_shape(leibniz)
        j = NAMES.input_index
        pairs = _matrix_shape(eq, layout)
        if pairs != ((a, b), (b, a)):
            raise NotImplementedError(
                f"no proof template: 6-1-3 summands {pairs} do not follow 6-1-2's order"
            )
        vectors = _vectors(eq.lhs)
        common = {"i": i, "j": j, "ha": _hypothesis(a), "hb": _hypothesis(b)}
        if layout is Layout.DENOMINATOR:
            first, second = (self._jacobian_entry(v, layout) for _, v in pairs)
            proof = DENOMINATOR_PROOF.format(
                leibniz=STEP_NAMES[leibniz.label], first=first, second=second, **common
            )
        else:
            proof = NUMERATOR_PROOF.format(leibniz=STEP_NAMES[leibniz.label], **common)
        lhs = self.r.matrix(eq.lhs, layout).text
        rhs = [self.r.matrix(term, layout).text for term in _summands2(eq.rhs)]
        binders = _differentiable(vectors)
        summary = f"the matrix form ({eq.label}) in the {layout.value} layout"
        return _theorem(name, summary, _equation_doc(eq), binders, lhs, rhs, proof)

    def _jacobian_entry(self, vector: str, layout: Layout) -> str:
        """``jacobianDen v z j i``: the entry the denominator proofs commute past x_i."""
        i, j = NAMES.output_index, NAMES.input_index
        rows_cols = f"{j} {i}" if layout is Layout.DENOMINATOR else f"{i} {j}"
        return f"{self.r.matrix(Jacobian(Vector(vector)), layout).text} {rows_cols}"

    def constant(self, corollary: Corollary, theorem_name: str, main: Equation) -> Declaration:
        """The constant-x corollary: 6-1-3 with ∂x/∂z = O."""
        layout = corollary.statement.layout
        (assumption,) = corollary.assumptions
        if not (isinstance(assumption.lhs, Jacobian) and isinstance(assumption.rhs, Zero)):
            raise NotImplementedError(f"no proof template for the assumption {assumption!r}")
        kept, dropped = _summands2(main.rhs)
        if corollary.statement.rhs != kept or not isinstance(dropped, MatMul):
            raise NotImplementedError(f"no proof template for {corollary.name}")
        # The Jacobian that vanishes is the left factor (denominator) or the right (numerator).
        if dropped.left == assumption.lhs:
            zero_product = "Matrix.zero_mul"
        elif dropped.right == assumption.lhs:
            zero_product = "Matrix.mul_zero"
        else:
            raise NotImplementedError(f"{corollary.name}: the assumption is not a factor")
        a, b = _vectors(main.lhs)
        hconst = "h" + "".join(c if c.isalnum() else "_" for c in assumption.label)
        proof = CONSTANT_PROOF.format(
            theorem=theorem_name,
            ha=_hypothesis(a),
            hb=_hypothesis(b),
            hconst=hconst,
            zero_product=zero_product,
        )
        binders = [
            *_differentiable((a, b)),
            f"({hconst} : {self.r.matrix(assumption.lhs, layout).text} = "
            f"{self.r.matrix(assumption.rhs, layout).text})",
        ]
        lhs = self.r.matrix(corollary.statement.lhs, layout).text
        rhs = [self.r.matrix(corollary.statement.rhs, layout).text]
        doc = f"{corollary.title}: {corollary.statement.title} ({layout.value} layout)."
        summary = f"{corollary.title.split(' (')[0]}, {layout.value} layout"
        return _theorem(corollary.name, summary, doc, binders, lhs, rhs, proof)

    def link(self, den: Equation, num: Equation) -> Declaration:
        """The two matrix forms are transposes of one another (rendered, not restated)."""
        pairs = _matrix_shape(den, Layout.DENOMINATOR)
        first, second = (self._jacobian_entry(v, Layout.DENOMINATOR) for _, v in pairs)
        proof = LINK_PROOF.format(
            i=NAMES.output_index, j=NAMES.input_index, first=first, second=second
        )
        lhs = self.r.matrix(Transpose(den.rhs), Layout.DENOMINATOR).text
        rhs = [self.r.matrix(term, Layout.NUMERATOR).text for term in _summands2(num.rhs)]
        doc = (
            "The layouts agree: the transpose of the denominator-layout form "
            "`∂y/∂z diag(x) + ∂x/∂z diag(y)` is the numerator-layout form "
            "`diag(x) ∂y/∂z + diag(y) ∂x/∂z`, Jacobian by Jacobian."
        )
        summary = "the two matrix forms are transposes of one another"
        return _theorem(LINK_NAME, summary, doc, [], lhs, rhs, proof)


def _summands2(expr: Expr) -> tuple[Expr, Expr]:
    """The two terms of ``left + right``; anything else has no proof template."""
    if not isinstance(expr, Add):
        raise NotImplementedError(f"expected a sum of two terms, got {expr!r}")
    return expr.left, expr.right


def _leibniz_shape(eq: Equation) -> tuple[str, str, str]:
    """(a, b, i) for ``∂(a_i b_i)/∂z_j = a_i ∂b_i/∂z_j + b_i ∂a_i/∂z_j``; other shapes raise."""
    lhs, (first, second) = eq.lhs, _summands2(eq.rhs)
    match lhs:
        case Partial(of=Times(left=Component(of=Vector(name=a), index=i), right=right)):
            pass
        case _:
            raise NotImplementedError(f"no proof template for the 6-1-2 left side {lhs!r}")
    if not isinstance(right, Component) or not isinstance(right.of, Vector):
        raise NotImplementedError(f"no proof template for the 6-1-2 left side {lhs!r}")
    b = right.of.name

    def term(value: str, derivative: str) -> Times:
        return Times(
            Component(Vector(value), i), Partial(Component(Vector(derivative), i), "z", "j")
        )

    if (first, second) != (term(a, b), term(b, a)):
        raise NotImplementedError(f"no proof template for the 6-1-2 right side {eq.rhs!r}")
    return a, b, i


def _matrix_shape(eq: Equation, layout: Layout) -> tuple[tuple[str, str], ...]:
    """((diagonal vector, Jacobian vector), …) of a 6-1-3 right side in ``layout``."""
    if not (isinstance(eq.lhs, Jacobian) and isinstance(eq.lhs.of, Hadamard)):
        raise NotImplementedError(f"no proof template for the 6-1-3 left side {eq.lhs!r}")
    pairs: list[tuple[str, str]] = []
    for term in _summands2(eq.rhs):
        match (layout, term):
            case (
                Layout.DENOMINATOR,
                MatMul(left=Jacobian(of=Vector(name=jv)), right=Diag(operand=Vector(name=dv))),
            ):
                pairs.append((dv, jv))
            case (
                Layout.NUMERATOR,
                MatMul(left=Diag(operand=Vector(name=dv)), right=Jacobian(of=Vector(name=jv))),
            ):
                pairs.append((dv, jv))
            case _:
                raise NotImplementedError(f"no proof template for the 6-1-3 term {term!r}")
    return tuple(pairs)


def declarations() -> tuple[Declaration, ...]:
    """Every declaration of the library file, in dependency order."""
    b = _Builder()
    den, num = THEOREMS[Layout.DENOMINATOR], THEOREMS[Layout.NUMERATOR]
    component, leibniz = den.steps[0], den.steps[1]
    for step_den, step_num in zip(den.steps[:2], num.steps[:2], strict=True):
        if (step_den.lhs, step_den.rhs) != (step_num.lhs, step_num.rhs):
            raise NotImplementedError(f"step {step_den.label} differs between layouts")
    out = [
        *b.jacobian_defs(),
        b.component(component),
        b.leibniz(leibniz),
    ]
    for theorem in (den, num):
        out.append(b.matrix_form(theorem.name, theorem.conclusion, leibniz))
    for theorem in (den, num):
        for corollary in COROLLARIES[theorem.layout]:
            if corollary.name.startswith(EXPORTED_COROLLARIES):
                out.append(b.constant(corollary, theorem.name, theorem.conclusion))
    out.append(b.link(den.conclusion, num.conclusion))
    return tuple(out)
