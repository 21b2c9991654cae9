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
        elif path.is_dir() and not (path.is_symlink() and link_problem(config.root, path)):
            yield from _included(config, _walk(config.root, kind, path))
        elif config.excluded_by(path) is None:  # as ruff's force-exclude: pre-commit names files
            yield Source(kind, path, refusal(config.root, path))


def _ancestors(path: Path) -> set[Path]:
    """The real folders that contain ``path``, so a link back into them is seen as a loop."""
    return {parent.resolve() for parent in path.parents}


def _walk(root: Path, kind: str, top: Path) -> Iterator[Source]:
    """Depth first, in name order, as ``os.walk(top, followlinks=True)`` would go, but with each
    entry's type from the directory listing: a plain regular file costs no system call."""
    if not inside(root, top):
        yield Source(kind, top, "outside the handbook; irdocs reads only files inside it")
        return
    seen = {top.resolve()}
    stack = [str(top)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue  # as os.walk: a folder that cannot be listed is skipped
        walk_into = []
        for entry in entries:
            if _is_folder(entry):
                refused = _subfolder(root, kind, Path(entry.path), seen)
                if isinstance(refused, Source):
                    yield refused
                elif refused:
                    walk_into.append(entry.path)
        for entry in entries:
            if not _is_folder(entry) and is_document_name(entry.name):
                path = Path(entry.path)
                plain = entry.is_file(follow_symlinks=False)  # from the listing: no lstat
                yield Source(kind, path, None if plain else refusal(root, path, folder_inside=True))
        stack.extend(reversed(walk_into))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows links, as os.walk does
    except OSError:
        return False


def _subfolder(root: Path, kind: str, link: Path, seen: set[Path]) -> Source | bool:
    """A Source when the folder ``link`` is not walked because of a problem; else whether to walk
    it (a folder reached twice through links is read once)."""
    try:
        target: Path | None = link.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError on a loop
        target = None
    if target is None or target in link.absolute().parents or target in _ancestors(link):
        return Source(
            kind, link, "symlink loop: this folder links back to its own parent; remove the link"
        )
    if link.is_symlink() and (problem := link_problem(root, link)) is not None:
        return Source(kind, link, problem)  # never walked: it leads out of the handbook
    if target in seen:
        return False
    seen.add(target)
    return True


def is_document_name(name: str) -> bool:
    """Whether a file of this name in a document folder is read as a document."""
    return name.endswith(".md") and name not in NOT_DOCUMENTS and not name.startswith("_")
