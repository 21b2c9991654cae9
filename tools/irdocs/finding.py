"""A finding: one problem at one place in one file, in the one diagnostic grammar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "info"]
"""How serious a finding is: an error fails the run; a warning or info does not, unless
``irdocs lint --fail-on`` says so."""
LEVELS: tuple[Level, ...] = ("error", "warning", "info")
"""From the most serious."""


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """``path:line:col: CODE message``; ``line`` and ``column`` are 1-based."""

    path: str
    line: int
    column: int
    code: str
    message: str
    level: Level = "error"

    def text(self) -> str:
        """An error as ``path:line:col: CODE message``; other levels say theirs after the code:
        ``path:line:col: CODE [warning] message``."""
        mark = "" if self.level == "error" else f"[{self.level}] "
        return f"{self.path}:{self.line}:{self.column}: {self.code} {mark}{self.message}"

    def as_json(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "level": self.level,
            "message": self.message,
        }


def at_least(level: Level, threshold: Level) -> bool:
    """Whether ``level`` is as serious as ``threshold`` or more."""
    return LEVELS.index(level) <= LEVELS.index(threshold)
