"""The Coq kernel on the export (needs coqc; HADAMARD_REQUIRE_COQ=1 turns a skip into a failure).

coqc checks the golden files (byte-identical to coq_files(), see test_coq_render), Print
Assumptions lists only the standard Reals axioms, and the kernel refuses wrong statements
rendered from altered statement objects: the printed (numerator) form claimed in the
denominator layout, and 6-1-2 with a term missing.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from hadamard import Layout
from hadamard._files import write_tree
from proofs.coq.kernel import ALLOWED_AXIOMS, COQC_MISSING, CoqCheck, check_directory, find_coqc
from proofs.coq.render import default_statements, render_files
from proofs.theory.expr import Add
from proofs.theory.statement import ERRATUM, THEOREMS, Theorem

GOLDEN = Path(__file__).parents[1] / "golden" / "coq"


def require_coqc() -> str:
    """coqc's path; skip without it, unless HADAMARD_REQUIRE_COQ=1 makes that a failure."""
    found = find_coqc()
    if found is not None:
        return found
    if os.environ.get("HADAMARD_REQUIRE_COQ") == "1":
        pytest.fail(f"{COQC_MISSING}, but HADAMARD_REQUIRE_COQ=1 requires the check")
    pytest.skip(COQC_MISSING)


@pytest.fixture(scope="module")
def golden_check() -> CoqCheck:
    require_coqc()
    return check_directory(GOLDEN)


def test_missing_coqc_fails_when_required(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("HADAMARD_REQUIRE_COQ", "1")
    with pytest.raises(pytest.fail.Exception, match="coqc not found"):
        require_coqc()
    monkeypatch.delenv("HADAMARD_REQUIRE_COQ")
    with pytest.raises(pytest.skip.Exception, match=re.escape(COQC_MISSING)):
        require_coqc()


def test_coqc_accepts_the_generated_files(golden_check: CoqCheck) -> None:
    assert golden_check.ok, golden_check.summary()
    assert golden_check.coqc_version
    theorems, corollaries = default_statements()
    expected = {"leibniz_6_1_2", *(t.name for t in theorems), *(c.name for c in corollaries)}
    assert set(golden_check.theorems) == expected
    print(f"\ncoqc checked {len(golden_check.theorems)} theorems in {golden_check.seconds:.2f} s")


def test_print_assumptions_lists_only_the_standard_reals_axioms(golden_check: CoqCheck) -> None:
    assert [name for name, _ in golden_check.assumptions] == list(golden_check.theorems)
    for name, axioms in golden_check.assumptions:
        assert set(axioms) <= ALLOWED_AXIOMS, (name, axioms)
    assert golden_check.disallowed() == ()


def _proof_lines(text: str, keyword_and_name: str) -> range:
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines, 1) if line.startswith(keyword_and_name + " "))
    proof = next(n for n in range(start, len(lines) + 1) if lines[n - 1].startswith("Proof."))
    qed = next(n for n in range(proof, len(lines) + 1) if lines[n - 1].rstrip().endswith("Qed."))
    return range(proof, qed + 1)


def _rejected(tmp_path: Path, theorems: tuple[Theorem, ...], keyword_and_name: str) -> CoqCheck:
    """Render ``theorems``, run coqc; assert it fails inside the proof of ``keyword_and_name``.

    Failing inside the proof (not at the statement) shows the statement type-checks and is
    what the kernel refuses to accept.
    """
    require_coqc()
    _, corollaries = default_statements()
    files = render_files(theorems, corollaries)
    write_tree(tmp_path, files)
    check = check_directory(tmp_path)
    assert not check.ok
    assert check.ran
    where = re.search(r'File "\./HadamardDerivative\.v", line (\d+)', check.log)
    assert where is not None, check.log
    text = files["HadamardDerivative.v"].decode()
    assert int(where.group(1)) in _proof_lines(text, keyword_and_name), check.log
    return check


def test_kernel_rejects_the_printed_form_in_the_denominator_layout(tmp_path: Path) -> None:
    """ERRATUM.printed (the numerator form) claimed as the denominator Jacobian: refused.

    The claim is false: at M = N it scales row j by x_j instead of column i by x_i, and at
    M ≠ N it reads ∂y/∂z outside its M rows.
    """
    den = THEOREMS[Layout.DENOMINATOR]
    wrong = replace(den, steps=(*den.steps[:-1], ERRATUM.printed))
    check = _rejected(tmp_path, (wrong, THEOREMS[Layout.NUMERATOR]), f"Theorem {den.name}")
    assert "FAILED" in check.summary()


def test_kernel_rejects_6_1_2_with_a_missing_term(tmp_path: Path) -> None:
    """∂(x_i y_i)/∂z_j = x_i ∂y_i/∂z_j (the y_i ∂x_i/∂z_j term dropped): refused."""
    step = THEOREMS[Layout.DENOMINATOR].steps[1]
    assert isinstance(step.rhs, Add)
    kept = step.rhs.left

    def drop_term(theorem: Theorem) -> Theorem:
        short = replace(theorem.steps[1], rhs=kept)
        return replace(theorem, steps=(theorem.steps[0], short, theorem.steps[2]))

    theorems = tuple(
        drop_term(THEOREMS[layout]) for layout in (Layout.DENOMINATOR, Layout.NUMERATOR)
    )
    _rejected(tmp_path, theorems, "Theorem leibniz_6_1_2")


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
    check = check_directory(tmp_path)
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
