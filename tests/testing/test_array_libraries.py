"""The helpers check torch, JAX and array-api-strict implementations directly (xp=, device=).

Each helper says YES to a correct implementation written with the library's own operations
(which would raise on numpy arrays), and NO, with the diagnosis, to the bugs people write in
such code: a batch-axis bug, a bug only past 16 entries, code for the other layout, a wrong
library or dtype in the answer.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from hypothesis.errors import InvalidArgument

from hadamard import Layout
from hadamard.testing import check_hadamard_jacobian, check_hadamard_jvp, check_hadamard_vjp
from tests.core.backends import backend


@pytest.fixture
def torch() -> Any:
    backend("torch")
    import torch

    return torch


@pytest.fixture
def jnp() -> Iterator[Any]:
    backend("jax")
    import jax
    import jax.numpy as jnp

    with jax.enable_x64(True):
        yield jnp


def test_torch_implementations_get_tensors_and_pass(torch: Any) -> None:
    seen: list[type] = []

    def backward(a: Any, b: Any, g: Any) -> Any:
        seen.append(type(a))
        return torch.mul(g, b), torch.mul(g, a)  # torch.mul refuses numpy arrays

    def numerator(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        return torch.unsqueeze(x, -1) * dy + torch.unsqueeze(y, -1) * dx

    for dtype in (torch.float32, torch.float64):
        check_hadamard_vjp(backward, xp=torch, dtype=dtype)
        check_hadamard_jvp(lambda x, y, tx, ty: torch.addcmul(x * ty, y, tx), xp=torch, dtype=dtype)
        check_hadamard_jacobian(numerator, layout=Layout.NUMERATOR, xp=torch, dtype=dtype)
    assert set(seen) == {torch.Tensor}


def test_tensors_that_require_grad_are_read_back_detached(torch: Any) -> None:
    def backward(a: Any, b: Any, g: Any) -> Any:
        a, b = a.requires_grad_(), b.requires_grad_()
        return g * b, g * a  # both answers require grad

    check_hadamard_vjp(backward, xp=torch, max_examples=20)


def test_bfloat16_is_drawn_judged_and_named(torch: Any) -> None:
    check_hadamard_vjp(lambda x, y, g: (g * y, g * x), xp=torch, dtype=torch.bfloat16)
    with pytest.raises(AssertionError) as failure:
        check_hadamard_vjp(lambda x, y, g: ((g * y).float(), g * x), xp=torch, dtype="bfloat16")
    message = str(failure.value)
    assert "(backprop form, layout-free, bfloat16, torch arrays)" in message
    assert "wrong dtype: gx has dtype float32, expected bfloat16 (the inputs' dtype)" in message


def test_an_answer_of_another_library_is_named(torch: Any) -> None:
    def backward(a: Any, b: Any, g: Any) -> Any:
        return (g * b).numpy(), g * a

    with pytest.raises(AssertionError, match=r"gx is a numpy array, expected a torch array"):
        check_hadamard_vjp(backward, xp=torch, max_examples=5)


def test_a_batch_axis_bug_in_torch_is_caught_and_named(torch: Any) -> None:
    def backward(a: Any, b: Any, g: Any) -> Any:
        return g * b[..., :1, :], g * a  # every row scaled by the first row of b

    with pytest.raises(AssertionError) as failure:
        check_hadamard_vjp(backward, xp=torch, batch_ndim=1)
    message = str(failure.value)
    assert "batch-dependent: impl is right on each batch item alone" in message
    assert re.search(r"shape \(2, 1\) \(batch \(2,\)\)", message), message


def test_a_bug_only_past_16_entries_is_caught_by_default(torch: Any) -> None:
    def backward(a: Any, b: Any, g: Any) -> Any:
        grad_a = g * b
        if a.shape[-1] > 16:  # a "fast path" for wide layers that drops the last entry
            grad_a[..., -1] = 0
        return grad_a, g * a

    with pytest.raises(AssertionError) as failure:
        check_hadamard_vjp(backward, xp=torch)
    message = str(failure.value)
    assert "size-dependent: impl is right on generic inputs for every N < 17" in message
    assert "Minimal counterexample (found by Hypothesis, then shrunk), N = 17:" in message


def test_numerator_code_checked_in_the_denominator_layout_is_told_the_argument(
    torch: Any,
) -> None:
    def numerator(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        return x[..., :, None] * dy + y[..., :, None] * dx

    with pytest.raises(AssertionError) as failure:
        check_hadamard_jacobian(numerator, xp=torch)
    message = str(failure.value)
    assert "impl is right in the numerator layout" in message
    assert "check it with layout=Layout.NUMERATOR" in message


def test_jax_implementations_under_jit_pass_with_bounded_tracing(jnp: Any) -> None:
    import jax

    traces: list[tuple[int, ...]] = []

    def backward(a: Any, b: Any, g: Any) -> Any:
        traces.append(a.shape)  # runs once per new shape: when jit traces
        return g * b, g * a

    check_hadamard_vjp(jax.jit(backward), xp=jnp)
    assert 1 < len(traces) == len(set(traces)) <= 16
    traces.clear()

    def denominator(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        traces.append(dx.shape)
        return dy * x[..., None, :] + dx * y[..., None, :]

    check_hadamard_jacobian(jax.jit(denominator), xp=jnp)
    assert len(traces) <= 16


def test_jax_without_64_bit_floats_is_judged_in_the_float32_it_gives(jnp: Any) -> None:
    import jax

    def wrong(x: Any, y: Any, g: Any) -> Any:
        return -(g * y), g * x

    with jax.enable_x64(False):
        check_hadamard_vjp(lambda x, y, g: (g * y, g * x), xp=jnp)  # no "wrong dtype"
        with pytest.raises(AssertionError) as failure:
            check_hadamard_vjp(wrong, xp=jnp)
    message = str(failure.value)
    assert "(backprop form, layout-free, float32, jax arrays)" in message
    assert "Note: jax gives float32 for dtype=float64 (64-bit floats are off" in message
    assert "4 · eps(float32) · (|g y|)" in message
    assert "sign error: gx is -(g ⊙ y)" in message


def test_array_api_strict_implementations_pass_and_fail() -> None:
    backend("array_api_strict")
    import array_api_strict as xp

    check_hadamard_jvp(lambda x, y, tx, ty: x * ty + y * tx, xp=xp)
    with pytest.raises(AssertionError, match=r"x and y swapped: impl computes x ⊙ tx \+ y ⊙ ty"):
        check_hadamard_jvp(lambda x, y, tx, ty: x * tx + y * ty, xp=xp)


def test_a_dtype_the_library_lacks_is_refused_by_name() -> None:
    backend("array_api_strict")
    import array_api_strict as xp

    with pytest.raises(InvalidArgument, match=r"dtype=bfloat16 is not a dtype of array_api_strict"):
        check_hadamard_vjp(lambda x, y, g: (g * y, g * x), xp=xp, dtype="bfloat16")


def test_the_jvp_helper_says_no_and_names_the_mistake() -> None:
    cases = {
        "a term missing (y ⊙ tx)": lambda x, y, tx, ty: x * ty,
        "sign error: impl computes x ⊙ ty - y ⊙ tx": lambda x, y, tx, ty: x * ty - y * tx,
        "the product instead of its tangent": lambda x, y, tx, ty: x * y,
        "a stray factor: the tangent is 2 ×": lambda x, y, tx, ty: 2 * (x * ty + y * tx),
    }
    for diagnosis, impl in cases.items():
        with pytest.raises(AssertionError, match=re.escape(diagnosis)):
            check_hadamard_jvp(impl)


def test_the_jvp_helper_raises_no_false_alarm_in_float32_where_the_terms_cancel() -> None:
    def fused(x: Any, y: Any, tx: Any, ty: Any) -> Any:
        wide = x.astype(np.float64) * ty + y.astype(np.float64) * tx
        return wide.astype(np.float32)

    check_hadamard_jvp(fused, dtype=np.float32, max_examples=400)
    check_hadamard_jvp(lambda x, y, tx, ty: x * ty + y * tx, dtype=np.float32, max_examples=400)


def test_matrix_and_tensor_shapes_are_drawn_when_asked() -> None:
    seen: list[tuple[tuple[int, ...], tuple[int, ...]]] = []

    def rule(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        seen.append((x.shape, dx.shape))
        return dy * x[..., None, None, :, :] + dx * y[..., None, None, :, :]

    check_hadamard_jacobian(rule, input_ndim=2, output_ndim=2, batch_ndim=1)
    assert all(len(x) == 3 and len(dx) == 5 for x, dx in seen)
    assert any(x[0] > 1 for x, _ in seen)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"xp": "torch"}, r"xp='torch' is not an array library"),
        ({"device": "cuda"}, r"device='cuda' needs xp="),
        ({"dtype": "bfloat16"}, r"dtype=bfloat16 needs xp= a library that has it"),
        ({"dtype": np.int32}, r"dtype=<class 'numpy.int32'> is not supported"),
        ({"dtype": "complex64"}, r"dtype='complex64' is not supported"),
    ],
)
def test_bad_library_options_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        check_hadamard_vjp(lambda x, y, g: (g * y, g * x), **kwargs)


def test_a_bad_library_is_refused_in_one_whole_sentence() -> None:
    good = lambda x, y, g: (g * y, g * x)  # noqa: E731
    expected = (
        "check_hadamard_vjp: xp='torch' is not an array library; pass a module such as torch, "
        "jax.numpy, cupy or array_api_strict, or any array API namespace"
    )
    with pytest.raises(InvalidArgument, match=f"^{re.escape(expected)}$"):
        check_hadamard_vjp(good, xp="torch")
    lists = types.SimpleNamespace(asarray=lambda value: [value])
    expected = (
        f"check_hadamard_vjp: xp={lists!r} makes list arrays, which no array API namespace claims"
    )
    with pytest.raises(InvalidArgument, match=f"^{re.escape(expected)}$"):
        check_hadamard_vjp(good, xp=lists)


def test_numpy_on_the_cpu_is_numpy() -> None:
    check_hadamard_vjp(lambda x, y, g: (g * y, g * x), device="cpu", max_examples=5)


def test_dask_implementations_are_computed_and_judged() -> None:
    backend("dask")
    import dask.array as da

    check_hadamard_vjp(lambda x, y, g: (g * y, g * x), xp=da, max_examples=20)
    with pytest.raises(AssertionError) as failure:
        check_hadamard_vjp(lambda x, y, g: (g * x, g * y), xp=da, max_examples=20)
    message = str(failure.value)
    assert "(backprop form, layout-free, float64, dask arrays)" in message
    assert "x and y swapped: impl returns (g ⊙ x, g ⊙ y)" in message
    assert "returned gx = [0.]" in message  # the computed value, not a lazy array's repr


def test_jax_bfloat16_is_widened_to_float32_for_the_report(jnp: Any) -> None:
    few = {"xp": jnp, "dtype": "bfloat16", "max_examples": 10, "max_outputs": 2, "max_size": 2}
    check_hadamard_jvp(lambda x, y, tx, ty: x * ty + y * tx, **few)  # few shapes: jax compiles each
    with pytest.raises(AssertionError) as failure:
        check_hadamard_jvp(lambda x, y, tx, ty: 2 * (x * ty + y * tx), **few)
    message = str(failure.value)
    assert "(forward form, layout-free, bfloat16, jax arrays)" in message
    assert "  returned t = [2.]" in message
    assert "(returned t: shape (1,), dtype bfloat16)" in message


def test_jax_without_64_bit_floats_is_noted_by_the_jacobian_helper_too(jnp: Any) -> None:
    import jax

    def transposed(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        return x[..., :, None] * dy + y[..., :, None] * dx

    with jax.enable_x64(False), pytest.raises(AssertionError) as failure:
        check_hadamard_jacobian(
            transposed, xp=jnp, max_examples=5, max_inputs=2, max_outputs=2, max_size=2
        )
    message = str(failure.value)
    assert "(denominator layout, float32, jax arrays)" in message
    assert "Note: jax gives float32 for dtype=float64 (64-bit floats are off" in message
