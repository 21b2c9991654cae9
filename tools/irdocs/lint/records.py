"""The handbook that handbook rules see, with records read on first use.

Linting one file of a 10,000-document handbook must not parse the other 9,999: the engine knows
every document's ID (from the cache, or a scan of each file's head), so a rule that looks up a
postmortem's incident or an incident's runbooks reads just those files; a rule that iterates a
whole kind reads that kind. Records the run already has are not read again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from irdocs.config import Config
from irdocs.documents.discovery import Source
from irdocs.documents.handbook import Handbook
from irdocs.documents.integrity import Links
from irdocs.documents.model import Record
from irdocs.documents.reading import read_one
from irdocs.documents.schema import Validators


class LazyRecords(Mapping[str, Any]):
    """Records of one kind by ID; a document is read the first time its ID is asked for. Of two
    documents claiming an ID, the first valid one in the handbook's order wins, as in
    ``handbook.load``."""

    def __init__(self, claims: Mapping[str, list[Path]], read: Callable[[Path], Record | None]):
        self._claims = claims
        self._read = read

    def __getitem__(self, key: str) -> Record:
        for path in self._claims.get(key, ()):
            record = self._read(path)
            if record is not None:
                return record
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (key for key in self._claims if key in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def lazy_handbook(
    config: Config,
    documents: Iterable[tuple[Source, Links]],
    known: Mapping[Path, Record | None],
    validators: Callable[[], Validators],
) -> Handbook:
    """A handbook over ``documents`` (each source with what it claims); ``known`` are records
    already read, by absolute path, None for a document that is not valid."""
    cache: dict[Path, Record | None] = dict(known)
    kinds: dict[Path, str] = {}
    claims: dict[str, dict[str, list[Path]]] = {"incident": {}, "postmortem": {}, "runbook": {}}
    paths = []
    for source, links in documents:
        absolute = source.path.absolute()
        kinds[absolute] = source.kind
        paths.append(links.path)
        if links.key is not None:
            claims[source.kind].setdefault(links.key, []).append(absolute)

    def read(path: Path) -> Record | None:
        if path not in cache:
            cache[path] = read_one(validators(), Source(kinds[path], path)).record
        return cache[path]

    return Handbook(
        config,
        tuple(paths),
        incidents=LazyRecords(claims["incident"], read),
        postmortems=LazyRecords(claims["postmortem"], read),
        runbooks=LazyRecords(claims["runbook"], read),
    )
