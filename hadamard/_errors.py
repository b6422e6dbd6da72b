"""The package's exception family: every error names the argument at fault."""

from __future__ import annotations

__all__ = ["HadamardError", "InputError", "OverwriteError", "ShapeError"]


class HadamardError(Exception):
    """Base class of every error this package raises on purpose."""


class ShapeError(HadamardError, ValueError):
    """Array shapes that do not fit the rule; the message names the layout, every shape, M and N."""


class InputError(HadamardError, ValueError):
    """Unreadable or out-of-vocabulary user input (a formula, an option, a path)."""


class OverwriteError(HadamardError, FileExistsError):
    """A writer would replace a file with different contents and ``force`` was not given."""
