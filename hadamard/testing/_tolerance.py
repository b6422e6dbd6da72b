"""Rounding tolerances derived from the dtype: what a correct result may differ by, per entry.

Each entry of the rule, x_i ∂y_i/∂z_j + y_i ∂x_i/∂z_j, is two products and one sum. Rounded to
nearest in working precision, each operation errs by at most half an ulp, so a correct result
is within eps · (|x ∂y| + |y ∂x|) of the exact value, whatever order it was computed in. The
reference is computed in float64 (exact products for float16, bfloat16 and float32 inputs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "PRECISIONS",
    "ROUNDING_FACTOR",
    "TOLERANCE_FORMULA",
    "Precision",
    "precision_of",
    "rounding_tolerance",
]

# 4 = 1 for the implementation's own rounding, 1 for a float64 reference's, and 2 to spare
# for one more rounding (a matmul with diag(x), a cast back from a wider type). Every mistake
# the helpers look for changes an entry by a whole term, far above this.
ROUNDING_FACTOR: Final = 4.0
TOLERANCE_FORMULA: Final = "{factor:g} · eps({dtype}) · ({terms}) + {factor:g} · tiny({dtype})"


@dataclass(frozen=True)
class Precision:
    """A real floating format: its name, the numpy dtype that holds its values, eps and tiny.

    bfloat16 has no numpy dtype: its values are held in float32, which represents them exactly.
    """

    name: str
    host: np.dtype[np.floating[Any]]
    eps: float
    tiny: float

    def round(self, values: NDArray[Any]) -> NDArray[np.floating[Any]]:
        """``values`` rounded to nearest (ties to even) in this format, held in ``host``."""
        held: NDArray[np.floating[Any]] = np.asarray(values).astype(self.host)
        if self.name != "bfloat16":
            return held
        # The top 16 bits of a float32, rounded to nearest even: exactly bfloat16's rounding
        # for the finite values drawn here.
        bits = held.view(np.uint32).astype(np.uint64)
        rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000).astype(np.uint32)
        result: NDArray[np.floating[Any]] = rounded.view(np.float32)
        return result


# eps is the gap from 1 to the next number, tiny the smallest normal number (IEEE 754; for
# float16, float32 and float64 these are np.finfo's, which tests/testing checks).
PRECISIONS: Final = {
    "float16": Precision("float16", np.dtype(np.float16), 2.0**-10, 2.0**-14),
    "bfloat16": Precision("bfloat16", np.dtype(np.float32), 2.0**-7, 2.0**-126),
    "float32": Precision("float32", np.dtype(np.float32), 2.0**-23, 2.0**-126),
    "float64": Precision("float64", np.dtype(np.float64), 2.0**-52, 2.0**-1022),
}
"""Every format the helpers draw in, by name."""


def precision_of(dtype: Precision | np.dtype[Any]) -> Precision:
    """The :class:`Precision` of a numpy floating dtype (or the Precision itself)."""
    if isinstance(dtype, Precision):
        return dtype
    return PRECISIONS[np.dtype(dtype).name]


def rounding_tolerance(
    dtype: Precision | np.dtype[np.floating[Any]], *terms: NDArray[np.floating[Any]]
) -> NDArray[np.float64]:
    """Per-entry allowance: ROUNDING_FACTOR · eps · Σ|term| plus an underflow floor.

    ``terms`` are the exact products that the entry sums (e.g. x_i ∂y_i/∂z_j and y_i ∂x_i/∂z_j),
    already broadcast to the result's shape.
    """
    precision = precision_of(dtype)
    magnitude = np.zeros(np.broadcast_shapes(*(t.shape for t in terms)), dtype=np.float64)
    for term in terms:
        magnitude = magnitude + np.abs(term.astype(np.float64))
    # The floor covers products that underflow (or are flushed to zero) in the working dtype.
    floor = ROUNDING_FACTOR * precision.tiny
    tolerance: NDArray[np.float64] = ROUNDING_FACTOR * precision.eps * magnitude + floor
    return tolerance
