"""Random smooth nonlinear x, y : R^M -> R^N, written once for numpy, autograd and complex input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import autograd.numpy as anp
import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class SmoothPair:
    """x(z) = tanh(A z + b), y(z) = sin(C z) + (E z)^2 / 4 + d: analytic, for the complex step."""

    a: NDArray[np.float64]
    b: NDArray[np.float64]
    c: NDArray[np.float64]
    d: NDArray[np.float64]
    e: NDArray[np.float64]

    @classmethod
    def random(cls, n: int, m: int, seed: int) -> SmoothPair:
        rng = np.random.default_rng(seed)
        return cls(
            a=rng.normal(size=(n, m)) / max(m, 1) ** 0.5,
            b=rng.normal(size=n),
            c=rng.normal(size=(n, m)),
            d=rng.normal(size=n),
            e=rng.normal(size=(n, m)) / max(m, 1) ** 0.5,
        )

    def x(self, z: Any) -> Any:
        return anp.tanh(anp.dot(self.a, z) + self.b)

    def y(self, z: Any) -> Any:
        return anp.sin(anp.dot(self.c, z)) + anp.dot(self.e, z) ** 2 / 4 + self.d

    def product(self, z: Any) -> Any:
        return self.x(z) * self.y(z)


def complex_step_jacobian(f: Any, z: NDArray[np.float64], n: int) -> NDArray[np.float64]:
    """The numerator-layout (N, M) Jacobian of an analytic f by the complex step (exact to eps)."""
    h = 1e-30
    columns = [np.imag(f(z + 1j * h * np.eye(z.size)[j])) / h for j in range(z.size)]
    return np.stack(columns, axis=-1) if columns else np.zeros((n, 0))


def central_difference_jacobian(f: Any, z: NDArray[np.float64], n: int) -> NDArray[np.float64]:
    """The numerator-layout (N, M) Jacobian by central differences (truncation error O(h^2))."""
    h = 1e-6
    columns = [
        (f(z + h * np.eye(z.size)[j]) - f(z - h * np.eye(z.size)[j])) / (2 * h)
        for j in range(z.size)
    ]
    return np.stack(columns, axis=-1) if columns else np.zeros((n, 0))
