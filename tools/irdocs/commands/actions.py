"""``irdocs actions``: action items across all postmortems, as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from irdocs import clock
from irdocs import config as configuration
from irdocs.commands import options
from irdocs.documents.discovery import discover
from irdocs.documents.handbook import load
from irdocs.postmortems.actions import FIELDS, Row, rows
from irdocs.reporting import terminal
from irdocs.reporting.render import render, summary

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers

_COLUMNS = ("due", "status", "priority", "type", "owner", "item", "title")
_TITLE_WIDTH = 60


def actions(
    *,
    today: date,
    only_open: bool = False,
    only_overdue: bool = False,
    owner: str | None = None,
    service: str | None = None,
    output_format: str = "table",
    fail_on_overdue: bool = False,
) -> int:
    """Print the action items; 0, or 1 with ``fail_on_overdue`` when any listed is overdue (or
    when the handbook is invalid)."""
    config = configuration.find(Path.cwd())
    sources = list(discover(config))
    handbook, findings = load(config, sources)
    if findings:  # an item of a postmortem that does not validate would be missing or wrong
        sys.stdout.write(render(findings, "text"))
        print(summary(findings, len(sources)), file=sys.stderr)
        print("irdocs: fix these first: the action items are read from them", file=sys.stderr)
        return 1
    listed = rows(
        handbook,
        today=today,
        only_open=only_open,
        only_overdue=only_overdue,
        owner=owner,
        service=service,
    )
    renderer = {"json": as_json, "csv": as_csv}.get(output_format, as_table)
    output = renderer(listed)
    sys.stdout.write(output if output_format == "json" else terminal.lines(output))
    overdue = sum(row.overdue for row in listed)
    still_open = sum(row.item.status == "open" for row in listed)
    print(
        f"{len(listed)} action item{'s' if len(listed) != 1 else ''}: {still_open} open, "
        f"{overdue} overdue on {today}",
        file=sys.stderr,
    )
    return 1 if fail_on_overdue and overdue else 0


def as_json(listed: Sequence[Row]) -> str:
    return json.dumps([row.as_json() for row in listed], indent=2, ensure_ascii=False) + "\n"


def as_csv(listed: Sequence[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in listed:
        record = {
            key: terminal.cell(value) if isinstance(value, str) else value
            for key, value in row.as_json().items()
        }
        writer.writerow({**record, "overdue": "true" if record["overdue"] else "false"})
    return out.getvalue()


def as_table(listed: Sequence[Row]) -> str:
    if not listed:
        return ""
    lines = [_COLUMNS, *(_cells(row) for row in listed)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(_COLUMNS))]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        + "\n"
        for line in lines
    )


def _cells(row: Row) -> tuple[str, ...]:
    item = row.item
    title = terminal.clean(item.title)
    title = title if len(title) <= _TITLE_WIDTH else title[: _TITLE_WIDTH - 1] + "…"
    return (
        item.due.isoformat() if item.due else "-",
        "overdue" if row.overdue else item.status,
        item.priority or "-",
        item.type or "-",
        terminal.clean(item.owner or "-"),
        terminal.clean(f"{row.incident} {item.id}"),
        title,
    )


def register(subparsers: Subparsers) -> None:
    parser = options.command(
        subparsers,
        "actions",
        "action items across all postmortems, overdue first",
        "Every postmortem's action items: overdue first, then by due date. An item "
        "is overdue when it is open and due before today. Exits 0 whether or not items are "
        "open; --fail-on-overdue exits 1 when any listed item is overdue.",
    )
    parser.add_argument("--open", action="store_true", help="only items still open")
    parser.add_argument("--overdue", action="store_true", help="only overdue items")
    parser.add_argument("--owner", metavar="NAME", help="only items this person owns")
    parser.add_argument("--service", metavar="NAME", help="only items of incidents in this service")
    parser.add_argument(
        "--format",
        choices=options.TABLE_FORMATS,
        default="table",
        help="table (default); json: an array of items; csv: one row per item, with a header",
    )
    options.add_today(parser, "items are overdue against")
    parser.add_argument(
        "--fail-on-overdue",
        action="store_true",
        help="exit 1 when any listed item is overdue (for a scheduled CI job)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return actions(
        today=clock.today(),
        only_open=args.open,
        only_overdue=args.overdue,
        owner=args.owner,
        service=args.service,
        output_format=args.format,
        fail_on_overdue=args.fail_on_overdue,
    )
