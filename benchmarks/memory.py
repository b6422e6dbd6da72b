"""Peak memory of the dense rule beyond its output, measured with tracemalloc.

numpy reports its data buffers to tracemalloc, so the peak over one call is the output plus
every temporary the call made. The goal is the output plus at most one block.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from hadamard import DenominatorJacobian, NumeratorJacobian, hadamard_jacobian
from hadamard._compiled import available, disabled
from hadamard._kernel import BLOCK_BYTES

__all__ = ["MemoryRow", "memory_rows"]


@dataclass(frozen=True)
class MemoryRow:
    """Peak bytes allocated during one call, against the output's own size."""

    case: str
    shape: str
    output_bytes: int
    peak_bytes: int

    @property
    def extra_bytes(self) -> int:
        return self.peak_bytes - self.output_bytes

    @property
    def within_goal(self) -> bool:
        """At most the output plus one block (and 16 KiB of bookkeeping: views, small arrays)."""
        return self.extra_bytes <= BLOCK_BYTES + 16 * 1024


def peak_bytes(run: Callable[[], object]) -> int:
    """Bytes ``run`` allocates at its peak beyond what was live before it (tracemalloc)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = run()
        peak = tracemalloc.get_traced_memory()[1] - base
        del result
    finally:
        tracemalloc.stop()
    return peak


def memory_rows(quick: bool) -> list[MemoryRow]:
    """Both layouts, every path available here, and the plain numpy formula for contrast."""
    shape = (256, 256) if quick else (2048, 2048)
    rng = np.random.default_rng(3)
    dx, dy = rng.standard_normal(shape), rng.standard_normal(shape)
    x, y = rng.standard_normal(shape[1]), rng.standard_normal(shape[1])
    xn, yn = rng.standard_normal(shape[0]), rng.standard_normal(shape[0])

    def den() -> object:
        return hadamard_jacobian(x, y, DenominatorJacobian(dx), DenominatorJacobian(dy))

    def num() -> object:
        return hadamard_jacobian(xn, yn, NumeratorJacobian(dx), NumeratorJacobian(dy))

    def without_numba(run: Callable[[], object]) -> Callable[[], object]:
        def run_numpy() -> object:
            with disabled():
                return run()

        return run_numpy

    fast = "compiled" if available() else "numpy"
    cases: dict[str, Callable[[], object]] = {
        f"hadamard_jacobian denominator ({fast})": den,
        f"hadamard_jacobian numerator ({fast})": num,
    }
    if available():
        cases["hadamard_jacobian denominator (numpy fallback)"] = without_numba(den)
        cases["hadamard_jacobian numerator (numpy fallback)"] = without_numba(num)
    cases["plain numpy dy*x + dx*y"] = lambda: dy * x + dx * y
    for run in cases.values():  # warm-up: compile and import outside the measurement
        run()
    out_bytes = dx.nbytes
    return [MemoryRow(name, str(shape), out_bytes, peak_bytes(run)) for name, run in cases.items()]
