"""``irdocs ack``: record the first responder's acknowledgement, which ends MTTA."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING

from irdocs import clock
from irdocs.commands import options
from irdocs.documents.reading import display_path
from irdocs.incidents import incident_file

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers


def ack(
    reference: str, *, who: str | None = None, at: datetime | None = None, commit: bool = False
) -> int:
    config, draft = incident_file.open_reference(reference)
    incident = incident_file.current(config, draft)
    if incident.acknowledged is not None:
        by = f" by {incident.acknowledged_by}" if incident.acknowledged_by else ""
        print(
            f"{incident.id} was already acknowledged at {clock.stamp(incident.acknowledged)}{by}; "
            "nothing changed."
        )
        return 0
    when = at or clock.now()
    responder = who or _git_user(draft.path)
    draft.set("acknowledged", clock.stamp(when))
    if responder:
        draft.set("acknowledged_by", responder)
    by = f" by {responder}" if responder else ""
    incident_file.write(config, draft, f"acknowledged{by}", commit_it=commit)
    start, event = (
        (incident.detected, "detection")
        if incident.detected
        else (incident.declared, "declaration")
    )
    print(
        f"Acknowledged {incident.id}{by} at {clock.stamp(when)}, "
        f"{clock.duration(when - start)} after {event}."
    )
    print(f"Recorded in {display_path(draft.path)}.")
    return 0


def _git_user(path: object) -> str | None:
    """``git config user.name`` where the incident is; None outside a repository."""
    import git

    try:
        with git.Repo(str(path), search_parent_directories=True) as repo:
            name = repo.config_reader().get_value("user", "name", "")
    except Exception:  # no repository, no git, no user.name: the field is optional
        return None
    return str(name) or None


def register(subparsers: Subparsers) -> None:
    parser = options.incident_writer(
        subparsers,
        "ack",
        "record the first responder's acknowledgement (ends MTTA)",
        "Record acknowledged and acknowledged_by; an acknowledged incident is left as it is.",
    )
    parser.add_argument("--who", metavar="NAME", help="the responder (default: git user.name)")
    options.add_at(parser, "when it was acknowledged")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return ack(args.id, who=args.who, at=args.at, commit=args.commit)
