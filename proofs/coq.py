"""The Coq rendering of the theorem and its kernel check: the public entry points (issue 5).

:func:`coq_files` renders proofs/statement.py into Coq (proofs/coq_render.py);
:func:`check_directory` and :func:`kernel_check` ask coqc (proofs/coq_check.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hadamard._files import write_tree
from proofs.coq_check import ALLOWED_AXIOMS, COQC_MISSING, CoqCheck, check_directory, find_coqc
from proofs.coq_render import default_statements, render_files

__all__ = [
    "ALLOWED_AXIOMS",
    "COQC_MISSING",
    "CoqCheck",
    "check_directory",
    "coq_files",
    "kernel_check",
]


def coq_files() -> dict[str, bytes]:
    """The .v files and _CoqProject (name -> bytes)."""
    theorems, corollaries = default_statements()
    return render_files(theorems, corollaries)


def kernel_check() -> CoqCheck | None:
    """Write :func:`coq_files` to a temporary directory and check it; None when coqc is absent."""
    if find_coqc() is None:
        return None
    with tempfile.TemporaryDirectory(prefix="hadamard-coq-export-") as out:
        write_tree(Path(out), coq_files())
        return check_directory(Path(out))
