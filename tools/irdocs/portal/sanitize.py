"""The portal's one HTML sanitizer: what an author's Markdown renders to, through an allow-list.

Bodies render as authored (Markdown, and the HTML a Markdown engine lets through), then nh3 (the
binding to Ammonia, a maintained sanitizer that parses HTML as browsers do) keeps only the tags,
attributes and URL schemes listed here. Anything else goes: scripts and styles with their content,
``on*`` handlers, ``javascript:``/``data:`` URLs however they are spelled (the parser decodes
entities before the scheme is checked), and HTML comments.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nh3

TAGS = frozenset(
    {
        *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "div"),
        *("span", "a", "img", "code", "kbd", "samp", "var", "em", "strong", "b", "i", "u"),
        *("s", "del", "ins", "mark", "sub", "sup", "small", "abbr", "dfn", "q", "cite", "time"),
        *("ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "colgroup", "col", "thead"),
        *("tbody", "tfoot", "tr", "th", "td", "details", "summary", "figure", "figcaption"),
        # Material's task lists (pymdownx.tasklist) and content tabs (pymdownx.tabbed)
        *("input", "label"),
    }
)
"""What Markdown and the usual MkDocs extensions produce (tables, admonitions, details,
highlighted code, footnotes, task lists, tabs); no forms, frames, media, SVG or MathML."""

ATTRIBUTES = {
    "*": frozenset({"class", "id", "title", "lang", "dir"}),
    "a": frozenset({"href"}),
    "div": frozenset({"data-tabs"}),  # pymdownx.tabbed's tab count
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "th": frozenset({"colspan", "rowspan", "style", "align"}),
    "td": frozenset({"colspan", "rowspan", "style", "align"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "details": frozenset({"open"}),
    "label": frozenset({"for"}),
    "input": frozenset({"checked", "disabled", "name"}),
    "time": frozenset({"datetime"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
}
"""No ``on*``, no ``style`` but a table cell's alignment, no ``data-*`` (the theme's hooks) but
the tab count of content tabs."""

ATTRIBUTE_VALUES = {"input": {"type": {"checkbox", "radio"}}}
STYLE_PROPERTIES = frozenset({"text-align"})
"""Python-Markdown's tables align a column with ``style="text-align: …"``."""
URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""And relative URLs (links between the site's pages, anchors)."""
REMOVED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "textarea", "title", "xmp", "iframe"}
    | {"noembed", "noframes", "object", "svg", "math"}
)

_THEME_ID = re.compile(r"__(?!tabbed_\d+(_\d+)?\Z|codelineno-[\w-]+\Z)")
"""Material names its own elements ``__config``, ``__search``…, and reads them by id: an author's
element must not take such a name first. pymdownx's own ``__tabbed_1``, ``__tabbed_1_1`` and
``__codelineno-…`` stay."""


def clean(html: str) -> str:
    """``html`` with only the allow-listed tags, attributes and URLs left; comments dropped."""
    return _cleaner().clean(html)


def _keep(element: str, attribute: str, value: str) -> str | None:
    if attribute in ("id", "for", "name") and _THEME_ID.match(value):
        return None
    return value


@functools.cache
def _cleaner() -> nh3.Cleaner:
    import nh3  # a Rust extension: loaded when the portal renders its first body

    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_keep,
        strip_comments=True,
        link_rel=None,
        tag_attribute_values=ATTRIBUTE_VALUES,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
    )
