"""Time the pure metrics computation over 100,000 incidents built in memory (no files, no YAML).

Usage: python benchmarks/metrics.py [--incidents N] [--runs N]
Each row is one `irdocs.metrics.report` call: all four built-in metrics and the counts, overall
and, with a grouping, per group. Prints a table; the target is under 1 s for the by-month row.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from types import MappingProxyType

from irdocs import config as configuration
from irdocs.documents.handbook import Handbook
from irdocs.documents.model import ActionItem, Incident, Postmortem, Roles
from irdocs.metrics import report

TARGET = 1.0
OFFSETS = [timezone(timedelta(hours=h)) for h in (-5, 0, 1, 2, 9)]


def _incident(number: int, start: datetime, rng: random.Random) -> Incident:
    """Realistic gaps (minutes, heavy-tailed); about 5% miss a timestamp, 1% are out of order."""
    start = start.astimezone(rng.choice(OFFSETS))
    gaps = [rng.lognormvariate(mu, 1.0) for mu in (2.0, 1.5, 1.0, 3.5, 4.5)]
    stamps: list[datetime | None] = [start]
    for gap in gaps:
        stamps.append(stamps[-1] + timedelta(minutes=gap))  # type: ignore[operator]
    if rng.random() < 0.01:  # detected typed before impact_started
        stamps[1] = start - timedelta(minutes=5)
    for index in (0, 1, 2, 5):
        if rng.random() < 0.05:
            stamps[index] = None
    impact, detected, acknowledged, declared, mitigated, resolved = stamps
    assert declared is not None
    return Incident(
        path=f"incidents/INC-{start:%Y-%m-%d}-{number}.md",
        id=f"INC-{start:%Y-%m-%d}-{number}",
        title="Synthetic incident",
        severity=rng.choice(("SEV-1", "SEV-2", "SEV-2", "SEV-3", "SEV-3", "SEV-3", "SEV-4")),
        status="resolved" if resolved else "monitoring",
        services=tuple(
            rng.sample(("checkout", "payments", "search", "auth"), rng.choice((1, 1, 2)))
        ),
        impact_scope="subset",
        impact_description="Synthetic.",
        detection_source="alert",
        roles=Roles(),
        impact_started=impact,
        detected=detected,
        acknowledged=acknowledged,
        declared=declared,
        mitigated=mitigated,
        resolved=resolved,
        mitigations=(),
        runbooks=(),
        postmortem=None,
        updates=(),
    )


def _postmortem(incident: Incident, rng: random.Random) -> Postmortem:
    items = tuple(
        ActionItem(
            id=f"AI-{n}",
            title="Fix it",
            owner=None,
            due=date(2020, 1, 1) + timedelta(days=rng.randrange(2500)),
            priority=None,
            type=None,
            status=rng.choice(("open", "done", "done", "wont-do")),
            ticket=None,
        )
        for n in range(3)
    )
    status = rng.choice(("draft", "published"))
    path = incident.path.replace("incidents", "postmortems")
    return Postmortem(
        path, incident.id, incident.title, incident.severity, status, ("A",), (), None, items
    )


def _handbook(count: int, *, shuffled: bool = False) -> Handbook:
    rng = random.Random(20261122)
    # Six years of incidents, created in the order of their files (named by date), as
    # handbook.load would read them.
    epoch = datetime(2020, 1, 1, tzinfo=UTC)
    starts = sorted(epoch + timedelta(minutes=rng.randrange(6 * 525_600)) for _ in range(count))
    records = [_incident(number, at, rng) for number, at in enumerate(starts)]
    if shuffled:  # the worst case for memory locality once sorted by time
        rng.shuffle(records)
    incidents = {incident.id: incident for incident in records}
    postmortems = {
        i.id: _postmortem(i, rng) for i in incidents.values() if i.severity in ("SEV-1", "SEV-2")
    }
    settings = configuration.find(Path(__file__).parent)  # this repository's own configuration
    indexes = (MappingProxyType(incidents), MappingProxyType(postmortems), MappingProxyType({}))
    return Handbook(settings, (), *indexes)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="runs per row (default 5)")
    options = parser.parse_args()
    in_order, shuffled = _handbook(options.incidents), _handbook(options.incidents, shuffled=True)
    rows = [
        ("overall", in_order, None),
        ("overall + by severity", in_order, "severity"),
        ("overall + by month", in_order, "month"),
        ("overall + by month, records in random order", shuffled, "month"),
    ]
    print(f"python {sys.version.split()[0]}, runs per row: {options.runs}\n")
    print("| computation | incidents | median s | target s | met |")
    print("|---|---|---|---|---|")
    for name, handbook, by in rows:
        times = []
        for _ in range(options.runs):
            start = time.perf_counter()
            report(handbook, today=date(2026, 11, 22), by=by)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        met = "yes" if median < TARGET else "no"
        print(f"| {name} | {options.incidents:,} | {median:.3f} | {TARGET:.2f} | {met} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
