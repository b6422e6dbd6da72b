"""What the real-coqc tests need: coqc and MathComp-Analysis, or a skip CI turns into a failure.

``HADAMARD_REQUIRE_COQ=1`` (set by CI) makes a missing coqc, or a missing MathComp-Analysis,
a failure instead of a skip: CI installs both, so a skip there would hide a check not run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from proofs.coq.export import check_directory, quick_kernel_checks
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


def fill_the_cache() -> None:
    """Check the quick checks, then the golden export: each verdict goes into the cache."""
    quick_kernel_checks()
    check_directory(GOLDEN)


def warm_up() -> subprocess.Popen[bytes] | None:
    """Start :func:`fill_the_cache` in a process of its own; None when coqc is absent.

    coqc runs in its own processes, so on a second core these checks overlap the in-process
    tests instead of adding to them. Each verdict goes into the session's cache under its key's
    lock (:func:`proofs.coq.cache.locked`): a test that needs one, in this process or in a
    ``hadamard`` subprocess, waits for it instead of starting a second coqc, and every verdict
    still comes from a coqc run of this session. A process, not a thread: it keeps the
    environment of its start (PATH, HADAMARD_CACHE_DIR) while tests monkeypatch theirs, e.g.
    to put a fake coqc first on PATH.
    """
    if find_coqc() is None:
        return None
    return subprocess.Popen(
        [sys.executable, "-m", "tests.proofs.coq.kernels"],
        cwd=Path(__file__).parents[3],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


if __name__ == "__main__":
    fill_the_cache()
