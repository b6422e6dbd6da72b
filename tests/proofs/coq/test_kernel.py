"""The Coq kernel on the export (needs coqc and MathComp-Analysis; see kernels.py for CI).

coqc checks the golden files (byte-identical to coq_files(), see test_render) in both
developments, Print Assumptions lists only the allowed axioms, and the kernel refuses wrong
statements rendered from altered registry objects: the chapter's printed 6-1-3 order (a false
statement over the standard library, a type error against MathComp-Analysis's 'J), and 6-1-2
with a term missing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from hadamard import Layout
from hadamard._files import write_tree
from proofs.coq import mathcomp, stdlib
from proofs.coq.export import DEVELOPMENTS, development_files
from proofs.coq.kernel import (
    ALLOWED_AXIOMS,
    MATHCOMP,
    MATHCOMP_AXIOMS,
    MATHCOMP_MISSING,
    STDLIB,
    CoqCheck,
    Development,
    check_directory,
)
from proofs.theory.expr import Add
from proofs.theory.registry import ERRATUM, REGISTRY, theorem
from proofs.theory.statements import Statement, Step, Theorem
from tests.proofs.coq import kernels
from tests.proofs.coq.kernels import REQUIRE, KernelRuns, require_coqc, require_mathcomp

MAIN_THEOREMS = {STDLIB: stdlib.main_theorem_names, MATHCOMP: mathcomp.main_theorem_names}


def test_missing_coqc_fails_when_required(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv(REQUIRE, "1")
    with pytest.raises(pytest.fail.Exception, match="coqc not found"):
        require_coqc()
    monkeypatch.delenv(REQUIRE)
    with pytest.raises(pytest.skip.Exception, match="coqc not found"):
        require_coqc()


def test_missing_mathcomp_fails_when_required(monkeypatch: pytest.MonkeyPatch) -> None:
    require_coqc()
    monkeypatch.setattr(kernels, "find_library", lambda coqc, logical: None)
    monkeypatch.setenv(REQUIRE, "1")
    with pytest.raises(pytest.fail.Exception, match=re.escape(MATHCOMP_MISSING)):
        require_mathcomp()
    monkeypatch.delenv(REQUIRE)
    with pytest.raises(pytest.skip.Exception, match=re.escape(MATHCOMP_MISSING)):
        require_mathcomp()


@pytest.mark.parametrize("development", DEVELOPMENTS, ids=lambda d: d.name)
def test_coqc_accepts_the_golden_export(kernel_runs: KernelRuns, development: Development) -> None:
    if development is MATHCOMP:
        require_mathcomp()
    check = kernel_runs.golden.check(development)
    assert check.ok, check.summary()
    assert check.theorems == MAIN_THEOREMS[development]()
    print(f"\n{development.name}: coqc checked {len(check.theorems)} in {check.seconds:.2f} s")


@pytest.mark.parametrize(
    ("development", "allowed"),
    [(STDLIB, ALLOWED_AXIOMS), (MATHCOMP, MATHCOMP_AXIOMS)],
    ids=["stdlib", "mathcomp"],
)
def test_print_assumptions_lists_only_the_allowed_axioms(
    kernel_runs: KernelRuns, development: Development, allowed: frozenset[str]
) -> None:
    if development is MATHCOMP:
        require_mathcomp()
    check = kernel_runs.golden.check(development)
    assert [name for name, _ in check.assumptions] == list(check.theorems)
    for name, axioms in check.assumptions:
        assert axioms, name  # each rests on the library's classical axioms: the walk happened
        assert set(axioms) <= allowed, (name, axioms)
    assert check.disallowed() == ()


def test_the_quick_checks_agree_with_the_export(kernel_runs: KernelRuns) -> None:
    """One Print Assumptions for all main theorems: the same theorems, the union of axioms."""
    require_mathcomp()
    for quick in kernel_runs.quick:
        full = kernel_runs.golden.check(quick.development)
        assert quick.ok, quick.summary()
        assert quick.theorems == full.theorems
        union = {axiom for _, axioms in full.assumptions for axiom in axioms}
        assert {name: set(axioms) for name, axioms in quick.assumptions} == dict.fromkeys(
            full.theorems, union
        )


def _proof_lines(text: str, keyword_and_name: str) -> range:
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines, 1) if line.startswith(keyword_and_name))
    proof = next(n for n in range(start, len(lines) + 1) if lines[n - 1].startswith("Proof."))
    qed = next(n for n in range(proof, len(lines) + 1) if lines[n - 1].rstrip().endswith("Qed."))
    return range(proof, qed + 1)


def _refused(
    tmp_path: Path, development: Development, theorems: tuple[Theorem, ...], file: str
) -> tuple[CoqCheck, str]:
    """Render ``theorems`` alone in ``development``, run coqc: refused; the text of ``file``."""
    files = development_files(development, theorems)
    write_tree(tmp_path, files)
    check = check_directory(tmp_path, development)
    assert check.ran
    assert not check.ok
    assert "FAILED" in check.summary()
    return check, files[file].decode()


def _with_conclusion(t: Theorem, layout: Layout, conclusion: Step) -> Theorem:
    statements = tuple(
        Statement(s.layout, (*s.steps[:-1], conclusion)) if s.layout is layout else s
        for s in t.statements
    )
    return replace(t, statements=statements, corollaries=())


def _line(check: CoqCheck, file: str) -> int:
    where = re.search(rf'File "\./{re.escape(file)}", line (\d+)', check.log)
    assert where is not None, check.log
    return int(where.group(1))


def test_kernel_rejects_the_printed_form_in_the_denominator_layout(tmp_path: Path) -> None:
    """ERRATUM.printed (the numerator form) claimed as the denominator Jacobian: refused.

    The claim is false: at M = N it scales row j by x_j instead of column i by x_i, and at
    M ≠ N it reads ∂y/∂z outside its M rows. coqc fails inside the proof (the statement
    type-checks: stdlib matrices carry no dimension), so it is the claim it refuses.
    """
    require_coqc()
    main = theorem("hadamard_product")
    den = main.statement(Layout.DENOMINATOR).conclusion
    wrong = replace(den, equation=ERRATUM.printed)
    wrong_theorem = _with_conclusion(main, Layout.DENOMINATOR, wrong)
    check, text = _refused(tmp_path, STDLIB, (wrong_theorem,), stdlib.DERIVATIVE_FILE)
    line = _line(check, stdlib.DERIVATIVE_FILE)
    assert line in _proof_lines(text, f"Theorem {den.names[stdlib.BACKEND]} "), check.log


def test_kernel_rejects_6_1_2_with_a_missing_term(tmp_path: Path) -> None:
    """∂(x_i y_i)/∂z_j = x_i ∂y_i/∂z_j (the y_i ∂x_i/∂z_j term dropped): refused in its proof."""
    require_coqc()
    main = theorem("hadamard_product")
    statements = []
    for s in main.statements:
        leibniz = s.steps[1]
        assert isinstance(leibniz.equation.rhs, Add)
        short = replace(leibniz.equation, rhs=leibniz.equation.rhs.left)
        steps = (s.steps[0], replace(leibniz, equation=short), s.steps[2])
        statements.append(replace(s, steps=steps))
    short_theorem = replace(main, statements=tuple(statements))
    check, text = _refused(tmp_path, STDLIB, (short_theorem,), stdlib.DERIVATIVE_FILE)
    name = main.statements[0].steps[1].names[stdlib.BACKEND]
    assert _line(check, stdlib.DERIVATIVE_FILE) in _proof_lines(text, f"Lemma {name} "), check.log


def test_mathcomp_rejects_the_printed_order_as_a_type_error(tmp_path: Path) -> None:
    """The chapter's diag(x) ∂y/∂z + diag(y) ∂x/∂z against 'J: ill-typed for general n, m.

    'J y p is (n+1) × (m+1) (input × output), so diag_mx (x p) *m 'J y p needs n = m: the
    erratum is not a false statement there but one the type checker will not even read.
    """
    require_mathcomp()
    main = theorem("hadamard_product")
    den = main.statement(Layout.DENOMINATOR).conclusion
    wrong = replace(den, equation=ERRATUM.printed)
    wrong_theorem = _with_conclusion(main, Layout.DENOMINATOR, wrong)
    check, text = _refused(tmp_path, MATHCOMP, (wrong_theorem,), mathcomp.DEVELOPMENT_FILE)
    assert "diag_mx (x p) *m 'J y p + diag_mx (y p) *m 'J x p" in text
    assert 'The term "\'J y p" has type "\'M_(n.+1, m.+1)"' in check.log
    assert 'while it is expected to have type "\'M_(m.+1, ?p)"' in " ".join(check.log.split())
    assert '(cannot unify "n.+1" and "m.+1")' in " ".join(check.log.split())
    statement = text.splitlines()[_line(check, mathcomp.DEVELOPMENT_FILE) - 1]
    assert "diag_mx (x p) *m 'J y p" in statement  # refused at the statement, not in a proof


def test_an_extra_axiom_fails_the_check(tmp_path: Path) -> None:
    """A proof resting on excluded middle passes coqc, and the assumption check says no."""
    require_coqc()
    (tmp_path / "_CoqProject").write_text("-Q . Extra\nExtra.v\nAssumptions.v\n")
    (tmp_path / "Extra.v").write_text(
        "Require Import Classical.\n"
        "Theorem excluded_middle (P : Prop) : P \\/ ~ P.\nProof. exact (classic P). Qed.\n"
    )
    (tmp_path / "Assumptions.v").write_text(
        "From Extra Require Import Extra.\nPrint Assumptions excluded_middle.\n"
    )
    for development in DEVELOPMENTS[:1]:
        check = check_directory(tmp_path, development)
        assert check.ran
        assert not check.ok
        assert check.assumptions == (("excluded_middle", ("Classical_Prop.classic",)),)
        assert check.disallowed() == ("Classical_Prop.classic",)


def test_forbidden_vernacular_fails_the_check(tmp_path: Path) -> None:
    require_coqc()
    (tmp_path / "_CoqProject").write_text("-Q . Cheat\nCheat.v\n")
    (tmp_path / "Cheat.v").write_text("Lemma cheat : False.\nProof.\nAdmitted.\n")
    check = check_directory(tmp_path)
    assert not check.ok
    assert "Admitted" in check.log


def test_every_registered_theorem_is_in_the_checked_export(kernel_runs: KernelRuns) -> None:
    """Each theorem exported to Coq has its conclusions among the checked main theorems."""
    for development, backend in ((STDLIB, stdlib.BACKEND), (MATHCOMP, mathcomp.BACKEND)):
        if development is MATHCOMP:
            require_mathcomp()
        checked = set(kernel_runs.golden.check(development).theorems)
        for t in REGISTRY:
            if backend in t.backends:
                assert {s.conclusion.names[backend] for s in t.statements} <= checked, t.id
