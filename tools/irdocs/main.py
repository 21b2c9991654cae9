"""The command line: argparse wiring, dispatch, and the only place exit codes are decided."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from irdocs import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
_EPILOG = "exit status: 0 clean, 1 findings, 2 usage or configuration error, 3 internal error"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage line or the help
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print("irdocs: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        from irdocs.errors import IrdocsError

        if isinstance(exc, IrdocsError):
            print(f"irdocs: {exc}", file=sys.stderr)
            return exc.exit_code
        if args.verbose:
            import traceback

            traceback.print_exc()
        print(
            f"irdocs: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in irdocs; please report it with the output of --verbose.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "validate":
        from irdocs.commands.validate import validate

        return validate(args.paths, args.format)
    raise AssertionError(f"unhandled command {args.command}")  # pragma: no cover


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="irdocs",
        description="Incident response as docs-as-code: incidents, runbooks and postmortems "
        "as Markdown with YAML front matter in a Git repository.",
        epilog=_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"irdocs {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show the traceback of an internal error"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check documents against the schemas and each other",
        description="Check front matter against the JSON Schemas, and the handbook's integrity: "
        "duplicate IDs, dangling references, timestamps without an offset or out of order. "
        "With no PATH, the whole handbook found from the working directory.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="documents or folders to validate (default: the whole handbook)",
    )
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: path:line:col: CODE message (default); json: an array of findings",
    )
    return parser
