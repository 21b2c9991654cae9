"""The incident lifecycle as pure functions: statuses, update cadence, what is overdue, IDs.

Everything here takes records and the severity policy and returns values; ``irdocs status``,
the writing commands and the portal share it.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from irdocs.clock import utc_clock
from irdocs.config import Config, SeverityLevel
from irdocs.documents.model import Incident, Postmortem, Update
from irdocs.documents.postmortem_policy import add_business_days, due_at_level
from irdocs.incidents.vocabulary import AUDIENCES, STATUSES

MAJOR_ROLES = ("communications_lead", "operations_lead", "scribe")
"""roles.md: what the commander names for the severities that require a postmortem."""

MONITORING_PERIOD = {
    "SEV-1": "60 minutes, or longer when remedies such as refunds are still running",
    "SEV-2": "60 minutes",
    "SEV-3": "30 minutes",
    "SEV-4": "until the follow-up fix ships, or one business day",
}
"""The minimum monitoring period before resolving, from the lifecycle process page."""
MONITORING_MINUTES = {"SEV-1": 60, "SEV-2": 60, "SEV-3": 30}

FUTURE_TOLERANCE = timedelta(minutes=5)
"""How far ahead of the clock a recorded time may be: clocks drift, plans are not records."""

_SLUG_WORDS = 6
_SLUG_CHARS = 40
_SUFFIX_BYTES = 2
"""Random bytes at the end of every minted ID: four hex digits, 65,536 values per date and slug."""


@dataclass(frozen=True, slots=True)
class Overdue:
    """One thing ``irdocs status`` reports as late."""

    kind: str
    """``update``, ``acknowledgement``, ``commander``, ``roles`` or ``postmortem``."""
    message: str
    # annotations are never evaluated here (``from __future__ import annotations``)
    due: datetime | None = None  # pragma: no mutate
    audience: str | None = None  # pragma: no mutate


def level_of(config: Config, severity: str) -> SeverityLevel:
    for level in config.severities:
        if level.name == severity:
            return level
    raise KeyError(severity)  # validation guarantees the severity is on the scale


def check_transition(current: str, new: str) -> str | None:
    """Why the status cannot move from ``current`` to ``new``, or None when it can."""
    if STATUSES.index(new) >= STATUSES.index(current):
        return None
    if current == "resolved":
        return "it is resolved; a recurrence is a new incident (irdocs declare)"
    return f"the status only moves forward ({' → '.join(STATUSES)}); it is {current}"


def check_update_time(incident: Incident, when: datetime, now: datetime) -> str | None:
    """Why an update cannot be recorded at ``when``, or None when it can: it may not come
    before the declaration or the latest update (IR204), nor more than
    ``FUTURE_TOLERANCE`` after ``now``."""
    if when < incident.declared:
        return f"it is before the declaration ({incident.declared.isoformat()})"
    if incident.updates:
        latest = max(update.at for update in incident.updates)
        if when < latest:
            return f"it is before the latest update ({latest.isoformat()})"
    if when > now + FUTURE_TOLERANCE:
        limit = FUTURE_TOLERANCE // timedelta(minutes=1)
        return f"it is more than {limit} minutes in the future (now {now.isoformat()})"
    return None


def last_update(incident: Incident, audience: str) -> Update | None:
    updates = [u for u in incident.updates if u.audience == audience]
    return max(updates, key=lambda u: u.at) if updates else None


def next_update_due(incident: Incident, level: SeverityLevel, audience: str) -> datetime | None:
    """When the next update for ``audience`` is due: the last one (or the declaration) plus the
    severity's cadence; None when the audience has no cadence or the incident is resolved."""
    minutes = level.updates.get(audience)
    if minutes is None or incident.status == "resolved":
        return None
    last = last_update(incident, audience)
    return (last.at if last else incident.declared) + timedelta(minutes=minutes)


def acknowledge_due(incident: Incident, level: SeverityLevel) -> datetime | None:
    """When acknowledgement is due: detection (or declaration) plus the severity's target."""
    start = incident.detected or incident.declared
    if level.acknowledge_minutes is not None:
        return start + timedelta(minutes=level.acknowledge_minutes)
    if level.acknowledge_business_days is not None:
        day = add_business_days(start.date(), level.acknowledge_business_days)
        return start.replace(year=day.year, month=day.month, day=day.day)
    return None


def needs_commander(level: SeverityLevel) -> bool:
    """A commander is expected on the severities whose postmortem is required (SEV-1, SEV-2)."""
    return level.postmortem == "required"


@dataclass(frozen=True, slots=True)
class MissingRoles:
    """The roles an incident has not named: those due from declaration, and the rest with the
    time they are due by."""

    now: tuple[str, ...]
    later: tuple[str, ...]
    due: datetime


