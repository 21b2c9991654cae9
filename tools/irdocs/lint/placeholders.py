"""Placeholder text a template left behind: TODO, TBD, ``[Name]``, ``HH:MM``, ``<pod-name>``,
lorem ipsum. Shared by the runbook and postmortem rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

_HTML_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "br",
        "code",
        "details",
        "div",
        "em",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ]
)
_PATTERN = re.compile(
    r"""
      (?P<marker>\b(?:TODO|TBD|FIXME)\b)
    | (?P<lorem>\blorem\s+ipsum\b)
    | (?P<time>\bHH:MM(?::SS)?\b)
    | (?P<bracket>(?<![\w\]])\[(?:[A-Z][a-z]*(?:[ _-][A-Za-z]+)*|[A-Z_]{2,})\](?![(\[:]))
    | (?P<angle><(?P<tag>[a-z][a-z0-9]*(?:[-_ ][a-z0-9]+)*)>)
    | (?P<ellipsis><\.\.\.>)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_NOT_PLACEHOLDERS = frozenset(["none", "nil", "no value", "unknown", "invalid"])
"""Words that tools print in angle brackets (``kubectl get`` shows ``<none>``): output, not a
prompt to fill in."""


def find_placeholders(text: str) -> Iterator[tuple[int, int, str]]:
    """Each placeholder in ``text``: (0-based line offset, 1-based column, the text found).

    HTML comments are not content (templates put their prompts there), and an angle-bracketed
    word that is an HTML tag (``<br>``, ``<details>``) is markup, not a placeholder.
    """
    blanked = _COMMENT.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), text)
    for number, line in enumerate(blanked.splitlines()):
        for match in _PATTERN.finditer(line):
            if match["marker"] and match["marker"] not in ("TODO", "TBD", "FIXME"):
                continue  # "todo" in prose is a word, not a marker
            if match["bracket"] and not match["bracket"][1].isupper():
                continue
            if match["tag"] and (
                match["tag"].lower() in _HTML_TAGS or match["tag"].lower() in _NOT_PLACEHOLDERS
            ):
                continue
            yield number, match.start() + 1, match.group()
