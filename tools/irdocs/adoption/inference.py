"""What a page's place and text tell: its ID and service from the path, its title from its first
heading or its name, the alerts it answers from the alert rules."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

_ATX = re.compile(r"^ {0,3}#[ \t]+(?P<text>.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}=+[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SERVICE_CHARACTERS = re.compile(r"[^a-z0-9]+")
_PAGE_SUFFIXES = ("/index.html", ".html", ".htm", ".md")


def identity(relative: PurePosixPath) -> tuple[str, str] | None:
    """(ID, service) of the page at ``relative`` (from the runbooks folder): the path without
    ``.md``, names kept as they are, and the first folder as a service name (lower case, runs of
    other characters turned into ``-``). None when the page is in no service folder."""
    if len(relative.parts) < 2:
        return None
    service = _SERVICE_CHARACTERS.sub("-", relative.parts[0].lower()).strip("-")
    if not service:
        return None
    return relative.with_suffix("").as_posix(), service


def first_heading(body: str) -> str | None:
    """The text of the body's first level-1 heading (``# Title`` or ``Title`` over ``===``),
    outside code blocks."""
    fence = ""
    previous = ""
    for line in body.splitlines():
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        match = _ATX.match(line)
        if match:
            return match["text"].strip()
        if _SETEXT.match(line) and previous.strip():
            return previous.strip()
        previous = line
    return None


def title_from_name(name: str) -> str:
    """The file's name as a title: without ``.md`` (and ``.html``), dashes and underscores as
    spaces; CamelCase is left as written."""
    stem = name.removesuffix(".md").removesuffix(".html")
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else name


def page_keys(relative: PurePosixPath) -> frozenset[str]:
    """What a runbook_url may end with to point at this page, case-folded: its path under the
    runbooks folder without ``.md``, and without ``.html`` for pages named ``*.html.md``."""
    plain = relative.with_suffix("").as_posix().casefold()
    return frozenset({plain, plain.removesuffix(".html")})


def url_points_at(url: str, keys: frozenset[str]) -> bool:
    """Whether ``url`` ends with one of the page's ``keys``, as ``irdocs lint`` resolves it."""
    path = unquote(urlsplit(url).path).strip("/")
    for suffix in _PAGE_SUFFIXES:
        path = path.removesuffix(suffix)
    parts = path.casefold().split("/")
    return any("/".join(parts[start:]) in keys for start in range(len(parts)))


def alerts_for(
    relative: PurePosixPath, alerts: Iterable[tuple[str, str | None]]
) -> tuple[str, ...]:
    """The names of the ``(alert, runbook_url)`` pairs whose URL points at the page or whose
    name is the page's name, sorted, each once."""
    keys = page_keys(relative)
    stem = relative.name.removesuffix(".md").removesuffix(".html")
    found = {
        name
        for name, url in alerts
        if name == stem or (url is not None and "{{" not in url and url_points_at(url, keys))
    }
    return tuple(sorted(found))
