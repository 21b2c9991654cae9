"""Regenerate the portal's screenshots in docs/images/ from a real build of the example handbook.

    .venv/bin/python tools/screenshots.py            # all of them, into docs/images/
    .venv/bin/python tools/screenshots.py --out DIR  # somewhere else (e.g. to compare)

Builds this repository's mkdocs.yml strictly into a temporary folder, serves it on 127.0.0.1,
opens the status board (the home page), the metrics page and one incident page in Debian's
Chromium (Playwright, no browser download) at 1400 and 390 px wide, and saves full-page PNGs.
Fails (exit 1) when a page logs a script error or the page scrolls sideways, so a screenshot of
a broken page is never committed. Needs the `site` and `test` dependencies
(`make .venv/.installed`).
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
PAGES = (
    ("", "status-board"),
    ("portal/metrics/", "metrics"),
    ("incidents/INC-2025-12-19-checkout-outage/", "incident"),
)
"""Path under the site and the screenshot's name."""
WIDTHS = (1400, 390)
LEGACY = {("status-board", 1400): "status-board.png"}
"""The name README.md has always shown, kept as a copy of the 1400 px board."""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def build(site: Path) -> None:
    from mkdocs.commands.build import build as run_build
    from mkdocs.config import load_config

    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.WARNING)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        run_build(config)
    finally:
        config.plugins.on_shutdown()


def shoot(base: str, out: Path) -> list[str]:
    """Every page at every width into ``out``; the problems seen (script errors, sideways
    scrolling), empty when none."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        for width in WIDTHS:
            for path, name in PAGES:
                page = browser.new_page(viewport={"width": width, "height": 900})
                errors: list[str] = []
                page.on("pageerror", lambda error, e=errors: e.append(str(error)))
                page.on(
                    "console",
                    lambda m, e=errors: e.append(m.text) if m.type == "error" else None,
                )
                page.goto(base + path, wait_until="networkidle")
                sideways = page.evaluate(
                    "document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth"
                )
                problems += [f"{path or '/'} at {width}px: {error}" for error in errors]
                if sideways:
                    problems.append(f"{path or '/'} at {width}px scrolls sideways")
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                legacy = LEGACY.get((name, width))
                if legacy:
                    (out / legacy).write_bytes(target.read_bytes())
                page.close()
        browser.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build(site)
        handler = functools.partial(_Quiet, directory=str(site))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            problems = shoot(f"http://127.0.0.1:{server.server_address[1]}/", args.out)
        finally:
            server.shutdown()
            server.server_close()
    for problem in problems:
        print(f"screenshots: {problem}", file=sys.stderr)
    written = len(PAGES) * len(WIDTHS)
    print(f"screenshots: wrote {written} pages into {args.out}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
