# mypy must REJECT this file: a numerator Jacobian where a denominator one is declared.
import numpy as np

from hadamard import DenominatorJacobian, NumeratorJacobian, hadamard_jacobian

x = np.ones(2)
den = DenominatorJacobian(np.ones((3, 2)))
num = NumeratorJacobian(np.ones((2, 3)))
hadamard_jacobian(x, x, den, num)


def wants_denominator(j: DenominatorJacobian) -> int:
    return j.n_inputs


wants_denominator(num)
