"""The formula checker: does a reader's formula for the Hadamard product rule hold in a layout?

The formula is parsed (:mod:`proofs.formula.syntax`, never evaluated as code), its names bound
(:mod:`proofs.formula.names`), and each ``=`` of each chain decided at explicit sizes, M ≠ N
included, independently of the theorem:

* at each size every value and first derivative at the point is an independent symbol
  (:mod:`proofs.formula.models`); both sides evaluate (:mod:`proofs.formula.evaluate`) to
  polynomials with integer coefficients in them, the left-hand side by differentiating the
  product's own polynomial, not by the rule. Equal polynomials mean the sides agree for every
  differentiable function at that size; different ones differ for some integers, shown;
* a product of mismatched shapes at any size is a failure naming the shapes that clash;
* the correct form in the reader's names (:mod:`proofs.formula.forms`, from the registry) is
  always printed, and a wrong formula that matches a likely mistake is named.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import assert_never

from hadamard import Layout
from proofs.formula.evaluate import (
    Convention,
    Indices,
    Model,
    UndefinedError,
    Value,
    describe,
    evaluate,
    same,
)
from proofs.formula.forms import correct_side, is_erratum
from proofs.formula.models import Generic, Size, instance, models, sizes
from proofs.formula.names import PATH, Binding, Form, bind
from proofs.formula.polynomials import Poly, Tensor, add, negate, substitute
from proofs.formula.syntax import Chain, Reading, parse_formula
from proofs.formula.tokens import refuse
from proofs.printing.base import Printer
from proofs.printing.plain import plain_text
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
    children,
    walk,
)
from proofs.theory.mistakes import Likely, LikelyMistake, likely_mistakes
from proofs.theory.registry import ERRATUM

__all__ = [
    "MAX_DEGREE",
    "Counterexample",
    "EquationVerdict",
    "FormulaVerdict",
    "LinkVerdict",
    "Numbers",
    "SizeOutcome",
    "check_formula",
    "decide",
    "decide_chain",
    "degree",
]

MAX_DEGREE = 6
"""Highest polynomial degree in the names and their derivatives accepted (six factors)."""

HOLDS, FAILS = "HOLDS", "FAILS"
SEED = 2026
"""The seed of the integers a counterexample is looked for with (deterministic reports)."""

HOW_CHECKED = (
    "checked: exactly, at {sizes}: every value and first derivative at the point an "
    "independent symbol, both sides polynomials in them with integer coefficients (the left "
    "side by differentiating the product itself, not by the rule), so equal polynomials hold "
    "for every differentiable function at that size"
)


@dataclass(frozen=True)
class SizeOutcome:
    """The outcome at one size: ``agrees``, ``undefined`` (a clash), ``shape`` or ``wrong``."""

    size: Size
    kind: str
    detail: str

    def line(self) -> str:
        """One report line."""
        return f"  {self.size.label()}: {self.kind}" + (f": {self.detail}" if self.detail else "")


@dataclass(frozen=True)
class Numbers:
    """An integer array: its shape and its entries in row-major order."""

    shape: tuple[int, ...]
    entries: tuple[int, ...]

    def nested(self) -> object:
        """The entries as nested lists (an int for a scalar)."""
        if not self.shape:
            return self.entries[0]
        rows: list[object] = list(self.entries)
        for size in reversed(self.shape[1:]):
            rows = [rows[k : k + size] for k in range(0, len(rows), size)]
        return rows

    def text(self) -> str:
        """``(1, 2)`` for a vector, ``[[1, 2], [3, 4]]`` for a matrix, ``5`` for a scalar."""
        shape = self.shape
        if not shape:
            return str(self.entries[0])
        if len(shape) == 1 or (len(shape) == 2 and shape[1] == 1):
            return "(" + ", ".join(str(n) for n in self.entries) + ")"
        if len(shape) == 2 and shape[0] == 1:
            return "[" + ", ".join(str(n) for n in self.entries) + "]"
        return str(self.nested()).replace(" ", "").replace(",", ", ")


@dataclass(frozen=True)
class Counterexample:
    """Integers for the values and first derivatives at the point where the sides differ."""

    size: Size
    subject: str
    values: tuple[tuple[str, Numbers], ...]
    derivatives: tuple[tuple[str, Numbers], ...]
    """Each derivative, labelled (``∂x/∂z (M × N)``, ``dX``), arranged as the layout does."""
    left: Numbers
    right: Numbers
    entry: tuple[int, ...]
    """The 1-based position of the first entry that differs."""
    indices: str = ""
    functions: tuple[tuple[str, int, int], ...] = ()
    """Each element-wise function (with its primes), a number it is applied at, its value."""

    def lines(self) -> tuple[str, ...]:
        """The report lines: the point, the derivatives, both sides, the entry that differs."""
        lines = []
        if self.values:
            lines.append(", ".join(f"{name} = {n.text()}" for name, n in self.values))
        lines.extend(f"{label} = {n.text()}" for label, n in self.derivatives)
        if self.functions:
            lines.append(", ".join(f"{f}({at}) = {value}" for f, at, value in self.functions))
        lines.append(f"{self.subject} = {self.left.text()}   (the left side)")
        lines.append(f"the formula = {self.right.text()}")
        position = (
            "(" + ", ".join(str(i) for i in self.entry) + ")" if self.entry else "(the scalar)"
        )
        flat = 0
        for size, at in zip(self.left.shape, self.entry, strict=True):
            flat = flat * size + at - 1
        lines.append(
            f"entry {position}{self.indices}: the left side has {self.left.entries[flat]}, "
            f"the formula gives {self.right.entries[flat]}"
        )
        return tuple(lines)


@dataclass(frozen=True)
class LinkVerdict:
    """One ``=`` of a chain: ``left = right``, decided at every size."""

    number: int
    left: Expr
    right: Expr
    outcomes: tuple[SizeOutcome, ...]
    counterexample: Counterexample | None

    @property
    def holds(self) -> bool:
        """True when the sides agree at every size checked."""
        return all(outcome.kind == "agrees" for outcome in self.outcomes)

    @property
    def reason(self) -> str:
        """Why the link fails, one clause per kind of failure ('' when it holds)."""
        clauses = []
        for kind in ("undefined", "shape", "wrong"):
            failing = [o for o in self.outcomes if o.kind == kind]
            if failing:
                where = "; ".join(o.size.label() for o in failing)
                name = "the wrong shape" if kind == "shape" else kind
                clauses.append(f"{name} at {where} ({failing[0].detail})")
        return "; ".join(clauses)


@dataclass(frozen=True)
class EquationVerdict:
    """One chain of a formula: what it states, and each of its links."""

    binding: Binding
    links: tuple[LinkVerdict, ...]
    layout: Layout
    convention: Convention
    plain: bool
    """Whether the reader wrote numpy's syntax (the report answers in it where it can)."""
    constant_hint: str = ""
    """For a failing formula that holds when a factor is constant: how to say so."""

    @property
    def holds(self) -> bool:
        """True when every link holds."""
        return all(link.holds for link in self.links)

    @property
    def layout_free(self) -> bool:
        """True when the chain has no Jacobian, so its verdict is the same in every layout."""
        return not any(isinstance(n, Jacobian) for n in walk(*self.binding.sides))

    def show(self, expr: Expr) -> str:
        """``expr`` in the reader's dialect: plain syntax for plain input where it has one."""
        return (_plain_or_unicode if self.plain else _unicode)(expr)

    @property
    def correct(self) -> str:
        """``lhs = correct form`` in the reader's names ('' if the registry has none for it)."""
        value = correct_side(self.binding, self.layout)
        if value is None:
            return ""
        return f"{_unicode(self.binding.sides[0])} = {self.show(value)}"

    @property
    def text(self) -> str:
        """The chain as read, in Unicode (the rest in the reader's dialect)."""
        first, *rest = self.binding.sides
        return " = ".join([_unicode(first), *(self.show(side) for side in rest)])

    @property
    def erratum(self) -> str:
        """A note when a link's right side is the chapter's printed 6-1-3 in its layout."""
        if any(is_erratum(self.binding, link.right, self.layout) for link in self.links):
            return f"erratum {ERRATUM.label}: the chapter's printed form, in the layout it declares"
        return ""

    def where(self) -> str:
        """``in the denominator layout``, or ``in any layout`` for a layout-free chain."""
        return "in any layout" if self.layout_free else f"in the {self.layout.value} layout"

    def lines(self) -> list[str]:
        """The report for this chain."""
        verdict, does = (HOLDS, "holds") if self.holds else (FAILS, "does not hold")
        lines = [
            f"{verdict}: {self.text} {does} {self.where()}",
            f"  read as {self.binding.form.value}: {self.binding.hypotheses()} "
            f"({_convention_text(self.convention)})",
        ]
        several = len(self.links) > 1
        for link in self.links:
            if several:
                status = "holds" if link.holds else "does not hold"
                left = _unicode(link.left) if link.number == 1 else self.show(link.left)
                lines.append(f"  link {link.number}: {left} = {self.show(link.right)} {status}")
            lines.extend(("  " if several else "") + o.line() for o in link.outcomes)
            ce = link.counterexample
            if ce is not None:
                lines.append(
                    f"counterexample at {ce.size.label()} (integer values and first "
                    "derivatives at the point; any differentiable functions with these, "
                    "e.g. affine ones):"
                )
                lines.extend("  " + line for line in ce.lines())
            if is_erratum(self.binding, link.right, self.layout):
                lines.append(f"erratum {ERRATUM.label} ({ERRATUM.source}): {ERRATUM.explanation}")
        if self.constant_hint:
            lines.append(self.constant_hint)
        correct = self.correct
        if correct:
            lines.append(f"correct form {self.where()}: {correct}")
        return lines


