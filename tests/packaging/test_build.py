"""`python -m build` makes an sdist and a wheel with no warning, and the wheel carries the data.

What the wheel must carry is read from the source, not listed here: every file under each
package directory (modules, the Lean manifest, Coq sources, ``py.typed``), and every file each
``[tool.setuptools.package-data]`` pattern selects. A test builds a wheel from a copy whose
``pyproject.toml`` lost a pattern, and the check names the file that went missing.
"""

from __future__ import annotations

import email.parser
import re
import tarfile
import zipfile
from email.message import Message
from pathlib import Path

import pytest

import hadamard
from tests.packaging.distribution import (
    ROOT,
    Built,
    build,
    copy_source,
    declared_package_data,
    expected_in_wheel,
    files_matching,
    missing_from_wheel,
    pyproject,
    top_level_packages,
    unmatched_package_data,
    warnings_in,
)

LEAN_MANIFEST = "lean_export/mathlib_manifest.json"


def _names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def _metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def test_the_build_prints_no_warning(built: Built) -> None:
    assert "Successfully built" in built.log
    assert warnings_in(built.log) == []


def test_the_wheel_carries_every_module_and_data_file_of_every_package(
    built: Built, source: Path
) -> None:
    assert missing_from_wheel(_names(built.wheel), source) == []


def test_the_wheel_carries_the_lean_manifest_the_coq_sources_and_py_typed(
    built: Built, source: Path
) -> None:
    names = set(_names(built.wheel))
    assert LEAN_MANIFEST in names
    for package in top_level_packages(source):
        assert f"{package}/py.typed" in names, package
    # The fixed Coq text and the proof scripts are .v package data under proofs/coq/.
    coq = {p.relative_to(source).as_posix() for p in (source / "proofs").rglob("*.v")}
    assert coq, "no .v sources found under proofs/"
    assert coq <= names
    assert "proofs/coq/export.py" in names


def test_every_package_data_pattern_selects_files_and_the_wheel_has_them(
    built: Built, source: Path
) -> None:
    assert unmatched_package_data(source) == []
    names = set(_names(built.wheel))
    for package, patterns in declared_package_data(source).items():
        for pattern in patterns:
            selected = set(files_matching(source, package, pattern))
            assert selected <= names, (package, pattern, sorted(selected - names))


def test_the_wheel_carries_only_the_packages_and_their_metadata(built: Built, source: Path) -> None:
    packages = top_level_packages(source)
    assert packages == ["hadamard", "lean_export", "proofs"]
    for name in _names(built.wheel):
        top = name.split("/")[0]
        assert top in packages or top.endswith(".dist-info"), name


def test_the_metadata_names_the_license_the_version_and_the_entry_point(built: Built) -> None:
    metadata = _metadata(built.wheel)
    assert metadata["License-Expression"] == "MIT"
    assert metadata["License-File"] == "LICENSE"
    assert "License" not in metadata  # the legacy field, which the SPDX expression replaces
    assert metadata["Version"] == hadamard.__version__
    names = _names(built.wheel)
    assert f"hadamard-{hadamard.__version__}.dist-info/licenses/LICENSE" in names
    with zipfile.ZipFile(built.wheel) as archive:
        (entry_points,) = [n for n in names if n.endswith("entry_points.txt")]
        assert "hadamard = hadamard.cli:run" in archive.read(entry_points).decode()


def test_sympy_has_a_floor_and_a_ceiling_and_the_dev_extra_pins_it_exactly(built: Built) -> None:
    requires = _metadata(built.wheel).get_all("Requires-Dist") or []
    (runtime,) = [r for r in requires if r.startswith("sympy") and "extra" not in r]
    assert re.search(r">=\d", runtime), runtime
    assert re.search(r"<\d", runtime), runtime
    project = pyproject(ROOT)["project"]
    assert isinstance(project, dict)
    dev = project["optional-dependencies"]["dev"]
    assert [r for r in dev if re.match(r"sympy==[\d.]+$", r)], dev


def test_the_sdist_carries_the_sources_the_license_and_the_changelog(
    built: Built, source: Path
) -> None:
    with tarfile.open(built.sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "docs/conf.py"} <= names
    assert missing_from_wheel(sorted(names), source) == []  # the wheel is built from it
    tests = {p.relative_to(source).as_posix() for p in (source / "tests").rglob("*.py")}
    assert tests <= names
    assert not [name for name in names if "__pycache__" in name or "/_build/" in name]


def test_the_check_names_a_data_file_that_is_missing(source: Path) -> None:
    names = [n for n in expected_in_wheel(source) if n != LEAN_MANIFEST]
    assert missing_from_wheel(names, source) == [LEAN_MANIFEST]


def test_a_wheel_built_without_a_package_data_pattern_fails_the_check(
    source: Path, tmp_path: Path
) -> None:
    broken = copy_source(source, tmp_path / "broken")
    text = (broken / "pyproject.toml").read_text()
    assert '"*.json"' in text
    (broken / "pyproject.toml").write_text(text.replace(', "*.json"', ""))
    wheel = build(broken, tmp_path / "dist", wheel_only=True).wheel
    assert missing_from_wheel(_names(wheel), broken) == [LEAN_MANIFEST]


def test_the_changelog_has_this_version_as_its_latest_release() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "[Keep a Changelog](https://keepachangelog.com/" in changelog
    releases = re.findall(r"^## \[(\d[^\]]*)\]", changelog, flags=re.MULTILINE)
    assert releases, "no release heading like '## [0.1.0] - 2026-12-03'"
    assert releases[0] == hadamard.__version__


@pytest.mark.parametrize("package", ["hadamard", "proofs", "lean_export"])
def test_every_package_is_typed(source: Path, package: str) -> None:
    assert (source / package / "py.typed").is_file()
