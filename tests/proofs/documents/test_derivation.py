"""The derivation document: a Theorem per layout of every registered theorem, a Proof through
its steps, the Corollaries, the Remark on the erratum, one appendix table; mathematics only
as mathematics, and no SymPy internals."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest

from hadamard import Layout
from proofs.check.certificate import certificate_sha256
from proofs.check.records import Certificate, KernelCheck
from proofs.documents import derivation as derivation_module
from proofs.documents.blocks import (
    Block,
    Code,
    Display,
    Document,
    Environment,
    Heading,
    Kind,
    Math,
    Paragraph,
    Table,
    Text,
    spans,
)
from proofs.documents.derivation import derivation, term_entry
from proofs.documents.latex import latex_document
from proofs.documents.markdown import markdown_document
from proofs.printing.latex import matrix_latex
from proofs.theory.expr import Diag, Jacobian, MatMul, Vector
from proofs.theory.registry import REGISTRY, theorem
from proofs.theory.statements import Backend
from tests.proofs.documents.conftest import ACCEPTED, ACCEPTED_MATHCOMP

SYMPY_INTERNALS = ("KroneckerDelta", "Sum(", "dx_dz", "dy_dz", "residue", "sympy", "Piecewise")


def _walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        if isinstance(block, Environment):
            yield from _walk(block.body)


def _environments(document: Document, kind: Kind) -> list[Environment]:
    return [b for b in _walk(document.blocks) if isinstance(b, Environment) and b.kind is kind]


def _text(blocks: tuple[Block, ...]) -> str:
    """The prose and inline math of ``blocks`` (displays as their LaTeX)."""
    out = []
    for block in _walk(blocks):
        if isinstance(block, Paragraph):
            out.append("".join(s.text if not isinstance(s, Math) else s.latex for s in block.body))
        elif isinstance(block, Display):
            out.append(block.latex)
    return "\n".join(out)


@pytest.fixture(scope="module")
def document(certificate: Certificate) -> Document:
    return derivation(certificate)


@pytest.fixture(scope="module")
def tex(certificate: Certificate) -> str:
    return latex_document(certificate)


@pytest.fixture(scope="module")
def markdown(certificate: Certificate) -> str:
    return markdown_document(certificate)


def test_a_theorem_for_each_layout_of_every_registered_theorem_then_its_proof(
    document: Document, certificate: Certificate
) -> None:
    blocks = list(document.blocks)
    for t in certificate.theorems:
        start = blocks.index(Heading(1, spans(t.title)))
        theorems = blocks[start + 1 : start + 1 + len(t.layouts)]
        assert [b.kind for b in theorems if isinstance(b, Environment)] == [Kind.THEOREM] * len(
            t.layouts
        )
        proof = blocks[start + 1 + len(t.layouts)]
        assert isinstance(proof, Environment)
        assert proof.kind is Kind.PROOF
        numbers = [b.number for b in theorems if isinstance(b, Environment)]
        assert proof.title == spans(
            "Proof of Theorem"
            + ("s" if len(numbers) > 1 else "")
            + " "
            + " and ".join(str(n) for n in numbers)
        )
    assert {t.id for t in certificate.theorems} == {t.id for t in REGISTRY}


def test_the_theorems_state_their_hypotheses_in_mathematical_notation(document: Document) -> None:
    first = _environments(document, Kind.THEOREM)[0]
    lead = first.body[0]
    assert isinstance(lead, Paragraph)
    assert Math(r"\boldsymbol{x}, \boldsymbol{y} \colon \mathbb{R}^M \to \mathbb{R}^N") in lead.body
    assert Math(r"\boldsymbol{z}") in lead.body


def test_the_proof_goes_through_the_chapters_labels(document: Document) -> None:
    proof = _environments(document, Kind.PROOF)[0]
    tags = [b.tag for b in proof.body if isinstance(b, Display) and b.tag]
    assert tags == ["6-1-1", "6-1-2"]
    text = _text(proof.body)
    for conclusion in ("(6-1-3,\u00a0den.)", "(6-1-3,\u00a0num.)"):
        assert f"This proves {conclusion}." in text
    # the entry computations, one per term and layout
    assert text.count(r"\sum_{k=1}^{N}") == 4
    assert r"\delta_{ki} \, x_{k} = x_{i} \, \frac{\partial y_{i}}{\partial z_{j}}" in text


def test_term_entries_know_their_forms_and_no_other() -> None:
    x, y = Vector("x"), Vector("y")
    den = term_entry(MatMul(Jacobian(y), Diag(x)), Layout.DENOMINATOR)
    assert den is not None
    assert den.endswith(r"= x_{i} \, \frac{\partial y_{i}}{\partial z_{j}}")
    num = term_entry(MatMul(Diag(x), Jacobian(y)), Layout.NUMERATOR)
    assert num is not None
    assert r"\delta_{ik}" in num
    assert num.endswith(r"= x_{i} \, \frac{\partial y_{i}}{\partial z_{j}}")
    assert term_entry(MatMul(Jacobian(y), Jacobian(x)), Layout.DENOMINATOR) is None


def test_the_corollaries_each_with_statements_and_a_proof(
    document: Document, certificate: Certificate
) -> None:
    corollaries = _environments(document, Kind.COROLLARY)
    assert len(corollaries) == 4  # constant factor, y = x, element-wise σ, backprop
    for corollary in corollaries:
        displays = [b for b in corollary.body if isinstance(b, Display)]
        assert len(displays) == 2  # one per layout
        assert isinstance(corollary.body[-1], Environment)
        assert corollary.body[-1].kind is Kind.PROOF
    titles = [Text(t.text) for c in corollaries for t in c.title if isinstance(t, Text)]
    assert Text("A constant factor: the chapter's Note") in titles
    assert len(certificate.theorems[0].corollaries) == 8


def test_a_corollary_without_proof_text_fails_loudly(
    certificate: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = dict(derivation_module.COROLLARIES)
    del texts["square"]
    monkeypatch.setattr(derivation_module, "COROLLARIES", texts)
    with pytest.raises(NotImplementedError, match=r"'square_denominator'.*add its kind 'square'"):
        derivation(certificate)


def test_the_remark_says_plainly_the_chapter_is_wrong_with_the_counterexample(
    document: Document, certificate: Certificate
) -> None:
    (remark,) = _environments(document, Kind.REMARK)
    assert remark.title == spans("The chapter's (6-1-3) is wrong in its declared layout")
    text = _text(remark.body)
    ce = certificate.erratum.counterexample
    for matrix in (ce.dx_dz, ce.dy_dz, ce.printed_value, ce.true_value):
        assert matrix_latex([list(row) for row in matrix]) in text
    assert f"They differ in entry ({ce.row}, {ce.column})" in text
    assert "If M \\neq N it is undefined" in text
    assert "If M = N the products exist, but the result is false" in text
    assert "So the chapter's (6-1-3) is wrong in its declared layout." in text
    assert "The right-hand side of Theorem 1 gives the true value." in text
    # the chapter's variables z0, z1 are z_1, z_2 here, consistently
    assert "z_{1} + 4 z_{2}^{2} + z_{2}" in text


def _prose_of_tex(tex: str) -> str:
    """The .tex body without mathematics, typewriter text and commands' own names."""
    body = tex.split(r"\begin{document}", 1)[1]
    body = re.sub(r"\\begin\{equation\*\}.*?\\end\{equation\*\}", " ", body, flags=re.S)
    body = re.sub(r"\$[^$]*\$", " ", body)
    return re.sub(r"\\texttt\{(?:[^{}]|\{\})*\}", " ", body)


