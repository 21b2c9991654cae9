"""The updates added to incident files between a commit and the working tree: what
``irdocs notify --since REF`` considers for sending (CI runs it on every push)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from irdocs.config import Config
from irdocs.documents.frontmatter import parse
from irdocs.documents.problem import DocumentProblem
from irdocs.errors import UsageError
from irdocs.incidents import incident_file


def added(config: Config, ref: str) -> dict[Path, list[int]]:
    """Per incident file, the indexes (from 0) of the updates it has now and did not have at
    ``ref``; a file that did not exist then has all of them added."""
    import git

    try:
        repo = git.Repo(config.root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UsageError(f"--since needs a git repository; {config.root} is in none") from None
    try:
        try:
            tree = repo.commit(ref).tree
        except (git.BadName, ValueError, git.GitCommandError):
            raise UsageError(f"--since {ref}: no such commit in this repository") from None
        top = Path(str(repo.working_tree_dir)).resolve()
        found: dict[Path, list[int]] = {}
        for source in sorted(incident_file.incidents(config), key=lambda s: s.path):
            now = _updates(source.path.read_text(encoding="utf-8"))
            relative = source.path.resolve().relative_to(top).as_posix()
            try:
                before = _updates(tree[relative].data_stream.read().decode("utf-8"))
            except KeyError:
                before = []
            seen = Counter(before)
            new = []
            for index, key in enumerate(now):
                if seen[key]:
                    seen[key] -= 1
                else:
                    new.append(index)
            if new:
                found[source.path] = new
        return found
    finally:
        repo.close()


def _updates(text: str) -> list[tuple[str, ...]]:
    """Each update as (at, status, audience, message): what makes it the same update."""
    try:
        data: Any = parse(text.removeprefix("\ufeff").replace("\r\n", "\n")).data
    except DocumentProblem:
        return []
    updates = data.get("updates") if isinstance(data, dict) else None
    if not isinstance(updates, list):
        return []
    return [
        tuple(
            " ".join(str(u.get(key, "")).split()) for key in ("at", "status", "audience", "message")
        )
        for u in updates
        if isinstance(u, dict)
    ]
