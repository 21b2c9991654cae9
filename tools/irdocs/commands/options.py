"""The options several commands share, defined once: output formats, ``--today``, ``--at``, the
paths to check, and the shape of a command that edits an incident."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

# the lifecycle's words, as the commands' choices
from irdocs.incidents.vocabulary import AUDIENCES as AUDIENCES
from irdocs.incidents.vocabulary import STATUSES as STATUSES

if TYPE_CHECKING:
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

EPILOG = "exit status: 0 clean, 1 findings, 2 usage or configuration error, 3 internal error"
FINDING_FORMATS = ("text", "json", "github", "sarif")
_FINDING_FORMAT_HELP = (
    "text: path:line:col: CODE message (default); json: an array of findings; github: "
    "workflow command annotations for GitHub Actions; sarif: SARIF 2.1.0 for code scanning"
)
TABLE_FORMATS = ("table", "json", "csv")


def command(
    subparsers: Subparsers, name: str, help_text: str, description: str
) -> argparse.ArgumentParser:
    """A subcommand with the shared exit-status epilog."""
    return subparsers.add_parser(name, help=help_text, description=description, epilog=EPILOG)


def add_paths(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=f"documents or folders to {verb} (default: the whole handbook)",
    )


def add_finding_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=FINDING_FORMATS, default="text", help=_FINDING_FORMAT_HELP
    )


def add_today(parser: argparse.ArgumentParser, what: str) -> None:
    """``--today``: the day the command computes against; see ``irdocs.clock.today``."""
    parser.add_argument(
        "--today",
        action=DayOption,
        metavar="DATE",
        help=f"the day {what} (default: $IRDOCS_TODAY, else today)",
    )


def add_at(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--at", action=TimeOption, metavar="TS", help=f"{what} (ISO 8601; default: now, local time)"
    )


def incident_writer(
    subparsers: Subparsers, name: str, help_text: str, description: str
) -> argparse.ArgumentParser:
    """A command that edits an incident: its ID (not for declare) and ``--commit``."""
    parser = command(subparsers, name, help_text, description)
    if name != "declare":
        parser.add_argument("id", metavar="ID", help="the incident's ID or an unambiguous prefix")
    parser.add_argument(
        "--commit", action="store_true", help="commit the file with git: incident(<ID>): <what>"
    )
    return parser


def add_notify(parser: argparse.ArgumentParser) -> None:
    """``--no-notify`` and ``--dry-run-notify``: what happens to the update's notifications."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--no-notify",
        dest="notify",
        action="store_const",
        const="skip",
        default="send",
        help="send it to no channel; recorded as skipped, so CI does not send it either",
    )
    group.add_argument(
        "--dry-run-notify",
        dest="notify",
        action="store_const",
        const="dry-run",
        help="show which channels would get it; send nothing (irdocs notify sends it later)",
    )


class _Converted(argparse.Action):
    """An option whose value is converted when it is stored, so that a bad value is one line,
    ``irdocs: argument --today: …`` with exit 2, rather than argparse's usage block."""

    @staticmethod
    def convert(text: str) -> object:
        raise NotImplementedError

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        from irdocs.errors import UsageError

        try:
            value = self.convert(str(values))
        except argparse.ArgumentTypeError as exc:
            raise UsageError(f"argument {option_string or self.dest}: {exc}") from None
        setattr(namespace, self.dest, value)


class DayOption(_Converted):
    """``action=DayOption``: a day written YYYY-MM-DD, in the years irdocs accepts."""

    @staticmethod
    def convert(text: str) -> object:
        return day(text)


class TimeOption(_Converted):
    """``action=TimeOption``: an ISO 8601 time, in the years irdocs accepts."""

    @staticmethod
    def convert(text: str) -> object:
        return when(text)


def day(text: str) -> date:
    """A day written YYYY-MM-DD, for argparse."""
    from irdocs.documents.timestamps import explain_bad_date, parse_date

    parsed = parse_date(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(explain_bad_date(text))
    return parsed


def when(text: str) -> datetime:
    """An ISO 8601 time for argparse; without an offset, local time."""
    from irdocs.clock import parse_when
    from irdocs.errors import UsageError

    try:
        return parse_when(text)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
