"""What a channel receives for one update: a subject, the update's text exactly as recorded and
printed, and the structured event a JSON webhook gets."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType

from irdocs import clock
from irdocs.config import Config
from irdocs.documents.model import Incident

KINDS = {"investigating": "warning", "identified": "warning", "monitoring": "info"}
"""Apprise's notification type (a chat message's colour, a page's severity) by status;
resolved is ``success``, and a declaration is always ``failure``."""


def event_of(index: int, status: str) -> str:
    """The event an update stands for: the first is the declaration, a resolved one the
    resolution, any other an update."""
    if index == 0:
        return "declare"
    return "resolve" if status == "resolved" else "update"


@dataclass(frozen=True, slots=True)
class Message:
    incident: str
    number: int
    """The update's position in the timeline, from 1 (``irdocs notify --update N``)."""
    event: str
    title: str
    body: str
    kind: str
    """Apprise's notification type: info, success, warning or failure."""
    fields: Mapping[str, str | int | None]
    """The structured event, added to a JSON webhook's payload."""
    audience: str
    severity: str


def compose(config: Config, incident: Incident, index: int, site_url: str | None) -> Message:
    update = incident.updates[index]
    event = event_of(index, update.status)
    minutes = _cadence(config, incident.severity, update.audience)
    next_by = (
        clock.stamp(update.at + timedelta(minutes=minutes))
        if minutes and update.status != "resolved"
        else None
    )
    title = f"{incident.id} ({incident.severity}) {update.status}: {incident.title}"
    kind = "failure" if event == "declare" else KINDS.get(update.status, "success")
    fields: dict[str, str | int | None] = {
        "event": event,
        "incident": incident.id,
        "incident_title": incident.title,
        "severity": incident.severity,
        "status": update.status,
        "audience": update.audience,
        "update": index + 1,
        "at": clock.stamp(update.at),
        "next_update_by": next_by,
        "url": page_url(config, incident, site_url),
    }
    return Message(
        incident.id,
        index + 1,
        event,
        title,
        update.message,
        kind,
        MappingProxyType(fields),
        update.audience,
        incident.severity,
    )


def page_url(config: Config, incident: Incident, site_url: str | None) -> str | None:
    """The incident's page on the portal (MkDocs directory URLs), or None without a site URL."""
    if not site_url:
        return None
    path = Path(os.path.abspath(incident.path))  # noqa: PTH100
    try:
        relative = path.relative_to(os.path.abspath(config.root)).with_suffix("")  # noqa: PTH100
    except ValueError:
        relative = Path(config.folders["incidents"], path.stem)
    return f"{site_url.rstrip('/')}/{relative.as_posix()}/"


def _cadence(config: Config, severity: str, audience: str) -> int | None:
    for level in config.severities:
        if level.name == severity:
            return level.updates.get(audience)
    return None
