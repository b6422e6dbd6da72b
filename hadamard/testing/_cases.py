"""Test cases for a user's implementation: inputs, the reference answer, and how impl fared.

A case holds host (numpy) arrays in the working precision: batch axes first, then, for a
Jacobian, z's and x's axes in the order of the layout. ``run_*`` hands impl the arrays of its
own library (``_arrays``) and judges what comes back against :mod:`hadamard` in float64.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Final, Self

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from hadamard._jacobian import DenominatorJacobian, NumeratorJacobian
from hadamard._layout import Layout
from hadamard._rule import hadamard_jacobian, hadamard_jvp, hadamard_vjp
from hadamard.testing._arrays import NUMPY, Answer, ArrayLibrary
from hadamard.testing._tolerance import Precision, precision_of, rounding_tolerance

__all__ = [
    "JacobianCase",
    "JacobianImpl",
    "JvpCase",
    "JvpImpl",
    "Outcome",
    "Shapes",
    "VjpCase",
    "VjpImpl",
    "jacobian_cases",
    "jvp_cases",
    "probe_jacobian_case",
    "probe_vjp_case",
    "run_jacobian",
    "run_jvp",
    "run_vjp",
    "vjp_cases",
]

FloatArray = NDArray[np.floating[Any]]
JacobianImpl = Callable[[Any, Any, Any, Any], Any]
VjpImpl = Callable[[Any, Any, Any], Any]
JvpImpl = Callable[[Any, Any, Any, Any], Any]

# Probe entries: magnitudes in [0.5, 2] with random signs, so no two candidate formulas agree.
PROBE_SEED: Final = 20_061_213
PROBE_LOW: Final = 0.5
PROBE_HIGH: Final = 2.0
# How generated entries look; "cancelling" (last) makes the rule's two terms nearly cancel.
VALUE_STYLES: Final = ("uniform", "small integers", "sparse", "wide magnitudes", "cancelling")
# Deleting half an axis at once first: a case found at size 1024 shrinks in ten steps.
HALVE_FROM: Final = 17


@dataclass(frozen=True)
class Shapes:
    """The axes of a case: batch, z's (inputs) and x's (outputs)."""

    batch: tuple[int, ...]
    inputs: tuple[int, ...]
    outputs: tuple[int, ...]


def _delete(array: NDArray[Any], axis: int, index: int | slice) -> NDArray[Any]:
    """``array`` without ``index`` (an entry, or a run of entries) along ``axis``."""
    if isinstance(index, slice):
        kept: NDArray[Any] = array[(slice(None),) * axis + (index,)].copy()
        return kept
    return np.delete(array, index, axis=axis)


def _cuts(length: int) -> Iterator[int | slice]:
    """Ways to make an axis of ``length`` shorter: keep its first half, then drop one entry."""
    if length >= HALVE_FROM:
        yield slice(0, length // 2)
    if length > 1:
        yield from reversed(range(length))


class _Batched:
    """A case whose x is (*batch, *outputs): its batch axes are those before the outputs'."""

    x: FloatArray
    output_ndim: int

    @property
    def batch_shape(self) -> tuple[int, ...]:
        """The lengths of the batch axes (empty when there are none)."""
        return self.x.shape[: self.x.ndim - self.output_ndim]


