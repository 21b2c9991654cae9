"""Metrics over the model: named durations with every exclusion stated, and counts, by group.

Pure functions: a Handbook in, frozen records out. Durations are in minutes; an incident that
cannot be measured (a timestamp missing, or the pair out of order) is excluded with its reason,
never estimated from another timestamp.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from operator import attrgetter

from irdocs.config import Config, MetricDefinition
from irdocs.documents.handbook import Handbook
from irdocs.documents.model import Incident, Postmortem

MINUS = "\u2212"
BUILT_IN = (
    MetricDefinition("mttd", "MTTD", "impact_started", "detected", "time to detect"),
    MetricDefinition("mtta", "MTTA", "detected", "acknowledged", "time to acknowledge"),
    MetricDefinition("mttr", "MTTR", "impact_started", "mitigated", "time to restore"),
    MetricDefinition("time_to_resolve", "time to resolve", "impact_started", "resolved"),
)
GROUPINGS = ("severity", "service", "month", "quarter")
BY_HIGHEST_SEVERITY = (
    "By severity means by the highest severity an incident reached: declared SEV-2 and raised "
    "to SEV-1, it counts as SEV-1."
)
"""Printed beside the numbers wherever they are split by severity (CLI and portal)."""


def formula(definition: MetricDefinition) -> str:
    """How the metric is computed, e.g. ``mitigated \u2212 impact_started``."""
    return f"{definition.end} {MINUS} {definition.start}"


@dataclass(frozen=True, slots=True)
class Exclusion:
    incident: str
    metric: str
    reason: str
    """``missing detected``, ``missing impact_started, detected`` or
    ``out of order: mitigated before impact_started``."""


@dataclass(frozen=True, slots=True)
class Summary:
    """One metric over some incidents; the statistics are None when nothing was measured."""

    metric: MetricDefinition
    count: int
    mean: float | None
    median: float | None
    p90: float | None
    exclusions: tuple[Exclusion, ...]


@dataclass(frozen=True, slots=True)
class Counts:
    incidents: int
    by_severity: tuple[tuple[str, int], ...]
    by_service: tuple[tuple[str, int], ...]
    """An incident in two services counts for both."""
    open: int
    """Incidents not resolved."""
    postmortems_required: int
    """Incidents whose severity requires a postmortem."""
    postmortems_done: int
    """Of those, the ones with a published postmortem."""
    postmortems_missing: int
    """Of those, the ones with no postmortem at all (the rest are in progress)."""
    action_items_open: int
    action_items_overdue: int
    """Open, and due before ``today``."""
    action_items_closed: int
    """Done or won't do."""


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    summaries: tuple[Summary, ...]
    counts: Counts


@dataclass(frozen=True, slots=True)
class Report:
    since: date | None
    until: date | None
    today: date
    first: date | None
    """The UTC day of the earliest incident selected; None when none was."""
    last: date | None
    definitions: tuple[MetricDefinition, ...]
    summaries: tuple[Summary, ...]
    counts: Counts
    by: str | None
    groups: tuple[Group, ...]
    """Empty without ``by``."""


def definitions(config: Config) -> tuple[MetricDefinition, ...]:
    return BUILT_IN + config.metrics


def report(
    handbook: Handbook,
    *,
    today: date,
    since: date | None = None,
    until: date | None = None,
    by: str | None = None,
) -> Report:
    """Every metric and count over the incidents selected by ``since`` and ``until`` (inclusive)."""
    config, postmortems = handbook.config, handbook.postmortems
    chosen = select(handbook.incidents.values(), since, until)
    metrics = definitions(config)
    measured = [_measure(metric, chosen) for metric in metrics]  # once: groups reuse them
    groups = []
    for name, indices in _group_indices(chosen, by, config) if by else ():
        members = [chosen[index] for index in indices]
        summaries = (
            _summary(metric, [values[index] for index in indices])
            # one list per metric, by construction: strict cannot fail, so its mutant is equivalent
            for metric, values in zip(metrics, measured, strict=True)  # pragma: no mutate
        )
        groups.append(Group(name, tuple(summaries), count(members, postmortems, config, today)))
    return Report(
        since=since,
        until=until,
        today=today,
        first=day(chosen[0]) if chosen else None,
        last=day(chosen[-1]) if chosen else None,
        definitions=metrics,
        summaries=tuple(map(_summary, metrics, measured)),
        counts=count(chosen, postmortems, config, today),
        by=by,
        groups=tuple(groups),
    )


def selected_at(incident: Incident) -> datetime:
    """When an incident counts as happening: ``impact_started``, or ``declared`` without it."""
    return incident.impact_started or incident.declared


def day(incident: Incident) -> date:
    """The UTC day of ``selected_at``: what windows and periods go by."""
    return selected_at(incident).astimezone(UTC).date()


def select(
    incidents: Iterable[Incident], since: date | None, until: date | None
) -> tuple[Incident, ...]:
    """The incidents whose UTC day is within ``since`` … ``until``, in order of that time."""
    chosen = list(incidents)
    if since is not None or until is not None:
        first, last = since or date.min, until or date.max
        chosen = [incident for incident in chosen if first <= day(incident) <= last]
    # By ID, then (stably) by time as a float: comparing datetimes with different offsets, or
    # tuples of keys, costs several times more over 100,000 incidents.
    by_id = sorted(chosen, key=attrgetter("id"))
    return tuple(sorted(by_id, key=lambda incident: selected_at(incident).timestamp()))


def summarize(metric: MetricDefinition, incidents: Sequence[Incident]) -> Summary:
    """Count, mean, median and p90 in minutes, and the incidents that could not be measured."""
    return _summary(metric, _measure(metric, incidents))


