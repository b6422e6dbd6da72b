"""Side-by-side timing: every case once per round, rounds interleaved, medians reported.

Interleaving puts the floor and the contender under the same machine state (turbo, cache,
page-cache, neighbours), so their ratio is steadier than either time alone.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping

__all__ = ["interleaved"]


def interleaved(cases: Mapping[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds of each case over ``rounds`` interleaved rounds, after one warm-up each."""
    names = list(cases)
    for name in names:  # warm-up: first-touch pages, lazy imports, compilation
        cases[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    enabled = gc.isenabled()
    gc.disable()
    try:
        for r in range(rounds):
            # Rotate the order so no case always runs first (or right after the same neighbour).
            shift = r % len(names)
            for name in names[shift:] + names[:shift]:
                start = time.perf_counter()
                cases[name]()
                samples[name].append(time.perf_counter() - start)
    finally:
        if enabled:
            gc.enable()
    return {name: statistics.median(times) for name, times in samples.items()}
