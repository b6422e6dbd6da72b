r"""Finding the math in a document: where each formula is, and what the author says around it.

Each format hides math its own way, so each has a reader; all return :class:`Math` items (the
TeX source, its 1-based line and column in the file, and the author's marker before it) and
the layout the document declares. Regions that are not prose or math (code, comments, tags)
are blanked with spaces, newlines kept, so every position still counts in the original file.

* Markdown (and MyST): ``$…$``, ``$$…$$``, ``\(…\)``, ``\[…\]``, ```` ```math ```` fences,
  ``{math}`` roles and directives, math environments; code spans and fences are not read.
* LaTeX: the same delimiters and environments (``equation``, ``align``, …) after
  ``\begin{document}``; comments, ``\verb`` and verbatim environments are not read.
* reStructuredText: ``:math:`…``` roles and ``.. math::`` directives.
* HTML: MathJax and KaTeX delimiters in the text, ``<script type="math/tex">``; tags, code,
  scripts and styles are not read, and entities are decoded.
* Jupyter notebooks: the Markdown cells, each line mapped back to its line in the file.
* Plain text: ``$…$``, ``$$…$$``, ``\[…\]``, ``\(…\)`` and math environments.

Markers: ``hadamard: skip`` and ``hadamard: check`` apply to the next formula (write them in a
comment: ``<!-- hadamard: skip -->``, ``% hadamard: check``, ``.. hadamard: skip``);
``hadamard: layout=numerator`` sets the layout from there on; ``hadamard: constant=x`` says
x does not depend on the variable, for the next formula. A sentence such as "x is a constant"
(x in math) does the same for the formulas after it in its paragraph.
"""

from __future__ import annotations

import bisect
import enum
import html
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from hadamard import Layout
from hadamard.errors import InputError

__all__ = [
    "DOCUMENT_SUFFIXES",
    "MAX_NESTING",
    "Declaration",
    "Kind",
    "Math",
    "Scan",
    "kind_of",
    "scan",
]

MAX_NESTING = 256
"""Deepest bracket (or JSON, or tag) nesting a document may have; real documents need ~10."""


class Kind(enum.Enum):
    """The document formats check-doc reads."""

    MARKDOWN = "markdown"
    LATEX = "latex"
    RST = "rst"
    HTML = "html"
    NOTEBOOK = "notebook"
    TEXT = "text"


_SUFFIXES = {
    ".md": Kind.MARKDOWN,
    ".markdown": Kind.MARKDOWN,
    ".mdown": Kind.MARKDOWN,
    ".mkd": Kind.MARKDOWN,
    ".myst": Kind.MARKDOWN,
    ".qmd": Kind.MARKDOWN,
    ".rmd": Kind.MARKDOWN,
    ".tex": Kind.LATEX,
    ".latex": Kind.LATEX,
    ".ltx": Kind.LATEX,
    ".rst": Kind.RST,
    ".rest": Kind.RST,
    ".html": Kind.HTML,
    ".htm": Kind.HTML,
    ".xhtml": Kind.HTML,
    ".ipynb": Kind.NOTEBOOK,
}


DOCUMENT_SUFFIXES = (*_SUFFIXES, ".txt", ".text")
"""The suffixes of the files check-doc reads when it is given a directory."""


def kind_of(name: str, text: str) -> Kind:
    """The format of a document, from its name's suffix, else from its first characters."""
    lowered = name.lower()
    for suffix, kind in _SUFFIXES.items():
        if lowered.endswith(suffix):
            return kind
    head = text.lstrip()[:200].lower()
    if head.startswith("{") and '"cells"' in text[:4096]:
        return Kind.NOTEBOOK
    if head.startswith(("<!doctype html", "<html")):
        return Kind.HTML
    return Kind.TEXT


class Marker(enum.Enum):
    """What an author's marker asks of the next formula."""

    CHECK = "check"
    SKIP = "skip"


@dataclass(frozen=True)
class Math:
    """One formula: its TeX source, where it starts (1-based), and what the author says."""

    text: str
    offset: int
    """0-based offset of the source's first character in the document."""
    line: int
    column: int
    marker: Marker | None = None
    layout: Layout | None = None
    """The layout a marker set for it, if any (the document's declaration applies otherwise)."""
    constants: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Declaration:
    """A layout the document declares, and the line that says so."""

    layout: Layout
    line: int
    phrase: str


@dataclass(frozen=True)
class Scan:
    """What a document holds: its formulas and the layouts it declares, in order."""

    math: tuple[Math, ...]
    declarations: tuple[Declaration, ...] = ()
    lines: Sequence[int] = field(default_factory=list)
    """For a notebook: the file line of each line of the extracted text (else empty)."""


