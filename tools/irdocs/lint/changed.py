"""``--changed``: the files that differ from a git ref — committed since the merge base, staged,
unstaged or untracked — read with gitpython (imported here only: it costs start-up time)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from irdocs.errors import UsageError

DEFAULT_REFS = ("origin/main", "main", "HEAD")


def changed_files(folder: Path, ref: str | None) -> tuple[str, set[Path]]:
    """The ref compared against, and the absolute paths of the existing files changed versus it
    in the repository that contains ``folder``."""
    import git

    try:
        repo = git.Repo(folder, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UsageError(
            f"--changed needs a git repository, and {folder} is not in one; "
            "name the documents to lint instead"
        ) from None
    try:
        return _changed(repo, ref)
    finally:
        repo.close()  # gitpython keeps git processes open until closed


def _changed(repo: Any, ref: str | None) -> tuple[str, set[Path]]:
    if repo.working_tree_dir is None:
        raise UsageError(f"--changed needs a working tree; {repo.git_dir} is a bare repository")
    ref = ref or next((name for name in DEFAULT_REFS if _exists(repo, name)), "HEAD")
    if not _exists(repo, ref):
        raise UsageError(
            f"--changed {ref}: no such commit in {repo.working_tree_dir} "
            "(is it fetched? name a branch, tag or commit)"
        )
    bases = repo.merge_base(ref, "HEAD")
    base = bases[0].hexsha if bases else ref
    root = Path(repo.working_tree_dir)
    names = repo.git.diff("--name-only", "-z", "--no-renames", "--diff-filter=d", base).split("\0")
    names.extend(repo.untracked_files)
    return ref, {(root / name).absolute() for name in names if name and (root / name).is_file()}


def _exists(repo: Any, ref: str) -> bool:
    import git

    try:
        repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")
    except git.GitCommandError:
        return False
    return True
