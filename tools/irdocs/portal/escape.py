"""Escaping: every value a document gives (a title, a name, a message) is text, never markup.

Generated pages are Markdown whose dynamic parts are HTML blocks built here; a value goes through
``text`` (or ``attr``) before it reaches a page, so a title like ``<script>`` or ``*bold*`` shows
as typed under any Markdown engine. An author's Markdown body is not escaped but rendered, then
sanitized (``portal/sanitize.py``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

# HTML's own characters, and those Markdown, attr_list, emoji shortcodes or tables could read as
# syntax, as entities in one pass: Markdown engines pass entities through, browsers show the text.
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#!|:~<>&\"'"}


def text(value: object) -> str:
    """``value`` as text that HTML and Markdown both show literally."""
    return str(value).translate(_ENTITIES)


def attr(value: object) -> str:
    """``value`` inside a double-quoted HTML attribute."""
    return html.escape(str(value), quote=True)


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
