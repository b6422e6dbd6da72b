"""The layout-typed Jacobians: shapes, conversions, immutability, dtype rules."""

from __future__ import annotations

import numpy as np
import pytest

from hadamard import (
    DenominatorJacobian,
    Layout,
    NumeratorJacobian,
    ShapeError,
    hadamard_jacobian,
)


def test_denominator_jacobian_reports_m_and_n() -> None:
    j = DenominatorJacobian(np.zeros((5, 3, 2)))
    assert (j.layout, j.n_inputs, j.n_outputs) == (Layout.DENOMINATOR, 3, 2)


def test_numerator_jacobian_reports_m_and_n() -> None:
    j = NumeratorJacobian(np.zeros((2, 3)))
    assert (j.layout, j.n_inputs, j.n_outputs) == (Layout.NUMERATOR, 3, 2)


def test_conversions_transpose_the_last_two_axes_and_round_trip() -> None:
    a = np.arange(24.0).reshape(2, 3, 4)
    den = DenominatorJacobian(a)
    num = den.to_numerator()
    assert isinstance(num, NumeratorJacobian)
    assert np.array_equal(num.array, np.swapaxes(a, -1, -2))
    assert np.array_equal(num.to_denominator().array, a)
    assert den.to_denominator() is den
    assert num.to_numerator() is num


def test_wrapped_arrays_are_read_only_views() -> None:
    a = np.zeros((2, 2))
    j = DenominatorJacobian(a)
    assert np.shares_memory(j.array, a)
    with pytest.raises(ValueError, match="read-only"):
        j.array[0, 0] = 1.0


def test_result_layout_follows_the_inputs() -> None:
    x, y = np.ones(2), np.ones(2)
    den = hadamard_jacobian(
        x, y, DenominatorJacobian(np.ones((3, 2))), DenominatorJacobian(np.ones((3, 2)))
    )
    num = hadamard_jacobian(
        x, y, NumeratorJacobian(np.ones((2, 3))), NumeratorJacobian(np.ones((2, 3)))
    )
    assert isinstance(den, DenominatorJacobian)
    assert isinstance(num, NumeratorJacobian)
    assert np.array_equal(den.to_numerator().array, num.array)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex64, np.complex128])
def test_float_and_complex_dtypes_are_preserved(dtype: type[np.generic]) -> None:
    x = np.ones(2, dtype=dtype)
    j = DenominatorJacobian(np.ones((3, 2), dtype=dtype))
    assert hadamard_jacobian(x, x, j, j).array.dtype == np.dtype(dtype)


@pytest.mark.parametrize(("m", "n"), [(0, 3), (3, 0), (0, 0)])
def test_empty_sizes_are_valid(m: int, n: int) -> None:
    x = np.ones(n)
    j = DenominatorJacobian(np.ones((m, n)))
    result = hadamard_jacobian(x, x, j, j)
    assert result.array.shape == (m, n)


def test_batch_dimensions_broadcast() -> None:
    x = np.arange(1.0, 4.0)  # shared by every batch item
    dx = DenominatorJacobian(np.ones((4, 1, 2, 3)))
    dy = DenominatorJacobian(np.ones((5, 2, 3)))
    result = hadamard_jacobian(x, x, dx, dy)
    assert result.array.shape == (4, 5, 2, 3)
    assert np.array_equal(result.array[1, 2], 2 * np.tile(x, (2, 1)))


def test_mixed_layouts_raise_type_error_naming_the_fix() -> None:
    x = np.ones(2)
    den = DenominatorJacobian(np.ones((2, 2)))
    num = NumeratorJacobian(np.ones((2, 2)))
    with pytest.raises(TypeError, match=r"dy\.to_denominator\(\)"):
        hadamard_jacobian(x, x, den, num)  # type: ignore[call-overload]


def test_shape_error_names_layout_shapes_m_and_n() -> None:
    x = np.ones(4)
    with pytest.raises(ShapeError, match=r"denominator layout.*M=3, N=4.*dy=\(3, 5\)"):
        hadamard_jacobian(
            x, x, DenominatorJacobian(np.ones((3, 4))), DenominatorJacobian(np.ones((3, 5)))
        )


def test_the_repr_names_the_sizes_shape_and_dtype() -> None:
    vector = DenominatorJacobian(np.zeros((4, 2, 3), dtype=np.float32))
    assert repr(vector) == "DenominatorJacobian(M=2, N=3, shape=(4, 2, 3), dtype=float32)"
    tensor = NumeratorJacobian(np.zeros((5, 2, 3)), input_ndim=2, output_ndim=1)
    assert repr(tensor) == (
        "NumeratorJacobian(input_shape=(2, 3), output_shape=(5,), shape=(5, 2, 3), dtype=float64)"
    )
