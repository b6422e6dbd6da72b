"""The package's public exception family: every error names the argument at fault.

Catch :class:`HadamardError` for anything this package raises on purpose, or the builtin each
error also is (``ShapeError`` is a ``ValueError``, ``OverwriteError`` a ``FileExistsError``,
``CoqcError`` an ``OSError``), so code that already catches those keeps working.
"""

from __future__ import annotations

__all__ = ["CoqcError", "HadamardError", "InputError", "OverwriteError", "ShapeError"]


class HadamardError(Exception):
    """Base class of every error this package raises on purpose."""


class ShapeError(HadamardError, ValueError):
    """Array shapes that do not fit the rule; the message names the layout, every shape, M and N."""


class InputError(HadamardError, ValueError):
    """Unreadable or out-of-vocabulary user input (a formula, an option, a path)."""


class OverwriteError(HadamardError, FileExistsError):
    """A writer would replace a file with different contents and ``force`` was not given."""


class CoqcError(HadamardError, OSError):
    """coqc is on PATH but does not work: ``coqc --version`` fails, hangs or prints nothing.

    An ``OSError``, so the command line reports it as one line with exit status 2, like any
    other problem with the machine rather than with our code.
    """
