"""Find a handbook's documents: Markdown files in each kind's folder, following symlinks safely."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from irdocs.config import DOCUMENT_KINDS, Config

NOT_DOCUMENTS = frozenset({"README.md", "index.md"})
"""Files in a document folder that describe the folder rather than being documents."""


@dataclass(frozen=True, slots=True)
class Source:
    kind: str
    """``incident``, ``postmortem`` or ``runbook``."""
    path: Path
    loop: bool = False
    """True when ``path`` is a symlinked folder that leads back into its own ancestors."""


def discover(config: Config) -> Iterator[Source]:
    """Every document of the handbook, folder by folder, in a stable order; files the
    configuration's ``exclude`` names are not documents."""
    for kind in DOCUMENT_KINDS:
        folder = config.folder(kind)
        if folder.is_dir():
            yield from _included(config, _walk(kind, folder))


def _included(config: Config, sources: Iterable[Source]) -> Iterator[Source]:
    if not config.exclude:
        yield from sources
        return
    yield from (source for source in sources if config.excluded_by(source.path) is None)


def classify(config: Config, paths: Iterable[Path]) -> Iterator[Source | Path]:
    """The document kind of each given path (folders expand); a path of no kind comes back bare."""
    roots = {kind: config.folder(kind).resolve() for kind in DOCUMENT_KINDS}
    for path in paths:
        absolute = path.resolve() if not path.is_symlink() else path.absolute()
        kind = next((k for k, root in roots.items() if absolute.is_relative_to(root)), None)
        if kind is None:
            yield path
        elif path.is_dir():
            yield from _included(config, _walk(kind, path))
        elif config.excluded_by(path) is None:  # as ruff's force-exclude: pre-commit names files
            yield Source(kind, path)


def _ancestors(path: Path) -> set[Path]:
    """The real folders that contain ``path``, so a link back into them is seen as a loop."""
    return {parent.resolve() for parent in path.parents}


def _walk(kind: str, top: Path) -> Iterator[Source]:
    seen = {top.resolve()}
    for folder, subfolders, files in os.walk(top, followlinks=True):
        subfolders.sort()
        for name in list(subfolders):
            link = Path(folder, name)
            try:
                target = link.resolve()
            except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError on a loop
                target = None
            if target is None or target in link.absolute().parents or target in _ancestors(link):
                subfolders.remove(name)
                yield Source(kind, link, loop=True)
            elif target in seen:
                subfolders.remove(name)  # reached twice through links: read it once
            else:
                seen.add(target)
        for name in sorted(files):
            if is_document_name(name):
                yield Source(kind, Path(folder, name))


def is_document_name(name: str) -> bool:
    """Whether a file of this name in a document folder is read as a document."""
    return name.endswith(".md") and name not in NOT_DOCUMENTS and not name.startswith("_")
