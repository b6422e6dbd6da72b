"""Naming the likely mistake: impl's answer on a generic probe against each known wrong formula.

A shrunk counterexample is often degenerate (zeros and ones), where several wrong formulas
agree. So the diagnosis re-runs impl on a generic, seeded input of the same sizes, where every
candidate formula gives a different value, and says which one impl's answer equals.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Final, TypeVar

import numpy as np
from numpy.typing import NDArray

from hadamard._layout import Layout
from hadamard.testing._arrays import NUMPY, ArrayLibrary
from hadamard.testing._cases import (
    JacobianCase,
    JacobianImpl,
    JvpCase,
    JvpImpl,
    Outcome,
    VjpCase,
    VjpImpl,
    probe_jacobian_case,
    probe_jvp_case,
    probe_vjp_case,
    run_jacobian,
    run_jvp,
    run_vjp,
)
from hadamard.testing._tolerance import rounding_tolerance

__all__ = ["diagnose_jacobian", "diagnose_jvp", "diagnose_vjp"]

F64 = NDArray[np.float64]
# A probe's answer "equals" a candidate when every entry is within this many rounding allowances.
MATCH_FACTOR: Final = 4.0
# Below this size a correct answer at smaller sizes says nothing about size dependence.
SIZE_DEPENDENCE_FROM: Final = 3

# The two terms of the rule and the wrong forms, written in each layout.
TERMS: Final = {
    Layout.DENOMINATOR: {
        "rule": "∂y/∂z diag(x) + ∂x/∂z diag(y)",
        "y_term": "∂y/∂z diag(x)",
        "x_term": "∂x/∂z diag(y)",
        "swapped": "∂y/∂z diag(y) + ∂x/∂z diag(x)",
        "other_form": "diag(x) ∂y/∂z + diag(y) ∂x/∂z",
        "axis": "column i (output i) scaled by x_i",
        "wrong_axis": "rows scaled instead of columns",
        "shape": "(M, N)",
        "other_shape": "(N, M)",
    },
    Layout.NUMERATOR: {
        "rule": "diag(x) ∂y/∂z + diag(y) ∂x/∂z",
        "y_term": "diag(x) ∂y/∂z",
        "x_term": "diag(y) ∂x/∂z",
        "swapped": "diag(y) ∂y/∂z + diag(x) ∂x/∂z",
        "other_form": "∂y/∂z diag(x) + ∂x/∂z diag(y)",
        "axis": "row i (output i) scaled by x_i",
        "wrong_axis": "columns scaled instead of rows",
        "shape": "(N, M)",
        "other_shape": "(M, N)",
    },
}


@dataclass(frozen=True)
class Candidate:
    """A known wrong formula: its name, what it computes, the fix, and how to compute it."""

    name: str
    computes: str
    fix: str
    formula: Callable[[JacobianCase], F64 | None]

    def describe(self) -> str:
        """One line for the failure message."""
        return f"{self.name}: impl computes {self.computes}. Fix: {self.fix}."


def _parts(case: JacobianCase) -> tuple[F64, F64, F64, F64]:
    x, y, dx, dy = (a.astype(np.float64) for _, a in case.named())
    return x, y, dx, dy


def _transposed(case: JacobianCase) -> F64:
    return case.other_arrangement(case.expected())


def _only_y_term(case: JacobianCase) -> F64:
    x, _, _, dy = _parts(case)
    return dy * case.along_outputs(x)


def _only_x_term(case: JacobianCase) -> F64:
    _, y, dx, _ = _parts(case)
    return dx * case.along_outputs(y)


def _swapped(case: JacobianCase) -> F64:
    x, y, dx, dy = _parts(case)
    return dy * case.along_outputs(y) + dx * case.along_outputs(x)


def _wrong_axis(case: JacobianCase) -> F64 | None:
    # The other layout's form on these arrays: defined only when M = N (the chapter's erratum).
    x, y, dx, dy = _parts(case)
    xs, ys = case.along_inputs(x), case.along_inputs(y)
    if xs is None or ys is None:
        return None
    return dy * xs + dx * ys


def _difference(case: JacobianCase) -> F64:
    return _only_y_term(case) - _only_x_term(case)


def _reverse_difference(case: JacobianCase) -> F64:
    return _only_x_term(case) - _only_y_term(case)


def jacobian_candidates(layout: Layout) -> list[Candidate]:
    """The recognised mistakes, worded for ``layout``."""
    t = TERMS[layout]
    other = layout.other.value
    return [
        Candidate(
            "layout transposed",
            f"the {other}-layout {t['other_shape']} Jacobian {t['other_form']}",
            f"in the {layout.value} layout return the {t['shape']} array {t['rule']}",
            _transposed,
        ),
        Candidate(
            "a term missing (the x-term)",
            f"only {t['y_term']}; the term {t['x_term']} is missing",
            f"add {t['x_term']}",
            _only_y_term,
        ),
        Candidate(
            "a term missing (the y-term)",
            f"only {t['x_term']}; the term {t['y_term']} is missing",
            f"add {t['y_term']}",
            _only_x_term,
        ),
        Candidate(
            "x and y swapped",
            t["swapped"],
            f"each Jacobian is scaled by the OTHER factor: {t['rule']}",
            _swapped,
        ),
        Candidate(
            t["wrong_axis"],
            f"the {other}-layout form {t['other_form']} on {layout.value}-layout arrays "
            f"(the chapter's erratum); it is undefined when M ≠ N and wrong when M = N",
            f"use {t['rule']}: {t['axis']}",
            _wrong_axis,
        ),
        Candidate(
            "sign error",
            f"{t['y_term']} - {t['x_term']}",
            f"add the two terms: {t['rule']}",
            _difference,
        ),
        Candidate(
            "sign error",
            f"{t['x_term']} - {t['y_term']}",
            f"add the two terms: {t['rule']}",
            _reverse_difference,
        ),
    ]


def _close(got: NDArray[Any], want: F64, allowed: F64) -> bool:
    if got.shape != want.shape:
        return False
    error = np.abs(got.astype(np.complex128) - want)
    return bool(np.all(error <= MATCH_FACTOR * allowed))


def _scale_factor(got: NDArray[Any], want: F64, allowed: F64) -> float | None:
    """c when got = c · want (c ≠ 1) to rounding, else None: a stray factor or a negation."""
    # With one entry every answer is a multiple of the right one: that would say nothing.
    if got.shape != want.shape or got.dtype.kind not in "fiu" or want.size < 2:
        return None
    g64 = got.astype(np.float64)
    norm = float(np.vdot(want, want))
    if norm == 0.0 or not np.all(np.isfinite(g64)):
        return None
    c = float(np.vdot(want, g64)) / norm
    if abs(c - 1.0) < 1e-3 or not np.all(np.abs(g64 - c * want) <= MATCH_FACTOR * allowed):
        return None
    return c


def _describe_scale(c: float, what: str, rule: str) -> str:
    if abs(c + 1.0) < 1e-3:
        return f"sign error: impl returns -({rule}) for {what}. Fix: drop the minus sign."
    return f"a stray factor: {what} is {c:.6g} × ({rule}). Fix: remove the factor."


def _probe_allowance(case: JacobianCase) -> F64:
    # Covers the terms of every candidate formula (each is built from x, y, dx, dy products).
    x, y, dx, dy = _parts(case)
    ax, ay = np.abs(case.along_outputs(x)), np.abs(case.along_outputs(y))
    return rounding_tolerance(case.working, (np.abs(dx) + np.abs(dy)) * (ax + ay))


def _recognise_jacobian(case: JacobianCase, outcome: Outcome) -> list[str]:
    got = outcome.returned[0]
    if got is None:
        return []
    # Probe entries have one magnitude, so the largest allowance serves every candidate's shape.
    allowed = np.full((), float(np.max(_probe_allowance(case))))
    found = []
    for candidate in jacobian_candidates(case.layout):
        want = candidate.formula(case)
        # A candidate that coincides with the rule at this size (e.g. M = N = 1) proves nothing.
        if want is None or _close(want, case.expected(), allowed):
            continue
        if _close(got, want, allowed):
            found.append(candidate.describe())
    c = None if found else _scale_factor(got, case.expected(), allowed)
    if c is not None:
        found.append(_describe_scale(c, "the Jacobian", TERMS[case.layout]["rule"]))
    return found


def _value_problems(outcome: Outcome) -> bool:
    return bool(outcome.kinds & {"values", "shape", "raised", "type"})


def _size_dependence(fails: Callable[[int], bool], size: int, axis: str, fixed: str) -> list[str]:
    """A note when impl is right at every size below some k >= 3 and wrong at k."""
    first = next((k for k in range(1, size + 1) if fails(k)), None)
    if first is None or first < SIZE_DEPENDENCE_FROM:
        return []
    return [
        f"size-dependent: impl is right on generic inputs for every {axis} < {first}{fixed} "
        f"and wrong at {axis} = {first}. Look for a loop bound, a hard-coded size, or a "
        f"branch on the size (e.g. a fast path)."
    ]


Case = TypeVar("Case", JacobianCase, VjpCase, JvpCase)


def _batch_items(case: Case, batch: tuple[int, ...]) -> list[Case]:
    """``case`` cut into its batch items, each keeping its batch axes (of length 1)."""
    items = []
    for index in np.ndindex(*batch):
        cut = tuple(slice(i, i + 1) for i in index)
        items.append(case.with_arrays([a[cut] for _, a in case.named()]))
    return items


def _batch_dependence(
    fails: Callable[[Case], bool], probe: Case, batch: tuple[int, ...], unbatched: Case | None
) -> list[str]:
    """A note when impl is right on every batch item alone (or without batch axes at all) and
    wrong on the whole batch. ``unbatched`` is the probe without batch axes, when they were
    drawn rather than promised."""
    if not batch or not fails(probe):
        return []
    if math.prod(batch) >= 2 and not any(fails(item) for item in _batch_items(probe, batch)):
        ones = (1,) * len(batch)
        return [
            f"batch-dependent: impl is right on each batch item alone (batch shape {ones}) and "
            f"wrong on the batch of shape {batch}: it mixes batch items (an x[0], a sum or mean "
            "over a batch axis, or a batch axis taken for a data axis). Fix: compute each item "
            "from its own entries; if impl takes no batch axes, pass batch_ndim=0."
        ]
    if unbatched is not None and not fails(unbatched):
        return [
            f"batch axes: impl is right on arrays without batch axes and wrong (or raises) with "
            f"leading batch axes of shape {batch}. Fix: index from the end (x[..., i], "
            "axis=-1) so leading axes pass through; if impl is not meant to take batch axes, "
            "pass batch_ndim=0."
        ]
    return []


def _without_batch(case: Case, batch: tuple[int, ...]) -> Case | None:
    """``case``'s first batch item with its batch axes removed, unless they are promised."""
    if not batch or case.batch_fixed:
        return None
    first = (0,) * len(batch)
    return case.with_arrays([a[first] for _, a in case.named()])


