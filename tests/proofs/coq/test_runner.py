"""The coqc runner (proofs/coq/kernel.py) against a fake coqc: fast, and every verdict exact.

A small ``coqc`` (a shell line starting a Python script), alone on PATH, answers ``--version``
and each file with the output and exit code a test chooses, and records the arguments, the
working directory and the file it was asked to compile. The tests pin what ``check_directory``
concludes from each answer (its record, its log, its summary), the command line it runs, and
that it compiles a scratch copy, in ``_CoqProject`` order, stopping at the first refusal. The
real kernel is tests/proofs/coq/test_kernel.py.
"""

from __future__ import annotations

import json
import locale
import os
import shlex
import stat
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from proofs.coq import kernel as coq_check
from proofs.coq.cache import CompiledStore
from proofs.coq.kernel import (
    ALLOWED_AXIOMS,
    CLOSED,
    COQC_MISSING,
    MATHCOMP,
    MATHCOMP_AXIOMS,
    MATHCOMP_MISSING,
    STDLIB,
    CoqcError,
    CoqCheck,
    check_directory,
    coq_library,
    coqc_version,
    find_coqc,
    find_library,
)


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    # The verdicts of fake kernels here must never reach the session's cache.
    monkeypatch.setenv("HADAMARD_CACHE_DIR", str(tmp_path_factory.mktemp("coq-cache")))


VERSION_OUTPUT = "The Coq Proof Assistant, version 8.16.1\ncompiled with OCaml 4.14.1\n"
SIG_NOT_DEC = "ClassicalDedekindReals.sig_not_dec"
FUNEXT = "FunctionalExtensionality.functional_extensionality_dep"

_FAKE = r"""import json, os, pathlib, sys, time
here = pathlib.Path(__file__).parent
spec = json.loads((here / "spec.json").read_text(encoding="utf-8"))
args = sys.argv[1:]
name = args[-1] if args else ""
source = pathlib.Path(name)
loadable = sorted(p.name for p in pathlib.Path().glob("*.vo"))
call = {"argv": args, "cwd": os.getcwd(), "loadable": loadable}
if source.is_file():
    call["text"] = source.read_text(encoding="utf-8")
with open(here / "calls.jsonl", "a", encoding="utf-8") as log:
    log.write(json.dumps(call) + "\n")
if args == ["--version"]:
    time.sleep(spec["version_sleep"])
    sys.stdout.flush()
    sys.stdout.buffer.write(spec["version"].encode("utf-8") + bytes.fromhex(spec["version_hex"]))
    sys.stderr.write(spec["version_stderr"])
    sys.exit(spec["version_rc"])
reply = spec["files"].get(name, {})
time.sleep(reply.get("sleep", 0))
if source.is_file() and not reply.get("no_vo"):
    source.with_suffix(".vo").write_text("compiled", encoding="utf-8")
sys.stdout.write(reply.get("stdout", ""))
sys.stdout.flush()
sys.stdout.buffer.write(bytes.fromhex(reply.get("stdout_hex", "")))
sys.stderr.write(reply.get("stderr", ""))
sys.stderr.flush()
sys.stderr.buffer.write(bytes.fromhex(reply.get("stderr_hex", "")))
sys.exit(reply.get("rc", 0))
"""


class FakeCoqc:
    """A ``coqc`` on PATH whose answers are set by :meth:`answer`; :meth:`calls` reads its log."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.path = bin_dir / "coqc"
        script = bin_dir / "fake_coqc.py"
        script.write_text(_FAKE, encoding="utf-8")
        self._command = f'exec {shlex.quote(sys.executable)} -S {shlex.quote(str(script))} "$@"\n'
        self._answers = 0
        self.answer()

    def answer(
        self,
        version: str = VERSION_OUTPUT,
        version_rc: int = 0,
        files: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        version_stderr: str = "",
        version_sleep: float = 0,
        version_hex: str = "",
    ) -> None:
        spec = {
            "version": version,
            "version_rc": version_rc,
            "version_stderr": version_stderr,
            "version_sleep": version_sleep,
            "version_hex": version_hex,
            "files": dict(files or {}),
        }
        (self.bin / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        # A coqc that answers differently is another file: the runner asks each coqc file its
        # version and library once per process (kernel._asked).
        # A file one byte longer each time: a replaced file may get the old one's inode back,
        # and its time may be the same clock tick; its size then tells the two apart.
        self._answers += 1
        new = self.bin / "coqc.new"
        new.write_text("#!/bin/sh\n" + "#" * self._answers + "\n" + self._command, encoding="utf-8")
        new.chmod(new.stat().st_mode | stat.S_IXUSR)
        new.replace(self.path)

    def calls(self) -> list[dict[str, Any]]:
        log = self.bin / "calls.jsonl"
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]

    def compiled(self) -> list[str]:
        """The files coqc was asked to compile, in order."""
        return [call["argv"][-1] for call in self.calls() if call["argv"] != ["--version"]]


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeCoqc:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    # A runner that ran coqc here instead of in its scratch copy leaves .vo files behind: in
    # the test's own directory, never where a later test would find them.
    monkeypatch.chdir(tmp_path)
    return FakeCoqc(bin_dir)


def write_project(root: Path, files: Mapping[str, str], mapping: str = "-Q . T") -> Path:
    """``root/_CoqProject`` listing ``files`` in the given order, and the files themselves."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "_CoqProject").write_text(f"{mapping}\n" + "\n".join(files) + "\n", encoding="utf-8")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def axioms(*names: str) -> str:
    return "Axioms:\n" + "".join(f"{name} : Prop\n" for name in names)


