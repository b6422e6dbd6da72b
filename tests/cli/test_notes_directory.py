"""A notes repository's own ``proofs/`` and ``lean_export/`` never shadow ours.

``python -m hadamard`` puts the working directory first on ``sys.path``; before any command,
the CLI binds both packages to the ones installed beside ``hadamard``. Here, in process, with
shadowing packages first on ``sys.path``; tests/packaging/test_installed.py runs every command
of the installed wheel from such a directory.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import hadamard
from hadamard import cli

PACKAGES = ("proofs", "lean_export")
OURS = Path(hadamard.__file__).resolve().parents[1]


@pytest.fixture
def shadowed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Packages named like ours first on ``sys.path``, and ours not yet imported."""
    for package in PACKAGES:
        (tmp_path / package).mkdir()
        shadow = f"raise ImportError('the notes {package}')\n"
        (tmp_path / package / "__init__.py").write_text(shadow)
        monkeypatch.delitem(sys.modules, package, raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_a_plain_import_would_find_the_notes_package(shadowed: Path) -> None:
    # What the CLI has to avoid; without this, the test below would show nothing.
    with pytest.raises(ImportError, match="the notes proofs"):
        import proofs  # noqa: F401


def test_the_cli_binds_the_packages_installed_beside_it(
    shadowed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--version"]) == cli.EXIT_OK  # any command binds them first
    assert capsys.readouterr().out.startswith("hadamard ")
    for package in PACKAGES:
        module = sys.modules[package]
        assert Path(module.__file__ or "").resolve() == OURS / package / "__init__.py"
        assert [Path(p).resolve() for p in module.__path__] == [OURS / package]
        assert (module.__doc__ or "").startswith(f"{package}: ")


def test_a_package_already_imported_is_left_as_it_is(
    shadowed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentinel = type(sys)("proofs")
    monkeypatch.setitem(sys.modules, "proofs", sentinel)
    cli._own_packages_first()
    assert sys.modules["proofs"] is sentinel
    bound = sys.modules["lean_export"].__file__ or ""
    assert Path(bound).resolve() == OURS / "lean_export" / "__init__.py"
