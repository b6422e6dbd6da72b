"""Bug finding side by side: hadamard.testing against torch's gradcheck and JAX's check_grads.

One table of backward passes for a gated unit ``out = a ⊙ b`` (a, b of shape (batch, hidden)),
each written once over the array API and run as a torch ``autograd.Function`` (for
``torch.autograd.gradcheck``), as a ``jax.custom_vjp`` (for ``jax.test_util.check_grads``) and
as a plain VJP for ``check_hadamard_vjp(xp=torch)`` and ``check_hadamard_vjp(xp=jax.numpy)``.
The peers get what a user typically gives them: one input of shape (4, 8); our helper draws its
own inputs (``batch_ndim=1``: the unit takes (batch, hidden) arrays). Each checker's verdict and
its wall time are measured in this run; nothing here is asserted.
"""

from __future__ import annotations

import importlib
import importlib.util
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

__all__ = ["BUGS", "PEER_SHAPE", "Bug", "Verdict", "peer_rows", "peer_table"]

PEER_SHAPE: Final = (4, 8)
"""The input the peers are given: batch 4, hidden 8 (a typical unit-test size)."""


def _xp(array: Any) -> Any:
    import array_api_compat

    return array_api_compat.array_namespace(array)


def correct(a: Any, b: Any, g: Any) -> tuple[Any, Any]:
    return g * b, g * a


def swapped(a: Any, b: Any, g: Any) -> tuple[Any, Any]:
    return g * a, g * b


def batch_axis(a: Any, b: Any, g: Any) -> tuple[Any, Any]:
    return g * b[..., :1, :], g * a  # every batch item scaled by the first item's b


def past_16(a: Any, b: Any, g: Any) -> tuple[Any, Any]:
    grad_a = g * b
    if a.shape[-1] > 16:  # a "wide layer" path that drops the last unit
        xp = _xp(a)
        grad_a = xp.concat([grad_a[..., :-1], 0 * grad_a[..., -1:]], axis=-1)
    return grad_a, g * a


def downcast(a: Any, b: Any, g: Any) -> tuple[Any, Any]:
    xp = _xp(a)
    single = xp.float32

    def product(u: Any, v: Any) -> Any:
        return xp.astype(xp.astype(u, single) * xp.astype(v, single), u.dtype)

    return product(g, b), product(g, a)


def sign(a: Any, b: Any, g: Any) -> tuple[Any, Any]:
    return -(g * b), g * a


def in_place(a: Any, b: Any, g: Any) -> tuple[Any, Any]:
    grad_b = g * a
    return g.mul_(b), grad_b  # right values, but the incoming gradient is overwritten


@dataclass(frozen=True)
class Bug:
    """One row: a backward pass, the dtype it runs in, and whether it is a bug at all."""

    name: str
    backward: Callable[[Any, Any, Any], tuple[Any, Any]]
    dtype: str
    is_bug: bool
    torch_only: bool = False


BUGS: Final = (
    Bug("swapped factors", swapped, "float64", True),
    Bug("batch-axis bug", batch_axis, "float64", True),
    Bug("bug only at hidden > 16", past_16, "float64", True),
    Bug("float32 downcast in float64", downcast, "float64", True),
    Bug("sign error", sign, "float64", True),
    Bug("in-place update of g", in_place, "float64", True, torch_only=True),
    Bug("correct, float32", correct, "float32", False),
)


@dataclass(frozen=True)
class Verdict:
    """What one checker said about one row, and how long it took."""

    said_no: bool | None  # None: the checker cannot run this row
    seconds: float
    note: str = ""

    def cell(self, is_bug: bool) -> str:
        if self.said_no is None:
            return f"n/a ({self.note})"
        if is_bug:
            word = "caught" if self.said_no else "missed"
        else:
            word = "**false alarm**" if self.said_no else "no alarm"
        return f"{word} {self.seconds:.2f} s"


def _timed(check: Callable[[], None]) -> Verdict:
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # gradcheck warns about float32 inputs
            check()
    except (AssertionError, RuntimeError) as error:  # gradcheck raises GradcheckError
        return Verdict(True, time.perf_counter() - start, type(error).__name__)
    return Verdict(False, time.perf_counter() - start)


def _inputs(dtype: str, seed: int = 0) -> tuple[Any, Any]:
    rng = np.random.default_rng(seed)
    return rng.standard_normal(PEER_SHAPE).astype(dtype), rng.standard_normal(PEER_SHAPE).astype(
        dtype
    )


