# mypy must ACCEPT this file: the control for mixed_layouts.py.
import numpy as np

from hadamard import DenominatorJacobian, NumeratorJacobian, hadamard_jacobian

x = np.ones(2)
den = DenominatorJacobian(np.ones((3, 2)))
num = NumeratorJacobian(np.ones((2, 3)))
result: DenominatorJacobian = hadamard_jacobian(x, x, den, den)
other: NumeratorJacobian = hadamard_jacobian(x, x, num, num)
converted: DenominatorJacobian = hadamard_jacobian(x, x, den, num.to_denominator())
matrix_x = np.ones((4, 5))
tensor: DenominatorJacobian = hadamard_jacobian(
    matrix_x,
    matrix_x,
    DenominatorJacobian(np.ones((3, 4, 5)), input_ndim=1, output_ndim=2),
    DenominatorJacobian(np.ones((3, 4, 5)), input_ndim=1, output_ndim=2),
)
shapes: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]] = (
    tensor.batch_shape,
    tensor.input_shape,
    tensor.output_shape,
)
