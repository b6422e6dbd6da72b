"""A batched Jacobian on a dask.distributed cluster: 1 and 2 workers, and more data than memory.

Each run builds the lazy Jacobian of a batch chunked along the batch axis, then asks the cluster
for a reduction of it (its sum), so the result is made and consumed chunk by chunk and never
held whole. The workers are separate processes on this machine, one thread each, reached over
loopback only (127.0.0.1), each with a memory limit that distributed enforces per process. The
last row's Jacobian is several times larger than the memory all its workers are allowed
together.

To run the same on an existing cluster, connect a client first (``Client("tcp://host:8786")``);
``hadamard_jacobian`` only builds the graph, and whichever client is current computes it.
"""

from __future__ import annotations

import importlib.util
import time
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from hadamard import DenominatorJacobian, hadamard_jacobian

__all__ = ["ClusterRow", "cluster_rows"]

TIMEOUT = 600
"""Seconds a run may take before it is reported as failed rather than left hanging."""


@dataclass(frozen=True)
class ClusterRow:
    """One run: workers, the Jacobian's size against the memory allowed, and the wall time."""

    workers: int
    jacobian_bytes: int
    memory_limit_bytes: int
    seconds: float
    agrees: bool

    @property
    def over_memory(self) -> float:
        """The Jacobian's size over the memory all workers are allowed together."""
        return self.jacobian_bytes / (self.memory_limit_bytes * self.workers)


def _lazy_problem(batch: int, m: int, n: int, chunk: int) -> tuple[Any, ...]:
    """x, y, dx, dy as lazy Dask arrays made on the workers (nothing sent from here)."""
    import dask.array as da

    state = da.random.default_rng(0)
    x = state.standard_normal((batch, n), chunks=(chunk, n))
    y = state.standard_normal((batch, n), chunks=(chunk, n))
    dx = state.standard_normal((batch, m, n), chunks=(chunk, m, n))
    dy = state.standard_normal((batch, m, n), chunks=(chunk, m, n))
    return x, y, dx, dy


def _run(workers: int, batch: int, m: int, n: int, chunk: int, limit: int) -> ClusterRow:
    import dask.array as da
    from distributed import Client, LocalCluster

    x, y, dx, dy = _lazy_problem(batch, m, n, chunk)
    jacobian = hadamard_jacobian(x, y, DenominatorJacobian(dx), DenominatorJacobian(dy)).array
    # The same reduction computed the plain way, as the check of the answer.
    plain = (dy * x[:, None, :] + dx * y[:, None, :]).sum()
    with (
        warnings.catch_warnings(),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            memory_limit=limit,
        ) as cluster,
        Client(cluster) as client,
    ):
        warnings.simplefilter("ignore")  # distributed's notes about memory use
        # Warm-up on one chunk: imports and first calls in the workers are not the rule's cost.
        client.compute(jacobian[:chunk].sum()).result(timeout=TIMEOUT)
        start = time.perf_counter()
        total = client.compute(jacobian.sum()).result(timeout=TIMEOUT)
        seconds = time.perf_counter() - start
        expected = client.compute(plain).result(timeout=TIMEOUT)
    nbytes = int(np.prod(jacobian.shape)) * jacobian.dtype.itemsize
    del da
    return ClusterRow(workers, nbytes, limit, seconds, bool(np.isclose(total, expected)))


def cluster_rows(quick: bool) -> list[ClusterRow] | str:
    """1 and 2 workers on one batch, then a batch larger than the workers' memory."""
    if importlib.util.find_spec("distributed") is None:
        return "dask.distributed is not installed here: the cluster runs are skipped."
    m, n, chunk = (16, 64, 32) if quick else (64, 256, 128)
    batch = 256 if quick else 4096  # 4096 x 64 x 256 float64: 512 MiB
    limit = 256 * 2**20 if quick else 1024 * 2**20
    rows = [_run(workers, batch, m, n, chunk, limit) for workers in (1, 2)]
    small = 64 * 2**20 if quick else 256 * 2**20
    rows.append(_run(2, 4 * batch, m, n, chunk, small))  # 4x the data, a quarter the memory
    return rows
