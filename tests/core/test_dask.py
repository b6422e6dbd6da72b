"""Dask in, lazy Dask out: the rule is added to the task graph chunk by chunk, never computed.

One test runs a batched Jacobian through a ``dask.distributed`` LocalCluster on this machine
(workers are threads of this process and talk in-process: no socket is opened) and checks it
against numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hadamard import DenominatorJacobian, NumeratorJacobian, hadamard_jacobian, hadamard_vjp
from tests.core.backends import backend


def batched(seed: int, batch: int, m: int, n: int) -> list[Any]:
    rng = np.random.default_rng(seed)
    shapes = [(batch, n), (batch, n), (batch, m, n), (batch, m, n)]
    return [rng.standard_normal(shape) for shape in shapes]


class Counter:
    """Counts the tasks Dask runs while it is active (a local-scheduler callback)."""

    def __init__(self) -> None:
        from dask.callbacks import Callback

        self.tasks = 0
        counter = self

        class Count(Callback):  # type: ignore[misc]
            def _pretask(self, key: Any, dask: Any, state: Any) -> None:
                counter.tasks += 1

        self.callback = Count()


def test_dask_in_gives_lazy_dask_out_chunk_by_chunk() -> None:
    backend("dask")
    import dask.array as da

    x, y, dx, dy = (da.from_array(a, chunks=(4, *a.shape[1:])) for a in batched(1, 12, 3, 5))
    counter = Counter()
    with counter.callback:
        result = hadamard_jacobian(x, y, DenominatorJacobian(dx), DenominatorJacobian(dy))
        gx, gy = hadamard_vjp(x, y, x)
    assert counter.tasks == 0  # nothing was computed, nothing materialised
    assert isinstance(result.array, da.Array)
    assert isinstance(gx, da.Array)
    assert result.array.chunks == dx.chunks  # one output chunk per input chunk
    assert result.array.numblocks == (3, 1, 1)
    xn, yn, dxn, dyn = batched(1, 12, 3, 5)
    np.testing.assert_array_equal(
        result.array.compute(), dyn * xn[:, None, :] + dxn * yn[:, None, :]
    )
    np.testing.assert_array_equal(gy.compute(), xn * xn)


def test_dask_numerator_tensor_jacobian_is_lazy_and_right() -> None:
    backend("dask")
    import dask.array as da

    rng = np.random.default_rng(2)
    x, y = rng.standard_normal((6, 4, 5)), rng.standard_normal((6, 4, 5))
    dx, dy = rng.standard_normal((6, 4, 5, 3)), rng.standard_normal((6, 4, 5, 3))
    lazy = [da.from_array(a, chunks=2) for a in (x, y, dx, dy)]
    result = hadamard_jacobian(
        lazy[0],
        lazy[1],
        NumeratorJacobian(lazy[2], output_ndim=2),
        NumeratorJacobian(lazy[3], output_ndim=2),
    )
    assert isinstance(result.array, da.Array)
    np.testing.assert_array_equal(result.array.compute(), dy * x[..., None] + dx * y[..., None])


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_a_batched_jacobian_through_a_local_cluster_matches_numpy() -> None:
    backend("dask")
    pytest.importorskip("distributed", reason="needs `pip install distributed==2026.8.0`")
    import dask.array as da
    from distributed import Client, LocalCluster

    arrays = batched(3, 64, 8, 16)
    lazy = [da.from_array(a, chunks=(16, *a.shape[1:])) for a in arrays]
    # Two workers as threads of this process, talking in-process (no socket at all), no dashboard.
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        result = hadamard_jacobian(
            lazy[0], lazy[1], DenominatorJacobian(lazy[2]), DenominatorJacobian(lazy[3])
        )
        computed = client.compute(result.array).result()
        assert len(client.scheduler_info()["workers"]) == 2
    x, y, dx, dy = arrays
    np.testing.assert_array_equal(computed, dy * x[:, None, :] + dx * y[:, None, :])
