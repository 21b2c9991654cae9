"""What every page generator shares: the handbook, the day, where pages live and how they link."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from irdocs.documents.handbook import Handbook
from irdocs.documents.model import Incident, Postmortem, Runbook
from irdocs.portal import body as author_body


@dataclass(frozen=True, slots=True)
class Page:
    uri: str
    """Path inside the docs folder, e.g. ``portal/index.md``."""
    content: str = ""
    """A file's text (the feed, an asset). A Markdown page is its ``parts`` and ``body`` instead."""
    in_nav: bool = True
    """False for the bulk pages (documents, yearly listings) that stay out of the navigation."""
    parts: tuple[str, ...] = ()
    """A Markdown page's generated parts: front matter and headings (Markdown whose values went
    through ``escape.text``), and finished HTML blocks (they start with ``<``)."""
    body: str | None = None
    """The author's Markdown, after the generated parts: untrusted, so rendered, then sanitized."""
    separator: str = "\n\n"

    def text(self) -> str:
        """The file for any engine: a Markdown page with its body rendered and sanitized here."""
        if not self.parts:
            return self.content
        tail = [] if self.body is None else [author_body.block(self.body)]
        return self.separator.join([*self.parts, *tail]) + "\n"

    def light(self, marker: Callable[[int], str]) -> tuple[str, tuple[str, ...]]:
        """The Markdown an engine converts, each finished HTML block replaced by ``marker(n)``,
        and the blocks: far less Markdown to convert, for an engine that sanitizes what it
        converted and puts ``blocks[n]`` back in place of each marker (the MkDocs plugin)."""
        html: list[str] = []
        light: list[str] = []
        for part in self.parts:
            if part.startswith("<"):
                light.append(marker(len(html)))
                html.append(part)
            else:
                light.append(part)
        tail = [] if self.body is None else [self.body]
        return self.separator.join([*light, *tail]) + "\n", tuple(html)


def markdown_page(
    uri: str,
    parts: Sequence[str],
    *,
    body: str | None = None,
    in_nav: bool = True,
    separator: str = "\n\n",
) -> Page:
    """A Markdown page: the generated ``parts``, then the author's ``body``, by ``separator``.

    A generated part that starts with ``<`` is a whole finished HTML block (``blocks`` and
    ``charts`` make them); the others are front matter and headings. The body is never split.
    """
    return Page(uri, in_nav=in_nav, parts=tuple(parts), body=body, separator=separator)


@dataclass(frozen=True, slots=True)
class Site:
    handbook: Handbook
    today: date
    prefix: str = "portal"
    """Folder of the portal's own pages."""
    directory_urls: bool = True
    """As MkDocs's ``use_directory_urls``: ``a/b.md`` is served at ``a/b/`` (else ``a/b.html``)."""
    site_url: str | None = None
    site_name: str = "Handbook"
    now: datetime | None = None
    """The build's time; None (or a time on another day than ``today``) means the end of
    ``today``, so a pinned day gives the same pages whenever they are built."""

    @property
    def as_of(self) -> datetime:
        """The instant the pages describe: ``now`` when it falls on ``today``, else 23:59 UTC."""
        if self.now is not None and utc(self.now).date() == self.today:
            return utc(self.now).replace(second=0, microsecond=0)
        return datetime.combine(self.today, time(23, 59), UTC)

    def portal(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def document(self, record: Incident | Postmortem | Runbook) -> str:
        """Where a document's page lives: its path from the handbook's root."""
        folder = type(record).__name__.lower() + "s"
        return _from_root(str(self.handbook.config.root), str(Path.cwd()), record.path, folder)

    def url(self, uri: str) -> str:
        """The URL of a page from the site's root, as MkDocs serves it."""
        if not uri.endswith(".md"):
            return uri
        stem = uri[:-3]
        if posixpath.basename(stem) in ("index", "README"):
            folder = posixpath.dirname(stem)
            if self.directory_urls:
                return f"{folder}/" if folder else ""
            return posixpath.join(folder, "index.html")
        return f"{stem}/" if self.directory_urls else f"{stem}.html"

    def href(self, here: str, there: str, anchor: str = "") -> str:
        """A link from page ``here`` to page or file ``there``, relative as MkDocs writes them."""
        base, target = self.url(here), self.url(there)
        folder = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
        relative = posixpath.relpath(target or ".", folder.rstrip("/") or ".")
        if (target.endswith("/") or not target) and not relative.endswith("/"):
            relative = "./" if relative == "." else relative + "/"
        return relative + (f"#{anchor}" if anchor else "")

    def absolute(self, uri: str) -> str:
        """The URL of ``uri`` under ``site_url``; relative to the root without one."""
        if not self.site_url:
            return self.url(uri) or "./"
        return self.site_url.rstrip("/") + "/" + self.url(uri)


@functools.cache
def _from_root(root: str, cwd: str, path: str, folder: str) -> str:
    """``path`` (relative to ``cwd``) from ``root``; a document outside it goes to ``folder``."""
    where = Path(path) if Path(path).is_absolute() else Path(cwd, path)
    try:
        return where.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return posixpath.join(folder, where.name)


def severity_rank(site: Site, severity: str) -> int:
    """0 for the most severe level of the scale; levels not in the config rank last."""
    names = site.handbook.config.severity_names
    return names.index(severity) if severity in names else len(names)


def utc(when: datetime) -> datetime:
    return when.astimezone(UTC)


def stamp(when: datetime | None) -> str:
    """``2026-03-04 09:12 UTC``; ``\\u2013`` when absent."""
    return utc(when).strftime("%Y-%m-%d %H:%M UTC") if when else "\u2013"


def duration(minutes: float | None) -> str:
    """``9m``, ``1h 05m``, ``2d 03h``; ``\\u2013`` for no value."""
    if minutes is None:
        return "\u2013"
    whole = round(minutes)
    if whole < 60:
        return f"{whole}m"
    hours, rest = divmod(whole, 60)
    if hours < 24:
        return f"{hours}h {rest:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours:02d}h"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 day``, ``2 days``, ``0 days``."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def minutes_between(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None or end < start:
        return None
    return (end - start).total_seconds() / 60
