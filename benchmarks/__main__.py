"""``python -m benchmarks [--quick] [--no-cli]``: the comparisons of issues 7 and 13, as Markdown.

Every ratio is measured side by side in this run; the goals are printed beside the figures, and
nothing here asserts a time. ``--quick`` uses small sizes and skips the peer comparison and the
Dask cluster runs (a smoke run for the tests).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import sys
from collections.abc import Sequence

import numpy as np

from benchmarks.commands import command_rows
from benchmarks.dask_cluster import cluster_rows
from benchmarks.dense import (
    OUT_FLOOR,
    Row,
    dense_rows,
    diag_matmul_rows,
    first_call,
    jax_rows,
    jvp_rows,
    out_rows,
)
from benchmarks.memory import memory_rows
from benchmarks.peers import peer_rows, peer_table
from benchmarks.vjp import vjp_rows
from hadamard._compiled import available
from hadamard._kernel import BLOCK_BYTES

__all__ = ["main"]

TIMING_HEADER = (
    "| case | shape | dtype | median (ms) | floor (ms) | × floor |\n|---|---|---|---:|---:|---:|"
)
MEMORY_HEADER = (
    "| case | shape | output (MiB) | peak (MiB) | extra (KiB) | extra / output | "
    "≤ output + one block |\n|---|---|---:|---:|---:|---:|---|"
)
MEMORY_NOTE = (
    f"One block is {BLOCK_BYTES // 1024} KiB of scratch, numpy's own iteration buffer "
    "(`np.getbufsize()` elements, allocated by broadcasting ufunc calls) included. The compiled "
    "loop allocates only vector-sized scratch, if any."
)
COMMAND_HEADER = "| command | wall time (s) | note |\n|---|---:|---|"
# Goals of issue 13, checked against the figures of this very run.
DENSE_GOAL = 1.1
OUT_GOAL = 0.9
VJP_GOAL = 1.1
JVP_GOAL = 10.0
FIRST_CALL_GOAL_MS = 50.0
CLUSTER_HEADER = (
    "| workers | Jacobian (MiB) | memory per worker (MiB) | Jacobian / all workers' memory "
    "| wall time (s) | agrees with the plain graph |\n|---:|---:|---:|---:|---:|---|"
)


def _timing_table(rows: Sequence[Row], unit: str = "ms") -> str:
    scale = 1e3 if unit == "ms" else 1e6
    lines = [TIMING_HEADER.replace("(ms)", f"({unit})")]
    for r in rows:
        lines.append(
            f"| {r.case} | {r.shape} | {r.dtype} | {r.seconds * scale:.2f} | "
            f"{r.floor_seconds * scale:.2f} | {r.ratio:.2f} |"
        )
    return "\n".join(lines)


def _load() -> str:
    """The one-minute load average now: each section says under what load it was measured."""
    return f"(load average {os.getloadavg()[0]:.2f} when measured)"


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, few rounds: a smoke run")
    parser.add_argument("--no-cli", action="store_true", help="skip timing the hadamard commands")
    args = parser.parse_args(argv)
    quick: bool = args.quick

    command = (
        "python -m benchmarks"
        + (" --quick" if quick else "")
        + (" --no-cli" if args.no_cli else "")
    )
    print(f"## Benchmarks (`{command}`)\n")
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"numba {_version('numba')} (compiled loop {'on' if available() else 'off'}), "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start, "
        f"block {BLOCK_BYTES // 1024} KiB. Medians of interleaved rounds; "
        "× floor is the ratio to the floor measured in the same rounds.\n"
    )

    dense = dense_rows(quick)
    print("### Dense rule against the memory-traffic floor `np.add(dx, dy)`\n")
    print(_timing_table(dense) + "\n")
    print(_load() + "\n")

    literal = diag_matmul_rows(quick)
    print(
        f"### The literal diag-matmul formula, at {literal[0].shape} where O(M·N²) is affordable\n"
    )
    print(_timing_table(literal) + "\n")
    print(_load() + "\n")

    print("### Jitted jax\n")
    jax = jax_rows(quick)
    print((jax if isinstance(jax, str) else _timing_table(jax)) + "\n")
    print(_load() + "\n")

    vjp = vjp_rows(quick)
    print("### hadamard_vjp against its floor (two `np.multiply`)\n")
    print(_timing_table(vjp) + "\n")
    print(_load() + "\n")

    outs = out_rows(quick)
    print(f"### With `out=`, against `{OUT_FLOOR}`\n")
    print(_timing_table(outs) + "\n")
    print(_load() + "\n")

    jvp = jvp_rows(quick)
    print("### Per-call cost: hadamard_jvp at N = 64 against the plain expression\n")
    print(_timing_table(jvp, unit="µs") + "\n")
    print(_load() + "\n")

    first = first_call(quick)
    print("### First call in a fresh process (a 3-vector: hadamard_jvp and hadamard_jacobian)\n")
    print(
        f"import {first.imports * 1e3:.1f} ms, first call {first.first * 1e3:.2f} ms, second "
        f"call {first.second * 1e3:.2f} ms: the first costs {first.extra * 1e3:.2f} ms more "
        f"(medians of fresh processes) {_load()}.\n"
    )

    print("### Peak memory of the dense rule (tracemalloc), beyond the output\n")
    lines = [MEMORY_HEADER]
    for m in memory_rows(quick):
        lines.append(
            f"| {m.case} | {m.shape} | {m.output_bytes / 2**20:.1f} | {m.peak_bytes / 2**20:.1f} | "
            f"{m.extra_bytes / 1024:.0f} | {m.extra_bytes / m.output_bytes:.3f} | "
            f"{'yes' if m.within_goal else 'no'} |"
        )
    print("\n".join(lines) + "\n")
    print(MEMORY_NOTE + "\n")

    if not args.no_cli:
        print("### The `hadamard` commands (fresh subprocess each, imports included)\n")
        lines = [COMMAND_HEADER]
        for c in command_rows(quick):
            shown = "—" if c.seconds is None else f"{c.seconds:.2f}"
            lines.append(f"| `{c.command}` | {shown} | {c.note} |")
        print("\n".join(lines) + "\n")

    if quick:
        print("(--quick: the peer comparison and the Dask cluster runs are skipped.)\n")
    else:
        print("### Bug finding: hadamard.testing against gradcheck and check_grads\n")
        peers = peer_rows()
        print((peers if isinstance(peers, str) else peer_table(peers)) + "\n")
        print(_load() + "\n")
        print("### A batched Jacobian on a dask.distributed LocalCluster (loopback only)\n")
        cluster = cluster_rows(quick)
        if isinstance(cluster, str):
            print(cluster + "\n")
        else:
            lines = [CLUSTER_HEADER]
            for run in cluster:
                lines.append(
                    f"| {run.workers} | {run.jacobian_bytes / 2**20:.0f} | "
                    f"{run.memory_limit_bytes / 2**20:.0f} | {run.over_memory:.2f} | "
                    f"{run.seconds:.2f} | {'yes' if run.agrees else 'no'} |"
                )
            print("\n".join(lines) + "\n")
            print(_load() + "\n")

    print("### Goals of issue 13 in this run\n")
    for r in dense:
        if r.shape == "(2048, 2048)" and r.dtype == "float64" and "hadamard_jacobian" in r.case:
            print(f"- {r.case}: {r.ratio:.2f}× the allocating floor (goal ≤ {DENSE_GOAL}×)")
    for r in outs:
        if r.case != OUT_FLOOR:
            print(f"- {r.case} at {r.shape}: {r.ratio:.2f}× (goal ≤ {OUT_GOAL}×)")
    for r in vjp:
        if r.case.startswith("hadamard_vjp"):
            print(f"- {r.case} at N = {r.shape}: {r.ratio:.2f}× floor (goal ≤ {VJP_GOAL}×)")
    for r in jvp:
        if r.case.startswith("hadamard_jvp"):
            print(f"- {r.case} at N = 64: {r.ratio:.1f}× the plain expression (goal ≤ {JVP_GOAL}×)")
    print(
        f"- first call: {first.extra * 1e3:.2f} ms more than the second "
        f"(goal ≤ {FIRST_CALL_GOAL_MS:.0f} ms)"
    )
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
