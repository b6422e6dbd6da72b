"""The Coq export and its kernel checks: the public entry points.

:func:`coq_files` renders the registry into two developments: the standard library's Reals
at the top of the export (``_CoqProject``, Calculus.v, HadamardDerivative.v, Assumptions.v)
and MathComp-Analysis under ``mathcomp/`` (its own ``_CoqProject``, MathCompJacobian.v,
MathCompAssumptions.v). :func:`check_directory` asks coqc about both, side by side;
:func:`quick_kernel_checks` is what a certificate records, one :class:`CoqCheck` per
development, kept by content hash (proofs/coq/cache.py).
"""

from __future__ import annotations

import dataclasses
import functools
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final

from hadamard._files import write_tree
from proofs.coq import cache, mathcomp, stdlib
from proofs.coq.kernel import (
    ALLOWED_AXIOMS,
    COQC_MISSING,
    MATHCOMP,
    MATHCOMP_AXIOMS,
    MATHCOMP_MISSING,
    STDLIB,
    CompiledFiles,
    CoqCheck,
    Development,
    coqc_version,
    find_coqc,
    read_project,
)
from proofs.coq.kernel import check_directory as check_development
from proofs.theory.statements import Theorem

__all__ = [
    "ALLOWED_AXIOMS",
    "COQC_MISSING",
    "DEVELOPMENTS",
    "MATHCOMP",
    "MATHCOMP_AXIOMS",
    "MATHCOMP_MISSING",
    "STDLIB",
    "CoqCheck",
    "Development",
    "ExportCheck",
    "check_directory",
    "coq_files",
    "development_files",
    "kernel_check",
    "quick_kernel",
    "quick_kernel_checks",
]

DEVELOPMENTS: Final = (STDLIB, MATHCOMP)
"""The developments of the export, in the order they are reported."""

_RENDER: Final[Mapping[str, Callable[..., dict[str, str]]]] = {
    STDLIB.name: stdlib.render,
    MATHCOMP.name: mathcomp.render,
}
_MAIN_THEOREMS: Final[Mapping[str, Callable[[], tuple[str, ...]]]] = {
    STDLIB.name: stdlib.main_theorem_names,
    MATHCOMP.name: mathcomp.main_theorem_names,
}


def development_files(
    development: Development,
    theorems: Sequence[Theorem] | None = None,
    *,
    together: bool = False,
) -> dict[str, bytes]:
    """One development's files, named relative to its own directory.

    ``theorems``: render these instead of the registry's (a test's altered statements);
    ``together``: one ``Print Assumptions`` over all main theorems instead of one each.
    """
    files = _RENDER[development.name](theorems, together=together)
    return {name: text.encode("utf-8") for name, text in sorted(files.items())}


def coq_files(*, together: bool = False) -> dict[str, bytes]:
    """Every file of the export (name relative to the export directory -> bytes), sorted."""
    files: dict[str, bytes] = {}
    for development in DEVELOPMENTS:
        for name, content in development_files(development, together=together).items():
            files[str(PurePosixPath(development.directory, name))] = content
    return dict(sorted(files.items()))


@dataclass(frozen=True)
class ExportCheck:
    """What coqc said about each development of an export directory."""

    checks: tuple[CoqCheck, ...]

    @property
    def ran(self) -> bool:
        """Whether coqc ran on at least one development."""
        return any(check.ran for check in self.checks)

    @property
    def ok(self) -> bool:
        """Whether every development that was checked was accepted (and one was)."""
        return self.ran and all(check.ok for check in self.checks if check.ran)

    def check(self, development: Development) -> CoqCheck:
        """The verdict on ``development``; KeyError when the export has none."""
        for check in self.checks:
            if check.development == development:
                return check
        raise KeyError(f"no {development.name} development was checked")

    def summary(self) -> str:
        """One paragraph per development, for the CLI."""
        return "\n".join(f"{c.development.title}: {c.summary()}" for c in self.checks)


def _in_parallel(jobs: Sequence[Callable[[], CoqCheck]]) -> tuple[CoqCheck, ...]:
    """Run each job in its own thread (each runs its own coqc processes); results in order."""
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(job) for job in jobs]
        return tuple(future.result() for future in futures)


