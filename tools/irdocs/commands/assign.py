"""``irdocs assign``: give an incident role to someone."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from irdocs.commands import options
from irdocs.documents.reading import display_path
from irdocs.incidents import incident_file
from irdocs.incidents.vocabulary import ROLES

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers


def assign(reference: str, *, role: str, who: str, commit: bool = False) -> int:
    """Set a role; ``expert`` adds to the experts instead of replacing."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from irdocs.incidents.roundtrip import append, set_in_order

    config, draft = incident_file.open_reference(reference)
    incident = incident_file.current(config, draft)
    who = who.strip()
    if "roles" not in draft.front:
        draft.set("roles", CommentedMap())
    roles = draft.front["roles"]
    order = ("commander", "communications_lead", "operations_lead", "scribe", "experts")
    if role == "expert":
        if who in incident.roles.experts:
            print(f"{who} is already an expert on {incident.id}; nothing changed.")
            return 0
        if "experts" not in roles:
            experts = CommentedSeq()
            experts.fa.set_flow_style()
            set_in_order(roles, "experts", experts, order)
        append(roles["experts"], who)
        change = f"{who} joins as expert"
    else:
        before = getattr(incident.roles, role)
        if before == who:
            print(f"{who} is already {_label(role)} of {incident.id}; nothing changed.")
            return 0
        set_in_order(roles, role, who, order)
        change = f"{_label(role)} {who}" + (f" (was {before})" if before else "")
    incident_file.write(config, draft, change, commit_it=commit)
    print(f"{incident.id}: {change}.")
    print(f"Recorded in {display_path(draft.path)}.")
    return 0


def _label(role: str) -> str:
    return role.replace("_", " ")


def register(subparsers: Subparsers) -> None:
    parser = options.incident_writer(
        subparsers,
        "assign",
        "give an incident role to someone",
        "Set a role under roles:; expert adds to the experts.",
    )
    parser.add_argument(
        "--role",
        required=True,
        choices=ROLES,
    )
    parser.add_argument("--who", required=True, metavar="NAME")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return assign(args.id, role=args.role, who=args.who, commit=args.commit)
