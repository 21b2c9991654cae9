"""The command line: the shared options, dispatch to the command modules, and the only place
exit codes are decided."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import TextIO, cast

from irdocs import __version__
from irdocs.commands import COMMANDS
from irdocs.commands.options import EPILOG

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def main(argv: Sequence[str] | None = None) -> int:
    verbose = False
    try:
        try:
            args = _parser(sys.argv[1:] if argv is None else argv).parse_args(argv)
        except SystemExit as exc:  # argparse has printed the usage line or the help
            return exc.code if isinstance(exc.code, int) else EXIT_USAGE
        verbose = args.verbose
        code = _dispatch(args)
        sys.stdout.flush()  # a closed pipe is found here, not at exit
        return code
    except KeyboardInterrupt:
        print("irdocs: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (`irdocs lint | head`): nothing to report
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return EXIT_FINDINGS
    except Exception as exc:
        from irdocs.errors import IrdocsError
        from irdocs.reporting.terminal import line

        if isinstance(exc, IrdocsError):
            print(f"irdocs: {line(str(exc))}", file=sys.stderr)
            return exc.exit_code
        if verbose:
            import traceback

            traceback.print_exc()
        print(
            f"irdocs: internal error: {type(exc).__name__}: {line(str(exc))}\n"
            "This is a bug in irdocs; please report it with the output of --verbose.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _dispatch(args: argparse.Namespace) -> int:
    from irdocs import clock
    from irdocs.reporting.terminal import Guarded

    clock.pin_today(getattr(args, "today", None))  # every command reads the day from the clock
    # Text from documents never drives a terminal or CI (docs/security.md): every line of text
    # output, and of stderr, goes through the guard; json, sarif and github output are escaped
    # by their own rules and left as they are.
    out, err = sys.stdout, sys.stderr
    if getattr(args, "format", "text") not in ("json", "sarif", "github"):
        sys.stdout = cast(TextIO, Guarded(out))
    sys.stderr = cast(TextIO, Guarded(err))
    try:
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    finally:
        clock.pin_today(None)
        guarded, sys.stdout, sys.stderr = (sys.stdout, sys.stderr), out, err
        for stream in guarded:
            if isinstance(stream, Guarded):
                stream.flush()


def _parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="irdocs",
        description="Incident response as docs-as-code: incidents, runbooks and postmortems "
        "as Markdown with YAML front matter in a Git repository.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"irdocs {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show the traceback of an internal error"
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # Only the command being run is imported (a pre-commit hook pays for every import on every
    # commit); all of them when none is named, for the overview in --help or the usage error.
    named = next((word for word in argv if not word.startswith("-")), None)
    for name in (named,) if named in COMMANDS else COMMANDS:
        importlib.import_module(f"irdocs.commands.{name}").register(subparsers)
    return parser
