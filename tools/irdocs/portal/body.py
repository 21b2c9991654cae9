"""An author's body for engines without the plugin: rendered and sanitized here, as one HTML block.

Under the MkDocs plugin the engine renders a body exactly as any page and the plugin sanitizes the
result. A page written to disk (``irdocs site generate``) is rendered by an engine irdocs cannot
hook, so the body goes in already rendered (CommonMark with tables and strikethrough, as
markdown-it-py renders it) and sanitized, inside a ``<div>`` that Markdown engines pass through.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from irdocs.portal import sanitize

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_BLANK_AFTER = re.compile(r"\n(?=[ \t]*(?:\n|\Z))")
"""A newline that starts a blank line, which would end an HTML block in CommonMark engines."""


def html(markdown: str) -> str:
    """``markdown`` rendered, then through the sanitizer."""
    return sanitize.clean(_renderer().render(markdown))


def block(markdown: str) -> str:
    """``markdown`` as one HTML block: no blank line inside (a newline that would leave one is
    written ``&#10;``, which reads the same in text, code and attribute values)."""
    inner = _BLANK_AFTER.sub("&#10;", html(markdown).strip("\n"))
    return f'<div class="irdocs-body" markdown="0">\n{inner}\n</div>'


@functools.cache
def _renderer() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
