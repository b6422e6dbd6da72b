"""Jacobians typed by layout: denominator (..., *z axes, *f axes), numerator (..., *f, *z)."""

from __future__ import annotations

import math
from typing import Any, ClassVar, final

import numpy as np

from hadamard._layout import Layout
from hadamard._namespace import Namespace, is_numpy, namespace_of
from hadamard._validation import as_array, shape_of

__all__ = ["DenominatorJacobian", "Jacobian", "NumeratorJacobian"]


def _ndim(owner: str, name: str, value: object) -> int:
    """``value`` if it is a non-negative integer, else an error naming the argument."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(
            f"{owner}: {name} must be a non-negative integer, got {value!r} "
            f"(type={type(value).__name__})"
        )
    if value < 0:
        raise ValueError(f"{owner}: {name}={value} must be at least 0")
    return int(value)


class _LayoutJacobian:
    """What both layouts share: the array, its axis groups, and the shapes they give."""

    __slots__ = ("_array", "_input_ndim", "_output_ndim", "_xp")
    layout: ClassVar[Layout]

    def __init__(self, array: object, input_ndim: int = 1, output_ndim: int = 1) -> None:
        owner = f"{type(self).__name__}(array)"
        self._input_ndim = _ndim(owner, "input_ndim", input_ndim)
        self._output_ndim = _ndim(owner, "output_ndim", output_ndim)
        self._xp: Namespace = namespace_of(owner, [("array", array)])
        core = self.layout.core(self._input_ndim, self._output_ndim)
        axes = f"{core} in the {self.layout.value} layout"
        checked = as_array(
            self._xp, owner, array, min_ndim=self._input_ndim + self._output_ndim, axes=axes
        )
        if is_numpy(self._xp):
            # A read-only view, no copy: a Jacobian never changes under the caller's feet.
            checked = checked.view()
            checked.flags.writeable = False
        self._array: Any = checked

    @property
    def array(self) -> Any:
        """The wrapped array, of the library it came from (read-only view for numpy)."""
        return self._array

    @property
    def input_ndim(self) -> int:
        """The number of axes of z."""
        return self._input_ndim

    @property
    def output_ndim(self) -> int:
        """The number of axes of f(z)."""
        return self._output_ndim

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The leading batch axes, ``()`` for a single Jacobian."""
        shape = shape_of(self._array)
        return shape[: len(shape) - self._input_ndim - self._output_ndim]

    def _core(self) -> tuple[int, ...]:
        return shape_of(self._array)[len(self.batch_shape) :]

    @property
    def input_shape(self) -> tuple[int, ...]:
        """The shape of z."""
        core = self._core()
        if self.layout is Layout.DENOMINATOR:
            return core[: self._input_ndim]
        return core[self._output_ndim :]

    @property
    def output_shape(self) -> tuple[int, ...]:
        """The shape of f(z)."""
        core = self._core()
        if self.layout is Layout.DENOMINATOR:
            return core[self._input_ndim :]
        return core[: self._output_ndim]

    @property
    def n_inputs(self) -> int:
        """M, the number of entries of z (its dimension when z is a vector)."""
        return math.prod(self.input_shape)

    @property
    def n_outputs(self) -> int:
        """N, the number of entries of f(z) (its dimension when f(z) is a vector)."""
        return math.prod(self.output_shape)

    def _swapped_axes(self) -> Any:
        """The array with the input and output axis groups exchanged (a view where possible)."""
        batch = len(self.batch_shape)
        first, second = (
            (self._input_ndim, self._output_ndim)
            if self.layout is Layout.DENOMINATOR
            else (self._output_ndim, self._input_ndim)
        )
        order = (
            *range(batch),
            *range(batch + first, batch + first + second),
            *range(batch, batch + first),
        )
        if is_numpy(self._xp):
            return np.transpose(self._array, order)
        return self._xp.permute_dims(self._array, order)

    def _sizes(self) -> str:
        if self._input_ndim == 1 and self._output_ndim == 1:
            return f"M={self.n_inputs}, N={self.n_outputs}"
        return f"input_shape={self.input_shape}, output_shape={self.output_shape}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self._sizes()}, shape={shape_of(self._array)}, "
            f"dtype={self._array.dtype})"
        )