def _prose_of_markdown(markdown: str) -> str:
    body = re.sub(r"<!--.*?-->", " ", markdown)
    body = re.sub(r"\$\$.*?\$\$", " ", body, flags=re.S)
    body = re.sub(r"\$[^$]*\$", " ", body)
    return re.sub(r"`[^`]*`", " ", body)


ASCII_MATH = ("\\_", "^", "->", "R^", "d/d")
UNICODE_MATH = ("_", "^", "->", "∂", "⊙", "×", "ℝ", "→", "Σ", "δ", "σ", "≠")


def test_every_symbol_in_the_prose_is_typeset_as_mathematics(tex: str, markdown: str) -> None:
    prose = _prose_of_tex(tex)
    assert [s for s in ASCII_MATH if s in prose] == []
    prose = _prose_of_markdown(markdown)
    assert [s for s in UNICODE_MATH if s in prose] == []


def test_the_prose_check_can_say_no() -> None:
    tex = "\\begin{document}\nx, y : R^M -> R^N and x\\_k $x_k$ \\texttt{a\\_b}"
    assert [s for s in ASCII_MATH if s in _prose_of_tex(tex)] == ["\\_", "^", "->", "R^"]
    assert [s for s in UNICODE_MATH if s in _prose_of_markdown("∂x_k/∂z $x_k$ `a_b`")] == [
        "_",
        "∂",
    ]


def test_sympy_internals_stay_in_the_certificate(tex: str, markdown: str) -> None:
    for text in (tex, markdown):
        assert [s for s in SYMPY_INTERNALS if s in text] == []


def test_one_table_of_checks_with_a_column_per_kernel(
    document: Document, certificate: Certificate
) -> None:
    tables = [b for b in document.blocks if isinstance(b, Table)]
    checks, kernels, hashes = tables
    assert kernels.rows[0][1] == spans("accepted by coqc 8.16.1")
    assert Code("FunctionalExtensionality.functional_extensionality_dep") in kernels.rows[0][3]
    headers = [c.header for c in checks.columns][-2:]
    assert headers == [ACCEPTED.development, ACCEPTED_MATHCOMP.development]
    steps = sum(len(t.steps) for t in certificate.theorems)
    corollaries = sum(len(t.corollaries) for t in certificate.theorems)
    variants = len(certificate.theorems)
    assert len(checks.rows) == steps + corollaries + variants + 3 + 2  # erratum, cross-checks
    kernel = [row[-2] for row in checks.rows]
    # 6-1-2 and 6-1-3 in both layouts, and the constant-factor corollary in both
    assert kernel.count(spans("accepted")) == 6
    # MathComp: 6-1-3 in both layouts (its 'J and the transpose), the constant-factor
    # corollary (denominator), three factors in both layouts, and the differential
    assert [row[-1] for row in checks.rows].count(spans("accepted")) == 6
    assert hashes.rows[0][1] == (Code(certificate_sha256(certificate)),)
    assert hashes.rows[1][1] == (Code(certificate.statement_sha256),)


