"""What adoption reads once for all pages: the pages named, the schema, CODEOWNERS, the Git
history of the pages, the alert rules."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from irdocs.adoption import codeowners, history
from irdocs.adoption.plan import Context
from irdocs.config import Config
from irdocs.documents import schema
from irdocs.errors import UsageError

_CANDIDATE = (".md", ".markdown", ".md.erb")
"""Files a folder is searched for: Markdown, and Markdown templates to list as skipped."""


def pages(config: Config, paths: Sequence[Path]) -> list[Path]:
    """The files ``paths`` name (folders searched for Markdown files), each once, in order;
    UsageError for a path that does not exist or is not under the runbooks folder."""
    folder = os.path.abspath(config.folder("runbook"))  # noqa: PTH100
    found: list[Path] = []
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"{path}: no such file or folder")
        absolute = os.path.abspath(path)  # noqa: PTH100
        if absolute != folder and not absolute.startswith(folder + os.sep):
            where = config.folders["runbooks"]
            raise UsageError(
                f"{path}: not in the handbook's runbooks folder ({where}/ under {config.root}); "
                f"copy the pages into {where}/<service>/ first, or set [tool.irdocs.folders] "
                "runbooks to where they are"
            )
        found.extend(_walk(path) if path.is_dir() and not path.is_symlink() else [path])
    seen: set[Path] = set()
    unique = []
    for page in found:
        key = page.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(page)
    return unique


def _walk(top: Path) -> Iterator[Path]:
    """Markdown files below ``top``, sorted; hidden folders and files are not pages."""
    for folder, subfolders, files in os.walk(top):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(_CANDIDATE) and not name.startswith("."):
                yield Path(folder, name)


def build(
    config: Config, pages: Sequence[Path], *, review_every: int, reviewed: date | None
) -> Context:
    repository = history.read(config.root, pages)
    owners_root = repository.root or config.root.resolve()
    return Context(
        config=config,
        validator=schema.validators(config)["runbook"],
        owners=codeowners.find(owners_root),
        owners_root=owners_root,
        history=repository,
        alerts=_alerts(config),
        review_every=review_every,
        reviewed=reviewed,
    )


def _alerts(config: Config) -> tuple[tuple[str, str | None], ...]:
    if not config.lint.alert_rules:
        return ()
    from irdocs.lint.alerts import rule_files

    return tuple((alert.name, alert.runbook_url) for alert in rule_files(config).alerts)
