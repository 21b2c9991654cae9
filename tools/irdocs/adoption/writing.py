"""Replacing a page atomically: a temporary file beside it, renamed over it, only if the page
still holds the bytes adoption read."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from irdocs.documents import atomic
from irdocs.documents.problem import DocumentProblem

_THREADS = 16


def replace(root: Path, path: Path, before: bytes, after: bytes) -> None:
    """Write ``after`` to ``path`` (a regular file in the handbook at ``root``) if it still holds
    ``before``; DocumentProblem (IR100) otherwise, with the file as it was."""
    try:
        atomic.write(path, after, before, root=root)
    except atomic.Changed:
        raise DocumentProblem(
            "IR100",
            "not written: the file changed on disk since irdocs read it (someone's edit, or "
            "a git checkout); run irdocs adopt again",
        ) from None
    except atomic.Refused as refused:
        raise DocumentProblem("IR100", f"not written: {refused}") from None
    except OSError as exc:
        raise DocumentProblem(
            "IR100", f"not written ({exc.strerror or exc}); the file is as it was"
        ) from None


def replace_all(
    root: Path, changes: Sequence[tuple[Path, bytes, bytes]]
) -> list[DocumentProblem | None]:
    """``replace`` for each (path, before, after), in threads: each write waits on its fsync, and
    the file system commits waiting fsyncs together, so a few hundred pages take a fraction of
    the time one after another would. The problem of each change, in order, or None."""
    from concurrent.futures import ThreadPoolExecutor

    def one(change: tuple[Path, bytes, bytes]) -> DocumentProblem | None:
        try:
            replace(root, *change)
        except DocumentProblem as problem:
            return problem
        return None

    if len(changes) < 2:
        return [one(change) for change in changes]
    with ThreadPoolExecutor(max_workers=min(_THREADS, len(changes))) as pool:
        return list(pool.map(one, changes))
