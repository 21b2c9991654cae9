"""The MkDocs plugin builds fixture handbooks: pages, rows, badges, escaping, offline, failures."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from portal_site import HOSTILE, build, external_urls, make_handbook, make_leadership_handbook


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_handbook(tmp_path_factory.mktemp("portal") / "handbook")
    return build(root, root / "site")


def test_the_status_board_shows_the_active_incident_first_as_a_danger_admonition(
    site: Path,
) -> None:
    board = (site / "portal" / "index.html").read_text()
    admonitions = re.findall(r'<div class="admonition (\w+)"', board)
    assert admonitions == ["danger"]
    assert 'class="irdocs-badge irdocs-sev1">SEV-1</span>' in board
    assert board.count('<li><span class="irdocs-kpi-label">') == 8
    assert "Incidents, last 30 days" in board and "MTTR p90, last 90 days" in board


def test_year_listings_have_one_row_per_incident_and_stay_out_of_the_nav(site: Path) -> None:
    year = site / "portal" / "incidents" / "2026" / "index.html"
    rows = [t for t in tags(year) if t[0] == "tr"]
    assert len(rows) == 1 + 3  # header + the three incidents of 2026
    board = (site / "portal" / "index.html").read_text()
    assert "INC-2026-04-10-search-latency" not in board.split('class="md-content"')[0]


def test_incident_pages_carry_the_summary_card_badges_and_timeline(site: Path) -> None:
    page = (site / "incidents" / "INC-2026-04-10-search-latency" / "index.html").read_text()
    assert 'class="irdocs-card"' in page
    assert 'irdocs-badge irdocs-sev3">SEV-3<' in page
    assert "irdocs-status-resolved" in page
    assert "Timeline" in page


def test_runbook_catalogue_badges_freshness(site: Path) -> None:
    page = (site / "portal" / "runbooks" / "index.html").read_text()
    # the one runbook was reviewed 2026-09-14, every 180 days: fresh on 2026-11-22
    assert re.findall(r"irdocs-(fresh|stale|due-soon)", page) == ["fresh"]
    assert re.search(r"\b1 runbooks?, 0 stale\.", page)


def test_hostile_values_render_as_text(site: Path) -> None:
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert "<b>bold</b>" not in html, path
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html, re.I), path
    page = (site / "incidents" / "INC-2026-11-21-payments-hostile" / "index.html").read_text()
    assert "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;" in page  # shown as typed
    assert "<p>Raw HTML  and a <a>link</a> lose their script.</p>" in page  # a body is sanitized


def test_html_blocks_go_back_in_place_and_a_marker_in_code_stays_code(site: Path) -> None:
    for path in site.rglob("*.html"):
        assert "<!-- irdocs-html" not in path.read_text(encoding="utf-8"), path
    page = (site / "incidents" / "INC-2026-11-21-payments-hostile" / "index.html").read_text()
    assert "<code>&lt;!-- irdocs-html 0 --&gt;</code>" in page
    # issue 14: the old marker in the backtick trick crashed the build (IndexError)
    assert '<p>``<img src="x">```</p>\n<p>`````</p>' in page
    assert page.index('class="irdocs-card"') < page.index('id="timeline"')
    assert page.index('id="timeline"') < page.index('class="irdocs-table')


def test_search_indexes_a_document_pages_blocks_as_separate_words(site: Path) -> None:
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    entries = {d["location"]: d["text"] for d in docs}
    card = entries["incidents/INC-2026-04-10-search-latency/"]
    assert card.startswith("<p>SEV-3 Slow search results Status resolved Services checkout ")
    timeline = entries["incidents/INC-2026-11-21-payments-hostile/#timeline"]
    assert timeline.startswith("<p>at status audience message 2026-11-21 08:15 UTC investigating ")
    assert "Status board" in {d["title"] for d in docs}  # listings are indexed as built


def test_the_built_site_names_no_host_but_its_own(site: Path) -> None:
    assert external_urls(site) == []


def test_the_feed_is_rss_2_with_the_public_updates(site: Path) -> None:
    feed = ET.parse(site / "portal" / "feed.xml").getroot()
    assert feed.tag == "rss" and feed.get("version") == "2.0"
    titles = [item.findtext("title") for item in feed.iter("item")]
    assert titles == [
        f"{HOSTILE} (investigating)",
        "Checkout errors for EU customers (resolved)",
    ]
    # A reader renders a description as HTML: the message must come out as typed, as text.
    description = next(feed.iter("item")).findtext("description") or ""
    assert description.startswith("Payments are failing. &lt;b&gt;bold&lt;/b&gt; [x](javascript:")
    assert html.unescape(description).startswith("Payments are failing. <b>bold</b> [x](")


def test_charts_are_svg_with_titles_for_screen_readers(site: Path) -> None:
    page = (site / "portal" / "metrics" / "index.html").read_text()
    assert page.count('<svg class="irdocs-chart') == 4
    assert page.count('role="img"') >= 4
    assert '<title id="count-month-t">Incidents per month, by severity</title>' in page


def _mkdocs(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", *args, "-d", str(root / "out")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def test_an_invalid_handbook_fails_the_build_with_the_diagnostic_line(tmp_path: Path) -> None:
    root = make_handbook(tmp_path / "handbook", title="Fine")
    incident = root / "incidents" / "INC-2026-04-10-search-latency.md"
    incident.write_text(incident.read_text().replace("severity: SEV-3", "severity: high"))
    done = _mkdocs(root)
    assert done.returncode == 1
    line = "incidents/INC-2026-04-10-search-latency.md:4:11: IR101 severity: "
    assert re.search(f"{re.escape(line)}\\S", done.stderr), done.stderr  # and jsonschema's words
    assert not (root / "out" / "portal").exists()


def test_the_docs_own_home_page_is_kept(site: Path) -> None:
    assert (
        "<h1" in (site / "index.html").read_text()
        and "Fixture</h1>" in (site / "index.html").read_text()
    )
    assert "Status board</h1>" in (site / "portal" / "index.html").read_text()


def test_without_a_home_page_of_its_own_the_board_is_home(tmp_path: Path) -> None:
    root = make_leadership_handbook(tmp_path / "handbook")
    site = build(root, root / "site")
    home = (site / "index.html").read_text()
    assert "Status board</h1>" in home
    assert 'href="portal/metrics/"' in home  # links are relative to the home page
    assert "Status board</h1>" in (site / "portal" / "index.html").read_text()
    index = json.loads((site / "search" / "search_index.json").read_text())
    boards = [d["location"] for d in index["docs"] if d["title"] == "Status board"]
    assert boards == ["portal/"]  # the copy at home is not found twice
