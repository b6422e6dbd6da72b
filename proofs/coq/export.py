"""The Coq rendering of the theorem and its kernel check: the public entry points (issue 5).

:func:`coq_files` renders proofs/theory/statement.py into Coq (proofs/coq/render.py);
:func:`check_directory` and :func:`kernel_check` ask coqc (proofs/coq/kernel.py).
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from hadamard._files import write_tree
from proofs.coq.kernel import ALLOWED_AXIOMS, COQC_MISSING, CoqCheck, check_directory, find_coqc
from proofs.coq.render import default_statements, main_theorem_names, render_files

__all__ = [
    "ALLOWED_AXIOMS",
    "COQC_MISSING",
    "CoqCheck",
    "check_directory",
    "coq_files",
    "kernel_check",
    "quick_kernel_check",
]


def coq_files(*, together: bool = False) -> dict[str, bytes]:
    """The .v files and _CoqProject (name -> bytes).

    ``together``: one ``Print Assumptions`` over all main theorems instead of one each.
    """
    theorems, corollaries = default_statements()
    return render_files(theorems, corollaries, together=together)


def _check_files(files: dict[str, bytes]) -> CoqCheck:
    with tempfile.TemporaryDirectory(prefix="hadamard-coq-export-") as out:
        write_tree(Path(out), files)
        return check_directory(Path(out))


def kernel_check() -> CoqCheck | None:
    """Write :func:`coq_files` to a temporary directory and check it; None when coqc is absent."""
    if find_coqc() is None:
        return None
    return _check_files(coq_files())


def quick_kernel_check() -> CoqCheck | None:
    """:func:`kernel_check` with the assumptions of all main theorems printed together.

    The same statements and proofs, checked by the same kernel; the axiom report is the
    union for all of them, under the name ``main_theorems_together`` (about 2 s less coqc
    time). This is what `hadamard prove` records; `export coq` prints each theorem's own.
    """
    if find_coqc() is None:
        return None
    check = _check_files(coq_files(together=True))
    return dataclasses.replace(check, theorems=main_theorem_names())
