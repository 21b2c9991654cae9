"""Reading a document's bytes into text, refusing what is not a readable UTF-8 text file.

This is the one way irdocs opens a file it did not write: only a regular file is opened, and it is
opened so that it cannot block (a FIFO, a terminal or ``/dev/stdin`` named ``*.md`` is refused
unopened; ``O_NONBLOCK`` and a check of the opened descriptor close the race). ``refusal`` says
whether a path inside a handbook may be read at all: a symlink that leaves the handbook, dangles or
loops is never followed.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from irdocs.documents.problem import DocumentProblem

MAX_DOCUMENT_BYTES = 1024 * 1024
"""Documents larger than this are refused unread: no real incident, runbook or postmortem is."""

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_text(path: Path, *, limit: int | None = None) -> str:
    """Return the file's text with the BOM dropped and CRLF / CR line ends turned into LF.

    With ``limit``, only that many bytes from the start (a cut character at the end is dropped).
    """
    if limit is not None:
        with open_regular(path) as stream:
            head = stream.read(limit)
        return head.decode("utf-8-sig", errors="ignore").replace("\r\n", "\n")
    data = read_bytes(path)
    if b"\0" in data:
        raise DocumentProblem(
            "IR100", "binary file (it contains NUL bytes); documents are UTF-8 text"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        raise DocumentProblem(
            "IR100",
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            line=data.count(b"\n", 0, exc.start) + 1,
            column=exc.start - line_start + 1,
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_bytes(path: Path, *, limit: int | None = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of the regular file at ``path``; DocumentProblem (IR100) for anything else, or
    when it is larger than ``limit`` (None: no limit, for files irdocs wrote itself)."""
    with open_regular(path) as stream:
        data = stream.read() if limit is None else stream.read(limit + 1)
    if limit is not None and len(data) > limit:
        size = os.stat(path).st_size / (1024 * 1024)  # noqa: PTH116
        raise DocumentProblem(
            "IR100",
            f"file is {size:.1f} MiB; documents over {limit // (1024 * 1024)} MiB "
            "are not read (split it, or move attachments out of the handbook)",
        )
    return data


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, if it is a regular file; DocumentProblem (IR100) if not.

    The file's type is checked before opening (opening a device or a FIFO can block or have
    effects), the open cannot block, and the opened descriptor is checked again: what was
    checked is what is read.
    """
    try:
        _refuse_special(os.stat(path).st_mode)  # noqa: PTH116
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    try:
        _refuse_special(os.fstat(descriptor).st_mode)
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def refusal(root: Path, path: Path, *, folder_inside: bool = False) -> str | None:
    """Why the file at ``path`` in the handbook at ``root`` is not read, or None: a symlink that
    dangles, loops or leads out of the handbook, or anything but a regular file.
    ``folder_inside``: the caller knows the folder of ``path`` is inside ``root``."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return _unreadable(path, exc).message
    if stat.S_ISLNK(mode):
        problem = link_problem(root, path)
        if problem is not None:
            return problem
        try:
            mode = os.stat(path).st_mode  # noqa: PTH116
        except OSError as exc:
            return _unreadable(path, exc).message
    elif not folder_inside and not inside(root, path):  # a folder on its way links out
        return "outside the handbook; irdocs reads only files inside it"
    try:
        _refuse_special(mode)
    except DocumentProblem as problem:
        return problem.message
    return None


def link_problem(root: Path, path: Path) -> str | None:
    """Why the symlink ``path`` is not followed: it leads out of ``root``, dangles, or loops."""
    target = Path(path).readlink()
    if not inside(root, path):
        return (
            f"symlink to '{target}', outside the handbook; irdocs reads only files inside it "
            "(copy the file in, or remove the link)"
        )
    try:
        os.stat(path)  # noqa: PTH116
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop; point the link at a real file"
        if exc.errno == errno.ENOENT:
            return _dangling(target)
        return f"cannot read the file: {exc.strerror or type(exc).__name__}"
    return None


def inside(root: Path, path: Path) -> bool:
    """Whether ``path``, all links followed, is in the folder ``root``."""
    real = os.path.realpath(path)
    top = os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _dangling(target: Path) -> str:
    return f"dangling symlink to '{target}'; point it at a file in the handbook or remove it"


def _refuse_special(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    if what == "a directory":
        raise DocumentProblem("IR100", "a directory, not a document")
    raise DocumentProblem(
        "IR100", f"{what}, not a regular file; irdocs reads only regular files (remove it)"
    )


def _unreadable(path: Path, exc: OSError) -> DocumentProblem:
    if exc.errno == errno.ELOOP:
        return DocumentProblem("IR100", "symlink loop; point the link at a real file")
    if exc.errno == errno.EISDIR:
        return DocumentProblem("IR100", "a directory, not a document")
    if exc.errno == errno.ENOENT and os.path.islink(path):  # noqa: PTH114
        return DocumentProblem("IR100", _dangling(Path(path).readlink()))
    reason = exc.strerror or type(exc).__name__
    return DocumentProblem("IR100", f"cannot read the file: {reason}")
