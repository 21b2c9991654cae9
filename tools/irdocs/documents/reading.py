"""Read documents into front matter, schema findings and records: serially, or in parallel
processes when there are enough of them to repay starting the workers."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from irdocs.documents import integrity, postmortem_policy, schema
from irdocs.documents.discovery import Source
from irdocs.documents.frontmatter import Document, read, split
from irdocs.documents.model import RECORD_TYPES, Record
from irdocs.documents.problem import DocumentProblem
from irdocs.documents.schema import Validators
from irdocs.documents.source import read_text
from irdocs.finding import Finding

PARALLEL_FROM = 1000
"""Fewer documents than this are read in this process: a worker pool costs ~0.1 s to start."""
_CHUNK = 250
_HEAD = 8192  # IDs are near the top; the full read is the fallback when the head is not enough
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*\Z")  # \Z: $ allows a final newline

_worker_validators: Validators = {}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What reading one source gave: its links if it parsed, its record if it is valid."""

    links: integrity.Links | None
    record: Record | None
    findings: list[Finding]
    facts: postmortem_policy.Facts | None = None
    """What the postmortem policy needs of a valid incident or postmortem."""


@dataclass(slots=True)
class KeyIndex:
    """What ``read_keys`` found, by display path: ``[mtime_ns, size, key, line, column]`` (key
    None when the document claims none), so that a pre-commit run in a large handbook reads
    only the documents changed since the last one."""

    entries: dict[str, list[Any]] = field(default_factory=dict)
    written_ns: int = 0
    """When the entries were written: a file modified in the seconds before is read again."""
    changed: bool = False


_RACY_NS = 2_000_000_000


def read_keys(
    sources: Sequence[Source], validators: Validators, index: KeyIndex | None = None
) -> Iterator[integrity.Links]:
    """The ID each document claims, for documents that are context rather than checked.

    A plain ``id:`` (or ``incident:``) line is read without parsing YAML, which makes a pre-commit
    run on one file cheap in a large handbook; anything less plain is parsed in full. With an
    ``index``, a document whose mtime and size it holds is not read at all.
    """
    for source in sources:
        if index is None:
            links = _read_key(source, validators)
        else:
            links = _indexed_key(source, validators, index)
        if links is not None:
            yield links


def _read_key(source: Source, validators: Validators) -> integrity.Links | None:
    links = _scan_key(source)
    return links if links is not None else read_one(validators, source).links


def _indexed_key(source: Source, validators: Validators, index: KeyIndex) -> integrity.Links | None:
    path = display_path(source.path)
    try:
        status = os.stat(source.path)  # noqa: PTH116 - once per document: pathlib costs more
    except OSError:
        return _read_key(source, validators)
    entry = index.entries.get(path)
    if (
        isinstance(entry, list)
        and len(entry) == 5
        and entry[:2] == [status.st_mtime_ns, status.st_size]
        and status.st_mtime_ns < index.written_ns - _RACY_NS
    ):
        key, line, column = entry[2:]
        if (
            (key is None or isinstance(key, str))
            and isinstance(line, int)
            and isinstance(column, int)
        ):
            return integrity.Links(source.kind, path, key, (line, column), ())
    links = _read_key(source, validators)
    index.changed = True
    if links is None or source.refused is not None:
        index.entries.pop(path, None)  # nothing to claim: read again next time, it says why
    else:
        index.entries[path] = [status.st_mtime_ns, status.st_size, links.key, *links.key_position]
    return links


def _scan_key(source: Source) -> integrity.Links | None:
    if source.refused is not None:
        return None
    try:
        yaml_text, _ = split(read_text(source.path, limit=_HEAD))
    except (DocumentProblem, OSError):
        return None  # not closed within the head, or unreadable: the full read will say
    field = integrity.ID_FIELD[source.kind]
    match = re.search(rf"^{field}:[ \t]*(?P<value>\S.*?)[ \t]*(?:[ \t]#.*)?$", yaml_text, re.M)
    if match is None or not _PLAIN.match(match["value"]):
        return None
    line = 2 + yaml_text.count("\n", 0, match.start())
    position = (line, match.start("value") - match.start() + 1)
    return integrity.Links(source.kind, display_path(source.path), match["value"], position, ())


def read_all(
    validators: Validators, sources: Sequence[Source], *, records: bool = True
) -> Iterator[Outcome]:
    """An outcome per source, in the order of ``sources``; without ``records`` when the caller
    needs only findings (sending records back from workers is a third of the parallel cost)."""
    if len(sources) >= schema.FAST_FROM:
        schema.compile_fast(validators)
    workers = min(os.cpu_count() or 1, len(sources) // PARALLEL_FROM)
    if workers < 2 or not hasattr(os, "fork"):
        yield from (read_one(validators, source, records=records) for source in sources)
        return
    global _worker_validators
    _worker_validators = validators  # forked workers inherit it; validators do not pickle
    chunks = [sources[i : i + _CHUNK] for i in range(0, len(sources), _CHUNK)]
    import multiprocessing  # imported here: a pre-commit run on a few files never needs it
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for outcomes in pool.map(_read_chunk, chunks, [records] * len(chunks)):
            yield from outcomes


def _read_chunk(sources: Sequence[Source], records: bool) -> list[Outcome]:
    return [read_one(_worker_validators, source, records=records) for source in sources]


def read_one(validators: Validators, source: Source, *, records: bool = True) -> Outcome:
    path = display_path(source.path)
    if source.refused is not None:
        return Outcome(None, None, [Finding(path, 1, 1, "IR100", source.refused)])
    try:
        front_matter = read(source.path)
    except DocumentProblem as problem:
        return Outcome(
            None, None, [Finding(path, problem.line, problem.column, problem.code, problem.message)]
        )
    document = Document(source.kind, path, front_matter)
    links = integrity.links(document)
    problems = list(schema.check(path, front_matter, validators[source.kind]))
    if problems:
        return Outcome(links, None, problems)
    record = RECORD_TYPES[source.kind].from_front_matter(path, front_matter.data)
    findings = list(integrity.check_record(document, record))
    facts = postmortem_policy.facts(front_matter, record)
    return Outcome(links, record if records else None, findings, facts)


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is under it, in POSIX form."""
    # String operations: Path.resolve() would follow symlinks, and this runs once per document.
    text = os.path.abspath(path)  # noqa: PTH100
    cwd = os.getcwd()  # noqa: PTH109
    if text.startswith(cwd + os.sep):
        return text[len(cwd) + 1 :].replace(os.sep, "/")  # abspath normalised it
    return path.as_posix()
