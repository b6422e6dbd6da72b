"""The README's example, verbatim: a user's own rule and backprop, held against hadamard's."""

from typing import Any

import numpy as np
from numpy.typing import NDArray

from hadamard import Layout
from hadamard.testing import check_hadamard_jacobian, check_hadamard_vjp

Array = NDArray[np.floating[Any]]


def my_product_jacobian(x: Array, y: Array, dx: Array, dy: Array) -> Array:
    """∂(x ⊙ y)/∂z in the denominator layout: dx, dy and the result are (M, N)."""
    return dy * x + dx * y


def my_product_backward(x: Array, y: Array, g: Array) -> tuple[Array, Array]:
    """Backprop through x ⊙ y: (∂L/∂x, ∂L/∂y) from g = ∂L/∂(x ⊙ y)."""
    return g * y, g * x


def test_my_jacobian() -> None:
    check_hadamard_jacobian(my_product_jacobian)


def test_my_jacobian_in_float32() -> None:
    check_hadamard_jacobian(my_product_jacobian, dtype=np.float32)


def test_my_jacobian_in_the_numerator_layout() -> None:
    check_hadamard_jacobian(
        lambda x, y, dx, dy: my_product_jacobian(x, y, dx.T, dy.T).T, layout=Layout.NUMERATOR
    )


def test_my_backward() -> None:
    check_hadamard_vjp(my_product_backward, dtype=np.float32)
