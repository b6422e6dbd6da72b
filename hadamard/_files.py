"""Writing artifacts safely: atomic, inside one output directory, never clobbering without force."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from hadamard._errors import InputError, OverwriteError

__all__ = ["check_relative_name", "write_tree"]

# A path component we are willing to create: letters, digits, and . _ - (no leading dot).
_SAFE_COMPONENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127}")


def check_relative_name(name: str) -> PurePosixPath:
    """``name`` as a safe relative path (no ``..``, no absolute path, plain characters only)."""
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts:
        raise InputError(f"file name {name!r} must be a relative path inside --out")
    for part in path.parts:
        if part in (".", "..") or not _SAFE_COMPONENT.fullmatch(part):
            raise InputError(
                f"file name {name!r} has an unsafe component {part!r}; "
                "use letters, digits, '.', '_' and '-' only"
            )
    return path


def _prepare_directory(out: Path) -> Path:
    """Create ``out`` (and parents) or explain in one line why it cannot be used."""
    for parent in [*reversed(out.parents), out]:
        if parent.exists() and not parent.is_dir():
            raise InputError(f"--out {out} cannot be created: {parent} is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--out {out} cannot be created: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise InputError(f"--out {out} is not writable")
    return out


def _ensure_real_directory(directory: Path) -> None:
    """Make ``directory`` a real directory; a symbolic link there is replaced, not followed."""
    if directory.is_symlink():
        directory.unlink()
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory} exists and is not a directory")
    directory.mkdir(exist_ok=True)


def _differs(target: Path, content: bytes) -> bool:
    """True when ``target`` is a regular file (not a link) whose bytes are not ``content``."""
    try:
        info = target.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode):
        return False  # a link is replaced by the file itself, never written through
    if not stat.S_ISREG(info.st_mode):
        return True
    return target.read_bytes() != content


def write_tree(out: Path, files: Mapping[str, bytes], *, force: bool = False) -> list[Path]:
    """Write ``files`` (relative name -> bytes) under ``out``; return the paths, sorted.

    Every name is checked and every existing file compared before anything is written, so
    a refused run changes nothing. Each file is written to a temporary file in its own
    directory and renamed into place. Symbolic links inside ``out`` are replaced.
    """
    names = {check_relative_name(name): content for name, content in files.items()}
    root = _prepare_directory(out)
    conflicts = [
        str(rel) for rel, content in sorted(names.items()) if _differs(root / rel, content)
    ]
    if conflicts and not force:
        more = f" (and {len(conflicts) - 1} more)" if len(conflicts) > 1 else ""
        raise OverwriteError(
            f"{root / conflicts[0]} exists with different contents{more}; pass --force to overwrite"
        )
    written: list[Path] = []
    for rel, content in sorted(names.items()):
        directory = root
        for part in rel.parts[:-1]:
            directory = directory / part
            _ensure_real_directory(directory)
        target = directory / rel.name
        if target.is_dir() and not target.is_symlink():
            raise InputError(f"{target} is a directory; cannot write a file there")
        fd, tmp = tempfile.mkstemp(prefix=f".{rel.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(target)
    return written
