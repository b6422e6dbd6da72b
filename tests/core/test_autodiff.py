"""The rule as any other function of JAX and torch: under jit, grad and vmap, and in autograd.

The gradients are checked against the closed forms (∂/∂x of Σ g ⊙ (x ⊙ ty + y ⊙ tx) is g ⊙ ty)
and against torch's own finite-difference ``gradcheck``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hadamard import (
    DenominatorJacobian,
    NumeratorJacobian,
    hadamard_jacobian,
    hadamard_jvp,
    hadamard_vjp,
)
from tests.core.backends import backend


def sample(seed: int, *shapes: tuple[int, ...]) -> list[Any]:
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape) for shape in shapes]


def test_under_jax_jit_the_answers_are_the_eager_ones() -> None:
    backend("jax")
    import jax
    import jax.numpy as jnp

    x, y, dx, dy = (jnp.asarray(a) for a in sample(1, (2, 4), (2, 4), (2, 3, 4), (2, 3, 4)))

    def rule(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        return hadamard_jacobian(x, y, DenominatorJacobian(dx), DenominatorJacobian(dy)).array

    jitted = jax.jit(rule)
    # XLA may fuse a product and the sum into one FMA: equal to within an ulp, not bitwise.
    np.testing.assert_allclose(
        np.asarray(jitted(x, y, dx, dy)), np.asarray(rule(x, y, dx, dy)), rtol=1e-15, atol=1e-15
    )
    gx, gy = jax.jit(hadamard_vjp)(x, y, dy[:, 0])
    np.testing.assert_array_equal(np.asarray(gx), np.asarray(dy[:, 0] * y))
    np.testing.assert_array_equal(np.asarray(gy), np.asarray(dy[:, 0] * x))


def test_jax_grad_through_the_rule_is_the_closed_form() -> None:
    backend("jax")
    import jax
    import jax.numpy as jnp

    x, y, tx, ty, g = (jnp.asarray(a) for a in sample(2, *[(5,)] * 5))

    def loss(x: Any, y: Any) -> Any:
        return jnp.sum(g * hadamard_jvp(x, y, tx, ty))

    grad_x, grad_y = jax.grad(loss, argnums=(0, 1))(x, y)
    np.testing.assert_allclose(np.asarray(grad_x), np.asarray(g * ty), rtol=1e-14)
    np.testing.assert_allclose(np.asarray(grad_y), np.asarray(g * tx), rtol=1e-14)

    def jacobian_loss(x: Any) -> Any:
        jx = NumeratorJacobian(jnp.ones((5, 3)))
        return jnp.sum(hadamard_jacobian(x, y, jx, jx).array)

    # Σ_ij (x_i + y_i) over 3 inputs: the gradient in x is 3 everywhere.
    np.testing.assert_allclose(np.asarray(jax.grad(jacobian_loss)(x)), np.full(5, 3.0))


def test_jax_vmap_maps_the_rule_over_a_batch() -> None:
    backend("jax")
    import jax
    import jax.numpy as jnp

    x, y, dx, dy = (jnp.asarray(a) for a in sample(3, (6, 4), (6, 4), (6, 4, 3), (6, 4, 3)))

    def one(x: Any, y: Any, dx: Any, dy: Any) -> Any:
        return hadamard_jacobian(x, y, NumeratorJacobian(dx), NumeratorJacobian(dy)).array

    mapped = jax.vmap(one)(x, y, dx, dy)
    batched = one(x, y, dx, dy)  # the rule's own batch axes
    np.testing.assert_array_equal(np.asarray(mapped), np.asarray(batched))
    tangents = jax.vmap(hadamard_jvp)(x, y, y, x)  # x ⊙ ty + y ⊙ tx with tx = y, ty = x
    np.testing.assert_allclose(np.asarray(tangents), np.asarray(x * x + y * y), rtol=1e-15)


def test_torch_tensors_that_require_grad_take_part_in_autograd() -> None:
    backend("torch")
    import torch

    x, y, tx, ty = (torch.asarray(a).requires_grad_() for a in sample(4, *[(3, 4)] * 4))
    tangent = hadamard_jvp(x, y, tx, ty)
    assert tangent.requires_grad
    tangent.sum().backward()
    assert x.grad is not None
    assert y.grad is not None
    torch.testing.assert_close(x.grad, ty.detach())
    torch.testing.assert_close(y.grad, tx.detach())
    jx = torch.asarray(sample(5, (3, 2, 4))[0]).requires_grad_()
    result = hadamard_jacobian(x, y, DenominatorJacobian(jx), DenominatorJacobian(jx))
    assert result.array.requires_grad
    assert result.array.grad_fn is not None


@pytest.mark.parametrize("function", ["jvp", "vjp", "jacobian"])
def test_torch_gradcheck_passes_through_the_rule(function: str) -> None:
    """torch's finite differences agree with the backward pass through our rule (float64)."""
    backend("torch")
    import torch

    inputs = tuple(torch.asarray(a).requires_grad_() for a in sample(6, *[(2, 3)] * 4))

    def run(x: Any, y: Any, a: Any, b: Any) -> Any:
        if function == "jvp":
            return hadamard_jvp(x, y, a, b)
        if function == "vjp":
            return hadamard_vjp(x, y, a)[0] + 2 * hadamard_vjp(x, y, b)[1]
        den_a = DenominatorJacobian(a[:, None, :].expand(2, 4, 3))
        den_b = DenominatorJacobian(b[:, None, :].expand(2, 4, 3))
        return hadamard_jacobian(x, y, den_a, den_b).array

    assert torch.autograd.gradcheck(run, inputs)