class _Lines:
    """Offsets to 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _blank(text: str, start: int, end: int) -> str:
    """``text`` with [start, end) replaced by spaces (newlines kept)."""
    region = re.sub(r"[^\n]", " ", text[start:end])
    return text[:start] + region + text[end:]


def _blank_all(text: str, pattern: re.Pattern[str]) -> str:
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(text[last : match.start()])
        pieces.append(re.sub(r"[^\n]", " ", match.group()))
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def check_nesting(text: str, opening: str = "{[(", closing: str = "}])") -> None:
    """Refuse a document nested deeper than :data:`MAX_NESTING` (one line naming where)."""
    depth = 0
    for match in re.finditer(f"[{re.escape(opening + closing)}]", text):
        depth += 1 if match.group() in opening else -1
        depth = max(depth, 0)
        if depth > MAX_NESTING:
            line = text.count("\n", 0, match.start()) + 1
            raise InputError(f"nested deeper than {MAX_NESTING} levels at line {line}")


_ENVIRONMENT_NAMES = (
    r"equation\*?|align\*?|aligned|alignat\*?|flalign\*?|gather\*?|gathered|multline\*?"
    r"|eqnarray\*?|displaymath|math"
)
_DELIMITED = re.compile(
    r"(?P<dd>(?<!\\)\$\$(?P<dd_body>.{1,8000}?)(?<!\\)\$\$)"
    r"|(?P<br>\\\[(?P<br_body>.{1,8000}?)\\\])"
    r"|(?P<pa>\\\((?P<pa_body>.{1,8000}?)\\\))"
    rf"|(?P<env>\\begin\{{(?P<env_name>{_ENVIRONMENT_NAMES})\}}(?P<env_body>.{{0,20000}}?)"
    r"\\end\{(?P=env_name)\})"
    r"|(?P<d>(?<![\\$])\$(?=[^\s$])(?P<d_body>(?:[^$\n\\]|\\.|\n(?!\s*\n)){1,4000}?)"
    r"(?<=[^\s\\])\$(?![0-9$]))",
    re.DOTALL,
)
_MARKER = re.compile(
    r"hadamard:\s*(?P<what>check|skip|layout\s*=\s*(?P<layout>numerator|denominator)"
    r"|constants?\s*=\s*(?P<constants>[A-Za-z0-9_, ]+))",
    re.IGNORECASE,
)
_DECLARATION = re.compile(
    r"\b(?P<layout>denominator|numerator)[\s-]+layout\b|\b(?P<formulation>Jacobian|Hessian)"
    r"\s+formulation\b",
    re.IGNORECASE,
)
_CONSTANT_PHRASE = re.compile(
    r"^[\s$\\)\]]*(?:(?:is|are)\s+(?:a\s+)?(?:constant|fixed|independent\s+of)"
    r"|does\s+not\s+depend)",
    re.IGNORECASE,
)


def _tex_math(text: str, masked: str) -> Iterator[tuple[int, str]]:
    """(offset, source) of every delimited formula or math environment in ``masked``."""
    for match in _DELIMITED.finditer(masked):
        kind = match.lastgroup
        if kind == "env":
            start, end = match.start(), match.end()  # the environment is read whole
            yield start, text[start:end]
            continue
        body = f"{kind}_body"
        yield match.start(body), text[match.start(body) : match.end(body)]


def _markers(masked_for_markers: str) -> list[tuple[int, re.Match[str]]]:
    return [(m.start(), m) for m in _MARKER.finditer(masked_for_markers)]


def _declarations(prose: str, lines: _Lines) -> tuple[Declaration, ...]:
    found = []
    for match in _DECLARATION.finditer(prose):
        if match.group("layout"):
            layout = Layout(match.group("layout").lower())
        else:
            formulation = match.group("formulation").lower()
            layout = Layout.NUMERATOR if formulation == "jacobian" else Layout.DENOMINATOR
        found.append(Declaration(layout, lines.at(match.start())[0], match.group()))
    return tuple(found)


def _assemble(
    text: str,
    found: Sequence[tuple[int, str]],
    markers_text: str,
    prose: str,
) -> Scan:
    """Math items with their markers, constants and line numbers; the declarations."""
    lines = _Lines(text)
    markers = _markers(markers_text)
    items: list[Math] = []
    layout: Layout | None = None
    marker_at = 0
    pending: Marker | None = None
    pending_constants: set[str] = set()
    found = sorted(set(found))  # a directive nested in another's body is found twice
    paragraph_constants: dict[int, set[str]] = {}
    for index, (offset, source) in enumerate(found):
        while marker_at < len(markers) and markers[marker_at][0] < offset:
            match = markers[marker_at][1]
            what = match.group("what").lower()
            if match.group("layout"):
                layout = Layout(match.group("layout").lower())
            elif match.group("constants"):
                pending_constants.update(n.strip() for n in match.group("constants").split(","))
            else:
                pending = Marker(what)
            marker_at += 1
        paragraph = text.rfind("\n\n", 0, offset)
        said = paragraph_constants.setdefault(paragraph, set())
        line, column = lines.at(offset)
        items.append(
            Math(
                source,
                offset,
                line,
                column,
                pending,
                layout,
                frozenset(pending_constants | said),
            )
        )
        pending, pending_constants = None, set()
        name = _single_name(source)
        if name is not None and index + 1 < len(found):  # said of the formulas after it
            after = text[offset + len(source) : found[index + 1][0]]
            if _CONSTANT_PHRASE.match(after):
                said.add(name)
    return Scan(tuple(items), _declarations(prose, lines))


_NAME_MATH = re.compile(
    r"\s*(?:\\(?:boldsymbol|mathbf|bm|vec|mathit)\s*\{\s*(?P<a>[A-Za-z])\s*\}|(?P<b>[A-Za-z]))\s*"
)


def _single_name(source: str) -> str | None:
    match = _NAME_MATH.fullmatch(source)
    if match is None:
        return None
    return match.group("a") or match.group("b")


def _prose(text: str, found: Sequence[tuple[int, str]]) -> str:
    masked = text
    for offset, source in found:
        masked = _blank(masked, offset, offset + len(source))
    return masked


# -- the formats ------------------------------------------------------------------------------

_CODE_FENCE = re.compile(
    r"^(?P<indent>[ \t]{0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n(?P<body>.*?)"
    r"(?:^[ \t]{0,3}(?P=fence)[`~]*[ \t]*$|\Z)",
    re.MULTILINE | re.DOTALL,
)
_CODE_SPAN = re.compile(r"(?P<ticks>`+)(?!`)(?P<body>.+?)(?<!`)(?P=ticks)(?!`)", re.DOTALL)
_MYST_ROLE = re.compile(r"\{math\}`(?P<body>[^`]+)`")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _markdown(text: str) -> Scan:
    found: list[tuple[int, str]] = []
    masked = text
    for fence in _CODE_FENCE.finditer(text):
        info = fence.group("info").strip().lower()
        if info in ("math", "latex") or info.startswith("{math}"):
            body_start = fence.start("body")
            body = fence.group("body")
            for option in re.finditer(r"^\s*:[\w-]+:.*$", body, re.MULTILINE):
                body = _blank(body, option.start(), option.end())
            found.append((body_start, body))
        masked = _blank(masked, fence.start(), fence.end())
    for role in _MYST_ROLE.finditer(masked):
        found.append((role.start("body"), role.group("body")))
        masked = _blank(masked, role.start(), role.end())
    comments = _blank_all(masked, _HTML_COMMENT)
    code_free = _blank_all(comments, _CODE_SPAN)
    found.extend(_tex_math(text, code_free))
    markers_text = _blank_all(_blank_all(text, _CODE_FENCE), _CODE_SPAN)
    return _assemble(text, found, markers_text, _prose(code_free, found))


_LATEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_VERBATIM = re.compile(
    r"\\begin\{(verbatim\*?|lstlisting|minted|comment|Verbatim)\}.*?\\end\{\1\}"
    r"|\\verb\*?(?P<delim>[^\sA-Za-z*]).*?(?P=delim)",
    re.DOTALL,
)


def _latex(text: str) -> Scan:
    masked = _blank_all(text, _VERBATIM)
    comments = _blank_all(masked, _LATEX_COMMENT)
    begin = comments.find("\\begin{document}")
    if begin >= 0:
        comments = _blank(comments, 0, begin)
    found = list(_tex_math(text, comments))
    return _assemble(text, found, masked, _prose(comments, found))


def _text(text: str) -> Scan:
    found = list(_tex_math(text, text))
    return _assemble(text, found, text, _prose(text, found))


_RST_ROLE = re.compile(r":math:`(?P<body>[^`]+)`")
_RST_DIRECTIVE = re.compile(
    r"^(?P<indent>[ \t]*)\.\. math::[ \t]*(?P<argument>[^\n]*)\n", re.MULTILINE
)
_RST_COMMENT = re.compile(r"^[ \t]*\.\.[ \t]+hadamard:[^\n]*$", re.MULTILINE | re.IGNORECASE)


def _rst(text: str) -> Scan:
    found: list[tuple[int, str]] = []
    for role in _RST_ROLE.finditer(text):
        found.append((role.start("body"), role.group("body")))
    for directive in _RST_DIRECTIVE.finditer(text):
        if directive.group("argument").strip():
            found.append((directive.start("argument"), directive.group("argument")))
        found.extend(_rst_block(text, directive.end(), len(directive.group("indent"))))
    return _assemble(text, found, text, _prose(text, found))


def _rst_block(text: str, start: int, indent: int) -> Iterator[tuple[int, str]]:
    """The equations of a ``.. math::`` body: blank-line separated, indented, options skipped."""
    pos = start
    block_start: int | None = None
    block_end = start
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        stripped = line.strip()
        width = len(line) - len(line.lstrip())
        if stripped and width <= indent:
            break
        if not stripped or stripped.startswith(":"):
            if block_start is not None:
                yield block_start, text[block_start:block_end]
                block_start = None
        elif block_start is None:
            block_start, block_end = pos + width, end
        else:
            block_end = end
        pos = end + 1
    if block_start is not None:
        yield block_start, text[block_start:block_end]


_HTML_SKIPPED = re.compile(
    r"<(?P<tag>pre|code|style|textarea)\b[^>]*>.*?</(?P=tag)\s*>"
    r"|<script\b(?![^>]*math/tex)[^>]*>.*?</script\s*>",
    re.DOTALL | re.IGNORECASE,
)
_MATH_SCRIPT = re.compile(
    r"<script\b[^>]*type\s*=\s*[\"']math/tex(?:;\s*mode=display)?[\"'][^>]*>(?P<body>.*?)</script\s*>",
    re.DOTALL | re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>")
_OPTIONAL_CLOSE = frozenset(
    {"p", "li", "td", "tr", "th", "dt", "dd", "option", "thead", "tbody", "colgroup", "html"}
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr", "head", "body"}
)  # fmt: skip


def _html_nesting(text: str) -> None:
    depth = 0
    for match in re.finditer(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>", text):
        name = match.group(2).lower()
        if name in _VOID or name in _OPTIONAL_CLOSE or match.group(3):
            continue
        depth += -1 if match.group(1) else 1
        depth = max(depth, 0)
        if depth > MAX_NESTING:
            line = text.count("\n", 0, match.start()) + 1
            raise InputError(f"elements nested deeper than {MAX_NESTING} levels at line {line}")


def _html(text: str) -> Scan:
    _html_nesting(text)
    found: list[tuple[int, str]] = []
    for script in _MATH_SCRIPT.finditer(text):
        found.append((script.start("body"), html.unescape(script.group("body"))))
    masked = _blank_all(text, _MATH_SCRIPT)
    markers_text = _blank_all(masked, _HTML_SKIPPED)
    masked = _blank_all(_blank_all(markers_text, _HTML_COMMENT), _TAG)
    found.extend((offset, html.unescape(source)) for offset, source in _tex_math(text, masked))
    return _assemble(text, found, markers_text, _prose(masked, found))


def _notebook(text: str) -> Scan:
    check_nesting(text, "{[", "}]")
    try:
        notebook = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"not a notebook: {exc}") from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise InputError("not a notebook: no list of cells")
    body: list[str] = []
    file_lines: list[int] = []
    search_from = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        parts = source if isinstance(source, list) else str(source).splitlines(keepends=True)
        for part in map(str, parts):
            # the line of the file the part is on: where its JSON spelling is found next
            for escaped in (False, True):
                encoded = json.dumps(part, ensure_ascii=escaped)[1:-1]
                found = text.find(encoded, search_from)
                if found >= 0:
                    search_from = found + len(encoded)
                    break
            line = text.count("\n", 0, search_from) + 1  # else the line of the part before
            file_lines.extend([line] * max(1, len(part.splitlines())))
            body.append(part if part.endswith("\n") else part + "\n")
        body.append("\n")
        file_lines.append(text.count("\n", 0, search_from) + 1)
    markdown = _markdown("".join(body))
    declarations = tuple(
        Declaration(d.layout, file_lines[d.line - 1] if d.line <= len(file_lines) else 0, d.phrase)
        for d in markdown.declarations
    )
    return Scan(markdown.math, declarations, file_lines)


_READERS = {
    Kind.MARKDOWN: _markdown,
    Kind.LATEX: _latex,
    Kind.RST: _rst,
    Kind.HTML: _html,
    Kind.NOTEBOOK: _notebook,
    Kind.TEXT: _text,
}


def scan(text: str, kind: Kind) -> Scan:
    """The formulas of ``text`` read as ``kind``, with their markers and the declarations."""
    if kind is not Kind.NOTEBOOK:
        check_nesting(text)
    return _READERS[kind](text)
