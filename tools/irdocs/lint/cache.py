"""The lint cache: per document, what validation and the document rules found, keyed by the
document's content; and the handbook-level findings, keyed by everything they read.

A cache is an optimisation, never an authority. It lives in ``.irdocs-cache/lint.json`` in the
handbook's root (outside the tree, in the user's cache folder, when ``CI=true``), and it is
ignored when that folder or file is a symlink or not a regular one, when git tracks it, when it
is larger than ``MAX_BYTES`` or does not parse. Everything in it is keyed with a secret of this
machine's user (``<user cache>/irdocs/secret``), so an entry planted in a repository, or written
on another machine, never matches: the whole cache's key and each document's digest are keyed
hashes. The key also covers irdocs's own code (a hash of its files), the configuration file's
bytes, the registered rules and the day (freshness rules compare dates with today).

A document's entry is trusted without reading the file when its mtime and size are unchanged
and it was not modified in the last seconds before the cache was written (the "racy" case git
also guards against); otherwise the file is hashed and the entry kept only if the content is the
same. JSON, not pickle. Writes go through a descriptor of the cache folder opened without
following symlinks, so a link never sends them outside it; a cache that cannot be written is
skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import stat as stats
import subprocess
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = ".irdocs-cache"
_FILE = "lint.json"
_FORMAT = 3
MAX_BYTES = 256 * 1024 * 1024
"""A larger cache file is not read: a real one is a few hundred bytes per document."""
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
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
        # dumps, not dump: dump streams through the pure-Python encoder
        text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
        try:
            _write(self.folder, _FILE, text.encode("utf-8"))
        except OSError:
            return  # a read-only checkout lints as well, only not faster next time


def _write(folder: Path, name: str, data: bytes) -> None:
    """``data`` as ``folder/name``, replaced atomically; nothing if ``folder`` is a symlink
    or not a folder (``O_NOFOLLOW`` on the folder, every name created beside it with
    ``O_EXCL``)."""
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    directory = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
    try:
        if not stats.S_ISDIR(os.fstat(directory).st_mode):
            return
        try:
            ignore = os.open(
                ".gitignore",
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW,
                0o644,
                dir_fd=directory,
            )
        except FileExistsError:
            pass  # there already, or something planted in its place: left alone
        else:
            with os.fdopen(ignore, "wb") as stream:
                stream.write(b"# written by irdocs: the lint cache is not for version control\n*\n")
        temporary = f".lint-{secrets.token_hex(8)}.tmp"
        descriptor = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=directory
        )
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
            os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
        except OSError:
            os.unlink(temporary, dir_fd=directory)
            raise
    finally:
        os.close(directory)


def load(root: Path, key: str, *, enabled: bool = True) -> Cache:
    """The cache of the handbook at ``root`` if it is intact, trusted and made under ``key`` on
    this machine; else an empty one that will replace it (or, for a cache that must not be
    trusted or touched, none at all)."""
    if not enabled:
        return Cache(None, key)
    key = _keyed(key.encode())
    folder = location(root)
    if folder is None:
        return Cache(None, key)
    try:
        payload = _read(folder / _FILE)
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
        MemoryError,
    ):
        return Cache(folder, key, changed=True)  # missing or corrupt: rebuilt by this run


def location(root: Path) -> Path | None:
    """The cache folder of the handbook at ``root``, or None when the one in the tree must not
    be used: a symlink or not a folder, or tracked by git."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        name = hashlib.blake2b(str(root.absolute()).encode(), digest_size=12).hexdigest()
        return _user_cache() / "handbooks" / name
    folder = root / FOLDER
    try:
        mode = folder.lstat().st_mode
    except OSError:
        return folder  # not there yet: this run writes it
    if not stats.S_ISDIR(mode) or _tracked(root):
        return None
    return folder


def _tracked(root: Path) -> bool:
    """Whether git tracks a file in the cache folder: a committed cache is someone else's."""
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--", FOLDER],
            cwd=root,
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False  # no git: nothing is tracked
    return done.returncode == 0 and bool(done.stdout)


def _read(path: Path) -> Any:
    """The JSON of ``path``, a regular file no larger than ``MAX_BYTES``, never a symlink."""
    descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stats.S_ISREG(status.st_mode) or status.st_size > MAX_BYTES:
            raise ValueError("not a regular file of a sane size")
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError("too large")
    return json.loads(data)


def _user_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "irdocs"


@cache
def _secret() -> bytes:
    """This user's secret for keying the cache, made on first use; a fresh one for this process
    alone (so no cache matches) when it cannot be read or kept."""
    folder = _user_cache()
    path = folder / "secret"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w", encoding="ascii") as stream:
                stream.write(secrets.token_hex(32))
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            if not stats.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise OSError("not a regular file")
            text = stream.read(65).decode("ascii").strip()
        if len(text) == 64:
            return bytes.fromhex(text)
    except (OSError, ValueError):
        pass
    return secrets.token_bytes(32)


def _keyed(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16, key=_secret()).hexdigest()


_IDS = "ids.json"


@cache
def code_version() -> str:
    """A hash of the content of every file of the irdocs package and of its schemas: a rule
    edited with the version unchanged is a new cache (size and time could stay the same)."""
    from irdocs.schemafiles import schema_dir

    return files_digest([Path(__file__).resolve().parent.parent, schema_dir()])


def files_digest(folders: list[Path]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
                digest.update(f"\0{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def load_ids(root: Path, key: str) -> tuple[dict[str, Any], int]:
    """The ID index of ``validate FILE`` (see ``reading.read_keys``) and when it was written;
    empty when missing, corrupt, untrusted or made under another ``key``. The same rules as the
    lint cache: keyed with this machine's secret, never read through a symlink."""
    folder = location(root)
    if folder is None:
        return {}, 0
    try:
        payload = _read(folder / _IDS)
        if payload["format"] != _FORMAT or payload["key"] != _keyed(key.encode()):
            return {}, 0
        entries = payload["documents"]
        if not isinstance(entries, dict):
            return {}, 0
        return entries, int(payload["written_ns"])
    except (OSError, ValueError, TypeError, KeyError, RecursionError, MemoryError):
        return {}, 0


def save_ids(root: Path, key: str, entries: dict[str, Any]) -> None:
    folder = location(root)
    if folder is None:
        return
    payload = {
        "format": _FORMAT,
        "key": _keyed(key.encode()),
        "written_ns": time.time_ns(),
        "documents": entries,
    }
    try:
        _write(folder, _IDS, json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    except OSError:
        return


def digest_of(path: Path) -> str:
    with path.open("rb") as stream:
        return digest_bytes(stream.read())


def digest_bytes(data: bytes) -> str:
    """A hash of ``data`` keyed with this machine's secret: a planted entry cannot match."""
    return _keyed(data)


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
