"""What a lint run found, and the one line on stderr that sums it up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from irdocs.finding import LEVELS, Finding, Level, at_least
from irdocs.lint import coverage


@dataclass(frozen=True, slots=True)
class LintResult:
    findings: list[Finding]
    """What is reported, sorted, at its level."""
    documents: int
    """How many documents were asked for."""
    coverage: Counter[str] = field(default_factory=Counter)
    """How many of them were checked in full, by body only, or not at all (and why)."""
    hidden: int = 0
    """Findings the baseline hid."""
    unchecked: frozenset[str] = frozenset()
    """Display paths of the documents not checked at all."""
    relative: Mapping[str, str] = field(default_factory=dict)
    """Display path to the path from the handbook's root."""

    def fails(self, threshold: Level = "error") -> bool:
        """Whether the run fails: a finding at ``threshold`` or above, or a document that could
        not be checked."""
        return bool(self.unchecked) or any(at_least(f.level, threshold) for f in self.findings)

    def summary(self, *, verdict: str | None = None) -> str:
        """One line: how many documents were checked, what was found by level, what the
        baseline hid, and what was checked in part or not at all. ``verdict`` replaces the
        part that says what was found."""
        not_checked = sum(n for c, n in self.coverage.items() if not coverage.checked(c))
        checked = self.documents - not_checked
        head = f"{checked} {_plural(checked, 'document')} checked"
        partial = self.coverage[coverage.BODY]
        if verdict is None:
            verdict = _found(self.findings)
            if not verdict:
                clean = not (self.hidden or partial or not_checked)
                verdict = "all valid" if clean else "no findings"
        parts = [f"{head}: {verdict}"]
        if self.hidden:
            parts.append(f"{self.hidden} more in the baseline")
        if partial:
            parts.append(
                f"{partial} without valid front matter, so only their bodies were checked"
                if partial != 1
                else "1 without valid front matter, so only its body was checked"
            )
        if not_checked:
            reasons = ", ".join(
                f"{n} {reason}"
                for reason, n in sorted(self.coverage.items())
                if not coverage.checked(reason)
            )
            parts.append(f"{not_checked} not checked ({reasons})")
        return "; ".join(parts)


def _found(findings: list[Finding]) -> str:
    if not findings:
        return ""
    levels = Counter(finding.level for finding in findings)
    files = len({finding.path for finding in findings})
    counts = ", ".join(
        f"{levels[level]} {level if level == 'info' else _plural(levels[level], level)}"
        for level in LEVELS
        if levels[level]
    )
    return f"{counts} in {files} {_plural(files, 'file')}"


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"
