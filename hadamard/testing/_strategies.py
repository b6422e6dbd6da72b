"""Hypothesis strategies for the Hadamard rule: layouts, sizes, vectors, Jacobians, function pairs.

House style of Hypothesis's own strategies: plural nouns, keyword-only options, ``min_*`` /
``max_*`` bounds, and an impossible combination raises ``InvalidArgument`` at once instead of
generating nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal, NamedTuple, overload

import numpy as np
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.extra import numpy as hnp
from numpy.typing import DTypeLike, NDArray

from hadamard._jacobian import DenominatorJacobian, Jacobian, NumeratorJacobian
from hadamard._layout import Layout
from hadamard.testing._cases import Shapes

__all__ = [
    "FunctionPair",
    "ShapePair",
    "SmoothMap",
    "function_pairs",
    "jacobians",
    "layouts",
    "shape_pairs",
    "vectors",
]

# Big enough to catch a mistake that shows only past a few outputs (a loop bound, a fast path).
DEFAULT_MAX_INPUTS: Final = 12
DEFAULT_MAX_OUTPUTS: Final = 16
# Now and then (one case in LARGE_ONE_IN) one axis is drawn past those bounds, up to this size:
# a blocked or vectorised path that starts at 17, 32 or 512 entries is tried too.
DEFAULT_MAX_SIZE: Final = 1024
LARGE_ONE_IN: Final = 10
# Batch axes drawn when the helper is not told how many: 0, 1 or 2, each of 1 to 3 items.
MAX_DRAWN_BATCH_NDIM: Final = 2
MAX_BATCH: Final = 3
DEFAULT_MIN_VALUE: Final = -10.0
DEFAULT_MAX_VALUE: Final = 10.0
SMOOTH_KINDS: Final = ("affine", "sin", "square", "tanh")


class ShapePair(NamedTuple):
    """The sizes of x, y : R^M -> R^N: ``n_inputs`` = M (dim of z), ``n_outputs`` = N."""

    n_inputs: int
    n_outputs: int


def check_count(name: str, value: object, *, minimum: int) -> int:
    """``value`` if it is an integer of at least ``minimum``, else ``InvalidArgument`` naming it."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(
            f"Expected an integer but got {name}={value!r} (type={type(value).__name__})"
        )
    if value < minimum:
        raise InvalidArgument(f"{name}={value} must be at least {minimum}")
    return value


def _check_bounds(lo_name: str, lo: int, hi_name: str, hi: int) -> None:
    if hi < lo:
        raise InvalidArgument(f"Cannot have {hi_name}={hi} < {lo_name}={lo}")


def check_float_dtype(dtype: DTypeLike, *, argument: str = "dtype") -> np.dtype[np.floating[Any]]:
    """``dtype`` as a real floating numpy dtype, or ``InvalidArgument`` naming the argument."""
    try:
        resolved = np.dtype(dtype)
    except TypeError:
        raise InvalidArgument(
            f"{argument}={dtype!r} is not a numpy dtype; expected float16, float32 or float64"
        ) from None
    if resolved.kind != "f" or resolved.itemsize > 8:
        raise InvalidArgument(
            f"{argument}={resolved} is not supported; expected a real floating dtype "
            "(float16, float32 or float64)"
        )
    floating: np.dtype[np.floating[Any]] = resolved  # type: ignore[assignment]
    return floating


def check_layout(layout: object) -> Layout:
    """``layout`` if it is a :class:`Layout`, else ``InvalidArgument`` naming the choices."""
    if not isinstance(layout, Layout):
        raise InvalidArgument(
            f"Expected a hadamard.Layout but got layout={layout!r} "
            f"(type={type(layout).__name__}); use Layout.DENOMINATOR or Layout.NUMERATOR"
        )
    return layout


