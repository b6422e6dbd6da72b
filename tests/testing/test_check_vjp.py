"""check_hadamard_vjp says NO to buggy backprop rules, naming the mistake, and YES to correct
ones in float16/32/64."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from hadamard.testing import check_hadamard_vjp
from hadamard.testing._cases import VjpCase, run_vjp

A = NDArray[Any]
Impl = Callable[[A, A, A], Any]


def correct(x: A, y: A, g: A) -> Any:
    return g * y, g * x


def swapped(x: A, y: A, g: A) -> Any:
    return g * x, g * y


def pair_reversed(x: A, y: A, g: A) -> Any:
    gx, gy = correct(x, y, g)
    return gy, gx


def ignores_g(x: A, y: A, g: A) -> Any:
    return y.copy(), x.copy()


def negated_gx(x: A, y: A, g: A) -> Any:
    return -(g * y), g * x


def doubled(x: A, y: A, g: A) -> Any:
    return 2 * g * y, 2 * g * x


def returns_jacobians(x: A, y: A, g: A) -> Any:
    eye = np.eye(x.shape[-1])  # diag(g ⊙ y) for each batch item
    return (g * y)[..., :, np.newaxis] * eye, (g * x)[..., :, np.newaxis] * eye


def returns_one_array(x: A, y: A, g: A) -> Any:
    return g * y


def wrong_past_five(x: A, y: A, g: A) -> Any:
    gx, gy = correct(x, y, g)
    if x.shape[0] > 5:
        gy[5:] = (g * y)[5:]
    return gx, gy


def in_place(x: A, y: A, g: A) -> Any:
    gy = g * x
    g *= y
    return g, gy


def upcasts(x: A, y: A, g: A) -> Any:
    return (g * y).astype(np.float64), (g * x).astype(np.float64)


def breaks_at_zero(x: A, y: A, g: A) -> Any:
    # (g ⊙ x ⊙ y) / x: right except where x has a zero.
    with np.errstate(divide="ignore", invalid="ignore"):
        return g * x * y / x, g * x


BUGGY: list[tuple[str, Impl, str, type]] = [
    ("x/y swapped", swapped, r"x and y swapped", np.float64),
    ("pair reversed", pair_reversed, r"x and y swapped", np.float64),
    ("g ignored", ignores_g, r"the incoming gradient g is not applied", np.float64),
    ("sign", negated_gx, r"sign error: gx is -\(g ⊙ y\)", np.float64),
    ("factor 2", doubled, r"a stray factor: gx is 2 ×", np.float64),
    ("jacobians", returns_jacobians, r"wrong shape: gx has shape \(", np.float64),
    ("one array", returns_one_array, r"wrong return type: impl returned ndarray", np.float64),
    ("past N = 5", wrong_past_five, r"size-dependent: .* every N < 6", np.float64),
    ("in place", in_place, r"in-place update: impl modified its argument g", np.float64),
    ("upcasts", upcasts, r"wrong dtype: gx has dtype float64, expected float32", np.float32),
    ("zero special case", breaks_at_zero, r"value-dependent", np.float64),
]


@pytest.mark.parametrize(
    ("impl", "diagnosis", "dtype"), [b[1:] for b in BUGGY], ids=[b[0] for b in BUGGY]
)
def test_buggy_vjps_are_caught_and_named(impl: Impl, diagnosis: str, dtype: type) -> None:
    with pytest.raises(AssertionError, match=diagnosis):
        check_hadamard_vjp(impl, dtype=dtype)


def test_the_message_shows_the_minimal_counterexample() -> None:
    with pytest.raises(AssertionError) as caught:
        check_hadamard_vjp(negated_gx)
    message = str(caught.value)
    for fragment in [
        "check_hadamard_vjp: negated_gx does not satisfy the Hadamard rule",
        "(∂L/∂x, ∂L/∂y) = (g ⊙ y, g ⊙ x)",
        "Minimal counterexample (found by Hypothesis, then shrunk), N = 1:",
        "expected gx = [",
        "returned gx = [",
        "Largest error in gx: at index (0,) (∂L/∂x_0): absolute 2, relative 2",
    ]:
        assert fragment in message, fragment


def fused(x: A, y: A, g: A) -> Any:
    # Products in float64, rounded once to the inputs' dtype (a mixed-precision backend).
    return (
        (g.astype(np.float64) * y).astype(g.dtype),
        (x.astype(np.float64) * g).astype(g.dtype),
    )


def via_multiply(x: A, y: A, g: A) -> Any:
    return np.multiply(y, g), np.multiply(x, g)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64], ids=lambda d: d.__name__)
@pytest.mark.parametrize("impl", [correct, fused, via_multiply], ids=lambda f: f.__name__)
def test_correct_vjps_pass(impl: Impl, dtype: type) -> None:
    check_hadamard_vjp(impl, dtype=dtype, max_examples=25)


@pytest.mark.parametrize("impl", [correct, fused, via_multiply], ids=lambda f: f.__name__)
def test_float32_vjp_raises_no_false_alarm_over_many_examples(impl: Impl) -> None:
    rng = np.random.default_rng(6)
    for _ in range(2000):
        n = int(rng.integers(1, 17))
        scale = 10 ** rng.uniform(-6, 1, size=(3, n))
        x, y, g = (rng.uniform(-1, 1, size=(3, n)) * scale).astype(np.float32)
        outcome = run_vjp(impl, VjpCase(x, y, g))
        assert not outcome.failed, outcome.problems
