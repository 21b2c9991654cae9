"""The postmortem policy from config: which severities need a postmortem, and by when.

A required postmortem is due ``postmortem_due_business_days`` business days (Monday to Friday)
after the day the incident was resolved, on the date of ``resolved`` as written (in its own
offset); a severity that requires one without saying when needs it the day it is resolved. It is
*missing* (IR503) when no postmortem for the incident exists after that day, and *late* (IR504)
when one exists but is not ``published`` after that day. Before the due date neither is a
finding: the pull request that resolves an incident stays green, and the postmortem gets its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from irdocs.config import Config, SeverityLevel
from irdocs.documents.frontmatter import FrontMatter
from irdocs.documents.model import Incident, Postmortem, Record
from irdocs.documents.yamltree import Position
from irdocs.finding import Finding


@dataclass(frozen=True, slots=True)
class Facts:
    """What the policy needs of one valid incident or postmortem, and where a finding about it
    goes; small enough to send back from a worker process."""

    kind: str
    """``incident`` or ``postmortem``."""
    path: str
    incident: str
    """The incident's ID (for a postmortem, the incident it is about)."""
    status: str
    """The postmortem's review status; for an incident, its status."""
    field: str
    """The field a finding about this document is reported at."""
    position: Position
    # only an incident's facts carry these; a postmortem's are never read, so a mutant of the
    # defaults (or of the annotations, which are not evaluated) is equivalent
    severity: str | None = None  # pragma: no mutate
    resolved: datetime | None = None  # pragma: no mutate


def facts(front_matter: FrontMatter, record: Record) -> Facts | None:
    """The policy's facts about a valid document; None for a runbook."""
    if isinstance(record, Incident):
        field = reported_at(record)
        return Facts(
            "incident",
            record.path,
            record.id,
            record.status,
            field,
            front_matter.position((field,)),
            record.severity,
            record.resolved,
        )
    if isinstance(record, Postmortem):
        return Facts(
            "postmortem",
            record.path,
            record.incident,
            record.status,
            "status",
            front_matter.position(("status",)),
        )
    return None


def reported_at(incident: Incident) -> str:
    """The field a finding about ``incident``'s postmortem points at: the link to it, if any."""
    return "postmortem" if incident.postmortem else "resolved"


def level(config: Config, severity: str) -> SeverityLevel | None:
    return next((level for level in config.severities if level.name == severity), None)


def add_business_days(start: date, days: int) -> date:
    """The day ``days`` business days (Monday to Friday) after ``start``; no holidays."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        days -= day.weekday() < 5
    return day


def due(config: Config, severity: str, resolved: datetime | None) -> date | None:
    """When the postmortem of an incident of ``severity`` resolved at ``resolved`` is due; None
    when the severity does not require one or the incident is not resolved."""
    found = level(config, severity)
    return None if found is None else due_at_level(found, resolved)


def due_at_level(found: SeverityLevel, resolved: datetime | None) -> date | None:
    """As ``due``, for a severity level already looked up."""
    if found.postmortem != "required" or resolved is None:
        return None
    return add_business_days(resolved.date(), found.postmortem_due_business_days or 0)


def postmortem_due(config: Config, incident: Incident) -> date | None:
    """When ``incident``'s postmortem is due; None when it needs none or is not resolved."""
    return due(config, incident.severity, incident.resolved)


def check(
    config: Config, documents: Iterable[Facts], written: Set[str], today: date
) -> Iterator[Finding]:
    """IR503 at each incident whose required postmortem is missing after its due date, and IR504
    at each unpublished postmortem of an incident whose postmortem is past its due date.

    ``written`` holds the IDs of the incidents any postmortem document claims, valid or not."""
    incidents: list[Facts] = []
    postmortems: dict[str, list[Facts]] = defaultdict(list)
    for document in documents:
        if document.kind == "incident":
            incidents.append(document)
        else:
            postmortems[document.incident].append(document)
    for incident in incidents:
        assert incident.severity is not None  # an incident's facts always carry it
        deadline = due(config, incident.severity, incident.resolved)
        if deadline is None or today <= deadline:
            continue
        if incident.incident not in written:
            yield _missing(config, incident, deadline)
            continue
        reviews = postmortems.get(incident.incident, [])
        if not any(postmortem.status == "published" for postmortem in reviews):
            yield from (_late(config, incident, deadline, postmortem) for postmortem in reviews)


def _when(config: Config, incident: Facts, deadline: date) -> str:
    # for mypy: a deadline exists only for an incident with both (its mutants are equivalent)
    assert incident.severity is not None and incident.resolved is not None  # pragma: no mutate
    found = level(config, incident.severity)
    # a deadline exists only for a severity on the scale: ``else 0`` is never taken
    days = (found.postmortem_due_business_days or 0) if found else 0  # pragma: no mutate
    after = f"{days} business day{'s' if days != 1 else ''} after" if days else "on the day"
    return f"due {deadline} ({after} it was resolved on {incident.resolved.date()})"


def _missing(config: Config, incident: Facts, deadline: date) -> Finding:
    line, column = incident.position
    return Finding(
        incident.path,
        line,
        column,
        "IR503",
        f"{incident.field}: this {incident.severity} incident requires a postmortem, "
        f"{_when(config, incident, deadline)}, and there is none; "
        f"run `irdocs postmortem {incident.incident}`",
    )


def _late(config: Config, incident: Facts, deadline: date, postmortem: Facts) -> Finding:
    line, column = postmortem.position
    return Finding(
        postmortem.path,
        line,
        column,
        "IR504",
        f"{postmortem.field}: still {postmortem.status}; the postmortem of this "
        f"{incident.severity} incident was {_when(config, incident, deadline)}; "
        "finish the review and set status: published",
    )