@contextmanager
def ascii_locale() -> Iterator[None]:
    """LC_CTYPE switched to C (ASCII) at run time, as a non-UTF-8 locale would be.

    A C locale chosen at startup would put Python in UTF-8 mode instead.
    """
    saved = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


# --- finding coqc and its version ---------------------------------------------------------------


def test_find_coqc_returns_the_coqc_on_path(fake: FakeCoqc) -> None:
    assert find_coqc() == str(fake.path)


def test_find_coqc_is_none_without_coqc_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_coqc() is None


def test_coqc_version_reads_the_word_after_version(fake: FakeCoqc) -> None:
    assert coqc_version(str(fake.path)) == "8.16.1"
    assert [call["argv"] for call in fake.calls()] == [["--version"]]


@pytest.mark.parametrize(
    ("output", "version"),
    [
        ("8.18.0\n", "8.18.0"),
        ("\n  Rocq 9.0 (custom build)\nsecond line\n", "Rocq 9.0 (custom build)"),
    ],
    ids=["bare", "blank-first-line"],
)
def test_coqc_version_without_the_word_version_is_the_first_line(
    fake: FakeCoqc, output: str, version: str
) -> None:
    fake.answer(version=output)
    assert coqc_version(str(fake.path)) == version


@pytest.mark.parametrize(
    ("stdout", "stderr", "said"),
    [
        ("", "", ""),
        ("", "\n  coqc: no standard library\nmore\n", ": coqc: no standard library"),
        ("fatal: no\n", "", ": fatal: no"),
    ],
    ids=["silent", "stderr", "stdout"],
)
def test_a_coqc_that_fails_on_version_is_a_clear_error(
    fake: FakeCoqc, stdout: str, stderr: str, said: str
) -> None:
    fake.answer(version=stdout, version_rc=2, version_stderr=stderr)
    with pytest.raises(CoqcError) as caught:
        coqc_version(str(fake.path))
    assert str(caught.value) == f"{fake.path} --version exited with status 2{said}"
    assert isinstance(caught.value.__cause__, subprocess.CalledProcessError)


def test_a_coqc_that_hangs_on_version_is_stopped(
    fake: FakeCoqc, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coq_check, "COQC_VERSION_TIMEOUT_SECONDS", 0.25)
    fake.answer(version_sleep=10)
    start = time.perf_counter()
    with pytest.raises(CoqcError, match=r" --version did not answer within 0\.25 s$"):
        coqc_version(str(fake.path))
    assert time.perf_counter() - start < 10


def test_a_non_ascii_version_is_read_as_utf8_whatever_the_locale(fake: FakeCoqc) -> None:
    fake.answer(version="Rocq Prover, version 9.0+dérivée\n")
    with ascii_locale():
        assert coqc_version(str(fake.path)) == "9.0+dérivée"


def test_a_version_with_bytes_that_are_not_utf8_is_still_read(fake: FakeCoqc) -> None:
    fake.answer(version="The Coq Proof Assistant, version 8.16.1 ", version_hex="ff fe 0a")
    assert coqc_version(str(fake.path)) == "8.16.1"


def test_a_coqc_that_prints_nothing_is_an_error(fake: FakeCoqc) -> None:
    fake.answer(version="\n  \n")
    with pytest.raises(CoqcError, match=r" --version printed no version$"):
        coqc_version(str(fake.path))


