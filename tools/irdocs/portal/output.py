"""Writing the generated pages into a docs folder, replacing only files irdocs generated there.

What irdocs wrote is recorded in a manifest, ``.irdocs-generated.json`` in the folder: each file's
path and the digest of what was written. A file may be replaced only when the manifest lists it
and it still holds those bytes; anything else already there (an author's page, a generated page
someone edited, a handbook document) is refused before a single file is written. No file is
written inside a document folder, through a symlink, or outside the handbook.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from irdocs.config import DOCUMENT_KINDS, Config
from irdocs.documents import atomic
from irdocs.documents.problem import DocumentProblem
from irdocs.documents.source import inside, read_bytes
from irdocs.errors import IrdocsError
from irdocs.portal.site import Page

MANIFEST = ".irdocs-generated.json"
_KEY = "irdocs-generated"
_VERSION = 1


@dataclass(frozen=True, slots=True)
class _Plan:
    target: Path
    uri: str
    data: bytes
    before: bytes | None
    """What the file holds now (a generated page of an earlier run), or None for a new file."""


def write_pages(config: Config, directory: Path, pages: Sequence[Page]) -> None:
    """Write ``pages`` into ``directory``; IrdocsError, with nothing written, when a page would
    replace a file irdocs did not generate or leave the handbook."""
    _check_directory(config, directory)
    manifest_path = directory / MANIFEST
    recorded, manifest_bytes = _manifest(manifest_path)
    plans: list[_Plan] = []
    refused: list[str] = []
    for page in pages:
        target = directory / page.uri
        problem = _problem(config, directory, target, page.uri, recorded)
        if problem is not None:
            refused.append(problem)
            continue
        before = read_bytes(target, limit=None) if os.path.lexists(target) else None
        plans.append(_Plan(target, page.uri, page.text().encode("utf-8"), before))
    if refused:
        more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
        raise IrdocsError(f"{refused[0]}{more}; no page was written")
    written = dict(recorded)
    try:
        for plan in plans:
            atomic.write(plan.target, plan.data, plan.before, root=config.root, limit=None)
            written[plan.uri] = _digest(plan.data)
    except (atomic.Refused, atomic.Changed, atomic.Exists, OSError) as exc:
        raise IrdocsError(f"{plan.target}: not written: {exc}; run it again") from None
    finally:
        text = json.dumps({_KEY: _VERSION, "files": dict(sorted(written.items()))}, indent=1)
        atomic.write(manifest_path, text.encode() + b"\n", manifest_bytes, root=config.root)


def _check_directory(config: Config, directory: Path) -> None:
    if not inside(config.root, atomic.existing_ancestor(directory)):
        raise IrdocsError(
            f"{directory} is outside the handbook ({config.root}) or a symlink leads out of it; "
            "irdocs writes only inside the handbook: give a folder in it, such as docs/"
        )


def _problem(
    config: Config, directory: Path, target: Path, uri: str, recorded: dict[str, str]
) -> str | None:
    """Why ``target`` may not be written, or None."""
    folder = directory
    for part in Path(uri).parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            return f"{folder} is a symlink; irdocs site generate never writes through a link"
    if not inside(config.root, atomic.existing_ancestor(folder)):
        return f"{folder} is outside the handbook; irdocs writes only inside it"
    for kind in DOCUMENT_KINDS:
        documents = config.folder(kind)
        if inside(documents, atomic.existing_ancestor(target)):
            return (
                f"{target} is in the handbook's {kind} folder; generated pages never go among "
                "the documents: give another DIR, such as docs/"
            )
    if not os.path.lexists(target):
        return None
    if target.is_symlink() or not target.is_file():
        return f"{target} is a symlink or not a regular file; irdocs replaces only its own pages"
    try:
        current = _digest(read_bytes(target, limit=None))
    except DocumentProblem as problem:
        return f"{target}: {problem.message}"
    if recorded.get(uri) != current:
        return (
            f"{target} exists and irdocs did not generate it (or it was edited since); "
            f"irdocs replaces only the pages it wrote (listed in {MANIFEST}): move it away, "
            "or give another DIR"
        )
    return None


def _manifest(path: Path) -> tuple[dict[str, str], bytes | None]:
    """The files the manifest records, and its bytes (None when there is none)."""
    if not os.path.lexists(path):
        return {}, None
    try:
        raw = read_bytes(path)
        data = json.loads(raw)
        files = data["files"] if data.get(_KEY) == _VERSION else None
    except (DocumentProblem, ValueError, TypeError, AttributeError, KeyError):
        files = None
    if not isinstance(files, dict) or path.is_symlink():
        raise IrdocsError(
            f"{path} is not a manifest irdocs wrote; move it away and run it again"
        ) from None
    return {str(k): str(v) for k, v in files.items()}, raw


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
