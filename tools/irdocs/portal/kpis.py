"""The board's key figures: counts and MTTR / MTTA / MTTD over 90 days against the 90 before,
and the monthly trend of MTTR and MTTA."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from irdocs import metrics
from irdocs.portal import blocks, charts
from irdocs.portal.blocks import NUMBER
from irdocs.portal.escape import text
from irdocs.portal.site import Site, duration

KPI_METRICS = ("mttr", "mtta", "mttd")
TREND_METRICS = ("mttr", "mtta")
DAYS = 90
_MONTHS = 6


def window(site: Site, days: int, back: int) -> metrics.Report:
    """The ``days`` up to today (``back`` = 0), or the ``days`` before those (``back`` = 1)."""
    until = site.today - timedelta(days=days * back)
    since: date = until - timedelta(days=days - 1)
    return metrics.report(site.handbook, today=site.today, since=since, until=until)


def stat(report: metrics.Report, name: str, which: str) -> float | None:
    summary = next(s for s in report.summaries if s.metric.name == name)
    value: float | None = getattr(summary, which)
    return value


def cards(site: Site) -> str:
    found = [_count(site, days) for days in (30, DAYS)]
    now, before = window(site, DAYS, 0), window(site, DAYS, 1)
    for name in KPI_METRICS:
        for which in ("median", "p90"):
            current, previous = (stat(r, name, which) for r in (now, before))
            title = next(s.metric.title for s in now.summaries if s.metric.name == name)
            found.append(
                (
                    f"{title} {which}, last {DAYS} days",
                    text(duration(current)),
                    change(current, previous, duration),
                )
            )
    return blocks.kpis(found)


def _count(site: Site, days: int) -> tuple[str, str, str]:
    now, before = (window(site, days, back).counts.incidents for back in (0, 1))
    return (f"Incidents, last {days} days", text(now), change(float(now), float(before), _whole))


def _whole(value: float) -> str:
    return f"{value:.0f}"


def change(current: float | None, previous: float | None, show: Callable[[float], str]) -> str:
    """``▲ 12m`` worse or ``▼ 5m`` better than the previous period (lower is better), or a
    neutral ``no change`` when the difference shows as nothing (``▼ 0m`` is no improvement)."""
    if current is None or previous is None:
        return '<span class="irdocs-same">no previous period to compare</span>'
    delta = current - previous
    if show(abs(delta)) == show(0.0):
        return '<span class="irdocs-same">= no change vs previous period</span>'
    arrow, kind = ("\u25b2", "worse") if delta > 0 else ("\u25bc", "better")
    label = f"{arrow} {show(abs(delta))} ({kind}) vs previous period"
    return f'<span class="irdocs-{kind}">{text(label)}</span>'


def trend_table(site: Site) -> str:
    """This period against the previous one, per metric: median and p90, with the change."""
    now, before = window(site, DAYS, 0), window(site, DAYS, 1)
    rows = []
    for name in TREND_METRICS:
        title = next(s.metric.title for s in now.summaries if s.metric.name == name)
        for which in ("median", "p90"):
            current, previous = stat(now, name, which), stat(before, name, which)
            rows.append(
                [
                    text(f"{title} {which}"),
                    (text(duration(current)), current or 0),
                    (text(duration(previous)), previous or 0),
                    change(current, previous, duration),
                ]
            )
    headers = ["metric", (f"last {DAYS} days", NUMBER), (f"the {DAYS} days before", NUMBER)]
    return blocks.table([*headers, "change"], rows, sortable=False)


def trend_chart(site: Site) -> list[str]:
    """MTTR and MTTA medians per month over the last months, then the numbers."""
    first = (site.today.replace(day=1) - timedelta(days=31 * (_MONTHS - 1))).replace(day=1)
    report = metrics.report(site.handbook, today=site.today, since=first, by="month")
    labels = [g.name for g in report.groups]
    series, rows = [], []
    for css, name in zip(("median", "p90"), TREND_METRICS, strict=True):
        found = [next(s for s in g.summaries if s.metric.name == name) for g in report.groups]
        title = found[0].metric.title if found else name.upper()
        series.append(charts.Series(f"{title} median", css, tuple(s.median for s in found)))
    for i, label in enumerate(labels):
        rows.append(
            [
                text(label),
                *((text(duration(s.values[i])), s.values[i] or 0) for s in series),
                (text(report.groups[i].counts.incidents), report.groups[i].counts.incidents),
            ]
        )
    axes = charts.duration_axes("month (UTC)", "median time (h = hours, m = minutes)", duration)
    headers = ["month", *((s.name, NUMBER) for s in series), ("incidents", NUMBER)]
    return [
        charts.lines("trend", "MTTR and MTTA medians per month", labels, series, axes),
        blocks.table(headers, rows, sortable=False),
    ]
