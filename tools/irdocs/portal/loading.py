"""Loading a handbook for the portal: found from a folder, validated, wrapped in a Site."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from irdocs import config as configuration
from irdocs.documents.discovery import discover
from irdocs.documents.handbook import load
from irdocs.finding import Finding
from irdocs.portal.site import Site


def load_site(
    root: Path,
    *,
    today: date,
    prefix: str = "portal",
    directory_urls: bool = True,
    site_url: str | None = None,
    site_name: str = "Handbook",
    now: datetime | None = None,
) -> tuple[Site, list[Finding]]:
    """The handbook found from ``root`` as a Site, and its validation findings (sorted)."""
    config = configuration.find(root)
    handbook, findings = load(config, discover(config))
    site = Site(
        handbook,
        today,
        prefix=prefix,
        directory_urls=directory_urls,
        site_url=site_url or None,
        site_name=site_name,
        now=now,
    )
    return site, findings
