"""The texts the lifecycle commands print: status updates in the communication template, and
the resolution checklist, after the process pages (docs/process/communication.md, lifecycle.md).

A status update has five parts, in order: status, impact, current action, ETA, next update by.
"""

from __future__ import annotations

from datetime import datetime

from irdocs.clock import duration, utc_clock
from irdocs.config import SeverityLevel
from irdocs.documents.model import Incident
from irdocs.incidents.lifecycle import MONITORING_MINUTES, MONITORING_PERIOD, postmortem_due

AUDIENCE_WHERE = {
    "internal": "the incident channel",
    "stakeholders": "#incidents and the stakeholder e-mail list",
    "public": "the status page",
}


def first_public_message(title: str, next_by: datetime | None) -> str:
    """The first status-page message: what customers see, that we investigate, when we say more."""
    what = title.strip().rstrip(".")
    if what[:1].isupper() and not what[1:2].isupper():
        what = what[0].lower() + what[1:]
    text = f"We are investigating reports of {what}."
    return f"{text} Next update by {utc_clock(next_by)}." if next_by else text


def compose(
    audience: str,
    status: str,
    message: str,
    *,
    impact: str | None = None,
    eta: str | None = None,
    next_by: datetime | None = None,
) -> str:
    """One update in the template, as sent and recorded. The status is not written into the
    text: the status page shows it beside the message, and the update records it."""
    parts = [_sentence(impact)] if impact else []
    parts.append(_sentence(message))
    if eta:
        parts.append(_sentence(eta))
    if next_by is not None and status != "resolved" and "next update" not in message.lower():
        parts.append(f"Next update by {utc_clock(next_by)}.")
    return " ".join(parts)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text[-1:] in ".!?" else f"{text}."


def resolution_checklist(incident: Incident, level: SeverityLevel) -> list[str]:
    """The resolution criteria as a Markdown checklist; ticked where the file shows it."""
    period = MONITORING_PERIOD.get(level.name, "the monitoring period of the severity")
    minimum = MONITORING_MINUTES.get(level.name)
    monitored = (
        incident.resolved - incident.mitigated if incident.resolved and incident.mitigated else None
    )
    held = (
        monitored is not None and minimum is not None and monitored.total_seconds() >= minimum * 60
    )
    watched = (
        f"monitored for {duration(monitored)}" if monitored is not None else "no `mitigated` time"
    )
    public_final = any(u.status == "resolved" and u.audience == "public" for u in incident.updates)
    return [
        _item(incident.mitigated is not None, "customer impact stopped (`mitigated` recorded)"),
        _item(held, f"the mitigation held through monitoring: {period} ({watched})"),
        _item(False, "no customer impact remains: checked on the service dashboards"),
        _item(
            False, "every temporary mitigation left in place has a follow-up ticket for its removal"
        ),
        _item(
            public_final or "public" not in level.updates,
            "final update sent: resolved, when impact began and ended, any remedy",
        ),
    ]


def _item(done: bool, text: str) -> str:
    return f"- [{'x' if done else ' '}] {text}"


def postmortem_line(incident: Incident, level: SeverityLevel) -> str:
    due = postmortem_due(incident, level)
    if level.postmortem == "required":
        when = (
            f" by {due.isoformat()} ({level.postmortem_due_business_days} business days)"
            if due and level.postmortem_due_business_days
            else f" by {due.isoformat()}"
            if due
            else ""
        )
        return f"Postmortem required{when}: irdocs postmortem {incident.id}"
    if level.postmortem == "optional":
        return (
            f"Postmortem optional for {level.name}: "
            "write one if the commander or the owning team asks."
        )
    return f"No postmortem expected for {level.name}."
