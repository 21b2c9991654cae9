"""Postmortems: the listing, and each postmortem's page with its action items."""

from __future__ import annotations

from irdocs.documents.model import Postmortem
from irdocs.portal import blocks
from irdocs.portal.blocks import NUMBER
from irdocs.portal.escape import join, text
from irdocs.portal.incident import document_body
from irdocs.portal.site import Page, Site, markdown_page, stamp


def listing(site: Site) -> Page:
    here = site.portal("postmortems.md")
    rows = []
    ordered = sorted(site.handbook.postmortems.values(), key=lambda p: p.incident, reverse=True)
    for p in ordered:
        still_open = sum(item.status == "open" for item in p.action_items)
        rows.append(
            [
                blocks.link(site.href(here, site.document(p)), text(p.incident)),
                blocks.severity(site, p.severity),
                text(p.title),
                blocks.status(p.status),
                join(p.authors),
                (text(f"{still_open} of {len(p.action_items)}"), still_open),
            ]
        )
    headers = ["incident", ("severity", NUMBER), "title", "status", "authors"]
    parts = [
        blocks.front_matter("Postmortems"),
        "# Postmortems\n",
        blocks.table([*headers, ("open action items", NUMBER)], rows)
        if rows
        else blocks.paragraph("No postmortems yet."),
    ]
    return markdown_page(here, parts)


def page(site: Site, postmortem: Postmortem) -> Page:
    here = site.document(postmortem)
    p = postmortem
    badge, _ = blocks.severity(site, p.severity)
    incident = site.handbook.incident_of(p)
    about = (
        blocks.link(site.href(here, site.document(incident)), text(incident.title))
        if incident
        else text(p.incident)
    )
    rows = [
        ("Incident", about),
        ("Status", blocks.status(p.status)),
        ("Authors", join(p.authors)),
        ("Reviewers", join(p.reviewers) or "\u2013"),
        ("Review meeting", text(stamp(p.review_meeting))),
    ]
    items = [
        [
            text(a.id),
            text(a.title),
            text(a.owner or "unassigned"),
            (text(a.due.isoformat() if a.due else "\u2013"), a.due.isoformat() if a.due else ""),
            blocks.status(a.status),
            text(a.ticket or "\u2013"),
        ]
        for a in p.action_items
    ]
    parts = [
        blocks.front_matter(f"Postmortem {p.incident}"),
        f"# {text(p.title)}\n",
        blocks.card(text(p.incident), rows, badges=badge),
        "\n## Tracked action items\n",
        blocks.table(["id", "action item", "owner", "due", "status", "ticket"], items)
        if items
        else blocks.paragraph("None."),
    ]
    return markdown_page(here, parts, body=document_body(p.path), in_nav=False)
