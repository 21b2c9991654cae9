"""``irdocs metrics``: durations and counts over the handbook, as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from irdocs import clock
from irdocs import config as configuration
from irdocs.commands import options
from irdocs.documents.discovery import discover
from irdocs.documents.handbook import load
from irdocs.errors import UsageError
from irdocs.metrics import (
    BY_HIGHEST_SEVERITY,
    GROUPINGS,
    Counts,
    Exclusion,
    Report,
    Summary,
    formula,
    report,
)
from irdocs.reporting import terminal
from irdocs.reporting.render import render, summary

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers

CSV_COLUMNS = (
    "group",
    "metric",
    "count",
    "excluded",
    "mean_minutes",
    "median_minutes",
    "p90_minutes",
)
_COLUMNS, _ALIGN = ["count", "excl", "mean", "median", "p90"], "<>><<<"
_INVALID = "fix these first: metrics over invalid documents would be wrong"
_LISTED = 5
"""Incident IDs the table lists per exclusion reason; JSON lists them all."""


def metrics(
    *,
    today: date,
    since: date | None = None,
    until: date | None = None,
    by: str | None = None,
    output_format: str = "table",
) -> int:
    """Print the metrics of the handbook found from the working directory; 1 if it is invalid."""
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}; no incident can be in both")
    config = configuration.find(Path.cwd())
    sources = list(discover(config))
    handbook, findings = load(config, sources)
    if findings:  # a metric over documents that failed validation would be wrong
        sys.stdout.write(render(findings, "text"))
        print(summary(findings, len(sources)), file=sys.stderr)
        print(f"irdocs: {_INVALID}", file=sys.stderr)
        return 1
    result = report(handbook, today=today, since=since, until=until, by=by)
    renderer = {"json": as_json, "csv": as_csv}.get(output_format, as_table)
    output = renderer(result)
    sys.stdout.write(output if output_format == "json" else terminal.lines(output))
    return 0


def as_json(result: Report) -> str:
    document: dict[str, Any] = {
        "window": {
            "since": _iso(result.since),
            "until": _iso(result.until),
            "first": _iso(result.first),
            "last": _iso(result.last),
        },
        "definitions": {metric.name: formula(metric) for metric in result.definitions},
        "metrics": _numbers(result.summaries),
    }
    if result.by:
        document["groups"] = {
            group.name: {"metrics": _numbers(group.summaries), "counts": _counts(group.counts)}
            for group in result.groups
        }
    document["exclusions"] = [
        {"incident": e.incident, "metric": e.metric, "reason": e.reason}
        for s in result.summaries
        for e in s.exclusions
    ]
    document["counts"] = {**_counts(result.counts), "today": result.today.isoformat()}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def as_csv(result: Report) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for group in [("all", result.summaries), *((g.name, g.summaries) for g in result.groups)]:
        name, summaries = group
        for metric, numbers in _numbers(summaries).items():
            cells = (terminal.cell(name), metric, *numbers.values())
            writer.writerow(["" if cell is None else cell for cell in cells])
    return stream.getvalue()


def _numbers(summaries: Sequence[Summary]) -> dict[str, dict[str, int | float | None]]:
    return {
        s.metric.name: {
            "count": s.count,
            "excluded": len(s.exclusions),
            "mean_minutes": _round(s.mean),
            "median_minutes": _round(s.median),
            "p90_minutes": _round(s.p90),
        }
        for s in summaries
    }


def _counts(counts: Counts) -> dict[str, Any]:
    return {
        "incidents": counts.incidents,
        "by_severity": dict(counts.by_severity),
        "by_service": dict(counts.by_service),
        "open": counts.open,
        "postmortems": {
            "required": counts.postmortems_required,
            "done": counts.postmortems_done,
            "in_progress": _in_progress(counts),
            "missing": counts.postmortems_missing,
        },
        "action_items": {
            "open": counts.action_items_open,
            "overdue": counts.action_items_overdue,
            "closed": counts.action_items_closed,
        },
    }


def _in_progress(counts: Counts) -> int:
    return counts.postmortems_required - counts.postmortems_done - counts.postmortems_missing


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def as_table(result: Report) -> str:
    rows = [_row(s.metric.title, s) for s in result.summaries]
    lines = [*_headline(result), "", *_table(["metric", *_COLUMNS], rows, _ALIGN)]
    if result.by:
        lines += ["", *_group_counts(result)]
        for index, metric in enumerate(result.definitions):
            rows = [_row(group.name, group.summaries[index]) for group in result.groups]
            header = [f"{metric.title} by {result.by}", *_COLUMNS]
            lines += ["", *_table(header, rows, _ALIGN)]
    lines.append("")
    for metric in result.definitions:
        about = f" ({metric.description})" if metric.description else ""
        lines.append(terminal.clean(f"{metric.title} = {formula(metric)}{about}"))
    lines.append(BY_HIGHEST_SEVERITY)
    if (
        result.by == "service"
        and sum(g.counts.incidents for g in result.groups) > result.counts.incidents
    ):
        lines.append("An incident in two services counts in both service groups.")
    for s in result.summaries:
        if s.exclusions:
            lines.append(_excluded(s))
    return "\n".join(lines) + "\n"


def _headline(result: Report) -> list[str]:
    c = result.counts
    start, end = result.since or result.first, result.until or result.last
    window = f" {start or '…'} … {end or '…'}" if start or end else ""
    mix = ", ".join(f"{name} {n}" for name, n in c.by_severity)
    return [
        f"Incidents{window}: {c.incidents} ({mix}); open {c.open}",
        f"Postmortems required: {c.postmortems_required} ({c.postmortems_done} published, "
        f"{_in_progress(c)} in progress, {c.postmortems_missing} missing)",
        f"Action items: {c.action_items_open} open ({c.action_items_overdue} overdue on "
        f"{result.today}), {c.action_items_closed} closed",
    ]


def _row(name: str, s: Summary) -> list[str]:
    return [
        terminal.clean(name),
        str(s.count),
        str(len(s.exclusions)),
        *map(_human, (s.mean, s.median, s.p90)),
    ]


def _group_counts(result: Report) -> list[str]:
    header = [result.by or "", "incidents", "open", "postmortems required", "published"]
    header += ["action items open", "overdue", "closed"]
    rows = [
        [
            group.name,
            *map(str, (c.incidents, c.open, c.postmortems_required, c.postmortems_done)),
            *map(str, (c.action_items_open, c.action_items_overdue, c.action_items_closed)),
        ]
        for group in result.groups
        for c in [group.counts]
    ]
    return _table(header, rows, "<>>>>>>>")


def _table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(f"{cell:{a}{w}}" for cell, a, w in zip(row, align, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


def _human(minutes: float | None) -> str:
    """``9m 30s``, ``1h 05m``, ``2d 03h 10m``; ``-`` for no value."""
    if minutes is None:
        return "-"
    seconds = round(minutes * 60)
    if seconds < 3600:
        whole, rest = divmod(seconds, 60)
        return f"{whole}m {rest:02d}s" if rest else f"{whole}m"
    hours, rest = divmod(round(minutes), 60)
    if hours < 24:
        return f"{hours}h {rest:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours:02d}h {rest:02d}m"


def _excluded(s: Summary) -> str:
    reasons: dict[str, list[Exclusion]] = {}
    for exclusion in s.exclusions:
        reasons.setdefault(exclusion.reason, []).append(exclusion)
    parts = []
    for reason, excluded in reasons.items():
        ids = ", ".join(e.incident for e in excluded[:_LISTED])
        more = f" and {len(excluded) - _LISTED} more" if len(excluded) > _LISTED else ""
        parts.append(f"{reason}: {ids}{more}")
    noun = "incident" if len(s.exclusions) == 1 else "incidents"
    return f"Excluded: {len(s.exclusions)} {noun} from {s.metric.title} ({'; '.join(parts)})"


def register(subparsers: Subparsers) -> None:
    parser = options.command(
        subparsers,
        "metrics",
        "MTTD, MTTA, MTTR and time to resolve, with their definitions and exclusions",
        "Count, mean, median and p90 (in minutes) of MTTD, MTTA, MTTR, time to "
        "resolve and the handbook's own metrics, with every incident left out and why; counts "
        "of incidents, postmortems and action items. Incidents are selected by impact_started "
        "(declared when it has none), in UTC. The handbook must validate first.",
    )
    parser.add_argument(
        "--since",
        action=options.DayOption,
        metavar="DATE",
        help="first day, YYYY-MM-DD (inclusive)",
    )
    parser.add_argument(
        "--until", action=options.DayOption, metavar="DATE", help="last day, YYYY-MM-DD (inclusive)"
    )
    parser.add_argument(
        "--by",
        choices=GROUPINGS,
        help="also compute every metric and count per group; an incident's severity group is "
        "the highest severity it reached (declared SEV-2, raised to SEV-1: SEV-1)",
    )
    parser.add_argument(
        "--format",
        choices=options.TABLE_FORMATS,
        default="table",
        help="table (default), json, or csv: one row per group and metric",
    )
    options.add_today(parser, "action items are overdue against")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return metrics(
        today=clock.today(),
        since=args.since,
        until=args.until,
        by=args.by,
        output_format=args.format,
    )
