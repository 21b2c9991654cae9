"""The status board, the portal's home: what leadership asks first, in that order.

Active incidents (unacknowledged first, with how long), the key figures against the previous
period, the MTTR / MTTA trend, the severity mix and the incidents by service over 90 days, the
postmortems owed, and the overdue action items by owner and by team.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from irdocs.documents.model import Incident, SeverityChange
from irdocs.portal import blocks, empty, followups, kpis, services
from irdocs.portal.actions import items_table, open_items
from irdocs.portal.blocks import NUMBER
from irdocs.portal.escape import join, text
from irdocs.portal.site import Page, Site, duration, markdown_page, severity_rank, stamp

ADMONITIONS = ("danger", "warning", "note", "info")
"""Admonition kind by severity rank; lower severities use the last."""
SECTIONS = (
    "Active incidents",
    "Key figures",
    "MTTR and MTTA trend",
    "Severity mix",
    "Incidents by service",
    "Postmortems owed",
    "Overdue action items",
)
"""The board's sections (``h2``), in order; the browser tests look for each."""
_SHOWN = 10


def page(site: Site, here: str | None = None, *, in_nav: bool = True) -> Page:
    """The board at ``here`` (default: the portal's index); the site's home page is a copy,
    which search leaves out."""
    here = here or site.portal("index.md")
    active = sorted(
        (i for i in site.handbook.incidents.values() if i.status != "resolved"),
        key=lambda i: (
            i.acknowledged is not None,
            severity_rank(site, i.severity),
            i.declared.timestamp(),
            i.id,
        ),
    )
    since = site.today - timedelta(days=kpis.DAYS - 1)
    parts = [
        # The navigation stays: as the home page, the board is where readers start from.
        blocks.front_matter("Status board", search=here == site.portal("index.md")),
        "# Status board\n",
        blocks.paragraph(
            f'<span class="irdocs-asof">As of {text(stamp(site.as_of))}</span> \u00b7 '
            + blocks.link(site.href(here, site.portal("status.md")), "Public status history")
            + " \u00b7 "
            + blocks.link(site.href(here, site.portal("feed.xml")), "RSS feed")
            + " \u00b7 "
            + blocks.link(site.href(here, site.portal("metrics.md")), "All metrics")
        ),
        f"\n## {SECTIONS[0]}\n",
        *(_active(site, here, incident) for incident in active),
    ]
    if not site.handbook.incidents:
        parts.append(empty.first_incident(site))
    elif not active:
        parts.append(blocks.admonition("success", "No active incidents", ""))
    parts += [f"\n## {SECTIONS[1]}\n", kpis.cards(site)]
    parts += [f"\n## {SECTIONS[2]}\n", kpis.trend_table(site), *kpis.trend_chart(site)]
    parts += [f"\n## {SECTIONS[3]}\n", _severity_mix(site)]
    found = services.rows(site, since, site.today)
    parts += [
        f"\n## {SECTIONS[4]}\n",
        blocks.paragraph(
            text(f"Last {kpis.DAYS} days, most customer impact first. ") + services.IMPACT
        ),
        services.table(site, found) if found else blocks.paragraph("No incidents."),
    ]
    parts += [f"\n## {SECTIONS[5]}\n", *_postmortems(site, here)]
    parts += [f"\n## {SECTIONS[6]}\n", *_overdue(site, here)]
    return markdown_page(here, parts, in_nav=in_nav)


def _active(site: Site, here: str, incident: Incident) -> str:
    rank = severity_rank(site, incident.severity)
    kind = ADMONITIONS[min(rank, len(ADMONITIONS) - 1)]
    badge, _ = blocks.severity(site, incident.severity)
    title = f"{badge} {text(incident.title)}"
    start = incident.impact_started or incident.declared
    age = duration((site.as_of - start).total_seconds() / 60)
    if incident.acknowledged is None:
        waiting = blocks.badge("unacknowledged", "overdue")
        since = f"{waiting} for {text(age)}, since {text(stamp(start))}"
    else:
        acked = duration(
            (incident.acknowledged - (incident.detected or start)).total_seconds() / 60
        )
        since = (
            f"open for {text(age)}, since {text(stamp(start))}; acknowledged after {text(acked)}"
        )
    if incident.severity_changes:
        first = incident.severity_changes[0]
        moves = ", ".join(_moved(site, c) for c in incident.severity_changes)
        since += text(f"; declared {first.before}, {moves}")
    latest = incident.updates[-1].message if incident.updates else "No update yet."
    href = site.href(here, site.document(incident))
    body = (
        f"<p>{blocks.status(incident.status)} {since}</p>"
        f"<p>services: {join(incident.services)}"
        f" \u00b7 commander: {text(incident.roles.commander or 'unassigned')}</p>"
        f"<p>{text(latest)}</p>"
        f"<p>{blocks.ident(incident.id, incident.id, href, shorten=False)}</p>"
    )
    return blocks.admonition(kind, title, body)