@dataclass(frozen=True)
class FormulaVerdict:
    """HOLDS or FAILS for one formula in one layout: every chain, every link."""

    equations: tuple[EquationVerdict, ...]
    layout: Layout

    @property
    def holds(self) -> bool:
        """True when every chain holds."""
        return all(e.holds for e in self.equations)

    def report(self) -> str:
        """The verdicts, the reasons, the correct forms and how it was checked (deterministic)."""
        lines: list[str] = []
        several = len(self.equations) > 1
        for number, equation in enumerate(self.equations, start=1):
            block = equation.lines()
            if several:
                block[0] = f"equation {number}: {block[0]}"
            lines.extend(block)
        labels = dict.fromkeys(
            o.size.label() for e in self.equations for link in e.links for o in link.outcomes
        )
        lines.append(HOW_CHECKED.format(sizes="; ".join(labels)))
        return "\n".join(lines)


def _convention_text(convention: Convention) -> str:
    if convention is Convention.NUMPY:
        return "numpy's conventions: vectors are 1-D, * broadcasts, @ is the matrix product"
    return "vectors are columns, juxtaposition is the matrix product"


@functools.cache
def _printer() -> Printer:
    """The Unicode printer, with (∂y/∂z)ᵀ bracketed (∂y/∂zᵀ reads as the numerator's shape)."""
    from proofs.printing.latex import UNICODE_TABLE, TablePrinter  # SymPy loads for a report

    class ReaderPrinter(TablePrinter):
        def transpose(self, expr: Transpose) -> str:
            if isinstance(expr.operand, Jacobian):
                return self.parenthesize(self.print(expr.operand)) + self.table["transpose"]
            return super().transpose(expr)

    table = {**UNICODE_TABLE, "phi": "φ", "varphi": "φ"}
    return ReaderPrinter(table, "Unicode printer")


