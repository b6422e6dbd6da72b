"""The ``hadamard`` command line: prove, export, check-formula, cite; bad input exits 2."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

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


def _cmd_check_formula(args: argparse.Namespace) -> int:
    from proofs.formula.check import check_formula

    # The parser owns every limit on EXPR (length, nesting, vocabulary); it never evaluates it.
    verdict = check_formula(args.expr, latex=args.latex, layout=Layout(args.layout))
    print(verdict.report())
    return EXIT_OK if verdict.holds else EXIT_FAILS


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

    check = commands.add_parser("check-formula", help="does a printed formula hold in a layout?")
    check.add_argument("expr", metavar="EXPR", help="e.g. 'dy_dz @ diag(x) + dx_dz @ diag(y)'")
    check.add_argument("--latex", action="store_true", help="EXPR is LaTeX, as printed")
    check.add_argument("--layout", default="denominator", choices=["numerator", "denominator"])
    check.set_defaults(handler=_cmd_check_formula)

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
        args = build_parser().parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except SystemExit as exc:  # --help has printed its text; keep main() a function that returns
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except _UsageError as exc:
        print(f"{_PROG}: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
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