def gradcheck(bug: Bug) -> Verdict:
    """torch.autograd.gradcheck on the unit with ``bug``'s backward."""
    torch: Any = importlib.import_module("torch")

    class Gated(torch.autograd.Function):  # type: ignore[misc]
        @staticmethod
        def forward(ctx: Any, a: Any, b: Any) -> Any:
            ctx.save_for_backward(a, b)
            return a * b

        @staticmethod
        def backward(ctx: Any, g: Any) -> Any:
            a, b = ctx.saved_tensors
            return bug.backward(a, b, g)

    a, b = (torch.asarray(v).requires_grad_() for v in _inputs(bug.dtype))
    return _timed(lambda: torch.autograd.gradcheck(Gated.apply, (a, b)))


def check_grads(bug: Bug) -> Verdict:
    """jax.test_util.check_grads (reverse mode) on the unit with ``bug``'s backward."""
    if bug.torch_only:
        return Verdict(None, 0.0, "immutable")
    jax: Any = importlib.import_module("jax")
    jnp: Any = importlib.import_module("jax.numpy")
    test_util: Any = importlib.import_module("jax.test_util")

    def product(a: Any, b: Any) -> Any:
        return a * b

    gated: Any = jax.custom_vjp(product)

    def forward(a: Any, b: Any) -> Any:
        return a * b, (a, b)

    def backward(saved: tuple[Any, Any], g: Any) -> Any:
        a, b = saved
        return bug.backward(a, b, g)

    gated.defvjp(forward, backward)
    with jax.enable_x64(True):
        a, b = (jnp.asarray(v) for v in _inputs(bug.dtype))
        return _timed(lambda: test_util.check_grads(gated, (a, b), order=1, modes=("rev",)))


def ours(bug: Bug, library: str) -> Verdict:
    """check_hadamard_vjp with xp=torch or xp=jax.numpy, on (batch, hidden) inputs it draws."""
    from hadamard.testing import check_hadamard_vjp

    if library == "jax" and bug.torch_only:
        return Verdict(None, 0.0, "immutable")
    if library == "torch":
        xp: Any = importlib.import_module("torch")
        return _timed(
            lambda: check_hadamard_vjp(bug.backward, xp=xp, dtype=bug.dtype, batch_ndim=1)
        )
    jax: Any = importlib.import_module("jax")
    jnp: Any = importlib.import_module("jax.numpy")
    with jax.enable_x64(True):
        return _timed(
            lambda: check_hadamard_vjp(bug.backward, xp=jnp, dtype=bug.dtype, batch_ndim=1)
        )


CHECKERS: Final = (
    ("`gradcheck`", "torch", gradcheck),
    ("`check_grads`", "jax", check_grads),
    ("ours, torch", "torch", lambda bug: ours(bug, "torch")),
    ("ours, JAX", "jax", lambda bug: ours(bug, "jax")),
)


def peer_rows() -> list[tuple[Bug, list[Verdict]]] | str:
    """Every bug against every checker, or why the comparison cannot run here."""
    missing = [name for name in ("torch", "jax") if importlib.util.find_spec(name) is None]
    if missing:
        return f"{' and '.join(missing)} not installed here: the peer comparison is skipped."
    return [(bug, [check(bug) for _, _, check in CHECKERS]) for bug in BUGS]


def peer_table(rows: list[tuple[Bug, list[Verdict]]]) -> str:
    """The Markdown table, with a last line counting each checker's catches and false alarms."""
    header = "| backward pass | " + " | ".join(name for name, _, _ in CHECKERS) + " |"
    lines = [header, "|---" * (len(CHECKERS) + 1) + "|"]
    for bug, verdicts in rows:
        cells = [v.cell(bug.is_bug) for v in verdicts]
        lines.append(f"| {bug.name} | " + " | ".join(cells) + " |")
    totals = []
    for k in range(len(CHECKERS)):
        runnable = [(bug, v[k]) for bug, v in rows if v[k].said_no is not None]
        caught = sum(1 for bug, v in runnable if bug.is_bug and v.said_no)
        bugs = sum(1 for bug, _ in runnable if bug.is_bug)
        alarms = sum(1 for bug, v in runnable if not bug.is_bug and v.said_no)
        totals.append(f"{caught}/{bugs} caught, {alarms} false alarm{'s' * (alarms != 1)}")
    lines.append("| **total** | " + " | ".join(totals) + " |")
    return "\n".join(lines)