def _check_values(
    min_value: object, max_value: object, dtype: np.dtype[np.floating[Any]]
) -> tuple[float, float]:
    for name, value in (("min_value", min_value), ("max_value", max_value)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidArgument(
                f"Expected a real number but got {name}={value!r} (type={type(value).__name__})"
            )
        if not math.isfinite(value):
            raise InvalidArgument(f"{name}={value!r} must be finite")
        # Products of two entries must stay finite in the dtype, or the rule itself overflows.
        limit = math.sqrt(float(np.finfo(dtype).max)) / 4
        if abs(value) > limit:
            raise InvalidArgument(
                f"{name}={value!r} is too large for dtype={dtype}: products of two entries "
                f"would overflow; keep |{name}| <= {limit:.6g}"
            )
    lo, hi = float(min_value), float(max_value)  # type: ignore[arg-type]
    if hi < lo:
        raise InvalidArgument(f"Cannot have max_value={hi!r} < min_value={lo!r}")
    return lo, hi


def _elements(dtype: np.dtype[np.floating[Any]], lo: float, hi: float) -> st.SearchStrategy[float]:
    # No NaN, infinity or subnormals: the rule is about finite numbers, and subnormals would
    # only test the hardware's flush-to-zero mode.
    return st.floats(
        min_value=lo,
        max_value=hi,
        width=8 * dtype.itemsize,  # type: ignore[arg-type]
        allow_nan=False,
        allow_infinity=False,
        allow_subnormal=False,
    )


def _arrays(
    dtype: np.dtype[np.floating[Any]], shape: tuple[int, ...], lo: float, hi: float
) -> st.SearchStrategy[NDArray[np.floating[Any]]]:
    # fill=nothing(): every entry drawn on its own, so x and y are not mostly one repeated
    # value (x == y would hide "x and y swapped").
    return hnp.arrays(dtype, shape, elements=_elements(dtype, lo, hi), fill=st.nothing())


def layouts() -> st.SearchStrategy[Layout]:
    """Either layout; shrinks towards ``Layout.NUMERATOR``.

    Returns
    -------
    SearchStrategy[Layout]

    Examples
    --------
    >>> layouts().example() in set(Layout)
    True
    """
    return st.sampled_from(list(Layout))


def shape_pairs(
    *,
    min_inputs: int = 1,
    max_inputs: int = DEFAULT_MAX_INPUTS,
    min_outputs: int = 1,
    max_outputs: int = DEFAULT_MAX_OUTPUTS,
) -> st.SearchStrategy[ShapePair]:
    """Sizes ``ShapePair(n_inputs=M, n_outputs=N)`` with M and N drawn independently (M ≠ N too).

    Parameters
    ----------
    min_inputs, max_inputs : int
        Bounds of M, the dimension of z (at least 1).
    min_outputs, max_outputs : int
        Bounds of N, the dimension of x and y (at least 1).

    Returns
    -------
    SearchStrategy[ShapePair]
        Shrinks towards ``(min_inputs, min_outputs)``.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        A bound that is not an integer, below 1, or a maximum below its minimum.

    Examples
    --------
    >>> shape_pairs(max_inputs=1, max_outputs=1).example()
    ShapePair(n_inputs=1, n_outputs=1)
    """
    lo_m = check_count("min_inputs", min_inputs, minimum=1)
    hi_m = check_count("max_inputs", max_inputs, minimum=1)
    lo_n = check_count("min_outputs", min_outputs, minimum=1)
    hi_n = check_count("max_outputs", max_outputs, minimum=1)
    _check_bounds("min_inputs", lo_m, "max_inputs", hi_m)
    _check_bounds("min_outputs", lo_n, "max_outputs", hi_n)
    return st.builds(
        ShapePair,
        n_inputs=st.integers(min_value=lo_m, max_value=hi_m),
        n_outputs=st.integers(min_value=lo_n, max_value=hi_n),
    )


def vectors(
    n: int,
    *,
    dtype: DTypeLike = np.float64,
    min_value: float = DEFAULT_MIN_VALUE,
    max_value: float = DEFAULT_MAX_VALUE,
) -> st.SearchStrategy[NDArray[np.floating[Any]]]:
    """Finite vectors of shape ``(n,)`` in ``dtype`` with entries in [min_value, max_value].

    Parameters
    ----------
    n : int
        The length, at least 1.
    dtype : numpy dtype, default float64
        float16, float32 or float64.
    min_value, max_value : float
        Bounds of the entries; products of two entries must not overflow ``dtype``.

    Returns
    -------
    SearchStrategy[numpy.ndarray]
        Every entry drawn on its own: no NaN, infinity or subnormal.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        A bad length, dtype or bound.

    Examples
    --------
    >>> vectors(3, dtype=np.float32).example().shape
    (3,)
    """
    size = check_count("n", n, minimum=1)
    resolved = check_float_dtype(dtype)
    lo, hi = _check_values(min_value, max_value, resolved)
    return _arrays(resolved, (size,), lo, hi)


@overload
def jacobians(
    m: int,
    n: int,
    *,
    layout: Literal[Layout.DENOMINATOR] = ...,
    dtype: DTypeLike = ...,
    min_value: float = ...,
    max_value: float = ...,
) -> st.SearchStrategy[DenominatorJacobian]: ...
@overload
def jacobians(
    m: int,
    n: int,
    *,
    layout: Literal[Layout.NUMERATOR],
    dtype: DTypeLike = ...,
    min_value: float = ...,
    max_value: float = ...,
) -> st.SearchStrategy[NumeratorJacobian]: ...
@overload
def jacobians(
    m: int,
    n: int,
    *,
    layout: Layout,
    dtype: DTypeLike = ...,
    min_value: float = ...,
    max_value: float = ...,
) -> st.SearchStrategy[Jacobian]: ...
def jacobians(
    m: int,
    n: int,
    *,
    layout: Layout = Layout.DENOMINATOR,
    dtype: DTypeLike = np.float64,
    min_value: float = DEFAULT_MIN_VALUE,
    max_value: float = DEFAULT_MAX_VALUE,
) -> st.SearchStrategy[Jacobian]:
    """Jacobians of some f : R^m -> R^n in ``layout``: (m, n) denominator, (n, m) numerator.

    Parameters
    ----------
    m, n : int
        The dimensions of z and of f(z), at least 1.
    layout : Layout, default Layout.DENOMINATOR
    dtype, min_value, max_value
        As for :func:`vectors`.

    Returns
    -------
    SearchStrategy[DenominatorJacobian] or SearchStrategy[NumeratorJacobian]
        The layout travels with the array.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        A bad size, layout, dtype or bound.

    Examples
    --------
    >>> jacobians(2, 3, layout=Layout.NUMERATOR).example().array.shape
    (3, 2)
    """
    size_m = check_count("m", m, minimum=1)
    size_n = check_count("n", n, minimum=1)
    chosen = check_layout(layout)
    resolved = check_float_dtype(dtype)
    lo, hi = _check_values(min_value, max_value, resolved)
    if chosen is Layout.DENOMINATOR:
        return _arrays(resolved, (size_m, size_n), lo, hi).map(DenominatorJacobian)
    return _arrays(resolved, (size_n, size_m), lo, hi).map(NumeratorJacobian)


@dataclass(frozen=True)
class SmoothMap:
    """z ↦ φ(A z + b) with φ applied entry-wise; its Jacobian is diag(φ'(A z + b)) A exactly.

    ``kind`` names φ: ``"affine"`` (identity), ``"sin"``, ``"square"`` or ``"tanh"``.
    ``a`` is (N, M), ``b`` is (N,).
    """

    kind: str
    a: NDArray[np.floating[Any]]
    b: NDArray[np.floating[Any]]

    def _inner(self, z: NDArray[np.floating[Any]]) -> NDArray[np.floating[Any]]:
        inner: NDArray[np.floating[Any]] = self.a @ z + self.b
        return inner

    def __call__(self, z: NDArray[np.floating[Any]]) -> NDArray[np.floating[Any]]:
        """The value φ(A z + b), shape (N,)."""
        u = self._inner(z)
        values: NDArray[np.floating[Any]]
        if self.kind == "affine":
            values = u
        elif self.kind == "sin":
            values = np.sin(u)
        elif self.kind == "square":
            values = u * u
        else:
            values = np.tanh(u)
        return values

    def slopes(self, z: NDArray[np.floating[Any]]) -> NDArray[np.floating[Any]]:
        """φ'(A z + b), shape (N,): the closed-form derivative of φ."""
        u = self._inner(z)
        slopes: NDArray[np.floating[Any]]
        if self.kind == "affine":
            slopes = np.ones_like(u)
        elif self.kind == "sin":
            slopes = np.cos(u)
        elif self.kind == "square":
            slopes = 2 * u
        else:
            t = np.tanh(u)
            slopes = 1 - t * t
        return slopes

    def jacobian(self, z: NDArray[np.floating[Any]], layout: Layout) -> Jacobian:
        """∂φ(A z + b)/∂z = diag(φ') A in ``layout``: (N, M) numerator, (M, N) denominator."""
        numerator = self.slopes(z)[:, np.newaxis] * self.a
        if layout is Layout.NUMERATOR:
            return NumeratorJacobian(numerator)
        return DenominatorJacobian(numerator.T)


@dataclass(frozen=True)
class FunctionPair:
    """Smooth nonlinear x, y : R^M -> R^N with exact Jacobians, and a point z to evaluate at.

    ``pair.x(pair.z)`` and ``pair.dx()`` give x and ∂x/∂z (in ``pair.layout``) at ``pair.z``;
    likewise for y. Hold an automatic-differentiation result against them, or feed them to
    :func:`hadamard.hadamard_jacobian`.
    """

    x: SmoothMap
    y: SmoothMap
    z: NDArray[np.floating[Any]]
    layout: Layout

    @property
    def n_inputs(self) -> int:
        """M, the dimension of z."""
        return int(self.z.shape[0])

    @property
    def n_outputs(self) -> int:
        """N, the dimension of x(z) and y(z)."""
        return int(self.x.b.shape[0])

    def dx(self, z: NDArray[np.floating[Any]] | None = None) -> Jacobian:
        """∂x/∂z at ``z`` (default ``self.z``) in ``self.layout``."""
        return self.x.jacobian(self.z if z is None else z, self.layout)

    def dy(self, z: NDArray[np.floating[Any]] | None = None) -> Jacobian:
        """∂y/∂z at ``z`` (default ``self.z``) in ``self.layout``."""
        return self.y.jacobian(self.z if z is None else z, self.layout)


def function_pairs(
    *,
    min_inputs: int = 1,
    max_inputs: int = DEFAULT_MAX_INPUTS,
    min_outputs: int = 1,
    max_outputs: int = DEFAULT_MAX_OUTPUTS,
    layout: Layout = Layout.DENOMINATOR,
    dtype: DTypeLike = np.float64,
) -> st.SearchStrategy[FunctionPair]:
    """Pairs x(z) = φ(A z + b), y(z) = ψ(C z + d) with φ, ψ in affine/sin/square/tanh.

    Parameters and the point z have entries in [-2, 2], so values and derivatives stay
    moderate in every supported dtype.

    Parameters
    ----------
    min_inputs, max_inputs, min_outputs, max_outputs : int
        Sizes, as for :func:`shape_pairs`.
    layout : Layout, default Layout.DENOMINATOR
        The layout of the exact Jacobians ``pair.dx()`` and ``pair.dy()``.
    dtype : numpy dtype, default float64

    Returns
    -------
    SearchStrategy[FunctionPair]

    Raises
    ------
    hypothesis.errors.InvalidArgument
        A bad size, layout or dtype.

    Examples
    --------
    >>> pair = function_pairs(max_inputs=2, max_outputs=3).example()
    >>> pair.dx().array.shape == (pair.n_inputs, pair.n_outputs)
    True
    """
    sizes = shape_pairs(
        min_inputs=min_inputs,
        max_inputs=max_inputs,
        min_outputs=min_outputs,
        max_outputs=max_outputs,
    )
    chosen = check_layout(layout)
    resolved = check_float_dtype(dtype)

    @st.composite
    def draw_pair(draw: st.DrawFn) -> FunctionPair:
        m, n = draw(sizes)

        def smooth_map() -> SmoothMap:
            return SmoothMap(
                kind=draw(st.sampled_from(SMOOTH_KINDS)),
                a=draw(_arrays(resolved, (n, m), -2.0, 2.0)),
                b=draw(_arrays(resolved, (n,), -2.0, 2.0)),
            )

        x, y = smooth_map(), smooth_map()
        return FunctionPair(x=x, y=y, z=draw(_arrays(resolved, (m,), -2.0, 2.0)), layout=chosen)

    return draw_pair()


def check_ndim(name: str, value: object, *, minimum: int, allow_none: bool) -> int | None:
    """``value`` if it is an axis count of at least ``minimum`` (or None when allowed)."""
    if value is None and allow_none:
        return None
    return check_count(name, value, minimum=minimum)


def _palette(bound: int) -> list[int]:
    """A few sizes up to ``bound``, for libraries that compile once per shape."""
    return sorted({1, min(3, bound), bound})


def case_shapes(
    *,
    batch_ndim: int | None,
    input_ndim: int,
    output_ndim: int,
    max_inputs: int,
    max_outputs: int,
    max_size: int,
    reuse: bool,
) -> Callable[[np.random.Generator], Shapes]:
    """A sampler of batch, z and x axes for a helper's cases, driven by a seeded generator.

    ``batch_ndim`` None draws 0 to MAX_DRAWN_BATCH_NDIM batch axes. Each z axis has 1 to
    ``max_inputs`` entries, each x axis 1 to ``max_outputs``; one case in LARGE_ONE_IN takes one
    axis past its bound, up to ``max_size`` (the other axes then stay small). With ``reuse`` (a
    library that compiles per shape) every shape comes from a short palette, so a run meets at
    most a few dozen distinct shapes. Shapes come from the case's seed, not from Hypothesis
    draws: a dozen draws per case cost more than the implementation under test.
    """
    batch_ndims = [batch_ndim] if batch_ndim is not None else list(range(MAX_DRAWN_BATCH_NDIM + 1))
    bounds = [max_outputs] * output_ndim + [max_inputs] * input_ndim
    can_grow = [k for k, bound in enumerate(bounds) if max_size > bound]

    def shaped(batch: tuple[int, ...], sizes: list[int]) -> Shapes:
        return Shapes(batch, tuple(sizes[output_ndim:]), tuple(sizes[:output_ndim]))

    if reuse:
        palette: list[Shapes] = []
        choices = [_palette(bound) for bound in bounds]  # one to three sizes per axis
        for ndim in batch_ndims:
            batch = (MAX_BATCH, 2, *((2,) * max(0, ndim - 2)))[:ndim]
            for pick in range(3):
                palette.append(shaped(batch, [c[min(pick, len(c) - 1)] for c in choices]))
            for k in can_grow[:1] + can_grow[output_ndim : output_ndim + 1]:
                sizes = [1] * len(bounds)
                sizes[k] = max_size
                palette.append(shaped(batch, sizes))
        palette = list(dict.fromkeys(palette))  # small bounds repeat a shape: keep it once

        def from_palette(rng: np.random.Generator) -> Shapes:
            return palette[int(rng.integers(len(palette)))]

        return from_palette

    def sample(rng: np.random.Generator) -> Shapes:
        ndim = batch_ndims[int(rng.integers(len(batch_ndims)))]
        large = bool(can_grow) and int(rng.integers(LARGE_ONE_IN)) == 0
        grown = can_grow[int(rng.integers(len(can_grow)))] if large else -1
        sizes = []
        for k, bound in enumerate(bounds):
            if k == grown:
                sizes.append(int(rng.integers(bound + 1, max_size + 1)))
            else:
                sizes.append(int(rng.integers(1, (min(bound, 3) if large else bound) + 1)))
        batch = tuple(int(rng.integers(1, (2 if large else MAX_BATCH) + 1)) for _ in range(ndim))
        return shaped(batch, sizes)

    return sample
