"""Test cases for a user's implementation: inputs, the reference answer, and how impl fared."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from hadamard._jacobian import DenominatorJacobian, NumeratorJacobian
from hadamard._layout import Layout
from hadamard._rule import hadamard_jacobian, hadamard_vjp
from hadamard.testing._strategies import shape_pairs
from hadamard.testing._tolerance import rounding_tolerance

__all__ = [
    "JacobianCase",
    "JacobianImpl",
    "Outcome",
    "VjpCase",
    "VjpImpl",
    "jacobian_cases",
    "probe_jacobian_case",
    "probe_vjp_case",
    "run_jacobian",
    "run_vjp",
    "vjp_cases",
]

FloatArray = NDArray[np.floating[Any]]
JacobianImpl = Callable[[FloatArray, FloatArray, FloatArray, FloatArray], Any]
VjpImpl = Callable[[FloatArray, FloatArray, FloatArray], Any]

# Probe entries: magnitudes in [0.5, 2] with random signs, so no two candidate formulas agree.
PROBE_SEED: Final = 20_061_213
PROBE_LOW: Final = 0.5
PROBE_HIGH: Final = 2.0
# How generated entries look; "cancelling" (last) makes the rule's two terms nearly cancel.
VALUE_STYLES: Final = ("uniform", "small integers", "sparse", "wide magnitudes", "cancelling")


@dataclass(frozen=True)
class JacobianCase:
    """Inputs for impl(x, y, dx, dy): x, y are (N,), dx, dy are (M, N) or (N, M) by layout."""

    layout: Layout
    x: FloatArray
    y: FloatArray
    dx: FloatArray
    dy: FloatArray

    @property
    def n_inputs(self) -> int:
        """M."""
        return int(self.dx.shape[0 if self.layout is Layout.DENOMINATOR else 1])

    @property
    def n_outputs(self) -> int:
        """N."""
        return int(self.x.shape[0])

    @property
    def dtype(self) -> np.dtype[np.floating[Any]]:
        """The working dtype of every input."""
        return self.x.dtype

    def named(self) -> list[tuple[str, FloatArray]]:
        """The arguments in call order, with their names."""
        return [("x", self.x), ("y", self.y), ("dx", self.dx), ("dy", self.dy)]

    def with_arrays(self, arrays: Sequence[FloatArray]) -> JacobianCase:
        """The same layout with new (x, y, dx, dy)."""
        x, y, dx, dy = arrays
        return JacobianCase(self.layout, x, y, dx, dy)

    def without_output(self, i: int) -> JacobianCase:
        """Output i deleted: the other entries keep their meaning (the rule is entry-wise)."""
        axis = 1 if self.layout is Layout.DENOMINATOR else 0
        return JacobianCase(
            self.layout,
            np.delete(self.x, i),
            np.delete(self.y, i),
            np.delete(self.dx, i, axis=axis),
            np.delete(self.dy, i, axis=axis),
        )

    def without_input(self, j: int) -> JacobianCase:
        """Input z_j deleted."""
        axis = 0 if self.layout is Layout.DENOMINATOR else 1
        return JacobianCase(
            self.layout,
            self.x,
            self.y,
            np.delete(self.dx, j, axis=axis),
            np.delete(self.dy, j, axis=axis),
        )

    def deletions(self) -> Iterator[JacobianCase]:
        """Every case with one output or one input fewer, last outputs first."""
        if self.n_outputs > 1:
            yield from (self.without_output(i) for i in reversed(range(self.n_outputs)))
        if self.n_inputs > 1:
            yield from (self.without_input(j) for j in reversed(range(self.n_inputs)))

    def along_outputs(self, v: FloatArray) -> FloatArray:
        """``v`` (N,) shaped to scale the output axis i of an array in this layout."""
        if self.layout is Layout.DENOMINATOR:
            return v[np.newaxis, :]
        return v[:, np.newaxis]

    def expected(self) -> NDArray[np.float64]:
        """hadamard_jacobian on float64 copies: exact products for float16/float32 inputs."""
        wrap = DenominatorJacobian if self.layout is Layout.DENOMINATOR else NumeratorJacobian
        x, y, dx, dy = (a.astype(np.float64) for _, a in self.named())
        result: NDArray[np.float64] = hadamard_jacobian(x, y, wrap(dx), wrap(dy)).array  # type: ignore[arg-type]
        return result

    def tolerance(self) -> NDArray[np.float64]:
        """The per-entry allowance for rounding in this dtype."""
        x, y, dx, dy = (a.astype(np.float64) for _, a in self.named())
        return rounding_tolerance(
            self.dtype, dy * self.along_outputs(x), dx * self.along_outputs(y)
        )


@dataclass(frozen=True)
class VjpCase:
    """Inputs for impl(x, y, g): three (N,) vectors; g = ∂L/∂(x ⊙ y)."""

    x: FloatArray
    y: FloatArray
    g: FloatArray

    @property
    def n_outputs(self) -> int:
        """N."""
        return int(self.x.shape[0])

    @property
    def dtype(self) -> np.dtype[np.floating[Any]]:
        """The working dtype of every input."""
        return self.x.dtype

    def named(self) -> list[tuple[str, FloatArray]]:
        """The arguments in call order, with their names."""
        return [("x", self.x), ("y", self.y), ("g", self.g)]

    def with_arrays(self, arrays: Sequence[FloatArray]) -> VjpCase:
        """New (x, y, g)."""
        x, y, g = arrays
        return VjpCase(x, y, g)

    def without_output(self, i: int) -> VjpCase:
        """Entry i deleted from every vector."""
        return VjpCase(np.delete(self.x, i), np.delete(self.y, i), np.delete(self.g, i))

    def deletions(self) -> Iterator[VjpCase]:
        """Every case with one entry fewer, last entries first."""
        if self.n_outputs > 1:
            yield from (self.without_output(i) for i in reversed(range(self.n_outputs)))

    def expected(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """hadamard_vjp on float64 copies: (g ⊙ y, g ⊙ x)."""
        x, y, g = (a.astype(np.float64) for _, a in self.named())
        gx, gy = hadamard_vjp(x, y, g)
        return gx.astype(np.float64), gy.astype(np.float64)

    def tolerance(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Per-entry allowances for ∂L/∂x = g ⊙ y and ∂L/∂y = g ⊙ x."""
        x, y, g = (a.astype(np.float64) for _, a in self.named())
        return rounding_tolerance(self.dtype, g * y), rounding_tolerance(self.dtype, g * x)


