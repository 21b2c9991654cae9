"""``irdocs declare``: create the incident file and print the first status-page message."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from shlex import quote
from typing import TYPE_CHECKING

from irdocs import clock
from irdocs import config as configuration
from irdocs.commands import options
from irdocs.commands.notify import after_write
from irdocs.documents.reading import display_path
from irdocs.errors import IrdocsError, UsageError
from irdocs.incidents import incident_file
from irdocs.incidents.communication import compose, first_public_message
from irdocs.incidents.lifecycle import level_of, mint_id

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers

_BODY = """
## What's happening

{impact}

## Who's affected

<!-- Who cannot do what, how many, where; and who is not affected. -->

## What changed recently

<!-- Releases, flag changes, configuration, traffic, providers: `irdocs changes --since 2h`. -->

## Debugging log

<!-- Per hypothesis: evidence for, evidence against, test, result. -->
"""


_ROLE_OPTIONS = {"comms": "communications_lead", "ops": "operations_lead", "scribe": "scribe"}
"""``declare``'s options for the roles beside the commander, and the field each sets."""


def declare(
    *,
    title: str,
    severity: str,
    services: Sequence[str],
    commander: str | None = None,
    roles: Mapping[str, str] | None = None,
    impact_started: datetime | None = None,
    detected: datetime | None = None,
    source: str = "alert",
    scope: str = "subset",
    impact: str | None = None,
    at: datetime | None = None,
    commit: bool = False,
    notify: str = "send",
) -> int:
    """Create ``incidents/<id>.md``; the last line printed is its path, also when ``commit``
    fails (the file is written, and the error follows on stderr). ``roles`` names the other
    roles (``communications_lead``, ``operations_lead``, ``scribe``)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    config = configuration.find(Path.cwd())
    if severity not in config.severity_names:
        raise UsageError(
            f"'{severity}' is not a severity of this handbook; use one of "
            f"{', '.join(config.severity_names)}"
        )
    if not services:
        known = f" ({', '.join(config.services)})" if config.services else ""
        raise UsageError(f"name the affected services with --service NAME{known}")
    if not title.strip():
        raise UsageError("give the incident a title: what customers experience, in a few words")
    declared = at or clock.now()
    level = level_of(config, severity)
    taken = {source.path.stem for source in incident_file.incidents(config)}
    incident_id = mint_id((impact_started or detected or declared).date(), title, taken)
    path = config.folder("incident") / f"{incident_id}.md"

    front = CommentedMap()
    front["id"] = incident_id
    front["title"] = title.strip()
    front["severity"] = severity
    front["status"] = "investigating"
    front["services"] = CommentedSeq(dict.fromkeys(services))
    front["services"].fa.set_flow_style()
    front["customer_impact"] = CommentedMap(
        [("scope", scope), ("description", (impact or title).strip())]
    )
    front["detection_source"] = source
    named = [
        (role, who.strip()) for role, who in {"commander": commander or "", **(roles or {})}.items()
    ]
    if any(who for _, who in named):
        front["roles"] = CommentedMap([(role, who) for role, who in named if who])
    for key, when in (("impact_started", impact_started), ("detected", detected)):
        if when is not None:
            front[key] = clock.stamp(when)
    front["declared"] = clock.stamp(declared)
    internal = level.updates.get("internal")
    announcement = compose(
        "internal",
        "investigating",
        f"{severity} declared: {title.strip()}. Commander: {commander or 'not assigned yet'}",
        next_by=declared + timedelta(minutes=internal) if internal else None,
    )
    from irdocs.incidents.roundtrip import text

    front["updates"] = CommentedSeq(
        [
            CommentedMap(
                [
                    ("at", clock.stamp(declared)),
                    ("status", "investigating"),
                    ("audience", "internal"),
                    ("message", text(announcement, 6)),
                ]
            )
        ]
    )
    draft = incident_file.new(path, front, _BODY.format(impact=(impact or title).strip()))
    if commit:
        incident_file.committable(path)  # a commit that cannot be made: nothing is written
    incident_file.save(config, draft)
    failed = None
    if commit:
        try:
            incident_file.commit(path, f"incident({incident_id}): declared {severity}")
        except IrdocsError as exc:  # the record is written: say what to post all the same
            failed = exc

    public = level.updates.get("public")
    message = first_public_message(title, declared + timedelta(minutes=public) if public else None)
    print(f"Declared {incident_id}: {severity}, investigating, at {clock.stamp(declared)}.")
    print()
    if public:
        print(f"First status-page message (public updates every {public} min for {severity}):")
    else:
        print(f"Status-page message, if you post one ({severity} needs no public updates):")
    print()
    print(f"  {message}")
    print()
    print(f"Once posted: irdocs update {incident_id} --audience public --message {quote(message)}")
    code = after_write(config, path, 0, notify, commit=commit and failed is None)
    print(display_path(path))
    if failed is not None:
        raise failed
    return code


def register(subparsers: Subparsers) -> None:
    parser = options.incident_writer(
        subparsers,
        "declare",
        "declare an incident: create its file, print the first status-page message",
        "Create incidents/<id>.md, status investigating, with a first internal update; print "
        "the first status-page message. The last line printed is the path of the new file.",
    )
    parser.add_argument("--severity", required=True, metavar="SEV", help="e.g. SEV-2")
    parser.add_argument("--title", required=True, help="what customers experience, in a few words")
    parser.add_argument(
        "--service",
        dest="services",
        action="append",
        default=[],
        metavar="NAME",
        help="an affected service (repeat for several)",
    )
    parser.add_argument("--commander", metavar="NAME", help="the incident commander")
    for flag, role in _ROLE_OPTIONS.items():
        parser.add_argument(f"--{flag}", metavar="NAME", help=f"the {role.replace('_', ' ')}")
    parser.add_argument(
        "--impact-started", action=options.TimeOption, metavar="TS", help="when impact began"
    )
    parser.add_argument(
        "--detected", action=options.TimeOption, metavar="TS", help="when it was noticed"
    )
    parser.add_argument(
        "--source",
        choices=("alert", "customer", "internal", "third-party"),
        default="alert",
        help="how it was noticed (default: alert)",
    )
    parser.add_argument(
        "--scope",
        choices=("all", "subset", "internal"),
        default="subset",
        help="who is affected (default: subset)",
    )
    parser.add_argument("--impact", metavar="TEXT", help="customer impact (default: the title)")
    options.add_at(parser, "when it is declared")
    options.add_notify(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return declare(
        title=args.title,
        severity=args.severity,
        services=args.services,
        commander=args.commander,
        roles={
            role: getattr(args, flag) for flag, role in _ROLE_OPTIONS.items() if getattr(args, flag)
        },
        impact_started=args.impact_started,
        detected=args.detected,
        source=args.source,
        scope=args.scope,
        impact=args.impact,
        at=args.at,
        commit=args.commit,
        notify=args.notify,
    )