def _unicode(expr: Expr) -> str:
    return _printer().print(expr)


def _plain_or_unicode(expr: Expr) -> str:
    try:
        return plain_text(expr)
    except NotImplementedError:
        return _unicode(expr)


Show = Callable[[Expr], str]
"""How a report prints a sub-expression: the reader's plain syntax, or Unicode."""


def check_formula(
    text: str,
    *,
    latex: bool | None = None,
    layout: Layout = Layout.DENOMINATOR,
    constants: Sequence[str] = (),
    otimes_is_hadamard: bool = False,
) -> FormulaVerdict:
    """Decide whether ``text`` is a correct formula of the rule in ``layout``.

    ``latex`` None reads LaTeX when the text has a backslash or a ``$``. ``constants`` names
    factors that do not depend on the variable (the chapter's Note). Raises
    :class:`hadamard.errors.InputError` (one line, naming the token and why) for input that
    is unreadable, outside the vocabulary, or not a form of the rule.
    """
    if latex is None:
        latex = "\\" in text or "$" in text
    reading = parse_formula(text, latex=latex, layout=layout, otimes_is_hadamard=otimes_is_hadamard)
    return decide(reading, layout, frozenset(constants), plain=not latex)


def decide(
    reading: Reading, layout: Layout, constants: frozenset[str] = frozenset(), *, plain: bool
) -> FormulaVerdict:
    """The verdict on every chain of ``reading`` in ``layout``."""
    equations = tuple(
        decide_chain(chain, reading, layout, constants, plain=plain) for chain in reading.chains
    )
    return FormulaVerdict(equations, layout)


