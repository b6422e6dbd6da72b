"""Assertion helpers: hold a user's implementation of the rule (or its VJP) against this one.

Each helper runs Hypothesis on the user's function, shrinks any failure to a minimal
counterexample, and raises ``AssertionError`` with the inputs, the expected and returned
values, the largest error and, when it recognises it, the likely mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

import numpy as np
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Flaky, InvalidArgument
from numpy.typing import DTypeLike, NDArray

from hadamard._layout import Layout
from hadamard.testing._cases import (
    JacobianCase,
    JacobianImpl,
    Outcome,
    VjpCase,
    VjpImpl,
    jacobian_cases,
    run_jacobian,
    run_vjp,
    vjp_cases,
)
from hadamard.testing._diagnosis import TERMS, diagnose_jacobian, diagnose_vjp
from hadamard.testing._shrinking import shrink
from hadamard.testing._strategies import (
    DEFAULT_MAX_INPUTS,
    DEFAULT_MAX_OUTPUTS,
    check_count,
    check_float_dtype,
    check_layout,
)
from hadamard.testing._tolerance import ROUNDING_FACTOR, TOLERANCE_FORMULA

__all__ = ["DEFAULT_MAX_EXAMPLES", "check_hadamard_jacobian", "check_hadamard_vjp"]

# About 0.15 s for a correct impl on a 2-core machine (python -m benchmarks.testing_helpers):
# cheap enough to stay on in every test run, and every size up to N = 16 comes up several times.
DEFAULT_MAX_EXAMPLES: Final = 200
# The impl under test may be slow or produce big inputs; neither is the user's test's fault.
SUPPRESSED: Final = (
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    HealthCheck.filter_too_much,
)

# No Phase.shrink: see _shrinking for why a structure-aware shrinker does that job here.
SEARCH_PHASES: Final = (Phase.explicit, Phase.reuse, Phase.generate)
HEADER: Final = (
    "{helper}: {impl} does not satisfy the Hadamard rule ({layout}, {dtype}):\n    {rule}\n"
)
NOT_RECOGNISED: Final = "not recognised; compare expected and returned below"
Case = TypeVar("Case", JacobianCase, VjpCase)


class _CounterexampleError(Exception):
    """Raised inside the search to end it at the first failure; never escapes this module."""


def _check_impl(impl: object, helper: str) -> None:
    if not callable(impl):
        raise InvalidArgument(
            f"{helper}: impl must be callable, got {impl!r} (type={type(impl).__name__})"
        )


def _search(
    cases: st.SearchStrategy[Case],
    evaluate: Callable[[Case], Outcome],
    max_examples: int,
) -> tuple[Case, Outcome, bool] | None:
    """The minimal failing case (and whether impl was flaky), or None if all examples pass.

    Hypothesis searches; the entry-wise shrinker in ``_shrinking`` minimises what it finds.
    """
    found: list[tuple[Case, Outcome]] = []

    # Unset options (derandomize, verbosity) follow the user's active profile; the database
    # is off so a check's result depends only on impl and the seed.
    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        phases=SEARCH_PHASES,
        report_multiple_bugs=False,
        suppress_health_check=SUPPRESSED,
    )
    @given(cases)
    def search(case: Case) -> None:
        outcome = evaluate(case)
        if outcome.failed:
            found[:] = [(case, outcome)]
            raise _CounterexampleError

    flaky = False
    try:
        search()
    except _CounterexampleError:
        pass
    except Flaky:
        if not found:
            raise
        flaky = True
    if not found:
        return None
    first, outcome = found[-1]
    # Keep the kind of failure while shrinking: a wrong value must not turn into an exception.
    small = shrink(first, lambda case: evaluate(case).kinds == outcome.kinds)
    return small, evaluate(small), flaky


def _impl_name(impl: Callable[..., Any]) -> str:
    return str(getattr(impl, "__qualname__", None) or repr(impl))


def _format_array(array: NDArray[Any], indent: int) -> str:
    text = np.array2string(
        array, separator=", ", floatmode="unique", max_line_width=100 - indent, threshold=400
    )
    return text.replace("\n", "\n" + " " * indent)


def _value_lines(named: list[tuple[str, NDArray[Any]]]) -> list[str]:
    width = max(len(name) for name, _ in named)
    lines = []
    for name, array in named:
        prefix = f"  {name:<{width}} = "
        lines.append(prefix + _format_array(array, len(prefix)))
    return lines


def _indices(values: NDArray[np.intp]) -> str:
    unique = sorted({int(v) for v in values})
    shown = ", ".join(str(v) for v in unique[:12])
    return "{" + shown + (", …" if len(unique) > 12 else "") + "}"


def _error_lines(
    outcome: Outcome, index: int, entry: Callable[[tuple[int, ...]], str], terms: str
) -> list[str]:
    """Largest error (where, absolute, relative, allowed) and where the wrong entries are."""
    got, want, allowed = outcome.returned[index], outcome.expected[index], outcome.tolerance[index]
    wrong = outcome.wrong_entries(index)
    if got is None or wrong is None or not wrong.any():
        return []
    error = np.abs(got.astype(np.complex128) - want)
    error = np.where(np.isnan(error), np.inf, error)
    at = tuple(int(i) for i in np.unravel_index(int(np.argmax(error)), error.shape))
    absolute = float(error[at])
    relative = f"{absolute / abs(want[at]):.3g}" if want[at] != 0 else "n/a (expected 0)"
    name = outcome.parts[index]
    formula = TOLERANCE_FORMULA.format(factor=ROUNDING_FACTOR, dtype=got.dtype, terms=terms)
    return [
        f"Largest error in {name}: at index {at} ({entry(at)}): absolute {absolute:.3g}, "
        f"relative {relative}; allowed there {float(allowed[at]):.3g} "
        f"(= {formula})",
        f"Wrong entries in {name}: {int(wrong.sum())} of {wrong.size}",
    ]


def _report(
    header: str,
    diagnosis: list[str],
    outcome: Outcome,
    flaky: bool,
    sizes: str,
    inputs: list[tuple[str, NDArray[Any]]],
    dtype: np.dtype[Any],
    errors: list[str],
) -> str:
    lines = [header.rstrip("\n")]
    if diagnosis:
        lines.append("Likely mistake:")
        lines += [f"  - {line}" for line in diagnosis]
    else:
        lines.append(f"Likely mistake: {NOT_RECOGNISED}.")
    if flaky:
        lines.append("  - flaky: impl gave different answers for the same input.")
    lines.append(f"Problems: {'; '.join(outcome.problems)}.")
    lines.append(f"Minimal counterexample (found by Hypothesis, then shrunk), {sizes}:")
    shown = list(inputs)
    for part, want, got in zip(outcome.parts, outcome.expected, outcome.returned, strict=True):
        shown.append((f"expected {part}", want.astype(dtype)))
        if got is not None:
            shown.append((f"returned {part}", got))
    lines += _value_lines(shown)
    for part, got in zip(outcome.parts, outcome.returned, strict=True):
        if got is not None:
            lines.append(f"  (returned {part}: shape {got.shape}, dtype {got.dtype})")
    lines += errors
    return "\n".join(lines)


def check_hadamard_jacobian(
    impl: JacobianImpl,
    *,
    layout: Layout = Layout.DENOMINATOR,
    dtype: DTypeLike = np.float64,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    max_inputs: int = DEFAULT_MAX_INPUTS,
    max_outputs: int = DEFAULT_MAX_OUTPUTS,
) -> None:
    """Assert that ``impl(x, y, dx, dy)`` returns ∂(x ⊙ y)/∂z in ``layout``, or explain why not.

    x and y are (N,) arrays; dx = ∂x/∂z and dy = ∂y/∂z are (M, N) arrays in the denominator
    layout, (N, M) in the numerator layout; all in ``dtype``. impl returns the Jacobian
    array (same shape as dx, same dtype). Sizes run over 1 ≤ M ≤ ``max_inputs`` and
    1 ≤ N ≤ ``max_outputs``, M ≠ N included. Each entry may differ from
    :func:`hadamard.hadamard_jacobian` by rounding only: 4 · eps(dtype) times the size of its
    two terms.

    Raises ``AssertionError`` with the minimal counterexample and the likely mistake.
    Options other than ``max_examples`` (e.g. ``derandomize``) follow the active Hypothesis
    profile. Inside another ``@given`` test, suppress ``HealthCheck.nested_given`` there.
    """
    _check_impl(impl, "check_hadamard_jacobian")
    chosen = check_layout(layout)
    resolved = check_float_dtype(dtype)
    examples = check_count("max_examples", max_examples, minimum=1)
    cases = jacobian_cases(
        layout=chosen,
        dtype=resolved,
        max_inputs=check_count("max_inputs", max_inputs, minimum=1),
        max_outputs=check_count("max_outputs", max_outputs, minimum=1),
    )
    result = _search(cases, lambda case: run_jacobian(impl, case), examples)
    if result is None:
        return
    case, outcome, flaky = result
    t = TERMS[chosen]
    header = HEADER.format(
        helper="check_hadamard_jacobian",
        impl=_impl_name(impl),
        layout=f"{chosen.value} layout",
        dtype=resolved,
        rule=f"∂(x ⊙ y)/∂z = {t['rule']}; x, y are (N,); dx, dy and the result are {t['shape']}",
    )

    def entry(at: tuple[int, ...]) -> str:
        j, i = at if chosen is Layout.DENOMINATOR else at[::-1]
        return f"∂(x ⊙ y)_{i}/∂z_{j}"

    errors = _error_lines(outcome, 0, entry, "|x ∂y| + |y ∂x|")
    wrong = outcome.wrong_entries(0)
    if wrong is not None and wrong.any():
        rows, cols = np.nonzero(wrong)
        inputs, outputs = (rows, cols) if chosen is Layout.DENOMINATOR else (cols, rows)
        errors[-1] += f", at outputs i ∈ {_indices(outputs)}, inputs j ∈ {_indices(inputs)}"
    sizes = (
        f"M = {case.n_inputs} input{'s' * (case.n_inputs != 1)}, "
        f"N = {case.n_outputs} output{'s' * (case.n_outputs != 1)}"
    )
    message = _report(
        header,
        diagnose_jacobian(impl, case, outcome),
        outcome,
        flaky,
        sizes,
        case.named(),
        resolved,
        errors,
    )
    raise AssertionError(message)


def check_hadamard_vjp(
    impl: VjpImpl,
    *,
    dtype: DTypeLike = np.float64,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    max_outputs: int = DEFAULT_MAX_OUTPUTS,
) -> None:
    """Assert that ``impl(x, y, g)`` returns the backprop pair (g ⊙ y, g ⊙ x), or explain why not.

    x, y and g = ∂L/∂(x ⊙ y) are (N,) arrays in ``dtype``, 1 ≤ N ≤ ``max_outputs``; impl
    returns (gx, gy) = (∂L/∂x, ∂L/∂y), each (N,) in the same dtype. Each entry may differ
    from :func:`hadamard.hadamard_vjp` by rounding only (``4 · eps(dtype) · |g ⊙ y|``).

    Raises ``AssertionError`` with the minimal counterexample and the likely mistake.
    """
    _check_impl(impl, "check_hadamard_vjp")
    resolved = check_float_dtype(dtype)
    examples = check_count("max_examples", max_examples, minimum=1)
    cases = vjp_cases(
        dtype=resolved, max_outputs=check_count("max_outputs", max_outputs, minimum=1)
    )
    result = _search(cases, lambda case: run_vjp(impl, case), examples)
    if result is None:
        return
    case, outcome, flaky = result
    header = HEADER.format(
        helper="check_hadamard_vjp",
        impl=_impl_name(impl),
        layout="backprop form, layout-free",
        dtype=resolved,
        rule="(∂L/∂x, ∂L/∂y) = (g ⊙ y, g ⊙ x) for g = ∂L/∂(x ⊙ y); every array is (N,)",
    )
    errors = _error_lines(outcome, 0, lambda at: f"∂L/∂x_{at[0]}", "|g y|")
    errors += _error_lines(outcome, 1, lambda at: f"∂L/∂y_{at[0]}", "|g x|")
    sizes = f"N = {case.n_outputs}"
    message = _report(
        header,
        diagnose_vjp(impl, case, outcome),
        outcome,
        flaky,
        sizes,
        case.named(),
        resolved,
        errors,
    )
    raise AssertionError(message)