def _common(outcome: Outcome, probe: Outcome, names: str) -> list[str]:
    """Diagnoses that do not depend on the formula: in-place updates, dtype, value dependence."""
    lines = []
    mutated = [p for p in outcome.problems if "in place" in p]  # texts of kind "in place"
    if mutated:
        lines.append(
            f"in-place update: {'; '.join(mutated)}. Fix: leave the arguments alone "
            "(e.g. dy * x, not dy *= x)."
        )
    if "type" in outcome.kinds:
        texts = [p for p in outcome.problems if "not a numeric array" in p or "expected a" in p]
        lines.append(f"wrong return type: {'; '.join(texts)}.")
    dtypes = [p for p in probe.problems if "dtype" in p]
    if "dtype" in probe.kinds:
        lines.append(
            f"wrong dtype: {'; '.join(dtypes)}. Fix: return the result in the inputs' dtype "
            "(e.g. .astype(x.dtype)), so float32 stays float32."
        )
    if not probe.failed and _value_problems(outcome):
        lines.append(
            f"value-dependent: on a generic input of the same sizes impl agrees with the rule, "
            f"so the mistake shows only for some values of {names} (zeros, signs, equal "
            "entries, large or small magnitudes?)."
        )
    return lines


def _other_layout(layout: Layout) -> str:
    """The line for an impl that is right in the other layout (numerator code, say)."""
    t, other = TERMS[layout], layout.other
    return (
        f"{t['wrong_axis']}, or code for the other layout: impl is right in the "
        f"{other.value} layout ({TERMS[other]['shape']} arrays in and out"
        + (", the layout of torch's and JAX's jacobians" if other is Layout.NUMERATOR else "")
        + f") and wrong in the {layout.value} layout asked for. Fix: if impl is meant for the "
        f"{other.value} layout, check it with layout=Layout.{other.name}; if not, it applies "
        f"{t['other_form']} to {t['shape']} arrays (the chapter's erratum): use {t['rule']}."
    )


