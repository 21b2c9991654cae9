"""The incident listings: by severity and by year on one page, one sortable table per year."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from irdocs import metrics
from irdocs.documents.model import Incident
from irdocs.portal import blocks
from irdocs.portal.blocks import NUMBER, Cell
from irdocs.portal.escape import join, text
from irdocs.portal.site import Page, Site, duration, markdown_page, minutes_between, stamp

LATEST = 20


def by_year(site: Site) -> dict[int, list[Incident]]:
    """Incidents per UTC year of their start, newest first within each year."""
    years: dict[int, list[Incident]] = defaultdict(list)
    for incident in reversed(metrics.select(site.handbook.incidents.values(), None, None)):
        years[metrics.day(incident).year].append(incident)
    return dict(sorted(years.items(), reverse=True))


def pages(site: Site) -> list[Page]:
    years = by_year(site)
    return [index(site, years), *(year_page(site, year, found) for year, found in years.items())]


def index(site: Site, years: dict[int, list[Incident]]) -> Page:
    here = site.portal("incidents/index.md")
    result = metrics.report(site.handbook, today=site.today, by="severity")
    severities = [name for name, _ in result.counts.by_severity]
    severity_rows = []
    for group in result.groups:
        mttr = next(s for s in group.summaries if s.metric.name == "mttr")
        c = group.counts
        severity_rows.append(
            [
                blocks.severity(site, group.name),
                (text(c.incidents), c.incidents),
                (text(c.open), c.open),
                (text(duration(mttr.median)), mttr.median or 0),
                (text(duration(mttr.p90)), mttr.p90 or 0),
                (text(f"{c.postmortems_done} of {c.postmortems_required}"), c.postmortems_done),
            ]
        )
    year_rows = []
    for year, found in years.items():
        tally = Counter(i.severity for i in found)
        link = blocks.link(site.href(here, site.portal(f"incidents/{year}.md")), text(year))
        open_count = sum(i.status != "resolved" for i in found)
        year_rows.append(
            [
                (link, year),
                (text(len(found)), len(found)),
                *((text(tally[s]), tally[s]) for s in severities),
                (text(open_count), open_count),
            ]
        )
    latest = [i for found in years.values() for i in found][:LATEST]
    parts = [
        blocks.front_matter("Incidents"),
        "# Incidents\n",
        "## By severity\n",
        blocks.table(
            [
                ("severity", NUMBER),
                ("incidents", NUMBER),
                ("open", NUMBER),
                ("MTTR median", NUMBER),
                ("MTTR p90", NUMBER),
                ("postmortems published", NUMBER),
            ],
            severity_rows,
        ),
        "\n## By year\n",
        blocks.table(
            [
                ("year", NUMBER),
                ("incidents", NUMBER),
                *((s, NUMBER) for s in severities),
                ("open", NUMBER),
            ],
            year_rows,
        ),
        f"\n## Latest {len(latest)}\n",
        incident_table(site, here, latest),
    ]
    return markdown_page(here, parts)


def year_page(site: Site, year: int, found: Sequence[Incident]) -> Page:
    here = site.portal(f"incidents/{year}.md")
    tally = Counter(i.severity for i in found)
    mix = ", ".join(f"{name} {tally[name]}" for name in site.handbook.config.severity_names)
    parts = [
        blocks.front_matter(f"Incidents in {year}", search=False),
        f"# Incidents in {year}\n",
        blocks.paragraph(text(f"{len(found)} incidents: {mix}.")),
        incident_table(site, here, found),
    ]
    return markdown_page(here, parts, in_nav=False)


def incident_table(site: Site, here: str, incidents: Sequence[Incident]) -> str:
    rows: list[list[Cell]] = []
    for i in incidents:
        started = i.impact_started or i.declared
        mttr = minutes_between(i.impact_started, i.mitigated)
        rows.append(
            [
                (blocks.ident(i.id, i.id, site.href(here, site.document(i))), i.id),
                blocks.severity(site, i.severity),
                text(i.title),
                join(i.services),
                (text(stamp(started)), started.timestamp()),
                (text(duration(mttr)), -1 if mttr is None else round(mttr)),
                (blocks.status(i.status) + _postmortem(site, here, i), i.status),
            ]
        )
    headers = ["incident", ("severity", NUMBER), "title", "services", ("started", NUMBER)]
    return blocks.table([*headers, ("MTTR", NUMBER), "status"], rows, minor=(3,))


def _postmortem(site: Site, here: str, incident: Incident) -> str:
    """The postmortem's status under the incident's, folded into one column to fit the width."""
    postmortem = site.handbook.postmortem_of(incident)
    if postmortem is None:
        return ""
    href = site.href(here, site.document(postmortem))
    label = f"{blocks.link(href, 'postmortem')} {blocks.status(postmortem.status)}"
    return f'<span class="irdocs-sub">{label}</span>'
