"""The chapter's printed 6-1-3, diag(x) ∂y/∂z + diag(y) ∂x/∂z, read in its declared denominator
layout: undefined for M ≠ N, wrong for M = N. The package's rule is right in both cases."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from autograd import jacobian

from hadamard import DenominatorJacobian, hadamard_jacobian
from tests.core.smooth import SmoothPair


def printed_6_1_3(x: Any, y: Any, dx_den: Any, dy_den: Any) -> Any:
    """The chapter's formula, applied literally to denominator-layout (M, N) Jacobians."""
    return np.diag(x) @ dy_den + np.diag(y) @ dx_den


def denominator_inputs(n: int, m: int, seed: int) -> tuple[Any, Any, Any, Any, Any]:
    pair = SmoothPair.random(n, m, seed)
    z = np.random.default_rng(seed).normal(size=m)
    truth = jacobian(pair.product)(z).T  # (M, N): the denominator layout
    return pair.x(z), pair.y(z), jacobian(pair.x)(z).T, jacobian(pair.y)(z).T, truth


@pytest.mark.parametrize(("n", "m"), [(3, 2), (2, 3), (4, 1), (1, 5)])
def test_printed_form_is_undefined_when_m_differs_from_n(n: int, m: int) -> None:
    x, y, dx, dy, truth = denominator_inputs(n, m, seed=6)
    # diag(x) is N × N, ∂y/∂z is M × N: the product does not exist.
    with pytest.raises(ValueError, match="matmul"):
        printed_6_1_3(x, y, dx, dy)
    ours = hadamard_jacobian(x, y, DenominatorJacobian(dx), DenominatorJacobian(dy))
    assert ours.array.shape == (m, n)
    assert np.allclose(ours.array, truth, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_printed_form_is_wrong_when_m_equals_n(n: int) -> None:
    x, y, dx, dy, truth = denominator_inputs(n, n, seed=7)
    printed = printed_6_1_3(x, y, dx, dy)
    assert printed.shape == truth.shape
    # It scales row j by x_j where column i must be scaled by x_i.
    assert not np.allclose(printed, truth, rtol=1e-6, atol=1e-6)
    ours = hadamard_jacobian(x, y, DenominatorJacobian(dx), DenominatorJacobian(dy))
    assert np.allclose(ours.array, truth, rtol=1e-12, atol=1e-12)


def test_printed_form_is_the_numerator_rule_transposed_wrongly() -> None:
    # Read in the numerator layout, the printed form is right: the chapter mixed the layouts.
    x, y, dx, dy, truth = denominator_inputs(3, 3, seed=8)
    assert np.allclose(printed_6_1_3(x, y, dx.T, dy.T), truth.T, rtol=1e-12, atol=1e-12)
