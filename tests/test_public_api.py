"""The facade: every name in __all__ imports, and nothing private leaks."""

from __future__ import annotations

import hadamard


def test_every_name_in_all_imports() -> None:
    for name in hadamard.__all__:
        assert hasattr(hadamard, name), name


def test_all_lists_the_design_surface() -> None:
    design = {
        "Layout",
        "DenominatorJacobian",
        "NumeratorJacobian",
        "hadamard_jacobian",
        "hadamard_vjp",
        "hadamard_jvp",
        "ShapeError",
    }
    assert design <= set(hadamard.__all__)


def test_shape_error_is_a_value_error() -> None:
    assert issubclass(hadamard.ShapeError, ValueError)