def test_kernels_are_presented_generically(certificate: Certificate) -> None:
    mathcomp = KernelCheck("MathComp-Analysis", run=False, reason="the library is not installed")
    refused = dataclasses.replace(ACCEPTED, ok=False)
    document = derivation(dataclasses.replace(certificate, kernels=(refused, mathcomp)))
    checks = next(b for b in document.blocks if isinstance(b, Table))
    assert [c.header for c in checks.columns][-2:] == [ACCEPTED.development, "MathComp-Analysis"]
    assert {row[-1] for row in checks.rows} <= {spans("not run"), spans("—")}
    assert spans("REJECTED") in [row[-2] for row in checks.rows]
    kernels = [b for b in document.blocks if isinstance(b, Table)][1]
    assert [row[:2] for row in kernels.rows] == [
        (spans(ACCEPTED.development), spans("REJECTED")),
        (spans("MathComp-Analysis"), spans("not run")),
    ]
    assert kernels.rows[1][2] == spans("the library is not installed.")
    assert "NOT every check passed" in _text(document.blocks)


def test_a_kernel_marks_the_statements_its_backend_names(certificate: Certificate) -> None:
    # A Lean kernel that accepted the 6-1-2 step under its Lean name marks that step only; a
    # Coq kernel that lists the same (Lean) name marks nothing.
    steps = theorem("hadamard_product").statement(Layout.DENOMINATOR).steps
    leibniz = next(s for s in steps if s.seed_label == "6-1-2")
    lean = dataclasses.replace(
        ACCEPTED, development="Lean", backend="lean", theorems=(leibniz.names[Backend.LEAN],)
    )
    coq = dataclasses.replace(lean, development="Coq", backend="coq")
    document = derivation(dataclasses.replace(certificate, kernels=(lean, coq)))
    checks = next(b for b in document.blocks if isinstance(b, Table))
    assert [row[-2] for row in checks.rows].count(spans("accepted")) == 2  # both layouts
    assert [row[-1] for row in checks.rows].count(spans("accepted")) == 0


def test_a_failed_step_is_marked_in_its_theorem_and_the_table(certificate: Certificate) -> None:
    main = certificate.theorems[0]
    broken = dataclasses.replace(main.steps[2], verified=False)
    steps = (*main.steps[:2], broken, *main.steps[3:])
    theorems = (dataclasses.replace(main, steps=steps), *certificate.theorems[1:])
    document = derivation(dataclasses.replace(certificate, theorems=theorems))
    first = _environments(document, Kind.THEOREM)[0]
    assert "NOT VERIFIED" in "".join(s.text for s in first.title if isinstance(s, Text))
    checks = next(b for b in document.blocks if isinstance(b, Table))
    assert [row[2] for row in checks.rows].count(spans("FAILS")) == 1


def test_numbers_agree_with_what_latex_will_print(document: Document, tex: str) -> None:
    numbered = [
        e for e in _walk(document.blocks) if isinstance(e, Environment) and e.kind is not Kind.PROOF
    ]
    assert [e.number for e in numbered] == list(range(1, len(numbered) + 1))
    # LaTeX numbers theorem, corollary and remark with one counter, in order of appearance.
    assert r"\newtheorem{corollary}[theorem]{Corollary}" in tex
    assert r"\newtheorem{remark}[theorem]{Remark}" in tex
    begun = re.findall(r"\\begin\{(theorem|corollary|remark)\}", tex)
    assert begun == [e.kind.value for e in numbered]


def test_both_formats_carry_the_same_numbers_and_sections(
    document: Document, markdown: str, tex: str
) -> None:
    for env in _walk(document.blocks):
        if isinstance(env, Environment) and env.number is not None:
            assert f"**{env.kind.heading} {env.number}**" in markdown
    assert "## 1. Notation" in markdown
    assert "## Appendix A. How each statement was checked" in markdown
    assert "\\appendix\n\\section{How each statement was checked}" in tex
    assert markdown.count("$$") % 2 == 0
    assert tex.count("{") == tex.count("}")
    assert tex.isascii()


def test_markup_spans() -> None:
    assert spans("a $x_i$ and `b_c`.") == (
        Text("a "),
        Math("x_i"),
        Text(" and "),
        Code("b_c"),
        Text("."),
    )
    with pytest.raises(ValueError, match="unbalanced"):
        spans("a $x")
