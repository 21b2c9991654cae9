"""Runbooks: the catalogue by service, freshness badge and stale first; each runbook's page."""

from __future__ import annotations

from collections import defaultdict

from irdocs.documents.model import Runbook
from irdocs.portal import blocks
from irdocs.portal.blocks import NUMBER
from irdocs.portal.escape import join, text
from irdocs.portal.incident import document_body
from irdocs.portal.site import Page, Site, markdown_page

DUE_SOON_DAYS = 30


def freshness(site: Site, runbook: Runbook) -> tuple[str, int]:
    """The freshness badge, and the days until the next review is due (negative: overdue)."""
    left = (runbook.review_due - site.today).days
    if left < 0:
        return blocks.badge(f"stale: review {-left} days overdue", "stale"), left
    if left <= DUE_SOON_DAYS:
        return blocks.badge(f"review due in {left} days", "due-soon"), left
    return blocks.badge("fresh", "fresh"), left


def catalogue(site: Site) -> Page:
    here = site.portal("runbooks.md")
    services: dict[str, list[Runbook]] = defaultdict(list)
    for runbook in site.handbook.runbooks.values():
        services[runbook.service].append(runbook)
    parts = [blocks.front_matter("Runbooks"), "# Runbooks\n"]
    stale = sum(freshness(site, r)[1] < 0 for r in site.handbook.runbooks.values())
    parts.append(blocks.paragraph(text(f"{len(site.handbook.runbooks)} runbooks, {stale} stale.")))
    for service in sorted(
        services, key=lambda s: (min(freshness(site, r)[1] for r in services[s]), s)
    ):
        rows = []
        for runbook in sorted(services[service], key=lambda r: (freshness(site, r)[1], r.id)):
            badge, left = freshness(site, runbook)
            rows.append(
                [
                    (badge, left),
                    blocks.link(site.href(here, site.document(runbook)), text(runbook.title)),
                    text(runbook.owner),
                    (text(runbook.last_reviewed.isoformat()), runbook.last_reviewed.isoformat()),
                    join(runbook.alerts) or "\u2013",
                ]
            )
        parts += [
            f"\n## {text(service)}\n",
            blocks.table(
                [("freshness", NUMBER), "runbook", "owner", "last reviewed", "alerts"], rows
            ),
        ]
    return markdown_page(here, parts)


def page(site: Site, runbook: Runbook) -> Page:
    here = site.document(runbook)
    badge, _ = freshness(site, runbook)
    escalation = "<br>".join(f"{text(step.who)}: {text(step.how)}" for step in runbook.escalation)
    rows = [
        ("ID", text(runbook.id)),
        ("Service", text(runbook.service)),
        ("Owner", text(runbook.owner)),
        ("Last reviewed", text(f"{runbook.last_reviewed}, every {runbook.review_every} days")),
        ("Alerts", join(runbook.alerts) or "\u2013"),
        ("Escalation", escalation),
    ]
    parts = [
        blocks.front_matter(runbook.id),
        f"# {text(runbook.title)}\n",
        blocks.card(text(runbook.id), rows, badges=badge),
    ]
    return markdown_page(here, parts, body=document_body(runbook.path), in_nav=False)
