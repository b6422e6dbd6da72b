"""check-doc: every formula of the rule in a document, judged in the layout it declares.

A document is read within bounds (at most :data:`MAX_BYTES`, UTF-8, no NUL byte, nested at most
:data:`proofs.formula.extract.MAX_NESTING` deep); anything else is one line naming the problem.
Its formulas are found by :mod:`proofs.formula.extract`; each chain that states a form of the
rule is decided by :mod:`proofs.formula.check`, in the layout the document declares (or
``--layout``). Math that is not about the rule is skipped and counted; math that looks like
the rule but cannot be read is reported as NOT CHECKED, with the reason.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from hadamard import Layout
from hadamard.errors import InputError
from proofs.formula.check import EquationVerdict, decide_chain
from proofs.formula.extract import (
    DOCUMENT_SUFFIXES,
    Declaration,
    Kind,
    Marker,
    Math,
    kind_of,
    scan,
)
from proofs.formula.syntax import parse_formula

__all__ = [
    "MAX_BYTES",
    "MAX_SECONDS",
    "DocumentReport",
    "Record",
    "check_document",
    "documents",
    "read_document",
    "render",
]

MAX_BYTES = 10 * 2**20
"""Largest document read (10 MiB); a book chapter is well under 1 MiB."""

MAX_SECONDS = 120.0
"""The time check-doc gives one document; 200 formulas take about a second."""

DEFAULT_LAYOUT = Layout.DENOMINATOR
HOLDS, FAILS, NOT_CHECKED = "HOLDS", "FAILS", "NOT CHECKED"
_RULE_OPERATOR = re.compile(r"\\odot|\\circ|⊙|∘|Hadamard|\\otimes")
_RULE_DERIVATIVE = re.compile(
    r"\\partial|∂|\\nabla|∇|\\mathrm\s*\{\s*d\s*\}|\{\s*\\rm\s+d\s*\}|\\frac\s*\{\s*d"
    r"|(?<![A-Za-z\\])d\s*\(|\\dot|J_"
)
_REFUSAL_PREFIX = re.compile(r"^check-formula: (?:column \d+: )?")
_TRAILING = re.compile(
    r"(?:\\(?:label|tag\*?|end)\s*\{[^{}]*\}|\\(?:nonumber|notag)\b|\\\\"
    r"|(?<!\\right)(?<!\\left)[.,;])\s*$"
)
_SIZING = re.compile(r"\\(?:left|[bB]igg?l?)\s*$")
_UNOPENED_RIGHT = re.compile(r"\\right\s*[.)\]|]\s*$")


def _shown(source: str) -> str:
    """A chain's source as a record shows it: one line, without the labels, tags and closing
    text that the checker skips after its last side."""
    source = " ".join(source.split())
    while True:
        trailing = _TRAILING.search(source)
        if trailing is None and "\\left" not in source:
            trailing = _UNOPENED_RIGHT.search(source)  # its \left came before the first side
        if trailing is None or trailing.start() == 0:
            return source
        source = source[: trailing.start()].rstrip()


@dataclass(frozen=True)
class Record:
    """One checked formula: where it is, what it says, in which layout, and the verdict."""

    path: str
    line: int
    column: int
    formula: str
    layout: str | None
    """The layout it was judged in; None when its verdict is the same in every layout."""
    verdict: str
    reason: str
    reading: str = ""
    correct: str = ""

    def text(self) -> str:
        """``PATH:LINE: VERDICT …``, as compilers and linters print."""
        where = "" if self.layout is None else f" in the {self.layout} layout"
        shown = self.reading or self.formula
        parts = [f"{self.path}:{self.line}: {self.verdict}{where}: {shown}"]
        if self.reason:
            parts.append(self.reason)
        if self.correct and self.verdict != HOLDS:
            parts.append(f"correct form: {self.correct}")
        return " — ".join(parts)


@dataclass(frozen=True)
class DocumentReport:
    """The records of one document, how many formulas were skipped, and the layout used."""

    path: str
    records: tuple[Record, ...]
    skipped: int
    layout: Layout
    layout_source: str

    @property
    def status(self) -> int:
        """0 when every checked formula holds, 1 when one fails."""
        return 1 if any(r.verdict == FAILS for r in self.records) else 0

    def summary(self) -> str:
        """One line: the counts and the layout."""
        held = sum(r.verdict == HOLDS for r in self.records)
        failed = sum(r.verdict == FAILS for r in self.records)
        unread = sum(r.verdict == NOT_CHECKED for r in self.records)
        checked = held + failed
        counts = f"{held} hold, {failed} fail" + (f", {unread} not checked" if unread else "")
        return (
            f"{self.path}: {checked} formula{'' if checked == 1 else 's'} checked ({counts}); "
            f"{self.skipped} skipped (not about the rule); {self.layout.value} layout "
            f"({self.layout_source})"
        )


def documents(path: str) -> list[str]:
    """``path``, or for a directory the documents under it (by suffix, sorted, hidden ones left
    out); InputError for a directory that holds none."""
    if path == "-" or not Path(path).is_dir():
        return [path]
    root = Path(path)
    found = sorted(
        str(file)
        for file in root.rglob("*")
        if file.suffix.lower() in DOCUMENT_SUFFIXES
        and file.is_file()
        and not any(part.startswith(".") for part in file.relative_to(root).parts)
    )
    if not found:
        suffixes = ", ".join(DOCUMENT_SUFFIXES)
        raise InputError(f"{path}: a directory with no documents in it ({suffixes})")
    return found


def read_document(path: str, stdin: BinaryIO | None = None) -> str:
    """The text of the document at ``path`` (``-``: standard input); InputError if unreadable."""
    try:
        if path == "-":
            if stdin is None:
                raise InputError("-: no standard input")
            data = stdin.read(MAX_BYTES + 1)
        else:
            file = Path(path)
            if file.is_dir():
                raise InputError(f"{path}: is a directory")
            size = file.stat().st_size
            if size > MAX_BYTES:
                raise InputError(_too_large(path, size))
            with file.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:  # a file that grew, or standard input: read one byte past
        raise InputError(_too_large(path, None))
    return decode(path, data)


def _too_large(path: str, size: int | None) -> str:
    said = f"more than {MAX_BYTES}" if size is None else str(size)
    return f"{path}: {said} bytes; check-doc reads documents of at most {MAX_BYTES} bytes (10 MiB)"


def decode(path: str, data: bytes) -> str:
    """``data`` as UTF-8 text; InputError naming a binary file or the first bad byte."""
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError(f"{path}: a binary file (a NUL byte at offset {nul}), not a document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise InputError(
            f"{path}: not UTF-8 (byte 0x{byte:02x} at offset {exc.start}, line {line})"
        ) from None


def _looks_like_the_rule(text: str) -> bool:
    return bool(_RULE_OPERATOR.search(text) and _RULE_DERIVATIVE.search(text))


def _declared(declarations: Sequence[Declaration], override: Layout | None) -> tuple[Layout, str]:
    if override is not None:
        return override, "--layout"
    if not declarations:
        return DEFAULT_LAYOUT, "the document declares none; the default"
    first = declarations[0]
    source = f"declared at line {first.line}: “{first.phrase}”"
    other = next((d for d in declarations if d.layout is not first.layout), None)
    if other is not None:
        source += (
            f"; it also mentions the {other.layout.value} layout at line {other.line} "
            "(--layout or a `hadamard: layout=…` marker chooses)"
        )
    return first.layout, source


def check_document(
    path: str,
    text: str,
    *,
    kind: Kind | None = None,
    layout: Layout | None = None,
    otimes_is_hadamard: bool = False,
    seconds: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> DocumentReport:
    """Every formula of the rule in ``text`` (the document at ``path``), checked.

    ``seconds`` bounds the time spent on the document (the CLI gives :data:`MAX_SECONDS`):
    each formula is bounded, but a hostile file can hold a hundred thousand of them.
    """
    try:
        found = scan(text, kind or kind_of(path, text))
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    document_layout, source = _declared(found.declarations, layout)
    records: list[Record] = []
    skipped = 0
    deadline = None if seconds is None else clock() + seconds
    for item in found.math:
        if deadline is not None and clock() > deadline:
            raise InputError(
                f"{path}: still checking at line {item.line} after {seconds:g} s "
                f"({len(records)} formulas checked); check-doc gives a document at most "
                f"{seconds:g} s: split it"
            )
        if item.marker is Marker.SKIP:
            skipped += 1
            continue
        chosen = layout or item.layout or document_layout
        made = _check_math(path, item, chosen, otimes_is_hadamard, found.lines)
        if not made:
            skipped += 1
        records.extend(made)
    return DocumentReport(path, tuple(records), skipped, document_layout, source)


def _position(item: Math, column: int, lines: Sequence[int]) -> tuple[int, int]:
    """The (line, column) in the file of ``column`` (1-based) of ``item``'s source."""
    before = item.text[: column - 1]
    newlines = before.count("\n")
    line = item.line + newlines
    col = (item.column + len(before)) if not newlines else len(before) - before.rfind("\n")
    return (lines[line - 1] if lines else line), col


