"""One real kernel run per session, shared: the golden export and the quick checks.

coqc is the slowest thing the suite runs (Print Assumptions walks the Reals and MathComp
libraries once per theorem), so the golden export's check (both developments) and the
certificate's quick checks run once per session, the golden export first, before its first test
when the kernel tests are part of it (tests/conftest.py); every test that needs a verdict reads
it from the session's cache, which starts empty, so each verdict comes from a coqc run of this
session.
"""

from __future__ import annotations

import pytest

from tests.proofs.coq.kernels import KernelRuns, require_coqc, run_the_kernels


@pytest.fixture(scope="session")
def kernel_runs() -> KernelRuns:
    require_coqc()
    return run_the_kernels()
