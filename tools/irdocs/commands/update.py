"""``irdocs update``: add a status update to the timeline and print it ready to send."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from irdocs import clock
from irdocs.commands import options
from irdocs.commands.notify import after_write
from irdocs.documents.reading import display_path
from irdocs.errors import IrdocsError
from irdocs.incidents import incident_file
from irdocs.incidents.communication import AUDIENCE_WHERE, compose
from irdocs.incidents.lifecycle import check_transition, check_update_time, level_of

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers
    from irdocs.documents.model import Incident


def update(
    reference: str,
    *,
    message: str,
    status: str | None = None,
    audience: str = "internal",
    impact: str | None = None,
    eta: str | None = None,
    at: datetime | None = None,
    mitigated_at: datetime | None = None,
    commit: bool = False,
    notify: str = "send",
) -> int:
    """Append an update; ``monitoring`` records ``mitigated`` (``mitigated_at``, else the
    update's time), ``resolved`` records ``resolved``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from irdocs.incidents.roundtrip import append, text

    config, draft = incident_file.open_reference(reference)
    incident = incident_file.current(config, draft)
    new_status = status or incident.status
    refusal = check_transition(incident.status, new_status)
    if refusal:
        raise IrdocsError(f"{incident.id}: cannot move to {new_status}: {refusal}")
    now = clock.now()
    when = at or now
    refused = check_update_time(incident, when, now)
    if refused:
        raise IrdocsError(f"{incident.id}: no update recorded at {clock.stamp(when)}: {refused}")
    mitigated = _mitigated(incident, new_status, mitigated_at, when)
    level = level_of(config, incident.severity)
    cadence = level.updates.get(audience)
    next_by = when + timedelta(minutes=cadence) if cadence and new_status != "resolved" else None
    sent = compose(audience, new_status, message, impact=impact, eta=eta, next_by=next_by)

    draft.set("status", new_status)
    recorded = []
    if mitigated is not None:
        draft.set("mitigated", clock.stamp(mitigated))
        recorded.append(f"mitigated {clock.stamp(mitigated)}")
    if new_status == "resolved" and incident.resolved is None:
        draft.set("resolved", clock.stamp(when))
        recorded.append(f"resolved {clock.stamp(when)}")
    if "updates" not in draft.front:
        draft.set("updates", CommentedSeq())
    entry = CommentedMap(
        [
            ("at", clock.stamp(when)),
            ("status", new_status),
            ("audience", audience),
            ("message", text(sent, 6)),
        ]
    )
    append(draft.front["updates"], entry)
    what = new_status if new_status != incident.status else f"{audience} update"
    incident_file.write(config, draft, what, commit_it=commit)

    print(f"{audience.capitalize()} update for {AUDIENCE_WHERE[audience]}, status {new_status}:")
    print()
    print(f"  {sent}")
    print()
    print(
        f"Recorded in {display_path(draft.path)}"
        + (f"; {', '.join(recorded)}." if recorded else ".")
    )
    if next_by is not None:
        print(
            f"Next {audience} update due by {clock.utc_clock(next_by)} "
            f"(every {cadence} min for {incident.severity})."
        )
    return after_write(config, draft.path, len(draft.front["updates"]) - 1, notify, commit=commit)


def _mitigated(
    incident: Incident, status: str, given: datetime | None, when: datetime
) -> datetime | None:
    """The ``mitigated`` time to record: ``given`` (checked), or the update's time when the
    incident first moves to monitoring; None to leave it as it is."""
    if given is None:
        return when if status == "monitoring" and incident.mitigated is None else None
    if status != "monitoring":
        raise IrdocsError(
            f"{incident.id}: --mitigated-at goes with the move to monitoring "
            f"(--status monitoring); the status would be {status}"
        )
    if given > when:
        raise IrdocsError(
            f"{incident.id}: --mitigated-at {clock.stamp(given)} is after the update "
            f"({clock.stamp(when)}); the impact stopped before it is announced"
        )
    if given < incident.declared:
        raise IrdocsError(
            f"{incident.id}: --mitigated-at {clock.stamp(given)} is before the declaration "
            f"({clock.stamp(incident.declared)})"
        )
    return given


def register(subparsers: Subparsers) -> None:
    parser = options.incident_writer(
        subparsers,
        "update",
        "add a status update and print it for its audience",
        "Append an update to the timeline and print it in the communication template with the "
        "next-update time from the severity's cadence. monitoring records mitigated "
        "(--mitigated-at, else the update's time, if unset), resolved records resolved.",
    )
    parser.add_argument(
        "--status", choices=options.STATUSES, help="the new status (default: unchanged)"
    )
    parser.add_argument("--message", required=True, metavar="TEXT", help="the current action")
    parser.add_argument(
        "--audience",
        choices=options.AUDIENCES,
        default="internal",
        help="who it is for (default: internal)",
    )
    parser.add_argument("--impact", metavar="TEXT", help="who is affected and how, first")
    parser.add_argument("--eta", metavar="TEXT", help="when a fix is expected, only if known")
    options.add_at(
        parser,
        "when it was sent; not before the latest update or the declaration, "
        "nor more than 5 minutes ahead",
    )
    parser.add_argument(
        "--mitigated-at",
        type=options.when,
        metavar="TS",
        help="with --status monitoring: when the customer impact stopped (default: --at)",
    )
    options.add_notify(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return update(
        args.id,
        message=args.message,
        status=args.status,
        audience=args.audience,
        impact=args.impact,
        eta=args.eta,
        at=args.at,
        mitigated_at=args.mitigated_at,
        commit=args.commit,
        notify=args.notify,
    )
