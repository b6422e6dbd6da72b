"""What the Lean library holds: every registry theorem exported to Lean, under its registry names,
with statements rendered from its equations; and a loud failure when a proof script is missing."""

from __future__ import annotations

import dataclasses

import pytest

from hadamard import Layout
from lean_export import lint as checks
from lean_export import manifest
from lean_export.declarations import declarations, exported, file_names, library
from lean_export.printer import LeanRenderer
from lean_export.project import library_text, project_files
from lean_export.proof import MissingProofScriptError, ProofScript
from lean_export.scripts.hadamard_differential import ENTRY_LEMMA
from lean_export.scripts.hadamard_product import LINK_NAME, MATRIX_NAME
from lean_export.statements import StatementRenderer, level_of
from proofs.theory import registry
from proofs.theory.statements import Backend, Role, Statement, Theorem


def _lean_names(theorem: Theorem) -> list[str]:
    """The registry's Lean names of a theorem: its steps (each once), then its corollaries."""
    names = [step.names[Backend.LEAN] for s in theorem.statements for step in s.steps]
    names.extend(c.names[Backend.LEAN] for c in theorem.corollaries if Backend.LEAN in c.names)
    return list(dict.fromkeys(names))


def _register(monkeypatch: pytest.MonkeyPatch, *theorems: Theorem) -> None:
    monkeypatch.setattr(registry, "REGISTRY", (*registry.REGISTRY, *theorems))


def _renamed(theorem: Theorem, new_id: str, backends: frozenset[Backend]) -> Theorem:
    return dataclasses.replace(theorem, id=new_id, backends=backends)


# -- what is exported --------------------------------------------------------------------------


def test_every_theorem_exported_to_lean_has_a_section_in_registry_order() -> None:
    _, sections = library()
    expected = [t.id for t in registry.REGISTRY if Backend.LEAN in t.backends]
    assert [s.name for s in sections] == expected
    assert {"hadamard_product", "hadamard_product_three", "hadamard_differential"} <= set(expected)


@pytest.mark.parametrize("theorem", exported(), ids=lambda t: t.id)
def test_each_step_and_lean_named_corollary_is_stated_under_its_registry_name(
    theorem: Theorem,
) -> None:
    _, sections = library()
    (section,) = [s for s in sections if s.name == theorem.id]
    names = [d.name for d in section.declarations]
    registered = _lean_names(theorem)
    assert [n for n in names if n in registered] == registered
    assert len(names) == len(set(names))


def test_corollaries_without_a_lean_name_are_not_exported() -> None:
    product = registry.theorem("hadamard_product")
    unnamed = [c for c in product.corollaries if Backend.LEAN not in c.names]
    assert unnamed
    names = {d.name for d in declarations()}
    assert not {c.id for c in unnamed} & names


@pytest.mark.parametrize("theorem", exported(), ids=lambda t: t.id)
def test_statements_are_rendered_from_the_registry_equations(theorem: Theorem) -> None:
    text = library_text()
    st = StatementRenderer(theorem, LeanRenderer(file_names(exported())))
    for statement in theorem.statements:
        for step in statement.steps:
            lhs, rhs = st.sides(step.equation, level_of(step.role, step.equation))
            assert f"    {lhs} =" in text
            for term in rhs:
                assert term in text


def _lean_name(theorem_id: str, role: Role, layout: Layout | None = None) -> str:
    return registry.theorem(theorem_id).statement(layout).step(role).names[Backend.LEAN]


def test_the_transposition_link_and_the_entry_lemma_are_stated() -> None:
    names = [d.name for d in declarations()]
    assert LINK_NAME in names
    differential = _lean_name("hadamard_differential", Role.MATRIX_FORM)
    assert names.index(ENTRY_LEMMA) < names.index(differential)


def test_a_lean_name_changed_in_the_registry_renames_the_theorem_and_its_uses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    product = registry.theorem("hadamard_product")
    old = _lean_name(product.id, Role.LEIBNIZ, Layout.DENOMINATOR)

    def rename(statement_index: int) -> Statement:
        statement = product.statements[statement_index]
        steps = tuple(
            dataclasses.replace(s, names={**s.names, Backend.LEAN: "leibniz_renamed"})
            if s.role is Role.LEIBNIZ
            else s
            for s in statement.steps
        )
        return dataclasses.replace(statement, steps=steps)

    renamed = dataclasses.replace(product, statements=(rename(0), rename(1)))
    others = tuple(t for t in registry.REGISTRY if t.id != product.id)
    monkeypatch.setattr(registry, "REGISTRY", (renamed, *others))
    text = library_text()  # passes the lint: the proofs cite the new name
    assert "theorem leibniz_renamed" in text
    assert "exact Eq.trans (leibniz_renamed hx hy i j) (by ring)" in text
    assert old not in text


def test_the_fun_variable_is_never_a_function_of_the_theorems() -> None:
    names = file_names(exported())
    assert names.bound == "v"  # w is the third factor of hadamard_product_three
    assert "fun w ↦" not in library_text()


# -- general index types, the matrix instance, what is assumed -----------------------------------


