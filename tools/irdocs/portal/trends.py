"""The metrics page: trend charts per month and quarter, each with its data, and the definitions."""

from __future__ import annotations

from collections import Counter

from irdocs import metrics
from irdocs.portal import blocks, charts
from irdocs.portal.blocks import NUMBER
from irdocs.portal.escape import text
from irdocs.portal.site import Page, Site, duration, markdown_page

_LISTED = 10
"""Incident IDs listed per exclusion reason."""


def page(site: Site) -> Page:
    here = site.portal("metrics.md")
    overall = metrics.report(site.handbook, today=site.today)
    parts = [
        blocks.front_matter("Metrics"),
        "# Metrics\n",
        blocks.paragraph(
            text(
                f"{overall.counts.incidents} incidents, {overall.first or '-'} to "
                f"{overall.last or '-'}; durations in minutes, hours and days."
            )
        ),
        "\n## All incidents\n",
        _summary_table(overall),
        *_definitions(overall),
    ]
    for by in ("month", "quarter"):
        parts += _period(site, by)
    return markdown_page(here, parts)


def _summary_table(report: metrics.Report) -> str:
    rows = [
        [
            text(s.metric.title),
            (text(s.count), s.count),
            (text(len(s.exclusions)), len(s.exclusions)),
            (text(duration(s.median)), s.median or 0),
            (text(duration(s.p90)), s.p90 or 0),
            (text(duration(s.mean)), s.mean or 0),
        ]
        for s in report.summaries
    ]
    headers = ["metric", ("measured", NUMBER), ("excluded", NUMBER), ("median", NUMBER)]
    return blocks.table([*headers, ("p90", NUMBER), ("mean", NUMBER)], rows)


def _definitions(report: metrics.Report) -> list[str]:
    rows = [
        [text(m.title), text(metrics.formula(m)), text(m.description or "")]
        for m in report.definitions
    ]
    parts = [
        "\n## Definitions and exclusions\n",
        blocks.table(["metric", "definition", "meaning"], rows, sortable=False),
        blocks.paragraph(
            text(
                "Median and p90 use linear interpolation between closest ranks. An incident "
                "missing a timestamp, or with the pair out of order, is excluded, never estimated. "
                + metrics.BY_HIGHEST_SEVERITY
            )
        ),
    ]
    items = []
    for s in report.summaries:
        reasons = Counter(e.reason for e in s.exclusions)
        for reason, n in sorted(reasons.items()):
            ids = [e.incident for e in s.exclusions if e.reason == reason][:_LISTED]
            more = f" and {n - len(ids)} more" if n > len(ids) else ""
            items.append(
                f"<li>{text(s.metric.title)}: {text(n)} excluded, {text(reason)} "
                f"({text(', '.join(ids) + more)})</li>"
            )
    parts.append(f"<ul>{''.join(items)}</ul>" if items else blocks.paragraph("No exclusions."))
    return parts


def _period(site: Site, by: str) -> list[str]:
    report = metrics.report(site.handbook, today=site.today, by=by)
    labels = [g.name for g in report.groups]
    names = site.handbook.config.severity_names
    extra = sorted({n for g in report.groups for n, _ in g.counts.by_severity} - set(names))
    series = []
    for rank, name in enumerate([*names, *extra]):
        values = tuple(float(dict(g.counts.by_severity).get(name, 0)) for g in report.groups)
        series.append(charts.Series(name, f"sev{min(rank, 4) + 1}", values))
    mttr = [next(s for s in g.summaries if s.metric.name == "mttr") for g in report.groups]
    lines = [
        charts.Series("MTTR median", "median", tuple(s.median for s in mttr)),
        charts.Series("MTTR p90", "p90", tuple(s.p90 for s in mttr)),
    ]
    count_rows = [
        [
            text(label),
            *((text(int(s.values[i] or 0)), s.values[i]) for s in series),
            (text(g.counts.incidents), g.counts.incidents),
        ]
        for i, (label, g) in enumerate(zip(labels, report.groups, strict=True))
    ]
    mttr_rows = [
        [
            text(label),
            (text(s.count), s.count),
            (text(duration(s.median)), s.median or 0),
            (text(duration(s.p90)), s.p90 or 0),
            (text(len(s.exclusions)), len(s.exclusions)),
        ]
        for label, s in zip(labels, mttr, strict=True)
    ]
    return [
        f"\n## Per {by}\n",
        f"### Incidents per {by}, by severity\n",
        charts.stacked_bars(f"count-{by}", f"Incidents per {by}, by severity", labels, series),
        blocks.table([by, *((s.name, NUMBER) for s in series), ("all", NUMBER)], count_rows),
        f"\n### MTTR per {by}\n",
        charts.lines(f"mttr-{by}", f"MTTR per {by}: median and p90", labels, lines, duration),
        blocks.table(
            [by, ("measured", NUMBER), ("median", NUMBER), ("p90", NUMBER), ("excluded", NUMBER)],
            mttr_rows,
        ),
    ]
