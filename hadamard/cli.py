"""The ``hadamard`` command line: prove, export, check-formula, check-doc, cite; errors exit 2."""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO, NoReturn

from hadamard import __version__
from hadamard._files import prepare_output_directory, write_tree
from hadamard._layout import Layout
from hadamard.errors import HadamardError

__all__ = ["main"]

EXIT_OK = 0
EXIT_FAILS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

_PROG = "hadamard"


class _UsageError(Exception):
    """Raised instead of argparse's multi-line usage dump."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, not a usage block."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix(_PROG).strip()
        raise _UsageError(f"{command}: {message}" if command else message)


_PACKAGES = ("proofs", "lean_export")
"""The distribution's other top-level packages, which the commands import lazily."""


def _own_packages_first() -> None:
    """Bind ``proofs`` and ``lean_export`` to this installation's packages, not the user's.

    ``python -m hadamard`` puts the working directory first on ``sys.path``, so a notes
    repository's own ``proofs/`` folder would shadow ours. Each package is loaded from beside
    this one (nothing else on ``sys.path`` moves); its submodules then follow its ``__path__``.
    """
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for name in _PACKAGES:
        init = os.path.join(root, name, "__init__.py")
        loaded = sys.modules.get(name)
        if loaded is not None or not os.path.isfile(init):
            continue
        spec = importlib.util.spec_from_file_location(
            name, init, submodule_search_locations=[os.path.dirname(init)]
        )
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)


def _layouts(value: str) -> tuple[Layout, ...]:
    """The layouts named by ``--layout`` (argparse has already checked the choice)."""
    if value == "both":
        return (Layout.DENOMINATOR, Layout.NUMERATOR)
    return (Layout(value),)


def _cmd_prove(args: argparse.Namespace) -> int:
    from proofs.prove import PDF_NAME, kernel_lines, prove_files

    out: Path = prepare_output_directory(args.out)
    files = prove_files(_layouts(args.layout))
    written = write_tree(out, files, force=args.force)
    print(f"wrote {len(written)} files to {out}")
    for line in kernel_lines(files):
        print(line)
    if PDF_NAME not in files:
        from proofs.documents.pdf import LATEX_ABSENT

        print(LATEX_ABSENT)
    return EXIT_OK


def _cmd_export_lean(args: argparse.Namespace) -> int:
    from lean_export.project import project_files

    out: Path = prepare_output_directory(args.out)
    written = write_tree(out, project_files(), force=args.force)
    print(f"wrote {len(written)} files to {out} (a Lake project, to be checked with `lake build`)")
    return EXIT_OK


def _cmd_export_coq(args: argparse.Namespace) -> int:
    from proofs.coq.export import check_directory, coq_files

    out: Path = prepare_output_directory(args.out)
    written = write_tree(out, coq_files(), force=args.force)
    print(f"wrote {len(written)} files to {out}")
    if args.no_check:
        return EXIT_OK
    check = check_directory(out)
    print(check.summary())
    # Without coqc the files are still written (make run); a check that ran and failed fails.
    return EXIT_FAILS if check.ran and not check.ok else EXIT_OK


def _silence_stdout() -> None:
    """After a closed pipe: send what is left to /dev/null, so exiting flushes without error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file descriptor
        pass


def _emit(text: str) -> None:
    """Write ``text`` to stdout; a reader that stopped reading (``| head``) is not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()


def _cmd_check_formula(args: argparse.Namespace) -> int:
    from proofs.formula.check import check_formula

    # The parser owns every limit on EXPR (length, nesting, vocabulary); it never evaluates it.
    verdict = check_formula(
        args.expr,
        latex=True if args.latex else None,
        layout=Layout(args.layout),
        constants=tuple(args.constant),
        otimes_is_hadamard=args.otimes_hadamard,
    )
    status = EXIT_OK if verdict.holds else EXIT_FAILS
    _emit(verdict.report() + "\n")
    return status


def _stdin() -> BinaryIO:
    return getattr(sys.stdin, "buffer", None) or io.BytesIO(sys.stdin.read().encode())


def _cmd_check_doc(args: argparse.Namespace) -> int:
    from proofs.formula.document import (
        MAX_SECONDS,
        check_document,
        documents,
        read_document,
        render,
    )
    from proofs.formula.extract import Kind

    reports = []
    unreadable = False
    kind = None if args.input_format is None else Kind(args.input_format)
    layout = None if args.layout is None else Layout(args.layout)
    paths: list[str] = []
    for given in args.paths:
        try:
            paths.extend(documents(given))
        except HadamardError as exc:
            print(f"{_PROG}: error: check-doc: {_one_line(exc)}", file=sys.stderr)
            unreadable = True
    for path in paths:
        try:
            text = read_document(path, _stdin() if path == "-" else None)
            report = check_document(
                path,
                text,
                kind=kind,
                layout=layout,
                otimes_is_hadamard=args.otimes_hadamard,
                seconds=MAX_SECONDS,
            )
        except (HadamardError, ValueError) as exc:
            print(f"{_PROG}: error: check-doc: {_one_line(exc)}", file=sys.stderr)
            unreadable = True
            continue
        reports.append(report)
    records, summary = render(reports, args.format)
    status = EXIT_USAGE if unreadable else max((r.status for r in reports), default=EXIT_OK)
    if args.format == "json":
        _emit(records)
        if summary:
            print(summary, file=sys.stderr)
    else:
        _emit(records + (summary + "\n" if summary else ""))
    return status


