"""Checks the schema cannot express: timestamp order, duplicate IDs, dangling references."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from irdocs.config import Config
from irdocs.finding import Finding
from irdocs.model import TIMESTAMP_FIELDS, Incident, Record

if TYPE_CHECKING:
    from irdocs.handbook import Document

# Each timestamp's place in an incident's life; acknowledged and declared share one.
_STAGE = {"impact_started": 0, "detected": 1, "acknowledged": 2, "declared": 2,
          "mitigated": 3, "resolved": 4}
_ORDER = "impact_started ≤ detected ≤ acknowledged, declared ≤ mitigated ≤ resolved"
_ID_FIELD = {"incident": "id", "runbook": "id", "postmortem": "incident"}


def check_record(document: Document, record: Record) -> Iterator[Finding]:
    """Findings within one valid document: an incident's timestamps out of order."""
    if not isinstance(record, Incident):
        return
    present = [(name, getattr(record, name)) for name in TIMESTAMP_FIELDS
               if getattr(record, name) is not None]
    for name, when in present:
        later = [(other, at) for other, at in present if _STAGE[other] < _STAGE[name] and at > when]
        if later:
            other, at = max(later, key=lambda pair: pair[1])
            line, column = document.front_matter.position((name,))
            yield Finding(document.path, line, column, "IR201",
                          f"{name} ({when.isoformat()}) is before {other} ({at.isoformat()}); "
                          f"timestamps go {_ORDER}")


def check_references(config: Config, documents: Iterable[Document]) -> Iterator[Finding]:
    """Duplicate IDs, and references to incidents, runbooks and postmortems that do not exist."""
    documents = list(documents)
    claims: dict[tuple[str, str], list[Document]] = defaultdict(list)
    for document in documents:
        key = document.front_matter.data.get(_ID_FIELD[document.kind])
        if isinstance(key, str):
            claims[document.kind, key].append(document)
    for (kind, key), holders in claims.items():
        if len(holders) > 1:
            yield from _duplicates(kind, key, holders)
    known = {kind: {key for k, key in claims if k == kind} for kind in _ID_FIELD}
    for document in documents:
        data = document.front_matter.data
        if document.kind == "postmortem":
            yield from _missing(document, ("incident",), data.get("incident"), known["incident"],
                                "incident")
        elif document.kind == "incident":
            for index, runbook in enumerate(_list(data.get("runbooks"))):
                yield from _missing(document, ("runbooks", index), runbook, known["runbook"],
                                    "runbook")
            yield from _postmortem_link(config, document, data)


def _duplicates(kind: str, key: str, holders: list[Document]) -> Iterator[Finding]:
    field = _ID_FIELD[kind]
    for holder in holders:
        others = ", ".join(other.path for other in holders if other is not holder)
        what = f"postmortem for {key}" if kind == "postmortem" else f"{kind} ID '{key}'"
        line, column = holder.front_matter.position((field,))
        yield Finding(holder.path, line, column, "IR501",
                      f"{field}: duplicate {what}, also in {others}; each must be unique")


def _missing(document: Document, where: tuple[str | int, ...], value: Any, known: set[str],
             kind: str) -> Iterator[Finding]:
    if isinstance(value, str) and value not in known:
        line, column = document.front_matter.position(where)
        label = where[0] if len(where) == 1 else f"{where[0]}[{where[1]}]"
        yield Finding(document.path, line, column, "IR502",
                      f"{label}: no {kind} with ID '{value}' in the handbook")


def _postmortem_link(config: Config, document: Document, data: dict[str, Any]) -> Iterator[Finding]:
    link = data.get("postmortem")
    if not isinstance(link, str):
        return
    line, column = document.front_matter.position(("postmortem",))
    target = config.root / link
    if not target.is_file():
        yield Finding(document.path, line, column, "IR502",
                      f"postmortem: {link} does not exist (the path is from the handbook root)")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
