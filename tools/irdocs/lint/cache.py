"""The lint cache, ``.irdocs-cache/lint.json`` in the handbook's root: per document, what
validation and the document rules found, keyed by the document's content; and the handbook-level
findings, keyed by everything they read.

The whole cache is keyed by irdocs's version, the configuration file's bytes, the registered
rules and the day (freshness rules compare dates with today). A document's entry is trusted
without reading the file when its mtime and size are unchanged and it was not modified in the
last seconds before the cache was written (the "racy" case git also guards against); otherwise
the file is hashed and the entry kept only if the content is the same. JSON, not pickle: a cache
is a file in a repository someone else may have written. A corrupt or foreign cache is ignored
and rebuilt; a cache that cannot be written is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FOLDER = ".irdocs-cache"
_FILE = "lint.json"
_FORMAT = 2
_RACY_NS = 2_000_000_000  # mtime granularity is coarse on some file systems; 2 s is safe


@dataclass(frozen=True, slots=True)
class Entry:
    mtime_ns: int
    size: int
    digest: str
    findings: list[Any]
    """``[line, column, code, message]`` lists: the path is the document's. Levels, selection
    and the baseline apply after the cache, so changing them recomputes nothing."""
    links: list[Any] | None
    """``[key, [line, column], [[field, kind, value, [line, column]], ...]]``, or None when the
    front matter could not be read."""
    directives: list[Any]
    """``[line, column, action, [codes], leading, text]`` lists."""
    coverage: str = "full"
    """How much of the document was checked (``lint.coverage``)."""


@dataclass(slots=True)
class Cache:
    folder: Path | None
    """None when caching is off: nothing is read or written."""
    key: str
    entries: dict[str, Entry] = field(default_factory=dict)
    written_ns: int = 0
    handbook: tuple[str, list[Any]] | None = None
    """The key of the handbook-level work and its findings (``[path, line, column, code,
    message]`` lists)."""
    changed: bool = False

    def lookup(self, relative: str, path: Path) -> tuple[Entry | None, str | None, os.stat_result]:
        """The entry for ``path`` if its content is the one cached, the content's digest when it
        had to be computed, and the file's stat."""
        stat = path.stat()
        entry = self.entries.get(relative)
        if entry is None:
            return None, None, stat
        if (
            entry.mtime_ns == stat.st_mtime_ns
            and entry.size == stat.st_size
            and stat.st_mtime_ns < self.written_ns - _RACY_NS
        ):
            return entry, entry.digest, stat
        current = digest_of(path)
        if current != entry.digest:
            return None, current, stat
        self.put(relative, _restamped(entry, stat))
        return entry, current, stat

    def put(self, relative: str, entry: Entry) -> None:
        self.entries[relative] = entry
        self.changed = True

    def save(self) -> None:
        if self.folder is None or not self.changed:
            return
        payload = {
            "format": _FORMAT,
            "key": self.key,
            "written_ns": time.time_ns(),
            "documents": {
                name: [e.mtime_ns, e.size, e.digest, e.findings, e.links, e.directives, e.coverage]
                for name, e in self.entries.items()
            },
            "handbook": list(self.handbook) if self.handbook else None,
        }
        from irdocs.documents import atomic

        try:
            # never through a link: a committed .irdocs-cache -> ~ wrote into a home directory
            atomic.make_folder(self.folder.parent, self.folder)
            if self.folder.is_symlink():
                return
            ignore = b"# written by irdocs: the lint cache is not for version control\n*\n"
            with contextlib.suppress(atomic.Exists, atomic.Refused):  # there, or a link
                atomic.write(self.folder / ".gitignore", ignore, None, root=self.folder)
            descriptor, temporary = tempfile.mkstemp(
                dir=self.folder, prefix=".lint-", suffix=".tmp"
            )
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                # dumps, not dump: dump streams through the pure-Python encoder
                stream.write(json.dumps(payload, separators=(",", ":"), ensure_ascii=False))
            Path(temporary).replace(self.folder / _FILE)
        except (OSError, atomic.Refused):
            return  # a read-only checkout lints as well, only not faster next time


def load(root: Path, key: str, *, enabled: bool = True) -> Cache:
    """The cache of the handbook at ``root`` if it is intact and made under ``key``; else an
    empty one that will replace it."""
    if not enabled:
        return Cache(None, key)
    folder = root / FOLDER
    try:
        with (folder / _FILE).open(encoding="utf-8") as stream:
            payload = json.load(stream)
        if payload["format"] != _FORMAT or payload["key"] != key:
            return Cache(folder, key, changed=True)
        entries = {
            str(name): Entry(int(m), int(s), str(d), list(f), links, list(directives), str(c))
            for name, (m, s, d, f, links, directives, c) in payload["documents"].items()
        }
        handbook = payload["handbook"]
        return Cache(
            folder,
            key,
            entries,
            int(payload["written_ns"]),
            (str(handbook[0]), list(handbook[1])) if handbook else None,
        )
    except (
        OSError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        RecursionError,  # json recurses once per nested bracket
    ):
        return Cache(folder, key, changed=True)  # missing or corrupt: rebuilt by this run


def digest_of(path: Path) -> str:
    with path.open("rb") as stream:
        return digest_bytes(stream.read())


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _restamped(entry: Entry, stat: os.stat_result) -> Entry:
    return Entry(
        stat.st_mtime_ns,
        stat.st_size,
        entry.digest,
        entry.findings,
        entry.links,
        entry.directives,
        entry.coverage,
    )
