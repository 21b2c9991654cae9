"""The portal: the handbook as Markdown pages, inline SVG charts and an RSS feed, engine-neutral.

``generate`` returns every page and asset; the MkDocs plugin adds them in memory, and
``irdocs site generate`` writes them to a folder for engines that cannot run plugins.
"""

from __future__ import annotations

from importlib import resources

from irdocs.portal import actions, board, incident, incidents, postmortems, runbooks, status, trends
from irdocs.portal.site import Page, Site

ASSETS = (
    "irdocs.css",
    "tablesort.min.js",
    "tablesort.number.min.js",
    "irdocs.js",
    "LICENSE-tablesort.txt",
)
STYLESHEETS = ("irdocs.css",)
SCRIPTS = ("tablesort.min.js", "tablesort.number.min.js", "irdocs.js")
"""In this order: the sorter, its number parser, then our initialisation."""

__all__ = ["ASSETS", "HOME", "SCRIPTS", "STYLESHEETS", "Page", "Site", "asset_uri", "generate"]


def asset_uri(site: Site, name: str) -> str:
    return site.portal(f"assets/{name}")


HOME = "index.md"


def generate(site: Site, *, home: bool = False) -> list[Page]:
    """Every page of the portal and every document's page, then the assets; with ``home``, the
    status board is also the site's home page (``index.md``), out of search (its copy in the
    portal is searched) and the portal's copy out of the navigation."""
    h = site.handbook
    pages = [
        *([board.page(site, HOME), board.page(site, in_nav=False)] if home else [board.page(site)]),
        *incidents.pages(site),
        trends.page(site),
        actions.page(site),
        runbooks.catalogue(site),
        postmortems.listing(site),
        status.page(site),
        status.feed(site),
    ]
    pages += [incident.page(site, i) for i in h.incidents.values()]
    pages += [postmortems.page(site, p) for p in h.postmortems.values()]
    pages += [runbooks.page(site, r) for r in h.runbooks.values()]
    folder = resources.files("irdocs.portal") / "assets"
    pages += [
        Page(asset_uri(site, name), (folder / name).read_text(encoding="utf-8"), in_nav=False)
        for name in ASSETS
    ]
    return pages
