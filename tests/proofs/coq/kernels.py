"""What the real-coqc tests need: coqc and MathComp-Analysis, or a skip CI turns into a failure.

``HADAMARD_REQUIRE_COQ=1`` (set by CI) makes a missing coqc, or a missing MathComp-Analysis,
a failure instead of a skip: CI installs both, so a skip there would hide a check not run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from proofs.coq.export import CoqCheck, ExportCheck, check_directory, quick_kernel_checks
from proofs.coq.kernel import COQC_MISSING, MATHCOMP, MATHCOMP_MISSING, find_coqc, find_library

REQUIRE: str = "HADAMARD_REQUIRE_COQ"
GOLDEN = Path(__file__).parents[2] / "golden" / "coq"


def _missing(reason: str) -> None:
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{reason}, but {REQUIRE}=1 requires the check")
    pytest.skip(reason)


def require_coqc() -> str:
    """coqc's path; skip without it, unless HADAMARD_REQUIRE_COQ=1 makes that a failure."""
    found = find_coqc()
    if found is None:
        _missing(COQC_MISSING)
    assert found is not None
    return found


def require_mathcomp() -> str:
    """coqc's path, with MathComp-Analysis installed; skip (or fail, as above) otherwise."""
    coqc = require_coqc()
    if any(find_library(coqc, library) is None for library in MATHCOMP.requires):
        _missing(MATHCOMP_MISSING)
    return coqc


@dataclass(frozen=True)
class KernelRuns:
    """The session's verdicts: the golden export, and the quick checks a certificate records."""

    golden: ExportCheck
    quick: tuple[CoqCheck, ...]


def run_the_kernels() -> KernelRuns:
    """Check the golden export, then the quick checks (each development in its own thread).

    Each accepted verdict goes into the session's cache (tests/conftest.py), where every later
    ``hadamard export coq`` and ``hadamard prove`` of the session, in process or not, finds it.
    One after the other, not side by side: the quick checks then load the ``.vo`` files the
    golden export's check left in the cache (proofs.coq.cache.CompiledStore) and compile only
    their last file, and two coqc processes at once are bound by memory here, not by a core.
    """
    golden = check_directory(GOLDEN)
    return KernelRuns(golden, quick_kernel_checks())
