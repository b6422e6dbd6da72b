"""Assertion helpers: hold a user's implementation of the rule (or its VJP) against this one.

Each helper runs Hypothesis on the user's function, shrinks any failure to a minimal
counterexample, and raises ``AssertionError`` with the inputs, the expected and returned
values, the largest error and, when it recognises it, the likely mistake.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import numpy as np
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Flaky, HypothesisWarning, InvalidArgument
from numpy.typing import NDArray

from hadamard._layout import Layout
from hadamard.testing._arrays import ArrayLibrary, dtype_name, resolve_library, resolve_precision
from hadamard.testing._cases import (
    JacobianCase,
    JacobianImpl,
    JvpCase,
    JvpImpl,
    Outcome,
    Shapes,
    VjpCase,
    VjpImpl,
    jacobian_cases,
    jvp_cases,
    run_jacobian,
    run_jvp,
    run_vjp,
    vjp_cases,
)
from hadamard.testing._diagnosis import TERMS, diagnose_jacobian, diagnose_jvp, diagnose_vjp
from hadamard.testing._shrinking import shrink
from hadamard.testing._strategies import (
    DEFAULT_MAX_INPUTS,
    DEFAULT_MAX_OUTPUTS,
    DEFAULT_MAX_SIZE,
    case_shapes,
    check_count,
    check_layout,
    check_ndim,
)
from hadamard.testing._tolerance import (
    PRECISIONS,
    ROUNDING_FACTOR,
    TOLERANCE_FORMULA,
    Precision,
)

__all__ = [
    "DEFAULT_MAX_EXAMPLES",
    "check_hadamard_jacobian",
    "check_hadamard_jvp",
    "check_hadamard_vjp",
]

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
Case = TypeVar("Case", JacobianCase, VjpCase, JvpCase)


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
        with warnings.catch_warnings():
            # A failing case of 1024 entries is reported by this module, not by its repr.
            warnings.filterwarnings("ignore", "Generating overly large repr", HypothesisWarning)
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


def _error_lines(
    outcome: Outcome,
    index: int,
    entry: Callable[[tuple[int, ...]], str],
    terms: str,
    precision: Precision,
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
    # The dtype the allowance was computed for: the inputs' (the one impl really worked in).
    formula = TOLERANCE_FORMULA.format(factor=ROUNDING_FACTOR, dtype=precision.name, terms=terms)
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
    note: str = "",
) -> str:
    lines = [header.rstrip("\n")]
    if note:
        lines.append(f"Note: {note}.")
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
    returned_dtypes = outcome.dtypes or tuple(
        None if got is None else got.dtype.name for got in outcome.returned
    )
    for part, got, name in zip(outcome.parts, outcome.returned, returned_dtypes, strict=True):
        if got is not None:
            lines.append(f"  (returned {part}: shape {got.shape}, dtype {name})")
    lines += errors
    return "\n".join(lines)


def _check_precision(dtype: object, helper: str) -> Precision:
    """``dtype`` (numpy's, the library's, or a name) as a supported floating precision."""
    name: str | None = None
    try:
        resolved = np.dtype(dtype)  # type: ignore[call-overload]
    except TypeError:
        name = dtype_name(dtype)
    else:
        name = resolved.name
    if name not in PRECISIONS:
        raise InvalidArgument(
            f"{helper}: dtype={dtype!r} is not supported; expected a real floating dtype "
            "(float16, bfloat16, float32 or float64)"
        )
    return PRECISIONS[name]


def _index(at: tuple[int, ...]) -> str:
    """``"3"`` for one axis, ``"(1, 2)"`` for several."""
    return str(at[0]) if len(at) == 1 else str(at)


def _indices(values: NDArray[np.intp]) -> str:
    unique = sorted({int(v) for v in values})
    shown = ", ".join(str(v) for v in unique[:12])
    return "{" + shown + (", …" if len(unique) > 12 else "") + "}"


def _sizes(shapes: Shapes) -> str:
    batch = f"batch shape {shapes.batch}, " if shapes.batch else ""
    if len(shapes.inputs) == 1 and len(shapes.outputs) == 1:
        m, n = shapes.inputs[0], shapes.outputs[0]
        return f"{batch}M = {m} input{'s' * (m != 1)}, N = {n} output{'s' * (n != 1)}"
    return f"{batch}input shape {shapes.inputs}, output shape {shapes.outputs}"


def _elementwise_sizes(shape: tuple[int, ...], batch: tuple[int, ...]) -> str:
    """``N = 3``, ``shape (2, 3)`` (no batch axes) or ``shape (4, 3) (batch (4,))``."""
    if batch:
        return f"shape {shape} (batch {batch})"
    return f"N = {shape[0]}" if len(shape) == 1 else f"shape {shape}"


def _vector_axes(batch_ndim: int | None, letter: str, ndim: int) -> str:
    names = [letter] if ndim == 1 else [f"{letter}{k + 1}" for k in range(ndim)]
    lead = [] if batch_ndim == 0 else ["..."]
    inner = ", ".join(lead + names)
    return f"({inner},)" if batch_ndim == 0 and ndim == 1 else f"({inner})"


def _library_label(precision: Precision, library: ArrayLibrary) -> str:
    return precision.name if library.is_numpy else f"{precision.name}, {library.name} arrays"


def check_hadamard_jacobian(
    impl: JacobianImpl,
    *,
    layout: Layout = Layout.DENOMINATOR,
    xp: Any = None,
    device: Any = None,
    dtype: Any = np.float64,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    max_inputs: int = DEFAULT_MAX_INPUTS,
    max_outputs: int = DEFAULT_MAX_OUTPUTS,
    max_size: int = DEFAULT_MAX_SIZE,
    batch_ndim: int | None = None,
    input_ndim: int = 1,
    output_ndim: int = 1,
) -> None:
    """Assert that ``impl(x, y, dx, dy)`` returns ∂(x ⊙ y)/∂z in ``layout``, or explain why not.

    Parameters
    ----------
    impl : callable
        Takes x, y (shaped (..., N)) and dx = ∂x/∂z, dy = ∂y/∂z ((..., M, N) in the denominator
        layout, (..., N, M) in the numerator layout), all arrays of ``xp`` in ``dtype``; returns
        the Jacobian of x ⊙ y in the same layout, library and dtype.
    layout : Layout, default Layout.DENOMINATOR
        The layout impl takes and returns. torch's and JAX's jacobians are numerator-shaped.
    xp : module, optional
        impl's array library: ``torch``, ``jax.numpy``, ``cupy``, ``array_api_strict`` or any
        array API namespace. Default numpy. Cases are drawn in numpy and converted.
    device : optional
        Where the arrays are made (``"cuda"``, a JAX device, ...); default the library's own.
    dtype : dtype or str, default float64
        float16, bfloat16, float32 or float64 (numpy's or the library's dtype, or its name).
        Where the library gives another (JAX with 64-bit floats off gives float32), the cases
        use the one it gives, and the message says so.
    max_examples : int, default DEFAULT_MAX_EXAMPLES
        How many cases Hypothesis tries.
    max_inputs, max_outputs : int, default 12 and 16
        Usual bounds of each z axis (M) and x axis (N); M ≠ N included.
    max_size : int, default 1024
        One case in ten takes one axis past its bound, up to this size (a path that starts at
        17 or 512 entries is tried too). Set it to ``max_outputs`` to never do so.
    batch_ndim : int or None, default None
        Leading batch axes: None draws 0, 1 or 2 of them; 0 means impl takes no batch axes.
    input_ndim, output_ndim : int, default 1
        The axes of z and of x: 2 for matrices, more for tensors (the Jacobian is then
        ``(..., *z axes, *x axes)`` in the denominator layout and ``(..., *x axes, *z axes)``
        in the numerator layout).

    Raises
    ------
    AssertionError
        impl is wrong: the message has the minimal counterexample, the expected and returned
        values, the largest error and, when recognised, the likely mistake and its fix.
    hypothesis.errors.InvalidArgument
        A bad option.

    Notes
    -----
    Each entry may differ from :func:`hadamard.hadamard_jacobian` by rounding only:
    4 · eps(dtype) times the size of its two terms. Options other than ``max_examples`` (e.g.
    ``derandomize``) follow the active Hypothesis profile. Inside another ``@given`` test,
    suppress ``HealthCheck.nested_given`` there.

    Examples
    --------
    >>> def numerator_rule(x, y, dx, dy):
    ...     return x[..., :, None] * dy + y[..., :, None] * dx
    >>> check_hadamard_jacobian(numerator_rule, layout=Layout.NUMERATOR, max_examples=20)
    """
    helper = "check_hadamard_jacobian"
    _check_impl(impl, helper)
    chosen = check_layout(layout)
    library = resolve_library(xp, device, helper=helper)
    precision, note = resolve_precision(library, _check_precision(dtype, helper), helper=helper)
    examples = check_count("max_examples", max_examples, minimum=1)
    batch_axes = check_ndim("batch_ndim", batch_ndim, minimum=0, allow_none=True)
    inputs = check_count("input_ndim", input_ndim, minimum=1)
    outputs = check_count("output_ndim", output_ndim, minimum=1)
    shapes = case_shapes(
        batch_ndim=batch_axes,
        input_ndim=inputs,
        output_ndim=outputs,
        max_inputs=check_count("max_inputs", max_inputs, minimum=1),
        max_outputs=check_count("max_outputs", max_outputs, minimum=1),
        max_size=check_count("max_size", max_size, minimum=1),
        reuse=library.compiles_per_shape,
    )
    cases = jacobian_cases(
        layout=chosen,
        dtype=precision,
        max_inputs=1,
        max_outputs=1,
        shapes=shapes,
        batch_fixed=batch_axes is not None,
    )
    result = _search(cases, lambda case: run_jacobian(impl, case, library), examples)
    if result is None:
        return
    case, outcome, flaky = result
    t = TERMS[chosen]
    x_axes = _vector_axes(batch_axes, "N", outputs)
    core = chosen.core(inputs, outputs)
    core = core.replace("(..., ", "(") if batch_axes == 0 else core
    header = HEADER.format(
        helper=helper,
        impl=_impl_name(impl),
        layout=f"{chosen.value} layout",
        dtype=_library_label(precision, library),
        rule=f"∂(x ⊙ y)/∂z = {t['rule']}; x, y are {x_axes}; dx, dy and the result are {core}",
    )
    axes = case.shapes
    b = len(axes.batch)

    def groups(at: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        body = at[b:]
        if chosen is Layout.DENOMINATOR:
            return at[:b], body[:inputs], body[inputs:]
        return at[:b], body[outputs:], body[:outputs]

    def entry(at: tuple[int, ...]) -> str:
        batch, j, i = groups(at)
        item = f"batch item {_index(batch)}: " if batch else ""
        return f"{item}∂(x ⊙ y)_{_index(i)}/∂z_{_index(j)}"

    errors = _error_lines(outcome, 0, entry, "|x ∂y| + |y ∂x|", precision)
    wrong = outcome.wrong_entries(0)
    if wrong is not None and wrong.any():
        where = np.argwhere(wrong)
        split = [groups(tuple(int(k) for k in row)) for row in where]
        flat_out = np.array([np.ravel_multi_index(i, axes.outputs) for _, _, i in split])
        flat_in = np.array([np.ravel_multi_index(j, axes.inputs) for _, j, _ in split])
        errors[-1] += f", at outputs i ∈ {_indices(flat_out)}, inputs j ∈ {_indices(flat_in)}"
        if b:
            items = np.array([np.ravel_multi_index(batch, axes.batch) for batch, _, _ in split])
            errors[-1] += f", batch items ∈ {_indices(items)}"
    message = _report(
        header,
        diagnose_jacobian(impl, case, outcome, library),
        outcome,
        flaky,
        _sizes(axes),
        case.named(),
        case.dtype,
        errors,
        note,
    )
    raise AssertionError(message)


def _elementwise_shapes(
    batch_ndim: object,
    output_ndim: object,
    max_outputs: object,
    max_size: object,
    library: ArrayLibrary,
) -> tuple[int | None, Callable[[np.random.Generator], tuple[int, ...]]]:
    """Checked options and the shapes of an element-wise helper's arrays (batch, then x's)."""
    batch_axes = check_ndim("batch_ndim", batch_ndim, minimum=0, allow_none=True)
    shapes = case_shapes(
        batch_ndim=batch_axes,
        input_ndim=0,
        output_ndim=check_count("output_ndim", output_ndim, minimum=1),
        max_inputs=1,
        max_outputs=check_count("max_outputs", max_outputs, minimum=1),
        max_size=check_count("max_size", max_size, minimum=1),
        reuse=library.compiles_per_shape,
    )
    return batch_axes, lambda rng: (*(drawn := shapes(rng)).batch, *drawn.outputs)


@dataclass(frozen=True)
class ElementwiseForm:
    """What tells the VJP and JVP helpers apart: texts, and how to draw, run and diagnose."""

    layout: str
    rule: str
    errors: tuple[tuple[int, str, str], ...]  # (part, entry name, the terms of its allowance)
    cases: Callable[..., st.SearchStrategy[Any]]
    run: Callable[[Any, Any, ArrayLibrary], Outcome]
    diagnose: Callable[[Any, Any, Outcome, ArrayLibrary], list[str]]


def _entry_label(name: str) -> Callable[[tuple[int, ...]], str]:
    """``∂L/∂x_3`` (or ``t_(1, 2)``): an entry of the part called ``name``."""
    return lambda at: f"{name}_{_index(at)}"


def _check_elementwise(
    helper: str,
    impl: Callable[..., Any],
    form: ElementwiseForm,
    *,
    xp: Any,
    device: Any,
    dtype: Any,
    max_examples: int,
    max_outputs: int,
    max_size: int,
    batch_ndim: int | None,
    output_ndim: int,
) -> None:
    """The search and the report of an element-wise helper (all arrays of one shape)."""
    _check_impl(impl, helper)
    library = resolve_library(xp, device, helper=helper)
    precision, note = resolve_precision(library, _check_precision(dtype, helper), helper=helper)
    examples = check_count("max_examples", max_examples, minimum=1)
    batch_axes, shapes = _elementwise_shapes(
        batch_ndim, output_ndim, max_outputs, max_size, library
    )
    cases = form.cases(
        dtype=precision,
        max_outputs=1,
        shapes=shapes,
        batch_fixed=batch_axes is not None,
        output_ndim=output_ndim,
    )
    result = _search(cases, lambda case: form.run(impl, case, library), examples)
    if result is None:
        return
    case, outcome, flaky = result
    header = HEADER.format(
        helper=helper,
        impl=_impl_name(impl),
        layout=form.layout,
        dtype=_library_label(precision, library),
        rule=form.rule.format(axes=_vector_axes(batch_axes, "N", output_ndim)),
    )
    errors: list[str] = []
    for index, name, terms in form.errors:
        errors += _error_lines(outcome, index, _entry_label(name), terms, precision)
    message = _report(
        header,
        form.diagnose(impl, case, outcome, library),
        outcome,
        flaky,
        _elementwise_sizes(case.x.shape, case.batch_shape),
        case.named(),
        case.dtype,
        errors,
        note,
    )
    raise AssertionError(message)


def check_hadamard_vjp(
    impl: VjpImpl,
    *,
    xp: Any = None,
    device: Any = None,
    dtype: Any = np.float64,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    max_outputs: int = DEFAULT_MAX_OUTPUTS,
    max_size: int = DEFAULT_MAX_SIZE,
    batch_ndim: int | None = None,
    output_ndim: int = 1,
) -> None:
    """Assert that ``impl(x, y, g)`` returns the backprop pair (g ⊙ y, g ⊙ x), or explain why not.

    Parameters
    ----------
    impl : callable
        Takes x, y and g = ∂L/∂(x ⊙ y), arrays of one shape (..., N) of ``xp`` in ``dtype``;
        returns (gx, gy) = (∂L/∂x, ∂L/∂y), each of that shape, library and dtype. Tensors that
        require grad are read back detached.
    xp, device, dtype, max_examples, max_size, batch_ndim
        As for :func:`check_hadamard_jacobian`.
    max_outputs : int, default 16
        Usual bound of each axis of x.
    output_ndim : int, default 1
        The axes of x after the batch axes (2 for matrices).

    Raises
    ------
    AssertionError
        impl is wrong; the message has the minimal counterexample and the likely mistake.
    hypothesis.errors.InvalidArgument
        A bad option.

    Notes
    -----
    Each entry may differ from :func:`hadamard.hadamard_vjp` by rounding only
    (``4 · eps(dtype) · |g ⊙ y|``).

    Examples
    --------
    >>> check_hadamard_vjp(lambda x, y, g: (g * y, g * x), max_examples=20)
    """
    _check_elementwise(
        "check_hadamard_vjp",
        impl,
        ElementwiseForm(
            layout="backprop form, layout-free",
            rule="(∂L/∂x, ∂L/∂y) = (g ⊙ y, g ⊙ x) for g = ∂L/∂(x ⊙ y); every array is {axes}",
            errors=((0, "∂L/∂x", "|g y|"), (1, "∂L/∂y", "|g x|")),
            cases=vjp_cases,
            run=run_vjp,
            diagnose=diagnose_vjp,
        ),
        xp=xp,
        device=device,
        dtype=dtype,
        max_examples=max_examples,
        max_outputs=max_outputs,
        max_size=max_size,
        batch_ndim=batch_ndim,
        output_ndim=output_ndim,
    )


def check_hadamard_jvp(
    impl: JvpImpl,
    *,
    xp: Any = None,
    device: Any = None,
    dtype: Any = np.float64,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    max_outputs: int = DEFAULT_MAX_OUTPUTS,
    max_size: int = DEFAULT_MAX_SIZE,
    batch_ndim: int | None = None,
    output_ndim: int = 1,
) -> None:
    """Assert that ``impl(x, y, tx, ty)`` returns the tangent x ⊙ ty + y ⊙ tx, or explain why not.

    Parameters
    ----------
    impl : callable
        Takes x, y and their tangents tx, ty, arrays of one shape (..., N) of ``xp`` in
        ``dtype``; returns the tangent of x ⊙ y, of that shape, library and dtype.
    xp, device, dtype, max_examples, max_outputs, max_size, batch_ndim, output_ndim
        As for :func:`check_hadamard_vjp`.

    Raises
    ------
    AssertionError
        impl is wrong; the message has the minimal counterexample and the likely mistake.
    hypothesis.errors.InvalidArgument
        A bad option.

    Notes
    -----
    Each entry may differ from :func:`hadamard.hadamard_jvp` by rounding only
    (``4 · eps(dtype) · (|x ty| + |y tx|)``); cases where the two terms nearly cancel are drawn.

    Examples
    --------
    >>> check_hadamard_jvp(lambda x, y, tx, ty: x * ty + y * tx, max_examples=20)
    """
    _check_elementwise(
        "check_hadamard_jvp",
        impl,
        ElementwiseForm(
            layout="forward form, layout-free",
            rule="t = x ⊙ ty + y ⊙ tx, the tangent of x ⊙ y along (tx, ty); every array is {axes}",
            errors=((0, "t", "|x ty| + |y tx|"),),
            cases=jvp_cases,
            run=run_jvp,
            diagnose=diagnose_jvp,
        ),
        xp=xp,
        device=device,
        dtype=dtype,
        max_examples=max_examples,
        max_outputs=max_outputs,
        max_size=max_size,
        batch_ndim=batch_ndim,
        output_ndim=output_ndim,
    )