def diagnose_jacobian(
    impl: JacobianImpl, case: JacobianCase, outcome: Outcome, library: ArrayLibrary = NUMPY
) -> list[str]:
    """The likely mistakes behind ``outcome`` on ``case``, each as one line (may be empty)."""
    shapes, layout, precision, fixed = case.shapes, case.layout, case.working, case.batch_fixed
    m, n = shapes.inputs[-1], shapes.outputs[-1]

    def probe_at(mm: int, nn: int) -> tuple[JacobianCase, Outcome]:
        probe = replace(probe_jacobian_case(layout, precision, mm, nn, shapes), batch_fixed=fixed)
        return probe, run_jacobian(impl, probe, library)

    def recognise_at(mm: int, nn: int, keep: Callable[[str], bool]) -> list[str]:
        square, square_outcome = probe_at(mm, nn)
        return [
            f"{line} (recognised at M = {mm}, N = {nn})"
            for line in _recognise_jacobian(square, square_outcome)
            if keep(line)
        ]

    def fails(probe: JacobianCase) -> bool:
        return _value_problems(run_jacobian(impl, probe, library))

    probe, probe_outcome = probe_at(m, n)
    lines: list[str] = []
    if _value_problems(probe_outcome) and not fails(probe.in_other_layout()):
        lines.append(_other_layout(layout))
    if not lines:
        lines = _recognise_jacobian(probe, probe_outcome)
    if not lines and shapes.inputs != shapes.outputs:
        # The other layout's form raises or mis-shapes when M ≠ N; recognise it where M = N.
        k = max(m, n)
        if len(shapes.inputs) == len(shapes.outputs):
            lines = recognise_at(k, k, lambda line: TERMS[layout]["wrong_axis"] in line)
    bigger = (max(m, 3), max(n, 4))
    if not lines and _value_problems(probe_outcome) and bigger != (m, n):
        # At tiny sizes some mistakes look alike (a stray factor, at one entry, looks like any).
        lines = recognise_at(*bigger, lambda _: True)
    if not lines and _value_problems(probe_outcome):
        got = probe_outcome.returned[0]
        if got is not None and got.shape != probe_outcome.expected[0].shape:
            axes = (
                TERMS[layout]["shape"]
                if not shapes.batch
                else f"(..., {TERMS[layout]['shape'][1:]}"
            )
            lines.append(
                f"wrong shape: impl returns {got.shape}; the {layout.value} layout wants "
                f"{axes} = {probe_outcome.expected[0].shape}."
            )
    if _value_problems(probe_outcome):
        lines += _batch_dependence(fails, probe, shapes.batch, _without_batch(probe, shapes.batch))
        lines += _size_dependence(
            lambda k: _value_problems(probe_at(m, k)[1]), n, "N", f" (at M = {m})"
        )
        lines += _size_dependence(
            lambda k: _value_problems(probe_at(k, n)[1]), m, "M", f" (at N = {n})"
        )
    return lines + _common(outcome, probe_outcome, "x, y, dx, dy")


