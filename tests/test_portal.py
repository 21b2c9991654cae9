"""The generator without MkDocs: escaping, charts, `irdocs site generate`, and ProperDocs."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Run
from irdocs.portal import charts, escape, search
from irdocs.portal.site import markdown_page
from portal_site import TODAY, make_handbook


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("<script>alert(1)</script>", "&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;"),
        ("*bold* _it_ `code`", "&#42;bold&#42; &#95;it&#95; &#96;code&#96;"),
        ("a \"quote\" & 's'", "a &#34;quote&#34; &#38; &#39;s&#39;"),
        (":emoji: {: .class }", "&#58;emoji&#58; &#123;&#58; .class &#125;"),
    ],
    ids=["script", "emphasis", "quotes", "shortcodes"],
)
def test_text_escapes_html_and_markdown(value: str, shown: str) -> None:
    assert escape.text(value) == shown


def test_attributes_are_quoted_and_escaped() -> None:
    value = """x" onmouseover="alert(1)" y='z'"""
    assert escape.attr(value) == "x&quot; onmouseover=&quot;alert(1)&quot; y=&#x27;z&#x27;"
    assert escape.tag("a", "t", href=value) == (
        '<a href="x&quot; onmouseover=&quot;alert(1)&quot; y=&#x27;z&#x27;">t</a>'
    )


def test_a_page_gives_the_engine_light_markdown_with_a_marker_for_each_html_block() -> None:
    body = "<3 and `<!-- irdocs-html 0 -->`\n\n<div>as typed</div>\n"
    parts = ["---\ntitle: T\n---\n", "# T\n", "<div>a</div>", "\n## H\n", "<p>b</p>"]
    page = markdown_page("x.md", parts, body=body, in_nav=False)
    light, blocks = page.light(lambda n: f"<!-- m{n} -->")
    assert blocks == ("<div>a</div>", "<p>b</p>")
    assert light == "\n\n".join([*parts[:2], "<!-- m0 -->", parts[3], "<!-- m1 -->", body]) + "\n"


def test_other_engines_get_the_body_rendered_and_sanitized_as_one_html_block() -> None:
    body = "## Why\n\n<!-- Five whys -->\n1. one\n2. two <img src=x onerror=alert(1)>\n\n"
    body += "```\na\n\nb\n```\n"
    parts = ["---\ntitle: T\n---\n", "# T\n", "<div>a</div>"]
    text = markdown_page("x.md", parts, body=body, in_nav=False).text()
    rendered = text.split("\n\n")[-1]
    assert text == "\n\n".join([*parts, rendered])  # the body is the last block, with no blank line
    assert rendered == (
        '<div class="irdocs-body" markdown="0">\n<h2>Why</h2>&#10;\n<ol>\n<li>one</li>\n'
        '<li>two <img src="x"></li>\n</ol>\n<pre><code>a&#10;\nb\n</code></pre>\n</div>\n'
    )
    assert markdown_page("y.md", ["# Y\n"]).text() == "# Y\n\n"


def test_search_text_of_a_block_is_its_words_separated() -> None:
    card = '<div class="c"><dl><dt>Services</dt><dd><a href="a/?b=1&amp;c">api</a></dd></dl></div>'
    assert search.plain(card) == "<p>Services api</p>"
    assert search.plain("<table><tr><td>&#60;x&#62;</td></tr></table>") == "<p>&#60;x&#62;</p>"
    assert search.plain("<div> </div>") == ""


def test_charts_have_a_title_a_description_and_a_tooltip_per_mark() -> None:
    svg = charts.stacked_bars(
        "c",
        "Incidents <per> month",
        ["2026-01"],
        [charts.Series("SEV-1", "sev1", (2.0,))],
        charts.count_axes("month", "incidents"),
    )
    assert 'role="img"' in svg and 'aria-labelledby="c-t c-d"' in svg
    assert '<title id="c-t">Incidents &#60;per&#62; month</title>' in svg
    assert "<title>2026-01 SEV-1&#58; 2</title>" in svg


def test_site_generate_writes_the_pages_the_plugin_adds(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_handbook(tmp_path / "handbook")
    monkeypatch.chdir(root)
    result = run("site", "generate", "docs", "--today", TODAY)
    assert result.code == 0, result.err
    assert (root / "docs" / "portal" / "index.md").is_file()
    assert (root / "docs" / "portal" / "assets" / "tablesort.min.js").is_file()
    assert (root / "docs" / "incidents" / "INC-2026-11-21-payments-hostile.md").is_file()
    assert "wrote 19 files into docs" in result.err


def test_site_generate_refuses_an_invalid_handbook(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_handbook(tmp_path / "handbook")
    incident = root / "incidents" / "INC-2026-04-10-search-latency.md"
    incident.write_text(incident.read_text().replace("severity: SEV-3", "severity: high"))
    monkeypatch.chdir(root)
    result = run("site", "generate", "docs", "--today", TODAY)
    assert result.code == 1
    assert result.out.startswith("incidents/INC-2026-04-10-search-latency.md:4:11: IR101 ")
    assert not (root / "docs" / "portal").exists()


def _build(tool: str, root: Path, out: Path) -> None:
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / tool),
            "build",
            "--strict",
            "-f",
            "mkdocs.yml",
            *("-d", str(out)),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
    )
    assert done.returncode == 0, done.stderr


def test_properdocs_builds_the_same_site_unchanged(tmp_path: Path) -> None:
    root = make_handbook(tmp_path / "handbook", title="Payments fail")
    _build("mkdocs", root, tmp_path / "mkdocs")
    _build("properdocs", root, tmp_path / "properdocs")
    pages = {p.relative_to(tmp_path / "mkdocs") for p in (tmp_path / "mkdocs").rglob("*.html")}
    assert pages == {
        p.relative_to(tmp_path / "properdocs") for p in (tmp_path / "properdocs").rglob("*.html")
    }
    generator = re.compile(r'<meta name="generator" content="[^"]*">')
    for page in pages:
        built = [
            generator.sub("", (tmp_path / tool / page).read_text())
            for tool in ("mkdocs", "properdocs")
        ]
        assert built[0] == built[1], page
    assert Path("portal/index.html") in pages


def test_an_incident_page_shows_its_severity_changes_in_the_timeline(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_handbook(tmp_path / "handbook", title="Payments fail")
    monkeypatch.chdir(root)
    declared = run(
        "declare", "--severity", "SEV-2", "--title", "Checkout errors in EU", "--service",
        "checkout", "--commander", "Priya Raman", "--at", "2026-11-21T05:50:00+00:00",
    )  # fmt: skip
    incident = Path(declared.out.splitlines()[-1]).stem
    run("update", incident, "--message", "Rolling back", "--at", "2026-11-21T06:30:00+00:00")
    raised = run(
        "severity", incident, "SEV-1", "--reason", "Payments fail in every region",
        "--at", "2026-11-21T06:20:00+00:00",
    )  # fmt: skip
    assert raised.code == 0, raised.err
    assert run("site", "generate", "docs", "--today", TODAY).code == 0
    page = (root / "docs" / "incidents" / f"{incident}.md").read_text()
    timeline = html.unescape(page.split("## Timeline", 1)[1].split("## Notes", 1)[0])
    change = timeline.index("SEV-2 \u2192 SEV-1: Payments fail in every region")
    assert timeline.index("SEV-2 declared") < change < timeline.index("Rolling back")
