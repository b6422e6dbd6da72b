"""How the explicit-size cross-checks scale with N × M (run ``python -m proofs.check.scaling``).

Timings never enter the artifacts (they would break byte-identical output); this module only
prints them, to justify the sizes :data:`proofs.check.crosscheck.SIZES` keeps.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from functools import partial

from hadamard import Layout
from proofs.check.crosscheck import explicit_checks, matrix_calculus_paths
from proofs.theory.registry import theorem

__all__ = ["DEFAULT_SIZES", "main", "measure"]

DEFAULT_SIZES: tuple[tuple[int, int], ...] = ((2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (8, 9))
ROW = "{n:>2} × {m:<2}  {jacobians:>8.3f} s  {paths:>8.3f} s"
HEADER = " N × M   Matrix.jacobian   matrix calculus (6 paths)"


def _seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(
    sizes: Sequence[tuple[int, int]] = DEFAULT_SIZES,
) -> list[tuple[int, int, float, float]]:
    """(N, M, seconds for the undefined-function check, seconds for the SymPy paths) per size."""
    matrix_calculus_paths(sizes=((2, 3),))  # SymPy differentiates once; time the per-size work
    out = []
    for n, m in sizes:
        main = theorem("hadamard_product")
        jacobians = _seconds(partial(explicit_checks, main, Layout.DENOMINATOR, ((n, m),)))
        paths = _seconds(partial(matrix_calculus_paths, sizes=((n, m),)))
        out.append((n, m, jacobians, paths))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table; optional arguments are sizes written NxM (e.g. 2x3 4x5)."""
    args = list(sys.argv[1:] if argv is None else argv)
    sizes = [tuple(int(v) for v in arg.lower().split("x")) for arg in args] or DEFAULT_SIZES
    print(HEADER)
    for n, m, jacobians, paths in measure([(s[0], s[1]) for s in sizes]):
        print(ROW.format(n=n, m=m, jacobians=jacobians, paths=paths))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
