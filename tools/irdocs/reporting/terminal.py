"""Text that reaches a terminal or a CI log without driving it.

Documents are untrusted (docs/security.md): a title, an owner, a commit subject or a file name may
hold a newline, an ANSI or OSC escape sequence, a bidirectional override, or a line that GitHub
Actions reads as a workflow command (``::error …::``, ``::add-mask::``, ``##[warning]``). Every
text output goes through here:

- ``clean`` escapes control characters in a value before it goes into a line, so that a value
  is one line and never an escape sequence: ``\\n``, ``\\r``, ``\\t``, ``\\x1b``, ``\\u202e``.
- ``lines`` does that (tabs aside) to every line of a finished text output, and neutralises
  workflow-command prefixes: a line whose first non-blank characters are ``::`` (the runner
  trims leading whitespace), and ``##[`` anywhere in a line (the runner's older syntax), get
  their first character written ``\\x3a`` or ``\\x23``. Only ``--format github`` writes
  workflow commands, escaped as GitHub's toolkit escapes them (``reporting.render``).
- ``cell`` does what ``clean`` does for a CSV cell and also neutralises spreadsheet formulas
  (OWASP, "CSV Injection"): a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return gets a leading ``'``.

``Guarded`` applies ``lines`` to a whole stream: ``main`` writes every text output and stderr
through it, so that a command that forgot ``clean`` still drives no terminal and no CI.

A backslash is left as it is: the escapes are for people reading a log, not a lossless encoding
(the json format is that).
"""

from __future__ import annotations

import re
from typing import TextIO

_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0, DEL, C1 (CSI is U+009B)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks and overrides
    "\u2028\u2029]"  # line and paragraph separators
)
_CONTROL_BUT_TAB = re.compile(f"(?!\t){_CONTROL.pattern}")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_WORKFLOW_COMMAND = re.compile(r"^(\s*):(?=:)")
_OLD_WORKFLOW_COMMAND = re.compile(r"#(?=#\[)")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def clean(text: str) -> str:
    """``text`` with every control character escaped: one line, no escape sequence."""
    return _CONTROL.sub(_escape, text)


def line(text: str) -> str:
    """``text`` as one line of output: cleaned, and no workflow command."""
    return _line(clean(text))


def lines(text: str) -> str:
    """A finished text output, every line cleaned and no line a workflow command."""
    return "\n".join(_line(line) for line in text.split("\n"))


def cell(text: str) -> str:
    """A CSV cell: cleaned, and never a formula."""
    text = clean(text)
    return f"'{text}" if text.startswith(_FORMULA) else text


class Guarded:
    """A text stream that writes each complete line to ``stream`` through ``lines`` (what
    ``print`` and ``sys.stdout.write`` need of a stream, and no more)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.encoding = stream.encoding
        self._pending = ""

    def write(self, text: str) -> int:
        done, newline, self._pending = (self._pending + text).rpartition("\n")
        if newline:
            self.stream.write(lines(done) + "\n")
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self.stream.write(lines(self._pending))
            self._pending = ""
        self.stream.flush()

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> bool:
        return self.stream.isatty()


def _line(line: str) -> str:
    line = _CONTROL_BUT_TAB.sub(_escape, line)  # a tab moves the cursor, no more: kept
    line = _WORKFLOW_COMMAND.sub(r"\1\\x3a", line)
    return _OLD_WORKFLOW_COMMAND.sub(r"\\x23", line)


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    named = _NAMED.get(character)
    if named is not None:
        return named
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
