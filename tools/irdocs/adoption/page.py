"""A page as adoption reads it: its exact bytes, split into the front matter block it has (if
any) and the body, which is kept byte for byte."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from irdocs.documents.frontmatter import FrontMatter, parse
from irdocs.documents.problem import DocumentProblem
from irdocs.documents.source import MAX_DOCUMENT_BYTES

_BOM = b"\xef\xbb\xbf"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_OPENING = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_CLOSING = re.compile(r"(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)")


@dataclass(frozen=True, slots=True)
class Page:
    path: Path
    raw: bytes
    """The bytes read: the file is replaced only if it still holds exactly these."""
    head: bytes
    """The BOM and the front matter block (from the opening ``---`` line through the closing
    one), or the BOM alone when the page has no front matter."""
    body: bytes
    """Everything after ``head``: never changed."""
    newline: str
    """``\\r\\n`` when the page's lines end so, else ``\\n``; new front matter follows it."""
    yaml_text: str | None
    """The text between the ``---`` lines, LF line ends; None without front matter."""

    @property
    def bom(self) -> bytes:
        return _BOM if self.raw.startswith(_BOM) else b""

    def body_text(self) -> str:
        return self.body.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")

    def front_matter(self) -> FrontMatter | None:
        """The parsed front matter; DocumentProblem (IR106 to IR109) when it does not parse."""
        if self.yaml_text is None:
            return None
        return parse(f"---\n{self.yaml_text}---\n")


def read(path: Path) -> Page:
    """Read ``path``; DocumentProblem (IR100, IR105) when it cannot be a page."""
    with path.open("rb") as stream:
        raw = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(raw) > MAX_DOCUMENT_BYTES:
        limit = MAX_DOCUMENT_BYTES // (1024 * 1024)
        raise DocumentProblem("IR100", f"larger than {limit} MiB; not a runbook page")
    if b"\0" in raw:
        raise DocumentProblem("IR100", "binary file (it contains NUL bytes); pages are UTF-8")
    try:
        text = raw.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DocumentProblem(
            "IR100", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line=line
        ) from None
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = _BOM if raw.startswith(_BOM) else b""
    opening = _OPENING.match(text)
    if opening is None:
        return Page(path, raw, bom, raw[len(bom) :], newline, None)
    lines = _LINE.findall(text, opening.end())
    for index, line in enumerate(lines):
        if _CLOSING.fullmatch(line):
            yaml_lines = lines[:index]
            end = opening.end() + sum(len(item) for item in lines[: index + 1])
            yaml_text = "".join(_lf(item) for item in yaml_lines)
            size = len(bom) + len(text[:end].encode("utf-8"))
            return Page(path, raw, raw[:size], raw[size:], newline, yaml_text)
    raise DocumentProblem(
        "IR105", "its front matter is not closed: add a '---' line after it", line=1
    )


def _lf(line: str) -> str:
    return line.rstrip("\r\n") + "\n"
