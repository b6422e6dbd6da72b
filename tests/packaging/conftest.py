"""Build the distributions once per session, and install the wheel once into a fresh venv.

The venv is made outside the checkout with ``--without-pip``, and this environment's pip
installs into it (``pip --python``) from two local folders only (``--no-index``): the wheel just
built, and a wheelhouse of the dependencies at this environment's versions. The wheelhouse is
downloaded once and kept beside this environment (``<venv>/wheelhouse``); later sessions reuse
it. ``--no-compile`` skips byte-compiling all of SymPy; the first command writes the bytecode it
needs.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.packaging.distribution import ROOT, Built, build, build_environment, copy_source

# numpy and SymPy at run time, Hypothesis for hadamard.testing.
EXTRAS = "[testing]"


@dataclass(frozen=True)
class Installed:
    """A fresh venv with the wheel installed, and the environment to run its commands in."""

    venv: Path
    bin: Path
    env: dict[str, str]


@pytest.fixture(scope="session")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_source(ROOT, tmp_path_factory.mktemp("source") / "hadamard")


@pytest.fixture(scope="session")
def built(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(source, tmp_path_factory.mktemp("dist"))


def _constraints(path: Path) -> Path:
    """This environment's versions of everything but hadamard itself, as a constraints file."""
    pins = sorted(
        f"{dist.metadata['Name']}=={dist.version}"
        for dist in importlib.metadata.distributions()
        if dist.metadata["Name"] and dist.metadata["Name"].lower() != "hadamard"
    )
    path.write_text("\n".join(pins) + "\n")
    return path


def _wheelhouse(fallback: Path) -> Path:
    in_venv = sys.prefix != sys.base_prefix
    return Path(sys.prefix) / "wheelhouse" if in_venv else fallback


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=build_environment(),
    )


@pytest.fixture(scope="session")
def installed(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("installed")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    constraints = _constraints(base / "constraints.txt")
    wheelhouse = _wheelhouse(base / "wheelhouse")
    requirement = f"{built.wheel}{EXTRAS}"  # this very file, never a hadamard from elsewhere
    install = ["--python", str(python), "install", "--quiet", "--no-compile", "--no-index"]
    local = ["--find-links", str(wheelhouse), "-c", str(constraints)]
    done = _pip(*install, *local, requirement)
    if done.returncode != 0:  # the first time: fetch the dependencies' wheels, once
        fetch = ["download", "--quiet", "--only-binary=:all:", "--dest", str(wheelhouse)]
        fetched = _pip(*fetch, "-c", str(constraints), requirement)
        assert fetched.returncode == 0, fetched.stderr
        for stale in wheelhouse.glob("hadamard-*"):
            stale.unlink()
        done = _pip(*install, *local, requirement)
    assert done.returncode == 0, done.stderr
    env = build_environment()
    for name in ("VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP", "HADAMARD_DEBUG"):
        env.pop(name, None)
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '')}"
    env["PYTHONNOUSERSITE"] = "1"
    return Installed(venv=venv, bin=venv / "bin", env=env)
