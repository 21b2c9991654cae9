"""The public status history: what the public was told, newest first, and its RSS 2.0 feed."""

from __future__ import annotations

import html
from datetime import UTC, datetime, time
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from irdocs.documents.model import Incident, Update
from irdocs.portal import blocks
from irdocs.portal.escape import attr, text
from irdocs.portal.site import Page, Site, markdown_page, stamp, utc

SHOWN = 50
"""Incidents on the history page and in the feed."""


def public(site: Site) -> list[tuple[Incident, tuple[Update, ...]]]:
    """Incidents with public updates, by their latest public update, newest first."""
    found = []
    for incident in site.handbook.incidents.values():
        updates = tuple(u for u in incident.updates if u.audience == "public")
        if updates:
            found.append((incident, updates))
    found.sort(key=lambda pair: (pair[1][-1].at.timestamp(), pair[0].id), reverse=True)
    return found[:SHOWN]


def anchor(incident: Incident) -> str:
    return incident.id.lower()


def page(site: Site) -> Page:
    here = site.portal("status.md")
    feed = blocks.link(site.href(here, site.portal("feed.xml")), "RSS feed")
    parts = [
        blocks.front_matter("Status history"),
        "# Status history\n",
        blocks.paragraph(
            text(f"What we told the public, newest first (the latest {SHOWN} incidents). ") + feed
        ),
    ]
    for incident, updates in public(site):
        entries = "".join(
            f"<li><time>{text(stamp(u.at))}</time> {blocks.status(u.status)} {text(u.message)}</li>"
            for u in reversed(updates)
        )
        parts.append(
            f'<section class="irdocs-status" id="{attr(anchor(incident))}" markdown="0">'
            f"<h3>{text(incident.title)}</h3><ul>{entries}</ul></section>"
        )
    if len(parts) == 3:
        parts.append(blocks.paragraph("No public updates yet."))
    return markdown_page(here, parts)


def feed(site: Site) -> Page:
    """RSS 2.0: one item per incident, carrying its latest public update."""
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    history = site.absolute(site.portal("status.md"))
    for name, value in (
        ("title", f"{site.site_name}: status history"),
        ("link", history),
        ("description", "Public status updates of incidents."),
        ("lastBuildDate", format_datetime(_midnight(site))),
    ):
        ET.SubElement(channel, name).text = value
    for incident, updates in public(site):
        latest = updates[-1]
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = f"{incident.title} ({latest.status})"
        ET.SubElement(item, "link").text = f"{history}#{anchor(incident)}"
        guid = ET.SubElement(item, "guid", isPermaLink="false")
        guid.text = f"{incident.id}@{utc(latest.at).isoformat()}"
        ET.SubElement(item, "pubDate").text = format_datetime(utc(latest.at))
        # Feed readers render a description as HTML: the message is text, so it goes in
        # HTML-escaped (and ElementTree escapes that once more as XML).
        ET.SubElement(item, "description").text = html.escape(latest.message, quote=False)
    ET.indent(rss)
    xml = ET.tostring(rss, encoding="unicode", xml_declaration=False)
    return Page(site.portal("feed.xml"), '<?xml version="1.0" encoding="utf-8"?>\n' + xml + "\n")


def _midnight(site: Site) -> datetime:
    return datetime.combine(site.today, time(), tzinfo=UTC)
