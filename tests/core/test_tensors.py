"""Batches, matrices and tensors: one convention for every shape, checked against autodiff.

The seed's "vectors (or matrices)" case: X and Y of shape (P, Q), or vectors, depending on z of
shape (M,) or (M1, M2). The oracles are ``jax.jacrev`` and ``torch.func.jacrev`` of X ⊙ Y, which
return output axes before input axes: the numerator layout. The denominator layout puts the input
axes first; batch axes lead in both. Flattened, ∂vec(X ⊙ Y)/∂vec(Z) is the vector rule.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from hadamard import DenominatorJacobian, Layout, NumeratorJacobian, ShapeError, hadamard_jacobian
from tests.core.backends import Backend, backend

Array = NDArray[Any]

# (z's shape, X's shape): vectors, a matrix X, a matrix z, both matrices, and a scalar z.
SHAPES = [((3,), (4,)), ((3,), (4, 5)), ((2, 3), (4,)), ((2, 3), (4, 2)), ((), (3, 2))]
IDS = [f"z{z}-X{o}" for z, o in SHAPES]


def parameters(seed: int, z_shape: tuple[int, ...], out_shape: tuple[int, ...]) -> list[Array]:
    rng = np.random.default_rng(seed)
    m, n = math.prod(z_shape), math.prod(out_shape)
    return [rng.standard_normal(shape) / max(m, 1) ** 0.5 for shape in [(n, m), (n,), (n, m)]]


def functions(
    lib: Any, params: list[Any], out_shape: tuple[int, ...]
) -> tuple[Callable[..., Any], ...]:
    """X(z) = tanh(A vec z + b) and Y(z) = sin(C vec z) + (vec z · vec z)/4, shaped out_shape."""
    a, b, c = params

    def x(z: Any) -> Any:
        return lib.reshape(lib.tanh(a @ lib.reshape(z, (-1,)) + b), out_shape)

    def y(z: Any) -> Any:
        flat = lib.reshape(z, (-1,))
        return lib.reshape(lib.sin(c @ flat) + lib.sum(flat * flat) / 4, out_shape)

    def product(z: Any) -> Any:
        return x(z) * y(z)

    return x, y, product


def to_denominator(numerator: Array, batch: int, inputs: int, outputs: int) -> Array:
    """Move z's axes in front of X's, after the batch axes."""
    order = [*range(batch), *range(batch + outputs, batch + outputs + inputs)]
    order += list(range(batch, batch + outputs))
    return np.transpose(numerator, order)


def rule(layout: Layout, x: Any, y: Any, jx: Any, jy: Any, inputs: int, outputs: int) -> Any:
    if layout is Layout.DENOMINATOR:
        return hadamard_jacobian(
            x, y, DenominatorJacobian(jx, inputs, outputs), DenominatorJacobian(jy, inputs, outputs)
        ).array
    return hadamard_jacobian(
        x, y, NumeratorJacobian(jx, inputs, outputs), NumeratorJacobian(jy, inputs, outputs)
    ).array


def _autodiff(oracle: str) -> tuple[Backend, Any, Callable[..., Any], Callable[..., Any]]:
    """The backend, its module, its jacrev and its vmap (for JAX, under jit)."""
    if oracle == "jax.jacrev":
        lib = backend("jax")
        import jax
        import jax.numpy as jnp

        # Compiled: one XLA compilation per function instead of one per primitive and shape.
        return lib, jnp, jax.jacrev, lambda f: jax.jit(jax.vmap(f))
    lib = backend("torch")
    import torch
    from torch.func import jacrev, vmap

    return lib, torch, jacrev, vmap


@functools.cache
def autodiff_case(
    oracle: str, z_shape: tuple[int, ...], out_shape: tuple[int, ...], batch: int
) -> tuple[Backend, list[Any], Array]:
    """x, y, ∂x/∂z, ∂y/∂z (numerator, by the oracle's jacrev) at ``batch`` points z, and the
    oracle's jacrev of X ⊙ Y, mapped over the points by the oracle's vmap."""
    lib, module, jacrev, vmap = _autodiff(oracle)
    params = [lib.asarray(p) for p in parameters(1, z_shape, out_shape)]
    x, y, product = functions(module, params, out_shape)
    z = lib.asarray(np.random.default_rng(2).standard_normal((batch, *z_shape)))
    values = [vmap(x)(z), vmap(y)(z), vmap(jacrev(x))(z), vmap(jacrev(y))(z)]
    return lib, values, lib.to_numpy(vmap(jacrev(product))(z))


ORACLES = ["jax.jacrev", "torch.func.jacrev"]


@pytest.mark.parametrize("oracle", ORACLES)
@pytest.mark.parametrize("layout", list(Layout), ids=lambda lay: lay.value)
@pytest.mark.parametrize(("z_shape", "out_shape"), SHAPES, ids=IDS)
def test_tensor_rule_matches_jacrev_of_the_product(
    oracle: str, layout: Layout, z_shape: tuple[int, ...], out_shape: tuple[int, ...]
) -> None:
    lib, (x, y, jx, jy), truth = autodiff_case(oracle, z_shape, out_shape, 2)
    inputs, outputs = len(z_shape), len(out_shape)
    if layout is Layout.DENOMINATOR:
        truth = to_denominator(truth, 1, inputs, outputs)
        jx, jy = (
            lib.asarray(to_denominator(lib.to_numpy(j), 1, inputs, outputs)) for j in (jx, jy)
        )
    got = rule(layout, x, y, jx, jy, inputs, outputs)
    assert lib.is_own(got)
    expected_shape = (
        (2, *z_shape, *out_shape) if layout is Layout.DENOMINATOR else (2, *out_shape, *z_shape)
    )
    assert tuple(got.shape) == truth.shape == expected_shape
    np.testing.assert_allclose(lib.to_numpy(got), truth, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("layout", list(Layout), ids=lambda lay: lay.value)
@pytest.mark.parametrize(("z_shape", "out_shape"), SHAPES, ids=IDS)
def test_flattened_tensor_rule_is_the_vector_rule(
    xp: Backend, layout: Layout, z_shape: tuple[int, ...], out_shape: tuple[int, ...]
) -> None:
    """∂vec(X ⊙ Y)/∂vec(Z): the tensor answer, flattened, is the vector rule on vec X, vec Y."""
    rng = np.random.default_rng(3)
    batch, m, n = (3,), math.prod(z_shape), math.prod(out_shape)
    core = (*z_shape, *out_shape) if layout is Layout.DENOMINATOR else (*out_shape, *z_shape)
    x, y = rng.standard_normal((*batch, *out_shape)), rng.standard_normal((*batch, *out_shape))
    jx, jy = rng.standard_normal((*batch, *core)), rng.standard_normal((*batch, *core))
    inputs, outputs = len(z_shape), len(out_shape)
    xa, ya, jxa, jya = (xp.asarray(a) for a in (x, y, jx, jy))
    tensor = xp.to_numpy(rule(layout, xa, ya, jxa, jya, inputs, outputs))
    flat_core = (m, n) if layout is Layout.DENOMINATOR else (n, m)
    vector = rule(
        layout,
        x.reshape(*batch, n),
        y.reshape(*batch, n),
        jx.reshape(*batch, *flat_core),
        jy.reshape(*batch, *flat_core),
        1,
        1,
    )
    np.testing.assert_array_equal(tensor.reshape(*batch, *flat_core), vector)


def test_the_issues_example_shapes() -> None:
    """X of shape (P, Q) = (4, 5) and z of shape (M,) = (3,): (M, P, Q) and (P, Q, M)."""
    x = np.ones((4, 5))
    den = DenominatorJacobian(np.ones((3, 4, 5)), input_ndim=1, output_ndim=2)
    num = NumeratorJacobian(np.ones((4, 5, 3)), input_ndim=1, output_ndim=2)
    assert hadamard_jacobian(x, x, den, den).array.shape == (3, 4, 5)
    assert hadamard_jacobian(x, x, num, num).array.shape == (4, 5, 3)
    for j in (den, num):
        assert (j.input_shape, j.output_shape, j.batch_shape) == ((3,), (4, 5), ())
        assert (j.n_inputs, j.n_outputs) == (3, 20)
    # Without output_ndim=2 the same array is read as a batch of 3 Jacobians (4, 5): x must then
    # have 5 outputs per row, and a (4, 5) x is 4 of them, which does not broadcast with 3.
    with pytest.raises(ShapeError, match=r"leading batch dimensions do not broadcast"):
        hadamard_jacobian(
            x, x, DenominatorJacobian(np.ones((3, 4, 5))), DenominatorJacobian(np.ones((3, 4, 5)))
        )


def test_a_batch_of_matrix_jacobians_broadcasts_against_one_x() -> None:
    rng = np.random.default_rng(4)
    x, y = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    jx, jy = rng.standard_normal((2, 3, 4, 5)), rng.standard_normal((2, 3, 4, 5))
    got = hadamard_jacobian(
        x, y, DenominatorJacobian(jx, output_ndim=2), DenominatorJacobian(jy, output_ndim=2)
    )
    assert got.batch_shape == (2,)
    np.testing.assert_array_equal(got.array, jy * x + jx * y)


TENSOR_ERRORS = [
    (
        "x-output-shape",
        lambda: hadamard_jacobian(
            np.ones((4, 6)),
            np.ones((4, 6)),
            DenominatorJacobian(np.ones((3, 4, 5)), output_ndim=2),
            DenominatorJacobian(np.ones((3, 4, 5)), output_ndim=2),
        ),
        r"hadamard_jacobian \(denominator layout, dx and dy are \(\.\.\., M, N1, N2\)\): dx has "
        r"N=\(4, 5\) outputs but x has N=\(4, 6\); inferred M=\(3,\), N=\(4, 6\); shapes: "
        r"x=\(4, 6\), y=\(4, 6\), dx=\(3, 4, 5\), dy=\(3, 4, 5\)",
    ),
    (
        "input-shape",
        lambda: hadamard_jacobian(
            np.ones(5),
            np.ones(5),
            NumeratorJacobian(np.ones((5, 2, 3)), input_ndim=2),
            NumeratorJacobian(np.ones((5, 3, 2)), input_ndim=2),
        ),
        r"numerator layout, dx and dy are \(\.\.\., N, M1, M2\)\): dy has M=\(3, 2\) inputs "
        r"but dx has M=\(2, 3\)",
    ),
    (
        "different-axis-counts",
        lambda: hadamard_jacobian(
            np.ones((4, 5)),
            np.ones((4, 5)),
            DenominatorJacobian(np.ones((3, 4, 5)), output_ndim=2),
            DenominatorJacobian(np.ones((3, 4, 5))),
        ),
        r"dy has input_ndim=1, output_ndim=1 but dx has input_ndim=1, output_ndim=2; wrap both "
        r"with the same axes",
    ),
    (
        "too-few-axes",
        lambda: DenominatorJacobian(np.ones((3, 4)), input_ndim=2, output_ndim=1),
        r"DenominatorJacobian\(array\) must have at least 3 dimensions, shaped \(\.\.\., M1, M2, "
        r"N\) in the denominator layout, got shape \(3, 4\)",
    ),
    (
        "x-too-few-axes",
        lambda: hadamard_jacobian(
            np.ones(5),
            np.ones(5),
            DenominatorJacobian(np.ones((3, 4, 5)), output_ndim=2),
            DenominatorJacobian(np.ones((3, 4, 5)), output_ndim=2),
        ),
        r"x must have at least 2 dimensions, shaped \(\.\.\., N1, N2\), got shape \(5,\)",
    ),
]


@pytest.mark.parametrize(
    ("call", "message"), [e[1:] for e in TENSOR_ERRORS], ids=[e[0] for e in TENSOR_ERRORS]
)
def test_tensor_shape_errors_name_the_argument_its_shape_and_the_layout(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ShapeError, match=message) as info:
        call()
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"input_ndim": -1}, ValueError, r"input_ndim=-1 must be at least 0"),
        ({"output_ndim": 1.0}, TypeError, r"output_ndim must be a non-negative integer, got 1\.0"),
        ({"input_ndim": True}, TypeError, r"input_ndim must be a non-negative integer, got True"),
    ],
)
def test_axis_counts_must_be_non_negative_integers(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=r"NumeratorJacobian\(array\): " + message):
        NumeratorJacobian(np.ones((2, 2)), **kwargs)


# --- what the compiled loop is given: z's and x's axes merged, when no copy is needed ----------


@pytest.mark.parametrize(
    ("layout", "shape", "merged"),
    [
        (Layout.DENOMINATOR, (5, 2, 3, 4), (5, 6, 4)),  # batch, z (2, 3), x (4,)
        (Layout.NUMERATOR, (5, 4, 2, 3), (5, 4, 6)),  # batch, x (4,), z (2, 3)
        (Layout.DENOMINATOR, (1, 1, 4), (1, 4)),  # x broadcast along z: z's group stays 1
    ],
)
def test_tensor_operands_are_merged_to_rows_and_columns(
    layout: Layout, shape: tuple[int, ...], merged: tuple[int, ...]
) -> None:
    from hadamard._rule import _flatten

    operand = np.zeros(shape)
    flat = _flatten([operand, operand], layout, inputs=2, outputs=1)
    assert flat is not None
    assert [a.shape for a in flat] == [merged, merged]
    assert all(np.shares_memory(a, operand) for a in flat)  # views, not copies


def test_an_operand_that_would_need_a_copy_leaves_every_operand_as_it_is() -> None:
    from hadamard._rule import _flatten

    swapped = np.zeros((3, 2, 4, 7)).transpose(1, 0, 2, 3)  # z's axes (2, 3), not mergeable
    assert _flatten([np.zeros((2, 3, 4, 7)), swapped], Layout.DENOMINATOR, 2, 2) is None


@pytest.mark.parametrize(
    "shapes",
    [
        ((1, 3), (2, 3), (2, 3), (2, 3)),
        ((2, 3), (3,), (1, 3), (3,)),
        ((2, 1, 3), (3,), (4, 3), (1, 4, 3)),
    ],
)
def test_the_jvp_broadcasts_its_four_arguments(shapes: tuple[tuple[int, ...], ...]) -> None:
    from hadamard import hadamard_jvp

    rng = np.random.default_rng(0)
    x, y, tx, ty = (rng.normal(size=shape) for shape in shapes)
    got = hadamard_jvp(x, y, tx, ty)
    np.testing.assert_allclose(got, x * ty + y * tx)
    assert got.shape == np.broadcast_shapes(*shapes)


@pytest.mark.parametrize("odd", range(4), ids=["x", "y", "tx", "ty"])
def test_the_jvp_of_another_library_promotes_any_one_argument(odd: int) -> None:
    xp = backend("array_api_strict").xp
    values = [xp.asarray([1.0, 2.0], dtype=xp.float64) for _ in range(4)]
    values[odd] = xp.asarray([1.0, 2.0], dtype=xp.float32)
    from hadamard import hadamard_jvp

    got = hadamard_jvp(*values)
    assert got.dtype == xp.float64
    assert [float(v) for v in got] == [2.0, 8.0]  # x ⊙ ty + y ⊙ tx


def test_a_tensor_jacobian_keeps_its_input_and_output_axes_across_layouts() -> None:
    num = NumeratorJacobian(np.zeros((5, 2, 3)), input_ndim=2, output_ndim=1)
    den = num.to_denominator()
    assert (den.input_shape, den.output_shape, den.array.shape) == ((2, 3), (5,), (2, 3, 5))
    back = den.to_numerator()
    assert (back.input_shape, back.output_shape, back.array.shape) == ((2, 3), (5,), (5, 2, 3))


@pytest.mark.parametrize("arguments", [4, 3], ids=["hadamard_jvp", "hadamard_vjp"])
def test_a_scalar_argument_is_refused_naming_the_axes_it_needs(arguments: int) -> None:
    from hadamard import hadamard_jvp, hadamard_vjp

    rule: Callable[..., Any] = hadamard_jvp if arguments == 4 else hadamard_vjp
    expected = r"^x must have at least 1 dimension, shaped \(\.\.\., N\), got shape \(\)$"
    with pytest.raises(ShapeError, match=expected):
        rule(*[np.array(1.0)] * arguments)
