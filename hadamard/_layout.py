"""The two layout conventions for the Jacobian of f : R^M -> R^N."""

from __future__ import annotations

import enum

__all__ = ["Layout"]


class Layout(enum.Enum):
    """Which way round a Jacobian is stored.

    ``NUMERATOR``: shape (N, M), entry (i, j) = ∂f_i/∂z_j.
    ``DENOMINATOR``: shape (M, N), entry (j, i) = ∂f_i/∂z_j (the chapter's convention).
    """

    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"

    @property
    def axes(self) -> str:
        """The trailing axes of a Jacobian in this layout, e.g. ``"(M, N)"``."""
        return "(N, M)" if self is Layout.NUMERATOR else "(M, N)"

    @property
    def other(self) -> Layout:
        """The opposite layout."""
        return Layout.DENOMINATOR if self is Layout.NUMERATOR else Layout.NUMERATOR

    @classmethod
    def parse(cls, name: str, *, argument: str = "layout") -> Layout:
        """The layout named by ``name`` (case-insensitive); ``ValueError`` naming the argument."""
        try:
            return cls(name.strip().lower())
        except ValueError:
            choices = ", ".join(repr(m.value) for m in cls)
            raise ValueError(
                f"{argument}={name!r} is not a layout; expected one of {choices}"
            ) from None
