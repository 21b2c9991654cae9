"""IR2xx: incidents — status consistent with timestamps and updates, roles the severity requires,
the first public update on time. (IR201, timestamp order, is part of validation.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from irdocs.documents.model import Incident
from irdocs.finding import Finding
from irdocs.incidents.lifecycle import latest_time, missing_roles
from irdocs.incidents.vocabulary import STATUSES
from irdocs.lint.document import LintDocument
from irdocs.lint.registry import document_rule

FIRST_PUBLIC_UPDATE = timedelta(minutes=10)
"""communication.md: the first public update goes out within 10 minutes of declaration."""


def _incident(document: LintDocument) -> Incident | None:
    return document.record if isinstance(document.record, Incident) else None


@document_rule("IR202", "status-contradicts-timestamps", "incident")
def status_contradicts_timestamps(document: LintDocument) -> Iterator[Finding]:
    """The status says one stage and the timestamps another."""
    incident = _incident(document)
    if incident is None:
        return
    status = incident.status
    if status == "resolved" and incident.resolved is None:
        yield document.finding(
            "IR202",
            "status is resolved but there is no 'resolved' timestamp; add when the incident "
            "was resolved",
            at=("status",),
        )
    if status in ("monitoring", "resolved") and incident.mitigated is None:
        yield document.finding(
            "IR202",
            f"status is {status} but there is no 'mitigated' timestamp; add when the customer "
            "impact stopped",
            at=("status",),
        )
    if incident.resolved is not None and status != "resolved":
        yield document.finding(
            "IR202",
            f"'resolved' is set but status is {status}; set status: resolved, or remove "
            "'resolved' if the incident is still open",
            at=("resolved",),
        )
    elif incident.mitigated is not None and status in ("investigating", "identified"):
        yield document.finding(
            "IR202",
            f"'mitigated' is set but status is {status}; once the impact has stopped the "
            "status is monitoring",
            at=("mitigated",),
        )


@document_rule("IR203", "last-update-status-differs", "incident")
def last_update_status_differs(document: LintDocument) -> Iterator[Finding]:
    """The latest update's status is not the incident's status."""
    incident = _incident(document)
    if incident is None or not incident.updates:
        return
    index, latest = max(enumerate(incident.updates), key=lambda pair: pair[1].at)
    if latest.status != incident.status:
        yield document.finding(
            "IR203",
            f"the latest update ({latest.at.isoformat()}) says {latest.status} but status is "
            f"{incident.status}; every change of status is announced by an update",
            at=("updates", index, "status"),
        )


@document_rule("IR204", "update-out-of-order", "incident")
def update_out_of_order(document: LintDocument) -> Iterator[Finding]:
    """An update is earlier than the one before it, or than the declaration."""
    incident = _incident(document)
    if incident is None:
        return
    previous = None
    for index, update in enumerate(incident.updates):
        if update.at < incident.declared:
            yield document.finding(
                "IR204",
                f"update at {update.at.isoformat()} is before the incident was declared "
                f"({incident.declared.isoformat()}); fix its time or 'declared'",
                at=("updates", index, "at"),
            )
        elif previous is not None and update.at < previous:
            yield document.finding(
                "IR204",
                f"update at {update.at.isoformat()} comes after one at {previous.isoformat()}; "
                "keep updates in time order",
                at=("updates", index, "at"),
            )
        previous = update.at if previous is None else max(previous, update.at)


@document_rule("IR205", "status-moves-backwards", "incident")
def status_moves_backwards(document: LintDocument) -> Iterator[Finding]:
    """An update's status goes back to an earlier stage, or is ahead of the timestamps."""
    incident = _incident(document)
    if incident is None:
        return
    reached = 0
    for original, update in sorted(enumerate(incident.updates), key=lambda pair: pair[1].at):
        stage = STATUSES.index(update.status)
        if stage < reached:
            yield document.finding(
                "IR205",
                f"update at {update.at.isoformat()} says {update.status} after an update said "
                f"{STATUSES[reached]}; the status only moves forward (a recurrence is a new "
                "incident)",
                at=("updates", original, "status"),
            )
            continue
        reached = stage
        since = {"monitoring": incident.mitigated, "resolved": incident.resolved}.get(update.status)
        field = "mitigated" if update.status == "monitoring" else "resolved"
        if since is not None and update.at < since:
            yield document.finding(
                "IR205",
                f"update at {update.at.isoformat()} says {update.status} but '{field}' is "
                f"{since.isoformat()}; correct the update's status or the timestamp",
                at=("updates", original, "status"),
            )


@document_rule("IR206", "missing-role", "incident")
def missing_role(document: LintDocument) -> Iterator[Finding]:
    """A role the severity requires is not assigned, and it is due."""
    incident = _incident(document)
    if incident is None:
        return
    roles = missing_roles(incident, document.config)
    missing = list(roles.now)
    if roles.later and latest_time(incident) >= roles.due:
        missing += roles.later
    if missing:
        yield document.finding(
            "IR206",
            f"{incident.severity} incident has no {_names(missing)}; name "
            f"{'them' if len(missing) > 1 else 'one'} under roles: (see roles.md)",
            at=("roles",) if "roles" in document.data else ("severity",),
        )


@document_rule("IR208", "role-due", "incident", level="warning")
def role_due(document: LintDocument) -> Iterator[Finding]:
    """A role the severity requires is not assigned yet, and its time has not come."""
    incident = _incident(document)
    if incident is None:
        return
    roles = missing_roles(incident, document.config)
    if roles.later and latest_time(incident) < roles.due:
        yield document.finding(
            "IR208",
            f"{incident.severity} incident has no {_names(list(roles.later))} yet; name "
            f"{'them' if len(roles.later) > 1 else 'one'} under roles: by "
            f"{roles.due.isoformat()}, {document.config.roles_within_minutes} minutes after "
            "declaration (see roles.md)",
            at=("roles",) if "roles" in document.data else ("severity",),
        )


def _names(missing: list[str]) -> str:
    return " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)


@document_rule("IR207", "first-public-update-late", "incident")
def first_public_update_late(document: LintDocument) -> Iterator[Finding]:
    """The first public update came more than 10 minutes after declaration, or never."""
    incident = _incident(document)
    if incident is None:
        return
    level = next((s for s in document.config.severities if s.name == incident.severity), None)
    if level is None or "public" not in level.updates:
        return
    public = [(i, u) for i, u in enumerate(incident.updates) if u.audience == "public"]
    if not public:
        if incident.status == "resolved":
            yield document.finding(
                "IR207",
                f"a {incident.severity} incident needs public updates and this one has none; "
                "record the status page updates under updates: with audience: public",
                at=("updates",) if "updates" in document.data else ("status",),
            )
        return
    index, first = min(public, key=lambda pair: pair[1].at)
    late = first.at - incident.declared
    if late > FIRST_PUBLIC_UPDATE:
        minutes = int(late.total_seconds() // 60)
        yield document.finding(
            "IR207",
            f"the first public update came {minutes} minutes after declaration "
            f"({incident.declared.isoformat()}); it goes out within "
            f"{int(FIRST_PUBLIC_UPDATE.total_seconds() // 60)} minutes",
            at=("updates", index, "at"),
        )