# What each returned gradient may equal, in the order they are tried.
VJP_FORMULAS: Final[tuple[tuple[str, Callable[[VjpCase], F64]], ...]] = (
    ("g ⊙ y", lambda c: c.expected()[0]),
    ("g ⊙ x", lambda c: c.expected()[1]),
    ("y", lambda c: c.y.astype(np.float64)),
    ("x", lambda c: c.x.astype(np.float64)),
    ("g", lambda c: c.g.astype(np.float64)),
    ("-(g ⊙ y)", lambda c: -c.expected()[0]),
    ("-(g ⊙ x)", lambda c: -c.expected()[1]),
)


def _vjp_names(case: VjpCase, outcome: Outcome) -> list[str | None]:
    """For gx and gy, the formula from VJP_FORMULAS each equals (None if none)."""
    x, y, g = (a.astype(np.float64) for _, a in case.named())
    allowed = rounding_tolerance(case.working, (np.abs(x) + np.abs(y) + 1.0) * (np.abs(g) + 1.0))
    names: list[str | None] = []
    for got in outcome.returned:
        match = None
        if got is not None:
            for name, formula in VJP_FORMULAS:
                if _close(got, formula(case), allowed):
                    match = name
                    break
        names.append(match)
    return names


def _recognise_vjp(case: VjpCase, outcome: Outcome) -> list[str]:
    gx, gy = _vjp_names(case, outcome)
    if (gx, gy) == ("g ⊙ y", "g ⊙ x"):
        return []
    if (gx, gy) == ("g ⊙ x", "g ⊙ y"):
        return [
            "x and y swapped: impl returns (g ⊙ x, g ⊙ y). Fix: each factor's gradient is g "
            "times the OTHER factor, (gx, gy) = (g ⊙ y, g ⊙ x); check the order of the pair too."
        ]
    if (gx, gy) == ("y", "x"):
        return [
            "the incoming gradient g is not applied: impl returns (y, x), the diagonals of the "
            "Jacobians. Fix: multiply by g, (gx, gy) = (g ⊙ y, g ⊙ x)."
        ]
    lines = []
    for part, name, want in (("gx", gx, "g ⊙ y"), ("gy", gy, "g ⊙ x")):
        if name is None or name == want:
            continue
        if name == f"-({want})":
            lines.append(f"sign error: {part} is {name}. Fix: {part} = {want}, no minus sign.")
        else:
            lines.append(f"{part} is {name}, but it must be {want}.")
    for index, (part, want) in enumerate((("gx", "g ⊙ y"), ("gy", "g ⊙ x"))):
        got = outcome.returned[index]
        if got is None or (gx, gy)[index] is not None:
            continue
        c = _scale_factor(got, outcome.expected[index], outcome.tolerance[index])
        if c is not None:
            lines.append(_describe_scale(c, part, want))
    return lines


