"""Helpers for the portal tests: a fixture handbook with an mkdocs.yml, built into tmp_path."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from conftest import CASES

HOSTILE = "<script>alert(1)</script>"
TODAY = "2026-11-22"
MKDOCS_YML = f"""site_name: Fixture handbook
docs_dir: docs
theme:
  name: material
  font: false
extra:
  generator: false
plugins:
  - search
  - irdocs:
      today: "{TODAY}"
"""
ACTIVE = """---
id: INC-2026-11-21-payments-hostile
title: "{title}"
severity: SEV-1
status: investigating
services: [payments]
customer_impact:
  scope: all
  description: "Card payments fail [click](javascript:alert(1))"
detection_source: alert
roles:
  commander: "Mallory <img src=x onerror=alert(2)>"
impact_started: 2026-11-21T08:00:00+00:00
detected: 2026-11-21T08:05:00+00:00
acknowledged: 2026-11-21T08:07:00+00:00
declared: 2026-11-21T08:10:00+00:00
updates:
  - at: 2026-11-21T08:15:00+00:00
    status: investigating
    audience: public
    message: "Payments are failing. <b>bold</b> [x](javascript:alert(3))"
---

## What's happening

Raw HTML <script>alert(4)</script> and a [link](javascript:alert(5)) lose their script.

A marker in code, `<!-- irdocs-html 0 -->`, stays code.

``<img src=x onerror=alert(1)>```

``<!-- irdocs-html 999 -->```
"""


def make_handbook(root: Path, *, title: str = HOSTILE) -> Path:
    """The case handbook plus an active SEV-1 with hostile values, docs/ and mkdocs.yml."""
    shutil.copytree(CASES / "_handbook", root)
    (root / "incidents" / "INC-2026-11-21-payments-hostile.md").write_text(
        ACTIVE.format(title=title.replace('"', '\\"'))
    )
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Fixture\n")
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    return root


def build(root: Path, site: Path) -> Path:
    """Build ``root``'s mkdocs.yml strictly into ``site``, in this process, as mkdocs does."""
    from mkdocs.commands.build import build as run_build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        run_build(config)
    finally:
        config.plugins.on_shutdown()
    return site


ALLOWED_URLS = ("http://www.w3.org/", "https://www.w3.org/", "http://www.sitemaps.org/schemas/")
"""XML namespaces: names, never fetched."""
URL = re.compile(r"https?://[^\s\"'<>)]+")
SCANNED = (".html", ".xml", ".css", ".svg", ".json")


def external_urls(site: Path, own: str | None = None) -> list[str]:
    """Every http(s) URL in the built pages, styles and data that points off the site's host.

    The theme's own bundle under ``assets/`` is left out: its licence comments and code name
    hosts it only contacts for features the site does not use (Mermaid, repository facts); the
    browser test checks the requests actually made.
    """
    allowed = (*ALLOWED_URLS, *([own] if own else []))
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix in SCANNED and path.relative_to(site).parts[0] != "assets":
            for url in URL.findall(path.read_text(encoding="utf-8", errors="replace")):
                if not url.startswith(allowed):
                    found.append(f"{path.relative_to(site)}: {url}")
    return found
