"""hadamard: the derivative of the Hadamard product, in both layouts, checked many ways.

For x, y : R^M -> R^N in the denominator layout (∂y/∂z is M × N)::

    ∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)

and in the numerator layout (∂y/∂z is N × M): diag(x) ∂y/∂z + diag(y) ∂x/∂z. The functions take
arrays of numpy, PyTorch, JAX, CuPy, Dask or any array API library and answer in the same one;
batch axes lead, and tensors keep the layout's order of z's and x's axes.
This module only re-exports the public names; the implementation lives in ``_*.py``.
"""

from hadamard._jacobian import DenominatorJacobian, Jacobian, NumeratorJacobian
from hadamard._layout import Layout
from hadamard._rule import hadamard_jacobian, hadamard_jvp, hadamard_vjp
from hadamard.errors import ShapeError

__version__ = "0.1.0"

__all__ = [
    "DenominatorJacobian",
    "Jacobian",
    "Layout",
    "NumeratorJacobian",
    "ShapeError",
    "__version__",
    "hadamard_jacobian",
    "hadamard_jvp",
    "hadamard_vjp",
]


def _check_all() -> None:
    # Hypothesis's habit: the facade's __all__ and its public names never drift apart.
    public = {name for name in globals() if not name.startswith("_") or name == "__version__"}
    public -= {"annotations"}
    missing = set(__all__) - public
    if missing:  # pragma: no cover - an import-time guard
        raise ImportError(f"hadamard.__all__ names undefined {sorted(missing)}")


_check_all()
del _check_all
