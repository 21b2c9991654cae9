"""Incidents by service: how many, of which severity, and how long customers were affected.

Impact minutes are ``mitigated - impact_started`` summed over a service's incidents (an incident
not yet mitigated counts up to the page's "as of"); an incident missing ``impact_started`` is
counted but its impact is not estimated: the row says how many were left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from irdocs import metrics
from irdocs.documents.model import Incident
from irdocs.portal import blocks
from irdocs.portal.blocks import NUMBER
from irdocs.portal.escape import text
from irdocs.portal.site import Site, duration, minutes_between

IMPACT = (
    "Impact: mitigated \u2212 impact_started, summed over the service's incidents (up to now for "
    "one not yet mitigated); an incident without impact_started is counted, not estimated."
)


@dataclass(frozen=True, slots=True)
class ServiceRow:
    service: str
    incidents: int
    by_severity: tuple[tuple[str, int], ...]
    impact: float
    """Minutes."""
    unmeasured: int
    mttr_median: float | None


def rows(site: Site, since: date | None = None, until: date | None = None) -> list[ServiceRow]:
    """One row per service with incidents in ``since`` … ``until``, most impact first."""
    report = metrics.report(site.handbook, today=site.today, since=since, until=until, by="service")
    chosen = metrics.select(site.handbook.incidents.values(), since, until)
    found = []
    for group in report.groups:
        if not group.counts.incidents:
            continue
        members = [i for i in chosen if group.name in i.services]
        spans = [_impact(site, i) for i in members]
        mttr = next(s for s in group.summaries if s.metric.name == "mttr")
        found.append(
            ServiceRow(
                group.name,
                group.counts.incidents,
                tuple((name, n) for name, n in group.counts.by_severity if n),
                sum(s for s in spans if s is not None),
                sum(s is None for s in spans),
                mttr.median,
            )
        )
    return sorted(found, key=lambda r: (-r.impact, -r.incidents, r.service))


def _impact(site: Site, incident: Incident) -> float | None:
    return minutes_between(incident.impact_started, incident.mitigated or site.as_of)


def table(site: Site, found: list[ServiceRow]) -> str:
    body = [
        [
            text(r.service),
            (text(r.incidents), r.incidents),
            (" ".join(_mix(site, name, n) for name, n in r.by_severity), r.by_severity[0][1]),
            (text(duration(r.impact)), round(r.impact)),
            (text(round(r.impact)), round(r.impact)),
            (text(duration(r.mttr_median)), r.mttr_median or 0),
            (text(r.unmeasured), r.unmeasured),
        ]
        for r in found
    ]
    headers = ["service", ("incidents", NUMBER), "severity", ("impact", NUMBER)]
    more = [("impact, minutes", NUMBER), ("MTTR median", NUMBER), ("impact not measured", NUMBER)]
    return blocks.table([*headers, *more], body, minor=(4, 6))


def _mix(site: Site, severity: str, count: int) -> str:
    badge, _ = blocks.severity(site, severity)
    return f'<span class="irdocs-mix">{badge}\u00a0\u00d7{text(count)}</span>'
