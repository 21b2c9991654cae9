"""Pages that are not runbooks, and why: decided from the name, the front matter, the body.

A reason is a short phrase for the ``skipped:`` line; a page without one is adopted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_NAMES = {
    "index.md": "an index page",
    "_index.md": "an index page",
    "readme.md": "a README",
    "summary.md": "a table of contents (SUMMARY.md)",
    "changelog.md": "a helper page (a changelog)",
    "contributing.md": "a helper page (how to contribute)",
    "code_of_conduct.md": "a helper page (a code of conduct)",
    "license.md": "a helper page (a licence)",
    "licence.md": "a helper page (a licence)",
    "security.md": "a helper page (a security policy)",
}
_REDIRECT_KEYS = ("redirect", "redirect_to", "redirect_url", "redirectTo")
_MOVED = re.compile(
    r"\b(?:(?:has|have|was|were|is|been)\s+)*(?:moved|migrated|relocated)\s+(?:to|into)\b"
    r"|\bnow\s+lives\s+(?:at|in)\b",
    re.IGNORECASE,
)
_DEPRECATED = re.compile(
    r"\bdeprecated\b|\bno\s+longer\s+(?:used|maintained|available|relevant|valid|applies)\b"
    r"|\bsuperseded\s+by\b|\bobsolete\b",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
SHORT_BODY_LINES = 3
"""A body of this many non-blank lines or fewer is a stub, not a runbook."""
_LEAD_LINES = 3
"""How many of the first prose lines a redirect or deprecation notice must sit in."""
NOTICE_BODY_LINES = 8
"""A page with a redirect or deprecation notice is a stub only up to this many non-blank lines."""


def by_name(name: str) -> str | None:
    """The reason a file of this name is no runbook, or None."""
    lowered = name.lower()
    if lowered in _NAMES or lowered.startswith("readme."):
        return _NAMES.get(lowered, "a README")
    if not lowered.endswith(".md"):
        return "not a .md file (irdocs reads only Markdown files named *.md)"
    if name.startswith("_"):
        return "a helper page (its name starts with '_', which irdocs never reads)"
    return None


def by_front_matter(data: Mapping[str, Any]) -> str | None:
    """The reason front matter (another generator's, or ours) says this is no runbook."""
    for key in _REDIRECT_KEYS:
        if isinstance(data.get(key), str) and data[key].strip():
            return f"a redirect stub ({key}: {data[key].strip()})"
    if data.get("draft") is True:
        return "a draft (draft: true)"
    if data.get("deprecated") is True or str(data.get("status", "")).lower() == "deprecated":
        return "deprecated (its front matter says so)"
    if data.get("type") == "learn":
        return "a learning page (type: learn), not an operational runbook"
    return None


def by_body(body: str) -> str | None:
    """The reason the body says this is no runbook: a redirect, a deprecation, too short."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if len(lines) <= NOTICE_BODY_LINES:  # a long page that mentions a move is still a runbook
        for line in _prose(lines)[:_LEAD_LINES]:
            if _MOVED.search(line):
                return f'a redirect stub ("{_quote(line)}")'
            if _DEPRECATED.search(line):
                return f'deprecated ("{_quote(line)}")'
    if len(lines) <= SHORT_BODY_LINES:
        noun = "line" if len(lines) == 1 else "lines"
        return f"very short ({len(lines)} {noun} of body), a stub rather than a runbook"
    return None


def _prose(lines: list[str]) -> list[str]:
    """Lines that are not headings, outside code blocks."""
    prose, fence = [], ""
    for line in lines:
        opening = _FENCE.match(line)
        if fence:
            fence = "" if opening and opening.group(1)[0] == fence[0] else fence
        elif opening:
            fence = opening.group(1)
        elif not line.startswith("#"):
            prose.append(line.lstrip("> "))
    return prose


def _quote(line: str, width: int = 70) -> str:
    """The line without emphasis marks, cut to about ``width`` characters."""
    text = re.sub(r"[*_`]+", "", line).strip()
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
