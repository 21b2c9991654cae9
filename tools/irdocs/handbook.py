"""The handbook: every document read, checked against its schema, and indexed by ID."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from irdocs import integrity, schema
from irdocs.config import Config
from irdocs.discovery import Source
from irdocs.finding import Finding
from irdocs.model import RECORD_TYPES, Incident, Postmortem, Record, Runbook
from irdocs.reading import read_all, read_keys


@dataclass(frozen=True, slots=True)
class Handbook:
    config: Config
    paths: tuple[str, ...]
    """Every document whose front matter could be read, valid or not."""
    incidents: Mapping[str, Incident]
    postmortems: Mapping[str, Postmortem]
    """By the ID of the incident each is about."""
    runbooks: Mapping[str, Runbook]
    by_path: Mapping[str, Record] = field(default_factory=lambda: MappingProxyType({}))
    """Every valid record by its path, including one whose ID another document also claims
    (IR501): the linter checks each document's content all the same."""

    def incident_of(self, postmortem: Postmortem) -> Incident | None:
        return self.incidents.get(postmortem.incident)

    def postmortem_of(self, incident: Incident) -> Postmortem | None:
        return self.postmortems.get(incident.id)

    def runbooks_of(self, incident: Incident) -> tuple[Runbook, ...]:
        return tuple(self.runbooks[i] for i in incident.runbooks if i in self.runbooks)


def load(
    config: Config,
    sources: Iterable[Source],
    *,
    context: Iterable[Source] = (),
    records: bool = True,
) -> tuple[Handbook, list[Finding]]:
    """Read every source; return the handbook of the valid ones and every finding, sorted.

    ``context`` documents are only read for the IDs they claim, so that references from and
    duplicates of ``sources`` are found; they are not checked themselves. Without ``records``
    the handbook's indexes stay empty: for callers that want only the findings.
    """
    documents: list[integrity.Links] = []
    by_kind: dict[str, dict[str, Any]] = {kind: {} for kind in RECORD_TYPES}
    by_path: dict[str, Record] = {}
    findings: list[Finding] = []
    gc.disable()  # tens of thousands of small long-lived objects: collections only cost time
    try:
        validators = schema.validators(config)
        documents.extend(read_keys(list(context), validators))
        for outcome in read_all(validators, list(sources), records=records):
            findings.extend(outcome.findings)
            if outcome.links is not None:
                documents.append(outcome.links)
                if outcome.record is not None:
                    by_kind[outcome.links.kind].setdefault(_key(outcome.record), outcome.record)
                    by_path[outcome.record.path] = outcome.record
        findings.extend(integrity.check_references(config, documents))
    finally:
        gc.enable()
    handbook = Handbook(
        config,
        tuple(document.path for document in documents),
        **{f"{kind}s": MappingProxyType(by_id) for kind, by_id in by_kind.items()},
        by_path=MappingProxyType(by_path),
    )
    return handbook, sorted(findings)


def _key(record: Record) -> str:
    return record.incident if isinstance(record, Postmortem) else record.id