@dataclass(frozen=True)
class JacobianCase(_Batched):
    """Inputs for impl(x, y, dx, dy): x, y are (*batch, *outputs); dx, dy by the layout.

    Denominator: dx is (*batch, *inputs, *outputs); numerator: (*batch, *outputs, *inputs).
    """

    layout: Layout
    x: FloatArray
    y: FloatArray
    dx: FloatArray
    dy: FloatArray
    input_ndim: int = 1
    output_ndim: int = 1
    precision: Precision | None = field(default=None, compare=False)
    # Whether impl was promised this many batch axes (then none is ever squeezed away).
    batch_fixed: bool = field(default=False, compare=False)

    @property
    def working(self) -> Precision:
        """The precision impl works in (bfloat16 included; ``dtype`` is its host dtype)."""
        return self.precision or precision_of(self.x.dtype)

    @property
    def shapes(self) -> Shapes:
        """Batch, input and output axes."""
        batch = self.batch_shape
        core = self.dx.shape[len(batch) :]
        if self.layout is Layout.DENOMINATOR:
            inputs = core[: self.input_ndim]
        else:
            inputs = core[self.output_ndim :]
        return Shapes(batch, inputs, self.x.shape[len(batch) :])

    @property
    def n_inputs(self) -> int:
        """M, the number of entries of z."""
        return math.prod(self.shapes.inputs)

    @property
    def n_outputs(self) -> int:
        """N, the number of entries of x."""
        return math.prod(self.shapes.outputs)

    @property
    def dtype(self) -> np.dtype[np.floating[Any]]:
        """The host dtype of every input."""
        return self.x.dtype

    def named(self) -> list[tuple[str, FloatArray]]:
        """The arguments in call order, with their names."""
        return [("x", self.x), ("y", self.y), ("dx", self.dx), ("dy", self.dy)]

    def with_arrays(self, arrays: Sequence[FloatArray]) -> JacobianCase:
        """The same layout and axes with new (x, y, dx, dy)."""
        x, y, dx, dy = arrays
        return replace(self, x=x, y=y, dx=dx, dy=dy)

    def _axes(self) -> list[tuple[int | None, int, int]]:
        """Per logical axis: its position in x (None for z's axes), in dx, and its length.

        Outputs first, then inputs, then batch axes: the order in which they are shrunk.
        """
        shapes = self.shapes
        b, k, o = len(shapes.batch), self.input_ndim, self.output_ndim
        first_output = b + k if self.layout is Layout.DENOMINATOR else b
        first_input = b if self.layout is Layout.DENOMINATOR else b + o
        axes: list[tuple[int | None, int, int]] = [
            (b + a, first_output + a, shapes.outputs[a]) for a in range(o)
        ]
        axes += [(None, first_input + a, shapes.inputs[a]) for a in range(k)]
        axes += [(a, a, shapes.batch[a]) for a in range(b)]
        return axes

    def without(
        self, vector_axis: int | None, jacobian_axis: int, index: int | slice
    ) -> JacobianCase:
        """Entry ``index`` deleted along one logical axis: the rest keeps its meaning."""
        x, y = self.x, self.y
        if vector_axis is not None:
            x, y = _delete(x, vector_axis, index), _delete(y, vector_axis, index)
        dx, dy = _delete(self.dx, jacobian_axis, index), _delete(self.dy, jacobian_axis, index)
        return self.with_arrays([x, y, dx, dy])

    def deletions(self) -> Iterator[JacobianCase]:
        """Every case with some entries fewer along one axis, outputs first, last entries first.

        Then, unless the batch axes are fixed, each batch axis of length 1 squeezed away.
        """
        for vector_axis, jacobian_axis, length in self._axes():
            for cut in _cuts(length):
                yield self.without(vector_axis, jacobian_axis, cut)
        if not self.batch_fixed:
            for axis, length in enumerate(self.shapes.batch):
                if length == 1:
                    yield self.with_arrays([a.squeeze(axis) for _, a in self.named()])

    def along_outputs(self, v: FloatArray) -> FloatArray:
        """``v`` (shaped like x) shaped to scale the output axes of an array in this layout."""
        ones = (1,) * self.input_ndim
        outputs = v.shape[v.ndim - self.output_ndim :]
        batch = v.shape[: v.ndim - self.output_ndim]
        if self.layout is Layout.DENOMINATOR:
            return v.reshape(*batch, *ones, *outputs)
        return v.reshape(*batch, *outputs, *ones)

    def along_inputs(self, v: FloatArray) -> FloatArray | None:
        """``v`` on the input axes instead (the other layout's form), where the shapes allow."""
        shapes = self.shapes
        if shapes.inputs != shapes.outputs:
            return None
        ones = (1,) * self.output_ndim
        core = v.shape[v.ndim - self.output_ndim :]
        batch = v.shape[: v.ndim - self.output_ndim]
        if self.layout is Layout.DENOMINATOR:
            return v.reshape(*batch, *core, *ones)
        return v.reshape(*batch, *ones, *core)

    def other_arrangement(self, array: NDArray[Any]) -> NDArray[Any]:
        """A Jacobian-shaped array with its input and output axis groups exchanged."""
        b = len(self.shapes.batch)
        first = self.input_ndim if self.layout is Layout.DENOMINATOR else self.output_ndim
        second = self.output_ndim if self.layout is Layout.DENOMINATOR else self.input_ndim
        order = [*range(b), *range(b + first, b + first + second), *range(b, b + first)]
        return np.transpose(array, order)

    def in_other_layout(self) -> JacobianCase:
        """The same derivative stated in the other layout."""
        return JacobianCase(
            self.layout.other,
            self.x,
            self.y,
            np.ascontiguousarray(self.other_arrangement(self.dx)),
            np.ascontiguousarray(self.other_arrangement(self.dy)),
            self.input_ndim,
            self.output_ndim,
            self.precision,
        )

    def expected(self) -> NDArray[np.float64]:
        """hadamard_jacobian on float64 copies: exact products for half and single inputs."""
        wrap = DenominatorJacobian if self.layout is Layout.DENOMINATOR else NumeratorJacobian
        x, y, dx, dy = (a.astype(np.float64) for _, a in self.named())
        ndims = (self.input_ndim, self.output_ndim)
        jx, jy = wrap(dx, *ndims), wrap(dy, *ndims)
        result: NDArray[np.float64] = hadamard_jacobian(x, y, jx, jy).array  # type: ignore[arg-type]
        return result

    def tolerance(self) -> NDArray[np.float64]:
        """The per-entry allowance for rounding in this precision."""
        x, y, dx, dy = (a.astype(np.float64) for _, a in self.named())
        return rounding_tolerance(
            self.working, dy * self.along_outputs(x), dx * self.along_outputs(y)
        )