def _measure(metric: MetricDefinition, incidents: Sequence[Incident]) -> list[float | Exclusion]:
    """For each incident, its duration in minutes, or why it cannot be measured."""
    start, end = attrgetter(metric.start), attrgetter(metric.end)
    measured: list[float | Exclusion] = []  # pragma: no mutate - an annotation, not evaluated
    for incident in incidents:
        began, ended = start(incident), end(incident)
        if began is not None and ended is not None and ended >= began:
            measured.append((ended - began).total_seconds() / 60)
        else:
            measured.append(Exclusion(incident.id, metric.name, _reason(metric, began, ended)))
    return measured


def _summary(metric: MetricDefinition, measured: Sequence[float | Exclusion]) -> Summary:
    values = [value for value in measured if type(value) is float]
    exclusions = tuple(value for value in measured if type(value) is Exclusion)
    return Summary(metric, len(values), *_statistics(values), exclusions)


def _reason(metric: MetricDefinition, began: datetime | None, ended: datetime | None) -> str:
    missing = [name for name, at in ((metric.start, began), (metric.end, ended)) if at is None]
    if missing:
        return f"missing {', '.join(missing)}"
    return f"out of order: {metric.end} before {metric.start}"


def _statistics(values: Sequence[float]) -> tuple[float | None, float | None, float | None]:
    if not values:
        return None, None, None
    ordered = sorted(values)  # median and quantiles sort again, but sorted input is linear
    p90 = ordered[0]  # quantiles needs two values; the p90 of one value is that value
    if len(ordered) > 1:
        p90 = statistics.quantiles(ordered, n=10, method="inclusive")[-1]
    return statistics.fmean(ordered), statistics.median(ordered), p90


def count(
    incidents: Sequence[Incident],
    postmortems: Mapping[str, Postmortem],
    config: Config,
    today: date,
) -> Counts:
    """Incidents, postmortems and their action items, over ``incidents``."""
    required = {level.name for level in config.severities if level.postmortem == "required"}
    still_open = needing = done = missing = items_open = overdue = closed = 0
    for incident in incidents:
        still_open += incident.status != "resolved"
        postmortem = postmortems.get(incident.id)
        if incident.severity in required:
            needing += 1
            missing += postmortem is None
            done += postmortem is not None and postmortem.status == "published"
        for item in postmortem.action_items if postmortem else ():
            items_open += item.status == "open"
            overdue += item.overdue(today)
            closed += item.status in ("done", "wont-do")
    return Counts(
        incidents=len(incidents),
        by_severity=_tally(
            (highest_severity(i, config.severity_names) for i in incidents),
            config.severity_names,
        ),
        by_service=_tally((s for i in incidents for s in i.services), sorted(config.services)),
        open=still_open,
        postmortems_required=needing,
        postmortems_done=done,
        postmortems_missing=missing,
        action_items_open=items_open,
        action_items_overdue=overdue,
        action_items_closed=closed,
    )


def _group_indices(
    incidents: Sequence[Incident], by: str, config: Config
) -> list[tuple[str, list[int]]]:
    """The positions in ``incidents`` by severity (in scale order), service (by name; an incident
    in two services is in both) or the UTC month or quarter of ``selected_at`` (every period from
    the first to the last, empty ones too). Names the config does not list come last, sorted."""
    keys: list[Sequence[str]]
    if by == "severity":
        scale = config.severity_names
        keys, known = [(highest_severity(i, scale),) for i in incidents], list(scale)
    elif by == "service":
        keys, known = [i.services for i in incidents], sorted(config.services)
    elif by in ("month", "quarter"):
        days = [day(incident) for incident in incidents]
        label = _month if by == "month" else _quarter
        labels = {when: (label(when),) for when in set(days)}  # far fewer days than incidents
        keys, known = [labels[when] for when in days], _periods(days, label)
    else:
        raise ValueError(f"cannot group by {by!r}; choose one of {', '.join(GROUPINGS)}")
    members: dict[str, list[int]] = {name: [] for name in known}
    for index, names in enumerate(keys):
        for name in names:
            members.setdefault(name, []).append(index)
    return [(name, members[name]) for name in _in_order(members, len(known))]


def highest_severity(incident: Incident, scale: Sequence[str]) -> str:
    """The most severe level ``incident`` reached, which is what it is counted and grouped by:
    a SEV-2 raised to SEV-1 and lowered again is a SEV-1 incident. ``scale`` is most severe
    first; a level not on it ranks last."""
    reached = {incident.severity}
    for change in incident.severity_changes:
        reached.update((change.before, change.after))
    rank = {name: index for index, name in enumerate(scale)}
    return min(reached, key=lambda name: (rank.get(name, len(rank)), name))


def _tally(keys: Iterable[str], known: Iterable[str]) -> tuple[tuple[str, int], ...]:
    tally = dict.fromkeys(known, 0)
    first_unknown = len(tally)
    tally.update(Counter(keys))
    return tuple((name, tally[name]) for name in _in_order(tally, first_unknown))


def _in_order(names: Iterable[str], known: int) -> list[str]:
    """The first ``known`` names as they are, then the others (not in the config) sorted."""
    listed = list(names)
    return [*listed[:known], *sorted(listed[known:])]


def _month(when: date) -> str:
    return f"{when.year}-{when.month:02d}"


def _quarter(when: date) -> str:
    return f"{when.year}-Q{(when.month - 1) // 3 + 1}"


def _periods(days: Sequence[date], label: Callable[[date], str]) -> list[str]:
    """Every period from the first of ``days`` to the last, stepping a month at a time."""
    if not days:
        return []
    labels: list[str] = []
    month, last = min(days).replace(day=1), max(days)
    while month <= last:
        if not labels or labels[-1] != label(month):
            labels.append(label(month))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return labels
