"""One document's work, read once: validation, its links to other documents, the document rules
and its irdocs comments, in the JSON-ready form the cache stores. Serially, or in forked worker
processes when there are enough documents to repay starting them.

The document rules run on every document whose body can be read, with or without valid front
matter (``coverage``); each sees the configuration as the overrides matching its path make it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from irdocs.config import Config
from irdocs.documents import frontmatter, integrity, schema
from irdocs.documents.discovery import Source
from irdocs.documents.frontmatter import Document, FrontMatter
from irdocs.documents.model import RECORD_TYPES, Record
from irdocs.documents.problem import DocumentProblem
from irdocs.documents.reading import PARALLEL_FROM, display_path, read_one
from irdocs.documents.schema import Validators
from irdocs.finding import Finding
from irdocs.lint import coverage
from irdocs.lint.cache import Entry, digest_of
from irdocs.lint.document import LintDocument
from irdocs.lint.registry import Rule
from irdocs.lint.suppression import directives

_CHUNK = 250


@dataclass(frozen=True, slots=True)
class Examined:
    source: Source
    entry: Entry
    record: Record | None
    """The valid document's record, when the caller asked for records."""


@dataclass(frozen=True, slots=True)
class _Job:
    config: Config
    validators: Validators
    rules: tuple[Rule, ...]
    records: bool
    digests: bool = True
    """Hash each document: for the cache, or for the key of the handbook rules."""
    narrowed: dict[tuple[int, ...], Config] = field(default_factory=dict)

    def config_for(self, path: Path) -> Config:
        return config_for(self.config, path, self.narrowed)


def config_for(config: Config, path: Path, memo: dict[tuple[int, ...], Config]) -> Config:
    """The configuration a document rule sees for the document at ``path``: the overrides
    matching its path applied (``memo`` keeps one per combination of overrides)."""
    if not config.lint.overrides:
        return config
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(config.root))  # noqa: PTH100
    chosen = config.lint.matching(relative.replace(os.sep, "/"))
    if chosen not in memo:
        memo[chosen] = replace(config, lint=config.lint.narrowed(chosen)) if chosen else config
    return memo[chosen]


_worker_job: _Job | None = None


def examine_all(
    config: Config,
    validators: Validators,
    sources: Sequence[Source],
    rules: Sequence[Rule],
    *,
    records: bool,
    digests: bool = True,
) -> Iterator[Examined]:
    """An ``Examined`` per source, in order; document ``rules`` run on each valid document."""
    job = _Job(config, validators, tuple(rules), records, digests)
    if len(sources) >= schema.FAST_FROM:
        schema.compile_fast(validators)
    workers = min(os.cpu_count() or 1, len(sources) // PARALLEL_FROM)
    if workers < 2 or not hasattr(os, "fork"):
        yield from (examine(job, source) for source in sources)
        return
    global _worker_job
    _worker_job = job  # forked workers inherit it: validators and rule functions do not pickle
    chunks = [sources[i : i + _CHUNK] for i in range(0, len(sources), _CHUNK)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for done in pool.map(_examine_chunk, chunks):
            yield from done


def _examine_chunk(sources: Sequence[Source]) -> list[Examined]:
    assert _worker_job is not None
    return [examine(_worker_job, source) for source in sources]


def examine(job: _Job, source: Source) -> Examined:
    try:
        stat = source.path.stat()
        digest = "" if source.refused is not None or not job.digests else digest_of(source.path)
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        digest, stamp = "", (0, 0)  # unreadable: never cached; validation says why
    path = display_path(source.path)
    try:
        if source.refused is not None:
            raise DocumentProblem("IR100", source.refused)
        front_matter = frontmatter.read(source.path)
    except DocumentProblem:
        outcome = read_one(job.validators, source)  # it words the finding for each case
        body, covered = coverage.body_only(source.path, loop=source.refused is not None)
        if body is None:
            found = [[f.line, f.column, f.code, f.message] for f in outcome.findings]
            return Examined(source, Entry(*stamp, digest, found, None, [], covered), None)
        findings = [*outcome.findings, *_rules(job, source, path, body, None)]
        return Examined(source, _entry(stamp, digest, findings, None, body, covered), None)
    document = Document(source.kind, path, front_matter)
    links = integrity.links(document)
    findings = list(schema.check(path, front_matter, job.validators[source.kind]))
    record = None
    if not findings:
        record = RECORD_TYPES[source.kind].from_front_matter(path, front_matter.data)
        findings.extend(integrity.check_record(document, record))
    findings.extend(_rules(job, source, path, front_matter, record))
    covered = coverage.FULL if record is not None else coverage.BODY
    entry = _entry(stamp, digest, findings, links_to_json(links), front_matter, covered)
    return Examined(source, entry, record if job.records else None)


def _rules(
    job: _Job, source: Source, path: str, front_matter: FrontMatter, record: Record | None
) -> Iterator[Finding]:
    subject = LintDocument(
        source.kind, path, source.path, front_matter, record, job.config_for(source.path)
    )
    for rule in job.rules:
        if source.kind in rule.kinds:
            yield from rule.check(subject)  # type: ignore[arg-type]


def _entry(
    stamp: tuple[int, int],
    digest: str,
    findings: list[Finding],
    links: list[object] | None,
    front_matter: FrontMatter,
    covered: str,
) -> Entry:
    return Entry(
        *stamp,
        digest,
        [[f.line, f.column, f.code, f.message] for f in findings],
        links,
        [
            [d.line, d.column, d.action, list(d.codes), d.leading, d.text]
            for d in directives(front_matter.body, front_matter.body_line)
        ],
        covered,
    )


def links_to_json(links: integrity.Links) -> list[object]:
    return [
        links.key,
        list(links.key_position),
        [[r.field, r.kind, r.value, list(r.position)] for r in links.references],
    ]


def links_from_json(kind: str, path: str, data: Any) -> integrity.Links:
    """The inverse of ``links_to_json``; raises TypeError or ValueError on a corrupt entry."""
    key, (line, column), references = data
    return integrity.Links(
        kind,
        path,
        key if isinstance(key, str) else None,
        (int(line), int(column)),
        tuple(
            integrity.Reference(str(f), str(k), str(v), (int(p[0]), int(p[1])))
            for f, k, v, p in references
        ),
    )


def validators_for(config: Config) -> Validators:
    return schema.validators(config)
