"""The Coq rendering (proofs/coq/render.py): golden files, determinism, the node table, parsers."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from hadamard import Layout
from hadamard.cli import main
from proofs.coq import export as coq
from proofs.coq.export import COQC_MISSING, coq_files, kernel_check
from proofs.coq.kernel import (
    ALLOWED_AXIOMS,
    FORBIDDEN_VERNACULAR,
    CoqCheck,
    forbidden_vernacular,
    parse_assumptions,
    read_project,
)
from proofs.coq.render import CoqPrinter, default_statements, render_files
from proofs.theory.expr import (
    Add,
    Apply,
    Component,
    Derivative,
    Diag,
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
)
from proofs.theory.statement import COROLLARIES, THEOREMS

GOLDEN = Path(__file__).parents[1] / "golden" / "coq"
UPDATE = os.environ.get("HADAMARD_UPDATE_GOLDEN") == "1"
X, Y = Vector("x"), Vector("y")
XI, YI = Component(X, "i"), Component(Y, "i")


def test_golden_files_match_exactly() -> None:
    """coq_files() is byte-identical to tests/golden/coq (HADAMARD_UPDATE_GOLDEN=1 rewrites)."""
    files = coq_files()
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for stale in GOLDEN.iterdir():
            if stale.name not in files:
                stale.unlink()
        for name, content in files.items():
            (GOLDEN / name).write_bytes(content)
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(files)
    for name, content in files.items():
        assert (GOLDEN / name).read_bytes() == content, f"{name} differs from its golden file"


def _digest() -> str:
    files = coq_files()
    return hashlib.sha256(
        b"".join(n.encode() + b"\0" + files[n] for n in sorted(files))
    ).hexdigest()


@pytest.mark.parametrize("seed", ["0", "4242"])
def test_output_is_the_same_under_any_hash_seed(seed: str) -> None:
    code = (
        "import hashlib; from proofs.coq.export import coq_files; f = coq_files(); "
        "print(hashlib.sha256(b''.join(n.encode() + b'\\0' + f[n] for n in sorted(f))).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == _digest()


def test_no_forbidden_keyword_anywhere() -> None:
    """No Admitted/admit/Axiom/Parameter/Conjecture (not even in comments) in any file."""
    for name, content in coq_files().items():
        text = content.decode("utf-8")
        assert forbidden_vernacular(text) == (), name
        for word in FORBIDDEN_VERNACULAR:
            assert f" {word} " not in f" {' '.join(text.split())} ", (name, word)


def test_forbidden_vernacular_says_no() -> None:
    source = "(* Admitted in a comment is harmless *)\nLemma t : False.\nProof. admit. Admitted.\n"
    assert forbidden_vernacular(source) == ("Admitted", "admit")
    assert forbidden_vernacular("Axiom cheat : False.") == ("Axiom",)
    assert forbidden_vernacular("(* (* nested *) Axiom *) Lemma ok : True.") == ()


def test_coq_project_maps_the_root_and_lists_files_in_dependency_order(tmp_path: Path) -> None:
    files = coq_files()
    (tmp_path / "_CoqProject").write_bytes(files["_CoqProject"])
    project = read_project(tmp_path)
    assert project.flags == ("-Q", ".", "Hadamard")
    assert project.files == ("Calculus.v", "HadamardDerivative.v", "Assumptions.v")
    for position, name in enumerate(project.files):
        text = files[name].decode()
        for later in project.files[position:]:
            assert f"Require Import {later.removesuffix('.v')}" not in text


def test_statement_names_follow_the_derivation() -> None:
    text = coq_files()["HadamardDerivative.v"].decode()
    theorems, corollaries = default_statements()
    order = [
        "Lemma hadamard_component_6_1_1",
        "Theorem leibniz_6_1_2",
        f"Theorem {THEOREMS[Layout.DENOMINATOR].name}",
        "Corollary constant_x_denominator",
        f"Theorem {THEOREMS[Layout.NUMERATOR].name}",
        "Corollary constant_x_numerator",
    ]
    positions = [text.index(f"\n{head} ") for head in order]
    assert positions == sorted(positions)
    assert [c.name for c in corollaries] == ["constant_x_denominator", "constant_x_numerator"]
    assert [t.layout for t in theorems] == [Layout.DENOMINATOR, Layout.NUMERATOR]


@pytest.mark.parametrize(
    ("expr", "layout", "coq_text"),
    [
        (Component(Hadamard(X, Y), "i"), Layout.DENOMINATOR, "hadamard (x z) (y z) i"),
        (Times(Add(XI, YI), Neg(XI)), Layout.NUMERATOR, "(x z i + y z i) * - x z i"),
        (Add(XI, Times(YI, XI)), Layout.NUMERATOR, "x z i + y z i * x z i"),
        (Scale(-3, XI), Layout.NUMERATOR, "(-3) * x z i"),
        (
            MatMul(Jacobian(Y), Diag(X)),
            Layout.DENOMINATOR,
            "mat_mul N Jy (diag (x z))",
        ),
        (
            Scale(2, MatMul(Diag(X), Jacobian(X))),
            Layout.NUMERATOR,
            "mat_scale 2 (mat_mul N (diag (x z)) Jx)",
        ),
        (Add(Zero(), Neg(Jacobian(X))), Layout.NUMERATOR, "mat_add mat_zero (mat_neg Jx)"),
        # The erratum's product: the shapes clash, the text still renders, the kernel decides.
        (MatMul(Diag(X), Jacobian(Y)), Layout.DENOMINATOR, "mat_mul N (diag (x z)) Jy"),
    ],
    ids=["component", "parens", "sum", "negative-factor", "den", "num-scale", "zero", "erratum"],
)
def test_printer_node_table(expr: Expr, layout: Layout, coq_text: str) -> None:
    printer = CoqPrinter(layout, jacobians={"x": "Jx", "y": "Jy"})
    assert printer.term(expr).text == coq_text


@pytest.mark.parametrize(
    "expr",
    [Apply("sigma", X), Derivative("sigma", X), Transpose(Jacobian(X))],
    ids=["Apply", "Derivative", "Transpose"],
)
def test_nodes_without_a_coq_rule_raise_naming_the_node(expr: Expr) -> None:
    with pytest.raises(NotImplementedError, match=type(expr).__name__):
        CoqPrinter(Layout.DENOMINATOR, jacobians={"x": "Jx"}).term(expr)


def test_corollaries_outside_the_coq_vocabulary_refuse_to_render() -> None:
    theorems, _ = default_statements()
    elementwise = next(c for c in COROLLARIES[Layout.DENOMINATOR] if "elementwise" in c.name)
    with pytest.raises(NotImplementedError, match=r"Derivative|Apply"):
        render_files(theorems, (elementwise,))


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        (Hadamard(XI, Y), "vector operand"),
        (Add(X, Y), "cannot add"),
        (Partial(XI, "z", "j"), "no hypothesis names"),
        (Jacobian(Vector("w")), "no hypothesis names the Jacobian of w"),
        (Vector("X1"), "not a plain Coq identifier"),
        (Vector("z"), "clash with the point"),
    ],
    ids=["hadamard-of-scalar", "vector-sum", "unnamed-partial", "unnamed-jacobian", "name", "z"],
)
def test_ill_formed_expressions_are_refused(expr: Expr, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CoqPrinter(Layout.NUMERATOR, jacobians={"x": "Jx"}).term(expr)


def test_main_theorems_are_the_theorems_and_corollaries() -> None:
    assumptions = coq_files()["Assumptions.v"].decode()
    theorems, corollaries = default_statements()
    names = ["leibniz_6_1_2"]
    for theorem in theorems:
        names += [
            theorem.name,
            *(c.name for c in corollaries if c.statement.layout is theorem.layout),
        ]
    printed = [line.split()[-1] for line in assumptions.splitlines() if line.startswith("Print")]
    assert printed == [f"{name}." for name in names]


# What coqc 8.16 prints for Print Assumptions: multi-line types, one block per theorem.
PRINTED = """\
Axioms:
ClassicalDedekindReals.sig_forall_dec
  : forall P : nat -> Prop,
    (forall n : nat, {P n} + {~ P n}) ->
    {n : nat | ~ P n} + {forall n : nat, P n}
