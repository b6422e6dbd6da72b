"""derivation.pdf: pdflatex over derivation.tex, byte-identical on every run.

pdfTeX writes a creation date and a document ID into every PDF. The document itself sets
``\\pdftrailerid{}`` and ``\\pdfinfoomitdate=1`` (proofs.documents.latex); here
``SOURCE_DATE_EPOCH`` and ``FORCE_SOURCE_DATE=1`` pin any date TeX still reads to a fixed one.
One pdflatex run suffices: the document has no cross-references to resolve (its numbers and
tags are written out), so nothing waits for a second pass.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = [
    "LATEX_ABSENT",
    "PDFLATEX_TIMEOUT_SECONDS",
    "SOURCE_DATE_EPOCH",
    "Compiled",
    "LatexError",
    "compile_pdf",
    "find_pdflatex",
    "log_problems",
]

SOURCE_DATE_EPOCH: Final = "1767225600"
"""2026-01-01T00:00:00Z, the release year (proofs.documents.citation.RELEASE_YEAR): a fixed date."""
PDFLATEX_TIMEOUT_SECONDS: Final = 120
LATEX_ABSENT: Final = (
    "pdflatex not found: derivation.pdf was not written (apt-get install -y texlive-latex-base)"
)
JOB: Final = "derivation"
# What a clean log must not contain: boxes that stick out, characters the font lacks, warnings
# from LaTeX or a package (undefined references, changed labels), and errors.
_PROBLEMS: Final = re.compile(
    r"^(Overfull \\[hv]box.*|Missing character.*|(LaTeX|Package \w+) Warning.*|! .*)$",
    re.MULTILINE,
)


class LatexError(RuntimeError):
    """pdflatex refused the generated document: a bug in the generator, not in the input."""


@dataclass(frozen=True)
class Compiled:
    """A compiled PDF and pdflatex's log."""

    pdf: bytes
    log: str

    @property
    def problems(self) -> tuple[str, ...]:
        """The log's overfull boxes, missing characters and warnings (see :func:`log_problems`)."""
        return log_problems(self.log)


def log_problems(log: str) -> tuple[str, ...]:
    """Each line of a pdflatex log that reports an overfull box, a missing character, a
    LaTeX or package warning, or an error."""
    return tuple(match.group(0) for match in _PROBLEMS.finditer(log))


def find_pdflatex() -> str | None:
    """The pdflatex executable on PATH, or None."""
    return shutil.which("pdflatex")


def compile_pdf(tex: bytes, pdflatex: str) -> Compiled:
    """Compile ``tex`` (a whole document) in a scratch directory; LatexError if it fails."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "FORCE_SOURCE_DATE": "1"}
    with tempfile.TemporaryDirectory(prefix="hadamard-latex-") as scratch:
        (Path(scratch) / f"{JOB}.tex").write_bytes(tex)
        try:
            run = subprocess.run(
                [
                    pdflatex,
                    "-interaction=nonstopmode",
                    "-halt-on-error",
                    "-no-shell-escape",
                    f"{JOB}.tex",
                ],
                cwd=scratch,
                env=env,
                capture_output=True,
                timeout=PDFLATEX_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise LatexError(f"pdflatex took longer than {PDFLATEX_TIMEOUT_SECONDS} s") from exc
        log_path = Path(scratch) / f"{JOB}.log"
        log = log_path.read_text(encoding="latin-1") if log_path.exists() else ""
        pdf_path = Path(scratch) / f"{JOB}.pdf"
        if run.returncode != 0 or not pdf_path.exists():
            errors = [line for line in log_problems(log) if line.startswith("!")]
            said = errors[0] if errors else run.stdout.decode("latin-1").strip()[-300:]
            raise LatexError(f"pdflatex refused {JOB}.tex (exit {run.returncode}): {said}")
        return Compiled(pdf_path.read_bytes(), log)
