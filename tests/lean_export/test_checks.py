"""The local checks on generated Lean: each passes the export and says NO to a planted fault."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from lean_export import lint as checks
from lean_export import manifest
from lean_export.project import LIBRARY_FILE, library_text, project_files
from lean_export.toolchain import PIN

LIBRARY = library_text()


def _unknown(text: str) -> list[str]:
    return checks.unknown_names(text, manifest.names(), manifest.notations())


# -- no holes ------------------------------------------------------------------------------


def test_export_has_no_hole_and_no_axiom() -> None:
    assert checks.hole_problems(LIBRARY) == []
    assert checks.hole_problems(project_files()[LIBRARY_FILE].decode()) == []


@pytest.mark.parametrize(
    ("old", "new", "word"),
    [
        ("  rfl\n", "  sorry\n", "sorry"),
        (
            "  rw [jacobianNum_mul hx hy",
            "  admit\n  rw [jacobianNum_mul hx hy",
            "admit",
        ),
        ("variable {ι κ : Type*}", "axiom cheat : False\n\nvariable {ι κ : Type*}", "axiom"),
        ("  rfl\n", "  native_decide\n", "native_decide"),
        (
            "noncomputable def jacobianDen",
            "@[implemented_by id] noncomputable def jacobianDen",
            "implemented_by",
        ),
    ],
    ids=["sorry", "admit", "axiom", "native_decide", "implemented_by"],
)
def test_hole_check_rejects_a_planted_hole(old: str, new: str, word: str) -> None:
    assert old in LIBRARY
    problems = checks.hole_problems(LIBRARY.replace(old, new, 1))
    assert len(problems) == 1
    assert f"`{word}`" in problems[0]


def test_hole_check_ignores_the_word_in_comments() -> None:
    text = LIBRARY.replace("open scoped Matrix", "-- no sorry here\nopen scoped Matrix", 1)
    assert checks.hole_problems(text) == []


# -- only manifest names --------------------------------------------------------------------


def test_every_mathlib_name_in_the_export_is_in_the_manifest() -> None:
    assert _unknown(LIBRARY) == []


def test_names_found_are_the_mathlib_ones() -> None:
    found = checks.named_identifiers(LIBRARY, manifest.notations())
    mathlib = {"HasFDerivAt.mul", "Matrix.mul_diagonal", "differentiableAt_pi", "hasFDerivAt_pi'"}
    assert mathlib | {"ring", "DifferentiableAt.mul"} <= found
    assert {"Real", "Matrix.transpose", "Type*"} <= found  # via ℝ, ᵀ and Type*
    own_or_local = {"jacobianDen", "fderiv_fun_mul_apply_single", "hx", "hxi", "x", "w", "v", "j"}
    own_or_local |= {
        "hadamard_product",
        "fderiv_pi_apply",
        "k",
        "h",
        "ι",
        "κ",
        "m",
        "hXY",
        "hderiv",
    }
    own_or_local |= {"mul_apply_apply'"}
    assert not own_or_local & found
    assert not {"Fin", "Type", "Eq.trans"} & found  # Lean core
    assert "Mathlib" not in found  # a module, in `import Mathlib`


def test_manifest_check_rejects_an_unknown_lemma() -> None:
    planted = LIBRARY.replace("Matrix.diagonal_mul,", "Matrix.diagonal_mul_apply,", 1)
    assert planted != LIBRARY
    assert _unknown(planted) == ["Matrix.diagonal_mul_apply"]


def test_manifest_check_rejects_dot_notation_on_a_local() -> None:
    planted = LIBRARY.replace("DifferentiableAt.hasFDerivAt hxi", "hxi.hasFDerivAt", 1)
    assert _unknown(planted) == ["hxi.hasFDerivAt"]


def test_every_manifest_entry_is_used_or_marked_implicit() -> None:
    found = checks.named_identifiers(LIBRARY, manifest.notations())
    unused = [d.name for d in manifest.declarations() if d.name not in found and not d.implicit]
    assert unused == []


def test_manifest_entries_carry_module_tag_and_source() -> None:
    decls = manifest.declarations()
    assert decls
    for d in decls:
        assert d.tag == PIN.mathlib
        assert d.module.startswith("Mathlib.")
        assert d.signature
        assert d.seen
    raw = json.loads(files("lean_export").joinpath(manifest.MANIFEST_FILE).read_text("utf-8"))
    assert raw["mathlib_tag"] == PIN.mathlib


# -- style ---------------------------------------------------------------------------------


def test_export_passes_the_style_check() -> None:
    assert checks.style_problems(LIBRARY) == []


def test_style_check_rejects_a_long_line() -> None:
    planted = LIBRARY.replace(
        "variable {ι κ : Type*}", "variable {ι κ : Type*}" + " " * 0 + "--" + "x" * 90
    )
    assert any("characters (at most 100)" in p for p in checks.style_problems(planted))


def test_style_check_rejects_a_theorem_without_docstring() -> None:
    planted = LIBRARY.replace(
        "end HadamardDerivative", "theorem foo : True := by\n  trivial\n\nend HadamardDerivative"
    )
    assert any("theorem foo has no `/-- -/` docstring" in p for p in checks.style_problems(planted))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("theorem mul_apply_apply ", "theorem mulApply_apply ", "is not snake_case"),
        ("noncomputable def jacobianNum", "noncomputable def jacobian_num", "not lowerCamelCase"),
        ("theorem jacobianDen_apply", "theorem jacobianDenom_apply", "is not snake_case"),
        ("fun v ↦ f v i", "fun v => f v i", "write `fun x ↦`"),
        (
            "    (x * y) z i = x z i * y z i := by",
            "    (x * y) z i = x z i * y z i\n    := by",
            "`:= by`",
        ),
        ("## References", "## Sources", "## References"),
    ],
    ids=["theorem-name", "def-name", "camel-part", "fat-arrow", "by-alone", "module-doc"],
)
def test_style_check_rejects(old: str, new: str, message: str) -> None:
    assert old in LIBRARY
    assert any(message in p for p in checks.style_problems(LIBRARY.replace(old, new, 1)))


def test_style_check_rejects_a_nested_comment_opener() -> None:
    planted = LIBRARY.replace("the source chapter's convention", "the source /- convention", 1)
    assert any("nested" in p for p in checks.style_problems(planted))
