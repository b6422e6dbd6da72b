"""The Coq kernel's verdict: run coqc over an exported directory and read Print Assumptions.

The check passes only when coqc accepts every file of ``_CoqProject`` in order, no source
uses a vernacular that adds an unproved fact, and every assumption Print Assumptions lists
for each main theorem is one of the axioms its development allows: those Coq's standard
Reals library rests on (:data:`STDLIB`), or those MathComp-Analysis's classical library
rests on (:data:`MATHCOMP`). A development whose libraries are not installed is skipped,
with the reason, as a missing coqc is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Protocol, TypeVar, cast

from hadamard._files import check_relative_name
from hadamard.errors import CoqcError, InputError

_T = TypeVar("_T")

__all__ = [
    "ALLOWED_AXIOMS",
    "COQC_MISSING",
    "COQC_VERSION_TIMEOUT_SECONDS",
    "FORBIDDEN_VERNACULAR",
    "MATHCOMP",
    "MATHCOMP_AXIOMS",
    "MATHCOMP_MISSING",
    "STDLIB",
    "CompiledFiles",
    "CoqCheck",
    "CoqProject",
    "CoqcError",
    "Development",
    "check_directory",
    "compiled_key",
    "coq_library",
    "coqc_version",
    "find_coqc",
    "find_library",
    "forbidden_vernacular",
    "parse_assumptions",
    "read_project",
]

ALLOWED_AXIOMS: Final = frozenset(
    {
        "ClassicalDedekindReals.sig_forall_dec",
        "ClassicalDedekindReals.sig_not_dec",
        "FunctionalExtensionality.functional_extensionality_dep",
    }
)
"""The axioms of Coq's standard Reals library: the only assumptions a theorem may list."""

MATHCOMP_AXIOMS: Final = frozenset(
    {
        "boolp.constructive_indefinite_description",
        "boolp.functional_extensionality_dep",
        "boolp.propositional_extensionality",
    }
)
"""The axioms MathComp-Analysis's classical library (mathcomp.classical.boolp) rests on."""

COQC_MISSING: Final = "coqc not found: the Coq kernel check was skipped (apt-get install -y coq)"
MATHCOMP_MISSING: Final = (
    "MathComp-Analysis not found: the MathComp kernel check was skipped "
    "(apt-get install -y libcoq-mathcomp-analysis)"
)


@dataclass(frozen=True)
class Development:
    """A Coq development the export holds: where, which axioms it may use, what it needs."""

    name: str
    title: str
    directory: str
    """Where its ``_CoqProject`` is, relative to the export directory."""
    allowed_axioms: frozenset[str]
    axioms_of: str
    """Whose axioms those are, for the summary."""
    requires: tuple[str, ...] = ()
    """Compiled libraries beyond Coq's standard library, as logical paths."""
    missing: str = COQC_MISSING
    """Why the check is skipped when a required library is absent."""


STDLIB: Final = Development(
    "stdlib",
    "Coq standard library (Reals)",
    ".",
    ALLOWED_AXIOMS,
    "Coq's standard Reals library",
)
MATHCOMP: Final = Development(
    "mathcomp",
    "MathComp-Analysis",
    "mathcomp",
    MATHCOMP_AXIOMS,
    "MathComp-Analysis's classical library",
    ("mathcomp.analysis.derive",),
    MATHCOMP_MISSING,
)

FORBIDDEN_VERNACULAR: Final = (
    "Admitted",
    "admit",
    "give_up",
    "Axiom",
    "Axioms",
    "Parameter",
    "Parameters",
    "Conjecture",
    "Hypothesis",
    "Hypotheses",
    "Variable",
    "Variables",
)
"""Commands and tactics that let a file state something it does not prove."""

CLOSED: Final = "Closed under the global context"
COQC_TIMEOUT_SECONDS: Final = 600
COQC_VERSION_TIMEOUT_SECONDS: Final = 60
# coqc writes UTF-8 (our sources and its notations are not ASCII), whatever the locale says.
COQC_ENCODING: Final = "utf-8"
_PRINT_ASSUMPTIONS = re.compile(r"^Print Assumptions ([A-Za-z_][A-Za-z0-9_']*)\.$", re.MULTILINE)
_FORBIDDEN = re.compile(r"\b(" + "|".join(FORBIDDEN_VERNACULAR) + r")\b")
_VERSION = re.compile(r"version (\S+)")


