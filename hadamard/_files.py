"""Writing artifacts safely: atomic, inside one output directory, never clobbering without force."""

from __future__ import annotations

import enum
import os
import re
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from hadamard.errors import InputError, OverwriteError

__all__ = ["check_relative_name", "prepare_output_directory", "write_tree"]

# A path component we are willing to create: letters, digits, and . _ - (no leading dot).
_SAFE_COMPONENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127}")


class _State(enum.Enum):
    """What is at a target path now, as far as the writer is concerned."""

    NEW = "new"  # nothing there, or a symbolic link that will be replaced
    SAME = "same"  # a regular file with exactly the bytes we would write
    DIFFERS = "differs"  # a file with other contents: needs --force


def check_relative_name(name: str) -> PurePosixPath:
    """``name`` as a safe relative path (no ``..``, no absolute path, plain characters only)."""
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts:
        raise InputError(f"file name {name!r} must be a relative path inside --out")
    for part in path.parts:
        if not _SAFE_COMPONENT.fullmatch(part):  # rejects "." and ".." too: no leading dot
            raise InputError(
                f"file name {name!r} has an unsafe component {part!r}; "
                "use letters, digits, '.', '_' and '-' only"
            )
    return path


def _plan(files: Mapping[str, bytes]) -> list[tuple[PurePosixPath, bytes]]:
    """The checked names with their contents, sorted; a name that is also a directory is refused."""
    plan: dict[PurePosixPath, bytes] = {}
    for name, content in files.items():
        rel = check_relative_name(name)
        if rel in plan and plan[rel] != content:
            raise InputError(f"file name {name!r} is given twice with different contents")
        plan[rel] = content
    for rel in plan:
        for parent in rel.parents:
            if parent in plan:
                raise InputError(f"{parent} is both a file and the directory of {rel}")
    return sorted(plan.items())


def prepare_output_directory(out: Path) -> Path:
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


def _state(root: Path, rel: PurePosixPath, content: bytes) -> _State:
    """Classify ``root / rel`` without following any symbolic link inside ``root``."""
    directory = root
    for part in rel.parts[:-1]:
        directory = directory / part
        try:
            info = directory.lstat()
        except FileNotFoundError:
            return _State.NEW
        if stat.S_ISLNK(info.st_mode):
            return _State.NEW  # the link is replaced by a real directory, never followed
        if not stat.S_ISDIR(info.st_mode):
            raise InputError(f"{directory} exists and is not a directory; cannot write {rel}")
    target = directory / rel.name
    try:
        info = target.lstat()
    except FileNotFoundError:
        return _State.NEW
    if stat.S_ISLNK(info.st_mode):
        return _State.NEW  # a link is replaced by the file itself, never written through
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{target} is a directory; cannot write a file there")
    if not stat.S_ISREG(info.st_mode):
        return _State.DIFFERS  # a device or pipe is never read, only replaced with --force
    return _State.SAME if target.read_bytes() == content else _State.DIFFERS


def _ensure_real_directory(directory: Path) -> None:
    """Make ``directory`` a real directory; a symbolic link there is replaced, not followed."""
    if directory.is_symlink():
        directory.unlink()
    directory.mkdir(exist_ok=True)


def _write_atomically(directory: Path, name: str, content: bytes) -> Path:
    """Write ``content`` to a temporary file in ``directory``, then rename it onto ``name``."""
    target = directory / name
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)  # rename(2) replaces a link at target; it never follows it
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_tree(out: Path, files: Mapping[str, bytes], *, force: bool = False) -> list[Path]:
    """Write ``files`` (relative name -> bytes) under ``out``; return the paths, sorted.

    Every name is checked and every existing file compared before anything is written, so
    a refused run changes nothing. Each file is written to a temporary file in its own
    directory and renamed into place; identical files are left untouched. Symbolic links
    inside ``out`` (to files or to directories) are replaced, never written through.
    """
    plan = _plan(files)
    root = prepare_output_directory(out)
    states = [_state(root, rel, content) for rel, content in plan]
    conflicts = [str(rel) for (rel, _), s in zip(plan, states, strict=True) if s is _State.DIFFERS]
    if conflicts and not force:
        more = f" (and {len(conflicts) - 1} more)" if len(conflicts) > 1 else ""
        raise OverwriteError(
            f"{root / conflicts[0]} exists with different contents{more}; pass --force to overwrite"
        )
    written: list[Path] = []
    for (rel, content), state in zip(plan, states, strict=True):
        directory = root
        for part in rel.parts[:-1]:
            directory = directory / part
            _ensure_real_directory(directory)
        if state is _State.SAME:
            written.append(directory / rel.name)
        else:
            written.append(_write_atomically(directory, rel.name, content))
    return written
