"""``irdocs postmortem ID``: scaffold an incident's postmortem, pre-filled from the incident."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from irdocs import config as configuration
from irdocs.commands import options
from irdocs.documents import frontmatter, schema
from irdocs.documents.discovery import discover
from irdocs.documents.handbook import load
from irdocs.documents.model import Incident
from irdocs.documents.problem import DocumentProblem
from irdocs.documents.reading import display_path
from irdocs.errors import IrdocsError, UsageError
from irdocs.postmortems.commits import in_window
from irdocs.postmortems.draft import render, template_for, values, window_of
from irdocs.reporting.render import render as render_findings

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers
    from irdocs.documents.handbook import Handbook

_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def postmortem(
    incident_id: str,
    *,
    to_stdout: bool = False,
    authors: Sequence[str] = (),
    now: datetime | None = None,
) -> int:
    """Write ``postmortems/<incident_id>.md`` (or print it) and print its path; never overwrite."""
    config = configuration.find(Path.cwd())
    handbook, _ = load(config, list(discover(config)))
    incident = handbook.incidents.get(incident_id) or _by_prefix(config, handbook, incident_id)
    if incident is None:
        raise UsageError(
            f"no valid incident with ID '{incident_id}' in {config.folder('incident')}; "
            "check the ID, and run `irdocs validate` if its file has findings"
        )
    if not _FILE_NAME.fullmatch(incident.id):  # the schema's pattern says so; never trust it here
        raise UsageError(f"incident ID {incident.id!r} cannot name a file; fix the incident's id")
    destination = config.folder("postmortem") / f"{incident.id}.md"
    existing = handbook.postmortems.get(incident.id)
    if not to_stdout:
        _refuse_to_overwrite(destination, existing.path if existing else None)
    writers = list(authors) or ([incident.roles.commander] if incident.roles.commander else [])
    if not writers:
        raise UsageError(f"{incident.path} names no commander; pass --author NAME")
    start, end = window_of(incident, now or datetime.now(UTC))
    window = in_window(config.repositories, start, end)
    template = template_for(config, incident.severity)
    text = render(template, values(handbook, incident, window, writers, destination))
    _check(config, text, display_path(destination), template.source)
    if to_stdout:
        sys.stdout.write(text)
        return 0
    _create(config.root, destination, text)
    if incident.postmortem is None:
        link = _from_root(config.root, destination)
        print(f"irdocs: link it from {incident.path}: postmortem: {link}", file=sys.stderr)
    print(display_path(destination))
    return 0


def _by_prefix(config: configuration.Config, handbook: Handbook, reference: str) -> Incident | None:
    """The valid incident an unambiguous ID prefix names, active incidents first, as the
    lifecycle commands match; None when its file does not validate."""
    from irdocs.incidents.incident_file import find

    try:
        path = display_path(find(config, reference))
    except UsageError as exc:
        if str(exc).startswith("no incident matches"):
            return None  # said below, with what to check
        raise
    record = handbook.by_path.get(path)
    return record if isinstance(record, Incident) else None


def _refuse_to_overwrite(destination: Path, existing: str | None) -> None:
    if destination.exists() or existing:
        raise IrdocsError(
            f"{display_path(destination) if destination.exists() else existing} already exists; "
            "irdocs never overwrites a postmortem (edit it, or use --stdout to see a fresh one)"
        )


def _check(config: configuration.Config, text: str, path: str, source: Path) -> None:
    """The scaffold must validate before it is written: a handbook template can break it."""
    try:
        front_matter = frontmatter.parse(text)
    except DocumentProblem as problem:
        raise IrdocsError(
            f"{source}: the template gives a postmortem that cannot be read: {problem.message}"
        ) from None
    findings = list(schema.check(path, front_matter, schema.validators(config)["postmortem"]))
    if findings:
        sys.stdout.write(render_findings(findings, "text"))
        raise IrdocsError(f"{source}: the template gives an invalid postmortem; nothing written")


def _create(root: Path, destination: Path, text: str) -> None:
    """Write ``text`` to ``destination`` atomically, failing if it appeared in the meantime."""
    from irdocs.documents import atomic

    try:
        atomic.write(destination, text.encode("utf-8"), None, root=root)
    except atomic.Exists:
        _refuse_to_overwrite(destination, None)
    except atomic.Refused as refused:
        raise IrdocsError(f"{display_path(destination)}: not written: {refused}") from None


def _from_root(root: Path, path: Path) -> str:
    return Path(os.path.relpath(path.absolute(), root.absolute())).as_posix()


def register(subparsers: Subparsers) -> None:
    parser = options.command(
        subparsers,
        "postmortem",
        "scaffold an incident's postmortem, pre-filled from the incident",
        "Write postmortems/ID.md as a draft from the template for the incident's "
        "severity, filled with what the incident records and the commits in the incident window "
        "of the configured repositories; the sections people must write are marked TODO. "
        "Prints the path as the last line; never overwrites.",
    )
    parser.add_argument("incident", metavar="ID", help="the incident's ID or an unambiguous prefix")
    parser.add_argument(
        "--stdout", action="store_true", help="print the postmortem instead of writing it"
    )
    parser.add_argument(
        "--author",
        action="append",
        default=[],
        metavar="NAME",
        help="an author (repeatable; default: the incident's commander)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return postmortem(args.incident, to_stdout=args.stdout, authors=args.author)
