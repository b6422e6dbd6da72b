"""Hypothesis profiles: `ci` (derandomized, bounded) under CI=true, `dev` by default, `thorough`."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "thorough",
    max_examples=20_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
)


SHARED_CACHE = "HADAMARD_TEST_CACHE_DIR"


def pytest_configure(config: pytest.Config) -> None:
    """One Coq verdict cache per session, never the user's (~/.cache/hadamard).

    Every process the tests start inherits it: the first check of a development in the session
    runs coqc, and an identical one later reuses that verdict. A test that fakes coqc points
    the cache at its own directory. ``HADAMARD_TEST_CACHE_DIR`` names a cache shared by many
    sessions instead: mutation testing runs one session per mutant, and a mutant of the Python
    code leaves the Coq files, and so their verdict, as they were (one that changes them gets
    a key of its own and its own coqc run).
    """
    if os.environ.get(SHARED_CACHE):  # tools/mutation: one cache for every mutant of a slice
        os.environ["HADAMARD_CACHE_DIR"] = os.environ[SHARED_CACHE]
        return
    if not hasattr(config, "workerinput"):  # set once, before any worker or subprocess starts
        directory = tempfile.mkdtemp(prefix="hadamard-test-cache-")
        os.environ["HADAMARD_CACHE_DIR"] = directory
        config.add_cleanup(lambda: shutil.rmtree(directory, ignore_errors=True))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Before the first test, let coqc check the golden export and then the quick checks, when
    the session runs the kernel tests.

    Every ``hadamard export coq`` and ``hadamard prove`` the suite runs, in process or not,
    needs one of these verdicts and reads it from the session's cache; the quick checks load
    the ``.vo`` files the golden export's check kept there and compile only their last file
    (tests.proofs.coq.kernels.run_the_kernels). A refusal is not raised here: the tests that
    read the verdicts report it.
    """
    config = session.config
    if config.option.collectonly or hasattr(config, "workerinput"):
        return
    kernel_tests = (item.path for item in session.items if item.path.name == "test_kernel.py")
    if any("coq" in path.parts for path in kernel_tests):
        from hadamard.errors import CoqcError
        from tests.proofs.coq.kernels import run_the_kernels

        with contextlib.suppress(CoqcError):  # a coqc that does not work: the tests say so
            run_the_kernels()  # without coqc, each check says so at once
