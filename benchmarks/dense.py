"""The dense rule against its memory-traffic floor ``np.add(dx, dy)``, side by side.

The floor reads two M × N arrays and writes (and allocates) one, exactly the traffic the rule
cannot avoid; every other row is a way of computing the same Jacobian.
"""

from __future__ import annotations

import importlib
import importlib.util
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from benchmarks.timing import interleaved
from hadamard import DenominatorJacobian, NumeratorJacobian, hadamard_jacobian, hadamard_jvp
from hadamard._compiled import available, disabled

__all__ = [
    "FirstCall",
    "Row",
    "dense_rows",
    "diag_matmul_rows",
    "first_call",
    "jax_rows",
    "jvp_rows",
    "out_rows",
]

Array = NDArray[Any]


@dataclass(frozen=True)
class Row:
    """One contender at one size: its median, the floor's median in the same run, the ratio."""

    case: str
    shape: str
    dtype: str
    seconds: float
    floor_seconds: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor_seconds


@dataclass(frozen=True)
class Problem:
    """dy, dx of shape (..., R, C), and x, y for each layout (length C or R)."""

    dx: Array
    dy: Array
    x_den: Array
    y_den: Array
    x_num: Array
    y_num: Array

    @classmethod
    def random(cls, shape: tuple[int, ...], dtype: Any, *, batched_vectors: bool) -> Problem:
        rng = np.random.default_rng(7)
        dx = rng.standard_normal(shape).astype(dtype)
        dy = rng.standard_normal(shape).astype(dtype)
        batch = shape[:-2] if batched_vectors else ()
        vec = [rng.standard_normal((*batch, shape[k])).astype(dtype) for k in (-1, -1, -2, -2)]
        return cls(dx, dy, *vec)


def _contenders(p: Problem) -> dict[str, Callable[[], object]]:
    den_x, den_y = DenominatorJacobian(p.dx), DenominatorJacobian(p.dy)
    num_x, num_y = NumeratorJacobian(p.dx), NumeratorJacobian(p.dy)

    def denominator() -> object:
        return hadamard_jacobian(p.x_den, p.y_den, den_x, den_y)

    def numerator() -> object:
        return hadamard_jacobian(p.x_num, p.y_num, num_x, num_y)

    def numpy_only(run: Callable[[], object]) -> Callable[[], object]:
        def run_without_numba() -> object:
            with disabled():
                return run()

        return run_without_numba

    xs, ys = p.x_den[..., np.newaxis, :], p.y_den[..., np.newaxis, :]
    cases: dict[str, Callable[[], object]] = {
        "floor np.add(dx, dy)": lambda: np.add(p.dx, p.dy),
        "plain numpy dy*x + dx*y": lambda: p.dy * xs + p.dx * ys,
    }
    fast = "compiled" if available() else "numpy"
    cases[f"hadamard_jacobian denominator ({fast})"] = denominator
    cases[f"hadamard_jacobian numerator ({fast})"] = numerator
    if available():
        cases["hadamard_jacobian denominator (numpy fallback)"] = numpy_only(denominator)
        cases["hadamard_jacobian numerator (numpy fallback)"] = numpy_only(numerator)
    return cases


def _rows(
    cases: dict[str, Callable[[], object]], shape: tuple[int, ...], dtype: Any, rounds: int
) -> list[Row]:
    medians = interleaved(cases, rounds)
    floor = medians["floor np.add(dx, dy)"]
    name = np.dtype(dtype).name
    return [Row(case, str(shape), name, t, floor) for case, t in medians.items()]


def dense_rows(quick: bool) -> list[Row]:
    """hadamard_jacobian in both layouts against the floor, at the issue's sizes."""
    if quick:
        sizes: list[tuple[tuple[int, ...], Any, bool]] = [
            ((256, 256), np.float64, False),
            ((16, 4096), np.float32, False),
            ((8, 64, 64), np.float64, True),
        ]
        rounds = 3
    else:
        sizes = [
            ((2048, 2048), np.float64, False),
            ((2048, 2048), np.float32, False),
            ((256, 65536), np.float64, False),
            ((256, 65536), np.float32, False),
            ((64, 256, 256), np.float64, True),  # a batch of Jacobians, batched x and y
            ((500_000, 2, 4), np.float64, True),  # tiny matrices, huge batch
        ]
        rounds = 21
    rows: list[Row] = []
    for shape, dtype, batched in sizes:
        problem = Problem.random(shape, dtype, batched_vectors=batched)
        rows += _rows(_contenders(problem), shape, dtype, rounds)
    return rows


def diag_matmul_rows(quick: bool) -> list[Row]:
    """The literal seed formula, dy @ diag(x) + dx @ diag(y): O(M·N²), so at a smaller size."""
    shape = (128, 128) if quick else (1024, 1024)
    p = Problem.random(shape, np.float64, batched_vectors=False)
    den_x, den_y = DenominatorJacobian(p.dx), DenominatorJacobian(p.dy)
    cases: dict[str, Callable[[], object]] = {
        "floor np.add(dx, dy)": lambda: np.add(p.dx, p.dy),
        "literal dy @ diag(x) + dx @ diag(y)": lambda: (
            p.dy @ np.diag(p.x_den) + p.dx @ np.diag(p.y_den)
        ),
        "hadamard_jacobian denominator": lambda: hadamard_jacobian(p.x_den, p.y_den, den_x, den_y),
    }
    return _rows(cases, shape, np.float64, 3 if quick else 7)


