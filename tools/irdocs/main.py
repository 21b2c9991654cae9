"""The command line: argparse wiring, dispatch, and the only place exit codes are decided."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from irdocs import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
_FORMATS = ("text", "json", "github", "sarif")
_FORMAT_HELP = (
    "text: path:line:col: CODE message (default); json: an array of findings; github: "
    "workflow command annotations for GitHub Actions; sarif: SARIF 2.1.0 for code scanning"
)
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
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


def _run_validate(args: argparse.Namespace) -> int:
    from irdocs.commands.validate import validate

    return validate(args.paths, args.format)


def _run_lint(args: argparse.Namespace) -> int:
    from irdocs.commands.lint import lint

    return lint(
        args.paths,
        args.format,
        select=args.select,
        ignore=args.ignore,
        changed=args.changed,
        use_cache=not args.no_cache,
    )


def _run_metrics(args: argparse.Namespace) -> int:
    from irdocs.commands.metrics import metrics

    return metrics(
        today=args.today or date.today(),
        since=args.since,
        until=args.until,
        by=args.by,
        output_format=args.format,
    )


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
        choices=_FORMATS,
        default="text",
        help=_FORMAT_HELP,
    )
    validate.set_defaults(run=_run_validate)
    _lint_parser(commands)
    _metrics_parser(commands)
    return parser


def _lint_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lint = commands.add_parser(
        "lint",
        help="validate, then check what the schemas cannot: sections, language, freshness",
        description="Validation plus the lint rules (docs/rules/): runbooks, postmortems, "
        "incidents, status updates and the handbook as a whole. With no PATH, the whole handbook "
        "found from the working directory. Results are cached in .irdocs-cache/ in the "
        "handbook's root, by each document's content, the configuration and irdocs's version. "
        "Inline, <!-- irdocs: disable=CODES --> ... <!-- irdocs: enable=CODES --> and "
        "<!-- irdocs: disable-next-line=CODES --> silence codes in a document.",
        epilog=_EPILOG,
    )
    lint.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="documents or folders to lint (default: the whole handbook)",
    )
    lint.add_argument("--format", choices=_FORMATS, default="text", help=_FORMAT_HELP)
    lint.add_argument(
        "--select",
        type=_codes,
        default=[],
        metavar="CODES",
        help="comma-separated codes or prefixes of the rules to run, e.g. IR4,IR501; replaces "
        "[tool.irdocs.lint] select (default: every rule; validation always runs)",
    )
    lint.add_argument(
        "--ignore",
        type=_codes,
        default=[],
        metavar="CODES",
        help="comma-separated codes or prefixes not to report, added to the configuration's",
    )
    lint.add_argument(
        "--changed",
        nargs="?",
        const="",
        metavar="REF",
        help="lint only the documents changed versus the git ref REF: committed since the "
        "merge base, staged, unstaged or untracked (default REF: origin/main if it exists, "
        "else main, else HEAD)",
    )
    lint.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache in .irdocs-cache/",
    )
    lint.set_defaults(run=_run_lint)


def _codes(text: str) -> list[str]:
    """``IR4,IR501`` for argparse: codes or code prefixes."""
    import re

    codes = [code.strip().upper() for code in text.split(",") if code.strip()]
    bad = [code for code in codes if not re.fullmatch(r"IR\d{1,3}", code)]
    if bad or not codes:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a list of codes; write codes or prefixes like IR4,IR501"
        )
    return codes


def _metrics_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    metrics = commands.add_parser(
        "metrics",
        help="MTTD, MTTA, MTTR and time to resolve, with their definitions and exclusions",
        description="Count, mean, median and p90 (in minutes) of MTTD, MTTA, MTTR, time to "
        "resolve and the handbook's own metrics, with every incident left out and why; counts "
        "of incidents, postmortems and action items. Incidents are selected by impact_started "
        "(declared when it has none), in UTC. The handbook must validate first.",
        epilog=_EPILOG,
    )
    metrics.add_argument(
        "--since", type=_date, metavar="DATE", help="first day, YYYY-MM-DD (inclusive)"
    )
    metrics.add_argument(
        "--until", type=_date, metavar="DATE", help="last day, YYYY-MM-DD (inclusive)"
    )
    metrics.add_argument(
        "--by",
        choices=("severity", "service", "month", "quarter"),
        help="also compute every metric and count per group",
    )
    metrics.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="table (default), json, or csv: one row per group and metric",
    )
    metrics.add_argument(
        "--today",
        type=_date,
        metavar="DATE",
        help="the day action items are overdue against (default: today)",
    )
    metrics.set_defaults(run=_run_metrics)


def _date(text: str) -> date:
    """A day written YYYY-MM-DD, for argparse."""
    from irdocs.timestamps import parse_date

    day = parse_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD")
    return day
