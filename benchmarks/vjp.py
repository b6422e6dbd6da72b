"""hadamard_vjp against its floor, the two products ``g ⊙ y`` and ``g ⊙ x`` it must return."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from benchmarks.dense import Row
from benchmarks.timing import interleaved
from hadamard import hadamard_vjp

__all__ = ["vjp_rows"]


def vjp_rows(quick: bool) -> list[Row]:
    """At N = 10^7 (10^5 with ``quick``), float64."""
    n = 100_000 if quick else 10_000_000
    rng = np.random.default_rng(11)
    x, y, g = (rng.standard_normal(n) for _ in range(3))
    cases: dict[str, Callable[[], object]] = {
        "floor np.multiply(g, y), np.multiply(g, x)": lambda: (
            np.multiply(g, y),
            np.multiply(g, x),
        ),
        "hadamard_vjp(x, y, g)": lambda: hadamard_vjp(x, y, g),
    }
    medians = interleaved(cases, 3 if quick else 21)
    floor = medians["floor np.multiply(g, y), np.multiply(g, x)"]
    return [Row(case, f"({n},)", "float64", t, floor) for case, t in medians.items()]