def _cmd_cite(args: argparse.Namespace) -> int:
    from proofs.documents.citation import citation_files, render_citation

    if args.out is None:
        sys.stdout.write(render_citation(args.format or "bibtex"))
        return EXIT_OK
    out: Path = prepare_output_directory(args.out)
    files = citation_files(args.format)
    written = write_tree(out, files, force=args.force)
    print(f"wrote {len(written)} files to {out}")
    return EXIT_OK


def _add_output(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        required=required,
        metavar="DIR",
        help="directory to write into (created if missing)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite files whose contents differ"
    )


def _add_otimes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--otimes-hadamard",
        action="store_true",
        help=r"read \otimes as the element-wise product (it is also the Kronecker product)",
    )


USAGE_HINT = (
    "a command is required: hadamard {prove,export,check-formula,check-doc,cite} …; "
    "hadamard --help describes each, hadamard --version prints the version"
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    parser = _Parser(prog=_PROG, description="The derivative of the Hadamard product, checked.")
    parser.add_argument("--version", action="version", version=f"{_PROG} {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    prove = commands.add_parser("prove", help="derivation artifacts and certificate")
    prove.add_argument("--layout", default="both", choices=["numerator", "denominator", "both"])
    _add_output(prove)
    prove.set_defaults(handler=_cmd_prove)

    export = commands.add_parser("export", help="write the theorem for a proof assistant")
    targets = export.add_subparsers(required=True, metavar="TARGET")
    lean = targets.add_parser("lean", help="a Lean 4 + Mathlib Lake project (checked externally)")
    _add_output(lean)
    lean.set_defaults(handler=_cmd_export_lean)
    coq = targets.add_parser("coq", help="Coq sources, checked by coqc when it is installed")
    _add_output(coq)
    coq.add_argument("--no-check", action="store_true", help="write only; do not run coqc")
    coq.set_defaults(handler=_cmd_export_coq)

    from proofs.formula.vocabulary import CHECK_DOC_HELP, CHECK_FORMULA_HELP

    check = commands.add_parser(
        "check-formula",
        help="does a printed formula hold in a layout?",
        description="Does a formula of the Hadamard product rule hold in a layout?",
        epilog=CHECK_FORMULA_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("expr", metavar="EXPR", help="e.g. 'dy_dz @ diag(x) + dx_dz @ diag(y)'")
    check.add_argument("--latex", action="store_true", help="EXPR is LaTeX, as printed")
    check.add_argument("--layout", default="denominator", choices=["numerator", "denominator"])
    check.add_argument(
        "--constant",
        action="append",
        default=[],
        metavar="NAME",
        help="a factor that does not depend on the variable (repeatable)",
    )
    _add_otimes(check)
    check.set_defaults(handler=_cmd_check_formula)

    doc = commands.add_parser(
        "check-doc",
        help="check every formula of the rule in documents",
        description="Check every formula of the Hadamard product rule in documents.",
        epilog=CHECK_DOC_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    doc.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="documents, or directories of them (by suffix); - reads stdin",
    )
    doc.add_argument(
        "--layout",
        choices=["numerator", "denominator"],
        help="the layout to judge in (default: the one the document declares)",
    )
    doc.add_argument("--format", default="text", choices=["text", "json"])
    doc.add_argument(
        "--input-format",
        choices=["markdown", "latex", "rst", "html", "notebook", "text"],
        help="the documents' format (default: from the suffix)",
    )
    _add_otimes(doc)
    doc.set_defaults(handler=_cmd_check_doc)

    cite = commands.add_parser("cite", help="how to cite the package and the verified theorem")
    cite.add_argument("--format", choices=["bibtex", "latex", "markdown"])
    _add_output(cite, required=False)
    cite.set_defaults(handler=_cmd_cite)
    return parser


def _one_line(message: object) -> str:
    return " ".join(str(message).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; the exit status: 0 holds/ok, 1 fails, 2 bad input or environment, 3 internal."""
    try:
        _own_packages_first()
        if not (sys.argv[1:] if argv is None else list(argv)):
            raise _UsageError(USAGE_HINT)
        args = build_parser().parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except SystemExit as exc:  # --help has printed its text; keep main() a function that returns
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except _UsageError as exc:
        print(f"{_PROG}: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader stopped reading: not an error of the command
        _silence_stdout()
        return EXIT_OK
    except (HadamardError, ValueError, TypeError, OSError) as exc:
        print(f"{_PROG}: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{_PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: still one line, with a way to see more
        if os.environ.get("HADAMARD_DEBUG"):
            raise
        print(
            f"{_PROG}: internal error: {type(exc).__name__}: {_one_line(exc)} "
            "(set HADAMARD_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def run() -> NoReturn:
    """Console-script entry point."""
    sys.exit(main())
