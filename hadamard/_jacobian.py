"""Jacobians typed by layout: denominator (..., M, N), numerator (..., N, M)."""

from __future__ import annotations

from typing import Any, ClassVar, Final, final

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hadamard._layout import Layout
from hadamard._validation import as_numeric_array

__all__ = ["DenominatorJacobian", "Jacobian", "NumeratorJacobian"]


def _frozen(name: str, array: ArrayLike, layout: Layout) -> NDArray[Any]:
    """A read-only view (no copy) of ``array``, checked to be numeric with two trailing axes."""
    axes = f"(..., {layout.axes[1:-1]}) in the {layout.value} layout"
    checked = as_numeric_array(name, array, min_ndim=2, axes=axes)
    view = checked.view()
    view.flags.writeable = False
    return view


@final
class DenominatorJacobian:
    """∂f/∂z in the denominator layout: an ``(..., M, N)`` array, entry ``(j, i) = ∂f_i/∂z_j``.

    Distinct from :class:`NumeratorJacobian` on purpose: mypy rejects one where the other
    is declared, and :func:`hadamard_jacobian` raises ``TypeError`` when they are mixed.
    """

    __slots__ = ("_array",)
    layout: ClassVar[Layout] = Layout.DENOMINATOR

    def __init__(self, array: ArrayLike) -> None:
        self._array: Final = _frozen("DenominatorJacobian(array)", array, Layout.DENOMINATOR)

    @property
    def array(self) -> NDArray[Any]:
        """The wrapped ``(..., M, N)`` array (a read-only view)."""
        return self._array

    @property
    def n_inputs(self) -> int:
        """M, the dimension of z."""
        return int(self._array.shape[-2])

    @property
    def n_outputs(self) -> int:
        """N, the dimension of f(z)."""
        return int(self._array.shape[-1])

    def to_numerator(self) -> NumeratorJacobian:
        """The same derivative in the numerator layout (a transposed view, no copy)."""
        return NumeratorJacobian(np.swapaxes(self._array, -1, -2))

    def to_denominator(self) -> DenominatorJacobian:
        """Itself."""
        return self

    def __repr__(self) -> str:
        return (
            f"DenominatorJacobian(M={self.n_inputs}, N={self.n_outputs}, "
            f"shape={self._array.shape}, dtype={self._array.dtype})"
        )


@final
class NumeratorJacobian:
    """∂f/∂z in the numerator layout: an ``(..., N, M)`` array, entry ``(i, j) = ∂f_i/∂z_j``."""

    __slots__ = ("_array",)
    layout: ClassVar[Layout] = Layout.NUMERATOR

    def __init__(self, array: ArrayLike) -> None:
        self._array: Final = _frozen("NumeratorJacobian(array)", array, Layout.NUMERATOR)

    @property
    def array(self) -> NDArray[Any]:
        """The wrapped ``(..., N, M)`` array (a read-only view)."""
        return self._array

    @property
    def n_inputs(self) -> int:
        """M, the dimension of z."""
        return int(self._array.shape[-1])

    @property
    def n_outputs(self) -> int:
        """N, the dimension of f(z)."""
        return int(self._array.shape[-2])

    def to_numerator(self) -> NumeratorJacobian:
        """Itself."""
        return self

    def to_denominator(self) -> DenominatorJacobian:
        """The same derivative in the denominator layout (a transposed view, no copy)."""
        return DenominatorJacobian(np.swapaxes(self._array, -1, -2))

    def __repr__(self) -> str:
        return (
            f"NumeratorJacobian(N={self.n_outputs}, M={self.n_inputs}, "
            f"shape={self._array.shape}, dtype={self._array.dtype})"
        )


Jacobian = DenominatorJacobian | NumeratorJacobian
"""Either layout; functions that accept both say so with this alias."""