@dataclass(frozen=True)
class CoqCheck:
    """What coqc said about the generated files."""

    coqc_version: str
    theorems: tuple[str, ...]
    ok: bool
    assumptions: tuple[tuple[str, tuple[str, ...]], ...]
    seconds: float
    log: str = ""
    """coqc's messages when it refused a file, or why the check did not run."""
    development: Development = STDLIB
    cached: bool = field(default=False, compare=False)
    """The verdict was read from the content-hash cache (proofs.coq.cache): coqc accepted
    byte-identical files with the same coqc and libraries before; ``seconds`` is that run's."""

    @property
    def ran(self) -> bool:
        """Whether coqc was found and run (False: the check was skipped)."""
        return bool(self.coqc_version)

    @property
    def reason(self) -> str:
        """Why the check was skipped ('' when it ran)."""
        return "" if self.ran else self.log

    def disallowed(self) -> tuple[str, ...]:
        """Assumptions outside the development's allowed axioms, sorted."""
        found = {name for _, names in self.assumptions for name in names}
        return tuple(sorted(found - self.development.allowed_axioms))

    def to_data(self) -> dict[str, Any]:
        """JSON-ready record for a certificate; ``seconds`` is left out to keep it reproducible."""
        return {
            "development": self.development.name,
            "checker": "coqc",
            "run": self.ran,
            "reason": self.reason,
            "coqc_version": self.coqc_version,
            "ok": self.ok,
            "theorems": list(self.theorems),
            "assumptions": {name: list(names) for name, names in self.assumptions},
            "allowed_axioms": sorted(self.development.allowed_axioms),
        }

    def summary(self) -> str:
        """One paragraph for the CLI."""
        if not self.ran:
            return self.log
        when = "cached verdict of an identical check" if self.cached else f"{self.seconds:.1f} s"
        head = f"coqc {self.coqc_version}, {when}:"
        if self.ok:
            lines = [
                f"{head} the Coq kernel accepts all {len(self.theorems)} theorems; they rest "
                f"only on the axioms of {self.development.axioms_of}."
            ]
            lines += [f"  {name}: {', '.join(names) or CLOSED}" for name, names in self.assumptions]
            return "\n".join(lines)
        if self.disallowed():
            beyond = ", ".join(self.disallowed())
            return f"{head} FAILED: assumptions beyond the allowed axioms: {beyond}"
        return f"{head} FAILED: {self.log.strip()}"


@dataclass(frozen=True)
class CoqProject:
    """A parsed ``_CoqProject``: the coqc flags and the .v files in dependency order."""

    flags: tuple[str, ...]
    files: tuple[str, ...]


def read_project(path: Path) -> CoqProject:
    """Parse ``path/_CoqProject`` (only -Q/-R mappings and .v files are accepted)."""
    project = path / "_CoqProject"
    try:
        words = project.read_text(encoding="utf-8").split()
    except OSError as exc:
        raise InputError(f"{path} has no readable _CoqProject: {exc.strerror or exc}") from None
    flags: list[str] = []
    files: list[str] = []
    position = 0
    while position < len(words):
        word = words[position]
        if word in ("-Q", "-R"):
            if position + 2 >= len(words):
                raise InputError(f"{project}: {word} needs a directory and a logical name")
            directory, root = words[position + 1 : position + 3]
            if directory != ".":
                directory = str(check_relative_name(directory))
            flags += [word, directory, root]
            position += 3
        elif word.endswith(".v"):
            files.append(str(check_relative_name(word)))
            position += 1
        else:
            raise InputError(
                f"{project}: unsupported entry {word!r} (expected -Q, -R or a .v file)"
            )
    if not flags or not files:
        raise InputError(f"{project} must map a logical root (-Q DIR NAME) and list .v files")
    return CoqProject(tuple(flags), tuple(files))


def forbidden_vernacular(source: str) -> tuple[str, ...]:
    """The forbidden words (:data:`FORBIDDEN_VERNACULAR`) in ``source`` outside comments."""
    return tuple(sorted(set(_FORBIDDEN.findall(_strip_comments(source)))))


def _strip_comments(source: str) -> str:
    """``source`` without its (nested) comments."""
    out: list[str] = []
    depth = 0
    position = 0
    while position < len(source):
        pair = source[position : position + 2]
        if pair == "(*":
            depth += 1
            position += 2
        elif pair == "*)" and depth:
            depth -= 1
            position += 2
        else:
            if not depth:
                out.append(source[position])
            position += 1
    return "".join(out)


