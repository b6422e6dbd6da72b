"""The dependencies point one way: lean_export → proofs → hadamard core, and inside proofs,
theory ← printing ← check ← documents (formula and coq beside check). Only the CLI sits above
all three packages, and it imports them lazily. The core names no array library but numpy: it
reaches the others through the namespace array-api-compat hands it, imported lazily.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Inside proofs/: which subpackages each may import (itself included). prove.py may import all.
PROOFS_LAYERS: dict[str, frozenset[str]] = {
    "theory": frozenset({"theory"}),
    "printing": frozenset({"theory", "printing"}),
    "check": frozenset({"theory", "printing", "check"}),
    "documents": frozenset({"theory", "printing", "check", "documents"}),
    "formula": frozenset({"theory", "printing", "formula"}),
    "coq": frozenset({"theory", "printing", "coq"}),
}
LEAN_MAY_USE = frozenset({"theory", "printing"})


def _imports(path: Path, *, top_level_only: bool = False) -> list[str]:
    """Every absolute module a file imports (in functions too, unless ``top_level_only``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: list[str] = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _root(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("path", _files("hadamard"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_imports_no_proof_package_sympy_or_hypothesis(path: Path) -> None:
    relative = path.relative_to(ROOT).as_posix()
    lazily = relative in ("hadamard/cli.py", "hadamard/__main__.py")
    imported = {_root(m) for m in _imports(path, top_level_only=lazily)}
    assert not imported & {"proofs", "lean_export", "sympy"}, relative
    if not relative.startswith("hadamard/testing/"):
        assert "hypothesis" not in imported, relative


ARRAY_LIBRARIES = frozenset({"torch", "jax", "jaxlib", "cupy", "dask", "array_api_strict"})
"""Libraries the core reaches only through the namespace array-api-compat hands it."""


@pytest.mark.parametrize("path", _files("hadamard"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_names_no_array_library_and_imports_array_api_compat_lazily(path: Path) -> None:
    relative = path.relative_to(ROOT).as_posix()
    assert not {_root(m) for m in _imports(path)} & ARRAY_LIBRARIES, relative
    at_top = {_root(m) for m in _imports(path, top_level_only=True)}
    assert "array_api_compat" not in at_top, relative


def layer_violations(relative: Path, modules: list[str]) -> set[str]:
    """What a file under proofs/ imports against the layering (empty when it obeys)."""
    bad = {m for m in modules if _root(m) == "lean_export"}
    if len(relative.parts) < 3:
        return bad  # proofs/__init__.py and proofs/prove.py orchestrate: they use every layer
    allowed = PROOFS_LAYERS[relative.parts[1]]
    return bad | {
        m for m in modules if _root(m) == "proofs" and "." in m and m.split(".")[1] not in allowed
    }


@pytest.mark.parametrize("path", _files("proofs"), ids=lambda p: str(p.relative_to(ROOT)))
def test_proofs_never_imports_lean_export_and_its_layers_point_down(path: Path) -> None:
    relative = path.relative_to(ROOT)
    assert layer_violations(relative, _imports(path)) == set(), relative


@pytest.mark.parametrize("path", _files("lean_export"), ids=lambda p: str(p.relative_to(ROOT)))
def test_lean_export_reads_only_the_theory_and_printing(path: Path) -> None:
    used = {m.split(".")[1] for m in _imports(path) if _root(m) == "proofs" and "." in m}
    assert used <= LEAN_MAY_USE, f"{path.relative_to(ROOT)} imports proofs.{sorted(used)}"


def test_every_proofs_subpackage_has_a_layer() -> None:
    subpackages = {p.parent.name for p in (ROOT / "proofs").glob("*/__init__.py")}
    assert subpackages == set(PROOFS_LAYERS)


def test_proofs_has_few_modules_at_its_top() -> None:
    top = sorted(p.name for p in (ROOT / "proofs").glob("*.py"))
    assert len(top) <= 8, top


def test_the_layering_check_says_no(tmp_path: Path) -> None:
    # An upward import, even one hidden in a function, and any import of lean_export.
    source = tmp_path / "mistakes.py"
    source.write_text(
        "import proofs.theory.expr\n"
        "def f():\n"
        "    from proofs.check.verify import decide\n"
        "    import lean_export.project\n",
        encoding="utf-8",
    )
    found = layer_violations(Path("proofs/theory/mistakes.py"), _imports(source))
    assert found == {"proofs.check.verify", "proofs.check.verify.decide", "lean_export.project"}
    assert layer_violations(Path("proofs/prove.py"), _imports(source)) == {"lean_export.project"}


def test_importing_the_core_loads_neither_sympy_nor_the_proof_packages() -> None:
    script = (
        "import sys, hadamard, hadamard.cli\n"
        "print(sorted(m for m in ('sympy', 'proofs', 'lean_export', 'hypothesis') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"
