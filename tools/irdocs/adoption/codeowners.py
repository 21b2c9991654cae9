"""Owners from a CODEOWNERS file, GitHub's or GitLab's format: the last matching pattern wins.

GitHub reads ``.github/CODEOWNERS``, then ``CODEOWNERS``, then ``docs/CODEOWNERS``; GitLab adds
``.gitlab/CODEOWNERS``. Patterns follow gitignore's rules as both document them, without ``!``
negation (neither supports it). GitLab's ``[Section] @default-owners`` headers give owners to the
section's patterns that name none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from irdocs.documents.source import read_bytes, refusal

LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
_SECTION = re.compile(r"^\^?\[(?P<name>[^\]]+)\](?:\[\d+\])?(?P<owners>(?:\s+\S+)*)\s*$")


@dataclass(frozen=True, slots=True)
class Rule:
    pattern: str
    regex: re.Pattern[str]
    owners: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class CodeOwners:
    path: Path
    rules: tuple[Rule, ...]

    def owners_of(self, relative: PurePosixPath) -> Rule | None:
        """The rule that decides who owns ``relative`` (from the repository's root)."""
        text = relative.as_posix()
        return next((rule for rule in reversed(self.rules) if rule.regex.fullmatch(text)), None)


def find(root: Path) -> CodeOwners | None:
    """The CODEOWNERS file of the repository at ``root``, parsed; None when it has none."""
    for location in LOCATIONS:
        path = root / location
        if path.is_file() and refusal(root, path) is None:  # not a link out, never a FIFO
            return parse(path, read_bytes(path).decode("utf-8", errors="replace"))
    return None


def parse(path: Path, text: str) -> CodeOwners:
    rules: list[Rule] = []
    section_owners: tuple[str, ...] = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw).strip()
        if not line or line.startswith("!"):
            continue
        section = _SECTION.match(line)
        if section:
            section_owners = tuple(section["owners"].split())
            continue
        pattern, *owners = _split(line)
        regex = _compile(pattern)
        if regex is not None:
            rules.append(Rule(pattern, regex, tuple(owners) or section_owners, number))
    return CodeOwners(path, tuple(rules))


def _strip_comment(line: str) -> str:
    """The line without its comment; ``\\#`` is a literal ``#``."""
    match = re.search(r"(?<!\\)#", line)
    return line[: match.start()] if match else line


def _split(line: str) -> list[str]:
    """The pattern (``\\ `` is an escaped space) and the owners."""
    parts = re.split(r"(?<!\\)\s+", line)
    return [part.replace("\\ ", " ").replace("\\#", "#") for part in parts]


def _compile(pattern: str) -> re.Pattern[str] | None:
    directory = pattern.endswith("/")
    body = pattern.strip("/")
    if not body:
        return re.compile(".*") if pattern.startswith("/") else None
    anchored = pattern.startswith("/") or "/" in body
    parts, index = [], 0
    while index < len(body):
        if body.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif body.startswith("/**", index) and index + 3 == len(body):
            parts.append("/.*")
            index += 3
        elif body.startswith("**", index):
            parts.append(".*")
            index += 2
        elif body[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif body[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(body[index]))
            index += 1
    prefix = "" if anchored else "(?:.*/)?"
    # A folder's pattern owns everything below it; ``docs/*`` owns only the files in docs/.
    last = body.rsplit("/", 1)[-1]
    suffix = "/.*" if directory else ("" if "*" in last else "(?:/.*)?")
    return re.compile(prefix + "".join(parts) + suffix)
