"""Rounding tolerances derived from the dtype: what a correct result may differ by, per entry.

Each entry of the rule, x_i ∂y_i/∂z_j + y_i ∂x_i/∂z_j, is two products and one sum. Rounded to
nearest in working precision, each operation errs by at most half an ulp, so a correct result
is within eps · (|x ∂y| + |y ∂x|) of the exact value, whatever order it was computed in. The
reference is computed in float64 (exact products for float16/float32 inputs).
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

__all__ = ["ROUNDING_FACTOR", "TOLERANCE_FORMULA", "rounding_tolerance"]

# 4 = 1 for the implementation's own rounding, 1 for a float64 reference's, and 2 to spare
# for one more rounding (a matmul with diag(x), a cast back from a wider type). Every mistake
# the helpers look for changes an entry by a whole term, far above this.
ROUNDING_FACTOR: Final = 4.0
TOLERANCE_FORMULA: Final = "{factor:g} · eps({dtype}) · ({terms}) + {factor:g} · tiny({dtype})"


def rounding_tolerance(
    dtype: np.dtype[np.floating[Any]], *terms: NDArray[np.floating[Any]]
) -> NDArray[np.float64]:
    """Per-entry allowance: ROUNDING_FACTOR · eps · Σ|term| plus an underflow floor.

    ``terms`` are the exact products that the entry sums (e.g. x_i ∂y_i/∂z_j and y_i ∂x_i/∂z_j),
    already broadcast to the result's shape.
    """
    info = np.finfo(dtype)
    magnitude = np.zeros(np.broadcast_shapes(*(t.shape for t in terms)), dtype=np.float64)
    for term in terms:
        magnitude = magnitude + np.abs(term.astype(np.float64))
    # The floor covers products that underflow (or are flushed to zero) in the working dtype.
    floor = ROUNDING_FACTOR * float(info.smallest_normal)
    tolerance: NDArray[np.float64] = ROUNDING_FACTOR * float(info.eps) * magnitude + floor
    return tolerance
