"""Helpers for the portal tests: a fixture handbook with an mkdocs.yml, built into tmp_path."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

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


def case_site(root: Path, mkdocs_yml: str = MKDOCS_YML) -> Path:
    """The case handbook (tests/cases/_handbook) with docs/ and ``mkdocs_yml``, at ``root``."""
    shutil.copytree(CASES / "_handbook", root, dirs_exist_ok=True)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Fixture\n")
    (root / "mkdocs.yml").write_text(mkdocs_yml)
    return root


def make_handbook(root: Path, *, title: str = HOSTILE) -> Path:
    """The case handbook plus an active SEV-1 with hostile values, docs/ and mkdocs.yml."""
    case_site(root)
    (root / "incidents" / "INC-2026-11-21-payments-hostile.md").write_text(
        ACTIVE.format(title=title.replace('"', '\\"'))
    )
    return root


def build_process(root: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of ``root`` as its own process, as CI runs it: the exit status and the
    log as a reader of that log sees them."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-d", str(root / "out")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=120,
    )


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


SERVICES = (
    "checkout",
    "payments",
    "search",
    "catalog",
    "accounts",
    "notifications",
    "shipping",
    "inventory",
    "pricing",
    "recommendations",
    "identity-provider-gateway",
    "warehouse-management-integration",
)
PEOPLE = {"Mei Lin": "search", "Ravi Menon": "payments", "Aisha Bello": "checkout"}
"""Owners in a team; "Jonas Weber" owns items and is in none."""
_INCIDENT = """---
id: {id}
title: {title}
severity: {severity}
status: {status}
services: [{services}]
customer_impact: {{scope: subset, description: Some customers were affected.}}
detection_source: alert
roles:
  commander: Mei Lin
  communications_lead: Ravi Menon
  operations_lead: Aisha Bello
  scribe: Jonas Weber
impact_started: {start}T08:00:00+00:00
detected: {start}T08:04:00+00:00
{acknowledged}declared: {start}T08:10:00+00:00
{ended}{changes}---

## What's happening

Requests fail for some customers.
"""
_POSTMORTEM = """---
incident: {id}
title: What happened to {service}
severity: {severity}
status: {status}
authors: [Mei Lin]
action_items:
  - id: AI-1
    title: Alert before the queue of {service} fills up
    owner: {owner}
    due: 2026-10-01
    priority: P1
    type: detect
    status: open
    ticket: OPS-1
  - id: AI-2
    title: Write the runbook for {service}
    owner: Jonas Weber
    due: 2026-11-21
    priority: P2
    type: process
    status: open
---

## Summary

The queue filled up.
"""


def _incident_id(day: str, service: str, slug: str) -> str:
    return f"INC-{day}-{service}-{slug}"


def make_leadership_handbook(root: Path) -> Path:
    """A handbook that stresses the board: 12 services (two with long names), 14 resolved
    incidents in the last 90 days with long IDs, an unacknowledged SEV-1 raised from SEV-2,
    an acknowledged SEV-3, postmortems missing, late and due, and overdue action items by owners
    in teams and in none."""
    for folder in ("incidents", "postmortems", "runbooks", "docs"):
        (root / folder).mkdir(parents=True)
    teams = "\n".join(f'"{person}" = "{team}"' for person, team in PEOPLE.items())
    (root / "irdocs.toml").write_text(
        f"services = [{', '.join(repr(s).replace(chr(39), chr(34)) for s in SERVICES)}]\n"
        f"\n[teams]\n{teams}\n"
    )
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    severities = ("SEV-1", "SEV-2", "SEV-3", "SEV-4")
    owners = [*PEOPLE, "Jonas Weber"]
    for n, service in enumerate((*SERVICES, "checkout", "payments")):
        day = f"2026-{9 + n // 6:02d}-{1 + (n * 5) % 28:02d}"
        severity = severities[n % 4]
        ident = _incident_id(day, service, "requests-failing-after-the-configuration-rollout")
        text = _INCIDENT.format(
            id=ident,
            title=f"Requests to {service} failing after a configuration rollout",
            severity=severity,
            status="resolved",
            services=service if n % 5 or service == "search" else f"{service}, search",
            start=day,
            acknowledged=f"acknowledged: {day}T08:09:00+00:00\n",
            ended=f"mitigated: {day}T{9 + n % 9:02d}:30:00+00:00\n"
            f"resolved: {day}T{10 + n % 9:02d}:00:00+00:00\n",
            changes="",
        )
        (root / "incidents" / f"{ident}.md").write_text(text)
        if severity in ("SEV-1", "SEV-2") and n % 3:
            status = ("published", "draft", "in-review")[n % 3]
            (root / "postmortems" / f"{ident}.md").write_text(
                _POSTMORTEM.format(
                    id=ident,
                    service=service,
                    severity=severity,
                    status=status,
                    owner=owners.pop(0) if owners else "Jonas Weber",
                )
            )
    raised = _incident_id(
        "2026-11-22", "warehouse-management-integration", "duplicate-shipment-notifications"
    )
    (root / "incidents" / f"{raised}.md").write_text(
        _INCIDENT.format(
            id=raised,
            title="Customers receive every shipment notification twice",
            severity="SEV-1",
            status="investigating",
            services="warehouse-management-integration, notifications",
            start="2026-11-22",
            acknowledged="",
            ended="",
            changes="severity_changes:\n  - {at: 2026-11-22T08:40:00+00:00, from: SEV-2, to: "
            "SEV-1, reason: Every customer is affected.}\n",
        )
    )
    watched = _incident_id("2026-11-21", "identity-provider-gateway", "slow-logins")
    (root / "incidents" / f"{watched}.md").write_text(
        _INCIDENT.format(
            id=watched,
            title="Slow logins through the identity provider gateway",
            severity="SEV-3",
            status="monitoring",
            services="identity-provider-gateway",
            start="2026-11-21",
            acknowledged="acknowledged: 2026-11-21T08:09:00+00:00\n",
            ended="mitigated: 2026-11-21T09:00:00+00:00\n",
            changes="",
        )
    )
    (root / "docs" / "about.md").write_text("# About\n")
    return root


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(site: Path) -> Iterator[str]:
    """A built site on 127.0.0.1 (a free port) while the generator runs: its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
