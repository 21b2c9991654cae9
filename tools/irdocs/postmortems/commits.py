"""Commits in a time window across the handbook's repositories: candidates for an incident's
trigger, read with gitpython."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import git


@dataclass(frozen=True, slots=True)
class Commit:
    repository: str
    """The repository's folder name, e.g. ``checkout-service``."""
    sha: str
    """Abbreviated to 10 characters."""
    committed: datetime
    """In UTC."""
    author: str
    subject: str


@dataclass(frozen=True, slots=True)
class Window:
    start: datetime
    end: datetime
    commits: tuple[Commit, ...]
    """Newest first, across all repositories."""
    unread: tuple[tuple[str, str], ...]
    """Repositories that could not be searched, with the reason."""


def in_window(repositories: Iterable[Path], start: datetime, end: datetime) -> Window:
    """The commits reachable from each repository's HEAD whose committed date is within
    ``start`` … ``end`` (both included)."""
    import git  # gitpython starts slowly; only commands that read history need it

    commits: list[Commit] = []
    unread: list[tuple[str, str]] = []
    for path in repositories:
        name = path.resolve().name
        try:
            repository = git.Repo(path)
        except (git.NoSuchPathError, git.InvalidGitRepositoryError):
            unread.append((name, f"{path} is not a Git repository"))
            continue
        try:
            commits.extend(_read(repository, name, start, end))
        except (git.GitCommandError, ValueError) as exc:  # ValueError: a repository with no commits
            unread.append((name, f"cannot read its history: {str(exc).splitlines()[0]}"))
        finally:
            repository.close()
    commits.sort(key=lambda commit: (commit.committed, commit.repository), reverse=True)
    return Window(start, end, tuple(commits), tuple(unread))


def _read(repository: git.Repo, name: str, start: datetime, end: datetime) -> list[Commit]:
    # git's --since/--until prune by committer date; the exact bounds are checked here.
    found = []
    for commit in repository.iter_commits("HEAD", since=start.isoformat(), until=end.isoformat()):
        committed = commit.committed_datetime.astimezone(UTC)
        if start <= committed <= end:
            message = commit.message if isinstance(commit.message, str) else ""
            found.append(
                Commit(
                    name,
                    commit.hexsha[:10],
                    committed,
                    str(commit.author.name),
                    message.strip().splitlines()[0] if message.strip() else "",
                )
            )
    return found
