"""``irdocs status``: active incidents and what is overdue; exit 1 when something is."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from irdocs import clock
from irdocs import config as configuration
from irdocs.commands import options
from irdocs.documents.discovery import Source, discover
from irdocs.documents.model import Incident, Postmortem
from irdocs.documents.reading import display_path
from irdocs.incidents.lifecycle import (
    Overdue,
    level_of,
    next_update_due,
    overdue,
    postmortem_due,
    stamp_utc,
)
from irdocs.incidents.vocabulary import AUDIENCES
from irdocs.reporting import terminal

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers
    from irdocs.finding import Finding

_ROLE_NAMES = ("commander", "communications_lead", "operations_lead", "scribe")


@dataclass(frozen=True, slots=True)
class _Unchecked:
    """An active incident whose file does not validate: listed with what it says and its
    findings, never left out."""

    path: str
    id: str
    title: str
    severity: str
    status: str
    findings: list[Finding]


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
    sources = list(discover(config))
    handbook, findings = load(config, sources)
    unchecked = _unchecked(sources, handbook.by_path, findings)
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
                    overdue(incident, level, now, postmortem, config),
                    postmortem,
                    due if pending else None,
                )
            )
    late = sum(len(row.late) for row in rows)
    if output_format == "json":
        document = _json(rows, now, late, unchecked)
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(terminal.lines(_text(rows, now, late, unchecked)))
    listed = {item.path for item in unchecked}
    others = {f.path for f in findings if f.path not in listed and f.path not in handbook.by_path}
    if others:
        print(
            f"irdocs: {len(others)} other document(s) do not validate; run `irdocs validate`",
            file=sys.stderr,
        )
    return 1 if late or unchecked else 0


def _unchecked(
    sources: list[Source], valid: Mapping[str, object], findings: list[Finding]
) -> list[_Unchecked]:
    """The incident files without a valid record that are not resolved, as far as their
    front matter says; one whose front matter cannot be read at all is listed too."""
    from irdocs.documents.frontmatter import read
    from irdocs.documents.problem import DocumentProblem

    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    found = []
    for source in sources:
        path = display_path(source.path)
        if source.kind != "incident" or path in valid or path not in by_path:
            continue
        try:
            data = read(source.path).data
        except (DocumentProblem, OSError):
            data = {}
        data = data if isinstance(data, dict) else {}
        if data.get("status") == "resolved":
            continue
        found.append(
            _Unchecked(
                path,
                _text_of(data.get("id"), source.path.stem),
                _text_of(data.get("title"), "(no title)"),
                _text_of(data.get("severity"), "severity?"),
                _text_of(data.get("status"), "status?"),
                by_path[path],
            )
        )
    return found


def _text_of(value: object, default: str) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int) and value else default


def _text(rows: list[_Row], now: datetime, late: int, unchecked: list[_Unchecked]) -> str:
    active = [row for row in rows if row.active]
    lines = [f"Active incidents at {stamp_utc(now)}: {len(active) + len(unchecked)}"]
    for item in unchecked:
        lines += [
            "",
            terminal.clean(f"{item.id}  {item.severity}  {item.status}  DOES NOT VALIDATE"),
            f"  {terminal.clean(item.title)}",
            *(f"  {terminal.clean(finding.text())}" for finding in item.findings),
        ]
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
    if unchecked:
        lines.append(
            f"{len(unchecked)} active incident(s) do not validate; fix them "
            "(`irdocs validate` lists every problem)"
        )
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


def _json(
    rows: list[_Row], now: datetime, late: int, unchecked: list[_Unchecked]
) -> dict[str, Any]:
    return {
        "at": clock.stamp(now),
        "overdue": late,
        "invalid": [
            {
                "id": item.id,
                "path": item.path,
                "title": item.title,
                "severity": item.severity,
                "status": item.status,
                "findings": [finding.as_json() for finding in item.findings],
            }
            for item in unchecked
        ],
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
        "active incidents and what is overdue (exit 1 when something is, or one is invalid)",
        "Active incidents with severity, age, roles and next updates; what is "
        "overdue: updates past their cadence, acknowledgement past its target, a missing "
        "commander, other roles past roles_within_minutes, postmortems past due. An active "
        "incident whose file does not validate is listed with its findings. Exit 1 when "
        "anything is overdue or an active incident does not validate.",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    options.add_at(parser, "the time to check against")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return status(output_format=args.format, at=args.at)
