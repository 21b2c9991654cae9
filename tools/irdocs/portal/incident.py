"""An incident's page: a summary card, its timeline of updates, then the author's notes."""

from __future__ import annotations

from pathlib import Path

from irdocs.documents.frontmatter import split
from irdocs.documents.model import Incident
from irdocs.documents.source import read_text
from irdocs.portal import blocks
from irdocs.portal.escape import join, text
from irdocs.portal.site import Page, Site, duration, markdown_page, minutes_between, stamp


def document_body(path: str) -> str:
    """The author's Markdown after the front matter, as written: the page renders it, then
    sanitizes what it rendered."""
    return split(read_text(Path(path)))[1]


def page(site: Site, incident: Incident) -> Page:
    here = site.document(incident)
    parts = [
        blocks.front_matter(incident.id),
        f"# {text(incident.id)}: {text(incident.title)}\n",
        card(site, here, incident),
        "\n## Timeline\n",
        timeline(incident),
        "\n## Notes\n",
    ]
    return markdown_page(here, parts, body=document_body(incident.path), in_nav=False)


def card(site: Site, here: str, incident: Incident) -> str:
    i, roles = incident, incident.roles
    badge, _ = blocks.severity(site, i.severity)
    postmortem = site.handbook.postmortem_of(i)
    timings = [
        ("Impact started", text(stamp(i.impact_started))),
        ("Detected", _after(i.detected, minutes_between(i.impact_started, i.detected), "TTD")),
        (
            "Acknowledged",
            _after(i.acknowledged, minutes_between(i.detected, i.acknowledged), "TTA"),
        ),
        ("Declared", text(stamp(i.declared))),
        ("Mitigated", _after(i.mitigated, minutes_between(i.impact_started, i.mitigated), "TTR")),
        ("Resolved", _after(i.resolved, minutes_between(i.impact_started, i.resolved), "total")),
    ]
    people = [
        ("Commander", roles.commander),
        ("Communications lead", roles.communications_lead),
        ("Operations lead", roles.operations_lead),
        ("Scribe", roles.scribe),
    ]
    runbooks = [
        blocks.link(site.href(here, site.document(r)), text(r.title))
        for r in site.handbook.runbooks_of(i)
    ]
    rows = [
        ("Status", blocks.status(i.status)),
        ("Services", join(i.services)),
        ("Customer impact", f"{text(i.impact_scope)}: {text(i.impact_description)}"),
        ("Detected by", text(i.detection_source)),
        *timings,
        *((label, text(name)) for label, name in people if name),
        *([("Experts", join(roles.experts))] if roles.experts else []),
        ("Mitigations", join(i.mitigations) or "\u2013"),
        (
            "Postmortem",
            blocks.link(site.href(here, site.document(postmortem)), text(postmortem.title))
            + " "
            + blocks.status(postmortem.status)
            if postmortem
            else "none",
        ),
        ("Runbooks", ", ".join(runbooks) or "none"),
    ]
    return blocks.card(text(i.title), rows, badges=badge)


def _after(at: object, minutes: float | None, label: str) -> str:
    when = text(stamp(at)) if at else "\u2013"  # type: ignore[arg-type]
    return f"{when} ({text(label)} {text(duration(minutes))})" if minutes is not None else when


def timeline(incident: Incident) -> str:
    """The status updates and the severity changes, in time order."""
    if not incident.updates and not incident.severity_changes:
        return blocks.paragraph("No status updates recorded.")
    events = [
        (
            u.at,
            [
                (text(stamp(u.at)), u.at.timestamp()),
                blocks.status(u.status),
                text(u.audience),
                text(u.message),
            ],
        )
        for u in incident.updates
    ]
    events += [
        (
            c.at,
            [
                (text(stamp(c.at)), c.at.timestamp()),
                text("severity"),
                "\u2013",
                text(f"{c.before} \u2192 {c.after}: {c.reason}"),
            ],
        )
        for c in incident.severity_changes
    ]
    events.sort(key=lambda event: event[0])  # stable: updates first at the same time
    return blocks.table(["at", "status", "audience", "message"], [row for _, row in events])