FunctionalExtensionality.functional_extensionality_dep
  : forall (A : Type) (B : A -> Type) (f g : forall x : A, B x),
    (forall x : A, f x = g x) -> f = g
Closed under the global context
Axioms:
Classical_Prop.classic : forall P : Prop, P \\/ ~ P
"""


def test_parse_assumptions_reads_blocks_in_order() -> None:
    parsed = parse_assumptions(PRINTED, ["a", "b", "c"])
    assert parsed == (
        (
            "a",
            (
                "ClassicalDedekindReals.sig_forall_dec",
                "FunctionalExtensionality.functional_extensionality_dep",
            ),
        ),
        ("b", ()),
        ("c", ("Classical_Prop.classic",)),
    )
    assert parse_assumptions(PRINTED, ["a", "b"]) is None
    assert parse_assumptions("Error: junk\n" + PRINTED, ["a", "b", "c"]) is None


def test_an_assumption_beyond_the_reals_axioms_fails_the_check() -> None:
    parsed = parse_assumptions(PRINTED, ["a", "b", "c"])
    assert parsed is not None
    check = CoqCheck("8.16.1", ("a", "b", "c"), False, parsed, 1.0)
    assert check.disallowed() == ("Classical_Prop.classic",)
    assert "Classical_Prop.classic" in check.summary()
    assert {n for _, names in parsed[:2] for n in names} <= ALLOWED_AXIOMS


def test_allowed_axioms_are_exactly_those_of_the_standard_reals() -> None:
    assert sorted(ALLOWED_AXIOMS) == [
        "ClassicalDedekindReals.sig_forall_dec",
        "ClassicalDedekindReals.sig_not_dec",
        "FunctionalExtensionality.functional_extensionality_dep",
    ]


def _without_coqc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "no-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_cli_writes_the_files_without_checking(tmp_path: Path) -> None:
    out = tmp_path / "coq"
    assert main(["export", "coq", "--out", str(out), "--no-check"]) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == coq_files()


def test_cli_without_coqc_writes_and_says_the_check_was_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without_coqc(monkeypatch, tmp_path)
    assert main(["export", "coq", "--out", str(tmp_path / "coq")]) == 0
    assert COQC_MISSING in capsys.readouterr().out
    assert kernel_check() is None


def test_kernel_check_checks_exactly_the_exported_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """kernel_check() hands coq_files() to check_directory (which test_coq_kernel runs)."""
    seen: dict[str, bytes] = {}

    def fake_check(path: Path) -> CoqCheck:
        seen.update({p.name: p.read_bytes() for p in path.iterdir()})
        return CoqCheck("test", (), True, (), 0.0)

    monkeypatch.setattr(coq, "find_coqc", lambda: "coqc")
    monkeypatch.setattr(coq, "check_directory", fake_check)
    result = kernel_check()
    assert result is not None
    assert result.ok
    assert seen == coq_files()


def test_cli_exits_1_when_the_kernel_check_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    refused = CoqCheck("8.16.1", ("t",), False, (), 0.5, 'File "./T.v", line 3: Error: no')
    monkeypatch.setattr(coq, "check_directory", lambda path: refused)
    assert main(["export", "coq", "--out", str(tmp_path / "coq")]) == 1
    assert "FAILED" in capsys.readouterr().out


def test_certificate_record_is_reproducible() -> None:
    check = CoqCheck("8.16.1", ("t",), True, (("t", ("ClassicalDedekindReals.sig_not_dec",)),), 2.5)
    data = check.to_data()
    assert data["assumptions"] == {"t": ["ClassicalDedekindReals.sig_not_dec"]}
    assert "seconds" not in data
    assert data == replace(check, seconds=9.0).to_data()
