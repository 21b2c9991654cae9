"""Read a postmortem's Timeline section (a table or a list of times and events) and compare it
with the incident's timestamps."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from irdocs.clock import in_years
from irdocs.documents.model import Incident
from irdocs.lint.document import Section

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ZONES = {"UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2}
_WHEN = (
    r"(?P<iso>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)"
    r"|(?:(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})\.?,?\s+)?(?P<hm>\d{1,2}:\d{2})(?::\d{2})?"
)
_ROW = re.compile(
    rf"^\s*(?:\|\s*|[-*+]\s+)(?:\*\*)?(?P<when>{_WHEN})(?:\s*[A-Z]{{3,4}})?(?:\*\*)?"
    r"\s*(?:\||[-:\u2013\u2014]+|\s)\s*(?P<event>.*)$"
)
_STATED_ZONE = re.compile(r"\ball times(?: are| in)? (?P<zone>UTC[+-]\d{1,2}|[A-Z]{1,4})\b", re.I)
_STATED_DATE = re.compile(r"\b(?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+) (?P<year>\d{4})\b")
MILESTONES = {
    "impact_started": re.compile(r"\bimpact (?:starts|started|begins|began)\b", re.I),
    "detected": re.compile(r"\bdetected\b", re.I),
    "acknowledged": re.compile(r"\backnowledg(?:es|ed)\b", re.I),
    "declared": re.compile(r"\bdeclared\b", re.I),
    "mitigated": re.compile(r"\bmitigated\b", re.I),
    "resolved": re.compile(r"\bincident (?:is )?resolved\b|^resolved\b", re.I),
}
"""The words by which a timeline row marks one of the incident's timestamps, looked for in the
row's first clause only: "Update to internal: SEV-1 declared" reports an update, not the
declaration."""
_FIRST_CLAUSE = re.compile(r"^[^:;.]*")


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    column: int
    text: str
    """The time as written."""
    when: datetime
    dated: bool
    """Whether the row says its date; without it only the time of day is compared."""
    event: str


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    column: int
    message: str


def rows(section: Section, incident: Incident) -> list[Row]:
    """The rows of the timeline, each with its time resolved to a datetime."""
    zone = _zone(section.text) or incident.declared.tzinfo or UTC
    first = incident.impact_started or incident.detected or incident.declared
    stated = _STATED_DATE.search(section.text)
    day = _date(stated["day"], stated["month"], stated["year"]) if stated else None
    day = day or first.astimezone(zone).date()
    found: list[Row] = []
    previous: datetime | None = None
    for offset, line in enumerate(section.text.splitlines()):
        match = _ROW.match(line)
        if match is None:
            continue
        when, dated = _when(match, day, zone)
        if when is None:
            continue
        if not dated and previous is not None and when < previous:
            when += timedelta(days=1)  # a table in time order that passes midnight
        previous = when
        day = when.date()
        found.append(
            Row(
                section.line + 1 + offset,
                match.start("when") + 1,
                match["when"],
                when,
                dated,
                match["event"],
            )
        )
    return found


def contradictions(section: Section, incident: Incident) -> Iterator[Problem]:
    """Rows that put a milestone at another time than the incident, and a start after
    detection."""
    found = rows(section, incident)
    if not found:
        return
    zone = found[0].when.tzinfo or UTC
    for row in found:
        clause = _FIRST_CLAUSE.match(row.event)
        head = clause.group() if clause else ""
        if head.lower().startswith("update"):
            continue
        for name, words in MILESTONES.items():
            recorded = getattr(incident, name)
            if recorded is None or not words.search(head):
                continue
            local = recorded.astimezone(zone)
            if row.dated:
                same = local == row.when
            else:
                same = local.strftime("%H:%M") == row.when.strftime("%H:%M")
            if not same:
                yield Problem(
                    row.line,
                    row.column,
                    f"the timeline says {name.replace('_', ' ')} at {row.text} but the "
                    f"incident's {name} is {recorded.isoformat()}; make them agree",
                )
    start = incident.impact_started or incident.detected
    if start is not None and found[0].when > start:
        field = "impact_started" if incident.impact_started else "detected"
        yield Problem(
            found[0].line,
            found[0].column,
            f"the timeline starts at {found[0].text}, after the incident's {field} "
            f"({start.isoformat()}); begin it where the impact began, or with the change that "
            "led to it",
        )


def _when(match: re.Match[str], day: date, zone: tzinfo) -> tuple[datetime | None, bool]:
    if match["iso"]:
        try:  # a month 13 or an offset of +99:00 is not a time, and not the rule's to report
            when = datetime.fromisoformat(match["iso"].replace(" ", "T").replace("Z", "+00:00"))
        except ValueError:
            return None, False
        if not in_years(when):  # a day past 9999-12-31 would overflow
            return None, False
        return (when if when.tzinfo else when.replace(tzinfo=zone)), True
    hour, minute = (int(part) for part in match["hm"].split(":"))
    if hour > 23 or minute > 59:
        return None, False
    if match["day"]:
        stated = _date(match["day"], match["month"], str(day.year))
        if stated is None:
            return None, False
        return datetime(stated.year, stated.month, stated.day, hour, minute, tzinfo=zone), True
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone), False


def _date(day: str, month: str, year: str) -> date | None:
    prefix = month[:3].lower()
    if prefix not in _MONTHS:
        return None
    try:
        stated = date(int(year), _MONTHS.index(prefix) + 1, int(day))
    except ValueError:
        return None
    return stated if in_years(stated) else None


def _zone(text: str) -> tzinfo | None:
    stated = _STATED_ZONE.search(text)
    if stated is None:
        return None
    name = stated["zone"].upper()
    if name.startswith("UTC") and len(name) > 3:
        stated_hours = int(name[3:])  # offsets run from UTC-12 to UTC+14; UTC+99 is no zone
        return timezone(timedelta(hours=stated_hours)) if -12 <= stated_hours <= 14 else None
    hours = _ZONES.get(name)
    return timezone(timedelta(hours=hours)) if hours is not None else None