def decide_chain(
    chain: Chain,
    reading: Reading,
    layout: Layout,
    constants: frozenset[str] = frozenset(),
    *,
    plain: bool = False,
) -> EquationVerdict:
    """The verdict on one chain: each of its links decided at every size."""
    binding = bind(chain, reading, constants=constants)
    for side in binding.sides:
        found = degree(side)
        if found > MAX_DEGREE:
            raise refuse(
                f"the formula has degree {found} in its names and their derivatives; the "
                f"checker reads degree ≤ {MAX_DEGREE} (up to {MAX_DEGREE} factors)"
            )
    convention = reading.convention
    numpy = plain and convention is Convention.NUMPY
    show = _plain_or_unicode if numpy else _unicode
    links = _links(binding, layout, convention, show)
    verdict = EquationVerdict(binding, links, layout, convention, numpy)
    if verdict.holds or binding.declared_constant or binding.form not in (Form.JACOBIAN, Form.JVP):
        return verdict
    for factor in binding.factors:
        constant = bind(chain, reading, constants=constants | {factor})
        if all(link.holds for link in _links(constant, layout, convention, show, quick=True)):
            hint = (
                f"it holds if {factor} does not depend on {binding.variable} (the "
                f"constant-factor corollary): say so with --constant {factor}, or a "
                f"`hadamard: constant={factor}` marker"
            )
            return EquationVerdict(binding, links, layout, convention, numpy, hint)
    return verdict


def _links(
    binding: Binding, layout: Layout, convention: Convention, show: Show, *, quick: bool = False
) -> tuple[LinkVerdict, ...]:
    """Each link decided; ``quick`` stops at the first size that fails and explains nothing (for
    the hints, which only ask whether a variant holds)."""
    sides = binding.sides
    links = []
    for n in range(1, len(sides)):
        link = _decide_link(binding, n, sides[n - 1], sides[n], layout, convention, show, quick)
        links.append(link)
        if quick and not link.holds:
            break
    return tuple(links)


def degree(expr: Expr) -> int:
    """Polynomial degree of ``expr`` in the names and their derivatives (each counts 1)."""
    match expr:
        case Vector() | Array():
            return 1
        case Jacobian(of) | Differential(of) | Partial(of) | Apply(_, of) | Derivative(_, of):
            return max(1, degree(of))  # the derivative of a product has a term per factor
        case Zero():
            return 0
        case MatMul(left, right) | Hadamard(left, right) | Times(left, right):
            return degree(left) + degree(right)
        case Add(left, right):
            return max(degree(left), degree(right))
        case Diag(operand) | Neg(operand) | Scale(_, operand) | Transpose(operand):
            return degree(operand)
        case Component(of, _):
            return degree(of)
        case _:
            assert_never(expr)


def _entry_level(binding: Binding) -> bool:
    return any(isinstance(n, Component | Partial) for n in walk(*binding.sides))


def _decide_link(
    binding: Binding,
    number: int,
    left: Expr,
    right: Expr,
    layout: Layout,
    convention: Convention,
    show: Show,
    quick: bool = False,
) -> LinkVerdict:
    outcomes: list[SizeOutcome] = []
    counter: Counterexample | None = None
    for size in sizes(binding):
        outcome, witness = _at_size(
            binding, number, (left, right), size, layout, convention, show, quick
        )
        outcomes.append(outcome)
        if counter is None and witness is not None:
            counter = witness
        if quick and outcome.kind != "agrees":
            break
    return LinkVerdict(number, left, right, tuple(outcomes), counter)


@dataclass(frozen=True)
class _Pair:
    generic: Generic
    indices: dict[str, int]
    left: Value
    right: Value


