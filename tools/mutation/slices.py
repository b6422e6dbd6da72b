"""Mutation testing in slices: groups of modules against the tests that judge them.

A whole-tree ``mutmut run`` runs, for every mutant, every in-process test that covers the mutated
function: the real-coqc tests for each mutant of the Coq runner, the SymPy derivation for each
mutant of the step verifier. That takes hours. Each slice here names its modules and the fast
tests that judge them, and runs mutmut on a scratch copy of the tree whose ``[tool.mutmut]``
test selection is that slice's, so ``pyproject.toml`` itself is never edited. The figures are
lower bounds: the rest of the suite can only kill more.

``python -m tools.mutation.slices [--min 90] [--max-children 2] [--work DIR] [SLICE ...]``
prints each slice's table per module (``tools.mutation.score``) and exits 1 when a slice's
detected share is below ``--min`` percent. ``docs/development/mutation.md`` has the scores.

A slice can take longer than one sitting (``testing``: about 3,300 mutants, each running tests
that take seconds). With ``--work DIR`` its scratch copy is kept in ``DIR/<slice>``, stamped
with a digest of the tree it copied; a later run with the same tree resumes there and runs only
the mutants that have no result yet (stop one with Ctrl-C or a signal: finished mutants keep
theirs). A changed tree starts the slice again from a fresh copy.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.mutation.score import DETECTED, parse, percent, report

ROOT = Path(__file__).resolve().parents[2]
SELECTION_LINE = 'pytest_add_cli_args_test_selection = ["tests/"]'
"""The line of ``[tool.mutmut]`` that a slice replaces in its scratch copy."""
ONLY_MUTATE = re.compile(r"^only_mutate = \[.*?^\]\n", re.MULTILINE | re.DOTALL)
"""The ``only_mutate`` list of ``[tool.mutmut]``, which a slice narrows to its own modules."""
STAMP = ".hadamard-tree"
"""The file in a kept scratch copy that holds the digest of the tree it was copied from."""

# What .gitignore ignores, and git's own directory: a scratch copy is the tracked tree.
_NOT_COPIED = (
    ".git",
    ".venv",
    "mutants",
    ".mutation",  # where `make mutation` keeps its scratch copies
    "artifacts",
    ".hypothesis",
    "*_cache",
    "*.egg-info",
    "__pycache__",
    "build",
    "dist",
    "*.vo",
    "*.vok",
    "*.vos",
    "*.glob",
    ".*.aux",
    ".lia.cache",
    ".coverage*",
    "htmlcov",
    "_build",  # docs/_build: a `make docs` between two runs must not restart a slice
    "_generated",  # docs/_generated
)


@dataclass(frozen=True)
class Slice:
    """Modules mutated together, and the test files (pytest arguments) that judge them."""

    modules: tuple[str, ...]
    tests: tuple[str, ...]


_TESTING = tuple(
    f"tests/testing/test_{name}.py"
    for name in (
        "check_jacobian",
        "check_vjp",
        "facade",
        "golden_diagnosis",
        "pinned_details",
        "pinned_diagnosis",
        "readme_example",
        "strategies",
        "case_values",
        "case_outcomes",
        "diagnosis_edges",
        "array_libraries",
    )
)

SLICES: dict[str, Slice] = {
    "core": Slice(
        (
            "hadamard._files",
            "hadamard._jacobian",
            "hadamard._layout",
            "hadamard._namespace",
            "hadamard._rule",
            "hadamard._validation",
            "hadamard.cli",
        ),
        (
            "tests/core",
            "tests/cli",
            # The kernel's own tests, and the slow runs of the libraries' machinery (a
            # LocalCluster, jit, gradcheck, fresh processes): test_backends and test_tensors
            # judge the same code on every library.
            "--ignore=tests/core/test_kernel.py",
            "--ignore=tests/core/test_blocking.py",
            "--ignore=tests/core/test_compiled.py",
            "--ignore=tests/core/test_dask.py",
            "--ignore=tests/core/test_autodiff.py",
            "--ignore=tests/core/test_readme_arrays.py",
        ),
    ),
    "kernel": Slice(
        ("hadamard._kernel",),
        (
            "tests/core/test_kernel.py",
            "tests/core/test_blocking.py",
            "tests/core/test_compiled.py",
            "tests/core/test_dtypes.py",
        ),
    ),
    "testing": Slice(
        tuple(
            f"hadamard.testing.{name}"
            for name in (
                "_tolerance",
                "_shrinking",
                "_strategies",
                "_diagnosis",
                "_assertions",
                "_cases",
                "_arrays",
            )
        ),
        _TESTING,
    ),
    "formula": Slice(
        tuple(
            f"proofs.formula.{name}"
            for name in (
                "tokens",
                "syntax",
                "names",
                "forms",
                "polynomials",
                "evaluate",
                "models",
                "check",
                "extract",
                "document",
            )
        ),
        # The behaviour files and the two commands; the property runs (test_fuzz.py) judge
        # nothing a table does not.
        (
            "tests/proofs/formula",
            "tests/cli/test_check_formula.py",
            "tests/cli/test_check_doc.py",
            "--ignore=tests/proofs/formula/test_fuzz.py",
        ),
    ),
    "verify": Slice(
        ("proofs.check.verify",),
        (
            "tests/proofs/check/test_verify.py",
            "tests/proofs/check/test_derivation.py",
            "tests/proofs/check/test_corollaries.py",
            "tests/proofs/check/test_erratum.py",
        ),
    ),
    "coq": Slice(
        ("proofs.coq.kernel",),
        (
            "tests/proofs/coq/test_runner.py",
            "tests/proofs/coq/test_readers.py",
            "tests/proofs/coq/test_export.py",
            "tests/proofs/coq/test_render.py",
        ),
    ),
}


def configure(pyproject: str, tests: Sequence[str], modules: Sequence[str] = ()) -> str:
    """``pyproject`` with the mutmut test selection set to ``tests`` and, given ``modules``
    (dotted names), ``only_mutate`` set to their files; ValueError if either setting moved."""
    if pyproject.count(SELECTION_LINE) != 1:
        raise ValueError(f"pyproject.toml must contain the line {SELECTION_LINE!r} once")
    selection = "pytest_add_cli_args_test_selection = " + json.dumps(list(tests))
    configured = pyproject.replace(SELECTION_LINE, selection)
    if modules:
        if len(ONLY_MUTATE.findall(configured)) != 1:
            raise ValueError("pyproject.toml must contain one only_mutate = [...] list")
        files = json.dumps([module.replace(".", "/") + ".py" for module in modules])
        configured = ONLY_MUTATE.sub(lambda _: f"only_mutate = {files}\n", configured)
    return configured


def tree_digest(root: Path) -> str:
    """SHA-256 of the files a scratch copy takes from ``root`` (names and bytes, in order)."""
    digest = hashlib.sha256()
    for directory, subdirectories, files in os.walk(root):
        kept = sorted(d for d in subdirectories if not _ignored(d))
        subdirectories[:] = kept
        for name in sorted(f for f in files if not _ignored(f)):
            path = Path(directory, name)
            digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _ignored(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in _NOT_COPIED)


def _not_copied(_directory: str, names: list[str]) -> set[str]:
    """For ``shutil.copytree``: the same names :func:`tree_digest` leaves out."""
    return {name for name in names if _ignored(name)}


MUTMUT = Path(sys.executable).with_name("mutmut")
"""mutmut beside this interpreter: the ``mutation`` extra installs it."""


MEMORY_LIMIT_GIB = 4
"""Address space (RLIMIT_AS) allowed to each process of a run; a clean run needs under 1 GiB.

