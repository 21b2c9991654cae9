"""Where irdocs lives: the addresses its package metadata names (``[project.urls]`` in its
``pyproject.toml``), and its documentation pages, as links there or, when no address is
configured, as files in irdocs's repository. Never an address nobody configured."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

_DOCUMENTATION = {"documentation", "docs"}
_SOURCE = {"source", "sourcecode", "repository", "code"}


@dataclass(frozen=True, slots=True)
class Urls:
    documentation: str | None
    """The published documentation (``Documentation``); its pages as MkDocs builds them."""
    source: str | None
    """irdocs's public repository (``Source``), with its pre-commit hooks at one tag a release."""


@cache
def urls() -> Urls:
    """The installed irdocs's ``Project-URL`` entries."""
    from importlib import metadata

    try:
        entries = metadata.metadata("irdocs").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:  # running from a bare source tree
        entries = []
    return parse(entries)


def parse(entries: Iterable[str]) -> Urls:
    """``Project-URL`` values, ``label, URL``; labels compare as the core metadata spec says:
    lower case, without punctuation or white space."""
    found: dict[str, str] = {}
    for entry in entries:
        label, _, url = entry.partition(",")
        if url.strip().startswith(("https://", "http://")):
            found.setdefault(re.sub(r"[\W_]+", "", label.lower()), url.strip())
    return Urls(
        next((found[key] for key in sorted(_DOCUMENTATION) if key in found), None),
        next((found[key] for key in sorted(_SOURCE) if key in found), None),
    )


def page_url(page: str, where: Urls | None = None) -> str | None:
    """``page`` of the documentation (``configuration.md``, ``rules/runbooks.md#ir401``) at the
    published address, as MkDocs's directory URLs build it; None when none is configured."""
    base = (where or urls()).documentation
    if base is None:
        return None
    file, hash_, anchor = page.partition("#")
    path = re.sub(r"(^|/)index\.md$", r"\1", file)
    path = re.sub(r"\.md$", "/", path)
    return f"{base.rstrip('/')}/{path}{hash_}{anchor}"


def page_reference(page: str, where: Urls | None = None, repository: str | None = None) -> str:
    """``page`` as a reader can follow it: its URL, or ``docs/PAGE in irdocs's repository``
    with the repository's address when one is known (``Source``, else ``repository``)."""
    where = where or urls()
    url = page_url(page, where)
    if url is not None:
        return url
    home = where.source or repository
    return f"docs/{page} in irdocs's repository" + (f" ({home})" if home else "")
