"""``irdocs impact``: say who is affected and how (``customer_impact``), as it becomes known."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from irdocs.commands import options
from irdocs.documents.reading import display_path
from irdocs.errors import UsageError
from irdocs.incidents import incident_file

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers

SCOPES = ("all", "subset", "internal")


def impact(
    reference: str,
    *,
    scope: str | None = None,
    description: str | None = None,
    commit: bool = False,
) -> int:
    """Set ``customer_impact``: the scope, the description, or both; the other part is kept."""
    from ruamel.yaml.comments import CommentedMap

    from irdocs.incidents.roundtrip import set_in_order, text

    if scope is None and description is None:
        raise UsageError(
            "say what changed: --scope all|subset|internal, --description TEXT, or both"
        )
    if description is not None and not description.strip():
        raise UsageError("--description is empty; say what customers cannot do, how many, where")
    config, draft = incident_file.open_reference(reference)
    incident = incident_file.current(config, draft)
    new_scope = scope or incident.impact_scope
    new_description = " ".join((description or incident.impact_description).split())
    if (new_scope, new_description) == (incident.impact_scope, incident.impact_description):
        print(f"{incident.id}: the customer impact is already that; nothing changed.")
        return 0
    if not isinstance(draft.front.get("customer_impact"), CommentedMap):
        draft.set("customer_impact", CommentedMap())
    current = draft.front["customer_impact"]
    order = ("scope", "description")
    set_in_order(current, "scope", new_scope, order)
    set_in_order(current, "description", text(new_description, 4), order)
    incident_file.write(config, draft, f"customer impact {new_scope}", commit_it=commit)
    print(f"{incident.id}: customer impact {new_scope}: {new_description}")
    print(f"Recorded in {display_path(draft.path)}.")
    return 0


def register(subparsers: Subparsers) -> None:
    parser = options.incident_writer(
        subparsers,
        "impact",
        "set the customer impact: scope and description",
        "Set customer_impact: its scope (all, subset, internal), its description (what affected "
        "customers cannot do, how many, where), or both; the part not given is kept.",
    )
    parser.add_argument("--scope", choices=SCOPES, help="who is affected")
    parser.add_argument(
        "--description", metavar="TEXT", help="what affected customers cannot do, how many, where"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return impact(args.id, scope=args.scope, description=args.description, commit=args.commit)
