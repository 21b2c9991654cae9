"""Inline suppression: ``<!-- irdocs: disable=CODES -->`` … ``<!-- irdocs: enable=CODES -->``,
``<!-- irdocs: disable-next-line=CODES -->``; and IR110, the rule that reports a comment naming
a code that does not exist (a typo there would silently suppress nothing).

A ``disable`` lasts until an ``enable`` of the same codes, or to the end of the file; with no
codes it covers every code. A ``disable`` written before the body's first content covers the
whole file, front matter included (its findings come before any comment could). Codes may be
prefixes (``IR4``), as in ``--select``. Comments inside fenced code blocks are examples, not
directives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from irdocs.config import DOCUMENT_KINDS
from irdocs.finding import Finding
from irdocs.lint.registry import document_rule

if TYPE_CHECKING:
    from irdocs.lint.document import LintDocument

_COMMENT = re.compile(r"<!--\s*irdocs\s*:(?P<text>.*?)-->")
_DIRECTIVE = re.compile(
    r"\s*(?P<action>disable-next-line|disable|enable)\s*(?:=\s*(?P<codes>[^=]*?))?\s*$"
)
_CODE = re.compile(r"IR\d{1,3}")
_FENCE = re.compile(r"^ {0,3}(?P<mark>`{3,}|~{3,})")
_ANY_COMMENT = re.compile(r"<!--.*?-->")


@dataclass(frozen=True, slots=True)
class Directive:
    line: int
    column: int
    action: str
    """``disable``, ``enable`` or ``disable-next-line``; empty when the comment is malformed."""
    codes: tuple[str, ...]
    """Codes or prefixes; empty means every code."""
    leading: bool
    """Written before any content of the body: a ``disable`` here covers the whole file."""
    text: str = ""
    """The comment's text, for the message about a malformed one."""


def directives(body: str, first_line: int) -> tuple[Directive, ...]:
    """Every irdocs comment of ``body``, whose first line is file line ``first_line``."""
    if "irdocs" not in body:
        return ()  # most documents: skip the line-by-line walk
    found: list[Directive] = []
    fence = ""
    content_seen = False
    for offset, line in enumerate(body.split("\n")):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening["mark"][0] == fence[0] and len(opening["mark"]) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening["mark"]
            content_seen = True
            continue
        for match in _COMMENT.finditer(line):
            found.append(_directive(match, first_line + offset, leading=not content_seen))
        if _ANY_COMMENT.sub("", line).strip():
            content_seen = True
    return tuple(found)


def _directive(match: re.Match[str], line: int, *, leading: bool) -> Directive:
    column = match.start() + 1
    parsed = _DIRECTIVE.fullmatch(match["text"])
    if parsed is None:
        return Directive(line, column, "", (), leading, match["text"].strip())
    codes = tuple(
        code.strip().upper() for code in (parsed["codes"] or "").split(",") if code.strip()
    )
    return Directive(line, column, parsed["action"], codes, leading, match["text"].strip())


def suppressed(code: str, line: int, found: Sequence[Directive]) -> bool:
    """Whether the directives of a document silence ``code`` at file ``line``."""
    every = False
    disabled: set[str] = set()
    exceptions: set[str] = set()
    for directive in found:
        if directive.action == "disable-next-line":
            if directive.line + 1 == line and (
                not directive.codes or _matches(directive.codes, code)
            ):
                return True
            continue
        start = 1 if directive.leading and directive.action == "disable" else directive.line
        if start > line or not directive.action:
            continue
        if directive.action == "disable":
            if directive.codes:
                disabled.update(directive.codes)
                exceptions.difference_update(directive.codes)
            else:
                every, disabled, exceptions = True, set(), set()
        elif directive.codes:
            disabled.difference_update(directive.codes)
            exceptions.update(directive.codes)
        else:
            every, disabled, exceptions = False, set(), set()
    return (every and not _matches(exceptions, code)) or _matches(disabled, code)


def _matches(prefixes: Iterable[str], code: str) -> bool:
    return any(code.startswith(prefix) for prefix in prefixes)


@document_rule("IR110", "unknown-suppression", *DOCUMENT_KINDS)
def unknown_suppression(document: LintDocument) -> Iterator[Finding]:
    """An irdocs comment that is malformed or names a code irdocs does not have."""
    from irdocs.lint.codes import all_codes, unknown

    found = directives(document.body, document.body_line)
    known = all_codes() if found else {}
    for directive in found:
        if not directive.action:
            yield document.finding(
                "IR110",
                f"'{directive.text}' is not an irdocs comment; write disable=CODES, "
                "enable=CODES or disable-next-line=CODES",
                line=directive.line,
                column=directive.column,
            )
            continue
        malformed = [code for code in directive.codes if not _CODE.fullmatch(code)]
        for code in malformed or unknown(list(directive.codes), known):
            yield document.finding(
                "IR110",
                f"{directive.action}={code}: no such code, so this comment silences nothing; "
                "the codes are listed in docs/rules/",
                line=directive.line,
                column=directive.column,
            )
