"""The testing guide's example as a module: a user's own rule and backprop, held against ours."""

from typing import Any

import numpy as np
from numpy.typing import NDArray

from hadamard import Layout
from hadamard.testing import check_hadamard_jacobian, check_hadamard_vjp

Array = NDArray[np.floating[Any]]


def my_product_jacobian(x: Array, y: Array, dx: Array, dy: Array) -> Array:
    """∂(x ⊙ y)/∂z in the denominator layout: x, y are (..., N); dx, dy, the result (..., M, N)."""
    return dy * x[..., np.newaxis, :] + dx * y[..., np.newaxis, :]


def my_product_backward(x: Array, y: Array, g: Array) -> tuple[Array, Array]:
    """Backprop through x ⊙ y: (∂L/∂x, ∂L/∂y) from g = ∂L/∂(x ⊙ y)."""
    return g * y, g * x


def test_my_jacobian() -> None:
    check_hadamard_jacobian(my_product_jacobian)


def test_my_jacobian_in_float32() -> None:
    check_hadamard_jacobian(my_product_jacobian, dtype=np.float32)


def my_numerator_jacobian(x: Array, y: Array, dx: Array, dy: Array) -> Array:
    """The same in the numerator layout: dx, dy and the result are (..., N, M)."""
    return x[..., :, np.newaxis] * dy + y[..., :, np.newaxis] * dx


def test_my_jacobian_in_the_numerator_layout() -> None:
    check_hadamard_jacobian(my_numerator_jacobian, layout=Layout.NUMERATOR)


def test_my_backward() -> None:
    check_hadamard_vjp(my_product_backward, dtype=np.float32)