def parse_assumptions(
    output: str, theorems: Sequence[str]
) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """Pair each theorem with the names Print Assumptions listed for it, in order.

    Each block starts with "Axioms:" or "Closed under the global context"; any other
    unindented line is an entry (kept, so that anything unexpected fails the check).
    None when the blocks do not match ``theorems`` one to one.
    """
    blocks: list[list[str]] = []
    for line in output.splitlines():
        if not line.strip() or line[0].isspace():
            continue  # a blank line, or the continuation of an entry's type
        if line.strip() in ("Axioms:", CLOSED):
            blocks.append([])
        elif not blocks:
            return None
        else:
            blocks[-1].append(line.split(" : ", 1)[0].strip())
    if len(blocks) != len(theorems):
        return None
    return tuple((name, tuple(block)) for name, block in zip(theorems, blocks, strict=True))


def find_coqc() -> str | None:
    """The coqc executable on PATH, or None."""
    return shutil.which("coqc")


def _identity(coqc: str) -> tuple[object, ...] | None:
    """What names one coqc and what it answers: its file, and the variable that moves ``-where``.

    None when the file cannot be read; then nothing is remembered for it.
    """
    try:
        stat = Path(coqc).stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, os.environ.get("COQLIB"))


_ANSWERS: dict[tuple[Callable[[str], object], str, tuple[object, ...]], object] = {}
"""coqc's answers in this process, by question, coqc and identity (:func:`_asked`)."""


def _asked(question: Callable[[str], _T], coqc: str) -> _T:
    """``question(coqc)``, asked once per coqc and process.

    A check asks coqc's version and library several times (the verdict cache's key, then the
    check), each a process of its own. An answer is kept for one identity of coqc
    (:func:`_identity`): a coqc replaced on disk is asked again; an error is not kept.
    """
    identity = _identity(coqc)
    if identity is None:
        return question(coqc)
    key = (question, coqc, identity)
    if key not in _ANSWERS:
        _ANSWERS[key] = question(coqc)
    return cast(_T, _ANSWERS[key])


def coqc_version(coqc: str) -> str:
    """The version coqc reports, e.g. ``8.16.1``; :class:`CoqcError` when coqc does not work."""
    return _asked(_ask_version, coqc)


