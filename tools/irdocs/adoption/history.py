"""When each page last changed in Git: the date of the last commit that touched it, read for
all pages with one ``git log`` (a call per page would cost seconds on a few hundred)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True, slots=True)
class History:
    root: Path | None
    """The repository's working tree, resolved; None outside a repository."""
    dates: dict[str, date]
    """Last commit date (the author's) by path from ``root``, POSIX."""

    def last_changed(self, path: Path) -> date | None:
        if self.root is None:
            return None
        try:
            relative = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None
        return self.dates.get(relative)


def read(start: Path, paths: Iterable[Path]) -> History:
    """The last commit date of each of ``paths``, from the repository that holds ``start``."""
    import git

    try:
        repository = git.Repo(start, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return History(None, {})
    try:
        root = Path(str(repository.working_tree_dir)).resolve()
        wanted = sorted(
            {path.resolve().relative_to(root).as_posix() for path in paths if _under(path, root)}
        )
        if not wanted or not repository.head.is_valid():
            return History(root, {})
        log = repository.git.log(
            "--format=%x00%as", "--name-only", "--no-renames", "-z", "HEAD", "--", *wanted
        )
    except git.GitCommandError:
        return History(None, {})
    finally:
        repository.close()
    return History(root, _newest(log, frozenset(wanted)))


def _under(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root)


def _newest(log: str, wanted: frozenset[str]) -> dict[str, date]:
    """The first (newest) date each path appears under, from ``git log -z --name-only``."""
    dates: dict[str, date] = {}
    day: date | None = None
    for field in log.split("\x00"):
        item = field.strip("\n")
        if not item:
            continue
        if len(item) == 10 and item[4] == "-" and item[7] == "-" and item[:4].isdigit():
            day = date.fromisoformat(item)
        elif day is not None and item in wanted and item not in dates:
            dates[item] = day
    return dates
