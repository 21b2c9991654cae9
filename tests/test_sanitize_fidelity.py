"""What the sanitizer keeps, pinned literally: a document using every tag and attribute the
portal allows comes through unchanged (a style only loses its space), so a green portal shows
what the author wrote. (The allow-list is written out here again on purpose: a test derived
from it could not notice an entry going missing.)"""

from __future__ import annotations

import pytest

from irdocs.portal.sanitize import clean

KEPT = [
    '<p class="x" id="intro" title="t" lang="en" dir="ltr">a<br>b</p><hr>',
    "<h1>1</h1><h2>2</h2><h3>3</h3><h4>4</h4><h5>5</h5><h6>6</h6>",
    '<blockquote cite="https://example.com/q">q</blockquote><pre><code>x</code></pre><div>d</div>',
    '<span>s</span><a href="https://example.com/">a</a><a href="http://example.com/">b</a>',
    '<a href="mailto:oncall@example.com">m</a><a href="../runbooks/#step-2">r</a>',
    '<img src="https://example.com/i.png" alt="i" width="10" height="20" loading="lazy">',
    "<kbd>k</kbd><samp>s</samp><var>v</var><em>e</em><strong>s</strong><b>b</b><i>i</i><u>u</u>",
    "<s>s</s><del>d</del><ins>i</ins><mark>m</mark><sub>1</sub><sup>2</sup><small>s</small>",
    '<abbr>a</abbr><dfn>d</dfn><q cite="https://example.com/">q</q><cite>c</cite>',
    '<time datetime="2026-03-04T09:12:00Z">09:12</time>',
    '<ul><li>a</li></ul><ol start="3" reversed="" type="a"><li value="4">b</li></ol>',
    "<dl><dt>t</dt><dd>d</dd></dl>",
    '<table><caption>c</caption><colgroup span="2"><col span="1"></colgroup><thead><tr>'
    '<th colspan="2" rowspan="1" style="text-align:right" align="right">h</th></tr></thead>'
    '<tbody><tr><td colspan="1" rowspan="2" style="text-align:center" align="left">d</td></tr>'
    "</tbody><tfoot><tr><td>f</td></tr></tfoot></table>",
    '<details open=""><summary>s</summary>d</details><figure>f<figcaption>c</figcaption></figure>',
    '<label for="__tabbed_1_1">tab</label><input type="radio" name="__tabbed_1" checked="">',
    '<input type="checkbox" disabled="" checked=""><div data-tabs="1:2">t</div>',
    '<span id="__codelineno-0-1">1</span>',
]


@pytest.mark.parametrize("html", KEPT)
def test_what_markdown_makes_comes_through_unchanged(html: str) -> None:
    assert clean(html) == html


@pytest.mark.parametrize(
    ("html", "left"),
    [
        ("<p>a<!-- Five whys: ask why five times -->b</p>", "<p>ab</p>"),
        ("<style>p { color: red }</style><p>x</p>", "<p>x</p>"),
        ("<textarea>typed</textarea><title>t</title><xmp>x</xmp>", ""),
        ("<noscript>n</noscript><template>t</template><iframe>i</iframe>", ""),
        ("<noembed>n</noembed><noframes>f</noframes><object>o</object>", ""),
        ("<svg><text>s</text></svg><math><mi>m</mi></math>", ""),
        ('<div id="__config">{}</div>', "<div>{}</div>"),
        ('<label for="__search">s</label>', "<label>s</label>"),
        ('<input type="checkbox" name="__palette">', '<input type="checkbox">'),
        ('<input type="text" value="x">', "<input>"),
        (
            '<table><tbody><tr><td style="color:red; text-align: left">c</td></tr></tbody></table>',
            '<table><tbody><tr><td style="text-align:left">c</td></tr></tbody></table>',
        ),
        ('<a href="ftp://example.com/f">f</a>', "<a>f</a>"),
    ],
    ids=[
        "comment", "style", "form-ish", "scripting", "embedding", "svg-math",
        "theme-id", "theme-for", "theme-name", "text-input", "style-property", "ftp",
    ],
)  # fmt: skip
def test_what_is_not_allowed_goes(html: str, left: str) -> None:
    assert clean(html) == left
