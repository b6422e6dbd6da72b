"""derivation.pdf: pdflatex compiles derivation.tex with no error, no overfull box and no warning,
into a PDF with no date and no ID (needs pdflatex; HADAMARD_REQUIRE_LATEX=1 turns a skip into a
failure, as CI sets it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from proofs.check.records import Certificate
from proofs.documents.latex import latex_document
from proofs.documents.pdf import LATEX_ABSENT, LatexError, compile_pdf, find_pdflatex, log_problems


def require_pdflatex() -> str:
    """pdflatex's path; skip without it, unless HADAMARD_REQUIRE_LATEX=1 makes that a failure."""
    found = find_pdflatex()
    if found is not None:
        return found
    if os.environ.get("HADAMARD_REQUIRE_LATEX") == "1":
        pytest.fail(f"{LATEX_ABSENT}, but HADAMARD_REQUIRE_LATEX=1 requires the PDF")
    pytest.skip(LATEX_ABSENT)


def test_missing_pdflatex_fails_when_required(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("HADAMARD_REQUIRE_LATEX", "1")
    with pytest.raises(pytest.fail.Exception, match="pdflatex not found"):
        require_pdflatex()
    monkeypatch.delenv("HADAMARD_REQUIRE_LATEX")
    with pytest.raises(pytest.skip.Exception, match="pdflatex not found"):
        require_pdflatex()


def test_the_derivation_compiles_with_a_clean_log(certificate: Certificate) -> None:
    compiled = compile_pdf(latex_document(certificate).encode("ascii"), require_pdflatex())
    assert compiled.problems == ()
    assert compiled.pdf.startswith(b"%PDF-")
    # Nothing that changes from run to run: no dates, no document ID.
    for varying in (b"/CreationDate", b"/ModDate", b"/ID"):
        assert varying not in compiled.pdf
    pages = compiled.log.split("Output written on derivation.pdf (", 1)[1].split(" pages")[0]
    assert 4 <= int(pages) <= 12, pages


OVERFULL_AND_UNDEFINED = rb"""\documentclass{article}
\begin{document}
\noindent\hbox to 2\textwidth{a line twice as wide as the text}
See Section~\ref{nowhere}.
\end{document}
"""


def test_the_log_check_says_no_to_an_overfull_box_and_a_warning() -> None:
    compiled = compile_pdf(OVERFULL_AND_UNDEFINED, require_pdflatex())
    kinds = [line.split(" ")[0] for line in compiled.problems]
    assert "Overfull" in kinds
    assert "LaTeX" in kinds  # Reference `nowhere' on page 1 undefined


def test_a_document_pdflatex_refuses_raises() -> None:
    broken = rb"\documentclass{article}\begin{document}\nosuchcommand\end{document}"
    with pytest.raises(LatexError, match="Undefined control sequence"):
        compile_pdf(broken, require_pdflatex())


def test_log_problems_reads_each_kind_of_line() -> None:
    log = "\n".join(
        [
            "Overfull \\hbox (15.69pt too wide) in paragraph at lines 269--269",
            "Underfull \\hbox (badness 1000) in paragraph at lines 1--2",
            "Missing character: There is no ^^A in font cmr10!",
            "LaTeX Warning: Label(s) may have changed.",
            "Package amsmath Warning: Foreign command \\over;",
            "! Undefined control sequence.",
            "(./derivation.aux)",
        ]
    )
    assert len(log_problems(log)) == 5
    assert log_problems("(./derivation.aux)\nOutput written on derivation.pdf (7 pages).") == ()
