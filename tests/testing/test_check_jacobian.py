"""check_hadamard_jacobian says NO to buggy implementations, naming the mistake, and YES to
correct ones in both layouts and in float16/32/64, including float32 computed another way."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import FailedHealthCheck
from numpy.typing import NDArray

from hadamard import Layout
from hadamard.testing import check_hadamard_jacobian, shape_pairs, vectors
from hadamard.testing._cases import JacobianCase, run_jacobian

A = NDArray[Any]
Impl = Callable[[A, A, A, A], Any]
Factory = Callable[[Layout], Impl]


def _outputs(v: A, layout: Layout) -> A:
    """v (..., N) shaped to scale output i: columns in the denominator layout, rows otherwise."""
    return v[..., np.newaxis, :] if layout is Layout.DENOMINATOR else v[..., :, np.newaxis]


def _inputs(v: A, layout: Layout) -> A:
    """v shaped along the other axis: the wrong one (defined only when M = N)."""
    return v[..., :, np.newaxis] if layout is Layout.DENOMINATOR else v[..., np.newaxis, :]


def diag(v: A) -> A:
    """diag(v) for each batch item: (..., N) to (..., N, N)."""
    result: A = v[..., :, np.newaxis] * np.eye(v.shape[-1], dtype=v.dtype)
    return result


def correct(layout: Layout) -> Impl:
    def impl(x: A, y: A, dx: A, dy: A) -> Any:
        return dy * _outputs(x, layout) + dx * _outputs(y, layout)

    return impl


def transposed(layout: Layout) -> Impl:
    return lambda x, y, dx, dy: np.swapaxes(correct(layout)(x, y, dx, dy), -1, -2)


def only_y_term(layout: Layout) -> Impl:
    return lambda x, y, dx, dy: dy * _outputs(x, layout)


def only_x_term(layout: Layout) -> Impl:
    return lambda x, y, dx, dy: dx * _outputs(y, layout)


def swapped(layout: Layout) -> Impl:
    return lambda x, y, dx, dy: dy * _outputs(y, layout) + dx * _outputs(x, layout)


def wrong_axis_broadcast(layout: Layout) -> Impl:
    # The other layout's form by broadcasting: mis-shaped or raising when M ≠ N.
    return lambda x, y, dx, dy: dy * _inputs(x, layout) + dx * _inputs(y, layout)


def wrong_axis_matmul(layout: Layout) -> Impl:
    # The chapter's printed form, literally, with diag matrices.
    if layout is Layout.DENOMINATOR:
        return lambda x, y, dx, dy: diag(x) @ dy + diag(y) @ dx
    return lambda x, y, dx, dy: dy @ diag(x) + dx @ diag(y)


def difference(layout: Layout) -> Impl:
    return lambda x, y, dx, dy: dy * _outputs(x, layout) - dx * _outputs(y, layout)


def negated(layout: Layout) -> Impl:
    return lambda x, y, dx, dy: -correct(layout)(x, y, dx, dy)


def doubled(layout: Layout) -> Impl:
    return lambda x, y, dx, dy: 2 * correct(layout)(x, y, dx, dy)


def wrong_past_five_outputs(layout: Layout) -> Impl:
    # A "fast path" that forgets the x-term for output 5 onwards.
    def impl(x: A, y: A, dx: A, dy: A) -> Any:
        out = correct(layout)(x, y, dx, dy)
        if x.shape[-1] > 5:
            index = (..., slice(None), 5) if layout is Layout.DENOMINATOR else (..., 5, slice(None))
            out[index] = (dy * _outputs(x, layout))[index]
        return out

    return impl


def in_place(layout: Layout) -> Impl:
    def impl(x: A, y: A, dx: A, dy: A) -> Any:
        dy *= _outputs(x, layout)
        dx *= _outputs(y, layout)
        return dy + dx

    return impl


def summed(layout: Layout) -> Impl:
    return lambda x, y, dx, dy: correct(layout)(x, y, dx, dy).sum(axis=-2)


def returns_none(layout: Layout) -> Impl:
    return lambda x, y, dx, dy: None


def breaks_at_zero(layout: Layout) -> Impl:
    # Right except where y has a zero: (y ∂x) recovered by dividing by y.
    def impl(x: A, y: A, dx: A, dy: A) -> Any:
        with np.errstate(divide="ignore", invalid="ignore"):
            x_term = dx * _outputs(y * y, layout) / _outputs(y, layout)
        return dy * _outputs(x, layout) + x_term

    return impl


# (id, buggy implementation, the diagnosis its message must contain), for both layouts.
BUGGY: list[tuple[str, Factory, Callable[[Layout], str]]] = [
    ("transposed", transposed, lambda _: r"layout transposed"),
    ("only y-term", only_y_term, lambda _: r"a term missing \(the x-term\)"),
    ("only x-term", only_x_term, lambda _: r"a term missing \(the y-term\)"),
    ("x/y swapped", swapped, lambda _: r"x and y swapped"),
    (
        "other axis, broadcast",
        wrong_axis_broadcast,
        lambda lay: (
            "rows scaled instead of columns"
            if lay is Layout.DENOMINATOR
            else "columns scaled instead of rows"
        ),
    ),
    (
        "other axis, diag matmul",
        wrong_axis_matmul,
        lambda lay: (
            "rows scaled instead of columns"
            if lay is Layout.DENOMINATOR
            else "columns scaled instead of rows"
        ),
    ),
    ("difference", difference, lambda _: r"sign error: impl computes"),
    ("negated", negated, lambda _: r"sign error: impl returns -\("),
    ("factor 2", doubled, lambda _: r"a stray factor: the Jacobian is 2 ×"),
    (
        "wrong past N = 5",
        wrong_past_five_outputs,
        lambda _: r"size-dependent: impl is right on generic inputs for every N < 6",
    ),
    ("in place", in_place, lambda _: r"in-place update: impl modified its argument d[xy]"),
    ("summed", summed, lambda _: r"wrong shape: impl returns \("),
    ("returns None", returns_none, lambda _: r"wrong return type: impl returned NoneType"),
    ("zero special case", breaks_at_zero, lambda _: r"value-dependent"),
]


@pytest.mark.parametrize("layout", list(Layout), ids=lambda lay: lay.value)
@pytest.mark.parametrize(
    ("factory", "diagnosis"), [b[1:] for b in BUGGY], ids=[b[0] for b in BUGGY]
)
def test_buggy_implementations_are_caught_and_named(
    factory: Factory, diagnosis: Callable[[Layout], str], layout: Layout
) -> None:
    with pytest.raises(AssertionError, match=diagnosis(layout)):
        check_hadamard_jacobian(factory(layout), layout=layout)


def test_wrong_dtype_is_named() -> None:
    def upcasts(x: A, y: A, dx: A, dy: A) -> Any:
        return correct(Layout.DENOMINATOR)(x, y, dx, dy).astype(np.float64)

    with pytest.raises(AssertionError, match=r"wrong dtype: J has dtype float64, expected float32"):
        check_hadamard_jacobian(upcasts, dtype=np.float32)


def test_a_bug_only_past_five_outputs_is_shrunk_to_n_6() -> None:
    with pytest.raises(AssertionError) as caught:
        check_hadamard_jacobian(wrong_past_five_outputs(Layout.DENOMINATOR))
    message = str(caught.value)
    assert "M = 1 input, N = 6 outputs" in message
    assert "at outputs i ∈ {5}" in message


def test_the_message_shows_the_minimal_counterexample() -> None:
    with pytest.raises(AssertionError) as caught:
        check_hadamard_jacobian(swapped(Layout.DENOMINATOR))
    message = str(caught.value)
    for fragment in [
        "check_hadamard_jacobian: swapped.<locals>.<lambda> does not satisfy the Hadamard rule "
        "(denominator layout, float64)",
        "∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)",
        "Likely mistake:\n  - x and y swapped",
        "Minimal counterexample (found by Hypothesis, then shrunk), M = 1 input, N = 1 output",
        "expected J = [[",
        "returned J = [[",
        "(returned J: shape (1, 1), dtype float64)",
        "Largest error in J: at index (0, 0) (∂(x ⊙ y)_0/∂z_0): absolute 1",
        "= 4 · eps(float64) · (|x ∂y| + |y ∂x|) + 4 · tiny(float64)",
    ]:
        assert fragment in message, fragment
    for name in ("x", "y", "dx", "dy"):
        assert re.search(rf"^  {name} +=", message, re.MULTILINE), name


def test_a_raising_implementation_is_reported_with_its_exception() -> None:
    with pytest.raises(AssertionError, match=r"impl raised ValueError: matmul"):
        check_hadamard_jacobian(wrong_axis_matmul(Layout.DENOMINATOR))


# Correct implementations that round differently from the reference.
def diag_matmul(layout: Layout) -> Impl:
    if layout is Layout.DENOMINATOR:
        return lambda x, y, dx, dy: dy @ diag(x) + dx @ diag(y)
    return lambda x, y, dx, dy: diag(x) @ dy + diag(y) @ dx


def fused(layout: Layout) -> Impl:
    # A fused multiply-add: the x-term's product is never rounded on its own.
    def impl(x: A, y: A, dx: A, dy: A) -> Any:
        x_term = dx * _outputs(y, layout)
        exact = dy.astype(np.float64) * _outputs(x, layout).astype(np.float64) + x_term
        return exact.astype(x.dtype)

    return impl


def via_other_layout(layout: Layout) -> Impl:
    # Transpose in, apply the other layout's form with the terms in the other order, transpose out.
    def impl(x: A, y: A, dx: A, dy: A) -> Any:
        other = correct(layout.other)
        return other(y, x, np.swapaxes(dy, -1, -2), np.swapaxes(dx, -1, -2)).swapaxes(-1, -2)

    return impl


CORRECT: list[tuple[str, Factory]] = [
    ("broadcast", correct),
    ("diag matmul", diag_matmul),
    ("fused multiply-add", fused),
    ("via the other layout", via_other_layout),
]


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64], ids=lambda d: d.__name__)
@pytest.mark.parametrize("layout", list(Layout), ids=lambda lay: lay.value)
@pytest.mark.parametrize("factory", [c[1] for c in CORRECT], ids=[c[0] for c in CORRECT])
def test_correct_implementations_pass(factory: Factory, layout: Layout, dtype: type) -> None:
    check_hadamard_jacobian(factory(layout), layout=layout, dtype=dtype, max_examples=10)


@pytest.mark.parametrize("layout", list(Layout), ids=lambda lay: lay.value)
def test_correct_float32_passes_a_default_run(layout: Layout) -> None:
    check_hadamard_jacobian(correct(layout), layout=layout, dtype=np.float32)


def _random_case(rng: np.random.Generator, layout: Layout) -> JacobianCase:
    """Random float32 sizes and values; in half the cases the two terms nearly cancel."""
    m, n = (int(k) for k in rng.integers(1, 17, size=2))
    core = (m, n) if layout is Layout.DENOMINATOR else (n, m)
    x, y = (rng.uniform(-10, 10, size=n).astype(np.float32) for _ in range(2))
    dy = rng.uniform(-10, 10, size=core).astype(np.float32)
    dx = rng.uniform(-10, 10, size=core).astype(np.float32)
    if rng.random() < 0.5:
        ratio = _outputs(x / np.where(y == 0, 1, y), layout)
        dx = (-dy * ratio * (1 + rng.normal(0, 1e-6, size=core))).astype(np.float32)
    return JacobianCase(layout, x, y, dx, dy)


@pytest.mark.parametrize("layout", list(Layout), ids=lambda lay: lay.value)
@pytest.mark.parametrize("factory", [c[1] for c in CORRECT], ids=[c[0] for c in CORRECT])
def test_float32_raises_no_false_alarm_over_many_examples(factory: Factory, layout: Layout) -> None:
    # The checker's own judgement over 1,000 random float32 cases per formula, half of them
    # with cancelling terms (where a fixed relative tolerance fails): none may be flagged.
    rng = np.random.default_rng(6)
    impl = factory(layout)
    for _ in range(1000):
        case = _random_case(rng, layout)
        outcome = run_jacobian(impl, case)
        assert not outcome.failed, (case, outcome.problems)


@given(shape_pairs(max_inputs=4, max_outputs=4), st.data())
def test_float32_results_really_differ_from_the_exact_values(
    pair: tuple[int, int], data: st.DataObject
) -> None:
    """The test above is not vacuous: float32 answers are off by rounding, here measured."""
    m, n = pair
    x, y = (data.draw(vectors(n, dtype=np.float32)) for _ in range(2))
    dx, dy = (data.draw(vectors(m * n, dtype=np.float32)).reshape(m, n) for _ in range(2))
    exact = dy.astype(np.float64) * x + dx.astype(np.float64) * y
    got = correct(Layout.DENOMINATOR)(x, y, dx, dy)
    scale = np.abs(dy.astype(np.float64) * x) + np.abs(dx.astype(np.float64) * y)
    # Rounding stays within the documented bound, eps(float32) · (|x ∂y| + |y ∂x|) ...
    assert np.all(np.abs(got - exact) <= np.finfo(np.float32).eps * scale + 1e-37)


def test_a_fixed_relative_tolerance_would_raise_false_alarms() -> None:
    # ... while a fixed rtol (what many gradient checkers use) flags correct float32 answers
    # whenever the two terms cancel: here the exact answer is tiny and its rounding is not.
    x, y = np.array([1.1], dtype=np.float32), np.array([1.0], dtype=np.float32)
    dy, dx = np.array([[1.3]], dtype=np.float32), np.array([[-1.43]], dtype=np.float32)
    got = correct(Layout.DENOMINATOR)(x, y, dx, dy)
    exact = dy.astype(np.float64) * x + dx.astype(np.float64) * y
    relative = float(np.abs(got - exact)[0, 0] / np.abs(exact)[0, 0])
    assert relative > 1e-3  # np.allclose(got, exact, rtol=1e-5, atol=0) would say NO
    scale = float(np.abs(dy[0, 0] * x[0]) + np.abs(dx[0, 0] * y[0]))
    assert float(np.abs(got - exact)[0, 0]) <= 4 * float(np.finfo(np.float32).eps) * scale


def test_called_inside_a_users_given_test() -> None:
    @settings(max_examples=3, suppress_health_check=[HealthCheck.nested_given])
    @given(st.sampled_from(list(Layout)))
    def users_test(layout: Layout) -> None:
        check_hadamard_jacobian(correct(layout), layout=layout, max_examples=5)

    users_test()


def test_inside_a_given_test_without_suppression_hypothesis_explains() -> None:
    @settings(max_examples=1)
    @given(st.just(Layout.DENOMINATOR))
    def users_test(layout: Layout) -> None:
        check_hadamard_jacobian(correct(layout), layout=layout, max_examples=5)

    with pytest.raises(FailedHealthCheck, match="nested_given"):
        users_test()
