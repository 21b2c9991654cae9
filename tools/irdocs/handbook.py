"""The handbook: every document read, checked against its schema, and indexed by ID."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from irdocs import integrity, schema
from irdocs.config import Config
from irdocs.discovery import Source
from irdocs.finding import Finding
from irdocs.frontmatter import FrontMatter, read
from irdocs.model import RECORD_TYPES, Incident, Postmortem, Record, Runbook
from irdocs.problem import DocumentProblem


@dataclass(frozen=True, slots=True)
class Document:
    kind: str
    path: str
    """As reported: relative to the working directory when the file is under it."""
    front_matter: FrontMatter


@dataclass(frozen=True, slots=True)
class Handbook:
    config: Config
    documents: tuple[Document, ...]
    """Every document whose front matter could be read, valid or not."""
    incidents: Mapping[str, Incident]
    postmortems: Mapping[str, Postmortem]
    """By the ID of the incident each is about."""
    runbooks: Mapping[str, Runbook]

    def incident_of(self, postmortem: Postmortem) -> Incident | None:
        return self.incidents.get(postmortem.incident)

    def postmortem_of(self, incident: Incident) -> Postmortem | None:
        return self.postmortems.get(incident.id)

    def runbooks_of(self, incident: Incident) -> tuple[Runbook, ...]:
        return tuple(self.runbooks[i] for i in incident.runbooks if i in self.runbooks)


def load(config: Config, sources: Iterable[Source]) -> tuple[Handbook, list[Finding]]:
    """Read every source; return the handbook of the valid ones and every finding, sorted."""
    validators = schema.validators(config)
    documents: list[Document] = []
    records: dict[str, dict[str, Any]] = {kind: {} for kind in RECORD_TYPES}
    findings: list[Finding] = []
    for source in sources:
        path = display_path(source.path)
        if source.loop:
            findings.append(Finding(path, 1, 1, "IR100",
                                    "symlink loop: this folder links back to its own parent; "
                                    "remove the link"))
            continue
        try:
            front_matter = read(source.path)
        except DocumentProblem as problem:
            findings.append(Finding(path, problem.line, problem.column, problem.code,
                                    problem.message))
            continue
        document = Document(source.kind, path, front_matter)
        documents.append(document)
        problems = list(schema.check(path, front_matter, validators[source.kind]))
        if problems:
            findings.extend(problems)
            continue
        record = RECORD_TYPES[source.kind].from_front_matter(path, front_matter.data)
        findings.extend(integrity.check_record(document, record))
        records[source.kind].setdefault(_key(record), record)
    findings.extend(integrity.check_references(config, documents))
    handbook = Handbook(
        config, tuple(documents),
        **{f"{kind}s": MappingProxyType(by_id) for kind, by_id in records.items()},
    )
    return handbook, sorted(findings)


def _key(record: Record) -> str:
    return record.incident if isinstance(record, Postmortem) else record.id


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is under it, in POSIX form."""
    relative = os.path.relpath(path)
    if relative.startswith(".."):
        return path.as_posix()
    return Path(relative).as_posix()
