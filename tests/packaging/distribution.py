"""Build the distributions from a copy of the checkout, and say what a wheel should carry.

The build runs in a scratch copy so that it never writes ``build/`` or ``*.egg-info`` into the
checkout, and with ``--no-isolation``: it uses this environment's setuptools and build (pinned
in the ``dev`` extra) instead of downloading them, and ``build`` still checks that they satisfy
``[build-system] requires``.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[2]

# What a copy of the checkout leaves behind: environments, caches, build output, artifacts.
NOT_SOURCE = (
    ".git",
    ".venv",
    "artifacts",
    "build",
    "dist",
    "mutants",
    "_build",
    "_generated",
    "*.egg-info",
    "__pycache__",
    "*.py[cod]",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
)

# Files inside a package directory that are not package data.
NOT_DATA = ("*.py[cod]", "__pycache__/*", "*/__pycache__/*")


@dataclass(frozen=True)
class Built:
    """The sdist and the wheel, and everything the build printed."""

    sdist: Path
    wheel: Path
    log: str


def copy_source(root: Path, destination: Path) -> Path:
    """A copy of the source tree at ``root``, without environments, caches or build output."""
    shutil.copytree(root, destination, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    return destination


def build_environment() -> dict[str, str]:
    """This environment, less what would change the build's output or its log."""
    env = dict(os.environ)
    # PYTHONDONTWRITEBYTECODE makes setuptools log "warning: byte-compiling is disabled".
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "SOURCE_DATE_EPOCH"):
        env.pop(name, None)
    return env


def build(source: Path, out: Path, *, wheel_only: bool = False) -> Built:
    """``python -m build`` (sdist, then the wheel from the sdist) from ``source`` into ``out``."""
    command = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out)]
    if wheel_only:
        command.append("--wheel")
    done = subprocess.run(
        [*command, str(source)],
        cwd=source,
        env=build_environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = done.stdout + done.stderr
    if done.returncode != 0:
        raise AssertionError(f"python -m build failed:\n{log}")
    (wheel,) = out.glob("*.whl")
    sdists = list(out.glob("*.tar.gz"))
    return Built(sdist=sdists[0] if sdists else out / "none.tar.gz", wheel=wheel, log=log)


def warnings_in(log: str) -> list[str]:
    """The lines of a build log that warn (setuptools' deprecations, build's own warnings)."""
    return [line for line in log.splitlines() if "warn" in line.lower()]


def pyproject(root: Path) -> dict[str, object]:
    """``pyproject.toml`` at ``root``, parsed."""
    with (root / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


def _setuptools(root: Path) -> dict[str, object]:
    tool = pyproject(root)["tool"]
    assert isinstance(tool, dict)
    section = tool["setuptools"]
    assert isinstance(section, dict)
    return section


def top_level_packages(root: Path) -> list[str]:
    """The distribution's top-level packages: ``[tool.setuptools.packages.find] include``."""
    packages = _setuptools(root)["packages"]
    assert isinstance(packages, dict)
    include: list[str] = packages["find"]["include"]
    return sorted({pattern.rstrip("*").rstrip(".") for pattern in include})


def declared_package_data(root: Path) -> dict[str, list[str]]:
    """``[tool.setuptools.package-data]``: package name -> glob patterns, relative to it."""
    data = _setuptools(root).get("package-data", {})
    assert isinstance(data, dict)
    return {str(package): list(patterns) for package, patterns in data.items()}


def files_matching(root: Path, package: str, pattern: str) -> list[str]:
    """The files a package-data pattern selects, as wheel paths (``proofs/coq/Calculus.v``)."""
    directory = root / package.replace(".", "/")
    return sorted(
        path.relative_to(root).as_posix() for path in directory.glob(pattern) if path.is_file()
    )


def package_files(root: Path, packages: list[str]) -> list[str]:
    """Every file under the package directories, as wheel paths, less bytecode caches."""
    found = []
    for package in packages:
        for path in (root / package).rglob("*"):
            name = path.relative_to(root).as_posix()
            if path.is_file() and not any(fnmatch.fnmatch(name, p) for p in NOT_DATA):
                found.append(name)
    return sorted(found)


def expected_in_wheel(root: Path) -> list[str]:
    """What the wheel must carry: every module and data file of every package, and each
    package's ``py.typed``."""
    packages = top_level_packages(root)
    typed = [f"{package}/py.typed" for package in packages]
    return sorted(set(package_files(root, packages)) | set(typed))


def missing_from_wheel(wheel_names: list[str], root: Path) -> list[str]:
    """What the source at ``root`` says the wheel must carry and it does not (empty: all there)."""
    names = {PurePosixPath(name).as_posix() for name in wheel_names}
    return [name for name in expected_in_wheel(root) if name not in names]


def unmatched_package_data(root: Path) -> list[str]:
    """Package-data patterns in ``pyproject.toml`` that select no file (stale or misspelt)."""
    return [
        f"{package}: {pattern}"
        for package, patterns in declared_package_data(root).items()
        for pattern in patterns
        if not files_matching(root, package, pattern)
    ]
