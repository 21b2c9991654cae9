"""The internal signal that one document cannot be read; callers turn it into a Finding."""

from __future__ import annotations


class DocumentProblem(Exception):
    """A document is unreadable at ``line``:``column`` (1-based) for the reason ``message``."""

    def __init__(self, code: str, message: str, *, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
