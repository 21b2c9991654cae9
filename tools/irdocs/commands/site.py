"""``irdocs site generate DIR``: the portal's pages written to disk, for engines without plugins."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from irdocs import clock
from irdocs.commands import options
from irdocs.reporting.render import render, summary

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers


def site_generate(
    directory: Path,
    *,
    today: date,
    prefix: str = "portal",
    directory_urls: bool = True,
    site_url: str | None = None,
) -> int:
    """Write every page of the handbook found from the working directory into ``directory``.

    Returns 1 without writing anything when the handbook is invalid; IrdocsError, with nothing
    written, when a page would replace a file irdocs did not generate (see ``portal.output``).
    """
    from irdocs.portal import SCRIPTS, STYLESHEETS, asset_uri, generate  # not at start-up
    from irdocs.portal.loading import load_site
    from irdocs.portal.output import write_pages

    site, findings = load_site(
        Path.cwd(), today=today, prefix=prefix, directory_urls=directory_urls, site_url=site_url
    )
    if findings:
        sys.stdout.write(render(findings, "text"))
        print(summary(findings, len(site.handbook.paths)), file=sys.stderr)
        print("irdocs: fix these first; no page was written", file=sys.stderr)
        return 1
    pages = generate(site)
    write_pages(site.handbook.config, directory, pages)
    print(f"irdocs: wrote {len(pages)} files into {directory}", file=sys.stderr)
    assets = [asset_uri(site, name) for name in (*STYLESHEETS, *SCRIPTS)]
    print(
        f"irdocs: list these in extra_css / extra_javascript: {', '.join(assets)}", file=sys.stderr
    )
    return 0


def register(subparsers: Subparsers) -> None:
    parser = options.command(
        subparsers,
        "site",
        "the portal: write its pages for engines that cannot run the MkDocs plugin",
        "The portal's pages (status board, incidents, metrics, action items, "
        "runbooks, postmortems, status history, RSS feed) and every document's page, as the "
        "MkDocs plugin adds them. The handbook must validate first.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    generate = options.command(
        actions,
        "generate",
        "write the pages into DIR (e.g. docs/), replacing only pages irdocs generated",
        "Write the portal's pages and assets into DIR, laid out as the plugin does. A file "
        "already there is replaced only if irdocs generated it (listed in DIR/"
        ".irdocs-generated.json, unchanged since); anything else, a DIR outside the handbook "
        "or a symlink on the way stops it before any page is written.",
    )
    generate.add_argument("directory", type=Path, metavar="DIR", help="the docs folder to write")
    generate.add_argument(
        "--prefix", default="portal", help="folder of the portal's pages in DIR (default: portal)"
    )
    generate.add_argument(
        "--no-directory-urls",
        action="store_true",
        help="link pages as a/b.html (use_directory_urls: false) instead of a/b/",
    )
    generate.add_argument("--site-url", metavar="URL", help="the site's URL, for the RSS feed")
    options.add_today(generate, "overdue and stale are computed against")
    generate.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return site_generate(
        args.directory,
        today=clock.today(),
        prefix=args.prefix,
        directory_urls=not args.no_directory_urls,
        site_url=args.site_url,
    )
