"""The derivation a mathematician can cite, built from the certificate and the registry.

One :class:`proofs.documents.blocks.Document` for both formats:

- Notation: ⊙, diag and the two Jacobian layouts;
- for every theorem of the registry, in its order: a Theorem per layout (hypotheses from the
  registry, conclusion from the certificate), one Proof through its steps (the seed's 6-1-1 →
  6-1-2 → 6-1-3 for the main theorem, cited by label), its Corollaries with their proofs, and
  for the theorem that corrects the chapter, a Remark on the erratum with the counterexample
  typeset as matrices;
- an appendix: one table of how each statement was checked, the kernels, the hashes.

The proofs are written from the statements' expression trees (the entry of each matrix term is
computed from the node), so a theorem added to the registry gets its Theorem and Proof here.
A corollary needs its proof text in :data:`COROLLARIES`: one without fails loudly, naming it.
SymPy's internals (method texts, residues) stay in certificate.json.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import sympy as sp

from hadamard import Layout
from proofs.check.certificate import certificate_sha256
from proofs.check.records import (
    Certificate,
    CorollaryCheck,
    ErratumCheck,
    KernelCheck,
    StepCheck,
    TheoremCheck,
)
from proofs.check.verify import VerdictKind
from proofs.documents.blocks import (
    Block,
    Column,
    Display,
    Document,
    Environment,
    Heading,
    Items,
    Kind,
    Paragraph,
    Span,
    Table,
    spans,
)
from proofs.printing.hypotheses import hypothesis_latex, math_latex
from proofs.printing.latex import LATEX_TABLE, equation_latex, matrix_latex, vector_latex
from proofs.printing.latex import latex as printer_latex
from proofs.printing.latex import text as unicode_text
from proofs.theory.expr import (
    Add,
    Array,
    Component,
    Diag,
    Differential,
    Expr,
    Hadamard,
    Jacobian,
    MatMul,
    Partial,
    Times,
    Vector,
    walk,
)
from proofs.theory.registry import theorem as registered
from proofs.theory.statements import Backend, Equation, Role, Step, Theorem

__all__ = ["COROLLARIES", "TITLE", "derivation"]

TITLE = "The derivative of the Hadamard product"
NOTATION = {**LATEX_TABLE, "diag": r"\operatorname{{diag}}({operand})"}
"""The printer's table with diag as an operator name, so TeX spaces it from its neighbours
(the certificate keeps the printer's own spelling, which check-formula reads back)."""
DASH = "—"
"""An empty cell: the check does not apply."""
SHORT = {Layout.DENOMINATOR: "den.", Layout.NUMERATOR: "num."}
X, Y, Z, F = Vector("x"), Vector("y"), Vector("z"), Vector("f")


def latex(expr: Expr) -> str:
    """``expr`` in the document's notation (LaTeX math)."""
    return printer_latex(expr, NOTATION)


def equation(eq: Equation) -> str:
    """``lhs = rhs`` in the document's notation."""
    return equation_latex(eq, NOTATION)


def ref(tag: str) -> str:
    """A reference to an equation tag in prose: ``(6-1-3, den.)``, never broken across lines."""
    return "(" + tag.replace(" ", "\u00a0") + ")"


def _and(words: Sequence[str]) -> str:
    """a, b and c."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _numbers(kind: str, numbers: Sequence[int]) -> str:
    """Theorem 1, or Theorems 1 and 2."""
    plural = "s" if len(numbers) > 1 else ""
    return f"{kind}{plural} {_and([str(n) for n in numbers])}"


def _layout_name(layout: Layout | None) -> str:
    return "no layout" if layout is None else f"{layout.value} layout"


def _p(markup: str) -> Paragraph:
    return Paragraph(spans(markup))


# Notation -----------------------------------------------------------------------------------

NOTATION_INTRO = (
    "Vectors are columns; $i$ runs over $1, \\dots, N$, $j$ over $1, \\dots, M$, and "
    "$\\delta_{{ik}}$ is Kronecker's delta. For $\\boldsymbol{{v}} \\in \\mathbb{{R}}^N$, "
    "${diag_v}$ is the $N \\times N$ matrix with entries $\\delta_{{ik}} \\, v_i$, and the "
    "Hadamard (element-wise) product of $\\boldsymbol{{x}}, \\boldsymbol{{y}} \\in "
    "\\mathbb{{R}}^N$ is the vector with entries ${hadamard}$. For "
    "$\\boldsymbol{{f}} \\colon \\mathbb{{R}}^M \\to \\mathbb{{R}}^N$, a function of "
    "$\\boldsymbol{{z}}$, the Jacobian ${jacobian}$ is written in one of two layouts:"
)
NOTATION_LAYOUTS = (
    "the numerator layout: ${jacobian} \\in \\mathbb{{R}}^{{N \\times M}}$, with entry "
    "$(i, j)$ equal to ${partial}$;",
    "the denominator layout: ${jacobian} \\in \\mathbb{{R}}^{{M \\times N}}$, with entry "
    "$(j, i)$ equal to ${partial}$.",
)
NOTATION_CLOSE = (
    "Each is the transpose of the other. The source chapter declares the denominator layout "
    "for all its formulas. A statement about differentials needs no layout: "
    "$\\mathrm{{d}}\\boldsymbol{{X}}$ has the shape of $\\boldsymbol{{X}}$, entry by entry."
)


def _notation() -> list[Block]:
    partial = latex(Partial(Component(F, "i"), "z", "j"))
    fields = {
        "diag_v": latex(Diag(Vector("v"))),
        "hadamard": latex(Component(Hadamard(X, Y), "i")) + " = x_i \\, y_i",
        "jacobian": latex(Jacobian(F)),
        "partial": partial,
    }
    layouts = tuple(spans(item.format(**fields)) for item in NOTATION_LAYOUTS)
    return [
        Heading(1, spans("Notation")),
        _p(NOTATION_INTRO.format(**fields)),
        Items(layouts),
        _p(NOTATION_CLOSE.format()),
    ]


# Entries of matrix terms, for the proofs ------------------------------------------------------


def _entry(v: Expr, index: str) -> Expr:
    """``v_index`` at entry level: x_k, or y_k w_k for y ⊙ w."""
    if isinstance(v, Hadamard):
        return Times(_entry(v.left, index), _entry(v.right, index))
    return Component(v, index)


def _entry_indices(layout: Layout) -> tuple[str, str]:
    """(row, column) of the generic entry: (j, i) in the denominator layout, else (i, j)."""
    return ("j", "i") if layout is Layout.DENOMINATOR else ("i", "j")


def _jacobian_entry(f: Expr, wrt: str, row: str, column: str, layout: Layout) -> Expr:
    """Entry (row, column) of ∂f/∂wrt as a partial derivative, in ``layout``."""
    if layout is Layout.DENOMINATOR:
        return Partial(Component(f, column), wrt, row)
    return Partial(Component(f, row), wrt, column)


def term_entry(term: Expr, layout: Layout) -> str | None:
    """The generic entry of ``∂f/∂z diag(v)`` or ``diag(v) ∂f/∂z`` computed, as LaTeX math.

    None for a term of another form (its proof then cites the symbolic check).
    """
    row, column = _entry_indices(layout)
    match term:
        case MatMul(Jacobian(f, wrt) as jac, Diag(v)):
            total = (
                rf"\sum_{{k=1}}^{{N}} {latex(Component(jac, row + 'k'))} \, "
                rf"\delta_{{k{column}}} \, {latex(_entry(v, 'k'))}"
            )
            value = Times(_entry(v, column), _jacobian_entry(f, wrt, row, column, layout))
        case MatMul(Diag(v), Jacobian(f, wrt) as jac):
            total = (
                rf"\sum_{{k=1}}^{{N}} \delta_{{{row}k}} \, {latex(_entry(v, 'k'))} \, "
                rf"{latex(Component(jac, 'k' + column))}"
            )
            value = Times(_entry(v, row), _jacobian_entry(f, wrt, row, column, layout))
        case _:
            return None
    return f"{latex(Component(term, row + column))} = {total} = {latex(value)}"


def _terms(expr: Expr) -> list[Expr]:
    if isinstance(expr, Add):
        return [*_terms(expr.left), *_terms(expr.right)]
    return [expr]


# The document builder -------------------------------------------------------------------------


@dataclass(frozen=True)
class Refs:
    """What a corollary's text refers to: the main theorem's numbers and conclusion tags."""

    theorems: str
    conclusions: str


@dataclass(frozen=True)
class CorollaryText:
    """A corollary kind's title, the sentence before its statement, and its proof (markup)."""

    title: str
    lead: Callable[[Refs, str], str]
    """From the references and the corollary's own hypotheses (a clause, possibly empty)."""
    proof: Callable[[Refs], str]


COROLLARIES: dict[str, CorollaryText] = {
    "constant_x": CorollaryText(
        title="A constant factor: the chapter's Note",
        lead=lambda refs, hypotheses: (
            f"Under the hypotheses of {refs.theorems}, suppose in addition that {hypotheses}. Then"
        ),
        proof=lambda refs: (
            "With $\\frac{\\partial \\boldsymbol{x}}{\\partial \\boldsymbol{z}} = "
            f"\\boldsymbol{{O}}$ the second term on the right of {refs.conclusions} vanishes."
        ),
    ),
    "square": CorollaryText(
        title="The square $\\boldsymbol{x} \\odot \\boldsymbol{x}$",
        lead=lambda _refs, _h: (
            "Let $\\boldsymbol{x} \\colon \\mathbb{R}^M \\to \\mathbb{R}^N$ be differentiable "
            "at $\\boldsymbol{z}$. Then"
        ),
        proof=lambda refs: (
            f"Put $\\boldsymbol{{y}} = \\boldsymbol{{x}}$ in {refs.conclusions}: the two terms "
            "on the right coincide."
        ),
    ),
    "elementwise_map": CorollaryText(
        title="A function applied entry by entry",
        lead=lambda _refs, _h: (
            "Let $\\sigma \\colon \\mathbb{R} \\to \\mathbb{R}$ be differentiable, and for "
            "$\\boldsymbol{a} \\in \\mathbb{R}^N$ let $\\sigma(\\boldsymbol{a})$ and "
            "$\\sigma'(\\boldsymbol{a})$ be $\\sigma$ and $\\sigma'$ applied to each entry of "
            "$\\boldsymbol{a}$. Then"
        ),
        proof=lambda _refs: (
            "Entry $i$ of $\\sigma(\\boldsymbol{a})$ is $\\sigma(a_i)$, which depends on $a_i$ "
            "alone, so by the chain rule in one variable $\\frac{\\partial \\sigma(a_i)}"
            "{\\partial a_k} = \\delta_{ik} \\, \\sigma'(a_i)$. The matrix of these partial "
            "derivatives is diagonal, hence the same in both layouts, and it is "
            "$\\operatorname{diag}(\\sigma'(\\boldsymbol{a}))$."
        ),
    ),
    "backprop": CorollaryText(
        title="The gradient through $\\odot$: backpropagation",
        lead=lambda _refs, _h: (
            "Let $\\boldsymbol{x}, \\boldsymbol{y}, \\boldsymbol{g} \\in \\mathbb{R}^N$, where "
            "$\\boldsymbol{y}$ and $\\boldsymbol{g}$ do not depend on $\\boldsymbol{x}$. Then, "
            "differentiating with respect to $\\boldsymbol{x}$,"
        ),
        proof=lambda refs: (
            f"Apply {refs.theorems} with $\\boldsymbol{{x}}$ itself as the variable: "
            "$\\frac{\\partial \\boldsymbol{x}}{\\partial \\boldsymbol{x}} = I$ and "
            "$\\frac{\\partial \\boldsymbol{y}}{\\partial \\boldsymbol{x}} = \\boldsymbol{O}$, "
            "so $\\frac{\\partial (\\boldsymbol{x} \\odot \\boldsymbol{y})}{\\partial "
            "\\boldsymbol{x}} = \\operatorname{diag}(\\boldsymbol{y})$ in either layout. Finally "
            "$\\operatorname{diag}(\\boldsymbol{y}) \\, \\boldsymbol{g} = \\boldsymbol{g} \\odot "
            "\\boldsymbol{y}$ and $\\boldsymbol{g}^{\\top} \\operatorname{diag}(\\boldsymbol{y}) = "
            "(\\boldsymbol{g} \\odot \\boldsymbol{y})^{\\top}$."
        ),
    ),
}
"""The proof text of each corollary kind (the corollary's id without its layout)."""


def corollary_kind(check: CorollaryCheck) -> str:
    """``constant_x`` for ``constant_x_denominator``."""
    return check.id if check.layout is None else check.id.removesuffix(f"_{check.layout.value}")


class _Builder:
    """Numbers the environments and equations while it walks the certificate."""

    def __init__(self, certificate: Certificate) -> None:
        self.c = certificate
        self.environments = 0
        self.equations = 0
        self.tags: dict[tuple[str, Layout | None, str], str] = {}
        """(theorem id, layout, step label) -> the equation tag it is displayed with."""
        self.numbers: dict[tuple[str, Layout | None], int] = {}
        """(theorem id, layout) -> its Theorem number."""
        self.corollary_numbers: dict[str, int] = {}
        """corollary id -> its Corollary number."""
        self.remark: int | None = None

    def number(self) -> int:
        self.environments += 1
        return self.environments

    def fresh_tag(self) -> str:
        self.equations += 1
        return str(self.equations)

    # tags ------------------------------------------------------------------------------------

    def assign_tags(self, t: TheoremCheck, reg: Theorem) -> None:
        """One tag per step equation: the seed's label, else a running number; a step whose
        equation differs between the layouts gets one tag per layout (6-1-3, den.)."""
        statements = [reg.statement(layout) for layout in reg.layouts]
        steps = statements[0].steps
        # Numbered in reading order: the conclusion is displayed first, in the theorem.
        order = sorted(range(len(steps)), key=lambda i: steps[i].role is not Role.MATRIX_FORM)
        for index in order:
            step = steps[index]
            variants = {
                (s.steps[index].equation.lhs, s.steps[index].equation.rhs) for s in statements
            }
            base = step.seed_label or self.fresh_tag()
            for layout in t.layouts:
                tag = base
                if len(variants) > 1 and layout is not None:
                    tag = f"{base}, {SHORT[layout]}"
                self.tags[(t.id, layout, reg.statement(layout).steps[index].label)] = tag

    def tag(self, t: TheoremCheck, step: StepCheck) -> str:
        return self.tags[(t.id, step.layout, step.label)]

    # theorems --------------------------------------------------------------------------------

    def theorem_blocks(self, t: TheoremCheck) -> list[Block]:
        reg = registered(t.id)
        self.assign_tags(t, reg)
        blocks: list[Block] = [Heading(1, spans(t.title))]
        hypotheses = " and that ".join(hypothesis_latex(h) for h in reg.hypotheses)
        for layout in t.layouts:
            conclusion = [s for s in t.steps if s.layout is layout][-1]
            number = self.number()
            self.numbers[(t.id, layout)] = number
            title = "" if layout is None else _layout_name(layout)
            if not t.verified:
                title += ("; " if title else "") + "NOT VERIFIED, see Appendix A"
            if layout is None:
                where = "Then, entry by entry,"
            else:
                shape = "M \\times N" if layout is Layout.DENOMINATOR else "N \\times M"
                where = (
                    f"Then, in the {layout.value} layout (each Jacobian "
                    f"$\\frac{{\\partial \\boldsymbol{{f}}}}{{\\partial \\boldsymbol{{z}}}}$ is "
                    f"${shape}$),"
                )
            body: list[Block] = [
                _p(f"Suppose that {hypotheses}. {where}" if hypotheses else where),
                Display(
                    equation(reg.statement(layout).conclusion.equation) + ".",
                    self.tag(t, conclusion),
                ),
            ]
            blocks.append(Environment(Kind.THEOREM, number, spans(title), tuple(body)))
        blocks.append(self.proof(t, reg))
        return blocks

    def proof(self, t: TheoremCheck, reg: Theorem) -> Environment:
        """One proof for all the layouts, step by step in the registry's order."""
        numbers = [self.numbers[(t.id, layout)] for layout in t.layouts]
        by_layout = {layout: [s for s in t.steps if s.layout is layout] for layout in t.layouts}
        body: list[Block] = []
        tags: dict[Role, str] = {}
        for index, step in enumerate(by_layout[t.layouts[0]]):
            variants = [steps[index] for steps in by_layout.values()]
            registry_step = reg.statement(step.layout).steps[index]
            tags.setdefault(step.role, self.tag(t, step))
            if step.role is Role.MATRIX_FORM:
                for variant in variants:
                    body += self.matrix_form(t, reg, variant, index, tags)
                continue
            intro = (
                self.component_intro(registry_step)
                if step.role is Role.COMPONENT
                else self.leibniz_intro(registry_step)
            )
            body.append(_p(intro))
            shown: set[str] = set()
            for variant in variants:
                math = equation(reg.statement(variant.layout).steps[index].equation)
                if math not in shown:
                    shown.add(math)
                    body.append(Display(math + ".", self.tag(t, variant)))
        title = spans(f"Proof of {_numbers('Theorem', numbers)}")
        return Environment(Kind.PROOF, None, title, tuple(body))

    @staticmethod
    def component_intro(step: Step) -> str:
        lhs = step.equation.lhs
        arrays = any(isinstance(node, Array) for node in walk(lhs))
        if isinstance(lhs, Component):
            where = f"every multi-index ${lhs.index}$" if arrays else f"every index ${lhs.index}$"
            return f"By the definition of the Hadamard product, for {where},"
        return "By the definition of the Hadamard product, entry by entry,"

    @staticmethod
    def leibniz_intro(step: Step) -> str:
        lhs = step.equation.lhs
        factors = sum(isinstance(node, Times) for node in walk(lhs)) + 1
        twice = ", applied twice," if factors == 3 else ""
        if factors > 3:
            twice = f", applied {factors - 1} times,"
        if isinstance(lhs, Partial):
            return (
                f"Fix ${lhs.index}$. The entries of the factors are differentiable at "
                f"$\\boldsymbol{{{lhs.wrt}}}$, so the product rule for "
                f"$\\partial / \\partial {lhs.wrt}_{lhs.index}${twice} gives"
            )
        if isinstance(lhs, Differential):
            return f"The product rule for the differential{twice} gives"
        return "The product rule gives"

    def matrix_form(
        self, t: TheoremCheck, reg: Theorem, step: StepCheck, index: int, tags: dict[Role, str]
    ) -> list[Block]:
        registry_step = reg.statement(step.layout).steps[index]
        equation = registry_step.equation
        cites = _and([ref(tags[r]) for r in (Role.COMPONENT, Role.LEIBNIZ) if r in tags])
        leibniz = reg.statement(step.layout).step(Role.LEIBNIZ).equation.rhs
        conclusion = ref(self.tag(t, step))
        layout = step.layout
        if layout is None:
            component = reg.statement(None).step(Role.COMPONENT).equation.lhs
            k = component.index if isinstance(component, Component) else "k"
            return [
                _p(
                    "The differential acts entry by entry: "
                    f"$(\\mathrm{{d}}\\boldsymbol{{F}})_{k} = \\mathrm{{d}}(F_{k})$. By {cites}, "
                    f"entry ${k}$ of the left-hand side of "
                    f"{conclusion} is ${latex(leibniz)}$; by the definition of $\\odot$, so is "
                    f"entry ${k}$ of its right-hand side. This proves {conclusion}."
                )
            ]
        row, column = _entry_indices(layout)
        lhs = equation.lhs
        entry = (
            latex(Partial(Component(lhs.of, "i"), lhs.wrt, "j"))
            if isinstance(lhs, Jacobian)
            else latex(Component(lhs, row + column))
        )
        intro = _p(
            f"In the {layout.value} layout, entry $({row}, {column})$ of "
            f"${latex(lhs)}$ is ${entry}$, which by {cites} equals ${latex(leibniz)}$. "
            "On the right-hand side, since $\\operatorname{diag}(\\boldsymbol{v})$ has entries "
            "$\\delta_{ik} \\, v_i$,"
        )
        entries = [term_entry(term, layout) for term in _terms(equation.rhs)]
        if any(e is None for e in entries):
            return [
                _p(
                    f"In the {layout.value} layout, entry $({row}, {column})$ of each side of "
                    f"{conclusion} reduces to ${latex(leibniz)}$ by {cites}; Appendix A "
                    "records the check at symbolic sizes."
                )
            ]
        shown = [e for e in entries if e is not None]
        displays: list[Block] = [
            Display(e + ("." if n == len(shown) - 1 else ",")) for n, e in enumerate(shown)
        ]
        close = _p(
            f"Adding, entry $({row}, {column})$ of the right-hand side is also "
            f"${latex(leibniz)}$, for every $i$ and $j$. This proves {conclusion}."
        )
        return [intro, *displays, close]

    # corollaries -----------------------------------------------------------------------------

    def corollary_blocks(self, t: TheoremCheck) -> list[Block]:
        if not t.corollaries:
            return []
        reg = registered(t.id)
        refs = Refs(
            theorems=_numbers("Theorem", [self.numbers[(t.id, lay)] for lay in t.layouts]),
            conclusions=_and(
                [ref(self.tag(t, [s for s in t.steps if s.layout is lay][-1])) for lay in t.layouts]
            ),
        )
        kinds: dict[str, list[CorollaryCheck]] = {}
        for check in t.corollaries:
            kinds.setdefault(corollary_kind(check), []).append(check)
        blocks: list[Block] = [Heading(2, spans("Corollaries"))]
        for kind, checks in kinds.items():
            text = COROLLARIES.get(kind)
            if text is None:
                raise NotImplementedError(
                    f"corollary {checks[0].id!r} of {t.id!r} has no proof text: add its kind "
                    f"{kind!r} to COROLLARIES in proofs/documents/derivation.py"
                )
            registry_corollary = next(c for c in reg.corollaries if c.id == checks[0].id)
            hypotheses = " and ".join(hypothesis_latex(h) for h in registry_corollary.hypotheses)
            number = self.number()
            for check in checks:
                self.corollary_numbers[check.id] = number
            lead = text.lead(refs, hypotheses)
            body: list[Block] = []
            for position, check in enumerate(checks):
                where = "" if check.layout is None else f"in the {check.layout.value} layout"
                if position == 0:
                    body.append(_p(f"{lead} {where}".rstrip()))
                else:
                    body.append(_p(f"and {where}"))
                end = "." if position == len(checks) - 1 else ","
                statement = next(c for c in reg.corollaries if c.id == check.id).statement
                body.append(Display(equation(statement) + end))
            title = text.title
            if not all(c.holds for c in checks):
                title += "; NOT VERIFIED, see Appendix A"
            body.append(Environment(Kind.PROOF, None, (), (_p(text.proof(refs)),)))
            blocks.append(Environment(Kind.COROLLARY, number, spans(title), tuple(body)))
        return blocks

    # the erratum -----------------------------------------------------------------------------

    def erratum_blocks(self, t: TheoremCheck) -> list[Block]:
        e = self.c.erratum
        reg = registered(t.id)
        erratum = next((r for r in reg.errata if r.label == e.label), None)
        if erratum is None:
            return []
        self.remark = self.number()
        declared = e.declared_layout
        correct = self.numbers.get((t.id, declared))
        correct_ref = (
            f"Theorem {correct}"
            if correct
            else f"the {declared.value}-layout form (checked for this remark, Appendix A)"
        )
        other = declared.other
        printed_is_other = other in reg.layouts and (
            reg.statement(other).conclusion.equation.rhs == erratum.printed.rhs
        )
        other_number = self.numbers.get((t.id, other))
        body: list[Block] = [
            _p(
                f"The chapter declares the {declared.value} layout for all its formulas, but "
                f"prints as its ({e.label})"
            ),
            Display(equation(erratum.printed) + "."),
        ]
        if printed_is_other:
            which = f" (Theorem {other_number})" if other_number else ""
            body.append(
                _p(
                    f"This is the {other.value}-layout form{which}. In the layout the chapter "
                    "declares it is wrong, as follows."
                )
            )
        body += self.clash_blocks(e, erratum.printed.rhs)
        body += self.square_blocks(t, reg, e, erratum.printed.rhs)
        body += self.counterexample_blocks(e, erratum.printed.rhs, correct_ref)
        body.append(
            _p(
                f"So the chapter's ({e.label}) is wrong in its declared layout. There the rule "
                f"is {correct_ref}:"
            )
        )
        body.append(Display(equation(erratum.correct.equation) + "."))
        if not e.correct.verified:
            body.append(_p("NOT verified at symbolic sizes: see Appendix A."))
        if printed_is_other:
            body.append(
                _p(
                    f"The printed order is correct only in the {other.value} layout. The "
                    "chapter's Note, which drops the second term, keeps the same order and "
                    "inherits the error."
                )
            )
        title = spans(f"The chapter's ({e.label}) is wrong in its declared layout")
        return [
            Heading(2, spans(f"The chapter's printed ({e.label})")),
            Environment(Kind.REMARK, self.remark, title, tuple(body)),
        ]

    @staticmethod
    def clash_blocks(e: ErratumCheck, printed: Expr) -> list[Block]:
        if e.general_verdict is not VerdictKind.CLASH:
            return [
                _p(
                    "At symbolic sizes with $M \\neq N$ the printed form was not found "
                    f"undefined: the verifier's verdict is '{e.general_verdict.value}'."
                )
            ]
        products = {node: node for node in walk(printed) if isinstance(node, MatMul)}
        clauses = []
        for clash in e.clashes:
            node = next((n for n in products if unicode_text(n) == clash.product), None)
            if node is None:
                continue
            clauses.append(
                f"in ${latex(node)}$ the factor ${latex(node.left)}$ is "
                f"${math_latex(clash.left_shape)}$ while ${latex(node.right)}$ is "
                f"${math_latex(clash.right_shape)}$"
            )
        n, m = e.clash_size
        return [
            _p(
                "(a) If $M \\neq N$ it is undefined: "
                + "; ".join(clauses)
                + f". The products do not exist (at $N = {n}$, $M = {m}$, for instance)."
            )
        ]

    def square_blocks(
        self, t: TheoremCheck, reg: Theorem, e: ErratumCheck, printed: Expr
    ) -> list[Block]:
        if e.square_verdict is not VerdictKind.FAILS:
            return [
                _p(
                    "For $M = N$ the printed form was not found false at symbolic sizes: the "
                    f"verifier's verdict is '{e.square_verdict.value}'."
                )
            ]
        layout = e.declared_layout
        row, column = _entry_indices(layout)
        entries = [term_entry(term, layout) for term in _terms(printed)]
        statement = reg.statement(layout)
        leibniz = statement.step(Role.LEIBNIZ).equation.rhs
        cites = _and(
            [
                # the entry-level steps are displayed once, in the first layout asked for
                ref(self.tags[(t.id, t.layouts[0], statement.step(role).label)])
                for role in (Role.COMPONENT, Role.LEIBNIZ)
            ]
        )
        lhs = statement.conclusion.equation.lhs
        blocks: list[Block] = [
            _p(
                "(b) If $M = N$ the products exist, but the result is false. Entry "
                f"$({row}, {column})$ of the printed right-hand side is the sum of"
            )
        ]
        blocks += [Display(entry + ",") for entry in entries if entry is not None]
        blocks.append(
            _p(
                f"whereas by {cites} entry $({row}, {column})$ of ${latex(lhs)}$ is "
                f"${latex(leibniz)}$. The printed form takes the entries of the factors at "
                f"${row}$ instead of ${column}$, so the two differ as soon as "
                f"${row} \\neq {column}$."
            )
        )
        return blocks

    @staticmethod
    def counterexample_blocks(e: ErratumCheck, printed_rhs: Expr, correct_ref: str) -> list[Block]:
        ce = e.counterexample
        names = {sp.Symbol(name): sp.Symbol(f"z_{k + 1}") for k, name in enumerate(ce.z)}

        def poly(text: str) -> str:
            return str(sp.latex(sp.sympify(text).xreplace(names)))

        def column(entries: Sequence[str]) -> str:
            return r"\begin{pmatrix} " + r" \\ ".join(entries) + r" \end{pmatrix}"

        def rows(matrix: tuple[tuple[str, ...], ...]) -> str:
            return matrix_latex([list(r) for r in matrix])

        x, y, jx, jy = (latex(v) for v in (X, Y, Jacobian(X), Jacobian(Y)))
        z = ", ".join(f"z_{k + 1}" for k in range(len(ce.z)))
        point = ", ".join(str(sp.latex(sp.Rational(p))) for p in ce.point)
        lhs = latex(Jacobian(Hadamard(X, Y)))
        printed = latex(printed_rhs)
        agrees = ce.correct_value == ce.true_value
        return [
            _p(
                f"A counterexample: take $N = M = {ce.n}$, $\\boldsymbol{{z}} = ({z})^{{\\top}}$ "
                "and the polynomial functions"
            ),
            Display(
                f"{x}(\\boldsymbol{{z}}) = {column([poly(v) for v in ce.x_of_z])}, \\qquad "
                f"{y}(\\boldsymbol{{z}}) = {column([poly(v) for v in ce.y_of_z])}."
            ),
            _p(
                f"At $\\boldsymbol{{z}} = ({point})^{{\\top}}$, with Jacobians in the "
                f"{e.declared_layout.value} layout,"
            ),
            Display(
                f"{x} = {vector_latex(list(ce.x))}, \\quad "
                f"{y} = {vector_latex(list(ce.y))}, \\quad "
                f"{jx} = {rows(ce.dx_dz)}, \\quad {jy} = {rows(ce.dy_dz)}."
            ),
            _p("The printed right-hand side gives"),
            Display(f"{printed} = {rows(ce.printed_value)},"),
            _p(f"but the derivative of ${latex(Hadamard(X, Y))}$, computed directly, is"),
            Display(f"{lhs} = {rows(ce.true_value)}."),
            _p(
                f"They differ in entry $({ce.row}, {ce.column})$: "
                f"${poly(ce.printed_entry)}$ against ${poly(ce.true_entry)}$. "
                + (
                    f"The right-hand side of {correct_ref} gives the true value."
                    if agrees
                    else f"The right-hand side of {correct_ref} does NOT give the true value."
                )
            ),
        ]

    # the appendix ----------------------------------------------------------------------------

    def appendix(self) -> list[Block]:
        c = self.c
        kernels = c.kernels
        columns = (
            Column("Statement", 0.19),
            Column("Layout", 0.14),
            Column("SymPy, symbolic $N$, $M$", 0.15),
            Column("SymPy, explicit sizes", 0.18),
            # Each kernel's column is wide enough for "MathComp-" in bold, two kernels or one.
            *(Column(k.development, round(0.32 / max(len(kernels), 1), 3)) for k in kernels),
        )
        rows: list[tuple[tuple[Span, ...], ...]] = []
        for t in c.theorems:
            rows += self.theorem_rows(t)
        rows += self.erratum_rows(c.erratum)
        rows += self.cross_check_rows()
        summary = c.summary
        verdict = "passed" if summary.all else "did NOT all pass"
        blocks: list[Block] = [
            Heading(1, spans("How each statement was checked"), appendix=True),
            _p(APPENDIX_INTRO),
            Items(tuple(spans(item) for item in APPENDIX_COLUMNS)),
            _p(f"The checks that ran {verdict}."),
            Table(columns, tuple(rows)),
            Heading(2, spans("The kernels")),
        ]
        blocks += [
            _p(KERNELS_INTRO),
            Table(
                (
                    Column("Development", 0.2),
                    Column("Verdict", 0.16),
                    Column("The theorems it reports", 0.32),
                    Column("The axioms they rest on (`Print Assumptions`)", 0.3),
                ),
                tuple(_kernel_row(k) for k in kernels),
            ),
        ]
        blocks += [
            Heading(2, spans("The certificate")),
            _p(
                "Everything above is recorded in `certificate.json` (schema "
                f"`{c.schema}`), with the method of each check. The SHA-256 hashes:"
            ),
            Table(
                (Column("Hashed", 0.3), Column("SHA-256", 0.68)),
                (
                    (spans("`certificate.json`"), spans(f"`{certificate_sha256(c)}`")),
                    (spans("the registry of statements"), spans(f"`{c.statement_sha256}`")),
                ),
            ),
            _p(
                f"Versions: Python {c.versions.python}, SymPy {c.versions.sympy}, "
                f"hadamard {c.versions.hadamard}."
            ),
        ]
        return blocks

    def kernel_cells(self, names: Mapping[Backend, str]) -> tuple[tuple[Span, ...], ...]:
        """Per kernel: whether its development proves the statement of these backend names."""
        cells = []
        for k in self.c.kernels:
            name = next((n for b, n in names.items() if b.value == k.backend), None)
            if not k.run:
                cells.append(spans("not run"))
            elif name is not None and name in k.theorems:
                cells.append(spans("accepted" if k.ok else "REJECTED"))
            else:
                cells.append(spans(DASH))
        return tuple(cells)

    def theorem_rows(self, t: TheoremCheck) -> list[tuple[tuple[Span, ...], ...]]:
        reg = registered(t.id)
        rows = []
        for layout in t.layouts:
            number = self.numbers[(t.id, layout)]
            explicit = [e for e in t.explicit if e.layout is layout]
            for index, step in enumerate(s for s in t.steps if s.layout is layout):
                registry_step = reg.statement(layout).steps[index]
                sizes = DASH
                if step.role is Role.MATRIX_FORM and explicit:
                    sizes = _sizes([(e.n, e.m, e.agrees) for e in explicit])
                rows.append(
                    (
                        spans(f"Theorem {number}, {ref(self.tag(t, step))}"),
                        spans(_layout_cell(layout)),
                        spans("holds" if step.verified else "FAILS"),
                        spans(sizes),
                        *self.kernel_cells(registry_step.names),
                    )
                )
        for check in t.corollaries:
            corollary = next(c for c in reg.corollaries if c.id == check.id)
            rows.append(
                (
                    spans(f"Corollary {self.corollary_numbers[check.id]}"),
                    spans(_layout_cell(check.layout)),
                    spans("holds" if check.verified else "FAILS"),
                    spans(_sizes([(s.n, s.m, s.agrees) for s in check.explicit])),
                    *self.kernel_cells(corollary.names),
                )
            )
        rejected = sum(c.rejected for c in t.controls)
        numbers = [self.numbers[(t.id, layout)] for layout in t.layouts]
        rows.append(
            (
                spans(f"Wrong variants of the steps of {_numbers('Theorem', numbers)}"),
                spans(_and([_layout_cell(layout) for layout in t.layouts])),
                spans(f"{rejected} of {len(t.controls)} rejected"),
                spans(DASH),
                *(spans(DASH) for _ in self.c.kernels),
            )
        )
        return rows

    def erratum_rows(self, e: ErratumCheck) -> list[tuple[tuple[Span, ...], ...]]:
        if self.remark is None:
            return []
        n, m = e.clash_size
        ce = e.counterexample
        general = "undefined" if e.general_verdict is VerdictKind.CLASH else "NOT undefined"
        square = "false" if e.square_verdict is VerdictKind.FAILS else "NOT false"
        differs = ce.printed_entry != ce.true_entry
        blank = tuple(spans(DASH) for _ in self.c.kernels)
        layout = spans(_layout_cell(e.declared_layout))
        return [
            (
                spans(f"Remark {self.remark}: printed ({e.label}), $M \\neq N$"),
                layout,
                spans(general),
                spans(f"undefined at $({n}, {m})$" if e.clashes else DASH),
                *blank,
            ),
            (
                spans(f"Remark {self.remark}: printed ({e.label}), $M = N$"),
                layout,
                spans(square),
                spans(
                    f"false at $({ce.n}, {ce.m})$, entry $({ce.row}, {ce.column})$"
                    if differs
                    else "NO counterexample"
                ),
                *blank,
            ),
            (
                spans(f"Remark {self.remark}: the rule in the declared layout"),
                layout,
                spans("holds" if e.correct.verified else "FAILS"),
                spans(DASH),
                *blank,
            ),
        ]

    def cross_check_rows(self) -> list[tuple[tuple[Span, ...], ...]]:
        c = self.c
        blank = tuple(spans(DASH) for _ in c.kernels)
        worked = sum(p.worked for p in c.paths)
        failed = sum(p.status == "fails" for p in c.paths)
        disagreed = sum(p.status == "disagrees" for p in c.paths)
        answer = c.matrix_calculus
        main = self.numbers.get((c.theorems[0].id, Layout.DENOMINATOR)) if c.theorems else None
        target = f"Theorem {main}" if main else "the denominator-layout rule"
        return [
            (
                spans(f"({c.definition.label}) against SymPy's own Hadamard product"),
                spans(DASH),
                spans("agrees" if c.definition.agrees else "DISAGREES"),
                spans(DASH),
                *blank,
            ),
            (
                spans(f"{target} against SymPy's own matrix calculus"),
                spans(_layout_cell(Layout.DENOMINATOR)),
                spans(
                    f"SymPy's answer is ${math_latex(answer.shape)}$: the {answer.layout} layout"
                ),
                spans(
                    f"{worked} of {len(c.paths)} ways of asking agree at every size"
                    + (f"; {failed} fail in SymPy" if failed else "")
                    + (f"; {disagreed} DISAGREE" if disagreed else "")
                ),
                *blank,
            ),
        ]


APPENDIX_INTRO = (
    "Each statement of this note was checked mechanically when the note was generated; the "
    "table says how, one row per statement and layout."
)
APPENDIX_COLUMNS = (
    "SymPy, symbolic $N$, $M$: both sides expanded into their generic entry with the sizes "
    "kept as symbols (matrix products as finite sums, $\\operatorname{diag}$ through Kronecker's "
    "delta, the entries of the functions and their partial derivatives as unknowns); the "
    "difference of the two entries is zero in every case of equality between free indices.",
    "SymPy, explicit sizes $(N, M)$: the statement evaluated exactly, the functions being "
    "vectors of undefined smooth functions of $\\boldsymbol{z}$ (Jacobians by SymPy's "
    "`Matrix.jacobian`), or, for a corollary, concrete functions for which its hypotheses "
    "hold.",
    "One column per proof-assistant development: a statement is accepted there when the "
    "development reports a theorem of the name the registry gives it and the kernel accepted "
    "the whole development (a dash: the development reports no such theorem).",
    "Wrong variants of each step (a sign flipped, factors swapped, the other layout's form) "
    "must be rejected by the same symbolic check: it can say no.",
)


def _layout_cell(layout: Layout | None) -> str:
    return "none" if layout is None else layout.value


def _sizes(results: Sequence[tuple[int, int, bool]]) -> str:
    if not results:
        return DASH
    good = ", ".join(f"$({n}, {m})$" for n, m, ok in results if ok)
    bad = ", ".join(f"$({n}, {m})$" for n, m, ok in results if not ok)
    if bad:
        return f"FAILS at {bad}" + (f"; holds at {good}" if good else "")
    return f"holds at {good}"


KERNELS_INTRO = (
    "Each development is checked by its proof assistant's kernel as a whole; the theorems "
    "it reports are those whose axioms it prints."
)


def _kernel_row(k: KernelCheck) -> tuple[tuple[Span, ...], ...]:
    if not k.run:
        return (spans(k.development), spans("not run"), spans(f"{k.reason}."), spans(DASH))
    verdict = f"accepted by coqc {k.checker_version}" if k.ok else "REJECTED"
    names = ", ".join(f"`{name}`" for name in sorted(k.theorems)) or DASH
    axioms = sorted({axiom for _, found in k.assumptions for axiom in found})
    return (
        spans(k.development),
        spans(verdict),
        spans(names),
        spans(", ".join(f"`{a}`" for a in axioms) if axioms else "none"),
    )


INTRO = (
    "This note states and proves the derivative of the Hadamard (element-wise) product in "
    "{layouts}, following equations (6-1-1), (6-1-2) and (6-1-3) of {source}, and shows "
    "in Remark {remark} that the chapter's printed (6-1-3) is wrong in the layout the chapter "
    "declares. {others}Every statement was checked mechanically; Appendix A says how."
)
INTRO_WITHOUT_ERRATUM = (
    "This note states and proves the derivative of the Hadamard (element-wise) product. "
    "{others}Every statement was checked mechanically; Appendix A says how."
)


def derivation(certificate: Certificate) -> Document:
    """The derivation document for ``certificate``."""
    c = certificate
    builder = _Builder(c)
    body: list[Block] = _notation()
    for t in c.theorems:
        body += builder.theorem_blocks(t)
        body += builder.corollary_blocks(t)
        body += builder.erratum_blocks(t)
    body += builder.appendix()
    others = [
        f"{t.title} ({_numbers('Theorem', [builder.numbers[(t.id, lay)] for lay in t.layouts])})"
        for t in c.theorems[1:]
    ]
    also = f"It also proves: {_and([o[:1].lower() + o[1:] for o in others])}. " if others else ""
    if builder.remark is not None:
        layouts = (
            "both Jacobian layouts" if len(c.layouts) > 1 else f"the {c.layouts[0].value} layout"
        )
        intro = INTRO.format(layouts=layouts, source=c.source, remark=builder.remark, others=also)
    else:
        intro = INTRO_WITHOUT_ERRATUM.format(others=also)
    if not c.summary.all:
        intro += " NOT every check passed: see the table in Appendix A."
    return Document(
        title=TITLE,
        byline=(spans(f"Generated by {c.generated_by} from the package's theorem registry"),),
        blocks=(_p(intro), *body),
        generator=c.generated_by,
    )
