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


def test_the_error_family_is_public_and_each_error_is_also_a_builtin() -> None:
    from hadamard import errors

    assert set(errors.__all__) == {
        "CoqcError",
        "HadamardError",
        "InputError",
        "OverwriteError",
        "ShapeError",
    }
    builtins = {
        "ShapeError": ValueError,
        "InputError": ValueError,
        "OverwriteError": FileExistsError,
        "CoqcError": OSError,
    }
    for name, builtin in builtins.items():
        error = getattr(errors, name)
        assert issubclass(error, errors.HadamardError), name
        assert issubclass(error, builtin), name
    assert hadamard.ShapeError is errors.ShapeError
