"""Links in a document's body: where each relative link points, and the anchors a Markdown file
offers (its headings, slugged as GitHub and MkDocs do, and explicit ids)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from markdown_it.token import Token

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_EXPLICIT_ID = re.compile(r"""\{#([\w-]+)[^}]*\}|<a\s[^>]*\b(?:id|name)=["']?([^"'\s>]+)""")
_INDEXES = ("index.md", "_index.md", "README.md")
_HUGO_REF = re.compile(r"""\{\{<\s*(?:rel)?ref\s+"([^"]+)"\s*>\}\}""")
"""Hugo's ``{{< ref "./Other.md" >}}``: a relative link that Markdown does not see as one."""


@dataclass(frozen=True, slots=True)
class Link:
    target: str
    """As written, percent-decoded."""
    line: int
    """0-based line of the body."""
    column: int

    @property
    def path(self) -> str:
        return self.target.partition("#")[0]

    @property
    def anchor(self) -> str:
        return self.target.partition("#")[2]


def relative_links(tokens: list[Token], body_lines: list[str]) -> Iterator[Link]:
    """Every link or image in ``tokens`` that points into the repository: no scheme, not
    absolute (an absolute path depends on where the site is served)."""
    for token in tokens:
        if token.type != "inline" or token.map is None or not token.children:
            continue
        start, end = token.map
        for match in _HUGO_REF.finditer(token.content):
            line, column = _where(match.group(), body_lines, start, end, opening="")
            yield Link(unquote(match[1]), line, column)
        for child in token.children:
            href = child.attrGet("href") if child.type == "link_open" else child.attrGet("src")
            if not isinstance(href, str) or not href or child.markup == "autolink":
                continue
            if _SCHEME.match(href) or href.startswith(("/", "//")):
                continue
            line, column = _where(href, body_lines, start, end)
            yield Link(unquote(href), line, column)


def _where(
    href: str, lines: list[str], start: int, end: int, opening: str = "("
) -> tuple[int, int]:
    for number in range(start, end):
        column = lines[number].find(f"{opening}{href}") if number < len(lines) else -1
        if column >= 0:
            return number, column + 1 + len(opening)
    return start, 1


def resolve(folder: Path, path: str) -> Path | None:
    """The file ``path`` names from ``folder``: as written, with ``.md`` added (pretty URLs), or a
    folder's index page; None when there is nothing there."""
    target = folder / path
    for candidate in (target, target.with_name(target.name + ".md")):
        if candidate.is_file():
            return candidate
    if target.is_dir():
        return next((target / name for name in _INDEXES if (target / name).is_file()), target)
    return None


def slugs(title: str) -> set[str]:
    """The anchors GitHub and MkDocs give a heading titled ``title`` (its rendered text)."""
    text = title.strip().lower()
    github = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
    mkdocs = re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text)).strip("-")
    return {github, mkdocs}


def anchors(tokens: list[Token], text: str) -> frozenset[str]:
    """Every anchor of a Markdown document: heading slugs with their duplicate suffixes
    (``-1`` on GitHub, ``_1`` in MkDocs), ``{#id}`` attributes and ``<a id>`` elements."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        rendered = "".join(
            child.content
            for child in inline.children or ()
            if child.type in ("text", "code_inline")
        )
        for slug in slugs(_EXPLICIT_ID.sub("", rendered)):
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            found.update({slug, f"{slug}-{count}", f"{slug}_{count}"} if count else {slug})
    for match in _EXPLICIT_ID.finditer(text):
        found.add(match[1] or match[2])
    return frozenset(found)


def anchors_of_file(path: Path) -> frozenset[str] | None:
    """The anchors of the Markdown file at ``path`` (front matter skipped); None when it cannot
    be read."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _anchors_of_file(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1024)
def _anchors_of_file(path: Path, mtime: int, size: int) -> frozenset[str] | None:
    from markdown_it import MarkdownIt

    from irdocs.documents.problem import DocumentProblem
    from irdocs.documents.source import read_text

    try:
        text = read_text(path)  # a regular file only: a FIFO named as a link target never blocks
    except (OSError, DocumentProblem):
        return None
    if text.startswith("---\n"):
        closing = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
        if closing:
            text = text[4 + closing.end() :]
    return anchors(MarkdownIt("commonmark").enable("table").parse(text), text)