def test_statements_range_over_finite_index_types_not_fin() -> None:
    text = library_text()
    assert "variable {ι κ : Type*} [Fintype ι] [DecidableEq ι] [Fintype κ] [DecidableEq κ]" in text
    assert "Fin " not in checks.code_only(text)  # `Fin M` is only an example in the docs
    assert "noncomputable def jacobianDen (f : (κ → ℝ) → ι → ℝ) (z : κ → ℝ) : Matrix κ ι ℝ :=" in (
        text
    )


def test_the_main_theorem_is_specialised_to_matrices_by_the_main_theorem_itself() -> None:
    text = library_text()
    main = _lean_name("hadamard_product", Role.MATRIX_FORM, Layout.DENOMINATOR)
    start = text.index(f"theorem {MATRIX_NAME}")
    block = text[start : text.index("\n\n", start)]
    assert "{x y : (κ → ℝ) → m × n → ℝ}" in block
    assert "[Fintype m] [DecidableEq m] [Fintype n]" in block
    assert block.endswith(f"  exact {main} hx hy")
    assert text.index(f"theorem {MATRIX_NAME}") > text.index("end hadamard_product\n")


def test_theorem_names_are_the_mathlib_style_registry_names() -> None:
    names = {d.name for d in declarations()}
    assert {
        "jacobianDen_mul",
        "jacobianNum_mul",
        "jacobianDen_mul_mul",
        "fderiv_mul_apply",
    } <= names
    assert not {n for n in names if n.startswith("hadamard")}


def test_generated_text_never_says_seed() -> None:
    for name, content in project_files().items():
        assert "seed" not in content.decode().lower(), name


def test_the_readme_says_what_the_statements_assume() -> None:
    readme = project_files()["README.md"].decode()
    section = readme[readme.index("## What is assumed") :]
    assert "`DifferentiableAt ℝ x z`" in section
    assert "finite with decidable equality" in section
    assert "partial derivatives" in section


# -- loud failures -----------------------------------------------------------------------------


def test_a_registered_theorem_without_a_proof_script_fails_the_export(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = _renamed(
        registry.theorem("hadamard_differential"),
        "fake_theorem",
        frozenset({Backend.COQ, Backend.LEAN}),
    )
    _register(monkeypatch, fake)
    with pytest.raises(MissingProofScriptError, match=r"'fake_theorem'.*lean") as info:
        library_text()
    assert "lean_export/scripts/fake_theorem.py" in str(info.value)


def test_a_theorem_not_exported_to_lean_needs_no_script(monkeypatch: pytest.MonkeyPatch) -> None:
    before = declarations()
    coq_only = _renamed(
        registry.theorem("hadamard_differential"), "coq_only_theorem", frozenset({Backend.COQ})
    )
    _register(monkeypatch, coq_only)
    assert declarations() == before


def test_a_script_without_a_proof_of_a_step_fails_naming_the_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lean_export.scripts import hadamard_product_three as script_module

    partial = ProofScript(
        steps={k: v for k, v in script_module.SCRIPT.steps.items() if k is not Role.LEIBNIZ}
    )
    monkeypatch.setattr(script_module, "SCRIPT", partial)
    with pytest.raises(MissingProofScriptError, match=r"'hadamard_product_three'.*Leibniz step"):
        library_text()


def test_a_script_without_a_proof_of_a_lean_named_corollary_fails_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lean_export.scripts import hadamard_product as script_module

    corollaries = dict(script_module.SCRIPT.corollaries)
    del corollaries["constant_x_numerator"]
    monkeypatch.setattr(
        script_module,
        "SCRIPT",
        dataclasses.replace(script_module.SCRIPT, corollaries=corollaries),
    )
    with pytest.raises(MissingProofScriptError, match="corollary 'constant_x_numerator'"):
        library_text()


def test_a_step_without_a_lean_name_fails_naming_the_theorem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    three = registry.theorem("hadamard_product_three")
    statement = three.statements[0]
    steps = tuple(
        dataclasses.replace(s, names={Backend.COQ: "x"}) if s.role is Role.MATRIX_FORM else s
        for s in statement.steps
    )
    broken = dataclasses.replace(
        three, statements=(dataclasses.replace(statement, steps=steps), three.statements[1])
    )
    others = tuple(t for t in registry.REGISTRY if t.id != three.id)
    monkeypatch.setattr(registry, "REGISTRY", (*others, broken))
    with pytest.raises(LookupError, match=r"'hadamard_product_three'.*matrix form step"):
        library_text()


def test_the_export_passes_its_own_checks() -> None:
    text = library_text()
    assert checks.hole_problems(text) == []
    assert checks.style_problems(text) == []
    assert checks.unknown_names(text, manifest.names(), manifest.notations()) == []


def test_layouts_of_the_matrix_forms_follow_the_registry() -> None:
    product = registry.theorem("hadamard_product")
    den = product.statement(Layout.DENOMINATOR).step(Role.MATRIX_FORM)
    num = product.statement(Layout.NUMERATOR).step(Role.MATRIX_FORM)
    text = library_text()
    assert f"theorem {den.names[Backend.LEAN]}" in text
    assert f"theorem {num.names[Backend.LEAN]}" in text
    assert "    jacobianDen (x * y) z =" in text
    assert "    jacobianNum (x * y) z =" in text
