"""Metric statistics match a straightforward reference of docs/metrics.md (property-based).

The reference below is written from the documentation, not from ``irdocs.metrics``: a duration is
``end - start`` in minutes when both are present and in order, else the incident is excluded
with the reason the docs give; the mean is the sum over the count, the median the middle value
(or the mean of the two middle ones), the p90 linear between the closest ranks at position
0.9 * (n - 1); an incident's day is the UTC day of ``impact_started`` (else ``declared``); groups
are the severity scale (at the highest severity reached, empty levels kept), the services
(config's then the others, by name, an incident in each of its services) and every UTC month or
quarter from the first incident's to the last's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from irdocs import config, metrics
from irdocs.documents.handbook import Handbook
from irdocs.documents.model import TIMESTAMP_FIELDS, Incident, Roles, SeverityChange

SETTINGS = config.load(
    None,
    {
        "services": ["checkout", "payments"],
        "metrics": [  # one along the incident's order, one against it: out-of-order exclusions
            {
                "name": "time_to_declare",
                "title": "time to declare",
                "from": "detected",
                "to": "declared",
            },
            {"name": "backwards", "title": "backwards", "from": "resolved", "to": "mitigated"},
        ],
    },
    root=Path("/"),
)
SCALE = SETTINGS.severity_names
SERVICES = ["checkout", "payments", "search", "identity"]  # two of them not in the config
TODAY = date(2026, 11, 28)
EPOCH = datetime(2025, 11, 20, tzinfo=UTC)
PAIRS = {
    "mttd": ("impact_started", "detected"),
    "mtta": ("detected", "acknowledged"),
    "mttr": ("impact_started", "mitigated"),
    "time_to_resolve": ("impact_started", "resolved"),
    "time_to_declare": ("detected", "declared"),
    "backwards": ("resolved", "mitigated"),
}


# --- the reference ---------------------------------------------------------------------------


def duration(incident: Incident, metric: str) -> float | str:
    """Minutes from start to end, or the reason the incident is excluded."""
    start, end = PAIRS[metric]
    began, ended = getattr(incident, start), getattr(incident, end)
    missing = [name for name, at in ((start, began), (end, ended)) if at is None]
    if missing:
        return "missing " + ", ".join(missing)
    if ended < began:
        return f"out of order: {end} before {start}"
    return (ended - began).total_seconds() / 60


def median(values: Sequence[float]) -> float:
    ordered, middle = sorted(values), len(values) // 2
    if len(values) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def p90(values: Sequence[float]) -> float:
    ordered = sorted(values)
    position = 0.9 * (len(ordered) - 1)
    below = math.floor(position)
    if below + 1 >= len(ordered):
        return ordered[below]
    return ordered[below] + (position - below) * (ordered[below + 1] - ordered[below])


def statistics(
    incidents: Sequence[Incident], metric: str
) -> tuple[int, float | None, float | None, float | None, list[tuple[str, str]]]:
    values = [v for i in incidents if isinstance(v := duration(i, metric), float)]
    excluded = sorted((i.id, v) for i in incidents if isinstance(v := duration(i, metric), str))
    if not values:
        return 0, None, None, None, excluded
    return len(values), sum(values) / len(values), median(values), p90(values), excluded


def utc_day(incident: Incident) -> date:
    when = incident.impact_started if incident.impact_started is not None else incident.declared
    return when.astimezone(UTC).date()


def highest(incident: Incident) -> str:
    reached = {incident.severity} | {
        level for change in incident.severity_changes for level in (change.before, change.after)
    }
    return next((level for level in SCALE if level in reached), min(reached))


def periods(first: date, last: date, by: str) -> list[str]:
    names: list[str] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        name = f"{year}-{month:02d}" if by == "month" else f"{year}-Q{(month + 2) // 3}"
        if name not in names:
            names.append(name)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return names


def groups(incidents: Sequence[Incident], by: str) -> dict[str, list[Incident]]:
    if by == "severity":
        unknown = sorted({highest(i) for i in incidents} - set(SCALE))
        return {
            level: [i for i in incidents if highest(i) == level] for level in [*SCALE, *unknown]
        }
    if by == "service":
        named = {service for i in incidents for service in i.services}
        others = sorted(named - set(SETTINGS.services))
        return {
            service: [i for i in incidents if service in i.services]
            for service in [*sorted(SETTINGS.services), *others]
        }
    if not incidents:
        return {}
    days = [utc_day(i) for i in incidents]
    label = {
        "month": lambda day: f"{day.year}-{day.month:02d}",
        "quarter": lambda day: f"{day.year}-Q{(day.month + 2) // 3}",
    }[by]
    return {
        name: [i for i in incidents if label(utc_day(i)) == name]
        for name in periods(min(days), max(days), by)
    }


# --- the incidents ---------------------------------------------------------------------------

offsets = st.integers(min_value=-48, max_value=56).map(
    lambda q: timezone(timedelta(minutes=15 * q))
)


@st.composite
def incidents(draw: st.DrawFn, number: int) -> Incident:
    # Around a year of incidents, crossing year and quarter ends; times to the second, at
    # any offset; each timestamp present or not (declared always is), in any order.
    base = EPOCH + timedelta(minutes=draw(st.integers(min_value=0, max_value=400 * 24 * 60)))
    stamps: dict[str, datetime | None] = {}
    for name in TIMESTAMP_FIELDS:
        if name != "declared" and draw(st.booleans()):
            stamps[name] = None
            continue
        seconds = draw(st.sampled_from([0, 60, 600]) | st.integers(-3 * 3600, 3 * 3600))
        stamps[name] = (base + timedelta(seconds=seconds)).astimezone(draw(offsets))
    severity = draw(st.sampled_from([*SCALE, "SEV-9"]))  # a level not on the scale ranks last
    changes = tuple(
        SeverityChange(base, before, after, "re-evaluated")
        for before, after in draw(
            st.lists(st.tuples(st.sampled_from(SCALE), st.sampled_from(SCALE)), max_size=2)
        )
    )
    return Incident(
        path=f"incidents/{number}.md",
        id=f"INC-{number:04d}",
        title="An incident",
        severity=severity,
        status=draw(st.sampled_from(["investigating", "monitoring", "resolved"])),
        services=tuple(
            draw(st.lists(st.sampled_from(SERVICES), min_size=1, max_size=3, unique=True))
        ),
        impact_scope="subset",
        impact_description="Something broke.",
        detection_source="alert",
        roles=Roles(),
        impact_started=stamps["impact_started"],
        detected=stamps["detected"],
        acknowledged=stamps["acknowledged"],
        declared=stamps["declared"],  # type: ignore[arg-type]
        mitigated=stamps["mitigated"],
        resolved=stamps["resolved"],
        mitigations=(),
        runbooks=(),
        postmortem=None,
        updates=(),
        severity_changes=changes,
    )


@st.composite
def handbooks(draw: st.DrawFn) -> list[Incident]:
    size = draw(st.integers(min_value=0, max_value=12))
    return [draw(incidents(number)) for number in range(size)]


windows = st.none() | st.dates(min_value=date(2025, 11, 1), max_value=date(2027, 1, 31))


def measured(summary: metrics.Summary) -> tuple[object, ...]:
    excluded = sorted((e.incident, e.reason) for e in summary.exclusions)
    return summary.count, summary.mean, summary.median, summary.p90, excluded


def expected(chosen: Sequence[Incident], metric: str) -> tuple[object, ...]:
    count, mean, middle, ninetieth, excluded = statistics(chosen, metric)
    approx = [
        None if v is None else pytest.approx(v, rel=1e-9, abs=1e-9)
        for v in (mean, middle, ninetieth)
    ]
    return count, *approx, excluded


@given(
    handbooks(),
    windows,
    windows,
    st.sampled_from([None, "severity", "service", "month", "quarter"]),
)
def test_report_matches_the_reference(
    records: list[Incident], since: date | None, until: date | None, by: str | None
) -> None:
    handbook = Handbook(
        SETTINGS,
        (),
        MappingProxyType({incident.id: incident for incident in records}),
        MappingProxyType({}),
        MappingProxyType({}),
    )
    result = metrics.report(handbook, today=TODAY, since=since, until=until, by=by)

    chosen = [
        i
        for i in records
        if (since is None or since <= utc_day(i)) and (until is None or utc_day(i) <= until)
    ]
    days = sorted(utc_day(i) for i in chosen)
    assert (result.first, result.last) == ((days[0], days[-1]) if days else (None, None))
    assert [s.metric.name for s in result.summaries] == list(PAIRS)
    for summary in result.summaries:
        assert measured(summary) == expected(chosen, summary.metric.name), summary.metric.name
    assert result.counts.incidents == len(chosen)
    assert result.counts.open == sum(i.status != "resolved" for i in chosen)
    by_severity = {level: len(members) for level, members in groups(chosen, "severity").items()}
    assert dict(result.counts.by_severity) == by_severity

    want = groups(chosen, by) if by else {}
    assert [group.name for group in result.groups] == list(want)
    for group in result.groups:
        members = want[group.name]
        assert group.counts.incidents == len(members), group.name
        for summary in group.summaries:
            assert measured(summary) == expected(members, summary.metric.name), (
                group.name,
                summary.metric.name,
            )