@dataclass(frozen=True)
class Outcome:
    """What impl did on one case: its answer per part, and every problem found (none = pass)."""

    parts: tuple[str, ...]
    expected: tuple[NDArray[np.float64], ...]
    tolerance: tuple[NDArray[np.float64], ...]
    returned: tuple[NDArray[Any] | None, ...]
    problems: tuple[str, ...]
    kinds: frozenset[str] = frozenset()

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
    dtype: np.dtype[np.floating[Any]],
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
    typed: FloatArray = values.astype(dtype)
    return typed


def jacobian_cases(
    *, layout: Layout, dtype: np.dtype[np.floating[Any]], max_inputs: int, max_outputs: int
) -> st.SearchStrategy[JacobianCase]:
    """Cases of every size up to the bounds (M ≠ N included) in every value style.

    Hypothesis draws the sizes, the style and a seed; numpy fills the arrays from the seed.
    One draw per entry would cost ~400 draws per case at N = 16 and make a default run
    several seconds long; entries need no shrinking by Hypothesis (``_shrinking`` does that).
    """

    @st.composite
    def draw_case(draw: st.DrawFn) -> JacobianCase:
        m, n = draw(shape_pairs(max_inputs=max_inputs, max_outputs=max_outputs))
        style = draw(st.sampled_from(VALUE_STYLES))
        rng = np.random.default_rng(draw(st.integers(min_value=0, max_value=2**63 - 1)))
        core = (m, n) if layout is Layout.DENOMINATOR else (n, m)
        kind = "uniform" if style == "cancelling" else style
        x, y = _styled(rng, kind, (n,), dtype), _styled(rng, kind, (n,), dtype)
        dx, dy = _styled(rng, kind, core, dtype), _styled(rng, kind, core, dtype)
        case = JacobianCase(layout, x, y, dx, dy)
        if style == "cancelling":
            # y_i ∂x_i/∂z_j ≈ -x_i ∂y_i/∂z_j: the exact entry is tiny, its rounding is not.
            ratio = case.along_outputs(x.astype(np.float64) / np.where(y == 0, 1, y))
            jitter = 1 + rng.normal(0, 1e-6, size=core)
            dx = (-dy.astype(np.float64) * ratio * jitter).astype(dtype)
            case = JacobianCase(layout, x, y, dx, dy)
        return case

    return draw_case()


def vjp_cases(*, dtype: np.dtype[np.floating[Any]], max_outputs: int) -> st.SearchStrategy[VjpCase]:
    """Cases of every size N up to ``max_outputs`` in every value style (as jacobian_cases)."""

    @st.composite
    def draw_case(draw: st.DrawFn) -> VjpCase:
        n = draw(st.integers(min_value=1, max_value=max_outputs))
        style = draw(st.sampled_from(VALUE_STYLES[:-1]))
        rng = np.random.default_rng(draw(st.integers(min_value=0, max_value=2**63 - 1)))
        x, y, g = (_styled(rng, style, (n,), dtype) for _ in range(3))
        return VjpCase(x, y, g)

    return draw_case()


def _probe_values(
    rng: np.random.Generator, shape: tuple[int, ...], dtype: np.dtype[np.floating[Any]]
) -> FloatArray:
    magnitude = rng.uniform(PROBE_LOW, PROBE_HIGH, size=shape)
    sign = rng.choice(np.array([-1.0, 1.0]), size=shape)
    values: FloatArray = (magnitude * sign).astype(dtype)
    return values


