"""The portal in a real browser: Debian's chromium driven by Playwright (no browser download).

Builds this repository's own site (its example handbook), serves it on loopback, and checks
that the status board renders, a table sorts on click, no script fails and nothing is fetched
off the host. Screenshots go to tmp_path, and also to $IRDOCS_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import REPO
from portal_site import build

CHROMIUM = next(
    (
        path
        for path in ("/usr/bin/chromium", shutil.which("chromium") or "")
        if path and Path(path).exists()
    ),
    None,
)
if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("chromium is missing; .ci/run installs it with apt", pytrace=False)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium at /usr/bin/chromium (apt-get install chromium)"
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build(REPO, tmp_path_factory.mktemp("browser") / "site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield launched
        launched.close()


class Visit:
    """A page opened with every request and script error recorded."""

    def __init__(self, browser: Any, url: str) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        self.page.goto(url, wait_until="networkidle")

    def off_host(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname != "127.0.0.1"
        ]

    def screenshot(self, folder: Path, name: str) -> None:
        for target in [folder, *filter(None, [os.environ.get("IRDOCS_SCREENSHOTS")])]:
            Path(target).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(target) / name), full_page=True)


def test_the_status_board_renders_offline(browser: Any, served: str, tmp_path: Path) -> None:
    visit = Visit(browser, served + "portal/")
    assert visit.page.locator(".md-content h1").first.inner_text().startswith("Status board")
    assert visit.page.locator(".irdocs-kpis li").count() == 8
    assert visit.page.locator(".admonition").count() >= 1
    assert visit.errors == []
    assert visit.off_host() == []
    visit.screenshot(tmp_path, "status-board.png")


def test_a_table_sorts_on_click(browser: Any, served: str) -> None:
    visit = Visit(browser, served + "portal/incidents/2026/")
    first = visit.page.locator(".irdocs-sort table tbody tr td:first-child")
    before = first.all_inner_texts()
    header = visit.page.locator(".irdocs-sort table th", has_text="incident")
    header.click()
    once = first.all_inner_texts()
    assert once in (sorted(before), sorted(before, reverse=True))
    header.click()
    assert first.all_inner_texts() == once[::-1]
    assert header.get_attribute("aria-sort") in ("ascending", "descending")
    assert visit.errors == [] and visit.off_host() == []


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("portal/metrics/", "metrics.png"),
        ("incidents/INC-2025-12-19-checkout-outage/", "incident.png"),
    ],
    ids=["metrics", "incident"],
)
def test_pages_render_without_errors(
    browser: Any, served: str, tmp_path: Path, path: str, name: str
) -> None:
    visit = Visit(browser, served + path)
    assert visit.page.locator(".md-content h1").count() == 1
    assert visit.errors == [] and visit.off_host() == []
    visit.screenshot(tmp_path, name)
