"""Lean proofs of ``hadamard_product``: 6-1-1 → 6-1-2 → 6-1-3 in both layouts, as in Coq.

6-1-1 is Mathlib's definition of the Pi product. 6-1-2 is Mathlib's product rule
``HasFDerivAt.mul`` on the entries ``fun v ↦ x v i`` and ``fun v ↦ y v i``, whose order
(``c x • d' + d x • c'``) is the chapter's, so ``simp only`` closes it. Each matrix form is proved
entrywise (``ext``): an entry of a product with a diagonal matrix collapses to one term
(``Matrix.mul_diagonal`` / ``Matrix.diagonal_mul``), and ``ring`` matches it to 6-1-2. The
constant-x corollary rewrites with the matrix form; the transposition link between the two
layouts is stated after them.
"""

from __future__ import annotations

from hadamard import Layout
from lean_export.printer import Level
from lean_export.proof import Goal, ProofScript
from lean_export.statements import Declaration, theorem_declaration
from lean_export.tactics import SIMP_SMUL, by_definition, entrywise_matrix_form, product_rule
from proofs.theory.expr import Transpose
from proofs.theory.statements import Backend, HypothesisKind, Role

__all__ = ["LINK_NAME", "MATRIX_NAME", "SCRIPT"]

LINK_NAME = "transpose_jacobianDen_mul_diagonal_add"
"""(∂y/∂z diag(x) + ∂x/∂z diag(y))ᵀ = diag(x) (∂y/∂z)ᵀ + diag(y) (∂x/∂z)ᵀ, Jacobian by Jacobian."""

MATRIX_NAME = "jacobianDen_mul_matrix"
"""The denominator form for matrix-valued functions: outputs indexed by pairs ``m × n``."""

MATRIX_INDEX_BINDERS = (
    "{m n : Type*}",
    "[Fintype m]",
    "[DecidableEq m]",
    "[Fintype n]",
    "[DecidableEq n]",
)


def leibniz(goal: Goal) -> str:
    """6-1-2 from ``HasFDerivAt.mul``, which gives `x z i • Dy + y z i • Dx`."""
    x, y = goal.subjects
    return "\n".join(
        [
            *product_rule(goal, x, y),
            "rw [HasFDerivAt.fderiv hderiv]",
            SIMP_SMUL,
        ]
    )


def constant(goal: Goal) -> str:
    """6-1-3 with ∂x/∂z = O: rewrite with the matrix form, then O · D = O and A + O = A."""
    if goal.corollary is None:
        raise NotImplementedError("the constant-x proof is a corollary's")
    (hypothesis,) = goal.corollary.hypotheses
    (subject,) = hypothesis.subjects
    hconst = goal.statements.hypothesis_name(subject, HypothesisKind.CONSTANT)
    # The vanishing Jacobian is the left factor (denominator) or the right one (numerator).
    zero = "Matrix.zero_mul" if goal.layout is Layout.DENOMINATOR else "Matrix.mul_zero"
    return f"rw [{goal.name(Role.MATRIX_FORM)} {goal.hyps()}, {hconst}, {zero}, add_zero]"


def link(goal: Goal) -> tuple[Declaration, ...]:
    """The two matrix forms are transposes of one another (rendered, not restated)."""
    den = goal.theorem.statement(Layout.DENOMINATOR).conclusion.equation
    num = goal.theorem.statement(Layout.NUMERATOR).conclusion.equation
    r = goal.statements.r
    lhs = r.matrix(Transpose(den.rhs), Layout.DENOMINATOR).text
    _, rhs = goal.statements.sides(num, Level.MATRIX)
    i, j = goal.output_index, goal.input_index
    proof = "\n".join(
        [
            f"ext {i} {j}",
            "simp only [Matrix.transpose_apply, Matrix.add_apply, Matrix.mul_diagonal,",
            "  Matrix.diagonal_mul, jacobianDen_apply, jacobianNum_apply]",
            "ring",
        ]
    )
    doc = (
        "The layouts agree: the transpose of the denominator-layout form "
        "`∂y/∂z diag(x) + ∂x/∂z diag(y)` is the numerator-layout form "
        "`diag(x) ∂y/∂z + diag(y) ∂x/∂z`, Jacobian by Jacobian."
    )
    return (
        theorem_declaration(
            LINK_NAME,
            summary="the two matrix forms are transposes of one another",
            doc=doc,
            binders=[],
            lhs=lhs,
            rhs=rhs,
            proof=proof,
        ),
    )


def matrix_instance(goal: Goal) -> tuple[Declaration, ...]:
    """The main theorem specialised to matrices, stated outside the section: a check that the
    finite index type of the statements really admits pairs (matrix entries)."""
    den = goal.theorem.statement(Layout.DENOMINATOR)
    equation = den.conclusion.equation
    st = goal.statements
    lhs, rhs = st.sides(equation, Level.MATRIX)
    n = goal.names
    functions = f"{{{' '.join(goal.subjects)} : ({n.domain}) → m × n → {n.scalar}}}"
    binders = [
        *MATRIX_INDEX_BINDERS,
        functions,
        f"{{{n.point} : {n.domain}}}",
        *st.binders((equation.lhs, equation.rhs)),
    ]
    main = den.conclusion.names[Backend.LEAN]
    doc = (
        f"The matrix case of `{main}`: for functions whose values are `m × n` matrices, read "
        "entry by entry (an entry of `x z` is `x z (p, q)`), the derivative of the Hadamard "
        "product in the denominator layout is `∂y/∂z diag(x) + ∂x/∂z diag(y)`, where `diag` "
        "puts the entries of the matrix on the diagonal."
    )
    return (
        theorem_declaration(
            MATRIX_NAME,
            summary=f"`{main}` for matrix-valued functions (outputs indexed by `m × n`)",
            doc=doc,
            binders=binders,
            lhs=lhs,
            rhs=rhs,
            proof=f"exact {main} {goal.hyps()}",
        ),
    )


SCRIPT = ProofScript(
    steps={
        Role.COMPONENT: by_definition,
        Role.LEIBNIZ: leibniz,
        Role.MATRIX_FORM: entrywise_matrix_form,
    },
    corollaries={"constant_x_denominator": constant, "constant_x_numerator": constant},
    consequences=link,
    instances=matrix_instance,
)
