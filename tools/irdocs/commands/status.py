"""``irdocs status``: active incidents and what is overdue; exit 1 when something is."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from irdocs import clock
from irdocs import config as configuration
from irdocs.commands import options
from irdocs.documents.discovery import discover
from irdocs.documents.model import Incident, Postmortem
from irdocs.incidents.lifecycle import (
    AUDIENCES,
    Overdue,
    level_of,
    next_update_due,
    overdue,
    postmortem_due,
    stamp_utc,
)
from irdocs.reporting import terminal

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers

_ROLE_NAMES = ("commander", "communications_lead", "operations_lead", "scribe")


@dataclass(frozen=True, slots=True)
class _Row:
    incident: Incident
    active: bool
    next_updates: dict[str, datetime]
    late: list[Overdue]
    postmortem: Postmortem | None
    postmortem_due: Any


def status(*, output_format: str = "text", at: datetime | None = None) -> int:
    from irdocs.documents.handbook import load

    config = configuration.find(Path.cwd())
    now = at or clock.now()
    handbook, findings = load(config, list(discover(config)))
    rows = []
    for incident in sorted(handbook.incidents.values(), key=lambda i: i.declared):
        level = level_of(config, incident.severity)
        postmortem = handbook.postmortem_of(incident)
        due = postmortem_due(incident, level)
        pending = due is not None and (postmortem is None or postmortem.status != "published")
        active = incident.status != "resolved"
        if active or pending:
            nexts = {a: next_update_due(incident, level, a) for a in AUDIENCES}
            rows.append(
                _Row(
                    incident,
                    active,
                    {a: d for a, d in nexts.items() if d is not None},
                    overdue(incident, level, now, postmortem),
                    postmortem,
                    due if pending else None,
                )
            )
    late = sum(len(row.late) for row in rows)
    if output_format == "json":
        sys.stdout.write(json.dumps(_json(rows, now, late), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(terminal.lines(_text(rows, now, late)))
    if findings:
        files = len({finding.path for finding in findings})
        print(
            f"irdocs: {files} document(s) do not validate and are left out; run `irdocs validate`",
            file=sys.stderr,
        )
    return 1 if late else 0


def _text(rows: list[_Row], now: datetime, late: int) -> str:
    active = [row for row in rows if row.active]
    lines = [f"Active incidents at {stamp_utc(now)}: {len(active)}"]
    for row in active:
        incident = row.incident
        lines += [
            "",
            f"{incident.id}  {incident.severity}  {incident.status}  "
            f"age {clock.duration(now - incident.declared)}",
            f"  {terminal.clean(incident.title)}",
            f"  roles: {_roles(incident)}",
        ]
        if row.next_updates:
            due = ", ".join(f"{a} by {clock.utc_clock(d)}" for a, d in row.next_updates.items())
            lines.append(f"  next updates: {due}")
        lines += [
            f"  OVERDUE {terminal.clean(item.message)}"
            for item in row.late
            if item.kind != "postmortem"
        ]
    pending = [row for row in rows if row.postmortem_due is not None]
    if pending:
        lines += ["", f"Postmortems due: {len(pending)}"]
        for row in pending:
            state = row.postmortem.status if row.postmortem else "not written"
            flag = "  OVERDUE" if any(i.kind == "postmortem" for i in row.late) else ""
            lines.append(
                f"  {row.incident.id}  {row.incident.severity}  "
                f"due {row.postmortem_due}  ({state}){flag}"
            )
    lines += ["", f"{late} overdue" if late else "Nothing overdue."]
    return "\n".join(lines) + "\n"


def _roles(incident: Incident) -> str:
    roles = [
        f"{name.replace('_', ' ')} {getattr(incident.roles, name)}"
        for name in _ROLE_NAMES
        if getattr(incident.roles, name)
    ]
    if incident.roles.experts:
        roles.append(f"experts {', '.join(incident.roles.experts)}")
    return terminal.clean("; ".join(roles)) or "none assigned"


def _json(rows: list[_Row], now: datetime, late: int) -> dict[str, Any]:
    return {
        "at": clock.stamp(now),
        "overdue": late,
        "active": [
            {
                "id": row.incident.id,
                "path": row.incident.path,
                "title": row.incident.title,
                "severity": row.incident.severity,
                "status": row.incident.status,
                "declared": clock.stamp(row.incident.declared),
                "age_minutes": int((now - row.incident.declared).total_seconds() // 60),
                "roles": {
                    **{name: getattr(row.incident.roles, name) for name in _ROLE_NAMES},
                    "experts": list(row.incident.roles.experts),
                },
                "next_updates": {a: clock.stamp(d) for a, d in row.next_updates.items()},
                "overdue": [_overdue(item) for item in row.late if item.kind != "postmortem"],
            }
            for row in rows
            if row.active
        ],
        "postmortems_due": [
            {
                "incident": row.incident.id,
                "severity": row.incident.severity,
                "due": row.postmortem_due.isoformat(),
                "postmortem": row.postmortem.status if row.postmortem else None,
                "overdue": any(item.kind == "postmortem" for item in row.late),
            }
            for row in rows
            if row.postmortem_due is not None
        ],
    }


def _overdue(item: Overdue) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "audience": item.audience,
        "due": clock.stamp(item.due) if item.due else None,
        "message": item.message,
    }


def register(subparsers: Subparsers) -> None:
    parser = options.command(
        subparsers,
        "status",
        "active incidents and what is overdue (exit 1 when something is)",
        "Active incidents with severity, age, roles and next updates; what is "
        "overdue: updates past their cadence, acknowledgement past its target, a missing "
        "commander, postmortems past due. Exit 1 when anything is overdue.",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    options.add_at(parser, "the time to check against")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return status(output_format=args.format, at=args.at)
