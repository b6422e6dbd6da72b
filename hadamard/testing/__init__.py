"""hadamard.testing: Hypothesis strategies and assertion helpers for users' test suites.

Hold your implementation of the Hadamard-product rule, or of its backprop, against this one::

    from hadamard.testing import check_hadamard_jacobian

    def test_my_rule():
        check_hadamard_jacobian(my_rule)  # my_rule(x, y, dx, dy) -> (M, N) array

Needs Hypothesis (``pip install 'hadamard[testing]'``); the core package never imports it.
This module only re-exports the public names; the implementation lives in ``_*.py``.
"""

try:
    import hypothesis as _hypothesis
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "hadamard.testing needs Hypothesis; install it with: pip install 'hadamard[testing]'"
    ) from exc

from hadamard.testing._assertions import (
    DEFAULT_MAX_EXAMPLES,
    check_hadamard_jacobian,
    check_hadamard_jvp,
    check_hadamard_vjp,
)
from hadamard.testing._strategies import (
    FunctionPair,
    ShapePair,
    SmoothMap,
    function_pairs,
    jacobians,
    layouts,
    shape_pairs,
    vectors,
)
from hadamard.testing._tolerance import ROUNDING_FACTOR

__all__ = [
    "DEFAULT_MAX_EXAMPLES",
    "ROUNDING_FACTOR",
    "FunctionPair",
    "ShapePair",
    "SmoothMap",
    "check_hadamard_jacobian",
    "check_hadamard_jvp",
    "check_hadamard_vjp",
    "function_pairs",
    "jacobians",
    "layouts",
    "shape_pairs",
    "vectors",
]

del _hypothesis


def _check_all() -> None:
    # Hypothesis's habit: the facade's __all__ and its public names never drift apart.
    public = {name for name in globals() if not name.startswith("_")}
    if set(__all__) != public:  # pragma: no cover - an import-time guard
        raise ImportError(
            f"hadamard.testing.__all__ drifted: missing {sorted(set(__all__) - public)}, "
            f"unlisted {sorted(public - set(__all__))}"
        )


_check_all()
del _check_all
