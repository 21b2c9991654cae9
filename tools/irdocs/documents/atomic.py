"""Writing a document atomically, and only inside the handbook: the one way irdocs writes a file.

A temporary file beside the target, flushed to disk, then linked in as a new file or renamed over
the old one only if the old one still holds the bytes that were read. On any failure the document
is as it was. Nothing is written through or over a symlink, into a folder that a symlink leads out
of the handbook, nor larger than a reader accepts (``source.MAX_DOCUMENT_BYTES``).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from irdocs.documents.source import MAX_DOCUMENT_BYTES, inside

TEMPORARY_SUFFIX = ".tmp"
"""Temporary files are ``.<name>.<random>.tmp``: hidden, and not ``*.md``, so discovery never
reads one a killed process left behind."""


LOCK_WAIT_SECONDS = 5.0
"""How long a writer waits for another irdocs writing in the same folder before giving up."""


class Exists(Exception):
    """A new document's path is taken: nothing is ever written over a document."""


class Changed(Exception):
    """The file no longer holds the bytes it was read with (someone's edit, a git checkout)."""


class Refused(Exception):
    """irdocs does not write there: the message says why and what to do (one line)."""


class Busy(Refused):
    """Another irdocs process kept the folder locked for longer than ``LOCK_WAIT_SECONDS``."""


def write(
    path: Path,
    data: bytes,
    expected: bytes | None,
    *,
    root: Path,
    limit: int | None = MAX_DOCUMENT_BYTES,
) -> None:
    """Put ``data`` at ``path`` inside the handbook at ``root``: a new file when ``expected`` is
    None (``Exists`` if the path is taken), else a replacement of a file that still holds
    ``expected`` (``Changed`` if not). ``Refused`` when the path is not allowed, or ``data`` is
    over ``limit`` bytes (by default what a document may be; None for generated pages).
    ``OSError`` passes through."""
    if limit is not None:
        check_size(data, limit)
    make_folder(root, path.parent)
    if expected is None and os.path.lexists(path):
        raise Exists(str(path))
    check_target(root, path)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        with locked(path.parent):  # the check and the rename, as one step for every writer
            if expected is None:
                _create(Path(temporary), path)
            else:
                os.chmod(temporary, stat.S_IMODE(path.lstat().st_mode))  # noqa: PTH101
                check_target(root, path)
                if _bytes(path) != expected:
                    raise Changed(str(path))
                os.replace(temporary, path)  # noqa: PTH105
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)  # noqa: PTH108


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` (``flock`` on the folder itself: no lock file is left
    behind, and the kernel releases it when a process dies), held while the block runs; ``Busy``
    after waiting ``LOCK_WAIT_SECONDS`` for it."""
    if os.name != "posix":  # pragma: no cover - no flock: the rename alone is still atomic
        yield
        return
    import fcntl

    # O_RDONLY is 0 and the folder exists: dropping a flag changes nothing observable
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)  # pragma: no mutate
    try:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                # > or >=, and the poll interval, move the wait by a tick: not observable
                if time.monotonic() > deadline:  # pragma: no mutate
                    raise Busy(
                        f"another irdocs command has been writing in {folder} for "
                        f"{LOCK_WAIT_SECONDS:.0f} s; nothing was written, run it again"
                    ) from None
                time.sleep(0.02)  # pragma: no mutate
            except OSError:  # a file system without flock: the rename is still atomic
                break  # pragma: no mutate (no such file system on the test machines)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def check_size(data: bytes, limit: int = MAX_DOCUMENT_BYTES) -> None:
    """Refuse what the readers would refuse: a document is read only up to 1 MiB."""
    if len(data) > limit:
        raise Refused(
            f"the file would be {len(data) / (1024 * 1024):.1f} MiB, and documents over "
            f"{limit / (1024 * 1024):g} MiB are not read; shorten it (move long text out of "
            "the front matter)"
        )


def existing_ancestor(path: Path) -> Path:
    """``path`` or its nearest ancestor that exists (as a link, even a dangling one)."""
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def make_folder(root: Path, folder: Path) -> None:
    """Create ``folder`` (and its parents) unless a symlink on its way leads out of ``root``."""
    if not inside(root, existing_ancestor(folder)):
        raise Refused(f"{folder} is outside the handbook ({root}); irdocs writes only inside it")
    folder.mkdir(parents=True, exist_ok=True)
    if not inside(root, folder):  # made meanwhile, as a link
        raise Refused(f"{folder} is outside the handbook ({root}); irdocs writes only inside it")


def check_target(root: Path, path: Path) -> None:
    """Refuse a target that is a symlink or not a regular file, or whose folder leads out of
    ``root``: an edit replaces the file, never what a link points at nor the link."""
    if not inside(root, path.parent):
        raise Refused(f"{path} is outside the handbook ({root}); irdocs writes only inside it")
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise Refused(
            f"{path} is a symlink; irdocs never writes through or over a link "
            "(edit the file it points at, by its own path)"
        )
    if not stat.S_ISREG(mode):
        raise Refused(f"{path} is not a regular file; irdocs writes only regular files")


def _create(temporary: Path, path: Path) -> None:
    try:
        os.link(temporary, path)  # fails if the path exists, with no window for a race
    except FileExistsError:
        raise Exists(str(path)) from None
    except OSError:  # a file system without hard links
        if os.path.lexists(path):
            raise Exists(str(path)) from None
        os.replace(temporary, path)  # noqa: PTH105


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
