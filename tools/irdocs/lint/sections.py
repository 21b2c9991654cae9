"""Which heading is a required section: its name, an alias the handbook declares, or a written
variant of either.

Two headings name the same section when they are equal after ``heading_key``: case ignored,
Markdown emphasis and code marks dropped, a leading number (``2.``, ``3)``) and a trailing ``:``
or ``.`` dropped, spaces collapsed, and the last word reduced to its stem by removing one of the
endings ``-ions``, ``-ion``, ``-ing``, ``-es``, ``-ed``, ``-is``, ``-s``, ``-e`` (the longest that
leaves at least four letters; never the ``s`` of ``-ss``). So "Mitigating", "Mitigations" and
"Mitigate" are "Mitigation", "Diagnose" and "Diagnosing" are "Diagnosis", but "Verify" is not
"Verification".

A heading that joins parts with "and", "&", "/" or "," is each of its parts: "Diagnosis and
mitigation" is both the Diagnosis and the Mitigation section.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from irdocs.lint.document import LintDocument, Section

_MARKS = re.compile(r"[*_`]")
_NUMBER = re.compile(r"^\d+[.)]\s+")
_JOINS = re.compile(r"\s+(?:and|&)\s+|\s*/\s*|\s*,\s*", re.IGNORECASE)
_ENDINGS = ("ions", "ion", "ing", "es", "ed", "is", "s", "e")
_SHORTEST_STEM = 4


@lru_cache(maxsize=4096)
def heading_key(text: str) -> str:
    """The form in which two names of one section are equal."""
    words = _NUMBER.sub("", _MARKS.sub("", text).strip()).rstrip(":.").casefold().split()
    if not words:
        return ""
    return " ".join([*words[:-1], _stem(words[-1])])


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _SHORTEST_STEM:
            if ending == "s" and word.endswith("ss"):
                return word
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=4096)
def heading_keys(title: str) -> frozenset[str]:
    """The keys a heading answers to: the whole title's and, when it joins parts, each part's."""
    parts = [title, *(_JOINS.split(title) if _JOINS.search(title) else ())]
    return frozenset(key for key in map(heading_key, parts) if key)


def find(
    document: LintDocument, name: str, aliases: Mapping[str, Iterable[str]], level: int = 2
) -> Section | None:
    """The first section of ``level`` that is the section ``name`` or one of its aliases."""
    wanted = {heading_key(name), *(heading_key(alias) for alias in aliases.get(name, ()))}
    return next(
        (s for s in document.sections if s.level == level and wanted & heading_keys(s.title)),
        None,
    )