def probe_jacobian_case(
    layout: Layout, dtype: np.dtype[np.floating[Any]], m: int, n: int
) -> JacobianCase:
    """A generic, reproducible case of sizes (M, N): every candidate mistake gives another value."""
    rng = np.random.default_rng([PROBE_SEED, m, n])
    core = (m, n) if layout is Layout.DENOMINATOR else (n, m)
    x, y = _probe_values(rng, (n,), dtype), _probe_values(rng, (n,), dtype)
    dx, dy = _probe_values(rng, core, dtype), _probe_values(rng, core, dtype)
    return JacobianCase(layout, x, y, dx, dy)


def probe_vjp_case(dtype: np.dtype[np.floating[Any]], n: int) -> VjpCase:
    """A generic, reproducible VJP case of size N."""
    rng = np.random.default_rng([PROBE_SEED, n])
    return VjpCase(*(_probe_values(rng, (n,), dtype) for _ in range(3)))


def _call(
    impl: Callable[..., Any], named: Sequence[tuple[str, FloatArray]]
) -> tuple[Any, str | None, list[str]]:
    """Call impl on fresh copies; return (result, what it raised, names of arguments it changed)."""
    copies = [a.copy() for _, a in named]
    try:
        result = impl(*copies)
    except Exception as exc:  # any failure of the user's code is a finding, not a crash here
        return None, f"{type(exc).__name__}: {exc}", []
    changed = [
        name
        for (name, original), copy in zip(named, copies, strict=True)
        if not np.array_equal(original, copy, equal_nan=True)
    ]
    return result, None, changed


def _as_array(value: object) -> NDArray[Any] | None:
    if isinstance(value, DenominatorJacobian | NumeratorJacobian):
        wrapped: NDArray[Any] = np.asarray(value.array)
        return wrapped
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        return None
    return array if array.dtype.kind in "fciu" else None


def _judge(
    parts: tuple[str, ...],
    expected: tuple[NDArray[np.float64], ...],
    tolerance: tuple[NDArray[np.float64], ...],
    returned: tuple[NDArray[Any] | None, ...],
    dtype: np.dtype[np.floating[Any]],
    problems: list[tuple[str, str]],
) -> None:
    """Append (kind, text) for each part that is missing, mis-shaped, mis-typed or wrong."""
    for name, want, allowed, got in zip(parts, expected, tolerance, returned, strict=True):
        if got is None:
            problems.append(("type", f"{name} is not a numeric array"))
            continue
        if got.shape != want.shape:
            problems.append(("shape", f"{name} has shape {got.shape}, expected {want.shape}"))
            continue
        if got.dtype != dtype:
            problems.append(
                ("dtype", f"{name} has dtype {got.dtype}, expected {dtype} (the inputs' dtype)")
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
    returned: tuple[NDArray[Any] | None, ...],
    problems: list[tuple[str, str]],
) -> Outcome:
    return Outcome(
        parts,
        expected,
        tolerance,
        returned,
        tuple(text for _, text in problems),
        frozenset(kind for kind, _ in problems),
    )


def run_jacobian(impl: JacobianImpl, case: JacobianCase) -> Outcome:
    """Call impl on ``case`` and judge its answer against hadamard_jacobian."""
    parts = ("J",)
    expected, tolerance = (case.expected(),), (case.tolerance(),)
    result, raised, changed = _call(impl, case.named())
    problems = [("in place", f"impl modified its argument {name} in place") for name in changed]
    if raised is not None:
        problems.append(("raised", f"impl raised {raised}"))
        return _outcome(parts, expected, tolerance, (None,), problems)
    returned = (_as_array(result),)
    if returned[0] is None:
        problems.append(("type", f"impl returned {type(result).__name__}, not a numeric array"))
    else:
        _judge(parts, expected, tolerance, returned, case.dtype, problems)
    return _outcome(parts, expected, tolerance, returned, problems)


def run_vjp(impl: VjpImpl, case: VjpCase) -> Outcome:
    """Call impl on ``case`` and judge its (gx, gy) against hadamard_vjp."""
    parts = ("gx", "gy")
    expected, tolerance = case.expected(), case.tolerance()
    result, raised, changed = _call(impl, case.named())
    problems = [("in place", f"impl modified its argument {name} in place") for name in changed]
    if raised is not None:
        problems.append(("raised", f"impl raised {raised}"))
        return _outcome(parts, expected, tolerance, (None, None), problems)
    if not isinstance(result, tuple | list) or len(result) != 2:
        problems.append(
            (
                "type",
                f"impl returned {type(result).__name__}, expected a pair (gx, gy) = (g ⊙ y, g ⊙ x)",
            )
        )
        return _outcome(parts, expected, tolerance, (None, None), problems)
    returned = (_as_array(result[0]), _as_array(result[1]))
    _judge(parts, expected, tolerance, returned, case.dtype, problems)
    return _outcome(parts, expected, tolerance, returned, problems)
