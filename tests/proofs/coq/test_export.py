"""The export's entry points without coqc: the command line, the two developments' verdicts,
the certificate's quick checks and their cache, and the Print Assumptions reader.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from hadamard._files import write_tree
from hadamard.cli import main
from proofs.coq import cache, export, mathcomp, stdlib
from proofs.coq.export import (
    COQC_MISSING,
    DEVELOPMENTS,
    MATHCOMP_MISSING,
    ExportCheck,
    coq_files,
    kernel_check,
    quick_kernel,
    quick_kernel_checks,
)
from proofs.coq.kernel import (
    ALLOWED_AXIOMS,
    MATHCOMP,
    STDLIB,
    CoqCheck,
    Development,
    parse_assumptions,
)


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    # The verdicts of fake kernels here must never reach the session's cache.
    monkeypatch.setenv("HADAMARD_CACHE_DIR", str(tmp_path_factory.mktemp("coq-cache")))


SIG = "ClassicalDedekindReals.sig_forall_dec"


def _without_coqc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "no-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_cli_writes_the_files_without_checking(tmp_path: Path) -> None:
    out = tmp_path / "coq"
    assert main(["export", "coq", "--out", str(out), "--no-check"]) == 0
    assert _tree(out) == coq_files()


def test_cli_without_coqc_writes_and_says_the_checks_were_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _without_coqc(monkeypatch, tmp_path)
    assert main(["export", "coq", "--out", str(tmp_path / "coq")]) == 0
    out = capsys.readouterr().out
    assert f"Coq standard library (Reals): {COQC_MISSING}" in out
    assert f"MathComp-Analysis: {COQC_MISSING}" in out
    assert _tree(tmp_path / "coq") == coq_files()
    assert kernel_check() is None
    assert [c.ran for c in quick_kernel_checks(use_cache=False)] == [False, False]


def _verdict(development: Development, *, ran: bool = True, ok: bool = True) -> CoqCheck:
    if not ran:
        reason = COQC_MISSING if development is STDLIB else MATHCOMP_MISSING
        return CoqCheck("", ("t",), False, (), 0.0, reason, development)
    return CoqCheck("8.16.1", ("t",), ok, (("t", ()),), 0.5, "" if ok else "Error: no", development)


def test_without_mathcomp_the_export_is_written_checked_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[tuple[Path, str]] = []

    def fake(path: Path, development: Development = STDLIB, compiled: object = None) -> CoqCheck:
        seen.append((path, development.name))
        return _verdict(development, ran=development is STDLIB)

    monkeypatch.setattr(export, "check_development", fake)
    out = tmp_path / "coq"
    assert main(["export", "coq", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"MathComp-Analysis: {MATHCOMP_MISSING}" in printed
    assert "Coq standard library (Reals): coqc 8.16.1" in printed
    assert sorted(seen) == [(out, "stdlib"), (out / "mathcomp", "mathcomp")]


@pytest.mark.parametrize(
    ("stdlib_ok", "mathcomp", "status"),
    [(True, "ok", 0), (True, "refused", 1), (False, "ok", 1), (True, "missing", 0)],
    ids=["both-accepted", "mathcomp-refused", "stdlib-refused", "mathcomp-missing"],
)
def test_the_cli_fails_when_a_check_that_ran_failed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stdlib_ok: bool,
    mathcomp: str,
    status: int,
) -> None:
    def fake(path: Path, development: Development = STDLIB, compiled: object = None) -> CoqCheck:
        if development is STDLIB:
            return _verdict(STDLIB, ok=stdlib_ok)
        return _verdict(MATHCOMP, ran=mathcomp != "missing", ok=mathcomp == "ok")

    monkeypatch.setattr(export, "check_development", fake)
    assert main(["export", "coq", "--out", str(tmp_path / "coq")]) == status
    assert ("FAILED" in capsys.readouterr().out) is (status == 1)


def test_an_export_without_a_mathcomp_directory_checks_the_standard_library_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        export, "check_development", lambda path, development, compiled=None: _verdict(development)
    )
    (tmp_path / "_CoqProject").write_text("-Q . T\nA.v\n")
    assert [c.development for c in export.check_directory(tmp_path).checks] == [STDLIB]
    (tmp_path / "mathcomp").mkdir()
    (tmp_path / "mathcomp" / "_CoqProject").write_text("-Q . M\nB.v\n")
    assert [c.development for c in export.check_directory(tmp_path).checks] == list(DEVELOPMENTS)


def test_an_export_check_is_ok_only_when_every_check_that_ran_is() -> None:
    both = ExportCheck((_verdict(STDLIB), _verdict(MATHCOMP)))
    assert (both.ran, both.ok) == (True, True)
    skipped = ExportCheck((_verdict(STDLIB), _verdict(MATHCOMP, ran=False)))
    assert (skipped.ran, skipped.ok) == (True, True)
    refused = ExportCheck((_verdict(STDLIB), _verdict(MATHCOMP, ok=False)))
    assert (refused.ran, refused.ok) == (True, False)
    nothing = ExportCheck((_verdict(STDLIB, ran=False), _verdict(MATHCOMP, ran=False)))
    assert (nothing.ran, nothing.ok) == (False, False)
    assert both.check(MATHCOMP).development is MATHCOMP
    with pytest.raises(KeyError, match="no mathcomp development"):
        ExportCheck((_verdict(STDLIB),)).check(MATHCOMP)


def test_kernel_check_checks_exactly_the_exported_files(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, bytes] = {}

    def fake(path: Path, development: Development = STDLIB, compiled: object = None) -> CoqCheck:
        if development is STDLIB:
            seen.update(_tree(path))
        return _verdict(development)

    monkeypatch.setattr(export, "find_coqc", lambda: "coqc")
    monkeypatch.setattr(export, "check_development", fake)
    result = kernel_check()
    assert result is not None
    assert result.ok
    assert seen == coq_files()


# --- the quick checks a certificate records, and their cache ------------------------------------


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, bytes]]:
    """A fake kernel behind quick_kernel_checks (coqc "present"); records the files it saw."""
    seen: list[dict[str, bytes]] = []

    def fake(path: Path, development: Development = STDLIB, compiled: object = None) -> CoqCheck:
        seen.append(_tree(path))
        axioms = (SIG,) if development is STDLIB else ("boolp.propositional_extensionality",)
        together = (("main_theorems_together", axioms),)
        return CoqCheck("8.16.1", ("main_theorems_together",), True, together, 3.0, "", development)

    monkeypatch.setattr(export, "find_coqc", lambda: "/usr/bin/coqc")
    monkeypatch.setattr(export, "coqc_version", lambda coqc: "8.16.1")
    monkeypatch.setattr(export, "check_development", fake)
    monkeypatch.setattr(cache, "cache_key", lambda files, d, coqc, v: f"{d.name}-{len(files)}")
    monkeypatch.setenv("HADAMARD_CACHE_DIR", str(tmp_path / "cache"))
    return seen


def test_quick_checks_report_each_main_theorem_with_the_union(
    quick: list[dict[str, bytes]],
) -> None:
    stdlib_check, mathcomp_check = quick_kernel_checks()
    assert stdlib_check.theorems == stdlib.main_theorem_names()
    assert mathcomp_check.theorems == mathcomp.main_theorem_names()
    assert set(stdlib_check.assumptions) == {(t, (SIG,)) for t in stdlib_check.theorems}
    together = [files for files in quick if "Assumptions.v" in files]
    assert b"Print Assumptions main_theorems_together." in together[0]["Assumptions.v"]


def test_an_accepted_quick_check_is_kept_and_reused(
    quick: list[dict[str, bytes]], tmp_path: Path
) -> None:
    first = quick_kernel_checks()
    assert len(quick) == 2
    assert sorted(p.name for p in (tmp_path / "cache").glob("*.json")) == [
        "coq-mathcomp-3.json",
        "coq-stdlib-4.json",
    ]
    again = quick_kernel_checks()
    assert len(quick) == 2  # no coqc run: both came from the cache
    assert again == first
    assert [c.to_data() for c in again] == [c.to_data() for c in first]
    assert quick_kernel_checks(use_cache=False) == first
    assert len(quick) == 4


def test_a_refused_check_is_not_kept(
    quick: list[dict[str, bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        export, "check_development", lambda path, d, compiled=None: _verdict(d, ok=False)
    )
    assert not any(c.ok for c in quick_kernel_checks())
    assert list((tmp_path / "cache").glob("*.json")) == []


@pytest.mark.parametrize(
    "content",
    ["not json", "{}", json.dumps({"development": "nope"})],
    ids=["garbage", "empty", "unknown-development"],
)
def test_a_damaged_cache_entry_is_ignored(
    quick: list[dict[str, bytes]], tmp_path: Path, content: str
) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "coq-stdlib-4.json").write_text(content)
    stdlib_check, _ = quick_kernel_checks()
    assert stdlib_check.ok
    assert len(quick) == 2


def test_identical_checks_at_once_run_coqc_once(
    quick: list[dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two threads check the same development together: the second waits and reads the first."""
    fake: Callable[[Path, Development], CoqCheck] = vars(export)[
        "check_development"
    ]  # the fixture's
    inside = threading.Event()
    release = threading.Event()

    def slow(path: Path, development: Development = STDLIB, compiled: object = None) -> CoqCheck:
        inside.set()
        assert release.wait(10)
        return fake(path, development)

    monkeypatch.setattr(export, "check_development", slow)
    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(quick_kernel, STDLIB)
        assert inside.wait(10)
        second = pool.submit(quick_kernel, STDLIB)
        time.sleep(0.2)  # the second is now waiting on the key's lock (or not yet at it)
        release.set()
        results = [first.result(), second.result()]
    assert len(quick) == 1
    assert [check.cached for check in results] == [False, True]
    assert results[0] == results[1]


