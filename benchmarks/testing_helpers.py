"""How long a default run of the hadamard.testing helpers takes on a correct implementation.

Run: ``python -m benchmarks.testing_helpers [--repeat N]``. Prints the median wall time of
``check_hadamard_jacobian`` (both layouts), ``check_hadamard_vjp`` and ``check_hadamard_jvp``
at their default
``max_examples``, in float64 and float32.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hadamard import Layout
from hadamard.testing import (
    DEFAULT_MAX_EXAMPLES,
    check_hadamard_jacobian,
    check_hadamard_jvp,
    check_hadamard_vjp,
)

A = NDArray[Any]
ROW: str = "{name:<44} {dtype:<8} median {median:6.3f} s  (min {low:.3f}, max {high:.3f})"


def _denominator(x: A, y: A, dx: A, dy: A) -> Any:
    return dy * x[..., np.newaxis, :] + dx * y[..., np.newaxis, :]


def _numerator(x: A, y: A, dx: A, dy: A) -> Any:
    return x[..., :, np.newaxis] * dy + y[..., :, np.newaxis] * dx


def _vjp(x: A, y: A, g: A) -> Any:
    return g * y, g * x


def _jvp(x: A, y: A, tx: A, ty: A) -> Any:
    return x * ty + y * tx


def _runs() -> list[tuple[str, Callable[[type], None]]]:
    return [
        (
            "check_hadamard_jacobian (denominator)",
            lambda dtype: check_hadamard_jacobian(_denominator, dtype=dtype),
        ),
        (
            "check_hadamard_jacobian (numerator)",
            lambda dtype: check_hadamard_jacobian(_numerator, layout=Layout.NUMERATOR, dtype=dtype),
        ),
        ("check_hadamard_vjp", lambda dtype: check_hadamard_vjp(_vjp, dtype=dtype)),
        ("check_hadamard_jvp", lambda dtype: check_hadamard_jvp(_jvp, dtype=dtype)),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Time each helper ``--repeat`` times per dtype and print one line per helper and dtype."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.testing_helpers")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per line (default 5)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error(f"--repeat={args.repeat} must be at least 1")
    print(f"default max_examples = {DEFAULT_MAX_EXAMPLES}; correct implementations")
    for name, run in _runs():
        for dtype in (np.float64, np.float32):
            run(dtype)  # warm-up: imports, Hypothesis's first-call setup
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                run(dtype)
                times.append(time.perf_counter() - start)
            print(
                ROW.format(
                    name=name,
                    dtype=dtype.__name__,
                    median=statistics.median(times),
                    low=min(times),
                    high=max(times),
                )
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
