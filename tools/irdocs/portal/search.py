"""What a site search indexes of a document page: its HTML blocks as plain words.

A search indexer parses a page's HTML tag by tag, which for a document page's summary card and
timeline was most of its cost; and with no space between a card's label and its value the words
ran together (``Servicesaccounts``), so they could not be found. The plain form has the same words,
each separate, in one paragraph per block.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"<[^>]*>")
"""Our blocks escape ``<`` and ``>`` in values and attributes: a tag ends at its first ``>``."""


def plain(block_html: str) -> str:
    """A finished HTML block as one paragraph of its words (entities kept, as the page has them)."""
    words = " ".join(_TAG.sub(" ", block_html).split())
    return f"<p>{words}</p>" if words else ""