def _elementwise_shape_line(
    outcome: Outcome, shape: tuple[int, ...], parts: tuple[str, ...], why: str
) -> list[str]:
    shapes = [
        f"{part} has shape {got.shape}"
        for part, got in zip(parts, outcome.returned, strict=True)
        if got is not None and got.shape != shape
    ]
    if not shapes:
        return []
    return [f"wrong shape: {'; '.join(shapes)}; {why}, {shape}. {ELEMENTWISE_HINT}"]


ELEMENTWISE_HINT: Final = "(A Jacobian or a sum over entries instead of an element-wise product?)"


def _diagnose_elementwise(
    case: Case,
    outcome: Outcome,
    probe_case: Callable[[int, tuple[int, ...]], Case],
    run: Callable[[Case], Outcome],
    recognise: Callable[[Case, Outcome], list[str]],
    parts: tuple[str, tuple[str, ...], str],
) -> list[str]:
    """The likely mistakes of a VJP or JVP: formulas, shapes, batch and size dependence.

    ``parts`` is (argument names, the parts of the answer, what each part's shape must be).
    """
    names, answer_parts, why = parts
    # Probes keep every axis but the last; only those before the factors' axes are a batch.
    n, lead, batch = case.n_outputs, case.x.shape[:-1], case.batch_shape

    def probe_at(k: int) -> tuple[Case, Outcome]:
        probe = probe_case(k, lead)
        probe = replace(probe, batch_fixed=case.batch_fixed, output_ndim=case.output_ndim)
        return probe, run(probe)

    def fails(probe: Case) -> bool:
        return _value_problems(run(probe))

    probe, probe_outcome = probe_at(n)
    lines = recognise(probe, probe_outcome)
    if not lines and _value_problems(probe_outcome) and n < 4:
        # At one entry a stray factor looks like any other wrong value: look at four.
        lines = [f"{line} (recognised at N = 4)" for line in recognise(*probe_at(4))]
    if not lines and _value_problems(probe_outcome):
        lines = _elementwise_shape_line(probe_outcome, probe.x.shape, answer_parts, why)
    if _value_problems(probe_outcome):
        lines += _batch_dependence(fails, probe, batch, _without_batch(probe, batch))
        lines += _size_dependence(lambda k: _value_problems(probe_at(k)[1]), n, "N", "")
    return lines + _common(outcome, probe_outcome, names)