def test_a_coqc_that_cannot_run_is_an_error(fake: FakeCoqc) -> None:
    fake.path.chmod(0o644)
    with pytest.raises(CoqcError, match=r" --version could not be run: Permission denied$"):
        coqc_version(str(fake.path))


def test_coqc_is_asked_its_version_and_library_once_per_process(fake: FakeCoqc) -> None:
    fake.answer(files={"-where": {"stdout": "/usr/lib/coq\n"}})
    coqc = str(fake.path)
    assert [coqc_version(coqc) for _ in range(3)] == ["8.16.1"] * 3
    assert [coq_library(coqc) for _ in range(3)] == [Path("/usr/lib/coq")] * 3
    assert [call["argv"] for call in fake.calls()] == [["--version"], ["-where"]]


def test_a_coqc_replaced_on_disk_is_asked_again(fake: FakeCoqc) -> None:
    assert coqc_version(str(fake.path)) == "8.16.1"
    fake.answer(version="The Coq Proof Assistant, version 8.17.0\n")
    assert coqc_version(str(fake.path)) == "8.17.0"


def test_coqlib_moves_the_library_so_it_is_asked_again(
    fake: FakeCoqc, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.answer(files={"-where": {"stdout": "/usr/lib/coq\n"}})
    coq_library(str(fake.path))
    monkeypatch.setenv("COQLIB", "/opt/coq")
    coq_library(str(fake.path))
    assert [call["argv"] for call in fake.calls()] == [["-where"], ["-where"]]


def test_an_error_is_not_remembered(fake: FakeCoqc) -> None:
    fake.answer(version="\n")
    with pytest.raises(CoqcError):
        coqc_version(str(fake.path))
    spec = json.loads((fake.bin / "spec.json").read_text(encoding="utf-8"))
    (fake.bin / "spec.json").write_text(json.dumps({**spec, "version": VERSION_OUTPUT}))
    assert coqc_version(str(fake.path)) == "8.16.1"


def test_a_broken_coqc_is_one_line_and_exit_2_on_the_command_line(
    fake: FakeCoqc, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hadamard.cli import main

    fake.answer(version="", version_rc=1, version_stderr="Error: bad installation\n")
    assert main(["export", "coq", "--out", str(tmp_path / "coq")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--version exited with status 1: Error: bad installation" in err
    assert "Traceback" not in err


def test_coqc_output_is_read_as_utf8_whatever_the_locale(fake: FakeCoqc, tmp_path: Path) -> None:
    """coqc prints ∂ and ⊙ from our sources in its errors; an ASCII locale must not break that."""
    fake.answer(files={"A.v": {"rc": 1, "stderr": "Error: ∂(x ⊙ y) is not a term.\n"}})
    root = write_project(tmp_path / "p", {"A.v": "Print Assumptions a.\n"})
    with ascii_locale():
        check = check_directory(root)
    assert check.log == "Error: ∂(x ⊙ y) is not a term."


def test_bytes_that_are_not_utf8_are_replaced_not_a_crash(fake: FakeCoqc, tmp_path: Path) -> None:
    fake.answer(files={"A.v": {"rc": 1, "stderr": "Error: ", "stderr_hex": "ff e2 88 82 0a"}})
    check = check_directory(write_project(tmp_path / "p", {"A.v": "Print Assumptions a.\n"}))
    assert check.log == "Error: \ufffd∂"


# --- check_directory: skipped, forbidden, refused, timed out ------------------------------------


def test_without_coqc_the_check_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    root = write_project(tmp_path / "p", {"A.v": "Print Assumptions a.\n"})
    check = check_directory(root)
    assert check == CoqCheck("", ("a",), False, (), 0.0, COQC_MISSING)
    assert not check.ran
    assert check.summary() == COQC_MISSING


def test_forbidden_vernacular_is_refused_before_anything_is_compiled(
    fake: FakeCoqc, tmp_path: Path
) -> None:
    files = {
        "A.v": "Axiom a : False.\nLemma l : False.\nProof.\nAdmitted.\n",
        "B.v": "(* Admitted *) Lemma t : True.\nProof. exact I. Qed.\n",
        "C.v": "Lemma u : True.\nProof. admit. Qed.\nPrint Assumptions u.\n",
    }
    check = check_directory(write_project(tmp_path / "p", files))
    log = "forbidden vernacular (A.v: Admitted, Axiom; C.v: admit)"
    assert check == CoqCheck("8.16.1", ("u",), False, (), 0.0, log)
    assert check.summary() == f"coqc 8.16.1, 0.0 s: FAILED: {log}"
    assert fake.compiled() == []


def test_coqc_refusing_a_file_stops_the_check_with_its_messages(
    fake: FakeCoqc, tmp_path: Path
) -> None:
    fake.answer(
        files={
            "B.v": {"rc": 1, "stdout": "\n Some output\n", "stderr": 'File "./B.v", line 3:\n\n'},
        }
    )
    files = {"A.v": "Print Assumptions a.\n", "B.v": "Print Assumptions b.\n", "C.v": ""}
    root = write_project(tmp_path / "p", files)
    start = time.perf_counter()
    check = check_directory(root)
    elapsed = time.perf_counter() - start
    log = 'Some output\nFile "./B.v", line 3:'
    assert check == CoqCheck("8.16.1", ("a", "b"), False, (), check.seconds, log)
    assert 0 < check.seconds <= elapsed
    assert check.summary() == f"coqc 8.16.1, {check.seconds:.1f} s: FAILED: {log}"
    assert fake.compiled() == ["A.v", "B.v"]


@pytest.mark.parametrize("code", [2, 255])
def test_any_nonzero_exit_code_is_a_refusal(fake: FakeCoqc, tmp_path: Path, code: int) -> None:
    fake.answer(files={"A.v": {"rc": code, "stderr": "Error: no."}})
    check = check_directory(write_project(tmp_path / "p", {"A.v": "Print Assumptions a.\n"}))
    assert not check.ok
    assert check.log == "Error: no."


def test_a_coqc_that_hangs_is_stopped_at_the_timeout(
    fake: FakeCoqc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coq_check, "COQC_TIMEOUT_SECONDS", 0.25)
    fake.answer(files={"A.v": {"sleep": 10, "stdout": f"{CLOSED}\n"}})
    start = time.perf_counter()
    check = check_directory(write_project(tmp_path / "p", {"A.v": "Print Assumptions a.\n"}))
    elapsed = time.perf_counter() - start
    log = "coqc A.v took longer than 0.25 s"
    assert check == CoqCheck("8.16.1", ("a",), False, (), check.seconds, log)
    assert 0.25 <= check.seconds <= elapsed < 10
    assert check.summary() == f"coqc 8.16.1, {check.seconds:.1f} s: FAILED: {log}"


# --- check_directory: what it runs, and where ---------------------------------------------------


def test_each_file_is_compiled_in_project_order_in_a_scratch_copy(
    fake: FakeCoqc, tmp_path: Path
) -> None:
    files = {
        "Z.v": "Lemma z : True.\nProof. exact I. Qed.\n",
        "sub/deep/B.v": "(* é ⊙ *)\nPrint Assumptions b.\n",
        "sub/deep/C.v": "Lemma c : True.\nProof. exact I. Qed.\n",
        "A.v": "Print Assumptions a.\n",
    }
    fake.answer(files={"sub/deep/B.v": {"stdout": f"{CLOSED}\n"}, "A.v": {"stdout": axioms()}})
    root = write_project(tmp_path / "p", files, mapping="-Q . T -R sub/deep T.Sub")
    before = {name: (root / name).read_bytes() for name in tree(root)}
    check = check_directory(root)
    assert check.ok, check.summary()
    assert check.theorems == ("b", "a")
    calls = [call for call in fake.calls() if call["argv"] != ["--version"]]
    flags = ["-Q", ".", "T", "-R", "sub/deep", "T.Sub"]
    assert [call["argv"] for call in calls] == [[*flags, name] for name in files]
    assert [call["text"] for call in calls] == list(files.values())
    scratch = {call["cwd"] for call in calls}
    assert len(scratch) == 1
    (cwd,) = scratch
    assert not Path(cwd).exists()  # removed afterwards
    assert not Path(cwd).is_relative_to(root)
    # coqc's .vo files went to the scratch copy, not to the checked directory
    assert {name: (root / name).read_bytes() for name in tree(root)} == before


def test_the_time_is_that_of_the_compilation(fake: FakeCoqc, tmp_path: Path) -> None:
    fake.answer(files={"A.v": {"stdout": f"{CLOSED}\n", "sleep": 0.1}})
    start = time.perf_counter()
    check = check_directory(write_project(tmp_path / "p", {"A.v": "Print Assumptions a.\n"}))
    elapsed = time.perf_counter() - start
    assert check.ok
    assert 0.1 <= check.seconds <= elapsed
    assert check.summary().startswith(f"coqc 8.16.1, {check.seconds:.1f} s: ")


def test_files_are_read_and_copied_as_utf8_whatever_the_locale(
    fake: FakeCoqc, tmp_path: Path
) -> None:
    """The exported HadamardDerivative.v has ⊙ and ∂ in comments; an ASCII locale must not matter.

    The same for _CoqProject (a logical name may be any Coq identifier). A C locale chosen at
    startup puts Python in UTF-8 mode, so the test switches LC_CTYPE to C (ASCII) at run time,
    as a non-UTF-8 locale would be.
    """
    text = "(* ∂(x ⊙ y)/∂z *)\nPrint Assumptions a.\n"
    fake.answer(files={"A.v": {"stdout": f"{CLOSED}\n"}})
    root = write_project(tmp_path / "p", {"A.v": text}, mapping="-Q . Dérivée")
    with ascii_locale():
        check = check_directory(root)
    assert check.ok, check.summary()
    calls = fake.calls()
    assert [call["argv"] for call in calls] == [["--version"], ["-Q", ".", "Dérivée", "A.v"]]
    assert [call.get("text") for call in calls] == [None, text]


# --- check_directory: reading Print Assumptions -------------------------------------------------


def test_the_assumptions_of_every_file_are_read_together(fake: FakeCoqc, tmp_path: Path) -> None:
    fake.answer(
        files={
            "A.v": {"stdout": axioms(SIG_NOT_DEC, FUNEXT)},
            "B.v": {"stdout": f"{CLOSED}\n" + axioms(SIG_NOT_DEC)},
        }
    )
    files = {
        "A.v": "Print Assumptions a.\n",
        "B.v": "Print Assumptions b.\n(* Print Assumptions no. *)\nPrint Assumptions c'.\n",
    }
    check = check_directory(write_project(tmp_path / "p", files))
    assumptions = (("a", (SIG_NOT_DEC, FUNEXT)), ("b", ()), ("c'", (SIG_NOT_DEC,)))
    assert check == CoqCheck("8.16.1", ("a", "b", "c'"), True, assumptions, check.seconds)
    assert check.summary() == (
        f"coqc 8.16.1, {check.seconds:.1f} s: the Coq kernel accepts all 3 theorems; they rest "
        "only on the axioms of Coq's standard Reals library.\n"
        f"  a: {SIG_NOT_DEC}, {FUNEXT}\n"
        f"  b: {CLOSED}\n"
        f"  c': {SIG_NOT_DEC}"
    )


@pytest.mark.parametrize(
    "printed",
    [
        "",  # nothing printed
        f"{CLOSED}\n{CLOSED}\n",  # one block too many
        f"Warning: something\n{CLOSED}\n",  # text before the first block
    ],
    ids=["nothing", "one-block-too-many", "text-before-the-first-block"],
)
def test_unexpected_print_assumptions_output_fails(
    fake: FakeCoqc, tmp_path: Path, printed: str
) -> None:
    fake.answer(files={"A.v": {"stdout": printed}})
    check = check_directory(write_project(tmp_path / "p", {"A.v": "Print Assumptions a.\n"}))
    log = "Print Assumptions output does not match the theorems ['a']"
    assert check == CoqCheck("8.16.1", ("a",), False, (), check.seconds, log)
    assert check.summary() == f"coqc 8.16.1, {check.seconds:.1f} s: FAILED: {log}"


def test_an_assumption_beyond_the_reals_axioms_fails(fake: FakeCoqc, tmp_path: Path) -> None:
    fake.answer(files={"A.v": {"stdout": axioms(SIG_NOT_DEC, "Classical_Prop.classic")}})
    check = check_directory(write_project(tmp_path / "p", {"A.v": "Print Assumptions a.\n"}))
    assumptions = (("a", (SIG_NOT_DEC, "Classical_Prop.classic")),)
    log = "assumptions beyond the allowed axioms"
    assert check == CoqCheck("8.16.1", ("a",), False, assumptions, check.seconds, log)
    assert check.summary() == (
        f"coqc 8.16.1, {check.seconds:.1f} s: FAILED: assumptions beyond the allowed axioms: "
        "Classical_Prop.classic"
    )


def test_a_project_without_theorems_is_not_accepted(fake: FakeCoqc, tmp_path: Path) -> None:
    check = check_directory(write_project(tmp_path / "p", {"A.v": "Lemma t : True.\n"}))
    assert check == CoqCheck("8.16.1", (), False, (), check.seconds)
    assert fake.compiled() == ["A.v"]


# --- the record -------------------------------------------------------------------------------


def test_disallowed_lists_each_foreign_assumption_once_sorted() -> None:
    foreign = [f"M{k}.ax" for k in (7, 3, 9, 1, 5, 8, 2, 6, 4, 0)]
    assumptions = (("a", (*foreign[:6], SIG_NOT_DEC)), ("b", (FUNEXT, *foreign[3:])), ("c", ()))
    check = CoqCheck("8.16.1", ("a", "b", "c"), False, assumptions, 2.46)
    assert check.disallowed() == tuple(sorted(foreign))
    beyond = ", ".join(sorted(foreign))
    assert (
        check.summary()
        == f"coqc 8.16.1, 2.5 s: FAILED: assumptions beyond the allowed axioms: {beyond}"
    )


def test_to_data_is_the_certificate_record() -> None:
    assumptions = (("a", (SIG_NOT_DEC,)), ("b", ()))
    check = CoqCheck("8.16.1", ("a", "b"), True, assumptions, 3.0, "log")
    assert check.to_data() == {
        "development": "stdlib",
        "checker": "coqc",
        "run": True,
        "reason": "",
        "coqc_version": "8.16.1",
        "ok": True,
        "theorems": ["a", "b"],
        "assumptions": {"a": [SIG_NOT_DEC], "b": []},
        "allowed_axioms": sorted(ALLOWED_AXIOMS),
    }
    skipped = CoqCheck("", (), False, (), 0.0, COQC_MISSING).to_data()
    assert (skipped["ok"], skipped["run"], skipped["reason"]) == (False, False, COQC_MISSING)


def test_ran_is_whether_coqc_reported_a_version() -> None:
    assert CoqCheck("8.16.1", (), False, (), 0.0).ran
    assert not CoqCheck("", (), False, (), 0.0, COQC_MISSING).ran


def test_summary_of_a_failure_strips_the_log() -> None:
    check = CoqCheck("8.16.1", ("a",), False, (), 0.04, "\n  Error: no.\n")
    assert check.summary() == "coqc 8.16.1, 0.0 s: FAILED: Error: no."


# --- developments that need more than the standard library ---------------------------------------

MATHCOMP_AXIOM = "boolp.propositional_extensionality"


def _library(root: Path) -> Path:
    derive = root / "mathcomp" / "analysis" / "derive.vo"
    derive.parent.mkdir(parents=True)
    derive.write_bytes(b"compiled")
    return root


def test_without_the_library_a_development_is_skipped_with_the_reason(
    fake: FakeCoqc, tmp_path: Path
) -> None:
    fake.answer(files={"-where": {"stdout": f"{tmp_path / 'coqlib'}\n"}})
    root = write_project(tmp_path / "p", {"A.v": "Print Assumptions a.\n"})
    check = check_directory(root, MATHCOMP)
    assert check == CoqCheck("", ("a",), False, (), 0.0, MATHCOMP_MISSING, MATHCOMP)
    assert (check.ran, check.reason, check.summary()) == (False, MATHCOMP_MISSING, MATHCOMP_MISSING)
    assert fake.compiled() == ["-where"]


@pytest.mark.parametrize("where", ["user-contrib", "coqpath"])
def test_the_library_is_found_in_user_contrib_or_on_coqpath(
    fake: FakeCoqc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    coqlib = tmp_path / "coqlib"
    if where == "user-contrib":
        _library(coqlib / "user-contrib")
    else:
        monkeypatch.setenv(
            "COQPATH", f"{tmp_path / 'elsewhere'}{os.pathsep}{_library(tmp_path / 'opam')}"
        )
    fake.answer(
        files={"-where": {"stdout": f"{coqlib}\n"}, "A.v": {"stdout": axioms(MATHCOMP_AXIOM)}}
    )
    assert find_library(str(fake.path), "mathcomp.analysis.derive") is not None
    check = check_directory(
        write_project(tmp_path / "p", {"A.v": "Print Assumptions a.\n"}), MATHCOMP
    )
    assert check.ok, check.summary()
    assert check.assumptions == (("a", (MATHCOMP_AXIOM,)),)
    assert check.summary().endswith(
        "they rest only on the axioms of MathComp-Analysis's classical library.\n"
        f"  a: {MATHCOMP_AXIOM}"
    )


def test_each_development_allows_only_its_own_axioms(fake: FakeCoqc, tmp_path: Path) -> None:
    _library(tmp_path / "coqlib" / "user-contrib")
    fake.answer(
        files={
            "-where": {"stdout": f"{tmp_path / 'coqlib'}\n"},
            "A.v": {"stdout": axioms(SIG_NOT_DEC)},
        }
    )
    root = write_project(tmp_path / "p", {"A.v": "Print Assumptions a.\n"})
    assert check_directory(root, STDLIB).ok
    refused = check_directory(root, MATHCOMP)
    assert not refused.ok
    assert refused.disallowed() == (SIG_NOT_DEC,)
    assert refused.to_data()["allowed_axioms"] == sorted(MATHCOMP_AXIOMS)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"rc": 1, "stderr": "no\n"}, " -where failed"),
        ({"stdout": "\n  \n"}, " -where printed no directory$"),
    ],
    ids=["fails", "prints-nothing"],
)
def test_a_coqc_that_cannot_say_where_its_library_is_is_an_error(
    fake: FakeCoqc,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: dict[str, object],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    _library(tmp_path / "user-contrib")  # never searched in place of coqc's own directory
    fake.answer(files={"-where": answer})
    with pytest.raises(CoqcError, match=message):
        check_directory(write_project(tmp_path / "p", {"A.v": ""}), MATHCOMP)


def test_a_coqc_that_hangs_on_where_is_stopped(
    fake: FakeCoqc, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coq_check, "COQC_VERSION_TIMEOUT_SECONDS", 0.25)
    fake.answer(files={"-where": {"sleep": 10, "stdout": "/usr/lib/coq\n"}})
    start = time.perf_counter()
    with pytest.raises(CoqcError, match=r" -where failed: .* timed out after 0\.25 seconds$"):
        find_library(str(fake.path), "mathcomp.analysis.derive")
    assert time.perf_counter() - start < 10


def test_the_library_directory_is_read_as_utf8_whatever_the_locale(
    fake: FakeCoqc, tmp_path: Path
) -> None:
    coqlib = tmp_path / "coq-∂⊙"
    _library(coqlib / "user-contrib")
    fake.answer(files={"-where": {"stdout": f"{coqlib}\n"}, "A.v": {"stdout": f"{CLOSED}\n"}})
    root = write_project(tmp_path / "p", {"A.v": "Print Assumptions a.\n"})
    with ascii_locale():
        found = find_library(str(fake.path), "mathcomp.analysis.derive")
        check = check_directory(root, MATHCOMP)
    assert found == coqlib / "user-contrib" / "mathcomp" / "analysis" / "derive.vo"
    assert check.ok, check.summary()


@pytest.mark.parametrize(
    ("stdout", "stdout_hex"),
    [("/nowhere-", "ff 0a"), ("/nowhere\n", "")],
    ids=["bytes-not-utf8", "no-such-directory"],
)
def test_a_where_answer_without_a_usable_directory_still_searches_coqpath(
    fake: FakeCoqc,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stdout: str,
    stdout_hex: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COQPATH", str(_library(tmp_path / "opam")))
    fake.answer(
        files={
            "-where": {"stdout": stdout, "stdout_hex": stdout_hex},
            "A.v": {"stdout": axioms(MATHCOMP_AXIOM)},
        }
    )
    found = find_library(str(fake.path), "mathcomp.analysis.derive")
    assert found == tmp_path / "opam" / "mathcomp" / "analysis" / "derive.vo"
    check = check_directory(
        write_project(tmp_path / "p", {"A.v": "Print Assumptions a.\n"}), MATHCOMP
    )
    assert check.ok, check.summary()


@pytest.mark.parametrize("failure", ["forbidden", "refused", "timed-out", "unreadable-output"])
def test_a_failed_check_is_recorded_against_its_development(
    fake: FakeCoqc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    _library(tmp_path / "coqlib" / "user-contrib")
    monkeypatch.setattr(coq_check, "COQC_TIMEOUT_SECONDS", 0.25)
    replies: dict[str, dict[str, Any]] = {
        "forbidden": {"stdout": axioms(MATHCOMP_AXIOM)},
        "refused": {"rc": 1, "stderr": "Error: no."},
        "timed-out": {"sleep": 10, "stdout": axioms(MATHCOMP_AXIOM)},
        "unreadable-output": {"stdout": "Warning: something\n"},
    }
    fake.answer(files={"-where": {"stdout": f"{tmp_path / 'coqlib'}\n"}, "A.v": replies[failure]})
    text = "Lemma l : False.\nAdmitted.\n" if failure == "forbidden" else ""
    root = write_project(tmp_path / "p", {"A.v": text + "Print Assumptions a.\n"})
    check = check_directory(root, MATHCOMP)
    assert (check.ran, check.ok) == (True, False)
    assert check.development is MATHCOMP
    data = check.to_data()
    assert (data["development"], data["allowed_axioms"]) == ("mathcomp", sorted(MATHCOMP_AXIOMS))


# --- files coqc accepted before are loaded, not compiled again ------------------------------------

TWO_FILES = {"A.v": "Definition a := 1.\n", "B.v": "Print Assumptions a.\n"}


def _checked_twice(
    fake: FakeCoqc, tmp_path: Path, second: Mapping[str, str], mapping: str = "-Q . T"
) -> tuple[CoqCheck, CoqCheck]:
    """Check TWO_FILES, then ``second``, both with one store; what coqc compiled is in fake."""
    fake.answer(files={"B.v": {"stdout": axioms(SIG_NOT_DEC)}})
    store = CompiledStore(tmp_path / "cache", "coqc and its libraries")
    first = check_directory(write_project(tmp_path / "one", TWO_FILES), compiled=store)
    again = check_directory(write_project(tmp_path / "two", second, mapping), compiled=store)
    return first, again


def test_a_file_coqc_accepted_before_is_loaded_not_compiled(fake: FakeCoqc, tmp_path: Path) -> None:
    first, again = _checked_twice(fake, tmp_path, TWO_FILES)
    assert fake.compiled() == ["A.v", "B.v"]  # the second check compiled nothing
    assert again.ok
    assert again.assumptions == first.assumptions == (("a", (SIG_NOT_DEC,)),)


def test_a_changed_file_is_compiled_after_loading_the_unchanged_ones_before_it(
    fake: FakeCoqc, tmp_path: Path
) -> None:
    _checked_twice(fake, tmp_path, {**TWO_FILES, "B.v": "Print Assumptions a.\n(* new *)\n"})
    assert fake.compiled() == ["A.v", "B.v", "B.v"]
    assert [call["loadable"] for call in fake.calls()][-1] == ["A.vo"]


def test_a_changed_file_compiles_every_file_after_it_again(fake: FakeCoqc, tmp_path: Path) -> None:
    _checked_twice(fake, tmp_path, {**TWO_FILES, "A.v": "Definition a := 2.\n"})
    assert fake.compiled() == ["A.v", "B.v", "A.v", "B.v"]


def test_other_flags_compile_every_file_again(fake: FakeCoqc, tmp_path: Path) -> None:
    _checked_twice(fake, tmp_path, TWO_FILES, mapping="-Q . U")
    assert fake.compiled() == ["A.v", "B.v", "A.v", "B.v"]


def test_a_refused_file_is_not_kept(fake: FakeCoqc, tmp_path: Path) -> None:
    fake.answer(files={"B.v": {"rc": 1, "stderr": "Error: no.\n"}})
    store = CompiledStore(tmp_path / "cache", "coqc and its libraries")
    root = write_project(tmp_path / "p", TWO_FILES)
    assert not check_directory(root, compiled=store).ok
    assert not check_directory(root, compiled=store).ok
    assert fake.compiled() == ["A.v", "B.v", "B.v"]  # A.v was kept, B.v never


def test_the_store_keeps_a_file_for_one_coqc_and_reads_only_whole_entries(tmp_path: Path) -> None:
    store = CompiledStore(tmp_path, "this coqc")
    store.store("key", b"compiled", "Axioms:\n")
    assert store.load("key") == (b"compiled", "Axioms:\n")
    assert CompiledStore(tmp_path, "another coqc").load("key") is None
    for out in tmp_path.glob("vo-*.out"):
        out.unlink()  # the .vo alone, as a store cut short leaves it
    assert store.load("key") is None


def test_a_file_of_another_name_is_compiled_even_with_the_same_text(
    fake: FakeCoqc, tmp_path: Path
) -> None:
    # coqc names a module after its file: A.vo cannot stand for C.v.
    _checked_twice(fake, tmp_path, {"C.v": TWO_FILES["A.v"], "B.v": TWO_FILES["B.v"]})
    assert fake.compiled() == ["A.v", "B.v", "C.v", "B.v"]


def test_an_accepted_file_without_a_vo_is_not_kept(fake: FakeCoqc, tmp_path: Path) -> None:
    fake.answer(files={"A.v": {"no_vo": True}, "B.v": {"stdout": axioms(SIG_NOT_DEC)}})
    store = CompiledStore(tmp_path / "cache", "coqc and its libraries")
    root = write_project(tmp_path / "p", TWO_FILES)
    assert check_directory(root, compiled=store).ok
    assert check_directory(root, compiled=store).ok
    assert fake.compiled() == ["A.v", "B.v", "A.v"]  # A.v again; B.v, which had one, loaded
