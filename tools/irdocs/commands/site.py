"""``irdocs site generate DIR``: the portal's pages written to disk, for engines without plugins."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from irdocs.portal import SCRIPTS, STYLESHEETS, asset_uri, generate
from irdocs.portal.loading import load_site
from irdocs.reporting.render import render, summary


def site_generate(
    directory: Path,
    *,
    today: date,
    prefix: str = "portal",
    directory_urls: bool = True,
    site_url: str | None = None,
) -> int:
    """Write every page of the handbook found from the working directory into ``directory``.

    Returns 1 without writing anything when the handbook is invalid.
    """
    site, findings = load_site(
        Path.cwd(), today=today, prefix=prefix, directory_urls=directory_urls, site_url=site_url
    )
    if findings:
        sys.stdout.write(render(findings, "text"))
        print(summary(findings, len(site.handbook.paths)), file=sys.stderr)
        print("irdocs: fix these first; no page was written", file=sys.stderr)
        return 1
    pages = generate(site)
    for page in pages:
        target = directory / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    print(f"irdocs: wrote {len(pages)} files into {directory}", file=sys.stderr)
    assets = [asset_uri(site, name) for name in (*STYLESHEETS, *SCRIPTS)]
    print(
        f"irdocs: list these in extra_css / extra_javascript: {', '.join(assets)}", file=sys.stderr
    )
    return 0
