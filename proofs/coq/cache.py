"""Kernel verdicts kept by content hash, so an unchanged development is not checked twice.

The key is the SHA-256 of everything the verdict depends on: the development's files, the
coqc binary and the version it reports, and the compiled libraries it loads (Coq's prelude,
and each library the development requires), by path, size and modification time. Only
accepted checks are kept. The directory is ``$HADAMARD_CACHE_DIR`` (empty: no cache), else
``$XDG_CACHE_HOME/hadamard``, else ``~/.cache/hadamard``; a cache that cannot be read or
written is ignored, never an error.

Two processes (or threads) checking the same development take turns on the key's lock file, so
coqc runs once and the second reads the first one's verdict (POSIX; elsewhere they both run).

What coqc made of each file it accepted is kept too (:class:`CompiledStore`): a check whose
first files are byte-identical to those of an earlier one (the certificate's quick check and
``hadamard export coq`` differ only in their last file) loads their ``.vo`` instead of
compiling them again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Final

from proofs.coq.kernel import MATHCOMP, STDLIB, CoqCheck, Development, coq_library, find_library

__all__ = ["CompiledStore", "cache_directory", "cache_key", "load", "locked", "store"]

ENVIRONMENT: Final = "HADAMARD_CACHE_DIR"
VERSION: Final = 1
"""Bump when the stored record changes meaning."""
_DEVELOPMENTS: Final = {d.name: d for d in (STDLIB, MATHCOMP)}


def cache_directory() -> Path | None:
    """Where verdicts are kept, or None when caching is switched off (HADAMARD_CACHE_DIR=)."""
    chosen = os.environ.get(ENVIRONMENT)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hadamard"


def _stamp(path: Path) -> list[object]:
    stat = path.stat()
    return [str(path), stat.st_size, stat.st_mtime_ns]


def cache_key(files: Mapping[str, bytes], development: Development, coqc: str, version: str) -> str:
    """The content hash naming one check of ``files``; OSError when coqc's files cannot be read."""
    library = coq_library(coqc)
    loaded = [library / "theories" / "Init" / "Prelude.vo"]
    for logical in development.requires:
        found = find_library(coqc, logical)
        if found is not None:
            loaded.append(found)
    described = {
        "version": VERSION,
        "development": development.name,
        "files": {name: hashlib.sha256(files[name]).hexdigest() for name in sorted(files)},
        "coqc": [*_stamp(Path(coqc).resolve()), version],
        "libraries": [_stamp(path) for path in loaded],
    }
    canonical = json.dumps(described, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _entry(directory: Path, key: str) -> Path:
    return directory / f"coq-{key}.json"


@contextmanager
def locked(directory: Path, key: str) -> Iterator[None]:
    """Hold the lock of ``key`` (blocking); without one when it cannot be taken here.

    ``flock`` locks an open file description, so two threads of one process exclude each other
    as two processes do. The lock files stay (empty): removing one that another process has
    open would let a third take a second lock on a new file of the same name.
    """
    try:
        import fcntl  # POSIX only
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle = open(directory / f"coq-{key}.lock", "a+b")  # noqa: SIM115 - held across the yield
    except OSError:
        yield
        return
    with handle:
        with suppress(OSError):  # a file system without locks: each runs coqc
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield  # closing the file releases the lock


def load(directory: Path, key: str) -> CoqCheck | None:
    """The accepted check stored under ``key``, or None (absent, unreadable or malformed)."""
    try:
        data = json.loads(_entry(directory, key).read_text(encoding="utf-8"))
        check = CoqCheck(
            coqc_version=str(data["coqc_version"]),
            theorems=tuple(str(t) for t in data["theorems"]),
            ok=True,
            assumptions=tuple(
                (str(name), tuple(str(a) for a in axioms)) for name, axioms in data["assumptions"]
            ),
            seconds=float(data["seconds"]),
            development=_DEVELOPMENTS[data["development"]],
            cached=True,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return check if check.ran and not check.disallowed() else None


def store(directory: Path, key: str, check: CoqCheck) -> None:
    """Keep ``check`` under ``key`` if the kernel accepted it; failures to write are ignored."""
    if not check.ok:
        return
    data = {
        "development": check.development.name,
        "coqc_version": check.coqc_version,
        "theorems": list(check.theorems),
        "assumptions": [[name, list(axioms)] for name, axioms in check.assumptions],
        "seconds": check.seconds,
    }
    with suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        _write_whole(_entry(directory, key), json.dumps(data, sort_keys=True).encode("utf-8"))


class CompiledStore:
    """The ``.vo`` files coqc wrote for accepted files, and what it printed, in the cache.

    ``base`` is :func:`cache_key` of no files: coqc, its version and the libraries the
    development loads. An entry is two files, ``vo-<key>.vo`` then ``vo-<key>.out``, each
    written whole; one is read only when both are there. Implements
    :class:`proofs.coq.kernel.CompiledFiles`.
    """

    def __init__(self, directory: Path, base: str) -> None:
        self.directory = directory
        self.base = base

    def _stem(self, key: str) -> Path:
        name = hashlib.sha256(f"{self.base}:{key}".encode()).hexdigest()
        return self.directory / f"vo-{name}"

    def load(self, key: str) -> tuple[bytes, str] | None:
        """The kept ``.vo`` and output of ``key``, or None (absent or unreadable)."""
        stem = self._stem(key)
        try:
            printed = stem.with_suffix(".out").read_text(encoding="utf-8")
            return stem.with_suffix(".vo").read_bytes(), printed
        except (OSError, ValueError):
            return None

    def store(self, key: str, compiled: bytes, printed: str) -> None:
        """Keep ``compiled`` and ``printed`` under ``key``; failures to write are ignored."""
        stem = self._stem(key)
        with suppress(OSError):
            self.directory.mkdir(parents=True, exist_ok=True)
            _write_whole(stem.with_suffix(".vo"), compiled)
            _write_whole(stem.with_suffix(".out"), printed.encode("utf-8"))


def _write_whole(path: Path, content: bytes) -> None:
    """Write ``path`` through a temporary file beside it: a reader sees all of it or none."""
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as handle:
        handle.write(content)
    os.replace(handle.name, path)
