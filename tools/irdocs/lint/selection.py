"""Which findings are reported: the rules selected, the codes ignored everywhere, per file, and
by inline comments."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from irdocs.finding import Finding
from irdocs.lint.suppression import Directive, suppressed


@dataclass(frozen=True, slots=True)
class Selection:
    select: tuple[str, ...] = ()
    """Codes or prefixes of the rules to run; empty runs every rule. Validation always runs."""
    ignore: tuple[str, ...] = ()
    """Codes or prefixes never reported, validation codes included."""
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Glob (relative to the handbook's root) to the codes or prefixes not reported there."""

    def runs(self, code: str) -> bool:
        """Whether the rule ``code`` runs."""
        return not self.select or code.startswith(self.select)

    def ignored_in(self, relative: str) -> tuple[str, ...]:
        """The codes or prefixes ignored in the file at ``relative`` (POSIX, from the root)."""
        ignored = list(self.ignore)
        for pattern, codes in self.per_file_ignores.items():
            folder = pattern.rstrip("/") + "/"
            if fnmatch.fnmatchcase(relative, pattern) or relative.startswith(folder):
                ignored.extend(codes)
        return tuple(ignored)


def report(
    findings: Iterable[Finding],
    selection: Selection,
    rule_codes: Iterable[str],
    relative: Mapping[str, str],
    directives: Mapping[str, Sequence[Directive]],
) -> list[Finding]:
    """The findings to report, sorted and without duplicates.

    ``relative`` maps a finding's path to its path from the handbook's root; ``directives`` holds
    each document's irdocs comments.
    """
    rules = frozenset(rule_codes)
    ignored: dict[str, tuple[str, ...]] = {}
    kept = []
    for finding in set(findings):
        if finding.code in rules and not selection.runs(finding.code):
            continue
        path = finding.path
        if path not in ignored:
            ignored[path] = selection.ignored_in(relative.get(path, path))
        if finding.code.startswith(ignored[path]):
            continue
        if suppressed(finding.code, finding.line, directives.get(path, ())):
            continue
        kept.append(finding)
    return sorted(kept)
