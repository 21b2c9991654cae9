"""The status board: active incidents first, the KPIs with their change, what is overdue."""

from __future__ import annotations

from datetime import date, timedelta

from irdocs import metrics
from irdocs.documents.model import Incident
from irdocs.portal import blocks, empty
from irdocs.portal.actions import items_table, open_items
from irdocs.portal.escape import join, text
from irdocs.portal.site import Page, Site, duration, markdown_page, severity_rank, stamp

ADMONITIONS = ("danger", "warning", "note", "info")
"""Admonition kind by severity rank; lower severities use the last."""
KPI_METRICS = ("mttr", "mtta", "mttd")
_SHOWN_OVERDUE = 10


def page(site: Site) -> Page:
    here = site.portal("index.md")
    active = sorted(
        (i for i in site.handbook.incidents.values() if i.status != "resolved"),
        key=lambda i: (severity_rank(site, i.severity), -i.declared.timestamp(), i.id),
    )
    overdue = [o for o in open_items(site) if o.overdue_days]
    parts = [
        blocks.front_matter("Status board", hide=["navigation"]),
        "# Status board\n",
        blocks.paragraph(
            text(f"As of {site.today.isoformat()}. ")
            + blocks.link(site.href(here, site.portal("status.md")), "Public status history")
            + " \u00b7 "
            + blocks.link(site.href(here, site.portal("feed.xml")), "RSS feed")
        ),
        "\n## Active incidents\n",
        *(_active(site, here, incident) for incident in active),
    ]
    if not site.handbook.incidents:
        parts.append(empty.first_incident(site))
    elif not active:
        parts.append(blocks.admonition("success", "No active incidents", ""))
    parts += ["\n## Key figures\n", _kpis(site)]
    parts += ["\n## Overdue action items\n"]
    if overdue:
        parts.append(items_table(site, here, overdue[:_SHOWN_OVERDUE]))
        more = f"All {len(overdue)} overdue and the other open items"
        parts.append(
            blocks.paragraph(blocks.link(site.href(here, site.portal("actions.md")), more))
        )
    else:
        parts.append(blocks.paragraph("None."))
    return markdown_page(here, parts)


def _active(site: Site, here: str, incident: Incident) -> str:
    rank = severity_rank(site, incident.severity)
    kind = ADMONITIONS[min(rank, len(ADMONITIONS) - 1)]
    badge, _ = blocks.severity(site, incident.severity)
    title = f"{badge} {text(incident.id)} \u2014 {text(incident.title)}"
    latest = incident.updates[-1].message if incident.updates else "No update yet."
    since = stamp(incident.impact_started or incident.declared)
    body = (
        f"<p>{blocks.status(incident.status)} since {text(since)}"
        f" \u00b7 services: {join(incident.services)}"
        f" \u00b7 commander: {text(incident.roles.commander or 'unassigned')}</p>"
        f"<p>{text(latest)}</p>"
        f"<p>{blocks.link(site.href(here, site.document(incident)), 'Incident page')}</p>"
    )
    return blocks.admonition(kind, title, body)


def _kpis(site: Site) -> str:
    cards = [_count(site, days) for days in (30, 90)]
    now, before = _window(site, 90, 0), _window(site, 90, 1)
    for name in KPI_METRICS:
        for stat in ("median", "p90"):
            current, previous = (_stat(r, name, stat) for r in (now, before))
            title = next(s.metric.title for s in now.summaries if s.metric.name == name)
            cards.append(
                (
                    f"{title} {stat}, last 90 days",
                    text(duration(current)),
                    _change(current, previous, duration),
                )
            )
    return blocks.kpis(cards)


def _window(site: Site, days: int, back: int) -> metrics.Report:
    until = site.today - timedelta(days=days * back)
    since: date = until - timedelta(days=days - 1)
    return metrics.report(site.handbook, today=site.today, since=since, until=until)


def _stat(report: metrics.Report, name: str, stat: str) -> float | None:
    summary = next(s for s in report.summaries if s.metric.name == name)
    value: float | None = getattr(summary, stat)
    return value


def _count(site: Site, days: int) -> tuple[str, str, str]:
    now, before = (_window(site, days, back).counts.incidents for back in (0, 1))
    return (
        f"Incidents, last {days} days",
        text(now),
        _change(float(now), float(before), lambda v: f"{v:.0f}"),
    )


def _change(current: float | None, previous: float | None, show: object) -> str:
    """``▲ 12m`` worse or ``▼ 5m`` better than the previous period (lower is better)."""
    if current is None or previous is None:
        return text("no previous period to compare")
    delta = current - previous
    render = show if callable(show) else str
    if delta == 0:
        return text("same as the previous period")
    arrow, kind = ("\u25b2", "worse") if delta > 0 else ("\u25bc", "better")
    label = f"{arrow} {render(abs(delta))} vs previous period"
    return f'<span class="irdocs-{kind}">{text(label)}</span>'
