"""Checks the schema cannot express: timestamp order, duplicate IDs, dangling references."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from irdocs.config import Config
from irdocs.documents.frontmatter import Document, FrontMatter
from irdocs.documents.model import TIMESTAMP_FIELDS, Incident, Record
from irdocs.documents.yamltree import Position
from irdocs.finding import Finding

_STAGES = (
    ("impact_started",),
    ("detected",),
    ("acknowledged", "declared"),
    ("mitigated",),
    ("resolved",),
)
"""An incident's timestamps in the order of its life; acknowledged and declared share a place."""
_STAGE = {name: place for place, names in enumerate(_STAGES) for name in names}
_ORDER = " ≤ ".join(", ".join(names) for names in _STAGES)
"""``impact_started ≤ detected ≤ acknowledged, declared ≤ mitigated ≤ resolved``."""
ID_FIELD = {"incident": "id", "runbook": "id", "postmortem": "incident"}


def check_record(document: Document, record: Record) -> Iterator[Finding]:
    """Findings within one valid document: an incident's timestamps out of order."""
    if not isinstance(record, Incident):
        return
    present = [
        (name, getattr(record, name))
        for name in TIMESTAMP_FIELDS
        if getattr(record, name) is not None
    ]
    for name, when in present:
        later = [(other, at) for other, at in present if _STAGE[other] < _STAGE[name] and at > when]
        if later:
            other, at = max(later, key=lambda pair: pair[1])
            line, column = document.front_matter.position((name,))
            yield Finding(
                document.path,
                line,
                column,
                "IR201",
                f"{name} ({when.isoformat()}) is before {other} ({at.isoformat()}); "
                f"timestamps go {_ORDER}",
            )


@dataclass(frozen=True, slots=True)
class Reference:
    field: str
    """Where the reference is written, e.g. ``runbooks[1]``."""
    kind: str
    """What it names: ``incident`` or ``runbook`` (by ID), or ``file`` (a path from the root)."""
    value: str
    position: Position


@dataclass(frozen=True, slots=True)
class Links:
    """What a document claims (its ID) and what it points at, with positions: all the
    cross-document checks need, small enough to send back from a worker process."""

    kind: str
    path: str
    key: str | None
    key_position: Position
    references: tuple[Reference, ...]


def links(document: Document) -> Links:
    front_matter = document.front_matter
    data = front_matter.data
    field = ID_FIELD[document.kind]
    key = data.get(field)
    references: list[Reference] = []
    if document.kind == "postmortem":
        references = [*_references(front_matter, "incident", data.get("incident"), "incident")]
    elif document.kind == "incident":
        runbooks = data.get("runbooks")
        references = [
            *_references(
                front_matter, "runbooks", runbooks if isinstance(runbooks, list) else [], "runbook"
            ),
            *_references(front_matter, "postmortem", data.get("postmortem"), "file"),
        ]
    return Links(
        document.kind,
        document.path,
        key if isinstance(key, str) else None,
        front_matter.position((field,)),
        tuple(references),
    )


def _references(
    front_matter: FrontMatter, field: str, value: Any, kind: str
) -> Iterator[Reference]:
    """The references ``field`` holds: its value, or each item of a list (``runbooks[1]``)."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                where = front_matter.position((field, index))
                yield Reference(f"{field}[{index}]", kind, item, where)
    elif isinstance(value, str):
        yield Reference(field, kind, value, front_matter.position((field,)))


def check_references(config: Config, documents: Iterable[Links]) -> Iterator[Finding]:
    """Duplicate IDs, and references to incidents, runbooks and files that do not exist."""
    documents = list(documents)
    claims: dict[tuple[str, str], list[Links]] = defaultdict(list)
    for document in documents:
        if document.key is not None:
            claims[document.kind, document.key].append(document)
    for (kind, key), holders in claims.items():
        if len(holders) > 1:
            yield from _duplicates(kind, key, holders)
    for document in documents:
        for reference in document.references:
            if not _exists(config, claims, reference):
                line, column = reference.position
                yield Finding(
                    document.path,
                    line,
                    column,
                    "IR502",
                    f"{reference.field}: {_missing(reference)}",
                )


def _exists(config: Config, claims: dict[tuple[str, str], list[Links]], ref: Reference) -> bool:
    if ref.kind == "file":
        return (config.root / ref.value).is_file()
    return (ref.kind, ref.value) in claims


def _missing(reference: Reference) -> str:
    if reference.kind == "file":
        return f"{reference.value} does not exist (the path is from the handbook root)"
    return f"no {reference.kind} with ID '{reference.value}' in the handbook"


def _duplicates(kind: str, key: str, holders: list[Links]) -> Iterator[Finding]:
    field = ID_FIELD[kind]
    for holder in holders:
        others = ", ".join(other.path for other in holders if other is not holder)
        what = f"postmortem for {key}" if kind == "postmortem" else f"{kind} ID '{key}'"
        line, column = holder.key_position
        yield Finding(
            holder.path,
            line,
            column,
            "IR501",
            f"{field}: duplicate {what}, also in {others}; each must be unique",
        )
