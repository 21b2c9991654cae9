"""The prose Markdown left literal, and the links in it that did not become links.

markdown-it resolves reference definitions while it parses, so a ``[text][ref]`` whose ``ref`` has
no definition stays text. Reading the inline tokens' text children outside links, code spans and
HTML finds exactly those, and ignores code, link labels and escaped brackets (``\\[x\\]`` is not
in the source as ``[x]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token

DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:", re.MULTILINE)
_FULL = re.compile(r"(?<![\w\]\\!])\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]")
_SPLIT = re.compile(r"(?<![\w\]\\!])\[([^\[\]\n]+)\]\n[ \t]*\((\S+?)\)")
_SHORTCUT = re.compile(r"(?<![\w\]\\!`])\[([^\[\]\n]+)\](?![\[(:\w])")
_NOT_LINKS = re.compile(
    r"(?i)^(?:!.*|\s*|x|[a-z0-9]{1,2}|[a-z]-[a-z]|0-9|\^.*|info|error|warn|warning|debug|trace|fatal|"
    r"notice|critical|wip|draft|sic|\.\.\.|…)$"
)
"""Bracketed text that is not meant as a link: task boxes, regex classes, log levels, labels."""
_UI_PATH = re.compile(r"\]\s*(?:->|→|>|»|=>)|(?:->|→|>|»|=>)\s*\[")
"""``[Status] -> [Targets]``: the way through a UI, not links."""
_UI_REACH = 4
"""How many characters beside a bracket an arrow may stand to make it a step through a UI:
``[Status]  ->`` and ``→ [Targets]`` are steps; an arrow further along the line is not."""


@dataclass(frozen=True, slots=True)
class Literal:
    """The literal text of one paragraph, heading or table cell."""

    text: str
    """Text children outside links, ``\\n`` for line breaks, ``\\0`` for code spans and HTML."""
    start: int
    """0-based body line of its first line."""
    end: int


@dataclass(frozen=True, slots=True)
class Unlinked:
    """Link syntax that did not become a link."""

    text: str
    """As found in the source, e.g. ``[Grafana][dashboards]``."""
    line: int
    """0-based body line."""
    column: int
    kind: str
    """``reference``, ``shortcut`` or ``split``."""


def literals(tokens: list[Token]) -> Iterator[Literal]:
    for token in tokens:
        if token.type != "inline" or token.map is None:
            continue
        parts, depth = [], 0
        for child in token.children or ():
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
            elif child.type == "text" and depth == 0:
                parts.append(child.content)
            else:
                parts.append("\0")
        yield Literal("".join(parts), token.map[0], token.map[1])


def locate(fragment: str, lines: list[str], literal: Literal) -> tuple[int, int] | None:
    """0-based body line and 1-based column of ``fragment`` (its first line) in the source of
    ``literal``; None when the source spells it otherwise (escaped)."""
    first = fragment.split("\n", 1)[0]
    for number in range(literal.start, min(literal.end, len(lines))):
        column = lines[number].find(first)
        if column >= 0:
            return number, column + 1
    return None


def unlinked(tokens: list[Token], body: str) -> Iterator[Unlinked]:
    """Each reference link without a definition (``[text][ref]``, ``[ref][]``), ``[text]`` with
    its ``(url)`` on the next line, and, in a document that uses reference definitions, a
    shortcut ``[ref]`` that has none."""
    lines = body.splitlines()
    uses_references = DEFINITION.search(body) is not None
    for literal in literals(tokens):
        found: list[tuple[re.Match[str], str]] = [
            (m, "reference") for m in _FULL.finditer(literal.text)
        ]
        found += [(m, "split") for m in _SPLIT.finditer(literal.text)]
        taken = [m.span() for m, _ in found]
        if uses_references:
            for match in _SHORTCUT.finditer(literal.text):
                if any(a <= match.start() < b for a, b in taken) or not is_link_like(
                    match[1], literal.text, match.start(), match.end()
                ):
                    continue
                found.append((match, "shortcut"))
        for match, kind in found:
            where = locate(match.group(), lines, literal)
            if where is not None:
                yield Unlinked(match.group(), where[0], where[1], kind)


def is_link_like(label: str, text: str, start: int, end: int) -> bool:
    """Whether ``[label]``, at ``text[start:end]``, may be meant as a link: not a task box,
    a regex class, a log level, a label or a step through a UI."""
    around = text[max(start - _UI_REACH, 0) : end + _UI_REACH]
    return not _NOT_LINKS.match(label.strip()) and not _UI_PATH.search(around)
