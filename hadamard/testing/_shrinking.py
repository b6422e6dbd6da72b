"""Minimising a failing case: delete whole outputs and inputs, then simplify the entries.

Hypothesis finds the failure; this shrinker, which knows the rule is entry-wise, makes it
small. Deleting output i removes x_i, y_i and the i-th output slice of dx and dy together
(likewise an input, or a batch item), so the remaining entries keep their meaning; a long axis
is first halved, so a failure found at 1024 entries shrinks in a few steps. A generic shrinker
can only shorten each array on its own, which shifts every later entry (measured: up to 30 s
and still N = 8 left on a sign error, against a few hundred cheap calls here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final, Protocol, Self, TypeVar

import numpy as np
from numpy.typing import NDArray

from hadamard.testing._tolerance import Precision, precision_of

__all__ = ["shrink"]

FloatArray = NDArray[np.floating[Any]]
# Bounds the work on a pathological impl: each round is one pass over sizes and entries.
MAX_ROUNDS: Final = 4


class Shrinkable(Protocol):
    """A case the shrinker can cut down: JacobianCase or VjpCase."""

    @property
    def working(self) -> Precision: ...

    def named(self) -> list[tuple[str, FloatArray]]: ...

    def with_arrays(self, arrays: Sequence[FloatArray]) -> Self: ...

    def deletions(self) -> Iterator[Self]: ...


Case = TypeVar("Case", bound=Shrinkable)


def _cost(value: float) -> tuple[bool, bool, bool, int]:
    """Simpler values first: 0, then ±1, then integers, then fewer digits."""
    return (value != 0.0, abs(value) != 1.0, not value.is_integer(), len(repr(value)))


def _simpler_values(value: float, dtype: np.dtype[Any] | Precision) -> list[float]:
    """Candidates for ``value`` that are simpler and representable in ``dtype``, simplest first."""
    proposals = [0.0, 1.0, -1.0, float(round(value)), round(value, 1), round(value, 3)]
    precision = precision_of(dtype)
    representable = {float(precision.round(np.asarray(p))) for p in proposals}
    return sorted((p for p in representable if _cost(p) < _cost(value)), key=_cost)


def _shrink_sizes(case: Case, fails: Callable[[Case], bool]) -> Case:
    """Delete outputs (and inputs) one at a time while the case still fails."""
    changed = True
    while changed:
        changed = False
        for smaller in case.deletions():
            if fails(smaller):
                case, changed = smaller, True
                break
    return case


def _shrink_values(case: Case, fails: Callable[[Case], bool]) -> tuple[Case, bool]:
    changed = False
    for position in range(len(case.named())):
        flat = case.named()[position][1].reshape(-1)
        for k in range(flat.size):
            current = case.named()[position][1]
            for value in _simpler_values(float(current.reshape(-1)[k]), case.working):
                arrays = [a.copy() for _, a in case.named()]
                arrays[position].reshape(-1)[k] = value
                candidate = case.with_arrays(arrays)
                if fails(candidate):
                    case, changed = candidate, True
                    break
    return case, changed


def shrink(case: Case, fails: Callable[[Case], bool]) -> Case:
    """A smaller case on which ``fails`` still holds (``fails(case)`` must be True)."""
    for _ in range(MAX_ROUNDS):
        case = _shrink_sizes(case, fails)
        case, changed = _shrink_values(case, fails)
        if not changed:
            break
    return case