def _assignments(left: Expr, right: Expr, model: Model) -> list[dict[str, int]]:
    """Every value of the free indices (each over the range of what it subscripts)."""
    probe = Indices()
    evaluate(left, model, probe)
    evaluate(right, model, probe)
    names = sorted(probe.bounds)
    return [
        dict(zip(names, values, strict=True))
        for values in itertools.product(*(range(probe.bounds[n]) for n in names))
    ]


def _at_size(
    binding: Binding,
    number: int,
    sides: tuple[Expr, Expr],
    size: Size,
    layout: Layout,
    convention: Convention,
    show: Show,
    quick: bool = False,
) -> tuple[SizeOutcome, Counterexample | None]:
    left, right = sides
    pairs: list[_Pair] = []
    left_clash: str | None = None
    right_clash: str | None = None
    entry = _entry_level(binding)
    try:
        generics = list(models(binding, size, layout, convention))
    except UndefinedError as exc:
        return SizeOutcome(size, "undefined", str(exc)), None
    for generic in generics:
        model = generic.model
        try:
            assignments = _assignments(left, right, model) if entry else [{}]
        except UndefinedError as exc:
            right_clash = right_clash or str(exc)
            continue
        for values in assignments:
            indices = Indices(values)
            try:
                lv = evaluate(left, model, indices)
            except UndefinedError:
                left_clash = left_clash or _clash(left, model, values, show)
                break
            try:
                rv = evaluate(right, model, Indices(values, dict(indices.bounds)))
            except UndefinedError:
                right_clash = right_clash or _clash(right, model, values, show)
                break
            pairs.append(_Pair(generic, values, lv, rv))
    if not pairs:
        detail = right_clash if right_clash is not None else f"the left side: {left_clash}"
        return SizeOutcome(size, "undefined", detail), None
    for pair in pairs:
        if not same(pair.left, pair.right):
            if quick:
                return SizeOutcome(size, "wrong", ""), None
            return _difference(binding, number, pair, layout, show)
    return SizeOutcome(size, "agrees", ""), None


def _clash(expr: Expr, model: Model, values: dict[str, int], show: Show) -> str:
    """Name the smallest sub-expression whose operands' shapes clash, and the shapes."""
    for child in children(expr):
        try:
            evaluate(child, model, Indices(values))
        except UndefinedError:
            return _clash(child, model, values, show)
    try:
        evaluate(expr, model, Indices(values))
    except UndefinedError as exc:
        return f"in {show(expr)}: {exc}"
    return "undefined"  # pragma: no cover - the caller saw evaluate raise


def _difference(
    binding: Binding, number: int, pair: _Pair, layout: Layout, show: Show
) -> tuple[SizeOutcome, Counterexample | None]:
    size = pair.generic.size
    left, right = pair.left, pair.right
    at = _index_text(pair.indices)
    diagnosis = _diagnosis(binding, pair, layout, show) if number == 1 else ""
    if (
        isinstance(left, Tensor)
        and isinstance(right, Tensor)
        and left.shape != right.shape
        and not (len(left.entries) == len(right.entries) == 1)
    ):
        detail = (
            f"the right side is {describe(right.shape)}, the left side {describe(left.shape)}"
            f"{at}{diagnosis}"
        )
        return SizeOutcome(size, "shape", detail), None
    outcome = SizeOutcome(size, "wrong", f"values differ{at}{diagnosis}")
    return outcome, _counterexample(binding, pair, layout)


def _index_text(indices: dict[str, int]) -> str:
    if not indices:
        return ""
    return " at " + ", ".join(f"{name}={value + 1}" for name, value in sorted(indices.items()))


def _diagnosis(binding: Binding, pair: _Pair, layout: Layout, show: Show) -> str:
    """'; it matches <a named mistake>' when the right side's value matches one, else ''."""
    correct = correct_side(binding, layout)
    if correct is None or binding.form in (Form.COMPONENT, Form.LEIBNIZ):
        return ""
    other = None
    if binding.form in (Form.JACOBIAN, Form.JVP):
        other = correct_side(binding, layout.other)
    for mistake in likely_mistakes(correct, other):
        try:
            value = evaluate(mistake.expr, pair.generic.model, Indices(pair.indices))
        except UndefinedError:
            continue
        if same(value, pair.right):
            return f"; it matches {_describe(mistake, layout, binding, show)}"
    return ""


