"""No script in the portal: tests/hostile/xss.yaml's payloads in every field and body, built by a
real ``mkdocs build``, then read as HTML here and opened in Chromium (issue 14).

The fast tests parse every built page as a browser's tokenizer does (entities decoded in
attribute values); the browser tests load every page and count dialogs, ``on*`` attributes and
``javascript:``/``data:`` URLs in the live DOM.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from hostile_site import TODAY, make_commented_handbook, make_hostile_handbook, payloads
from portal_site import build, serve

URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "poster", "cite", "background", "xlink:href"}
)
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
UNSAFE_SCHEME = re.compile(r"(javascript|vbscript|data):", re.IGNORECASE)


def unsafe_url(value: str) -> bool:
    """A URL a browser would run or load as a document: its scheme, once the characters a URL
    parser ignores are gone, is javascript:, vbscript: or data:."""
    return UNSAFE_SCHEME.match(_IGNORED_IN_URLS.sub("", value)) is not None


class _Scan(HTMLParser):
    """What in a page could run: handlers, unsafe URLs, scripts that mention alert()."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value is not None and unsafe_url(value):
                self.urls.append(f"<{tag} {name}={value!r}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.scripts.append(data[:80])


def scan(html: str) -> _Scan:
    scanner = _Scan()
    scanner.feed(html)
    scanner.close()
    return scanner


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "handbook"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IRDOCS_TODAY", TODAY)
        make_hostile_handbook(root)
    return build(root, root / "site")


def test_the_scanner_finds_what_would_run() -> None:
    page = scan(
        '<a href="&#106;avascript:alert(1)">a</a><img src=" java&Tab;script:x">'
        "<b onclick=x>b</b><script>alert(2)</script><a href='https://x/'>ok</a>"
    )
    assert page.urls == [
        "<a href='javascript:alert(1)'>",
        "<img src=' java\\tscript:x'>",
    ]
    assert page.handlers == ["<b onclick='x'>"]
    assert page.scripts == ["alert(2)"]


def test_every_payload_went_in(hostile_site: Path) -> None:
    """Each payload has its documents' pages, and declare/postmortem made theirs."""
    count = len(payloads())
    assert count >= 30
    assert len(list((hostile_site / "incidents").glob("INC-2026-10-01-hostile-*"))) == count
    assert len(list((hostile_site / "runbooks" / "hostile").iterdir())) == count
    drafted = [p for p in (hostile_site / "postmortems").iterdir() if "2026-11-" in p.name]
    assert len(drafted) == count


def test_no_page_carries_a_handler_an_unsafe_url_or_a_payloads_script(hostile_site: Path) -> None:
    found = []
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 4 * len(payloads())
    for path in pages:
        page = scan(path.read_text(encoding="utf-8"))
        where = path.relative_to(hostile_site)
        found += [f"{where}: {item}" for item in (*page.handlers, *page.urls, *page.scripts)]
    assert found == []


def test_no_html_comment_reaches_a_postmortem_page(hostile_site: Path) -> None:
    for path in (hostile_site / "postmortems").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        body = html[html.index('<article class="md-content__inner') :]
        assert "<!--" not in body.split("</article>")[0], path


def test_the_search_index_has_no_live_markup(hostile_site: Path) -> None:
    """The theme shows search results' text as HTML: read so, nothing in it could run."""
    docs = json.loads((hostile_site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    assert len(docs) > 4 * len(payloads())
    found = []
    for doc in docs:
        for field in ("title", "text"):
            page = scan(doc[field])
            found += [f"{doc['location']}: {item}" for item in (*page.handlers, *page.urls)]
    assert found == []


def test_the_feed_descriptions_are_text_in_html(hostile_site: Path) -> None:
    """A feed reader renders a description as HTML: parsed so, it has no element at all."""
    feed = ET.parse(hostile_site / "portal" / "feed.xml").getroot()
    items = list(feed.iter("item"))
    assert len(items) >= len(payloads())
    messages = {payload.text for payload in payloads()}
    for item in items:
        description = item.findtext("description") or ""
        tags: list[str] = []
        parser = _Tags(tags)
        parser.feed(description)
        parser.close()
        assert tags == [], description
        assert _unescape(description) in messages | {""} or "hostile" not in item.findtext(
            "guid", ""
        )


def test_site_generate_writes_pages_no_engine_can_make_run_a_payload(
    hostile_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """For engines without the plugin: each generated page, rendered as Python-Markdown (with
    md_in_html and attr_list) or a CommonMark engine with raw HTML on would, runs nothing."""
    import markdown
    from markdown_it import MarkdownIt

    from irdocs.main import main

    monkeypatch.chdir(hostile_site.parent)
    out = hostile_site.parent / "generated"  # site generate writes only inside the handbook
    assert main(["site", "generate", str(out), "--today", TODAY]) == 0
    commonmark = MarkdownIt("commonmark", {"html": True}).enable("table")
    pages = sorted(out.rglob("*.md"))
    assert len(pages) > 4 * len(payloads())
    found = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for html in (
            markdown.markdown(text, extensions=["tables", "md_in_html", "attr_list", "meta"]),
            commonmark.render(text),
        ):
            page = scan(html)
            found += [
                f"{path.name}: {item}" for item in (*page.handlers, *page.urls, *page.scripts)
            ]
    assert found == []


class _Tags(HTMLParser):
    def __init__(self, tags: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.tags = tags

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_comment(self, data: str) -> None:
        self.tags.append("<!--")


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


# --- Chromium --------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
browser_only = pytest.mark.skipif(not CHROMIUM.exists(), reason="no chromium at /usr/bin/chromium")

_DOM_CHECK = """() => {
  const handlers = [], urls = [];
  const ignored = /[\\u0000-\\u0020\\u007f]+/g;
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.toLowerCase().startsWith('on')) handlers.push(el.tagName + ' ' + a.name);
      if (['href', 'src', 'action', 'formaction', 'data', 'poster', 'xlink:href'].includes(
            a.name.toLowerCase())
          && /^(javascript|vbscript|data):/i.test(a.value.replace(ignored, '')))
        urls.push(el.tagName + ' ' + a.name + '=' + a.value);
    }
  }
  const article = document.querySelector('article');
  return {
    handlers, urls,
    comment: article.innerText.includes('<!--'),
    lists: article.querySelectorAll('ol > li').length,
    headers: [...article.querySelectorAll('table th')].map(th => th.textContent.trim()),
  };
}"""
"""Per page: handlers and unsafe URLs in the whole DOM; in the article, whether ``<!--`` is
visible, how many ordered-list items and which table headers it has."""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield launched
        launched.close()


def visit_all(chromium: Any, site: Path, pages: list[Path]) -> tuple[list[str], dict[str, Any]]:
    """Open each page of ``site`` in Chromium: the dialogs that fired, and each page's DOM facts."""
    dialogs: list[str] = []
    facts: dict[str, Any] = {}
    server = serve(site)
    base = next(server)
    try:
        tab = chromium.new_page(viewport={"width": 1400, "height": 900})

        def dismiss(dialog: Any) -> None:
            dialogs.append(f"{tab.url}: {dialog.type} {dialog.message}")
            dialog.dismiss()

        tab.on("dialog", dismiss)
        for path in pages:
            tab.goto(base + path.relative_to(site).as_posix(), wait_until="load")
            tab.wait_for_timeout(20)  # an onerror or onload fires right after load
            facts[path.relative_to(site).parent.as_posix()] = tab.evaluate(_DOM_CHECK)
        tab.close()
    finally:
        next(server, None)
    return dialogs, facts


@browser_only
def test_in_chromium_no_payload_runs_and_no_handler_or_unsafe_url_is_left(
    chromium: Any, hostile_site: Path
) -> None:
    pages = sorted(
        p
        for p in hostile_site.rglob("index.html")
        if p.relative_to(hostile_site).parts[0]
        in ("incidents", "postmortems", "runbooks", "portal")
    )
    assert len(pages) > 4 * len(payloads())
    dialogs, facts = visit_all(chromium, hostile_site, pages)
    assert dialogs == []
    assert [f"{page}: {item}" for page, f in facts.items() for item in f["handlers"]] == []
    assert [f"{page}: {item}" for page, f in facts.items() for item in f["urls"]] == []


@pytest.fixture(scope="module")
def commented_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("commented") / "handbook"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IRDOCS_TODAY", TODAY)
        make_commented_handbook(root)
    return build(root, root / "site")


@browser_only
def test_template_comments_never_show_and_never_swallow_a_list_or_a_table(
    chromium: Any, commented_site: Path
) -> None:
    """Issue 13: every body has the templates' comments, each directly followed by a numbered
    list or a table, as an author fills a template in."""
    pages = sorted(
        p
        for p in commented_site.rglob("index.html")
        if p.relative_to(commented_site).parts[0] in ("incidents", "postmortems", "runbooks")
    )
    assert len(pages) == 6
    dialogs, facts = visit_all(chromium, commented_site, pages)
    assert dialogs == []
    assert [page for page, f in facts.items() if f["comment"]] == []
    assert {page: f["lists"] for page, f in facts.items() if f["lists"] < 2} == {}
    assert [page for page, f in facts.items() if "Tracked by" not in f["headers"]] == []
