"""The artifact writer loses nothing: atomic, no silent overwrite, never outside --out."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from hadamard._files import check_relative_name, prepare_output_directory, write_tree
from hadamard.errors import InputError, OverwriteError


def _tree(root: Path) -> dict[str, bytes | str]:
    """Every entry under ``root``: file bytes, or ``"-> target"`` for a link, ``"/"`` for a dir."""
    entries: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.is_symlink():
            entries[name] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            entries[name] = "/"
        else:
            entries[name] = path.read_bytes()
    return entries


# --- writing ---------------------------------------------------------------------------------


def test_writes_every_file_and_returns_the_paths_sorted(tmp_path: Path) -> None:
    out = tmp_path / "out" / "deeper"
    written = write_tree(out, {"b.txt": b"B", "a/c.txt": b"C", "a/b/d.txt": b"D"})
    assert written == [out / "a/b/d.txt", out / "a/c.txt", out / "b.txt"]
    assert _tree(out) == {
        "a": "/",
        "a/b": "/",
        "a/b/d.txt": b"D",
        "a/c.txt": b"C",
        "b.txt": b"B",
    }


def test_files_are_world_readable_whatever_the_temporary_file_mode(tmp_path: Path) -> None:
    write_tree(tmp_path, {"f.txt": b"x"})
    assert stat.S_IMODE((tmp_path / "f.txt").stat().st_mode) == 0o644


def test_identical_rerun_succeeds_and_leaves_the_file_untouched(tmp_path: Path) -> None:
    write_tree(tmp_path, {"f.txt": b"same", "g/h.txt": b"also"})
    before = (tmp_path / "f.txt").stat()
    written = write_tree(tmp_path, {"f.txt": b"same", "g/h.txt": b"also"})
    after = (tmp_path / "f.txt").stat()
    assert written == [tmp_path / "f.txt", tmp_path / "g/h.txt"]
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.txt": b"1", "d/b.txt": b"2"})
    write_tree(tmp_path, {"a.txt": b"3"}, force=True)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.txt", "b.txt", "d"]


# --- atomicity ---------------------------------------------------------------------------------


def test_a_failing_rename_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {"f.txt": b"old contents"})

    def failing_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left"):
        write_tree(tmp_path, {"f.txt": b"new contents"}, force=True)
    assert _tree(tmp_path) == {"f.txt": b"old contents"}  # and no temporary file remains


def test_a_write_failing_halfway_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {"f.txt": b"old contents"})

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="Input/output"):
        write_tree(tmp_path, {"f.txt": b"new contents"}, force=True)
    assert _tree(tmp_path) == {"f.txt": b"old contents"}


def test_the_file_appears_only_through_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, bytes]] = []
    real_replace = os.replace

    def watching_replace(src: str, dst: str) -> None:
        # At the moment of the rename the target still holds the old bytes, and the temporary
        # file sits beside it (one file system, so the rename is atomic).
        assert Path(src).parent == Path(dst).parent
        seen.append((Path(src).name, Path(dst).read_bytes()))
        real_replace(src, dst)

    write_tree(tmp_path, {"f.txt": b"old"})
    monkeypatch.setattr(os, "replace", watching_replace)
    write_tree(tmp_path, {"f.txt": b"new"}, force=True)
    assert len(seen) == 1
    temporary, old = seen[0]
    assert temporary.startswith(".f.txt.")
    assert temporary.endswith(".tmp")
    assert old == b"old"
    assert (tmp_path / "f.txt").read_bytes() == b"new"


# --- no overwrite without force ------------------------------------------------------------------


def test_a_differing_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    write_tree(tmp_path, {"f.txt": b"mine"})
    with pytest.raises(OverwriteError) as info:
        write_tree(tmp_path, {"f.txt": b"theirs"})
    assert str(info.value) == (
        f"{tmp_path / 'f.txt'} exists with different contents; pass --force to overwrite"
    )
    assert (tmp_path / "f.txt").read_bytes() == b"mine"


def test_nothing_at_all_is_written_when_one_file_conflicts(tmp_path: Path) -> None:
    write_tree(tmp_path, {"m.txt": b"mine", "z.txt": b"mine too"})
    files = {"a.txt": b"new", "m.txt": b"theirs", "n/o.txt": b"new", "z.txt": b"theirs"}
    with pytest.raises(OverwriteError, match=r"m\.txt exists .* \(and 1 more\)"):
        write_tree(tmp_path, files)
    assert _tree(tmp_path) == {"m.txt": b"mine", "z.txt": b"mine too"}


def test_force_overwrites(tmp_path: Path) -> None:
    write_tree(tmp_path, {"f.txt": b"mine"})
    write_tree(tmp_path, {"f.txt": b"theirs"}, force=True)
    assert (tmp_path / "f.txt").read_bytes() == b"theirs"


def test_a_pipe_in_the_way_is_a_conflict_and_is_never_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "f.txt")  # reading it would block forever
    with pytest.raises(OverwriteError, match="different contents"):
        write_tree(tmp_path, {"f.txt": b"x"})
    write_tree(tmp_path, {"f.txt": b"x"}, force=True)
    assert (tmp_path / "f.txt").read_bytes() == b"x"


def test_a_directory_in_the_way_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "z.txt").mkdir()
    with pytest.raises(InputError, match=r"z\.txt is a directory; cannot write a file there"):
        write_tree(tmp_path, {"a.txt": b"new", "z.txt": b"new"}, force=True)
    assert _tree(tmp_path) == {"z.txt": "/"}


def test_a_file_where_a_directory_is_needed_is_refused_before_writing(tmp_path: Path) -> None:
    (tmp_path / "sub").write_bytes(b"a file")
    with pytest.raises(InputError, match=r"sub exists and is not a directory; cannot write sub/f"):
        write_tree(tmp_path, {"a.txt": b"new", "sub/f.txt": b"new"}, force=True)
    assert _tree(tmp_path) == {"sub": b"a file"}


def test_a_name_that_is_both_file_and_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="a is both a file and the directory of a/b"):
        write_tree(tmp_path / "out", {"a": b"1", "a/b": b"2"})
    assert not (tmp_path / "out").exists()


def test_one_name_given_twice_with_different_contents_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="given twice"):
        write_tree(tmp_path / "out", {"a/b": b"1", "a//b": b"2"})
    assert not (tmp_path / "out").exists()


# --- never outside --out -------------------------------------------------------------------------


def test_a_link_to_a_file_elsewhere_is_replaced_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "f.txt").symlink_to(elsewhere)
    write_tree(out, {"f.txt": b"artifact"})  # no --force: the link is not a file of ours
    assert elsewhere.read_bytes() == b"precious"
    assert not (out / "f.txt").is_symlink()
    assert (out / "f.txt").read_bytes() == b"artifact"


def test_a_link_to_a_directory_elsewhere_is_replaced_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "f.txt").write_bytes(b"precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    write_tree(out, {"sub/f.txt": b"artifact", "sub/g/h.txt": b"deeper"})
    assert _tree(elsewhere) == {"f.txt": b"precious"}
    assert _tree(out) == {
        "sub": "/",
        "sub/f.txt": b"artifact",
        "sub/g": "/",
        "sub/g/h.txt": b"deeper",
    }


def test_a_link_named_like_the_file_to_a_directory_is_replaced(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "f.txt").symlink_to(elsewhere, target_is_directory=True)
    write_tree(out, {"f.txt": b"artifact"})
    assert _tree(elsewhere) == {}
    assert (out / "f.txt").read_bytes() == b"artifact"


def test_a_dangling_link_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "f.txt").symlink_to(tmp_path / "nowhere" / "x")
    write_tree(tmp_path, {"f.txt": b"artifact"})
    assert _tree(tmp_path) == {"f.txt": b"artifact"}


BAD_NAMES = [
    pytest.param("..", "unsafe component '..'", id="dot-dot"),
    pytest.param("../escape.txt", "unsafe component '..'", id="parent-escape"),
    pytest.param("a/../../b", "unsafe component '..'", id="inner-dot-dot"),
    pytest.param("/etc/passwd", "must be a relative path", id="absolute"),
    pytest.param("", "must be a relative path", id="empty"),
    pytest.param(".", "must be a relative path", id="dot"),
    pytest.param(".hidden", "unsafe component '.hidden'", id="hidden"),
    pytest.param("a\\b", "unsafe component", id="backslash"),
    pytest.param("with space", "unsafe component 'with space'", id="space"),
    pytest.param("nul\x00byte", "unsafe component", id="nul"),
    pytest.param("new\nline", "unsafe component", id="newline"),
    pytest.param("caf\u00e9", "unsafe component", id="non-ascii"),
    pytest.param("x" * 129, "unsafe component", id="overlong-component"),
    pytest.param("a/$HOME", "unsafe component '$HOME'", id="shell-variable"),
    pytest.param("a/-rf", "unsafe component '-rf'", id="leading-dash"),
]


@pytest.mark.parametrize(("name", "fragment"), BAD_NAMES)
def test_unsafe_names_are_refused_before_anything_is_created(
    name: str, fragment: str, tmp_path: Path
) -> None:
    with pytest.raises(
        InputError, match=r"use letters, digits, '\.', '_' and '-' only$|inside --out$"
    ) as info:
        write_tree(tmp_path / "out", {"good.txt": b"1", name: b"2"})
    assert fragment in str(info.value)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["a", "a/b.c", "A_1/b-2/c.3.tex", "x" * 128, "a/./b"])
def test_plain_names_are_accepted(name: str) -> None:
    assert str(check_relative_name(name)) == name.replace("/./", "/")


# --- the output directory ---------------------------------------------------------------------


def test_out_under_a_regular_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(InputError, match=r"--out .* cannot be created: .*file is not a directory"):
        prepare_output_directory(tmp_path / "file" / "out")


def test_out_that_cannot_be_made_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be created: No such file or directory"):
        prepare_output_directory(Path("/proc/hadamard-no-such-directory/out"))


def test_unwritable_out_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Permission bits do not bind root, so ask os.access the way a normal user would be answered.
    # Writable only when asked for nothing more than existence: W_OK and X_OK must be asked.
    monkeypatch.setattr(os, "access", lambda path, mode: not mode & (os.W_OK | os.X_OK))
    with pytest.raises(InputError, match="is not writable"):
        prepare_output_directory(tmp_path)


def test_out_is_created_with_its_parents(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "c"
    assert prepare_output_directory(out) == out
    assert out.is_dir()
