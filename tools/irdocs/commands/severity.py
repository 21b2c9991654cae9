"""``irdocs severity``: re-evaluate the severity, with the reason kept in the timeline."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING

from irdocs import clock
from irdocs.commands import options
from irdocs.documents.reading import display_path
from irdocs.errors import UsageError
from irdocs.incidents import incident_file
from irdocs.incidents.lifecycle import level_of

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers


def severity(
    reference: str, new: str, *, reason: str, at: datetime | None = None, commit: bool = False
) -> int:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from irdocs.incidents.roundtrip import append, text

    config, draft = incident_file.open_reference(reference)
    if new not in config.severity_names:
        raise UsageError(
            f"'{new}' is not a severity of this handbook; "
            f"use one of {', '.join(config.severity_names)}"
        )
    if not reason.strip():
        raise UsageError("say why the severity changes with --reason TEXT")
    incident = incident_file.current(config, draft)
    if new == incident.severity:
        print(f"{incident.id} is already {new}; nothing changed.")
        return 0
    when = at or clock.now()
    draft.set("severity", new)
    if "severity_changes" not in draft.front:
        draft.set("severity_changes", CommentedSeq())
    change = CommentedMap(
        [
            ("at", clock.stamp(when)),
            ("from", incident.severity),
            ("to", new),
            ("reason", text(" ".join(reason.split()), 6)),
        ]
    )
    append(draft.front["severity_changes"], change)
    incident_file.write(config, draft, f"{incident.severity} → {new}", commit_it=commit)
    level = level_of(config, new)
    cadence = ", ".join(f"{a} every {m} min" for a, m in level.updates.items()) or "none"
    print(f"{incident.id}: {incident.severity} → {new} at {clock.stamp(when)}.")
    print(f"Updates for {new}: {cadence}; postmortem {level.postmortem}.")
    print(f"Recorded in {display_path(draft.path)}.")
    return 0


def register(subparsers: Subparsers) -> None:
    parser = options.incident_writer(
        subparsers,
        "severity",
        "re-evaluate the severity, with the reason recorded",
        "Change severity and add the change, with its reason, to severity_changes.",
    )
    parser.add_argument("severity", metavar="SEV", help="the new severity, e.g. SEV-1")
    parser.add_argument("--reason", required=True, metavar="TEXT", help="what changed")
    options.add_at(parser, "when it changed")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return severity(args.id, args.severity, reason=args.reason, at=args.at, commit=args.commit)