def _elementwise_deletions(
    arrays: Sequence[FloatArray], squeeze: bool
) -> Iterator[list[FloatArray]]:
    """Deletions along every axis of equally shaped arrays, last axis first; then, with
    ``squeeze``, each leading axis of length 1 removed (the last axis always stays)."""
    shape = arrays[0].shape
    for axis in reversed(range(len(shape))):
        for cut in _cuts(shape[axis]):
            yield [_delete(a, axis, cut) for a in arrays]
    if squeeze:
        for axis in range(len(shape) - 1):
            if shape[axis] == 1:
                yield [a.squeeze(axis) for a in arrays]


class _ElementwiseCase(_Batched):
    """What the VJP and JVP cases share: arrays of one shape, judged entry by entry."""

    ARGUMENTS: ClassVar[tuple[str, ...]]
    precision: Precision | None
    batch_fixed: bool

    @property
    def working(self) -> Precision:
        """The precision impl works in."""
        return self.precision or precision_of(self.x.dtype)

    @property
    def n_outputs(self) -> int:
        """N, the length of the last axis."""
        return int(self.x.shape[-1])

    @property
    def dtype(self) -> np.dtype[np.floating[Any]]:
        """The host dtype of every input."""
        return self.x.dtype

    def named(self) -> list[tuple[str, FloatArray]]:
        """The arguments in call order, with their names."""
        return [(name, getattr(self, name)) for name in self.ARGUMENTS]

    def with_arrays(self, arrays: Sequence[FloatArray]) -> Self:
        """The same case with new arrays, in call order."""
        return replace(self, **dict(zip(self.ARGUMENTS, arrays, strict=True)))  # type: ignore[type-var]

    def deletions(self) -> Iterator[Self]:
        """Every case with some entries fewer along one axis, the last axis first."""
        for arrays in _elementwise_deletions([a for _, a in self.named()], not self.batch_fixed):
            yield self.with_arrays(arrays)