def _ask_version(coqc: str) -> str:
    """Run ``coqc --version`` and read the version (:func:`coqc_version`)."""
    try:
        result = subprocess.run(
            [coqc, "--version"],
            capture_output=True,
            check=True,
            timeout=COQC_VERSION_TIMEOUT_SECONDS,
            encoding=COQC_ENCODING,
            errors="replace",
        )
    except subprocess.CalledProcessError as exc:
        said = _first_line(exc.stderr) or _first_line(exc.stdout)
        raise CoqcError(
            f"{coqc} --version exited with status {exc.returncode}" + (f": {said}" if said else "")
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise CoqcError(
            f"{coqc} --version did not answer within {COQC_VERSION_TIMEOUT_SECONDS} s"
        ) from exc
    except OSError as exc:
        raise CoqcError(f"{coqc} --version could not be run: {exc.strerror or exc}") from exc
    match = _VERSION.search(result.stdout)
    if match:
        return match.group(1)
    first = _first_line(result.stdout)
    if not first:
        raise CoqcError(f"{coqc} --version printed no version")
    return first


def coq_library(coqc: str) -> Path:
    """Where coqc's standard library is installed (``coqc -where``); CoqcError if it cannot say."""
    return _asked(_ask_library, coqc)


def _ask_library(coqc: str) -> Path:
    """Run ``coqc -where`` and read the directory (:func:`coq_library`)."""
    try:
        result = subprocess.run(
            [coqc, "-where"],
            capture_output=True,
            check=True,
            timeout=COQC_VERSION_TIMEOUT_SECONDS,
            encoding=COQC_ENCODING,
            errors="replace",
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        raise CoqcError(f"{coqc} -where failed: {exc}") from exc
    where = _first_line(result.stdout)
    if not where:  # Path("") would be the working directory, searched as if it were coqc's
        raise CoqcError(f"{coqc} -where printed no directory")
    return Path(where)


def find_library(coqc: str, logical: str) -> Path | None:
    """The compiled file of the library ``logical`` (``mathcomp.analysis.derive``), or None.

    Looked for where coqc looks without flags: its ``user-contrib`` and each COQPATH entry.
    """
    relative = Path(*logical.split(".")).with_suffix(".vo")
    roots = [coq_library(coqc) / "user-contrib"]
    roots += [Path(entry) for entry in os.environ.get("COQPATH", "").split(os.pathsep) if entry]
    return next((root / relative for root in roots if (root / relative).is_file()), None)


def _first_line(text: str | None) -> str:
    """The first non-blank line of ``text``, stripped; '' when there is none."""
    return next((line.strip() for line in (text or "").splitlines() if line.strip()), "")


class CompiledFiles(Protocol):
    """What coqc made of the files it accepted, kept to be loaded instead of compiled again.

    A key names one file compiled after the ones before it in its ``_CoqProject``, with the
    same flags (:func:`compiled_key`); the store adds what else the output depends on (coqc
    and the libraries it loads, proofs.coq.cache.CompiledStore).
    """

    def load(self, key: str) -> tuple[bytes, str] | None:
        """The ``.vo`` coqc wrote and what it printed, or None when none is kept."""

    def store(self, key: str, compiled: bytes, printed: str) -> None:
        """Keep the ``.vo`` of an accepted file and what coqc printed for it."""


def compiled_key(before: str, flags: Sequence[str], name: str, source: str) -> str:
    """The key of ``name`` compiled with ``flags`` after the files whose key is ``before``."""
    return hashlib.sha256(json.dumps([before, list(flags), name, source]).encode()).hexdigest()


def check_directory(
    path: Path, development: Development = STDLIB, *, compiled: CompiledFiles | None = None
) -> CoqCheck:
    """Run coqc over the files of ``path/_CoqProject`` in a scratch copy; read the verdict.

    ``development`` says which axioms the theorems may rest on and which libraries beyond
    the standard library the files need; without one of those, the check is skipped.
    ``compiled``: a file that coqc accepted before, after the same files before it and with
    the same flags, is loaded from there (its ``.vo`` and what coqc printed) instead of being
    compiled again; every file coqc accepts here is kept there.
    """
    project = read_project(path)
    sources = {name: (path / name).read_text(encoding="utf-8") for name in project.files}
    theorems = tuple(
        name for source in sources.values() for name in _PRINT_ASSUMPTIONS.findall(source)
    )
    coqc = find_coqc()
    if coqc is None:
        return CoqCheck("", theorems, False, (), 0.0, COQC_MISSING, development)
    version = coqc_version(coqc)
    if any(find_library(coqc, library) is None for library in development.requires):
        return CoqCheck("", theorems, False, (), 0.0, development.missing, development)
    forbidden = {name: forbidden_vernacular(text) for name, text in sources.items()}
    if any(forbidden.values()):
        found = "; ".join(f"{name}: {', '.join(w)}" for name, w in forbidden.items() if w)
        log = f"forbidden vernacular ({found})"
        return CoqCheck(version, theorems, False, (), 0.0, log, development)
    outputs: list[str] = []
    start = time.perf_counter()
    # A scratch copy keeps coqc's .vo/.glob files out of the user's --out directory.
    with tempfile.TemporaryDirectory(prefix="hadamard-coq-") as scratch:
        for name, text in sources.items():
            target = Path(scratch, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        key = ""
        for name in project.files:
            key = compiled_key(key, project.flags, name, sources[name])
            kept = compiled.load(key) if compiled is not None else None
            if kept is not None:
                Path(scratch, name).with_suffix(".vo").write_bytes(kept[0])
                outputs.append(kept[1])
                continue
            try:
                result = subprocess.run(
                    [coqc, *project.flags, name],
                    cwd=scratch,
                    capture_output=True,
                    timeout=COQC_TIMEOUT_SECONDS,
                    encoding=COQC_ENCODING,
                    errors="replace",
                )
            except subprocess.TimeoutExpired:
                seconds = time.perf_counter() - start
                log = f"coqc {name} took longer than {COQC_TIMEOUT_SECONDS} s"
                return CoqCheck(version, theorems, False, (), seconds, log, development)
            if result.returncode != 0:
                seconds = time.perf_counter() - start
                log = (result.stdout + result.stderr).strip()
                return CoqCheck(version, theorems, False, (), seconds, log, development)
            outputs.append(result.stdout)
            if compiled is not None:
                vo = Path(scratch, name).with_suffix(".vo")
                with contextlib.suppress(OSError):  # no .vo to keep: the next check compiles
                    compiled.store(key, vo.read_bytes(), result.stdout)
    seconds = time.perf_counter() - start
    assumptions = parse_assumptions("".join(outputs), theorems)
    if assumptions is None:
        log = f"Print Assumptions output does not match the theorems {list(theorems)}"
        return CoqCheck(version, theorems, False, (), seconds, log, development)
    check = CoqCheck(version, theorems, bool(theorems), assumptions, seconds, "", development)
    if check.disallowed():
        log = "assumptions beyond the allowed axioms"
        return CoqCheck(version, theorems, False, assumptions, seconds, log, development)
    return check
