"""The portal in a real browser: Debian's chromium driven by Playwright (no browser download).

Builds this repository's own site (its example handbook), serves it on loopback, and checks
that the status board renders, a table sorts on click, no script fails and nothing is fetched
off the host. A second handbook made to stress the layout (long IDs, 12 services, a severity
change, overdue action items) is checked at 1400 and 390 px: no table scrolls sideways at 1400 px,
the board's sections are all there, and on a phone the board does not scroll sideways.
Screenshots go to tmp_path, and also to $IRDOCS_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import REPO
from irdocs.portal.board import SECTIONS
from portal_site import build, make_leadership_handbook, serve

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


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(build(REPO, tmp_path_factory.mktemp("browser") / "site"))


@pytest.fixture(scope="module")
def stressed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_leadership_handbook(tmp_path_factory.mktemp("stressed") / "handbook")
    yield from serve(build(root, root / "site"))


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

    def __init__(self, browser: Any, url: str, width: int = 1280) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
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


def test_the_status_board_is_the_home_page_and_renders_offline(
    browser: Any, served: str, tmp_path: Path
) -> None:
    visit = Visit(browser, served)
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


OVERFLOWING = """() => [...document.querySelectorAll('.md-content table')].flatMap(table => {
  const scrollers = [
    table, table.closest('.md-typeset__scrollwrap'), table.closest('.irdocs-table')];
  return scrollers.filter(s => s && s.scrollWidth > s.clientWidth).map(s =>
    `${s.className || s.tagName}: ${s.scrollWidth} > ${s.clientWidth} in a table starting `
    + JSON.stringify(table.innerText.slice(0, 40)));
})"""
SIDEWAYS = "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
PAGES = (
    "",
    "portal/",
    "portal/incidents/",
    "portal/incidents/2026/",
    "portal/metrics/",
    "portal/actions/",
    "portal/postmortems/",
    "portal/runbooks/",
    "portal/status/",
    "incidents/INC-2026-11-22-warehouse-management-integration-duplicate-shipment-notifications/",
)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.strip("/").split("/")[-1] or "home")
def test_no_table_scrolls_sideways_at_1400_px(browser: Any, stressed: str, path: str) -> None:
    visit = Visit(browser, stressed + path, width=1400)
    assert visit.page.locator(".md-content h1").count() == 1
    assert visit.page.evaluate(OVERFLOWING) == []
    assert visit.page.evaluate(SIDEWAYS) == 0
    assert visit.errors == [] and visit.off_host() == []


@pytest.mark.parametrize("width", [1400, 390])
def test_the_board_answers_at_a_glance(
    browser: Any, stressed: str, tmp_path: Path, width: int
) -> None:
    visit = Visit(browser, stressed, width=width)
    page = visit.page
    assert page.locator(".md-content h2").all_inner_texts() == list(SECTIONS)
    assert page.evaluate(SIDEWAYS) == 0  # a phone reads the board without scrolling sideways
    first = page.locator(".md-content .admonition").first.inner_text()
    assert "unacknowledged" in first and "declared SEV-2, raised to SEV-1" in first
    assert page.locator(".irdocs-asof").inner_text().endswith(" UTC")
    services = page.locator("#incidents-by-service + p + .irdocs-table tbody tr")
    assert services.count() == 12
    teams = page.locator("#by-team + .irdocs-table tbody td:first-child").all_inner_texts()
    assert set(teams) == {"search", "payments", "checkout", "no team"}
    assert "1 day" in page.locator("#overdue-action-items ~ .irdocs-table").last.inner_text()
    assert page.locator(".irdocs-chart .axis").count() > 0
    assert visit.errors == [] and visit.off_host() == []
    visit.screenshot(tmp_path, f"stressed-board-{width}.png")