def _check_math(
    path: str,
    item: Math,
    layout: Layout,
    otimes: bool,
    lines: Sequence[int],
) -> list[Record]:
    forced = item.marker is Marker.CHECK
    ruleish = forced or _looks_like_the_rule(item.text)
    line, column = _position(item, 1, lines)
    try:
        reading = parse_formula(item.text, latex=True, layout=layout, otimes_is_hadamard=otimes)
    except InputError as exc:
        if not ruleish:
            return []
        return [_not_checked(path, line, column, item.text, layout, exc)]
    records = []
    for chain in reading.chains:
        start = chain.columns[0] - 1
        sizing = _SIZING.search(item.text, 0, start)
        start = start if sizing is None else sizing.start()  # \left( starts at \left
        source = _shown(item.text[start : chain.end - 1])
        line, column = _position(item, start + 1, lines)
        if len(chain.sides) == 1 and not forced:
            continue
        try:
            verdict = decide_chain(chain, reading, layout, item.constants)
        except InputError as exc:
            if forced or (ruleish and "not a form of the" not in str(exc)):
                records.append(_not_checked(path, line, column, source, layout, exc))
            continue
        records.append(_record(path, line, column, source, verdict))
    return records


def _not_checked(
    path: str, line: int, column: int, formula: str, layout: Layout, exc: InputError
) -> Record:
    reason = _REFUSAL_PREFIX.sub("", str(exc))
    formula = " ".join(formula.split())
    return Record(path, line, column, formula, layout.value, NOT_CHECKED, reason)


def _record(path: str, line: int, column: int, formula: str, verdict: EquationVerdict) -> Record:
    reasons = []
    for link in verdict.links:
        if not link.holds:
            prefix = f"link {link.number}: " if len(verdict.links) > 1 else ""
            reasons.append(prefix + link.reason)
    if verdict.erratum:
        reasons.append(verdict.erratum)
    if verdict.constant_hint:
        reasons.append(verdict.constant_hint)
    return Record(
        path=path,
        line=line,
        column=column,
        formula=formula,
        layout=None if verdict.layout_free else verdict.layout.value,
        verdict=HOLDS if verdict.holds else FAILS,
        reason="; ".join(reasons),
        reading=verdict.text,
        correct=verdict.correct,
    )


def render(reports: Sequence[DocumentReport], output_format: str) -> tuple[str, str]:
    """(stdout, summary) for ``reports``: the records as text lines or JSON, and the counts."""
    records = [r for report in reports for r in report.records]
    summary = "\n".join(report.summary() for report in reports)
    if output_format == "json":
        return json.dumps(
            [asdict(r) for r in records], ensure_ascii=False, indent=2
        ) + "\n", summary
    lines = [r.text() for r in records]
    return "".join(line + "\n" for line in lines), summary
