"""``irdocs resolve``: close the incident, check the resolution criteria, say what comes next."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from irdocs import clock
from irdocs.commands import options
from irdocs.commands.notify import after_write
from irdocs.documents.reading import display_path
from irdocs.errors import IrdocsError
from irdocs.incidents import incident_file
from irdocs.incidents.communication import postmortem_line, resolution_checklist
from irdocs.incidents.lifecycle import check_update_time, level_of

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers


def resolve(
    reference: str,
    *,
    message: str | None = None,
    audience: str | None = None,
    at: datetime | None = None,
    commit: bool = False,
    notify: str = "send",
) -> int:
    """Record ``resolved`` and the final update; print the checklist and the postmortem due."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from irdocs.incidents.roundtrip import append, text

    config, draft = incident_file.open_reference(reference)
    incident = incident_file.current(config, draft)
    if incident.status == "resolved":
        raise IrdocsError(
            f"{incident.id} is already resolved; a recurrence is a new incident (irdocs declare)"
        )
    now = clock.now()
    when = at or now
    refused = check_update_time(incident, when, now)
    if refused:
        raise IrdocsError(f"{incident.id}: not resolved at {clock.stamp(when)}: {refused}")
    level = level_of(config, incident.severity)
    audience = audience or ("public" if "public" in level.updates else "internal")
    final = (
        " ".join(message.split())
        if message
        else _final(incident.impact_started, incident.mitigated)
    )
    draft.set("status", "resolved")
    draft.set("resolved", clock.stamp(when))
    if "updates" not in draft.front:
        draft.set("updates", CommentedSeq())
    entry = [("at", clock.stamp(when)), ("status", "resolved"), ("audience", audience)]
    append(draft.front["updates"], CommentedMap([*entry, ("message", text(final, 6))]))
    resolved = incident_file.write(config, draft, "resolved", commit_it=commit)

    print(f"Resolved {resolved.id} at {clock.stamp(when)}. Final {audience} update:")
    print()
    print(f"  {final}")
    print()
    print(f"Resolution criteria ({level.name}):")
    for line in resolution_checklist(resolved, level):
        print(line)
    print()
    print(postmortem_line(resolved, level))
    print(f"Recorded in {display_path(draft.path)}.")
    return after_write(config, draft.path, len(draft.front["updates"]) - 1, notify, commit=commit)


def _final(started: datetime | None, mitigated: datetime | None) -> str:
    text = "This incident is resolved."
    if started and mitigated:
        start, end = started.astimezone(UTC), mitigated.astimezone(UTC)
        text += f" Customers were affected between {start:%H:%M} and {end:%H:%M} UTC"
        text += f" on {start:%Y-%m-%d}." if start.date() == end.date() else "."
    return text


def register(subparsers: Subparsers) -> None:
    parser = options.incident_writer(
        subparsers,
        "resolve",
        "resolve: record it, check the resolution criteria, say when the postmortem is due",
        "Record resolved and the final update; print the resolution criteria as a checklist and "
        "whether a postmortem is required, and by when.",
    )
    parser.add_argument("--message", metavar="TEXT", help="the final update (default: written)")
    parser.add_argument(
        "--audience",
        choices=options.AUDIENCES,
        help="of the final update (default: public when the severity has public updates)",
    )
    options.add_at(parser, "when it was resolved")
    options.add_notify(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return resolve(
        args.id,
        message=args.message,
        audience=args.audience,
        at=args.at,
        commit=args.commit,
        notify=args.notify,
    )
