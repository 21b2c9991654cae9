"""Find a handbook's documents: Markdown files in each kind's folder, following symlinks only
while they stay inside the handbook. A link that leaves it, dangles or loops, and a file that is
not a regular file (a FIFO named ``*.md``), is a Source with ``refused`` set: reported, not read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from irdocs.config import DOCUMENT_KINDS, Config
from irdocs.documents.source import inside, link_problem, refusal

NOT_DOCUMENTS = frozenset({"README.md", "index.md"})
"""Files in a document folder that describe the folder rather than being documents."""


@dataclass(frozen=True, slots=True)
class Source:
    kind: str
    """``incident``, ``postmortem`` or ``runbook``."""
    path: Path
    refused: str | None = None
    """Why ``path`` is not read (a symlink loop, a link out of the handbook, a FIFO...): reported
    as IR100 at 1:1, and the file is never opened."""


def discover(config: Config) -> Iterator[Source]:
    """Every document of the handbook, folder by folder, in a stable order; files the
    configuration's ``exclude`` names are not documents."""
    for kind in DOCUMENT_KINDS:
        folder = config.folder(kind)
        if folder.is_symlink() and (problem := link_problem(config.root, folder)) is not None:
            yield Source(kind, folder, problem)
        elif folder.is_dir():
            yield from _included(config, _walk(config.root, kind, folder))


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
        elif path.is_dir() and not path.is_symlink():
            yield from _included(config, _walk(config.root, kind, path))
        elif config.excluded_by(path) is None:  # as ruff's force-exclude: pre-commit names files
            yield Source(kind, path, refusal(config.root, path))


def _ancestors(path: Path) -> set[Path]:
    """The real folders that contain ``path``, so a link back into them is seen as a loop."""
    return {parent.resolve() for parent in path.parents}


def _walk(root: Path, kind: str, top: Path) -> Iterator[Source]:
    if not inside(root, top):
        yield Source(kind, top, "outside the handbook; irdocs reads only files inside it")
        return
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
                loop = "symlink loop: this folder links back to its own parent; remove the link"
                yield Source(kind, link, loop)
            elif link.is_symlink() and (problem := link_problem(root, link)) is not None:
                subfolders.remove(name)  # never walked: it leads out of the handbook
                yield Source(kind, link, problem)
            elif target in seen:
                subfolders.remove(name)  # reached twice through links: read it once
            else:
                seen.add(target)
        for name in sorted(files):
            if is_document_name(name):
                path = Path(folder, name)
                yield Source(kind, path, refusal(root, path, folder_inside=True))


def is_document_name(name: str) -> bool:
    """Whether a file of this name in a document folder is read as a document."""
    return name.endswith(".md") and name not in NOT_DOCUMENTS and not name.startswith("_")
