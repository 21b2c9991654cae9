"""When a runbook is stale: its review is overdue, or what it ``covers`` changed in Git since.

"Today" is ``irdocs.clock.today()``: ``--today``, else ``IRDOCS_TODAY``, else the system's date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path, PurePosixPath

from irdocs.documents.model import Runbook


def covers_changes(root: Path, runbooks: Iterable[Runbook]) -> dict[tuple[str, int], date]:
    """For each (runbook path, index in ``covers``) whose path changed in a commit after the
    runbook's ``last_reviewed``: the day of the latest such commit. Empty outside Git."""
    runbooks = [runbook for runbook in runbooks if runbook.covers]
    if not runbooks:
        return {}
    import git  # gitpython: imported here, it starts slowly

    try:
        repo = git.Repo(root, search_parent_directories=True)
        top = Path(repo.working_tree_dir or root).resolve()
        prefix = PurePosixPath(root.resolve().relative_to(top).as_posix())
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return {}
    wanted = {
        (runbook.path, index): _normal(prefix, cover)
        for runbook in runbooks
        for index, cover in enumerate(runbook.covers)
    }
    pathspecs = sorted({path for path in wanted.values() if path is not None})
    if not pathspecs:
        return {}
    since = min(runbook.last_reviewed for runbook in runbooks) - timedelta(days=1)
    try:
        log = repo.git.log(
            "--format=%x00%cs", "--name-only", f"--since={since.isoformat()}", "--", *pathspecs
        )
    except git.GitCommandError:
        return {}  # e.g. a repository without commits yet
    latest = _latest_change(log)
    reviewed = {runbook.path: runbook.last_reviewed for runbook in runbooks}
    changed = {}
    for (path, index), cover in wanted.items():
        day = _changed_on(latest, cover) if cover is not None else None
        if day is not None and day > reviewed[path]:
            changed[path, index] = day
    return changed


def _normal(prefix: PurePosixPath, cover: str) -> str | None:
    """``cover`` (relative to the handbook's root) from the top of the repository."""
    parts: list[str] = []
    for part in (prefix / cover.strip()).parts:
        if part == "..":
            if not parts:
                return None  # outside the repository
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts) or None


def _latest_change(log: str) -> dict[str, date]:
    """File → day of its newest commit, from ``git log --format=%x00%cs --name-only``."""
    latest: dict[str, date] = {}
    for entry in log.split("\0"):
        lines = [line for line in entry.splitlines() if line.strip()]
        if not lines:
            continue
        day = date.fromisoformat(lines[0])
        for name in lines[1:]:
            if name not in latest or day > latest[name]:
                latest[name] = day
    return latest


def _changed_on(latest: Mapping[str, date], cover: str) -> date | None:
    days = [day for name, day in latest.items() if name == cover or name.startswith(cover + "/")]
    return max(days, default=None)
