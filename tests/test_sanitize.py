"""The portal's sanitizer: what Markdown and MkDocs's extensions make stays, what could run goes."""

from __future__ import annotations

import markdown
import pytest

from irdocs.portal.sanitize import clean

EXTENSIONS = [
    "abbr",
    "admonition",
    "def_list",
    "footnotes",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
]
AUTHORED = """!!! note "Heads up"
    Admonition body.

??? warning "Details"
    Hidden.

- [x] done

Text[^1] with *HTML*, `code`, **bold**, ~~no~~ and a [link](../other/#part "Other").

*[HTML]: Hyper Text

[^1]: A footnote.

```python
print("hi")
```

=== "Tab A"
    a

=== "Tab B"
    b

Term
:   Definition

| a | b |
|:-:|--:|
| 1 | 2 |

<ol start="3" reversed><li value="5">five</li></ol>

![chart](img/chart.png "A chart") <mailto:oncall@example.com> <https://example.com/a?b=1&c=2>

## Heading
"""


def _render(text: str) -> str:
    return markdown.Markdown(
        extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}}
    ).convert(text)


@pytest.mark.parametrize(
    "kept",
    [
        '<div class="admonition note">\n<p class="admonition-title">Heads up</p>',
        '<details class="warning">\n<summary>Details</summary>',
        '<input type="checkbox" disabled="" checked="">',
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
        '<abbr title="Hyper Text">HTML</abbr>',
        '<a href="../other/#part" title="Other">link</a>',
        '<span class="nb">print</span>',
        '<input checked="checked" id="__tabbed_1_1" name="__tabbed_1" type="radio">',
        '<label for="__tabbed_1_2">Tab B</label>',
        '<div class="tabbed-set" data-tabs="1:2">',
        "<dt>Term</dt>\n<dd>Definition</dd>",
        '<th style="text-align:center">a</th>',
        '<td style="text-align:right">2</td>',
        '<ol start="3" reversed=""><li value="5">five</li></ol>',
        '<img alt="chart" src="img/chart.png" title="A chart">',
        '<a href="mailto:oncall@example.com">',
        '<a href="https://example.com/a?b=1&amp;c=2">',
        '<h2 id="heading">Heading<a class="headerlink" href="#heading" title="Permanent link">',
        '<li id="fn:1">',
    ],
)
def test_what_markdown_and_the_extensions_make_stays(kept: str) -> None:
    assert kept in clean(_render(AUTHORED))


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ('<a href="&#106;avascript:alert(1)">a</a>', "<a>a</a>"),
        ('<a href="jav&#x61;script:alert(1)">a</a>', "<a>a</a>"),
        ('<a href="javascript&colon;alert(1)">a</a>', "<a>a</a>"),
        ('<a href="java&Tab;script:alert(1)">a</a>', "<a>a</a>"),
        ('<a href=" JaVaScRiPt:alert(1)">a</a>', "<a>a</a>"),
        ('<a href="vbscript:x">a</a>', "<a>a</a>"),
        ('<a href="data:text/html,x">a</a>', "<a>a</a>"),
        ('<img src="data:image/png;base64,AAAA" alt="x">', '<img alt="x">'),
        ("<img src=x onerror=alert(1)>", '<img src="x">'),
        ("<p onclick=alert(1) style=color:red>x</p>", "<p>x</p>"),
        ('<td style="text-align: left; background: url(javascript:x)">x</td>', "x"),
        ("<script>alert(1)</script>after", "after"),
        ("<style>*{}</style><template><b>t</b></template>after", "after"),
        ("<svg onload=alert(1)><circle/></svg>after", "after"),
        ("<iframe src=x></iframe><object data=x></object>after", "after"),
        ("<!-- a comment -->\n<ol>\n<li>one</li>\n</ol>", "\n<ol>\n<li>one</li>\n</ol>"),
        ('<div id="__config">{}</div><div id="__search">x</div>', "<div>{}</div><div>x</div>"),
        (
            '<input type="text" name="__config"><input type="checkbox">',
            '<input><input type="checkbox">',
        ),
        (
            '<a href="x" target="_blank" rel="opener" data-md-component="x">a</a>',
            '<a href="x">a</a>',
        ),
        ('<form action="https://x/"><button>go</button></form>', "go"),
    ],
    ids=lambda value: value[:40],
)
def test_what_could_run_goes(raw: str, cleaned: str) -> None:
    assert clean(raw) == cleaned