def diagnose_vjp(
    impl: VjpImpl, case: VjpCase, outcome: Outcome, library: ArrayLibrary = NUMPY
) -> list[str]:
    """The likely mistakes behind ``outcome`` on ``case``, each as one line (may be empty)."""
    return _diagnose_elementwise(
        case,
        outcome,
        lambda k, batch: probe_vjp_case(case.working, k, batch),
        lambda probe: run_vjp(impl, probe, library),
        _recognise_vjp,
        ("x, y, g", ("gx", "gy"), "each gradient has the shape of its factor"),
    )


# What a returned tangent may equal, in the order tried, with the fix for each.
JVP_FORMULAS: Final[tuple[tuple[str, str, Callable[[JvpCase], F64]], ...]] = (
    (
        "x and y swapped",
        "x ⊙ tx + y ⊙ ty. Fix: each factor is paired with the OTHER one's tangent",
        lambda c: _f64(c.x) * _f64(c.tx) + _f64(c.y) * _f64(c.ty),
    ),
    (
        "a term missing (y ⊙ tx)",
        "only x ⊙ ty. Fix: add y ⊙ tx",
        lambda c: _f64(c.x) * _f64(c.ty),
    ),
    (
        "a term missing (x ⊙ ty)",
        "only y ⊙ tx. Fix: add x ⊙ ty",
        lambda c: _f64(c.y) * _f64(c.tx),
    ),
    (
        "sign error",
        "x ⊙ ty - y ⊙ tx. Fix: add the two terms",
        lambda c: _f64(c.x) * _f64(c.ty) - _f64(c.y) * _f64(c.tx),
    ),
    (
        "sign error",
        "y ⊙ tx - x ⊙ ty. Fix: add the two terms",
        lambda c: _f64(c.y) * _f64(c.tx) - _f64(c.x) * _f64(c.ty),
    ),
    (
        "the product instead of its tangent",
        "x ⊙ y. Fix: return the tangent x ⊙ ty + y ⊙ tx",
        lambda c: _f64(c.x) * _f64(c.y),
    ),
)


def _f64(array: NDArray[Any]) -> F64:
    return array.astype(np.float64)


def _recognise_jvp(case: JvpCase, outcome: Outcome) -> list[str]:
    got = outcome.returned[0]
    if got is None:
        return []
    x, y, tx, ty = (np.abs(_f64(a)) for _, a in case.named())
    allowed = rounding_tolerance(case.working, (x + y + 1.0) * (tx + ty + 1.0))
    for name, computes, formula in JVP_FORMULAS:
        if _close(got, formula(case), allowed):
            return [f"{name}: impl computes {computes}."]
    c = _scale_factor(got, outcome.expected[0], outcome.tolerance[0])
    return [] if c is None else [_describe_scale(c, "the tangent", "x ⊙ ty + y ⊙ tx")]


def diagnose_jvp(
    impl: JvpImpl, case: JvpCase, outcome: Outcome, library: ArrayLibrary = NUMPY
) -> list[str]:
    """The likely mistakes behind ``outcome`` on ``case``, each as one line (may be empty)."""
    return _diagnose_elementwise(
        case,
        outcome,
        lambda k, batch: probe_jvp_case(case.working, k, batch),
        lambda probe: run_jvp(impl, probe, library),
        _recognise_jvp,
        ("x, y, tx, ty", ("t",), "the tangent has the shape of x ⊙ y"),
    )
