"""The documents as frozen records, built once from front matter that passed its schema."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from irdocs.documents.timestamps import parse_date, parse_datetime

TIMESTAMP_FIELDS = (
    "impact_started",
    "detected",
    "acknowledged",
    "declared",
    "mitigated",
    "resolved",
)


def _when(value: str | None) -> datetime | None:
    return parse_datetime(value) if value is not None else None


def _day(value: str | None) -> date | None:
    return parse_date(value) if value is not None else None


@dataclass(frozen=True, slots=True)
class Update:
    at: datetime
    status: str
    audience: str
    """``internal``, ``stakeholders`` or ``public``."""
    message: str


@dataclass(frozen=True, slots=True)
class SeverityChange:
    at: datetime
    before: str
    """The severity before the change (``from`` in the document)."""
    after: str
    """The severity after it (``to``)."""
    reason: str


@dataclass(frozen=True, slots=True)
class Roles:
    commander: str | None = None
    communications_lead: str | None = None
    operations_lead: str | None = None
    scribe: str | None = None
    experts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Incident:
    path: str
    id: str
    title: str
    severity: str
    status: str
    services: tuple[str, ...]
    impact_scope: str
    impact_description: str
    detection_source: str
    roles: Roles
    impact_started: datetime | None
    detected: datetime | None
    acknowledged: datetime | None
    declared: datetime
    mitigated: datetime | None
    resolved: datetime | None
    mitigations: tuple[str, ...]
    runbooks: tuple[str, ...]
    """IDs of the runbooks used."""
    postmortem: str | None
    """Path of the postmortem from the handbook root."""
    updates: tuple[Update, ...]
    acknowledged_by: str | None = None
    """The first responder."""
    severity_changes: tuple[SeverityChange, ...] = ()

    @classmethod
    def from_front_matter(cls, path: str, data: dict[str, Any]) -> Incident:
        roles = data.get("roles", {})
        impact = data["customer_impact"]
        return cls(
            path=path,
            id=data["id"],
            title=data["title"],
            severity=data["severity"],
            status=data["status"],
            services=tuple(data["services"]),
            impact_scope=impact["scope"],
            impact_description=impact["description"],
            detection_source=data["detection_source"],
            roles=Roles(**{**roles, "experts": tuple(roles.get("experts", ()))}),
            impact_started=_when(data.get("impact_started")),
            detected=_when(data.get("detected")),
            acknowledged=_when(data.get("acknowledged")),
            declared=parse_datetime(data["declared"]),  # type: ignore[arg-type]
            mitigated=_when(data.get("mitigated")),
            resolved=_when(data.get("resolved")),
            mitigations=tuple(data.get("mitigations", ())),
            runbooks=tuple(data.get("runbooks", ())),
            postmortem=data.get("postmortem"),
            updates=tuple(
                Update(parse_datetime(u["at"]), u["status"], u["audience"], u["message"])  # type: ignore[arg-type]
                for u in data.get("updates", ())
            ),
            acknowledged_by=data.get("acknowledged_by"),
            severity_changes=tuple(
                SeverityChange(parse_datetime(c["at"]), c["from"], c["to"], c["reason"])  # type: ignore[arg-type]
                for c in data.get("severity_changes", ())
            ),
        )


@dataclass(frozen=True, slots=True)
class ActionItem:
    id: str
    title: str
    owner: str | None
    due: date | None
    priority: str | None
    type: str | None
    """``prevent``, ``mitigate``, ``detect`` or ``process``."""
    status: str
    ticket: str | None

    def overdue(self, today: date) -> bool:
        """Open, and due before ``today`` (an item due today is not overdue yet)."""
        return self.status == "open" and self.due is not None and self.due < today

    @classmethod
    def from_front_matter(cls, data: dict[str, Any]) -> ActionItem:
        return cls(
            id=data["id"],
            title=data["title"],
            owner=data.get("owner"),
            due=_day(data.get("due")),
            priority=data.get("priority"),
            type=data.get("type"),
            status=data.get("status", "open"),
            ticket=data.get("ticket"),
        )


@dataclass(frozen=True, slots=True)
class Postmortem:
    path: str
    incident: str
    """ID of the incident it is about."""
    title: str
    severity: str
    status: str
    authors: tuple[str, ...]
    reviewers: tuple[str, ...]
    review_meeting: datetime | None
    action_items: tuple[ActionItem, ...]

    @classmethod
    def from_front_matter(cls, path: str, data: dict[str, Any]) -> Postmortem:
        return cls(
            path=path,
            incident=data["incident"],
            title=data["title"],
            severity=data["severity"],
            status=data["status"],
            authors=tuple(data["authors"]),
            reviewers=tuple(data.get("reviewers", ())),
            review_meeting=_when(data.get("review_meeting")),
            action_items=tuple(
                ActionItem.from_front_matter(item) for item in data.get("action_items", ())
            ),
        )


@dataclass(frozen=True, slots=True)
class Escalation:
    who: str
    how: str


@dataclass(frozen=True, slots=True)
class Runbook:
    path: str
    id: str
    title: str
    service: str
    owner: str
    escalation: tuple[Escalation, ...]
    alerts: tuple[str, ...]
    last_reviewed: date
    review_every: int
    """Days after ``last_reviewed`` when the runbook becomes stale."""
    covers: tuple[str, ...]

    @property
    def review_due(self) -> date:
        """The last day the runbook's review still counts."""
        return self.last_reviewed + timedelta(days=self.review_every)

    @classmethod
    def from_front_matter(cls, path: str, data: dict[str, Any]) -> Runbook:
        return cls(
            path=path,
            id=data["id"],
            title=data["title"],
            service=data["service"],
            owner=data["owner"],
            escalation=tuple(Escalation(step["who"], step["how"]) for step in data["escalation"]),
            alerts=tuple(data.get("alerts", ())),
            last_reviewed=parse_date(data["last_reviewed"]),  # type: ignore[arg-type]
            review_every=data["review_every"],
            covers=tuple(data.get("covers", ())),
        )


Record = Incident | Postmortem | Runbook
RECORD_TYPES: dict[str, type[Incident] | type[Postmortem] | type[Runbook]] = {
    "incident": Incident,
    "postmortem": Postmortem,
    "runbook": Runbook,
}
