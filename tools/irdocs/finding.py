"""A finding: one problem at one place in one file, in the one diagnostic grammar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """``path:line:col: CODE message``; ``line`` and ``column`` are 1-based."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = "error"

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"

    def as_json(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }
