"""check-doc: every formula of the rule in Markdown, LaTeX, reST, HTML, notebooks and plain text,
in the layout the document declares, with markers, and hostile files refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hadamard import Layout
from hadamard.errors import InputError
from proofs.formula.document import (
    MAX_BYTES,
    DocumentReport,
    check_document,
    documents,
    read_document,
    render,
)
from proofs.formula.extract import MAX_NESTING, Kind, kind_of, scan
from tests.proofs.formula.chapter import CHAPTER

RULE = r"\frac{\partial (x \odot y)}{\partial z} = \frac{\partial y}{\partial z} \mathrm{diag}(x) + \frac{\partial x}{\partial z} \mathrm{diag}(y)"
PRINTED = r"\frac{\partial (x \odot y)}{\partial z} = \mathrm{diag}(x) \frac{\partial y}{\partial z} + \mathrm{diag}(y) \frac{\partial x}{\partial z}"
DIFFERENTIAL = r"d(X \odot Y) = dX \odot Y + X \odot dY"
WRONG_DIFFERENTIAL = r"d(X \odot Y) = dX\, Y + X\, dY"


def verdicts(report: DocumentReport) -> list[tuple[int, str]]:
    return [(r.line, r.verdict) for r in report.records]


def check(path: str, text: str, **options: object) -> DocumentReport:
    return check_document(path, text, **options)  # type: ignore[arg-type]


# -- the seed chapter, as a document -----------------------------------------------------------


def test_the_seed_chapter_fails_on_its_printed_6_1_3_and_formula_line() -> None:
    report = check_document(str(CHAPTER), read_document(str(CHAPTER)))
    assert verdicts(report) == [(16, "FAILS"), (22, "HOLDS"), (26, "HOLDS"), (30, "FAILS")]
    assert report.status == 1
    assert report.layout is Layout.DENOMINATOR
    assert report.layout_source == "declared at line 11: “denominator layout”"
    assert report.skipped == 19
    for record in report.records:
        if record.verdict == "FAILS":
            assert record.layout == "denominator"
            assert "erratum 6-1-3" in record.reason
            assert "undefined at N=2, M=3" in record.reason
            assert record.correct == "∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)"
        else:
            assert record.layout is None  # 6-1-1 and 6-1-2 hold in any layout
    out, summary = render([report], "text")
    assert out.splitlines()[1] == f"{CHAPTER}:22: HOLDS: (x ⊙ y)_i = x_i y_i"
    assert summary == (
        f"{CHAPTER}: 4 formulas checked (2 hold, 2 fail); 19 skipped (not about the rule); "
        "denominator layout (declared at line 11: “denominator layout”)"
    )


def test_the_seed_chapter_holds_everywhere_in_the_numerator_layout() -> None:
    report = check_document(str(CHAPTER), read_document(str(CHAPTER)), layout=Layout.NUMERATOR)
    assert {v for _, v in verdicts(report)} == {"HOLDS"}
    assert report.layout_source == "--layout"


# -- every format, with a negative control -------------------------------------------------------

DOCUMENTS = {
    "notes.md": (
        "We use the denominator layout.\n"  # 1
        "\n"
        f"Inline ${RULE}$ holds.\n"  # 3
        "\n"
        "```python\n"
        f"# ${PRINTED}$ is code\n"
        "```\n"
        f"`${PRINTED}$` neither. Costs $5 and $10 are money.\n"  # 8
        "\n"
        "$$\n"
        f"{PRINTED}\n"  # 11
        "$$\n"
        "\n"
        "```math\n"
        f"{DIFFERENTIAL}\n"  # 15
        "```\n"
        f"{{math}}`{WRONG_DIFFERENTIAL}` and $\\mathrm{{diag}}(x)$.\n"  # 17
    ),
    "notes.tex": (
        "\\documentclass{article}\n"
        f"\\newcommand{{\\rule}}{{${PRINTED}$}}\n"  # 2: the preamble is not read
        "\\begin{document}\n"
        "In the denominator layout,\n"
        "\\begin{align}\n"
        f"{RULE.replace(' = ', ' &= ')} \\\\\n"  # 6
        f"  &= {PRINTED.split(' = ')[1]}\n"  # 7: the second = fails
        "\\end{align}\n"
        f"% ${PRINTED}$ commented out\n"
        f"\\verb|${PRINTED}$|\n"
        f"\\[ {DIFFERENTIAL} \\]\n"  # 11
        "\\end{document}\n"
    ),
    "notes.rst": (
        "In the denominator layout, :math:`" + RULE + "` holds.\n"  # 1
        "\n"
        ".. math::\n"
        "\n"
        f"   {DIFFERENTIAL}\n"  # 5
        "\n"
        f"   {WRONG_DIFFERENTIAL}\n"  # 7
        "\n"
        f".. code-block:: latex\n\n   ${PRINTED}$\n"
    ),
    "notes.html": (
        "<html><body><p>Denominator layout.</p>\n"
        f"<p>\\({RULE}\\)</p>\n"  # 2
        f"<pre>$${PRINTED}$$</pre>\n"
        f"<code>\\({PRINTED}\\)</code>\n"
        f'<script type="math/tex; mode=display">{WRONG_DIFFERENTIAL}</script>\n'  # 5
        "<p>$$x &lt; y$$</p>\n"
        "</body></html>\n"
    ),
    "notes.txt": (
        "Denominator layout.\n"
        f"Formula: ${RULE}$\n"  # 2
        f"\\begin{{equation}} {PRINTED} \\label{{eq:1}} \\end{{equation}}\n"  # 3
    ),
}
EXPECTED = {
    "notes.md": [(3, "HOLDS"), (11, "FAILS"), (15, "HOLDS"), (17, "FAILS")],
    "notes.tex": [(6, "FAILS")],
    "notes.rst": [(1, "HOLDS"), (5, "HOLDS"), (7, "FAILS")],
    "notes.html": [(2, "HOLDS"), (5, "FAILS")],
    "notes.txt": [(2, "HOLDS"), (3, "FAILS")],
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_format_is_read_where_it_keeps_math(name: str) -> None:
    report = check(name, DOCUMENTS[name])
    assert verdicts(report)[: len(EXPECTED[name])] == EXPECTED[name]
    assert report.status == 1
    assert report.layout is Layout.DENOMINATOR


def test_latex_checks_each_row_of_an_align_and_the_display_after_it() -> None:
    report = check("notes.tex", DOCUMENTS["notes.tex"])
    assert verdicts(report) == [(6, "FAILS"), (11, "HOLDS")]
    (aligned, _) = report.records
    assert aligned.reason.startswith("link 2: undefined at N=2, M=3")
    assert report.skipped == 0


def notebook(*cells: tuple[str, list[str] | str]) -> str:
    body = {
        "cells": [
            {
                "cell_type": kind,
                "metadata": {},
                "source": source,
                **({"outputs": [], "execution_count": None} if kind == "code" else {}),
            }
            for kind, source in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(body, indent=1)


def test_a_notebook_reads_its_markdown_cells_with_the_files_line_numbers() -> None:
    text = notebook(
        ("markdown", ["# Notes\n", "Numerator layout.\n", "\n", f"$${PRINTED}$$\n"]),
        ("code", [f"x = 1  # ${RULE}$\n"]),
        ("markdown", [f"Also ${WRONG_DIFFERENTIAL}$."]),
    )
    report = check("notes.ipynb", text)
    lines = text.splitlines()
    expected = [
        (next(i for i, line in enumerate(lines, 1) if "diag}(x) \\\\frac" in line), "HOLDS"),
        (next(i for i, line in enumerate(lines, 1) if "Also" in line), "FAILS"),
    ]
    assert verdicts(report) == expected
    assert report.layout is Layout.NUMERATOR
    declared = next(i for i, line in enumerate(lines, 1) if "Numerator layout" in line)
    assert report.layout_source.startswith(f"declared at line {declared}:")


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("a.md", "", Kind.MARKDOWN),
        ("a.MARKDOWN", "", Kind.MARKDOWN),
        ("a.qmd", "", Kind.MARKDOWN),
        ("a.tex", "", Kind.LATEX),
        ("a.rst", "", Kind.RST),
        ("a.htm", "", Kind.HTML),
        ("a.ipynb", "", Kind.NOTEBOOK),
        ("a.txt", "", Kind.TEXT),
        ("-", '{"cells": []}', Kind.NOTEBOOK),
        ("-", "<!DOCTYPE html><p>", Kind.HTML),
        ("-", "  <html>", Kind.HTML),
        ("-", "plain $x$", Kind.TEXT),
    ],
)
def test_the_format_comes_from_the_suffix_else_from_the_text(
    name: str, head: str, kind: Kind
) -> None:
    assert kind_of(name, head) is kind


# -- the layout a document declares ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("prose", "layout", "source"),
    [
        (
            "We use the numerator layout.",
            Layout.NUMERATOR,
            "declared at line 1: “numerator layout”",
        ),
        (
            "The Jacobian formulation throughout.",
            Layout.NUMERATOR,
            "declared at line 1: “Jacobian formulation”",
        ),
        (
            "The Hessian formulation throughout.",
            Layout.DENOMINATOR,
            "declared at line 1: “Hessian formulation”",
        ),
        (
            "Denominator-layout notation.",
            Layout.DENOMINATOR,
            "declared at line 1: “Denominator-layout”",
        ),
        ("Nothing said.", Layout.DENOMINATOR, "the document declares none; the default"),
        (
            "Numerator layout here.\n\nUnlike the denominator layout, …",
            Layout.NUMERATOR,
            "declared at line 1: “Numerator layout”; it also mentions the denominator layout at "
            "line 3 (--layout or a `hadamard: layout=…` marker chooses)",
        ),
    ],
)
def test_the_declared_layout_is_found(prose: str, layout: Layout, source: str) -> None:
    report = check("notes.md", f"{prose}\n\n$${PRINTED}$$\n")
    assert report.layout is layout
    assert report.layout_source == source
    assert report.records[0].verdict == ("HOLDS" if layout is Layout.NUMERATOR else "FAILS")


def test_layout_overrides_the_declaration() -> None:
    text = f"Denominator layout.\n\n$${PRINTED}$$\n"
    assert check("n.md", text, layout=Layout.NUMERATOR).records[0].verdict == "HOLDS"


# -- what the author marks ----------------------------------------------------------------------


def test_markers_skip_check_and_set_the_layout() -> None:
    text = (
        "Denominator layout.\n"
        "<!-- hadamard: skip -->\n"
        f"$${PRINTED}$$\n"  # 3: skipped
        "<!-- hadamard: check -->\n"
        "$$\\mathrm{diag}(x) \\frac{\\partial y}{\\partial z}$$\n"  # 5: a right side alone, checked
        "$$\\mathrm{diag}(x) \\frac{\\partial y}{\\partial z}$$\n"  # 6: skipped (not marked)
        "<!-- hadamard: constant=x -->\n"
        "$$\\frac{\\partial (x \\odot y)}{\\partial z} = \\frac{\\partial y}{\\partial z} \\mathrm{diag}(x)$$\n"  # 8
        "<!-- hadamard: layout=numerator -->\n"
        f"$${PRINTED}$$\n"  # 10
    )
    report = check("n.md", text)
    assert verdicts(report) == [(5, "FAILS"), (8, "HOLDS"), (10, "HOLDS")]
    assert report.skipped == 2
    assert report.records[2].layout == "numerator"


def test_a_sentence_saying_a_factor_is_constant_holds_for_its_paragraph() -> None:
    formula = "$\\frac{\\partial (a \\odot y)}{\\partial z} = \\frac{\\partial y}{\\partial z} \\mathrm{diag}(a)$"
    said = f"Denominator layout.\n\nWhen $\\boldsymbol{{a}}$ is a constant vector, {formula}.\n"
    assert verdicts(check("n.md", said)) == [(3, "HOLDS")]
    unsaid = f"Denominator layout.\n\nWhen $a$ is a vector, {formula}.\n"
    (record,) = check("n.md", unsaid).records
    assert record.verdict == "FAILS"
    assert "it holds if a does not depend on z" in record.reason
    elsewhere = f"Denominator layout.\n\n$a$ is constant here.\n\n{formula}\n"
    assert verdicts(check("n.md", elsewhere)) == [(5, "FAILS")]


def test_math_about_the_rule_that_cannot_be_read_is_reported_not_skipped() -> None:
    text = "$$\\frac{\\partial (x \\otimes y)}{\\partial z} = 0$$ and $$x \\otimes y$$\n"
    report = check("n.md", text)
    (record,) = report.records
    assert record.verdict == "NOT CHECKED"
    assert record.reason.startswith(r"\otimes is ambiguous")
    assert report.status == 0
    assert report.skipped == 1
    assert check("n.md", text, otimes_is_hadamard=True).records[0].verdict == "FAILS"
    assert "1 not checked" in report.summary()


def test_json_records_carry_path_line_column_formula_layout_verdict_reason() -> None:
    report = check("n.md", f"x\n  ${PRINTED}$\n")
    out, _ = render([report], "json")
    (record,) = json.loads(out)
    assert record == {
        "path": "n.md",
        "line": 2,
        "column": 4,
        "formula": PRINTED,
        "layout": "denominator",
        "verdict": "FAILS",
        "reason": record["reason"],
        "reading": "∂(x ⊙ y)/∂z = diag(x) ∂y/∂z + diag(y) ∂x/∂z",
        "correct": "∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)",
    }
    assert "erratum 6-1-3" in record["reason"]


@pytest.mark.parametrize(
    ("display", "formula", "column"),
    [
        (
            rf"\begin{{equation}} {RULE} \label{{eq:1}} \end{{equation}}",
            RULE,
            18,
        ),
        (rf"$${RULE} \tag{{1}}.$$", RULE, 3),
        (rf"\begin{{align}} {DIFFERENTIAL}, \nonumber \\ \end{{align}}", DIFFERENTIAL, 15),
        (rf"$$\left( {RULE} \right.$$", rf"\left( {RULE} \right.", 3),
        (rf"$$\left. {RULE} \right.$$", rf"{RULE}", 10),
        (rf"$$\Bigl( {RULE} \Bigr)$$", rf"\Bigl( {RULE} \Bigr)", 3),
    ],
    ids=["label and end", "tag and a full stop", "nonumber and \\\\", "left", "left.", "Bigl"],
)
def test_a_record_shows_its_formula_from_its_first_token_to_its_last_side(
    display: str, formula: str, column: int
) -> None:
    (record,) = check("n.tex", display + "\n").records
    assert (record.formula, record.line, record.column) == (formula, 1, column)


def test_a_document_that_outlasts_its_time_is_refused_naming_where_it_stopped() -> None:
    text = "\n\n".join(f"$${RULE}$$" for _ in range(5)) + "\n"
    ticks = iter(range(100))  # a clock that moves one second each time it is read
    with pytest.raises(InputError) as info:
        check("n.md", text, seconds=2.5, clock=lambda: float(next(ticks)))
    assert str(info.value) == (
        "n.md: still checking at line 5 after 2.5 s (2 formulas checked); check-doc gives a "
        "document at most 2.5 s: split it"
    )
    still = iter(range(100))
    assert len(check("n.md", text, seconds=5, clock=lambda: float(next(still))).records) == 5
    assert len(check("n.md", text).records) == 5  # no bound unless one is given


def test_two_hundred_formulas_are_all_checked() -> None:
    formulas = [RULE, PRINTED, DIFFERENTIAL, WRONG_DIFFERENTIAL, r"(x \odot y)_i = x_i y_i"] * 40
    text = "Denominator layout.\n\n" + "\n\n".join(f"$${f}$$" for f in formulas) + "\n"
    report = check("n.md", text)
    assert len(report.records) == 200
    assert sum(r.verdict == "FAILS" for r in report.records) == 80


# -- hostile input: one clear line each -----------------------------------------------------------


def refusal(path: Path) -> str:
    with pytest.raises(InputError) as info:
        check_document(str(path), read_document(str(path)))
    message = str(info.value)
    assert "\n" not in message
    return message


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert refusal(path) == f"{path}: a binary file (a NUL byte at offset 8), not a document"


def test_a_bad_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("line\ncafé $x$".encode("latin-1"))
    assert refusal(path) == f"{path}: not UTF-8 (byte 0xe9 at offset 8, line 2)"


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff".encode() + f"$${RULE}$$".encode())
    assert read_document(str(path)).startswith("$$")


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.truncate(50 * 2**20)  # sparse: 50 MB on paper, nothing in memory
    assert refusal(path) == (
        f"{path}: 52428800 bytes; check-doc reads documents of at most {MAX_BYTES} bytes (10 MiB)"
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "deep.md",
            "$" + "(" * 10_000 + "x" + ")" * 10_000 + "$",
            f"nested deeper than {MAX_NESTING} levels at line 1",
        ),
        (
            "deep.tex",
            "\n" + "{" * 10_000 + "}" * 10_000,
            f"nested deeper than {MAX_NESTING} levels at line 2",
        ),
        (
            "deep.ipynb",
            "[" * 10_000 + "]" * 10_000,
            f"nested deeper than {MAX_NESTING} levels at line 1",
        ),
        (
            "deep.html",
            "<div>" * 10_000 + "</div>" * 10_000,
            f"elements nested deeper than {MAX_NESTING} levels at line 1",
        ),
        (
            "deep.rst",
            ":math:`" + "[" * 10_000 + "`",
            f"nested deeper than {MAX_NESTING} levels at line 1",
        ),
    ],
)
def test_nesting_ten_thousand_deep_is_refused(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert refusal(path) == f"{path}: {message}"


def test_nesting_just_within_the_bound_is_read() -> None:
    text = "(" * MAX_NESTING + ")" * MAX_NESTING
    assert scan(text, Kind.TEXT).math == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{not json",
            "not a notebook: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        ('{"cells": 3}', "not a notebook: no list of cells"),
        ("[1, 2]", "not a notebook: no list of cells"),
    ],
)
def test_a_broken_notebook_is_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_text(text, encoding="utf-8")
    assert refusal(path) == f"{path}: {message}"


def test_a_missing_file_or_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.md: No such file or directory$"):
        read_document(str(tmp_path / "missing.md"))
    with pytest.raises(InputError, match=r": is a directory$"):
        read_document(str(tmp_path))


def test_a_directory_is_every_document_under_it_in_order(tmp_path: Path) -> None:
    for name in ["b/notes.md", "a.tex", "c.txt", "d.ipynb", "e.rst", "f.html", "g.py", ".h/i.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    names = [Path(p).relative_to(tmp_path).as_posix() for p in documents(str(tmp_path))]
    assert names == ["a.tex", "b/notes.md", "c.txt", "d.ipynb", "e.rst", "f.html"]
    assert documents("notes.md") == ["notes.md"]
    assert documents("-") == ["-"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match=r"empty: a directory with no documents in it \(\.md, "):
        documents(str(empty))


# -- the corners of each reader ----------------------------------------------------------------


def test_a_notebook_maps_every_line_of_every_markdown_cell() -> None:
    text = notebook(
        ("code", ["x = 1\n"]),
        ("markdown", "Intro, a string source.\nNumerator layout.\n\n$$" + PRINTED + "$$"),
        ("raw", [f"$${RULE}$$"]),
        ("markdown", ["# Two\n", "ascii: $$" + PRINTED.replace("odot", "⊙") + "$$\n"]),
    )
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines, 1) if "Intro" in line)
    second = next(i for i, line in enumerate(lines, 1) if "ascii" in line)
    report = check("n.ipynb", text)
    assert verdicts(report) == [(first, "HOLDS"), (second, "NOT CHECKED")]
    assert report.layout_source == f"declared at line {first}: “Numerator layout”"


def test_a_notebook_written_with_ascii_escapes_maps_its_lines() -> None:
    body = {"cells": [{"cell_type": "markdown", "source": ["x\n", "$$(x ⊙ y)_i = x_i y_i$$\n"]}]}
    text = json.dumps(body, indent=1, ensure_ascii=True)
    assert "\\u2299" in text
    line = next(i for i, line in enumerate(text.splitlines(), 1) if "u2299" in line)
    assert verdicts(check("n.ipynb", text)) == [(line, "HOLDS")]


def test_a_notebook_cell_that_is_not_a_mapping_is_passed_over() -> None:
    text = json.dumps({"cells": [3, {"cell_type": "markdown", "source": f"$${RULE}$$"}]})
    assert verdicts(check("n.ipynb", text)) == [(1, "HOLDS")]


@pytest.mark.parametrize(("depth", "refused"), [(MAX_NESTING, False), (MAX_NESTING + 1, True)])
def test_html_nesting_is_bounded_exactly(depth: int, refused: bool) -> None:
    # void, self-closing and optionally closed elements do not nest; closing tags unnest
    filler = "<br><img src=x/><p><li><span/>" * 300
    text = filler + "<div>" * depth + "</div>" * depth + "<section></section>" * 300
    if refused:
        with pytest.raises(
            InputError, match=f"^elements nested deeper than {MAX_NESTING} levels at line 1$"
        ):
            scan(text, Kind.HTML)
    else:
        assert scan(text, Kind.HTML).math == ()


def test_html_nesting_names_its_line() -> None:
    text = "\n\n" + "<div>" * (MAX_NESTING + 1)
    with pytest.raises(InputError, match=r"at line 3$"):
        scan(text, Kind.HTML)


@pytest.mark.parametrize(("depth", "refused"), [(MAX_NESTING, False), (MAX_NESTING + 1, True)])
def test_bracket_nesting_is_bounded_exactly(depth: int, refused: bool) -> None:
    text = "x\n" + ")" * 5 + "[" * depth + "]" * depth
    if refused:
        with pytest.raises(
            InputError, match=f"^nested deeper than {MAX_NESTING} levels at line 2$"
        ):
            scan(text, Kind.TEXT)
    else:
        assert scan(text, Kind.TEXT).math == ()


def test_rst_math_directives_with_arguments_options_and_several_equations() -> None:
    text = (
        "Denominator layout.\n"  # 1
        "\n"
        f".. math:: {RULE}\n"  # 3: the argument is an equation
        "Prose.\n"
        "   .. math::\n"  # 5: indented directive
        "      :label: eq-1\n"
        "      :nowrap:\n"
        "\n"
        f"      {DIFFERENTIAL}\n"  # 9
        "\n"
        f"      {WRONG_DIFFERENTIAL}\n"  # 11
        "      \\quad\n"  # 12: a continuation of the same equation
        "\n"
        "   Back in prose.\n"
        "\n"
        f"      {PRINTED}\n"  # 16: indented, but not in a directive
        ".. math::\n"
        "\n"
        f"   {PRINTED}"  # 19: at the end of the file
    )
    assert verdicts(check("n.rst", text)) == [
        (3, "HOLDS"),
        (9, "HOLDS"),
        (11, "FAILS"),
        (19, "FAILS"),
    ]


def test_latex_without_a_document_environment_is_read_whole() -> None:
    text = f"% hadamard: skip\n\\[{PRINTED}\\]\n\\[{PRINTED}\\]\n"
    report = check("part.tex", text)
    assert verdicts(report) == [(3, "FAILS")]
    assert report.skipped == 1


def test_markdown_myst_directives_roles_and_fences() -> None:
    text = (
        "Denominator layout.\n"
        "```{math}\n"
        ":label: rule\n"
        f"{RULE}\n"  # 4
        "```\n"
        "~~~latex\n"
        f"{PRINTED}\n"  # 7
        "~~~\n"
        "````python\n"
        f"${PRINTED}$\n"
        "````\n"
        f"``${PRINTED}$`` and {{math}}`{DIFFERENTIAL}`\n"  # 12
        f"<!-- ${PRINTED}$ -->\n"
    )
    assert verdicts(check("n.md", text)) == [(4, "HOLDS"), (7, "FAILS"), (12, "HOLDS")]


def test_inline_dollars_follow_pandoc() -> None:
    text = (
        "Denominator layout. It costs $5 and $10; a \\$ is escaped.\n"
        "$ spaced $ is not math; $x$5 neither.\n"
        f"${RULE}$ is.\n"  # 3
    )
    report = check("n.txt", text)
    assert verdicts(report) == [(3, "HOLDS")]
    assert report.skipped == 0


def test_a_record_reads_as_a_compiler_line() -> None:
    report = check("n.md", f"Denominator layout.\n\n${RULE}$ and ${PRINTED}$\n")
    held, failed = report.records
    assert (
        held.text()
        == "n.md:3: HOLDS in the denominator layout: ∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)"
    )
    assert failed.text().startswith(
        "n.md:3: FAILS in the denominator layout: ∂(x ⊙ y)/∂z = diag(x)"
    )
    assert failed.text().endswith(" — correct form: ∂(x ⊙ y)/∂z = ∂y/∂z diag(x) + ∂x/∂z diag(y)")
    assert (held.column, failed.column) == (2, 2 + len(RULE) + 7)


def test_a_refused_formula_is_reported_without_the_refusals_prefix() -> None:
    (record,) = check(
        "n.md", "$$\\frac{\\partial (x \\odot y)}{\\partial z}\n = x \\times y$$"
    ).records
    assert record.verdict == "NOT CHECKED"
    assert record.reason.startswith(r"\times is ambiguous")
    assert record.formula == r"\frac{\partial (x \odot y)}{\partial z} = x \times y"
    assert (record.line, record.column) == (1, 3)
    assert (
        record.text()
        == f"n.md:1: NOT CHECKED in the denominator layout: {record.formula} — {record.reason}"
    )
    (whole,) = check(
        "n.md", "$$\\frac{\\partial (x \\odot y)}{\\partial (u \\odot v)} = 0$$"
    ).records
    assert (
        whole.reason
        == "∂/∂(u ⊙ v): only a scalar (a loss L) is differentiated with respect to an expression"
    )


def test_the_summary_counts_in_words() -> None:
    one = check("n.md", f"$${RULE}$$")
    assert one.summary() == (
        "n.md: 1 formula checked (1 hold, 0 fail); 0 skipped (not about the rule); "
        "denominator layout (the document declares none; the default)"
    )
    assert one.status == 0
    out, summary = render([one, one], "text")
    assert out.count("\n") == 2
    assert summary.count("\n") == 1
    empty_out, empty_summary = render([], "json")
    assert (empty_out, empty_summary) == ("[]\n", "")


def test_reading_standard_input_is_bounded(tmp_path: Path) -> None:
    import io

    assert read_document("-", io.BytesIO(b"$x$")) == "$x$"
    with pytest.raises(
        InputError,
        match=r"^-: more than 10485760 bytes; check-doc reads documents of at most 10485760 bytes \(10 MiB\)$",
    ):
        read_document("-", io.BytesIO(b"x" * (MAX_BYTES + 1)))
    with pytest.raises(InputError, match=r"^-: no standard input$"):
        read_document("-", None)


def test_a_document_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "limit.txt"
    path.write_bytes(b"a" * MAX_BYTES)
    assert len(read_document(str(path))) == MAX_BYTES
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(InputError, match=r"limit\.txt: 10485761 bytes; "):
        read_document(str(path))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00", "d: a binary file (a NUL byte at offset 0), not a document"),
        (b"ok\n\x00", "d: a binary file (a NUL byte at offset 3), not a document"),
        (b"\xff", "d: not UTF-8 (byte 0xff at offset 0, line 1)"),
        (b"a\nb\n\xc3(", "d: not UTF-8 (byte 0xc3 at offset 4, line 3)"),
    ],
    ids=["nul-first", "nul-later", "ff", "truncated-sequence"],
)
def test_undecodable_bytes_are_named_where_they_are(data: bytes, message: str) -> None:
    from proofs.formula.document import decode

    with pytest.raises(InputError) as info:
        decode("d", data)
    assert str(info.value) == message


def test_a_notebook_written_as_nbformat_writes_it_maps_repeated_and_unicode_lines() -> None:
    cells = [
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": ["Le calcul ⊙\n", "$$(x ⊙ y)_i = x_i y_i$$\n"],
        },
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": ["Le calcul ⊙\n", "$$(x ⊙ y)_i = x_i y_i$$"],
        },
        {"cell_type": "markdown", "metadata": {}, "source": "a / b\n$$(x ⊙ y)_i = y_i$$"},
    ]
    text = json.dumps({"cells": cells, "metadata": {}}, indent=1, ensure_ascii=False)
    lines = [i for i, line in enumerate(text.splitlines(), 1) if "(x ⊙ y)_i = x_i y_i" in line]
    string_source = next(i for i, line in enumerate(text.splitlines(), 1) if "a / b" in line)
    assert len(lines) == 2
    assert verdicts(check("n.ipynb", text)) == [
        (lines[0], "HOLDS"),
        (lines[1], "HOLDS"),
        (string_source, "FAILS"),
    ]


def test_a_notebook_line_spelled_unlike_json_dumps_takes_the_line_before() -> None:
    source = json.dumps(["intro\n", "$$(x ⊙ y)_i = x_i y_i$$ a/b"], ensure_ascii=False)
    text = '{"cells": [{"cell_type": "markdown",\n "source": ' + source.replace("/", "\\/") + "}]}"
    assert verdicts(check("n.ipynb", text)) == [(2, "HOLDS")]


def test_each_equation_of_a_display_has_its_own_line_and_column() -> None:
    text = (
        "Denominator layout.\n"
        "$$\n"
        f"{RULE} \\\\\n"  # line 3, column 1
        "  (x \\odot y)_i = x_i y_i\n"  # line 4, column 3
        "$$  and  \\((x \\odot y)_j = x_j\\)\n"  # line 5, column 12
    )
    report = check("n.md", text)
    assert [(r.line, r.column, r.verdict) for r in report.records] == [
        (3, 1, "HOLDS"),
        (4, 3, "HOLDS"),
        (5, 12, "FAILS"),
    ]


def test_a_marker_names_several_constants() -> None:
    formula = (
        r"\frac{\partial (a \odot b \odot y)}{\partial z} = \frac{\partial y}{\partial z} "
        r"\mathrm{diag}(a \odot b)"
    )
    text = f"<!-- hadamard: constant = a, b -->\n$${formula}$$\n<!-- hadamard: constants=a -->\n$${formula}$$\n"
    assert verdicts(check("n.md", text)) == [(2, "HOLDS"), (4, "FAILS")]


def test_a_constant_is_said_of_the_formulas_after_it_not_before() -> None:
    formula = "$\\frac{\\partial (a \\odot y)}{\\partial z} = \\frac{\\partial y}{\\partial z} \\mathrm{diag}(a)$"
    text = f"{formula}, where $a$ is fixed, and {formula}; $a$ does not depend on anything.\n"
    assert verdicts(check("n.md", text)) == [(1, "FAILS"), (1, "HOLDS")]


def test_nesting_counts_upper_case_tags_and_starts_from_zero_after_stray_closings() -> None:
    with pytest.raises(InputError, match=r"at line 2$"):
        scan("<p>\n" + "<DIV>" * (MAX_NESTING + 1) + "\n\n", Kind.HTML)
    # stray closing tags do not bank depth below zero
    assert scan("</div>" * 300 + "<div>" * MAX_NESTING, Kind.HTML).math == ()
    with pytest.raises(InputError, match="elements nested"):
        scan("<div>" * 200 + "</div>" * 10 + "<div>" * 70, Kind.HTML)
    assert scan(")" * 300 + "(" * MAX_NESTING, Kind.TEXT).math == ()
    with pytest.raises(InputError, match=r"nested deeper than \d+ levels at line 3$"):
        scan("a\nb\n" + "(" * 200 + ")" * 10 + "(" * 70 + "\n\n\n", Kind.TEXT)
