"""The two layout conventions for the Jacobian of f : R^M -> R^N, and their tensor form."""

from __future__ import annotations

import enum

__all__ = ["Layout"]


def _axis_names(letter: str, ndim: int) -> list[str]:
    """``["M"]`` for one axis, ``["M1", "M2"]`` for two, none for a scalar."""
    if ndim == 1:
        return [letter]
    return [f"{letter}{k}" for k in range(1, ndim + 1)]


class Layout(enum.Enum):
    """Which way round a Jacobian is stored.

    ``NUMERATOR``: shape (N, M), entry (i, j) = ∂f_i/∂z_j: the output axes come first.
    ``DENOMINATOR``: shape (M, N), entry (j, i) = ∂f_i/∂z_j (the chapter's convention): the
    input (z) axes come first. For tensors the same holds axis group by axis group, and batch
    axes lead in both: f of shape (P, Q) and z of shape (M,) give (M, P, Q) in the denominator
    layout and (P, Q, M) in the numerator layout.

    Examples
    --------
    >>> Layout.parse("Numerator").axes
    '(N, M)'
    >>> Layout.DENOMINATOR.core(input_ndim=1, output_ndim=2)
    '(..., M, N1, N2)'
    """

    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"

    @property
    def axes(self) -> str:
        """The trailing axes of a vector Jacobian in this layout, e.g. ``"(M, N)"``."""
        return "(N, M)" if self is Layout.NUMERATOR else "(M, N)"

    def core(self, input_ndim: int, output_ndim: int) -> str:
        """The axes of a Jacobian with these many input and output axes, batch axes first.

        Parameters
        ----------
        input_ndim, output_ndim : int
            The number of axes of z and of f(z).

        Returns
        -------
        str
            For example ``"(..., M, N)"``, or ``"(..., N1, N2, M)"`` in the numerator layout.
        """
        inputs, outputs = _axis_names("M", input_ndim), _axis_names("N", output_ndim)
        names = outputs + inputs if self is Layout.NUMERATOR else inputs + outputs
        return "(" + ", ".join(["...", *names]) + ")"

    @property
    def other(self) -> Layout:
        """The opposite layout."""
        return Layout.DENOMINATOR if self is Layout.NUMERATOR else Layout.NUMERATOR

    @classmethod
    def parse(cls, name: str, *, argument: str = "layout") -> Layout:
        """The layout named by ``name`` (case-insensitive).

        Parameters
        ----------
        name : str
            ``"numerator"`` or ``"denominator"``, in any case, with surrounding spaces.
        argument : str
            The argument's name, echoed in the error message.

        Returns
        -------
        Layout

        Raises
        ------
        ValueError
            ``name`` is not a layout; the message names ``argument`` and the choices.
        """
        try:
            return cls(name.strip().lower())
        except ValueError:
            choices = ", ".join(repr(m.value) for m in cls)
            raise ValueError(
                f"{argument}={name!r} is not a layout; expected one of {choices}"
            ) from None
