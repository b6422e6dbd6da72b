"""One real kernel run per session, shared: the golden export and the quick checks.

coqc is the slowest thing the suite runs (Print Assumptions walks the Reals and MathComp
libraries once per theorem), so the golden export's check (both developments) and the
certificate's quick checks run once per session, and every test that needs a verdict reads it
from the session's cache (tests/conftest.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from proofs.coq.export import CoqCheck, ExportCheck, check_directory, quick_kernel_checks
from tests.proofs.coq.kernels import GOLDEN, require_coqc


@dataclass(frozen=True)
class KernelRuns:
    """The session's verdicts: the golden export, and the quick checks.

    Both may come from the session's cache (tests/conftest.py), which starts empty: then coqc
    checked these very files earlier in this session, for an earlier test (the documented
    `hadamard export coq`, or the first `hadamard prove`).
    """

    golden: ExportCheck
    quick: tuple[CoqCheck, ...]


@pytest.fixture(scope="session")
def kernel_runs() -> KernelRuns:
    require_coqc()
    with ThreadPoolExecutor(max_workers=2) as pool:
        golden = pool.submit(check_directory, GOLDEN)
        quick = pool.submit(quick_kernel_checks)
        return KernelRuns(golden.result(), quick.result())
