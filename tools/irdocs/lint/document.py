"""What a document rule sees: one document's front matter, record and Markdown body, with the
body's tokens, sections and code blocks worked out once, on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from irdocs.documents.frontmatter import FrontMatter
from irdocs.documents.yamltree import JsonPath
from irdocs.finding import Finding

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from irdocs.config import Config
    from irdocs.documents.handbook import Handbook
    from irdocs.documents.model import Record


@cache
def parser() -> MarkdownIt:
    """One CommonMark parser with tables, made once: making one cost a tenth of a document's
    lint time, and parsing leaves it unchanged."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the body lines under it, up to the next heading of the same or higher
    level."""

    title: str
    level: int
    line: int
    """File line of the heading."""
    end_line: int
    """File line after the section's last line."""
    text: str
    """The section's content without its heading."""

    @property
    def empty(self) -> bool:
        """No words in it: only blank lines, comments or sub-headings."""
        content = re.sub(r"<!--.*?-->", "", self.text, flags=re.S)
        return not any(
            line.strip() and not line.lstrip().startswith("#") for line in content.splitlines()
        )


@dataclass(frozen=True, slots=True)
class Fence:
    """A fenced code block."""

    language: str
    """The first word of the info string; empty when the fence has none."""
    content: str
    line: int
    """File line of the opening fence; for an indented block, the line before its first."""
    indented: bool = False
    """An indented code block: no fence, no language."""


@dataclass(frozen=True)
class LintDocument:
    kind: str
    """``incident``, ``postmortem`` or ``runbook``."""
    path: str
    """As reported (``reading.display_path``)."""
    file: Path
    front_matter: FrontMatter
    record: Record | None
    """The model record; None when the front matter does not validate (schema findings say
    why, and rules that need the record skip the document)."""
    config: Config
    handbook: Handbook | None = field(default=None, compare=False)
    """Every valid record, for rules registered with ``handbook=True``."""

    @property
    def data(self) -> dict[str, Any]:
        return self.front_matter.data

    @property
    def body(self) -> str:
        return self.front_matter.body

    @property
    def body_line(self) -> int:
        return self.front_matter.body_line

    def finding(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        column: int = 1,
        at: JsonPath | None = None,
    ) -> Finding:
        """A finding at a file ``line`` (and ``column``), or at the front matter field ``at``,
        or else at the top of the file."""
        if at is not None:
            line, column = self.front_matter.position(at)
        return Finding(self.path, line or 1, column, code, message)

    @cached_property
    def tokens(self) -> list[Token]:
        """markdown-it-py's block tokens of the body (CommonMark plus tables); ``token.map``
        holds body-relative line ranges, ``self.body_line + token.map[0]`` is the file line."""
        return parser().parse(self.body)

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        """Every heading of the body, in order."""
        lines = self.body.splitlines()
        headings = [
            (int(token.tag[1]), token.map[0], self.tokens[index + 1].content)
            for index, token in enumerate(self.tokens)
            if token.type == "heading_open" and token.map is not None
        ]
        found = []
        for number, (level, start, title) in enumerate(headings):
            end = next(
                (other for lvl, other, _ in headings[number + 1 :] if lvl <= level), len(lines)
            )
            text = "\n".join(lines[start + 1 : end])
            found.append(Section(title, level, self.body_line + start, self.body_line + end, text))
        return tuple(found)

    def section(self, title: str, level: int = 2) -> Section | None:
        """The first section of ``level`` whose title is ``title``, ignoring case."""
        wanted = title.casefold()
        return next(
            (s for s in self.sections if s.level == level and s.title.casefold() == wanted), None
        )

    @cached_property
    def fences(self) -> tuple[Fence, ...]:
        """Every fenced code block of the body."""
        return tuple(
            Fence(
                token.info.split()[0] if token.info.strip() else "",
                token.content,
                self.body_line + token.map[0],
            )
            for token in self.tokens
            if token.type == "fence" and token.map is not None
        )

    @cached_property
    def indented_blocks(self) -> tuple[Fence, ...]:
        """Every indented code block of the body, as a ``Fence`` without a language."""
        return tuple(
            Fence("", token.content, self.body_line + token.map[0] - 1, indented=True)
            for token in self.tokens
            if token.type == "code_block" and token.map is not None
        )
