"""The handbook: every document read, checked against its schema, and indexed by ID."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from irdocs.config import Config
from irdocs.documents import integrity, postmortem_policy, schema
from irdocs.documents.discovery import Source
from irdocs.documents.model import RECORD_TYPES, Incident, Postmortem, Record, Runbook
from irdocs.documents.reading import KeyIndex, display_path, read_all, read_keys, read_one
from irdocs.finding import Finding


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
    today: date | None = None,
    index: KeyIndex | None = None,
) -> tuple[Handbook, list[Finding]]:
    """Read every source; return the handbook of the valid ones and every finding, sorted.

    ``context`` documents are only read for the IDs they claim, so that references from and
    duplicates of ``sources`` are found; they are not checked themselves. Without ``records``
    the handbook's indexes stay empty: for callers that want only the findings. With ``today``,
    the postmortem policy is checked as of that day (IR503, IR504). ``index`` holds the IDs of
    context documents read before (``reading.read_keys``), and is updated.
    """
    context = list(context)
    facts: list[postmortem_policy.Facts] = []
    documents: list[integrity.Links] = []
    by_kind: dict[str, dict[str, Any]] = {kind: {} for kind in RECORD_TYPES}
    by_path: dict[str, Record] = {}
    findings: list[Finding] = []
    gc.disable()  # tens of thousands of small long-lived objects: collections only cost time
    try:
        validators = schema.validators(config)
        documents.extend(read_keys(context, validators, index))
        for outcome in read_all(validators, list(sources), records=records):
            findings.extend(outcome.findings)
            if outcome.facts is not None:
                facts.append(outcome.facts)
            if outcome.links is not None:
                documents.append(outcome.links)
                if outcome.record is not None:
                    by_kind[outcome.links.kind].setdefault(_key(outcome.record), outcome.record)
                    by_path[outcome.record.path] = outcome.record
        findings.extend(integrity.check_references(config, documents))
        if today is not None:
            facts.extend(_incidents_of_postmortems(validators, context, documents, facts))
            written = {d.key for d in documents if d.kind == "postmortem" and d.key is not None}
            findings.extend(postmortem_policy.check(config, facts, written, today))
    finally:
        gc.enable()
    handbook = Handbook(
        config,
        tuple(document.path for document in documents),
        **{f"{kind}s": MappingProxyType(by_id) for kind, by_id in by_kind.items()},
        by_path=MappingProxyType(by_path),
    )
    return handbook, sorted(findings)


def _incidents_of_postmortems(
    validators: schema.Validators,
    context: list[Source],
    documents: list[integrity.Links],
    checked: list[postmortem_policy.Facts],
) -> list[postmortem_policy.Facts]:
    """The policy's facts about the context incidents of checked postmortems, read in full (a
    few files): whether a postmortem is late depends on its incident's severity and resolution."""
    keys = {fact.incident for fact in checked if fact.kind == "postmortem"}
    wanted = {links.path for links in documents if links.kind == "incident" and links.key in keys}
    wanted -= {fact.path for fact in checked}
    names = {path.rpartition("/")[2] for path in wanted}  # cheap test before display_path
    found = []
    for source in context:
        if source.path.name in names and display_path(source.path) in wanted:
            outcome = read_one(validators, source, records=False)
            if outcome.facts is not None:
                found.append(outcome.facts)
    return found


def _key(record: Record) -> str:
    return record.incident if isinstance(record, Postmortem) else record.id
