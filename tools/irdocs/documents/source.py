"""Reading a document's bytes into text, refusing what is not a readable UTF-8 text file."""

from __future__ import annotations

import errno
from pathlib import Path

from irdocs.documents.problem import DocumentProblem

MAX_DOCUMENT_BYTES = 1024 * 1024
"""Documents larger than this are refused unread: no real incident, runbook or postmortem is."""


def read_text(path: Path, *, limit: int | None = None) -> str:
    """Return the file's text with the BOM dropped and CRLF / CR line ends turned into LF.

    With ``limit``, only that many bytes from the start (a cut character at the end is dropped).
    """
    if limit is not None:
        with path.open("rb") as stream:
            head = stream.read(limit)
        return head.decode("utf-8-sig", errors="ignore").replace("\r\n", "\n")
    data = _read_bytes(path)
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


def _read_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DocumentProblem("IR100", "symlink loop; point the link at a real file") from None
        if exc.errno == errno.EISDIR:
            raise DocumentProblem("IR100", "a directory, not a document") from None
        reason = exc.strerror or type(exc).__name__
        raise DocumentProblem("IR100", f"cannot read the file: {reason}") from None
    if len(data) > MAX_DOCUMENT_BYTES:
        size = path.stat().st_size / (1024 * 1024)
        raise DocumentProblem(
            "IR100",
            f"file is {size:.1f} MiB; documents over {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB "
            "are not read (split it, or move attachments out of the handbook)",
        )
    return data
