# mypy must REJECT this file: the axis counts of a Jacobian are integers.
import numpy as np

from hadamard import NumeratorJacobian

NumeratorJacobian(np.ones((2, 3)), input_ndim="1")
