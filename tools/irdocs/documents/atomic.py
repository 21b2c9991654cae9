"""Writing a document atomically: a temporary file beside it, flushed to disk, then linked in as
a new file or renamed over the old one only if the old one still holds the bytes that were read.
On any failure the document is as it was."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class Exists(Exception):
    """A new document's path is taken: nothing is ever written over a document."""


class Changed(Exception):
    """The file no longer holds the bytes it was read with (someone's edit, a git checkout)."""


def write(path: Path, data: bytes, expected: bytes | None) -> None:
    """Put ``data`` at ``path``: a new file when ``expected`` is None (``Exists`` if the path is
    taken), else a replacement of a file that still holds ``expected`` (``Changed`` if not).
    ``OSError`` passes through."""
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if expected is None:
            _create(Path(temporary), path)
        else:
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))  # noqa: PTH101
            if _bytes(path) != expected:
                raise Changed(str(path))
            os.replace(temporary, path)  # noqa: PTH105
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)  # noqa: PTH108


def _create(temporary: Path, path: Path) -> None:
    try:
        os.link(temporary, path)  # fails if the path exists, with no window for a race
    except FileExistsError:
        raise Exists(str(path)) from None
    except OSError:  # a file system without hard links
        if path.exists():
            raise Exists(str(path)) from None
        os.replace(temporary, path)  # noqa: PTH105


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