A mutant that lifts a size bound (``max_value=None`` for M) makes a test allocate until the
kernel's OOM killer stops it (24 GB here), after taking the machine's memory from everything
else; under the limit the allocation fails with MemoryError and a failing test kills the
mutant. The limit is per process: mutmut and each of its ``--max-children`` mutant processes.
A lower limit already in force is kept. Linux only (elsewhere RLIMIT_AS may not be enforced).
"""


class MutmutError(RuntimeError):
    """mutmut stopped before scoring a slice (e.g. the clean test run failed)."""


def _limit_memory(gib: int) -> None:
    import resource  # POSIX only, and only needed here

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = gib * 2**30
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _mutmut(*args: str, cwd: Path, memory_gib: int, capture: bool) -> str:
    """Run mutmut in ``cwd``; its stdout when ``capture``, else its progress goes to stderr."""
    result = subprocess.run(
        [str(MUTMUT), *args],
        cwd=cwd,
        stdout=subprocess.PIPE if capture else sys.stderr,
        stderr=subprocess.STDOUT if not capture else None,
        encoding="utf-8",  # mutant names have non-ASCII letters (xǁClassǁmethod)
        # Derandomized Hypothesis (tests/conftest.py's `ci` profile, unless one is chosen): the
        # same examples for the clean run and every mutant, so a verdict does not depend on luck.
        # One Coq verdict cache for the slice (tests/conftest.py): coqc runs once, not per mutant.
        env={
            "HYPOTHESIS_PROFILE": "ci",
            **os.environ,
            "PYTHONIOENCODING": "utf-8",
            "HADAMARD_TEST_CACHE_DIR": str(cwd / ".coq-cache"),
        },
        preexec_fn=lambda: _limit_memory(memory_gib),
        check=False,
    )
    if result.returncode != 0:
        raise MutmutError(f"mutmut {args[0]} in {cwd} exited with status {result.returncode}")
    return result.stdout or ""


def run_slice(name: str, scratch: Path, max_children: int, memory_gib: int) -> str:
    """Run one slice in ``scratch``; mutmut's result lines.

    A ``scratch`` stamped with this tree's digest is resumed: mutmut runs only the mutants
    without a result. Anything else there is replaced by a fresh copy of the tree.
    """
    chosen = SLICES[name]
    digest = tree_digest(ROOT)
    stamp = scratch / STAMP
    if not (stamp.is_file() and stamp.read_text(encoding="utf-8") == digest):
        if scratch.exists():
            shutil.rmtree(scratch)
        shutil.copytree(ROOT, scratch, ignore=_not_copied)
        pyproject = scratch / "pyproject.toml"
        text = pyproject.read_text(encoding="utf-8")
        pyproject.write_text(configure(text, chosen.tests, chosen.modules), "utf-8")
        stamp.write_text(digest, encoding="utf-8")
    # No mutant names: mutmut runs every mutant of only_mutate that has no result yet.
    _mutmut(
        "run",
        "--max-children",
        str(max_children),
        cwd=scratch,
        memory_gib=memory_gib,
        capture=False,
    )
    return _mutmut("results", "--all", "true", cwd=scratch, memory_gib=memory_gib, capture=True)


def undetected(results: str, modules: Sequence[str]) -> list[str]:
    """The mutants of ``modules`` that were neither killed nor timed out, with their status."""
    lines = (line.strip() for line in results.splitlines())
    return [
        line
        for line in lines
        if line.rpartition(": ")[2] not in DETECTED
        and any(line.startswith(f"{module}.x") for module in modules)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.mutation.slices")
    parser.add_argument("--min", type=float, default=90.0, help="lowest acceptable score (%%)")
    parser.add_argument("--max-children", type=int, default=2, help="mutants run at once")
    parser.add_argument(
        "--memory-limit",
        type=int,
        default=MEMORY_LIMIT_GIB,
        metavar="GIB",
        help="address space per process (GiB)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        metavar="DIR",
        help="keep each slice's scratch copy in DIR/<slice> and resume it on the same tree",
    )
    parser.add_argument("slices", nargs="*", metavar="SLICE", help=f"any of {', '.join(SLICES)}")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.slices) - set(SLICES))
    if unknown:
        parser.error(f"unknown slice {', '.join(unknown)}; the slices are {', '.join(SLICES)}")
    if not MUTMUT.exists():
        parser.error(f"{MUTMUT} not found: pip install -e '.[dev,mutation]' first")
    ok = True
    with tempfile.TemporaryDirectory(prefix="hadamard-mutation-") as temporary:
        work = args.work.resolve() if args.work is not None else Path(temporary)
        for name in args.slices or list(SLICES):
            modules = SLICES[name].modules
            try:
                results = run_slice(name, Path(work, name), args.max_children, args.memory_limit)
            except MutmutError as exc:
                print(f"slice {name}: {exc} (its output is above)", file=sys.stderr)
                return 1
            by_module = parse(results)
            table, totals = report({m: by_module[m] for m in modules if m in by_module}, modules)
            print(f"## slice {name}\n\n{table}\n")
            print("\n".join(["not detected:", *undetected(results, modules)]) + "\n")
            detected = sum(d for _, d, _ in totals)
            total = sum(t for _, _, t in totals)
            share = percent(detected, total)
            ok = ok and share >= args.min
            print(f"slice {name}: {detected}/{total} detected = {share:.1f}% (min {args.min}%)\n")
            sys.stdout.flush()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