def missing_roles(incident: Incident, config: Config) -> MissingRoles:
    """What roles.md asks and the incident lacks: a commander from declaration; for the
    severities whose postmortem is required, the other major roles within
    ``config.roles_within_minutes`` of declaration, or of the change that raised the
    severity to such a level."""
    required = {level.name for level in config.severities if needs_commander(level)}
    since = incident.declared
    for change in sorted(incident.severity_changes, key=lambda c: c.at):
        if change.after in required and change.before not in required:
            since = max(since, change.at)
    now = tuple(r for r in ("commander",) if getattr(incident.roles, r) is None)
    later: tuple[str, ...] = ()
    if incident.severity in required:
        later = tuple(r for r in MAJOR_ROLES if getattr(incident.roles, r) is None)
    return MissingRoles(now, later, since + timedelta(minutes=config.roles_within_minutes))


def latest_time(incident: Incident) -> datetime:
    """The latest time the incident's file records: its own clock, which makes what a lint
    rule says of it depend on its content only."""
    times = [incident.declared, *(u.at for u in incident.updates)]
    times += [c.at for c in incident.severity_changes]
    times += [
        when
        for when in (incident.acknowledged, incident.mitigated, incident.resolved)
        if when is not None
    ]
    return max(times)


def postmortem_due(incident: Incident, level: SeverityLevel) -> date | None:
    """The day a required postmortem is due, as the postmortem policy (IR503) computes it."""
    return due_at_level(level, incident.resolved)


def overdue(
    incident: Incident,
    level: SeverityLevel,
    at: datetime,
    postmortem: Postmortem | None = None,
    config: Config | None = None,
) -> list[Overdue]:
    """Everything about ``incident`` that is late at ``at``."""
    late: list[Overdue] = []
    if incident.status != "resolved":
        for audience in AUDIENCES:
            due = next_update_due(incident, level, audience)
            if due is not None and due < at:
                last = last_update(incident, audience)
                since = f"last at {stamp_utc(last.at)}" if last else "none yet"
                late.append(
                    Overdue(
                        "update",
                        f"{audience} update overdue since {stamp_utc(due)} ({since}; "
                        f"every {level.updates[audience]} min for {level.name})",
                        due,
                        audience,
                    )
                )
        due = acknowledge_due(incident, level)
        if incident.acknowledged is None and due is not None and due < at:
            late.append(
                Overdue("acknowledgement", f"not acknowledged; due by {stamp_utc(due)}", due)
            )
        if needs_commander(level) and incident.roles.commander is None:
            late.append(Overdue("commander", f"no commander; {level.name} needs one"))
        roles = missing_roles(incident, config) if config is not None else None
        if roles is not None and roles.later and roles.due < at:
            names = [role.replace("_", " ") for role in roles.later]
            named = " and ".join(filter(None, [", ".join(names[:-1]), names[-1]]))
            late.append(Overdue("roles", f"no {named}; due by {stamp_utc(roles.due)}", roles.due))
    pm_due = postmortem_due(incident, level)
    published = postmortem is not None and postmortem.status == "published"
    if pm_due is not None and not published and pm_due < at.date():
        what = "not written" if postmortem is None else postmortem.status
        late.append(
            Overdue(
                "postmortem",
                f"postmortem overdue since {pm_due.isoformat()} ({what})",
                datetime.combine(pm_due, datetime.min.time(), at.tzinfo),
            )
        )
    return late


def stamp_utc(when: datetime) -> str:
    """``2026-03-04 10:20 UTC``."""
    return f"{when.astimezone(UTC):%Y-%m-%d} {utc_clock(when)}"


def slug(title: str) -> str:
    """``checkout-errors-in-eu`` for "Checkout errors in EU": ASCII words, at most six."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())[:_SLUG_WORDS]
    text = "-".join(words)[:_SLUG_CHARS].removesuffix("-")  # words never start with "-"
    return text or "incident"


def mint_id(day: date, title: str, taken: Collection[str], token: str | None = None) -> str:
    """A new ID: ``INC-<day>-<slug>-<4 hex digits>``.

    The random suffix keeps IDs unique when engineers declare at once on different branches,
    which cannot see each other's files; ``taken`` (IDs of this checkout) rules out the rest.
    """
    base = f"INC-{day.isoformat()}-{slug(title)}"
    for _ in range(100):  # pragma: no mutate - any number of tries of 65,536 suffixes will do
        candidate = f"{base}-{token or secrets.token_hex(_SUFFIX_BYTES)}"
        if candidate not in taken:
            return candidate
        token = None  # pragma: no mutate - None and "" both mean "draw one at random"
    raise RuntimeError(f"no free ID for {base}")  # pragma: no cover, no mutate - 65,536 suffixes