def test_the_lock_excludes_another_process(tmp_path: Path) -> None:
    """While this process holds a key's lock, another process cannot take it; then it can."""
    script = (
        "import fcntl, sys\n"
        "with open(sys.argv[1], 'a+b') as f:\n"
        "    try:\n"
        "        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        "    except BlockingIOError:\n"
        "        sys.exit(1)\n"
    )
    lock_file = tmp_path / "coq-k.lock"
    probe = [sys.executable, "-c", script, str(lock_file)]
    with cache.locked(tmp_path, "k"):
        assert subprocess.run(probe, check=False).returncode == 1
    assert subprocess.run(probe, check=False).returncode == 0


def test_a_cached_verdict_with_foreign_axioms_is_not_trusted(
    quick: list[dict[str, bytes]], tmp_path: Path
) -> None:
    quick_kernel_checks()
    entry = tmp_path / "cache" / "coq-stdlib-4.json"
    data = json.loads(entry.read_text())
    data["assumptions"][0][1] = ["Classical_Prop.classic"]
    entry.write_text(json.dumps(data))
    quick_kernel_checks()
    assert len(quick) == 3  # the stdlib development was checked again


def test_the_cache_directory_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HADAMARD_CACHE_DIR", str(tmp_path / "here"))
    assert cache.cache_directory() == tmp_path / "here"
    monkeypatch.setenv("HADAMARD_CACHE_DIR", "")
    assert cache.cache_directory() is None
    monkeypatch.delenv("HADAMARD_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_directory() == tmp_path / "xdg" / "hadamard"


def test_the_cache_key_changes_with_any_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    coqlib = tmp_path / "coqlib"
    (coqlib / "theories" / "Init").mkdir(parents=True)
    (coqlib / "theories" / "Init" / "Prelude.vo").write_bytes(b"prelude")
    monkeypatch.setattr(cache, "coq_library", lambda coqc: coqlib)
    monkeypatch.setattr(cache, "find_library", lambda coqc, logical: None)
    coqc = tmp_path / "coqc"
    coqc.write_text("#!/bin/sh\n")
    key = cache.cache_key({"A.v": b"a"}, STDLIB, str(coqc), "8.16.1")
    assert key == cache.cache_key({"A.v": b"a"}, STDLIB, str(coqc), "8.16.1")
    assert key != cache.cache_key({"A.v": b"b"}, STDLIB, str(coqc), "8.16.1")
    assert key != cache.cache_key({"A.v": b"a"}, MATHCOMP, str(coqc), "8.16.1")
    assert key != cache.cache_key({"A.v": b"a"}, STDLIB, str(coqc), "8.17.0")
    (coqlib / "theories" / "Init" / "Prelude.vo").write_bytes(b"rebuilt prelude")
    assert key != cache.cache_key({"A.v": b"a"}, STDLIB, str(coqc), "8.16.1")


# --- reading Print Assumptions, and the record ---------------------------------------------------

# What coqc 8.16 prints for Print Assumptions: multi-line types, one block per theorem.
PRINTED = """\
Axioms:
ClassicalDedekindReals.sig_forall_dec
  : forall P : nat -> Prop,
    (forall n : nat, {P n} + {~ P n}) ->
    {n : nat | ~ P n} + {forall n : nat, P n}
FunctionalExtensionality.functional_extensionality_dep
  : forall (A : Type) (B : A -> Type) (f g : forall x : A, B x),
    (forall x : A, f x = g x) -> f = g
Closed under the global context
Axioms:
Classical_Prop.classic : forall P : Prop, P \\/ ~ P
"""


def test_parse_assumptions_reads_blocks_in_order() -> None:
    parsed = parse_assumptions(PRINTED, ["a", "b", "c"])
    assert parsed == (
        ("a", (SIG, "FunctionalExtensionality.functional_extensionality_dep")),
        ("b", ()),
        ("c", ("Classical_Prop.classic",)),
    )
    assert parse_assumptions(PRINTED, ["a", "b"]) is None
    assert parse_assumptions("Error: junk\n" + PRINTED, ["a", "b", "c"]) is None


def test_an_assumption_beyond_the_allowed_axioms_fails_the_check() -> None:
    parsed = parse_assumptions(PRINTED, ["a", "b", "c"])
    assert parsed is not None
    check = CoqCheck("8.16.1", ("a", "b", "c"), False, parsed, 1.0)
    assert check.disallowed() == ("Classical_Prop.classic",)
    assert "Classical_Prop.classic" in check.summary()
    assert {n for _, names in parsed[:2] for n in names} <= ALLOWED_AXIOMS
    assert replace(check, development=MATHCOMP).disallowed() == (
        SIG,
        "Classical_Prop.classic",
        "FunctionalExtensionality.functional_extensionality_dep",
    )


def test_the_allowed_axioms_of_each_development() -> None:
    assert sorted(STDLIB.allowed_axioms) == [
        "ClassicalDedekindReals.sig_forall_dec",
        "ClassicalDedekindReals.sig_not_dec",
        "FunctionalExtensionality.functional_extensionality_dep",
    ]
    assert sorted(MATHCOMP.allowed_axioms) == [
        "boolp.constructive_indefinite_description",
        "boolp.functional_extensionality_dep",
        "boolp.propositional_extensionality",
    ]


def test_certificate_record_is_reproducible() -> None:
    check = CoqCheck("8.16.1", ("t",), True, (("t", ("ClassicalDedekindReals.sig_not_dec",)),), 2.5)
    data = check.to_data()
    assert data["assumptions"] == {"t": ["ClassicalDedekindReals.sig_not_dec"]}
    assert "seconds" not in data
    assert data == replace(check, seconds=9.0).to_data()


# --- the export's own check, and the same cache ---------------------------------------------------


def _by_content(files: dict[str, bytes], development: Development, coqc: str, v: str) -> str:
    return f"{development.name}-{hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest()}"


def test_an_unchanged_export_is_checked_by_coqc_once(
    quick: list[dict[str, bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "cache_key", _by_content)
    out = tmp_path / "coq"
    write_tree(out, coq_files())
    first = export.check_directory(out)
    assert len(quick) == 2
    assert not any(c.cached for c in first.checks)
    again = export.check_directory(out)
    assert len(quick) == 2  # both verdicts came from the cache
    assert all(c.cached for c in again.checks)
    assert again == first
    assert "cached verdict of an identical check" in again.summary()
    for check in again.checks:
        assert check.summary().startswith(
            "coqc 8.16.1, cached verdict of an identical check: the Coq kernel accepts all 1 "
        )
    assert not any(c.cached for c in export.check_directory(out, use_cache=False).checks)
    assert len(quick) == 4


def test_a_changed_export_file_is_checked_again(
    quick: list[dict[str, bytes]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "cache_key", _by_content)
    out = tmp_path / "coq"
    write_tree(out, coq_files())
    export.check_directory(out)
    derivative = out / "HadamardDerivative.v"
    derivative.write_bytes(derivative.read_bytes() + b"\n(* edited *)\n")
    checks = export.check_directory(out).checks
    assert [c.cached for c in checks] == [False, True]  # only the edited development reran
    assert len(quick) == 3
