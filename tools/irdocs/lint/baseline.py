"""The baseline: findings a team accepted on the day it turned the linter on, hidden until they
are fixed, so that CI fails only on new ones.

An entry is a document (its path from the handbook's root), a code and the finding's message,
with how many times that finding occurs there: lines are not part of it, so findings that move
stay matched, and two identical findings need a count of 2. The file is JSON, sorted, one
message per line, so fixing a finding is a one-line diff. It is untrusted input: anything but
that shape is a one-line error.

A baseline entry that no longer occurs is reported as IR520 (a warning by default) until the
file is written again, so the baseline only shrinks.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from irdocs.errors import UsageError

VERSION_KEY = "irdocs-baseline"
VERSION = 1
MAX_BYTES = 32 * 1024 * 1024
STALE = "IR520"
_CODE = re.compile(r"IR\d{3}")

Key = tuple[str, str, str]
"""Path from the handbook's root (POSIX), code, message."""


@dataclass(frozen=True, slots=True)
class Baseline:
    path: Path
    """The file, as given (relative to the working directory, or absolute)."""
    counts: Mapping[Key, int]
    text: str
    """The file's text, to find the line of an entry."""

    def line_of(self, relative: str) -> int:
        """The line of the document ``relative``'s entries in the file; 1 when not found."""
        at = self.text.find(json.dumps(relative, ensure_ascii=False) + ":")
        return self.text.count("\n", 0, at) + 1 if at >= 0 else 1


def read(path: Path, shown: str) -> Baseline:
    """The baseline in ``path``; ``shown`` is how errors name the file."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{shown}:1:1: IR001 cannot read the baseline: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise _invalid(shown, 1, 1, f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        text = data.decode("utf-8")
        payload = json.loads(text)
    except UnicodeDecodeError:
        raise _invalid(shown, 1, 1, "not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise _invalid(shown, exc.lineno, exc.colno, f"not JSON: {exc.msg}") from None
    except RecursionError:
        raise _invalid(shown, 1, 1, "nested too deeply") from None
    return Baseline(path, _counts(payload, shown), text)


def _counts(payload: Any, shown: str) -> dict[Key, int]:
    if not isinstance(payload, dict) or payload.get(VERSION_KEY) != VERSION:
        raise _invalid(shown, 1, 1, f'expected an object with "{VERSION_KEY}": {VERSION}')
    documents = payload.get("findings")
    if set(payload) != {VERSION_KEY, "findings"} or not isinstance(documents, dict):
        raise _invalid(shown, 1, 1, 'expected the keys "irdocs-baseline" and "findings" only')
    counts: dict[Key, int] = {}
    for relative, codes in documents.items():
        if not relative or not isinstance(codes, dict):
            raise _invalid(shown, 1, 1, f"findings.{json.dumps(relative)}: expected an object")
        for code, messages in codes.items():
            where = f"findings.{json.dumps(relative)}.{code}"
            if not _CODE.fullmatch(code) or not isinstance(messages, dict):
                raise _invalid(shown, 1, 1, f"{where}: expected a code and an object of messages")
            for message, count in messages.items():
                if type(count) is not int or count < 1:
                    raise _invalid(shown, 1, 1, f"{where}: counts must be whole numbers above 0")
                counts[(relative, code, message)] = count
    return counts


def _invalid(shown: str, line: int, column: int, reason: str) -> UsageError:
    return UsageError(
        f"{shown}:{line}:{column}: IR001 not an irdocs baseline ({reason}); write it again with "
        f"irdocs lint --write-baseline {shown}"
    )


def dumps(keys: Iterable[Key]) -> str:
    """The baseline of these findings (a key once per occurrence), as the file's text."""
    tree: dict[str, dict[str, dict[str, int]]] = {}
    for (relative, code, message), count in sorted(Counter(keys).items()):
        tree.setdefault(relative, {}).setdefault(code, {})[message] = count
    return json.dumps({VERSION_KEY: VERSION, "findings": tree}, indent=2, ensure_ascii=False) + "\n"


def write(path: Path, keys: Iterable[Key], shown: str) -> None:
    """Write the baseline atomically; an existing file is replaced only if it is a baseline."""
    if path.is_dir():
        raise UsageError(f"{shown}: a folder; give the baseline's file name")
    if path.exists():
        try:
            read(path, shown)
        except UsageError:
            raise UsageError(
                f"{shown}: exists and is not an irdocs baseline; choose another file or remove it"
            ) from None
    text = dumps(keys)
    folder = path.parent if str(path.parent) else Path()
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".baseline-", suffix=".tmp")
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        Path(temporary).replace(path)
    except OSError as exc:
        raise UsageError(f"{shown}: cannot write the baseline: {exc.strerror}") from None


def hide(keys: list[Key], hideable: list[bool], baseline: Baseline) -> list[bool]:
    """Which of the reported findings ``keys`` (in their order) the baseline hides: as many of
    each key as it records, among those ``hideable``."""
    left = dict(baseline.counts)
    hidden = []
    for key, allowed in zip(keys, hideable, strict=True):
        remaining = left.get(key, 0) if allowed else 0
        if remaining:
            left[key] = remaining - 1
        hidden.append(bool(remaining))
    return hidden


def unused(baseline: Baseline, keys: Iterable[Key]) -> dict[Key, int]:
    """The entries that occur fewer times among ``keys`` than recorded, with the difference."""
    found = Counter(keys)
    return {key: count - found[key] for key, count in baseline.counts.items() if count > found[key]}


def unused_message(key: Key, missing: int, recorded: int, shown: str) -> str:
    """IR520's message for an entry found ``missing`` times fewer than the ``recorded``."""
    _, code, message = key
    if missing == recorded:
        what = f'baseline entry {code} "{message}" no longer occurs'
    else:
        times = "time" if missing == 1 else "times"
        what = f'baseline entry {code} "{message}" occurs {missing} {times} fewer than recorded'
    return f"{what}; {_again(shown)}"


def gone_message(key: Key, shown: str) -> str:
    """IR520's message for an entry of a document that is no longer in the handbook."""
    relative, code, message = key
    return (
        f'baseline entry for {relative}, a document no longer in the handbook: {code} "{message}"'
        f"; {_again(shown)}"
    )


def _again(shown: str) -> str:
    return f"write the baseline again to drop it: irdocs lint --write-baseline {shown}"