def jax_rows(quick: bool) -> list[Row] | str:
    """A jitted jax version of the rule, when jax is importable; otherwise why it is skipped."""
    if importlib.util.find_spec("jax") is None:
        return "jax is not installed here: the jitted-jax comparison is skipped."
    jax: Any = importlib.import_module("jax")
    jnp: Any = importlib.import_module("jax.numpy")
    if not quick:
        jax.config.update("jax_enable_x64", True)
    shape = (256, 256) if quick else (2048, 2048)
    dtype = np.float32 if quick else np.float64
    p = Problem.random(shape, dtype, batched_vectors=False)
    rule = jax.jit(lambda dx, dy, x, y: dy * x[None, :] + dx * y[None, :])
    args = [jnp.asarray(a) for a in (p.dx, p.dy, p.x_den, p.y_den)]
    den_x, den_y = DenominatorJacobian(p.dx), DenominatorJacobian(p.dy)
    cases: dict[str, Callable[[], object]] = {
        "floor np.add(dx, dy)": lambda: np.add(p.dx, p.dy),
        "jax.jit dy*x + dx*y": lambda: rule(*args).block_until_ready(),
        "hadamard_jacobian denominator": lambda: hadamard_jacobian(p.x_den, p.y_den, den_x, den_y),
    }
    return _rows(cases, shape, dtype, 3 if quick else 15)


OUT_FLOOR = "floor np.add(dx, dy, out=o), one thread"


def out_rows(quick: bool) -> list[Row]:
    """With ``out=``: the rule against the non-allocating, single-threaded ``np.add``."""
    shape = (256, 256) if quick else (2048, 2048)
    p = Problem.random(shape, np.float64, batched_vectors=False)
    den_x, den_y = DenominatorJacobian(p.dx), DenominatorJacobian(p.dy)
    num_x, num_y = NumeratorJacobian(p.dx), NumeratorJacobian(p.dy)
    out = np.empty(shape)
    cases: dict[str, Callable[[], object]] = {
        OUT_FLOOR: lambda: np.add(p.dx, p.dy, out=out),
        "hadamard_jacobian denominator, out=": lambda: hadamard_jacobian(
            p.x_den, p.y_den, den_x, den_y, out=out
        ),
        "hadamard_jacobian numerator, out=": lambda: hadamard_jacobian(
            p.x_num, p.y_num, num_x, num_y, out=out
        ),
    }
    medians = interleaved(cases, 3 if quick else 41)
    floor = medians[OUT_FLOOR]
    return [Row(case, str(shape), "float64", t, floor) for case, t in medians.items()]


JVP_FLOOR = "plain numpy x*ty + y*tx"


def jvp_rows(quick: bool) -> list[Row]:
    """Per-call overhead: hadamard_jvp at N = 64 against the plain expression."""
    rng = np.random.default_rng(5)
    x, y, tx, ty = (rng.standard_normal(64) for _ in range(4))
    repeat = 100 if quick else 2000

    def many(run: Callable[[], object]) -> Callable[[], object]:
        def loop() -> object:
            for _ in range(repeat):
                run()
            return None

        return loop

    cases: dict[str, Callable[[], object]] = {
        JVP_FLOOR: many(lambda: x * ty + y * tx),
        "hadamard_jvp(x, y, tx, ty)": many(lambda: hadamard_jvp(x, y, tx, ty)),
    }
    medians = interleaved(cases, 5 if quick else 31)
    floor = medians[JVP_FLOOR]
    return [
        Row(case, "(64,)", "float64", t / repeat, floor / repeat) for case, t in medians.items()
    ]


FIRST_CALL = """
import time
start = time.perf_counter()
import numpy as np
from hadamard import DenominatorJacobian, hadamard_jacobian, hadamard_jvp
imported = time.perf_counter()
x = np.arange(3.0)
dx = DenominatorJacobian(np.ones((2, 3)))
times = []
for _ in range(2):
    t = time.perf_counter()
    hadamard_jvp(x, x, x, x)
    hadamard_jacobian(x, x, dx, dx)
    times.append(time.perf_counter() - t)
print(imported - start, times[0], times[1])
"""


@dataclass(frozen=True)
class FirstCall:
    """Medians over fresh processes: import time, first call, second call (seconds)."""

    imports: float
    first: float
    second: float

    @property
    def extra(self) -> float:
        """What the first call costs beyond the second."""
        return self.first - self.second


def first_call(quick: bool) -> FirstCall:
    """A small vector's first and second call in fresh processes (jvp and jacobian together)."""
    samples = []
    for _ in range(3 if quick else 9):
        done = subprocess.run(
            [sys.executable, "-c", FIRST_CALL], capture_output=True, text=True, check=True
        )
        samples.append([float(v) for v in done.stdout.split()])
    imports, first, second = (statistics.median(column) for column in zip(*samples, strict=True))
    return FirstCall(imports, first, second)
