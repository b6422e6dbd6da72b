"""The MathComp-Analysis development: MathCompJacobian.v and MathCompAssumptions.v.

Every registry theorem exported to :attr:`Backend.MATHCOMP` is stated as an equation between
MathComp-Analysis terms: its Jacobians are the library's ``'J`` (denominator layout; the
numerator layout is the transpose), its derivatives the library's ``'d``. The hypothesis
"differentiable at the point" is the library's ``differentiable``, one per function the
statement differentiates; a corollary adds its own hypotheses as equations. The fixed text
(imports, ``hadamard``, entry-level lemmas, the matrix rule through ``mxvec``) is package
data; proofs are the blocks of ``proofs/coq/scripts/mathcomp/<theorem_id>.v``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from proofs.coq.blocks import data_text, frame, print_assumptions, script, substitute
from proofs.coq.printer import MathCompPrinter
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
from proofs.theory.expr import Array, Component, Differential, Expr, Jacobian, Partial, walk
from proofs.theory.statements import Backend, HypothesisKind, Theorem

__all__ = [
    "ASSUMPTIONS_FILE",
    "DEVELOPMENT_FILE",
    "LOGICAL_ROOT",
    "main_theorem_names",
    "render",
    "statements",
]

BACKEND: Final = Backend.MATHCOMP
LOGICAL_ROOT: Final = "HadamardMathComp"
DEVELOPMENT_FILE: Final = "MathCompJacobian.v"
ASSUMPTIONS_FILE: Final = "MathCompAssumptions.v"
PRELUDE: Final = ("data", "MathCompPrelude.v")
MATRICES: Final = ("data", "MathCompMatrices.v")
POINT, VARIABLE, DIRECTION = "p", "z", "v"
_DECLARED = re.compile(r"^(Theorem|Corollary) ([A-Za-z_][A-Za-z0-9_']*)", re.MULTILINE)


DERIVATIVES: Final = (Jacobian, Partial, Differential)


def _differentiates(expr: Expr) -> bool:
    return any(isinstance(n, DERIVATIVES) for n in walk(expr))


def _binders(exprs: Sequence[Expr], derivative: bool) -> list[str]:
    nodes = walk(*exprs)
    fs = functions(*exprs)
    arrays = [f.name for f in fs if isinstance(f, Array)]
    vectors = [f.name for f in fs if not isinstance(f, Array)]
    if arrays and vectors:
        raise NotImplementedError(
            "the MathComp rendering states vectors or matrices in one statement, not both"
        )
    point = POINT if derivative else VARIABLE
    binders = ["(R : realType)"]
    if arrays:
        binders += ["(V : normedModType R)", "(m n : nat)"]
        binders.append(f"({' '.join(arrays)} : V -> 'M[R]_(m.+1, n.+1))")
        directions = [DIRECTION] if any(isinstance(n, Differential) for n in nodes) else []
        binders.append(f"({' '.join([point, *directions])} : V)")
    else:
        binders.append("(n m : nat)")
        binders.append(f"({' '.join(vectors)} : 'rV[R]_n.+1 -> 'rV[R]_m.+1)")
        binders.append(f"({point} : 'rV[R]_n.+1)")
    outputs = list(dict.fromkeys(n.index for n in nodes if isinstance(n, Component)))
    inputs = list(dict.fromkeys(n.index for n in nodes if isinstance(n, Partial)))
    index_type = "'I_m.+1 * 'I_n.+1" if arrays else "'I_m.+1"
    binders += [f"({i} : {index_type})" for i in outputs]
    binders += [f"({j} : 'I_n.+1)" for j in inputs if j not in outputs]
    return binders


def _statement(entry: Entry) -> CoqStatement:
    theorem, eq = entry.theorem, entry.equation
    printer = MathCompPrinter(eq.layout, POINT, VARIABLE, DIRECTION)
    derivative = _differentiates(eq.lhs) or _differentiates(eq.rhs)
    if not derivative:
        printer = printer.at(VARIABLE)
    assumptions = entry.corollary.assumptions if entry.corollary else ()
    hypotheses: list[tuple[str, str]] = []
    if derivative:
        differentiable = subjects(theorem, HypothesisKind.DIFFERENTIABLE)
        differentiated = [n for n in walk(eq.lhs, eq.rhs) if isinstance(n, DERIVATIVES)]
        for f in functions(*differentiated):
            if f.name not in differentiable:
                raise ValueError(
                    f"theorem {theorem.id!r}: the statement differentiates {f.name}, which its "
                    "hypotheses do not assume differentiable"
                )
            hypotheses.append((f"d{f.name}", f"differentiable {f.name} {POINT}"))
    for assumption in assumptions:
        subject = functions(assumption.lhs)[0].name
        lhs, rhs = printer.term(assumption.lhs), printer.term(assumption.rhs)
        hypotheses.append((f"H{subject}", f"{lhs.text} = {rhs.text}"))
    lhs, rhs = printer.term(eq.lhs), printer.term(eq.rhs)
    if lhs.kind is not rhs.kind:
        raise ValueError(f"a {lhs.kind.value} cannot equal a {rhs.kind.value}")
    binders = _binders((eq.lhs, eq.rhs), derivative)
    key, text = script(BACKEND, theorem.id, block_keys(entry))
    names = role_names(entry.statement, theorem, BACKEND)
    names["hypotheses"] = " ".join(name for name, _ in hypotheses)
    for layout in theorem.layouts:
        if layout is not None:
            names[layout.value] = conclusion_name(theorem, layout, BACKEND)
    if entry.layout is not None:
        names["matrix_form"] = conclusion_name(theorem, entry.layout, BACKEND)
    where = f"block {key!r} of proofs/coq/scripts/{BACKEND.value}/{theorem.id}.v"
    proof = substitute(text, names, where)
    return CoqStatement(
        entry.keyword,
        entry.name,
        entry.doc(sketch=False),
        tuple(binders),
        tuple(hypotheses),
        (f"{lhs.text} =", rhs.text),
        proof,
    )


def statements(theorems: Sequence[Theorem] | None = None) -> list[CoqStatement]:
    """The rendered statements of MathCompJacobian.v (registry theorems unless given)."""
    chosen = exported(BACKEND, theorems)
    if not chosen:
        raise ValueError("the MathComp rendering needs at least one theorem exported to it")
    return [_statement(entry) for theorem in chosen for entry in entries(theorem, BACKEND)]


def _fixed_main_theorems() -> tuple[str, ...]:
    """The theorems the fixed text states itself (the matrix rule through mxvec)."""
    return tuple(name for _, name in _DECLARED.findall(data_text(*MATRICES)))


def main_theorem_names(theorems: Sequence[Theorem] | None = None) -> tuple[str, ...]:
    """The statements whose assumptions MathCompAssumptions.v prints, in file order."""
    rendered = tuple(s.name for s in statements(theorems) if s.keyword in MAIN)
    return rendered + _fixed_main_theorems()


def render(theorems: Sequence[Theorem] | None = None, *, together: bool = False) -> dict[str, str]:
    """The development's files (name -> text); ``together``: one Print Assumptions for all."""
    stated = statements(theorems)
    names = [s.name for s in stated if s.keyword in MAIN] + list(_fixed_main_theorems())
    blocks = frame()
    header = blocks.fill("header")
    printed = print_assumptions(names, together=together)
    development = "\n".join(
        [
            header,
            data_text(*PRELUDE),
            blocks.fill("mathcomp.statements"),
            *(s.render() for s in stated),
            data_text(*MATRICES),
        ]
    )
    assumptions = blocks.fill(
        "mathcomp.assumptions",
        root=LOGICAL_ROOT,
        development=DEVELOPMENT_FILE.removesuffix(".v"),
    )
    order = (DEVELOPMENT_FILE, ASSUMPTIONS_FILE)
    return {
        DEVELOPMENT_FILE: development,
        ASSUMPTIONS_FILE: "\n".join([header, assumptions, printed]),
        "_CoqProject": blocks.fill("coq_project", root=LOGICAL_ROOT, files="\n".join(order)),
    }