def check_directory(path: Path, *, use_cache: bool = True) -> ExportCheck:
    """Check the developments of the export directory ``path``, side by side.

    The standard-library development (``path/_CoqProject``) always; the MathComp one when
    ``path/mathcomp/_CoqProject`` exists (an export written before it had one has none).
    A development whose files, coqc and libraries are byte-identical to one the kernel
    accepted before gets that verdict from the content-hash cache (:mod:`proofs.coq.cache`),
    marked ``cached``; ``use_cache=False``, or ``HADAMARD_CACHE_DIR=``, always runs coqc.
    """
    present = [
        d for d in DEVELOPMENTS if d is STDLIB or (path / d.directory / "_CoqProject").is_file()
    ]
    jobs = [functools.partial(_check_cached, path / d.directory, d, use_cache) for d in present]
    return ExportCheck(_in_parallel(jobs))


def _development_sources(path: Path) -> dict[str, bytes]:
    """The files a check of ``path`` reads: its ``_CoqProject`` and every file it lists."""
    project = read_project(path)
    names = ["_CoqProject", *project.files]
    return {name: (path / name).read_bytes() for name in names}


def _check_cached(path: Path, development: Development, use_cache: bool) -> CoqCheck:
    return _remembered(
        lambda: _development_sources(path),
        development,
        use_cache,
        run=lambda compiled: check_development(path, development, compiled=compiled),
    )


def _remembered(
    sources: Callable[[], Mapping[str, bytes]],
    development: Development,
    use_cache: bool,
    *,
    run: Callable[[CompiledFiles | None], CoqCheck],
    usable: Callable[[CoqCheck], bool] | None = None,
) -> CoqCheck:
    """``run``'s verdict on ``sources``, or the cached one (under the key's lock) if usable.

    ``run`` is given the cache's compiled files (:class:`proofs.coq.cache.CompiledStore`), or
    None when nothing is cached.
    """
    coqc = find_coqc()
    directory = cache.cache_directory() if use_cache and coqc is not None else None
    if directory is None or coqc is None:
        return run(None)
    try:
        version = coqc_version(coqc)
        key = cache.cache_key(sources(), development, coqc, version)
        compiled = cache.CompiledStore(directory, cache.cache_key({}, development, coqc, version))
    except OSError:
        return run(None)
    with cache.locked(directory, key):
        found = cache.load(directory, key)
        if found is not None and (usable is None or usable(found)):
            return found
        check = run(compiled)
        cache.store(directory, key, check)
        return check


def _check_files(
    files: Mapping[str, bytes], development: Development, compiled: CompiledFiles | None
) -> CoqCheck:
    with tempfile.TemporaryDirectory(prefix="hadamard-coq-export-") as out:
        write_tree(Path(out), files)
        return check_development(Path(out), development, compiled=compiled)


def kernel_check() -> ExportCheck | None:
    """Write :func:`coq_files` to a temporary directory and check it; None when coqc is absent."""
    if find_coqc() is None:
        return None
    with tempfile.TemporaryDirectory(prefix="hadamard-coq-export-") as out:
        write_tree(Path(out), coq_files())
        return check_directory(Path(out))


def _quick(development: Development, use_cache: bool) -> CoqCheck:
    files = development_files(development, together=True)
    theorems = _MAIN_THEOREMS[development.name]()

    def run(compiled: CompiledFiles | None) -> CoqCheck:
        check = _check_files(files, development, compiled)
        # The union printed for all main theorems at once is reported under each of their names.
        together = check.assumptions[0][1] if check.ok else ()
        assumptions = tuple((name, together) for name in theorems) if check.ok else ()
        return dataclasses.replace(check, theorems=theorems, assumptions=assumptions)

    return _remembered(
        lambda: files, development, use_cache, run=run, usable=lambda c: c.theorems == theorems
    )


def quick_kernel_checks(*, use_cache: bool = True) -> tuple[CoqCheck, ...]:
    """One kernel check per development (standard library, then MathComp), for a certificate.

    The same statements and proofs as :func:`coq_files`, with one ``Print Assumptions`` over
    all main theorems together (their union is reported for each). The developments are
    checked side by side, and an accepted verdict is kept by content hash, so an unchanged
    export costs no coqc time (``use_cache=False``, or ``HADAMARD_CACHE_DIR=``, always runs
    coqc). A development that could not be checked says why in ``reason``: coqc or
    MathComp-Analysis is not installed.
    """
    return _in_parallel([functools.partial(_quick, d, use_cache) for d in DEVELOPMENTS])


def quick_kernel(development: Development, *, use_cache: bool = True) -> CoqCheck:
    """One development's quick check, as :func:`quick_kernel_checks` runs it.

    For a caller that runs each development in its own thread, such as ``hadamard prove``.
    A check that could not run says why in ``reason`` (coqc or the library is absent).
    """
    return _quick(development, use_cache)
