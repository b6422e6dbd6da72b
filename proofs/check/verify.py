"""Deciding an Equation at symbolic sizes N, M, entry by entry, with SymPy: holds, fails, or clash.

Both sides go through :class:`proofs.check.entries.EntryTranslator`. Their shapes must agree
symbolically (N and M are distinct symbols, so a product that only fits when M = N is a clash).
The generic entry of each side is computed, sums with a symbolic bound are evaluated by
``Sum.doit()`` (SymPy's Kronecker-delta summation), the range conditions it returns
(1 ≤ i ≤ N, ...) are discharged from the index ranges, and the residue lhs − rhs must expand to
0 in every case of equality between the free indices that occur in a Kronecker delta. The
atoms left (x(k), dx_dz(k, j), ...) are independent unknowns, so a residue that is a nonzero
polynomial in them is a genuine failure.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from proofs.check.entries import EntryTranslator, M, N, P, Size, show_shape, variables_of
from proofs.printing.latex import equation_text
from proofs.theory.semantics import ShapeClashError
from proofs.theory.statements import Equation

__all__ = ["Verdict", "VerdictKind", "decide"]


class VerdictKind(enum.StrEnum):
    """What the verifier can find."""

    HOLDS = "holds"
    FAILS = "fails"
    CLASH = "shape clash"
    UNDECIDED = "undecided"


HOLDS, FAILS, CLASH, UNDECIDED = VerdictKind


@dataclass(frozen=True)
class Verdict:
    """What the symbolic check found for one equation."""

    kind: VerdictKind
    reason: str
    lhs_entry: str = ""
    rhs_entry: str = ""
    rhs_unevaluated: str = ""
    shape: str = ""
    sums: int = 0
    cases: int = 0

    @property
    def holds(self) -> bool:
        """True exactly when the residue vanished in every case."""
        return self.kind == HOLDS


def _entry_indices(shape: tuple[sp.Expr, sp.Expr], translator: EntryTranslator) -> list[sp.Expr]:
    # Row/column indices named after what they range over: i over N, j over M (as in 6-1-2).
    # Every size is N, M, P or 1 (M = N when square): the translator builds shapes from no other.
    names: dict[sp.Expr, str] = {N: "i", M: "j", P: "k"}
    out: list[sp.Expr] = []
    used: set[str] = set()
    for size in shape:
        if size == 1:
            out.append(sp.Integer(1))
            continue
        name = names[size]
        while name in used:
            name += "'"
        used.add(name)
        out.append(translator.index(name, size))
    return out


def _nonnegative(value: sp.Expr, ranges: Mapping[sp.Symbol, Size]) -> bool:
    # value ≥ 0 follows from one range fact (s - 1 ≥ 0 or bound - s ≥ 0) plus a constant ≥ 0.
    facts = [sp.Integer(0)]
    for symbol, bound in ranges.items():
        facts += [symbol - 1, bound - symbol]
    for fact in facts:
        rest = sp.expand(value - fact)
        if rest.is_Integer and rest >= 0:
            return True
    return False


def _truth(condition: sp.Basic, ranges: Mapping[sp.Symbol, Size]) -> bool | None:
    """The truth of a range condition from Sum.doit(), or None if the ranges do not decide it."""
    if condition is sp.true:
        return True
    if condition is sp.false:
        return False
    if isinstance(condition, sp.And):
        values = [_truth(arg, ranges) for arg in condition.args]
        return False if False in values else (None if None in values else True)
    if isinstance(condition, sp.Or):
        values = [_truth(arg, ranges) for arg in condition.args]
        return True if True in values else (None if None in values else False)
    gaps: dict[Any, Callable[[sp.Expr, sp.Expr], sp.Expr]] = {
        sp.GreaterThan: lambda a, b: a - b,
        sp.LessThan: lambda a, b: b - a,
        sp.StrictGreaterThan: lambda a, b: a - b - 1,
        sp.StrictLessThan: lambda a, b: b - a - 1,
    }
    for kind, gap in gaps.items():
        if isinstance(condition, kind):
            if _nonnegative(gap(condition.lhs, condition.rhs), ranges):
                return True
            if _nonnegative(-gap(condition.lhs, condition.rhs) - 1, ranges):
                return False
    return None


def _resolve(value: sp.Expr, ranges: Mapping[sp.Symbol, Size]) -> sp.Expr:
    """Evaluate sums, then pick the Piecewise branch the index ranges select."""
    value = value.doit()

    def branch(piecewise: sp.Piecewise) -> sp.Expr:
        for expr, condition in piecewise.args:
            truth = _truth(condition, ranges)
            if truth is True:
                return expr
            if truth is None:
                return piecewise
        return piecewise

    return sp.sympify(value.replace(lambda e: isinstance(e, sp.Piecewise), branch))


def _partitions(items: list[sp.Symbol]) -> Iterator[list[list[sp.Symbol]]]:
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for partition in _partitions(rest):
        yield [[first], *partition]
        for n, block in enumerate(partition):
            yield [*partition[:n], [first, *block], *partition[n + 1 :]]


def _delta_cases(residue: sp.Expr) -> Iterator[tuple[str, sp.Expr]]:
    """The residue in each case of equality between the indices its Kronecker deltas compare."""
    deltas = residue.atoms(sp.KroneckerDelta)
    symbols = sorted(
        {s for d in deltas for s in d.free_symbols if isinstance(s, sp.Symbol)}, key=str
    )
    for partition in _partitions(symbols):
        substitution = {s: block[0] for block in partition for s in block[1:]}
        case = sp.expand(residue.xreplace(substitution))
        # In this case, deltas between distinct symbols are 0.
        case = case.replace(
            lambda e: isinstance(e, sp.KroneckerDelta) and e.args[0] != e.args[1],
            lambda _e: sp.Integer(0),
        )
        label = ", ".join(
            " = ".join(str(s) for s in sorted(block, key=str))
            for block in partition
            if len(block) > 1
        )
        yield (label or "all distinct"), sp.expand(case.doit())


def _assumption_rule(
    assumption: Equation, translator: EntryTranslator
) -> tuple[str, Callable[[sp.Expr], sp.Expr]]:
    """An assumption whose lhs entry is one unknown f(u, v), as the rewrite f(u, v) := rhs."""
    lhs = translator.translate(assumption.lhs)
    rhs = translator.translate(assumption.rhs)
    if lhs.shape is not None and rhs.shape is not None and lhs.shape != rhs.shape:
        raise ShapeClashError(
            f"assumption {equation_text(assumption)} has sides of different shapes"
        )
    u, v = sp.Symbol("u", integer=True), sp.Symbol("v", integer=True)
    unknown = _resolve(lhs.entry(u, v), {})
    value = _resolve(rhs.entry(u, v), {})
    if not isinstance(unknown, AppliedUndef) or set(unknown.args) != {u, v}:
        raise NotImplementedError(
            f"assumption {equation_text(assumption)}: lhs entry {unknown} is not a single unknown"
        )

    def rewrite(expr: sp.Expr) -> sp.Expr:
        return sp.sympify(
            expr.replace(
                lambda e: getattr(e, "func", None) == unknown.func,
                lambda e: value.xreplace(dict(zip(unknown.args, e.args, strict=True))),
            )
        )

    return f"{sp.sstr(unknown)} := {sp.sstr(value)}", rewrite


def decide(
    equation: Equation, *, assumptions: Sequence[Equation] = (), square: bool = False
) -> Verdict:
    """Check ``equation`` in its own layout (if any) at symbolic N, M (M = N when ``square``).

    Each assumption (such as ∂x/∂z = O) must have a single unknown as its lhs entry; it is
    applied as a rewrite of that unknown on both sides before they are compared.
    """
    translator = EntryTranslator(
        equation.layout,
        variables=variables_of(equation.lhs, equation.rhs, *(a.lhs for a in assumptions)),
        square=square,
    )
    try:
        lhs = translator.translate(equation.lhs)
        rhs = translator.translate(equation.rhs)
        rules = [_assumption_rule(a, translator) for a in assumptions]
    except ShapeClashError as clash:
        return Verdict(CLASH, str(clash))
    if lhs.shape is not None and rhs.shape is not None and lhs.shape != rhs.shape:
        return Verdict(
            CLASH,
            f"the sides have different shapes {translator.where}: "
            f"{show_shape(lhs.shape)} against {show_shape(rhs.shape)}",
        )
    shape = lhs.shape or rhs.shape or (sp.Integer(1), sp.Integer(1))
    try:
        r, c = _entry_indices(shape, translator)
        left = _resolve(lhs.entry(r, c), translator.ranges)
        unevaluated = rhs.entry(r, c)
        right = _resolve(unevaluated, translator.ranges)
    except ShapeClashError as clash:
        return Verdict(CLASH, str(clash))
    for _, rewrite in rules:
        left, right = rewrite(left), rewrite(right)
    where = f"Entry ({r}, {c})" if shape != (1, 1) else "The scalar"
    if rules:
        where += " under " + "; ".join(text for text, _ in rules)
    common = {
        "lhs_entry": sp.sstr(left),
        "rhs_entry": sp.sstr(right),
        "rhs_unevaluated": sp.sstr(unevaluated),
        "shape": show_shape(shape),
        "sums": translator.sums,
    }
    cases = 0
    for label, case in _delta_cases(sp.expand(left - right)):
        cases += 1
        if case.has(sp.Sum, sp.Piecewise):
            return Verdict(
                UNDECIDED,
                f"{where}: residue {sp.sstr(case)} not decided ({label})",
                **common,
            )
        if case != 0:
            return Verdict(
                FAILS,
                f"{where} differs when {label}: lhs − rhs = {sp.sstr(case)}",
                cases=cases,
                **common,
            )
    reason = f"{where}: lhs − rhs expands to 0 in all {cases} index case(s)"
    return Verdict(HOLDS, reason, cases=cases, **common)