def _describe(mistake: LikelyMistake, layout: Layout, binding: Binding, show: Show) -> str:
    """How a report names a likely mistake of the correct form in ``layout``."""
    term = "" if mistake.term is None else show(mistake.term)
    subject = _unicode(binding.sides[0])
    factors = binding.factors
    match mistake.kind:
        case Likely.TRANSPOSED:
            return f"the transpose of {subject} (the other layout's Jacobian)"
        case Likely.OTHER_LAYOUT:
            return f"the {layout.other.value} layout's form, read in the {layout.value} layout"
        case Likely.NEGATED:
            return f"-{subject} (the sign is wrong)"
        case Likely.TERM_ALONE:
            return f"the term {term} alone (another term is missing)"
        case Likely.SIGN_FLIPPED:
            return f"the correct form with the sign of {term} flipped"
        case Likely.DIAGONALS_SWAPPED:
            return f"the correct form with {' and '.join(factors[:2])} swapped inside diag(·)"
        case _:
            assert_never(mistake.kind)


def _counterexample(binding: Binding, pair: _Pair, layout: Layout) -> Counterexample | None:
    left, right = pair.left, pair.right
    generic = pair.generic
    a = left if isinstance(left, Tensor) else Tensor.zeros(_shape(right))
    b = right if isinstance(right, Tensor) else Tensor.zeros(a.shape)
    differing = next(
        k for k, (p, q) in enumerate(zip(a.entries, b.entries, strict=True)) if dict(p) != dict(q)
    )
    difference: Poly = add(a.entries[differing], negate(b.entries[differing]))
    values = instance(difference, generic.symbols, SEED, generic.model.functions)
    if values is None:  # pragma: no cover - 64 draws of a nonzero polynomial never all vanish
        return None
    model = generic.model
    shown = [
        n
        for n in binding.names
        if n in model.values
        and n not in binding.scalars
        and (n in binding.factors or n not in binding.variables)
    ]
    derivatives: list[tuple[str, Numbers]] = []
    for (name, variable), rows in sorted(generic.derivatives.items()):
        if variable == PATH:
            flat = tuple(values[r[0]] for r in rows)
            derivatives.append((f"d{name}", Numbers(model.values[name].shape, flat)))
            continue
        table = [[values[s] for s in row] for row in rows]
        own = variable not in binding.factors
        if layout is Layout.DENOMINATOR:
            table = [list(col) for col in zip(*table, strict=True)]
            axes = "M × N" if own else "N × N"
        else:
            axes = "N × M" if own else "N × N"
        shape = (len(table), len(table[0]))
        flat = tuple(n for row in table for n in row)
        derivatives.append((f"∂{name}/∂{variable} ({axes})", Numbers(shape, flat)))
    for scalar, gradient in generic.gradients.items():
        flat = tuple(values[g] for g in gradient)
        derivatives.append((f"∂{scalar}/∂{binding.scalars[scalar]}", Numbers((len(flat),), flat)))
    used = {s for p in (*a.entries, *b.entries) for monomial in p for s in monomial}
    applications = model.functions
    functions = () if applications is None else applications.shown(values, used)
    return Counterexample(
        size=generic.size,
        functions=tuple((_function_name(f), at, value) for f, at, value in functions),
        subject=_unicode(binding.sides[0]) if pair.left is not None else "",
        values=tuple((n, _numbers(model.values[n], values)) for n in shown),
        derivatives=tuple(derivatives),
        left=_numbers(a, values),
        right=_numbers(b, values),
        entry=_position(a.shape, differing),
        indices=_index_text(pair.indices),
    )


def _function_name(primed: str) -> str:
    """``sigma''`` as the report prints it: ``σ''``."""
    name = primed.rstrip("'")
    return _unicode(Apply(name, Vector("x"))).removesuffix("(x)") + primed[len(name) :]


def _shape(value: Value) -> tuple[int, ...]:
    return () if isinstance(value, Zero) else value.shape


def _position(shape: tuple[int, ...], flat: int) -> tuple[int, ...]:
    """The 1-based multi-index of the ``flat``-th entry of ``shape`` (row-major)."""
    index: list[int] = []
    for size in reversed(shape):
        flat, at = divmod(flat, size)
        index.append(at + 1)
    return tuple(reversed(index))


def _numbers(value: Tensor, values: dict[int, int]) -> Numbers:
    return Numbers(value.shape, tuple(substitute(p, values) for p in value.entries))
