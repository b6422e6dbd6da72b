"""Pinned details of the diagnosis and the report: scale factors, match allowances, index sets.

Small constructed inputs at the edges of each rule, so a changed bound or constant fails here
(issue 8's mutation testing).
"""

from __future__ import annotations

import numpy as np
import pytest

from hadamard import Layout
from hadamard.testing._assertions import _indices
from hadamard.testing._cases import VjpCase, probe_jacobian_case, probe_vjp_case, run_vjp
from hadamard.testing._diagnosis import _describe_scale, _scale_factor, _vjp_names
from hadamard.testing._shrinking import shrink

EPS = float(np.finfo(np.float64).eps)


def test_indices_show_at_most_twelve_sorted_unique_values() -> None:
    assert _indices(np.array([3, 1, 3])) == "{1, 3}"
    assert _indices(np.arange(12)) == "{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}"
    assert _indices(np.arange(13)[::-1]) == "{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …}"


def test_scale_factor_edges() -> None:
    want = np.array([0.6, 0.8])  # |want|² is exactly 1.0
    assert _scale_factor(2 * want, want, np.zeros(2)) == 2.0  # exact, with no allowance
    assert _scale_factor(np.array([2.0, 4.0]), np.array([1.0, 2.0]), np.zeros(2)) == 2.0
    assert _scale_factor(np.array([1.0, 2.0]), np.zeros(2), np.ones(2)) is None  # want is 0
    assert _scale_factor(np.array([np.inf, 2.0]), want, np.ones(2)) is None
    assert _scale_factor(np.array([2.0]), np.array([1.0]), np.zeros(1)) is None  # one entry
    assert _scale_factor(np.array([1.0, 2.0]), np.array([1.0, 2.0]), np.zeros(2)) is None


def test_describe_scale_names_a_negation_or_the_factor() -> None:
    rule = "g ⊙ y"
    assert _describe_scale(-1.0, "gx", rule) == (
        "sign error: impl returns -(g ⊙ y) for gx. Fix: drop the minus sign."
    )
    for c, shown in ((0.5, "0.5"), (-0.5, "-0.5"), (2.0, "2"), (-2.0, "-2")):
        assert _describe_scale(c, "gx", rule) == (
            f"a stray factor: gx is {shown} × (g ⊙ y). Fix: remove the factor."
        )


@pytest.mark.parametrize(
    ("ulps", "name"),
    [(50, "g ⊙ y"), (75, None)],
    ids=["within 4 allowances", "beyond"],
)
def test_vjp_match_allowance_is_pinned(ulps: int, name: str | None) -> None:
    # x = 1, y = 2, g = 3: allowance 4 · eps · (|x| + |y| + 1)(|g| + 1) = 64 eps per match
    # unit, times MATCH_FACTOR 4 = 256 eps. One ulp of 6 is 4 eps: 50 ulps match, 75 do not.
    case = VjpCase(np.array([1.0]), np.array([2.0]), np.array([3.0]))
    off = 6.0 + ulps * 4 * EPS
    outcome = run_vjp(lambda x, y, g: (np.array([off]), g * x), case)
    assert _vjp_names(case, outcome) == [name, "g ⊙ x"]


def test_probes_are_reproducible() -> None:
    first, again = probe_vjp_case(np.dtype(np.float64), 3), probe_vjp_case(np.dtype(np.float64), 3)
    for (_, a), (_, b) in zip(first.named(), again.named(), strict=True):
        np.testing.assert_array_equal(a, b)
    layout_case = probe_jacobian_case(Layout.DENOMINATOR, np.dtype(np.float32), 2, 3)
    same = probe_jacobian_case(Layout.DENOMINATOR, np.dtype(np.float32), 2, 3)
    np.testing.assert_array_equal(layout_case.dx, same.dx)


def test_a_vjp_case_of_two_outputs_shrinks_to_one() -> None:
    case = probe_vjp_case(np.dtype(np.float64), 2)
    assert shrink(case, lambda c: True).n_outputs == 1
