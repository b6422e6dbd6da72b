"""Bad input to the numeric core: one table of calls, each pinned to its error type and wording.

In the manner of Hypothesis's ``tests/cover/test_direct_strategies.py``: a parametrized list of
(callable, args, kwargs) with readable ids. Every message must name the argument at fault, its
shape and, where there is one, the layout and the inferred M and N.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest

from hadamard import (
    DenominatorJacobian,
    Layout,
    NumeratorJacobian,
    ShapeError,
    hadamard_jacobian,
    hadamard_jvp,
    hadamard_vjp,
)

D = DenominatorJacobian
N = NumeratorJacobian

V3 = np.ones(3)  # x, y with N = 3
D23 = D(np.ones((2, 3)))  # M = 2, N = 3, denominator layout
N32 = N(np.ones((3, 2)))  # the same sizes, numerator layout


def _read_only(shape: tuple[int, ...]) -> np.ndarray[Any, np.dtype[np.float64]]:
    array = np.zeros(shape)
    array.flags.writeable = False
    return array


def case(
    case_id: str,
    func: Callable[..., object],
    args: Sequence[object],
    error: type[BaseException],
    *fragments: str,
    **kwargs: object,
) -> Any:
    """One row of the table: ``func(*args, **kwargs)`` raises ``error`` naming ``fragments``."""
    return pytest.param(func, tuple(args), kwargs, error, fragments, id=case_id)


BAD_CALLS = [
    # --- wrong number of dimensions -------------------------------------------------------
    case(
        "jacobian-x-0d",
        hadamard_jacobian,
        [np.float64(1.0), V3, D23, D23],
        ShapeError,
        "x must have at least 1 dimension, shaped (..., N), got shape ()",
    ),
    case(
        "jacobian-y-0d",
        hadamard_jacobian,
        [V3, 2.0, D23, D23],
        ShapeError,
        "y must have at least 1 dimension, shaped (..., N), got shape ()",
    ),
    case(
        "denominator-jacobian-1d",
        D,
        [np.ones(3)],
        ShapeError,
        "DenominatorJacobian(array)",
        "at least 2 dimensions",
        "(..., M, N) in the denominator layout",
        "got shape (3,)",
    ),
    case(
        "numerator-jacobian-0d",
        N,
        [np.float64(0.0)],
        ShapeError,
        "NumeratorJacobian(array)",
        "(..., N, M) in the numerator layout",
        "got shape ()",
    ),
    # --- mismatched N ---------------------------------------------------------------------
    case(
        "jacobian-y-N-mismatch",
        hadamard_jacobian,
        [V3, np.ones(4), D23, D23],
        ShapeError,
        "denominator layout",
        "(..., M, N)",
        "y has N=4 outputs but x has N=3",
        "inferred M=2, N=3",
        "y=(4,)",
    ),
    case(
        "jacobian-dx-N-mismatch-denominator",
        hadamard_jacobian,
        [V3, V3, D(np.ones((2, 4))), D23],
        ShapeError,
        "denominator layout",
        "dx has N=4 outputs but x has N=3",
        "dx=(2, 4)",
    ),
    case(
        "jacobian-dy-N-mismatch-numerator",
        hadamard_jacobian,
        [V3, V3, N32, N(np.ones((4, 2)))],
        ShapeError,
        "numerator layout",
        "(..., N, M)",
        "dy has N=4 outputs but x has N=3",
        "dy=(4, 2)",
    ),
    case(
        "jacobian-transposed-array-denominator",
        hadamard_jacobian,
        [V3, V3, D(np.ones((3, 2))), D(np.ones((3, 2)))],
        ShapeError,
        "denominator layout",
        "dx has N=2 outputs but x has N=3",
        "inferred M=3, N=3",
    ),
    # --- mismatched M between dx and dy ---------------------------------------------------
    case(
        "jacobian-M-mismatch-denominator",
        hadamard_jacobian,
        [V3, V3, D23, D(np.ones((5, 3)))],
        ShapeError,
        "denominator layout",
        "dy has M=5 inputs but dx has M=2",
        "inferred M=2, N=3",
        "dx=(2, 3), dy=(5, 3)",
    ),
    case(
        "jacobian-M-mismatch-numerator",
        hadamard_jacobian,
        [V3, V3, N32, N(np.ones((3, 5)))],
        ShapeError,
        "numerator layout",
        "dy has M=5 inputs but dx has M=2",
        "dy=(3, 5)",
    ),
    # --- mixed layouts and plain arrays ---------------------------------------------------
    case(
        "jacobian-mixed-denominator-numerator",
        hadamard_jacobian,
        [V3, V3, D23, N32],
        TypeError,
        "dx is a DenominatorJacobian but dy is a NumeratorJacobian",
        "dy.to_denominator()",
        "M=2, N=3, shape (3, 2)",
    ),
    case(
        "jacobian-mixed-numerator-denominator",
        hadamard_jacobian,
        [V3, V3, N32, D23],
        TypeError,
        "dx is a NumeratorJacobian but dy is a DenominatorJacobian",
        "dy.to_numerator()",
        "shape (2, 3)",
    ),
    case(
        "jacobian-dx-plain-array",
        hadamard_jacobian,
        [V3, V3, np.ones((2, 3)), D23],
        TypeError,
        "dx must be a DenominatorJacobian or a NumeratorJacobian",
        "got ndarray of shape (2, 3)",
        "DenominatorJacobian(dx)",
        "NumeratorJacobian(dx)",
    ),
    case(
        "jacobian-dy-list",
        hadamard_jacobian,
        [V3, V3, D23, [[1.0, 2.0, 3.0]]],
        TypeError,
        "dy must be a DenominatorJacobian or a NumeratorJacobian",
        "got list; wrap the array",
    ),
    case(
        "jacobian-dx-none",
        hadamard_jacobian,
        [V3, V3, None, D23],
        TypeError,
        "dx must be",
        "NoneType",
    ),
    case(
        "jacobian-layout-enum-as-jacobian",
        hadamard_jacobian,
        [V3, V3, Layout.DENOMINATOR, D23],
        TypeError,
        "dx must be",
        "got Layout",
    ),
    # --- refused dtypes ---------------------------------------------------------------------
    case(
        "jacobian-x-bool",
        hadamard_jacobian,
        [np.ones(3, dtype=bool), V3, D23, D23],
        TypeError,
        "x has dtype bool of kind 'b' and shape (3,); the rule needs integer, real floating or "
        "complex values (bool, object, string and datetime arrays are refused)",
    ),
    case(
        "jacobian-y-object",
        hadamard_jacobian,
        [V3, np.array([1, 2, 3], dtype=object), D23, D23],
        TypeError,
        "y has dtype object",
        "refused",
    ),
    case(
        "jacobian-x-str",
        hadamard_jacobian,
        [np.array(["a", "b", "c"]), V3, D23, D23],
        TypeError,
        "x has dtype <U1",
        "string",
    ),
    case(
        "jacobian-y-datetime",
        hadamard_jacobian,
        [V3, np.array(["2020-01-01"] * 3, dtype="datetime64[D]"), D23, D23],
        TypeError,
        "y has dtype datetime64[D]",
        "datetime",
    ),
    case(
        "jacobian-y-timedelta",
        hadamard_jacobian,
        [V3, np.zeros(3, dtype="timedelta64[s]"), D23, D23],
        TypeError,
        "y has dtype timedelta64[s]",
        "kind 'm'",
    ),
    case(
        "denominator-jacobian-bool",
        D,
        [np.ones((2, 3), dtype=bool)],
        TypeError,
        "DenominatorJacobian(array) has dtype bool",
        "shape (2, 3)",
    ),
    case(
        "numerator-jacobian-bytes",
        N,
        [np.array([[b"a"]])],
        TypeError,
        "NumeratorJacobian(array) has dtype |S1",
    ),
    case(
        "vjp-x-none",
        hadamard_vjp,
        [None, V3, V3],
        TypeError,
        "x has dtype object (from a NoneType)",
    ),
    case(
        "vjp-x-ragged-list",
        hadamard_vjp,
        [[[1.0], [1.0, 2.0]], V3, V3],
        TypeError,
        "x must be a numeric array, got list",
        "inhomogeneous",
    ),
    # --- bad out= ---------------------------------------------------------------------------
    case(
        "jacobian-out-wrong-shape",
        hadamard_jacobian,
        [V3, V3, D23, D23],
        ShapeError,
        "denominator layout",
        "out has shape (3, 2) but the result has shape (2, 3)",
        out=np.empty((3, 2)),
    ),
    case(
        "jacobian-out-missing-batch",
        hadamard_jacobian,
        [np.ones((4, 3)), V3, N32, N32],
        ShapeError,
        "numerator layout",
        "out has shape (3, 2) but the result has shape (4, 3, 2)",
        out=np.empty((3, 2)),
    ),
    case(
        "jacobian-out-list",
        hadamard_jacobian,
        [V3, V3, D23, D23],
        TypeError,
        "out must be a numpy array, got list",
        out=[[0.0] * 3] * 2,
    ),
    case(
        "jacobian-out-int-dtype",
        hadamard_jacobian,
        [V3, V3, D23, D23],
        TypeError,
        "out has dtype int64, which cannot hold float64 results",
        out=np.empty((2, 3), dtype=np.int64),
    ),
    case(
        "jacobian-out-real-for-complex",
        hadamard_jacobian,
        [V3 * 1j, V3, D23, D23],
        TypeError,
        "out has dtype float64, which cannot hold complex128 results",
        out=np.empty((2, 3)),
    ),
    case(
        "jacobian-out-read-only",
        hadamard_jacobian,
        [V3, V3, D23, D23],
        ValueError,
        "denominator layout",
        "out is read-only",
        out=_read_only((2, 3)),
    ),
    # --- batch dimensions that do not broadcast ---------------------------------------------
    case(
        "jacobian-batch-x-y",
        hadamard_jacobian,
        [np.ones((2, 3)), np.ones((4, 3)), D23, D23],
        ShapeError,
        "leading batch dimensions do not broadcast",
        "x: (2,), y: (4,)",
        "x=(2, 3), y=(4, 3)",
    ),
    case(
        "jacobian-batch-dx",
        hadamard_jacobian,
        [np.ones((2, 3)), V3, D(np.ones((5, 2, 3))), D23],
        ShapeError,
        "denominator layout",
        "do not broadcast",
        "x: (2,), y: (), dx: (5,), dy: ()",
    ),
    # --- vjp / jvp ----------------------------------------------------------------------------
    case(
        "vjp-g-N-mismatch",
        hadamard_vjp,
        [V3, V3, np.ones(2)],
        ShapeError,
        "hadamard_vjp(x, y, g): g has N=2 but x has N=3",
        "g=(2,)",
    ),
    case(
        "vjp-y-N-mismatch",
        hadamard_vjp,
        [V3, np.ones((2, 4)), V3],
        ShapeError,
        "y has N=4 but x has N=3",
        "y=(2, 4)",
    ),
    case(
        "vjp-batch",
        hadamard_vjp,
        [np.ones((2, 3)), V3, np.ones((3, 3))],
        ShapeError,
        "hadamard_vjp(x, y, g): leading batch dimensions do not broadcast",
        "g: (3,)",
        "; shapes: x=(2, 3), y=(3,), g=(3, 3)",
    ),
    case(
        "vjp-g-0d",
        hadamard_vjp,
        [V3, V3, 1.0],
        ShapeError,
        "g must have at least 1 dimension",
    ),
    case(
        "vjp-g-str",
        hadamard_vjp,
        [V3, V3, "abc"],
        TypeError,
        "g has dtype <U3",
    ),
    case(
        "jvp-tx-N-mismatch",
        hadamard_jvp,
        [V3, V3, np.ones(2), V3],
        ShapeError,
        "hadamard_jvp(x, y, tx, ty): tx has N=2 but x has N=3",
    ),
    case(
        "jvp-y-N-mismatch",
        hadamard_jvp,
        [V3, np.ones(4), V3, V3],
        ShapeError,
        "hadamard_jvp(x, y, tx, ty): y has N=4 but x has N=3",
    ),
    case(
        "jvp-ty-batch",
        hadamard_jvp,
        [np.ones((2, 3)), V3, V3, np.ones((4, 3))],
        ShapeError,
        "hadamard_jvp",
        "do not broadcast",
        "ty: (4,)",
    ),
    case(
        "jvp-tx-0d",
        hadamard_jvp,
        [V3, V3, np.float64(2.0), V3],
        ShapeError,
        "tx must have at least 1 dimension",
    ),
    case(
        "jvp-ty-object",
        hadamard_jvp,
        [V3, V3, V3, np.array([None, None, None])],
        TypeError,
        "ty has dtype object",
    ),
    case(
        "jvp-given-jacobians",
        hadamard_jvp,
        [V3, V3, D23, D23],
        TypeError,
        "tx has dtype object (from a DenominatorJacobian)",
    ),
    # --- layout names -------------------------------------------------------------------------
    case(
        "layout-parse-unknown",
        Layout.parse,
        ["sideways"],
        ValueError,
        "--layout='sideways' is not a layout",
        "'numerator', 'denominator'",
        argument="--layout",
    ),
    case(
        "layout-parse-default-argument-name",
        Layout.parse,
        ["columns"],
        ValueError,
        "layout='columns' is not a layout",
    ),
]


@pytest.mark.parametrize(("func", "args", "kwargs", "error", "fragments"), BAD_CALLS)
def test_bad_input_is_refused_with_a_clear_message(
    func: Callable[..., object],
    args: tuple[object, ...],
    kwargs: dict[str, object],
    error: type[BaseException],
    fragments: tuple[str, ...],
) -> None:
    with pytest.raises(error) as info:
        func(*args, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"


def test_the_table_is_large_enough() -> None:
    assert len(BAD_CALLS) >= 40
    ids = [param.id for param in BAD_CALLS]
    assert len(set(ids)) == len(ids)


def test_shape_errors_are_value_errors_and_type_errors_are_not_shape_errors() -> None:
    # Users may catch either ValueError or ShapeError; mixed layouts are a TypeError only.
    with pytest.raises(ValueError, match="inferred M=2, N=3"):
        hadamard_jacobian(V3, np.ones(4), D23, D23)
    numerator: Any = N32  # mypy rejects the mixed call statically; this checks the runtime
    with pytest.raises(TypeError) as info:
        hadamard_jacobian(V3, V3, D23, numerator)
    assert not isinstance(info.value, ShapeError)