def _moved(site: Site, change: SeverityChange) -> str:
    """``raised to SEV-1 at 2026-03-04 09:40 UTC``."""
    up = severity_rank(site, change.after) < severity_rank(site, change.before)
    return f"{'raised' if up else 'lowered'} to {change.after} at {stamp(change.at)}"


def _severity_mix(site: Site) -> str:
    now, before = kpis.window(site, kpis.DAYS, 0), kpis.window(site, kpis.DAYS, 1)
    previous = dict(before.counts.by_severity)
    total = max(now.counts.incidents, 1)
    rows = []
    for name, count in now.counts.by_severity:
        earlier = previous.get(name, 0)
        rows.append(
            [
                blocks.severity(site, name),
                (text(count), count),
                (text(f"{round(100 * count / total)}%"), count),
                (text(earlier), earlier),
            ]
        )
    headers = [("severity", NUMBER), (f"last {kpis.DAYS} days", NUMBER), ("share", NUMBER)]
    return blocks.table([*headers, (f"the {kpis.DAYS} days before", NUMBER)], rows)


def _postmortems(site: Site, here: str) -> list[str]:
    owed = followups.postmortems_owed(site)
    tally = Counter(o.state for o in owed)
    summary = blocks.paragraph(
        text(
            f"{tally['missing']} missing, {tally['overdue']} overdue, {tally['due']} due "
            "(required postmortems of resolved incidents, not yet published)."
        )
    )
    if not owed:
        return [summary]
    kinds = {"missing": "overdue", "overdue": "overdue", "due": "due-soon"}
    rows = []
    for o in owed[:_SHOWN]:
        target = site.document(o.postmortem) if o.postmortem else site.document(o.incident)
        rows.append(
            [
                (blocks.badge(o.state, kinds[o.state]), o.state),
                blocks.ident(o.incident.id, o.incident.id, site.href(here, target)),
                blocks.severity(site, o.incident.severity),
                (text(o.due.isoformat()), o.due.isoformat()),
                text(followups.when(o, site.today)),
                blocks.status(o.postmortem.status) if o.postmortem else text("none written"),
            ]
        )
    headers = ["state", "incident", ("severity", NUMBER), ("due", NUMBER), "when", "postmortem"]
    listing = blocks.link(site.href(here, site.portal("postmortems.md")), "All postmortems")
    return [summary, blocks.table(headers, rows), blocks.paragraph(listing)]


def _overdue(site: Site, here: str) -> list[str]:
    overdue = [o for o in open_items(site) if o.overdue_days]
    if not overdue:
        return [blocks.paragraph("None.")]
    owners = [
        [
            text(t.name),
            text(", ".join(t.members) or followups.NO_TEAM),
            (text(t.overdue), t.overdue),
            (text(t.worst), t.worst),
        ]
        for t in followups.by_owner(site, overdue)
    ]
    teams = [
        [
            text(t.name),
            (text(t.overdue), t.overdue),
            (text(t.worst), t.worst),
            text(", ".join(t.members)),
        ]
        for t in followups.by_team(site, overdue)
    ]
    more = f"All {len(overdue)} overdue and the other open items"
    return [
        "\n### By owner\n",
        blocks.table(["owner", "team", ("overdue", NUMBER), ("most days late", NUMBER)], owners),
        "\n### By team\n",
        blocks.table(["team", ("overdue", NUMBER), ("most days late", NUMBER), "owners"], teams),
        f"\n### The {min(len(overdue), _SHOWN)} most overdue\n",
        items_table(site, here, overdue[:_SHOWN]),
        blocks.paragraph(blocks.link(site.href(here, site.portal("actions.md")), more)),
    ]
