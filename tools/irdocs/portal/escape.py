"""Escaping: every value a document gives is text, never markup, in HTML, Markdown and URLs.

Generated pages are Markdown whose dynamic parts are HTML blocks built here; a value goes through
``text`` (or ``attr``) before it reaches a page, so a title like ``<script>`` or ``*bold*`` shows
as typed under any Markdown engine.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

# HTML's own characters, and those Markdown, attr_list, emoji shortcodes or tables could read as
# syntax, as entities in one pass: Markdown engines pass entities through, browsers show the text.
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#!|:~<>&\"'"}
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_SCRIPT = r"\s*<?\s*(?:javascript|vbscript|data)\s*:"
_UNSAFE_LINK = re.compile(rf"\](?=\({_SCRIPT}|:{_SCRIPT})", re.IGNORECASE)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")


def text(value: object) -> str:
    """``value`` as text that HTML and Markdown both show literally."""
    return str(value).translate(_ENTITIES)


def attr(value: object) -> str:
    """``value`` inside a double-quoted HTML attribute."""
    return html.escape(str(value), quote=True)


def safe_href(url: str) -> str | None:
    """A link target that cannot run script: relative, or http(s)/mailto; None otherwise."""
    cleaned = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    scheme = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", cleaned)
    if scheme and scheme.group(0).lower() not in _SAFE_SCHEMES:
        return None
    return cleaned


def tag(name: str, content: str, **attributes: str | None) -> str:
    """``<name a="…">content</name>``; ``content`` must already be escaped."""
    pairs = "".join(
        f' {key.rstrip("_").replace("_", "-")}="{attr(value)}"'
        for key, value in attributes.items()
        if value is not None
    )
    return f"<{name}{pairs}>{content}</{name}>"


def join(parts: Iterable[str], separator: str = ", ") -> str:
    return separator.join(text(part) for part in parts)


def body(markdown: str) -> str:
    """An author's Markdown body with raw HTML shown as text and script links disarmed.

    Code blocks and code spans are left alone (their ``<`` is already text).
    """
    lines, fence = [], ""
    for line in markdown.split("\n"):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1).startswith(fence):
                fence = ""
        elif opening:
            fence = opening.group(1)
        else:
            line = _outside_code(line)
        lines.append(line)
    return "\n".join(lines)


def _outside_code(line: str) -> str:
    pieces, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        pieces.append(_disarm(line[last : span.start()]))
        pieces.append(span.group(0))
        last = span.end()
    pieces.append(_disarm(line[last:]))
    return "".join(pieces)


def _disarm(prose: str) -> str:
    return _UNSAFE_LINK.sub("&#93;", _TAG_START.sub("&lt;", prose))