@dataclass(frozen=True)
class VjpCase(_ElementwiseCase):
    """Inputs for impl(x, y, g): three arrays of one shape; g = ∂L/∂(x ⊙ y)."""

    ARGUMENTS: ClassVar[tuple[str, ...]] = ("x", "y", "g")
    x: FloatArray
    y: FloatArray
    g: FloatArray
    precision: Precision | None = field(default=None, compare=False)
    batch_fixed: bool = field(default=False, compare=False)
    output_ndim: int = field(default=1, compare=False)

    def expected(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """hadamard_vjp on float64 copies: (g ⊙ y, g ⊙ x)."""
        x, y, g = (a.astype(np.float64) for _, a in self.named())
        gx, gy = hadamard_vjp(x, y, g)
        return np.asarray(gx, np.float64), np.asarray(gy, np.float64)

    def tolerance(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Per-entry allowances for ∂L/∂x = g ⊙ y and ∂L/∂y = g ⊙ x."""
        x, y, g = (a.astype(np.float64) for _, a in self.named())
        return rounding_tolerance(self.working, g * y), rounding_tolerance(self.working, g * x)


@dataclass(frozen=True)
class JvpCase(_ElementwiseCase):
    """Inputs for impl(x, y, tx, ty): four arrays of one shape; tx, ty are the tangents."""

    ARGUMENTS: ClassVar[tuple[str, ...]] = ("x", "y", "tx", "ty")
    x: FloatArray
    y: FloatArray
    tx: FloatArray
    ty: FloatArray
    precision: Precision | None = field(default=None, compare=False)
    batch_fixed: bool = field(default=False, compare=False)
    output_ndim: int = field(default=1, compare=False)

    def expected(self) -> tuple[NDArray[np.float64]]:
        """hadamard_jvp on float64 copies: x ⊙ ty + y ⊙ tx."""
        x, y, tx, ty = (a.astype(np.float64) for _, a in self.named())
        return (np.asarray(hadamard_jvp(x, y, tx, ty), np.float64),)

    def tolerance(self) -> tuple[NDArray[np.float64]]:
        """Per-entry allowance for x ⊙ ty + y ⊙ tx."""
        x, y, tx, ty = (a.astype(np.float64) for _, a in self.named())
        return (rounding_tolerance(self.working, x * ty, y * tx),)


@dataclass(frozen=True)
class Outcome:
    """What impl did on one case: its answer per part, and every problem found (none = pass)."""

    parts: tuple[str, ...]
    expected: tuple[NDArray[np.float64], ...]
    tolerance: tuple[NDArray[np.float64], ...]
    returned: tuple[NDArray[Any] | None, ...]
    problems: tuple[str, ...]
    kinds: frozenset[str] = frozenset()
    dtypes: tuple[str | None, ...] = ()

    @property
    def failed(self) -> bool:
        """True when anything is wrong."""
        return bool(self.problems)

    def wrong_entries(self, index: int) -> NDArray[np.bool_] | None:
        """Mask of entries of part ``index`` outside the tolerance, or None if not comparable."""
        got = self.returned[index]
        expected = self.expected[index]
        if got is None or got.shape != expected.shape:
            return None
        error = np.abs(got.astype(np.complex128) - expected)
        mask: NDArray[np.bool_] = ~(error <= self.tolerance[index])  # NaN counts as wrong
        return mask


def _styled(
    rng: np.random.Generator,
    style: str,
    shape: tuple[int, ...],
    dtype: np.dtype[np.floating[Any]] | Precision,
) -> FloatArray:
    """Entries in one of VALUE_STYLES, rounded to ``dtype``."""
    if style == "small integers":
        values = rng.integers(-3, 4, size=shape).astype(np.float64)
    elif style == "sparse":
        values = rng.uniform(-10, 10, size=shape) * (rng.random(size=shape) < 0.5)
    elif style == "wide magnitudes":
        values = rng.choice(np.array([-1.0, 1.0]), size=shape) * 10 ** rng.uniform(-6, 1, shape)
    else:
        values = rng.uniform(-10, 10, size=shape)
    return precision_of(dtype).round(values)


def _core(layout: Layout, shapes: Shapes) -> tuple[int, ...]:
    if layout is Layout.DENOMINATOR:
        return (*shapes.batch, *shapes.inputs, *shapes.outputs)
    return (*shapes.batch, *shapes.outputs, *shapes.inputs)


def jacobian_cases(
    *,
    layout: Layout,
    dtype: np.dtype[np.floating[Any]] | Precision,
    max_inputs: int,
    max_outputs: int,
    shapes: Callable[[np.random.Generator], Shapes] | None = None,
    batch_fixed: bool = False,
) -> st.SearchStrategy[JacobianCase]:
    """Cases of every size up to the bounds (M ≠ N included) in every value style.

    Hypothesis draws the shapes, the style and a seed; numpy fills the arrays from the seed.
    One draw per entry would cost ~400 draws per case at N = 16 and make a default run
    several seconds long; entries need no shrinking by Hypothesis (``_shrinking`` does that).
    Without ``shapes``, unbatched vectors: M up to ``max_inputs``, N up to ``max_outputs``.
    """
    precision = precision_of(dtype)
    sampler = shapes

    @st.composite
    def draw_case(draw: st.DrawFn) -> JacobianCase:
        if sampler is None:
            m, n = draw(st.integers(1, max_inputs)), draw(st.integers(1, max_outputs))
        style = draw(st.sampled_from(VALUE_STYLES))
        rng = np.random.default_rng(draw(st.integers(min_value=0, max_value=2**63 - 1)))
        axes = Shapes((), (m,), (n,)) if sampler is None else sampler(rng)
        core = _core(layout, axes)
        vector = (*axes.batch, *axes.outputs)
        kind = "uniform" if style == "cancelling" else style
        x, y = _styled(rng, kind, vector, precision), _styled(rng, kind, vector, precision)
        dx, dy = _styled(rng, kind, core, precision), _styled(rng, kind, core, precision)
        ndims = (len(axes.inputs), len(axes.outputs), precision, batch_fixed)
        case = JacobianCase(layout, x, y, dx, dy, *ndims)
        if style == "cancelling":
            # y_i ∂x_i/∂z_j ≈ -x_i ∂y_i/∂z_j: the exact entry is tiny, its rounding is not.
            ratio = case.along_outputs(x.astype(np.float64) / np.where(y == 0, 1, y))
            jitter = 1 + rng.normal(0, 1e-6, size=core)
            dx = precision.round(-dy.astype(np.float64) * ratio * jitter)
            case = JacobianCase(layout, x, y, dx, dy, *ndims)
        return case

    return draw_case()


ElementwiseShapes = Callable[[np.random.Generator], tuple[int, ...]]


def _elementwise_shape(
    draw: st.DrawFn, rng: np.random.Generator, sampler: ElementwiseShapes | None, max_outputs: int
) -> tuple[int, ...]:
    if sampler is None:
        return (draw(st.integers(1, max_outputs)),)
    return sampler(rng)


def vjp_cases(
    *,
    dtype: np.dtype[np.floating[Any]] | Precision,
    max_outputs: int,
    shapes: ElementwiseShapes | None = None,
    batch_fixed: bool = False,
    output_ndim: int = 1,
) -> st.SearchStrategy[VjpCase]:
    """Cases of every shape (default (N,), N up to ``max_outputs``) in every value style."""
    precision = precision_of(dtype)

    @st.composite
    def draw_case(draw: st.DrawFn) -> VjpCase:
        style = draw(st.sampled_from(VALUE_STYLES[:-1]))
        rng = np.random.default_rng(draw(st.integers(min_value=0, max_value=2**63 - 1)))
        shape = _elementwise_shape(draw, rng, shapes, max_outputs)
        x, y, g = (_styled(rng, style, shape, precision) for _ in range(3))
        return VjpCase(x, y, g, precision, batch_fixed, output_ndim)

    return draw_case()


def jvp_cases(
    *,
    dtype: np.dtype[np.floating[Any]] | Precision,
    max_outputs: int,
    shapes: ElementwiseShapes | None = None,
    batch_fixed: bool = False,
    output_ndim: int = 1,
) -> st.SearchStrategy[JvpCase]:
    """Cases of every shape in every value style; "cancelling" makes x ⊙ ty ≈ -y ⊙ tx."""
    precision = precision_of(dtype)

    @st.composite
    def draw_case(draw: st.DrawFn) -> JvpCase:
        style = draw(st.sampled_from(VALUE_STYLES))
        rng = np.random.default_rng(draw(st.integers(min_value=0, max_value=2**63 - 1)))
        shape = _elementwise_shape(draw, rng, shapes, max_outputs)
        kind = "uniform" if style == "cancelling" else style
        x, y, tx, ty = (_styled(rng, kind, shape, precision) for _ in range(4))
        if style == "cancelling":
            ratio = y.astype(np.float64) / np.where(x == 0, 1, x)
            ty = precision.round(-tx * ratio * (1 + rng.normal(0, 1e-6, size=shape)))
        return JvpCase(x, y, tx, ty, precision, batch_fixed, output_ndim)

    return draw_case()


def _probe_values(
    rng: np.random.Generator, shape: tuple[int, ...], precision: Precision
) -> FloatArray:
    magnitude = rng.uniform(PROBE_LOW, PROBE_HIGH, size=shape)
    sign = rng.choice(np.array([-1.0, 1.0]), size=shape)
    return precision.round(magnitude * sign)


def probe_jacobian_case(
    layout: Layout,
    dtype: np.dtype[np.floating[Any]] | Precision,
    m: int,
    n: int,
    shapes: Shapes | None = None,
) -> JacobianCase:
    """A generic, reproducible case of sizes (M, N): every candidate mistake gives another value.

    ``shapes``, when given, sets every axis (M and N are then its last input and output sizes).
    """
    precision = precision_of(dtype)
    axes = shapes or Shapes((), (m,), (n,))
    axes = Shapes(axes.batch, (*axes.inputs[:-1], m), (*axes.outputs[:-1], n))
    rng = np.random.default_rng([PROBE_SEED, m, n, *axes.batch, *axes.inputs, *axes.outputs])
    vector = (*axes.batch, *axes.outputs)
    core = _core(layout, axes)
    x, y = _probe_values(rng, vector, precision), _probe_values(rng, vector, precision)
    dx, dy = _probe_values(rng, core, precision), _probe_values(rng, core, precision)
    return JacobianCase(layout, x, y, dx, dy, len(axes.inputs), len(axes.outputs), precision)


def probe_vjp_case(
    dtype: np.dtype[np.floating[Any]] | Precision, n: int, batch: tuple[int, ...] = ()
) -> VjpCase:
    """A generic, reproducible VJP case of shape (*batch, N)."""
    precision = precision_of(dtype)
    rng = np.random.default_rng([PROBE_SEED, n, *batch])
    x, y, g = (_probe_values(rng, (*batch, n), precision) for _ in range(3))
    return VjpCase(x, y, g, precision)


def probe_jvp_case(
    dtype: np.dtype[np.floating[Any]] | Precision, n: int, batch: tuple[int, ...] = ()
) -> JvpCase:
    """A generic, reproducible JVP case of shape (*batch, N)."""
    precision = precision_of(dtype)
    rng = np.random.default_rng([PROBE_SEED, n, *batch, 1])
    x, y, tx, ty = (_probe_values(rng, (*batch, n), precision) for _ in range(4))
    return JvpCase(x, y, tx, ty, precision)


def _call(
    impl: Callable[..., Any],
    named: Sequence[tuple[str, FloatArray]],
    library: ArrayLibrary,
    precision: Precision,
) -> tuple[Any, str | None, list[str]]:
    """Call impl on fresh arrays of its library; return (result, what it raised, names changed)."""
    arguments = [library.to_impl(a, precision) for _, a in named]
    try:
        result = impl(*arguments)
    except Exception as exc:  # any failure of the user's code is a finding, not a crash here
        return None, f"{type(exc).__name__}: {str(exc).strip()}", []
    changed = []
    for (name, original), argument in zip(named, arguments, strict=True):
        after = library.to_host(argument)
        if after is None or not np.array_equal(original, after.values, equal_nan=True):
            changed.append(name)
    return result, None, changed


def _judge(
    parts: tuple[str, ...],
    expected: tuple[NDArray[np.float64], ...],
    tolerance: tuple[NDArray[np.float64], ...],
    answers: tuple[Answer | None, ...],
    precision: Precision,
    library: ArrayLibrary,
    problems: list[tuple[str, str]],
) -> None:
    """Append (kind, text) for each part that is missing, mis-shaped, mis-typed or wrong."""
    for name, want, allowed, answer in zip(parts, expected, tolerance, answers, strict=True):
        if answer is None:
            problems.append(("type", f"{name} is not a numeric array"))
            continue
        if not library.is_numpy and answer.library != library.name:
            problems.append(
                (
                    "type",
                    f"{name} is a {answer.library} array, expected a {library.name} array "
                    "(the inputs' library)",
                )
            )
        got = answer.values
        if got.shape != want.shape:
            problems.append(("shape", f"{name} has shape {got.shape}, expected {want.shape}"))
            continue
        if answer.dtype != precision.name:
            problems.append(
                (
                    "dtype",
                    f"{name} has dtype {answer.dtype}, expected {precision.name} (the inputs' "
                    "dtype)",
                )
            )
        error = np.abs(got.astype(np.complex128) - want)
        wrong = int(np.count_nonzero(~(error <= allowed)))
        if wrong:
            problems.append(
                (
                    "values",
                    f"{name} differs from the rule beyond rounding at {wrong} of {want.size} "
                    "entries",
                )
            )


def _outcome(
    parts: tuple[str, ...],
    expected: tuple[NDArray[np.float64], ...],
    tolerance: tuple[NDArray[np.float64], ...],
    answers: tuple[Answer | None, ...],
    problems: list[tuple[str, str]],
) -> Outcome:
    return Outcome(
        parts,
        expected,
        tolerance,
        tuple(None if a is None else a.values for a in answers),
        tuple(text for _, text in problems),
        frozenset(kind for kind, _ in problems),
        tuple(None if a is None else a.dtype for a in answers),
    )


def _as_parts(
    value: NDArray[np.float64] | tuple[NDArray[np.float64], ...],
) -> tuple[NDArray[np.float64], ...]:
    return value if isinstance(value, tuple) else (value,)


def _run(
    impl: Callable[..., Any],
    case: JacobianCase | VjpCase | JvpCase,
    parts: tuple[str, ...],
    library: ArrayLibrary,
    pair: str | None,
) -> Outcome:
    """Call impl on ``case`` and judge each part of its answer (a pair when ``pair`` says how)."""
    expected, tolerance = _as_parts(case.expected()), _as_parts(case.tolerance())
    result, raised, changed = _call(impl, case.named(), library, case.working)
    problems = [("in place", f"impl modified its argument {name} in place") for name in changed]
    nothing: tuple[Answer | None, ...] = (None,) * len(parts)
    if raised is not None:
        problems.append(("raised", f"impl raised {raised}"))
        return _outcome(parts, expected, tolerance, nothing, problems)
    if pair is not None:
        if not isinstance(result, tuple | list) or len(result) != 2:
            problems.append(
                ("type", f"impl returned {type(result).__name__}, expected a pair {pair}")
            )
            return _outcome(parts, expected, tolerance, nothing, problems)
        answers: tuple[Answer | None, ...] = (
            library.to_host(result[0]),
            library.to_host(result[1]),
        )
    else:
        answers = (library.to_host(result),)
        if answers[0] is None:
            problems.append(("type", f"impl returned {type(result).__name__}, not a numeric array"))
            return _outcome(parts, expected, tolerance, answers, problems)
    _judge(parts, expected, tolerance, answers, case.working, library, problems)
    return _outcome(parts, expected, tolerance, answers, problems)


def run_jacobian(impl: JacobianImpl, case: JacobianCase, library: ArrayLibrary = NUMPY) -> Outcome:
    """Call impl on ``case`` and judge its answer against hadamard_jacobian."""
    return _run(impl, case, ("J",), library, None)


def run_vjp(impl: VjpImpl, case: VjpCase, library: ArrayLibrary = NUMPY) -> Outcome:
    """Call impl on ``case`` and judge its (gx, gy) against hadamard_vjp."""
    return _run(impl, case, ("gx", "gy"), library, "(gx, gy) = (g ⊙ y, g ⊙ x)")


def run_jvp(impl: JvpImpl, case: JvpCase, library: ArrayLibrary = NUMPY) -> Outcome:
    """Call impl on ``case`` and judge its tangent against hadamard_jvp."""
    return _run(impl, case, ("t",), library, None)
