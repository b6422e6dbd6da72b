"""Checks on generated Lean text that run here: no holes, Mathlib style, only manifest names.

These are not a Lean compiler. They catch what can be caught without one: an unfinished proof
(``sorry``/``admit``/``axiom``), style slips, and any Mathlib name that was not verified and
recorded in the manifest. Each function returns a list of problems (empty when the text passes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from lean_export.lines import MAX_LINE

__all__ = [
    "CORE_NAMES",
    "KEYWORDS",
    "code_only",
    "hole_problems",
    "local_names",
    "named_identifiers",
    "own_declarations",
    "style_problems",
    "unknown_names",
]

KEYWORDS = frozenset(
    {
        *("import", "open", "scoped", "namespace", "section", "end", "variable"),
        *("noncomputable", "def", "theorem", "lemma", "abbrev"),
        *("fun", "have", "show", "from", "by", "at", "with", "this"),
        *("rw", "simp", "only", "exact", "ext", "funext", "rfl", "intro", "apply", "calc"),
    }
)
"""Lean commands, term keywords and the core tactics the generated proofs use."""

CORE_NAMES = frozenset({"Fin", "Type", "Eq.trans", "DecidableEq"})
"""Names from Lean core (Init/Prelude), not Mathlib, which the manifest does not list:
``Fin``, the universe ``Type`` (Mathlib's ``Type*`` is in the manifest),
``theorem Eq.trans {a b c : α} (h₁ : a = b) (h₂ : b = c) : a = c`` and
``abbrev DecidableEq (α : Sort u) := (a b : α) → Decidable (Eq a b)``."""

_HOLES = re.compile(r"\b(sorry|admit)\b")
_AXIOMS = re.compile(r"\b(axiom|native_decide|implemented_by|extern|unsafe|opaque)\b")
"""Words that add an axiom (``axiom``; ``native_decide`` relies on ``Lean.ofReduceBool``) or let
the kernel trust code it does not check (``implemented_by``, ``extern``, ``unsafe``, ``opaque``)."""
_BLOCK_COMMENT = re.compile(r"/-.*?-/", re.DOTALL)
_LINE_COMMENT = re.compile(r"--[^\n]*")
_IDENT = re.compile(r"(?<![\w.'])[A-Za-z_][\w']*(?:\.[A-Za-z_][\w']*)*")
_DECLARATION = re.compile(r"^(?:noncomputable\s+)?(def|theorem|lemma|abbrev)\s+([^\s:(]+)", re.M)
_IMPORT = re.compile(r"^import\s+\S+", re.M)
_NAMESPACE = re.compile(r"^namespace\s+(\S+)", re.M)
_SECTION = re.compile(r"^section\s+(\S+)", re.M)
_BINDER = re.compile(r"[({\[]\s*([^:(){}\[\]]+?)\s*:(?!=)")
_FUN = re.compile(r"\bfun\s+([^↦]+?)\s*↦")
_HAVE = re.compile(r"\bhave\s+([\w']+)")
_EXT = re.compile(r"\b(?:ext|funext)\s+([\w' ]+)")
_SNAKE_PART = re.compile(r"[a-z0-9][a-z0-9']*")
_LOWER_CAMEL = re.compile(r"[a-z][A-Za-z0-9']*")


def code_only(text: str) -> str:
    """``text`` without comments and docstrings (line structure kept)."""

    def blank(match: re.Match[str]) -> str:
        return "\n" * match.group(0).count("\n")

    return _LINE_COMMENT.sub("", _BLOCK_COMMENT.sub(blank, text))


def hole_problems(text: str) -> list[str]:
    """Every hole (``sorry``, ``admit``) and every new axiom or trusted code (``axiom``,
    ``native_decide``, ``implemented_by``, …) in the code; comments and docstrings excepted."""
    problems = []
    for number, line in enumerate(code_only(text).splitlines(), start=1):
        for match in _HOLES.finditer(line):
            problems.append(f"line {number}: `{match.group(1)}` leaves the proof incomplete")
        for match in _AXIOMS.finditer(line):
            problems.append(f"line {number}: `{match.group(1)}` adds an axiom the kernel trusts")
    return problems


def own_declarations(text: str) -> frozenset[str]:
    """Names the file declares itself (and its namespaces and sections)."""
    code = code_only(text)
    own = {name for _, name in _DECLARATION.findall(code)}
    own |= set(_NAMESPACE.findall(code)) | set(_SECTION.findall(code))
    return frozenset(own)


def local_names(text: str) -> frozenset[str]:
    """Names bound in the file: binders, ``fun`` and ``have`` names, ``ext`` names."""
    code = code_only(text)
    found: set[str] = set()
    for pattern in (_BINDER, _FUN, _EXT):
        for group in pattern.findall(code):
            found.update(group.split())
    found.update(_HAVE.findall(code))
    return frozenset(name for name in found if _IDENT.fullmatch(name))


def named_identifiers(text: str, notations: Mapping[str, str]) -> frozenset[str]:
    """Every name the code refers to that is not its own, local, a keyword or Lean core.

    A dotted name whose head is a local (``hx.hasFDerivAt``) is kept whole: the manifest cannot
    vouch for dot notation, so the generated proofs spell every lemma out in full.
    """
    code = _IMPORT.sub("", code_only(text))  # imports name modules, not declarations
    own, local = own_declarations(text), local_names(text)
    namespaces = set(_NAMESPACE.findall(code))
    found: set[str] = set()
    for ident in _IDENT.findall(code):
        for ns in namespaces:
            if ident.startswith(f"{ns}."):
                ident = ident[len(ns) + 1 :]
        if ident in own or ident in local or ident in KEYWORDS or ident in CORE_NAMES:
            continue
        found.add(ident)
    found.update(name for symbol, name in notations.items() if symbol in code)
    return frozenset(found)


def unknown_names(text: str, manifest: Iterable[str], notations: Mapping[str, str]) -> list[str]:
    """Names the code uses that the manifest does not list, sorted."""
    return sorted(named_identifiers(text, notations) - set(manifest))


def style_problems(text: str) -> list[str]:
    """Mathlib style: line length, docstrings, names, ``↦``, ``:= by`` placement, module doc."""
    problems: list[str] = []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE:
            problems.append(f"line {number}: {len(line)} characters (at most {MAX_LINE})")
        if line != line.rstrip() or "\t" in line:
            problems.append(f"line {number}: trailing whitespace or a tab")
        if line.strip().startswith(":= by"):
            problems.append(f"line {number}: `:= by` belongs at the end of the statement line")
    code = code_only(text)
    own_defs = {name for kind, name in _DECLARATION.findall(code) if kind in ("def", "abbrev")}
    for number, line in enumerate(code.splitlines(), start=1):
        if "=>" in line:
            problems.append(f"line {number}: write `fun x ↦`, not `=>`")
        match = _DECLARATION.match(line)
        if match is None:
            continue
        kind, name = match.groups()
        if not _documented(lines, number - 1):
            problems.append(f"line {number}: {kind} {name} has no `/-- -/` docstring")
        if kind in ("def", "abbrev") and not _LOWER_CAMEL.fullmatch(name):
            problems.append(f"line {number}: {kind} name {name!r} is not lowerCamelCase")
        if kind in ("theorem", "lemma") and not _theorem_name_ok(name, own_defs):
            problems.append(
                f"line {number}: {kind} name {name!r} is not snake_case "
                "(a part may only be camelCase when it names a definition of the file)"
            )
    for block in _BLOCK_COMMENT.findall(text):
        if "/-" in block[2:]:  # Lean comments nest: an inner `/-` swallows the rest of the file
            problems.append(f"comment {block[:40]!r}… contains a nested `/-`")
    head = "\n".join(lines)
    for required in ("/-!", "\n# ", "## Main statements", "## References"):
        if required not in head:
            problems.append(f"module docstring lacks {required.strip()!r}")
    return problems


def _theorem_name_ok(name: str, defs: set[str]) -> bool:
    """Mathlib's rule: snake_case, where a part naming a definition keeps its lowerCamelCase."""
    return all(_SNAKE_PART.fullmatch(part) or part in defs for part in name.split("_"))


def _documented(lines: list[str], index: int) -> bool:
    """Whether the declaration at ``lines[index]`` directly follows a ``/-- … -/`` docstring."""
    above = index - 1
    if above < 0 or not lines[above].rstrip().endswith("-/"):
        return False
    while above >= 0:
        if lines[above].lstrip().startswith("/--"):
            return True
        if lines[above].lstrip().startswith(("/-!", "/- ")) or (
            above < index - 1 and not lines[above]
        ):
            return False
        above -= 1
    return False
