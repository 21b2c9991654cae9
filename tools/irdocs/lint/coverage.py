"""How much of a document the linter could check.

``FULL``: the front matter is valid, every rule ran. ``BODY``: the front matter is missing or
invalid, so the rules that need its fields skipped the document and the body rules ran on the
Markdown after it (the whole file when there is no front matter). Anything else is why the
document was not checked at all: its finding (IR100 or IR105) is then always reported, as an
error, whatever ``select``, ``ignore``, levels or the baseline say, since configuration cannot
make a file the linter never read a clean one.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from irdocs.documents import frontmatter
from irdocs.documents.frontmatter import FrontMatter
from irdocs.documents.problem import DocumentProblem
from irdocs.documents.source import read_text

FULL = "full"
BODY = "body"
UNREADABLE = "unreadable"
EMPTY = "empty"
NOT_CLOSED = "front matter not closed"
KINDS = frozenset({FULL, BODY, UNREADABLE, EMPTY, NOT_CLOSED})

_MAP_TAG = "tag:yaml.org,2002:map"
_TOP = yaml.Mark("", 0, -1, 0, None, None)  # type: ignore[arg-type]  # no buffer, no snippet
"""A position that ``FrontMatter.position`` turns into line 1, column 1."""


def checked(coverage: str) -> bool:
    return coverage in (FULL, BODY)


def body_only(path: Path, *, loop: bool = False) -> tuple[FrontMatter | None, str]:
    """For a document whose front matter cannot be read: its body, under empty front matter,
    and ``BODY``; or None and why nothing of it can be checked."""
    if loop:
        return None, UNREADABLE
    try:
        text = read_text(path)
    except (DocumentProblem, OSError):
        return None, UNREADABLE
    if not text.strip():
        return None, EMPTY
    first, _, _ = text.partition("\n")
    if first.rstrip() != "---":
        return _empty(text, 1), BODY
    try:
        yaml_text, body = frontmatter.split(text)
    except DocumentProblem:
        return None, NOT_CLOSED
    return _empty(body, 3 + yaml_text.count("\n")), BODY


def _empty(body: str, body_line: int) -> FrontMatter:
    return FrontMatter({}, yaml.MappingNode(_MAP_TAG, [], _TOP, _TOP), body, body_line)