@final
class DenominatorJacobian(_LayoutJacobian):
    """∂f/∂z in the denominator layout: the input (z) axes before the output axes.

    For vectors an ``(..., M, N)`` array, entry ``(j, i) = ∂f_i/∂z_j``. For tensors, z's
    ``input_ndim`` axes come first and f's ``output_ndim`` axes after them; batch axes lead.
    Distinct from :class:`NumeratorJacobian` on purpose: mypy rejects one where the other is
    declared, and :func:`hadamard_jacobian` raises ``TypeError`` when they are mixed.

    Parameters
    ----------
    array : array
        An array of any array API library (numpy, torch, JAX, CuPy, Dask, ...), or anything
        numpy reads. It is kept as it is: a numpy array as a read-only view, never a copy.
    input_ndim : int, default 1
        The number of axes of z (0 for a scalar, 2 for a matrix).
    output_ndim : int, default 1
        The number of axes of f(z).

    Raises
    ------
    ShapeError
        ``array`` has fewer than ``input_ndim + output_ndim`` axes.
    TypeError
        ``array`` is not numeric (bool, object, strings), or an ``*_ndim`` is not an integer.

    Examples
    --------
    >>> import numpy as np
    >>> J = DenominatorJacobian(np.zeros((5, 3, 2)))
    >>> (J.batch_shape, J.input_shape, J.output_shape)
    ((5,), (3,), (2,))
    >>> DenominatorJacobian(np.zeros((4, 2, 3)), output_ndim=2).output_shape
    (2, 3)
    """

    __slots__ = ()
    layout: ClassVar[Layout] = Layout.DENOMINATOR

    def to_numerator(self) -> NumeratorJacobian:
        """The same derivative in the numerator layout (axes permuted, no copy for numpy)."""
        return NumeratorJacobian(self._swapped_axes(), self._input_ndim, self._output_ndim)

    def to_denominator(self) -> DenominatorJacobian:
        """Itself."""
        return self


@final
class NumeratorJacobian(_LayoutJacobian):
    """∂f/∂z in the numerator layout: the output axes before the input (z) axes.

    For vectors an ``(..., N, M)`` array, entry ``(i, j) = ∂f_i/∂z_j``: the shape torch's and
    JAX's ``jacrev`` return. Batch axes lead. Parameters as :class:`DenominatorJacobian`.

    Parameters
    ----------
    array : array
        An array of any array API library, or anything numpy reads.
    input_ndim : int, default 1
        The number of axes of z.
    output_ndim : int, default 1
        The number of axes of f(z).

    Raises
    ------
    ShapeError
        ``array`` has fewer than ``input_ndim + output_ndim`` axes.
    TypeError
        ``array`` is not numeric, or an ``*_ndim`` is not an integer.

    Examples
    --------
    >>> import numpy as np
    >>> J = NumeratorJacobian(np.zeros((2, 3)))
    >>> (J.n_inputs, J.n_outputs, J.to_denominator().array.shape)
    (3, 2, (3, 2))
    """

    __slots__ = ()
    layout: ClassVar[Layout] = Layout.NUMERATOR

    def to_numerator(self) -> NumeratorJacobian:
        """Itself."""
        return self

    def to_denominator(self) -> DenominatorJacobian:
        """The same derivative in the denominator layout (axes permuted, no copy for numpy)."""
        return DenominatorJacobian(self._swapped_axes(), self._input_ndim, self._output_ndim)


Jacobian = DenominatorJacobian | NumeratorJacobian
"""Either layout; functions that accept both say so with this alias."""
