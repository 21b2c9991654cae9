"""``irdocs init``: scaffold a handbook repository; never overwrite a file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from irdocs import __version__, project
from irdocs.commands import options
from irdocs.errors import UsageError
from irdocs.scaffold import handbook_files
from irdocs.scaffold.source import InstallSource, from_requirement, installed

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers

_NEXT = """
Next:{cd}
  python -m venv .venv && . .venv/bin/activate
  python -m pip install --upgrade "pip>=25.1" && python -m pip install --group dev
  pre-commit install
  mkdir -p runbooks/<service> && cp runbooks/_template.md runbooks/<service>/<name>.md
Then push to GitHub and turn on Pages (Settings → Pages → Source: GitHub Actions).
The whole walk-through: {guide}"""


def init(directory: Path, *, example: bool = False, source: str | None = None) -> int:
    """Write the handbook's files into ``directory`` (made if missing) and make it a git
    repository if it is in none; print what was created and what was left alone. The handbook
    installs irdocs from ``source`` (a requirement), by default from where this irdocs came."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file; give the folder the handbook goes in")
    published = project.urls().source
    chosen = from_requirement(source, published) if source else installed(__version__, published)
    files = handbook_files(example=example, source=chosen)
    _check_folders(directory, [file.path for file in files])
    created: list[PurePosixPath] = []
    kept: list[PurePosixPath] = []
    for file in files:
        (created if _create(directory / file.path, file.text) else kept).append(file.path)
    where = _shown(directory)
    lines = [f"Created in {where}:", *(f"  {path}" for path in created)] if created else []
    if kept:
        lines += ["Left alone, they exist (irdocs never overwrites a file):"]
        lines += [f"  {path}" for path in kept]
    lines += _git(directory)
    print("\n".join(lines))
    print(_installs(chosen))
    for note in chosen.notes:
        print(f"irdocs: note: {note}", file=sys.stderr)
    guide = project.page_reference("getting-started.md", repository=chosen.hooks_repo)
    print(_NEXT.format(cd="" if where == "./" else f"\n  cd {where}", guide=guide))
    return 0


def _installs(source: InstallSource) -> str:
    hooks = (
        f"{source.hooks_repo} at {source.hooks_rev}"
        if source.hooks_repo
        else "the irdocs that group installs (repo: local)"
    )
    return f"The handbook installs {source.requirement}; its pre-commit hooks run {hooks}."


def _check_folders(directory: Path, paths: list[PurePosixPath]) -> None:
    """Refuse before writing anything when a file stands where a folder of the handbook goes."""
    for path in paths:
        for parent in list(path.parents)[:-1]:  # the last is "."
            folder = directory / parent
            if folder.exists() and not folder.is_dir():
                raise UsageError(
                    f"{folder} is a file, where irdocs init puts the folder {parent}/; "
                    "move it out of the way and run it again"
                )


def _create(path: Path, text: str) -> bool:
    """Write ``path`` unless it exists; True when written. Exclusive creation, so a file made
    between the check and the write is not overwritten either."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where a folder goes, or no permission
        raise _cannot(path, exc) from None
    try:
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        return False
    except OSError as exc:
        raise _cannot(path, exc) from None
    return True


def _cannot(path: Path, exc: OSError) -> UsageError:
    return UsageError(
        f"cannot create {path}: {exc.strerror}: {exc.filename}; "
        "move that out of the way, or fix its permissions, and run it again"
    )


def _git(directory: Path) -> list[str]:
    """Initialise a repository on ``main`` unless ``directory`` is already in one."""
    import git

    try:
        repository = git.Repo(directory, search_parent_directories=True)
    except git.InvalidGitRepositoryError:
        git.Repo.init(directory, initial_branch="main").close()
        return [f"Initialized a git repository in {_shown(directory)} (branch main)."]
    top = Path(repository.working_tree_dir or directory).resolve()
    repository.close()
    if top == directory.resolve():
        return []
    return [
        f"Note: {_shown(directory)} is inside the git repository at {top}: GitHub reads workflows "
        f"from {top}/.github/workflows only, and pre-commit matches hook paths from {top}; move "
        "them there and prefix the hooks' `files:` with the handbook's folder."
    ]


def _shown(directory: Path) -> str:
    """``directory`` as the user would type it, ending in a slash."""
    relative = os.path.relpath(directory.absolute(), Path.cwd())
    shown = directory.as_posix() if relative.startswith("..") else Path(relative).as_posix()
    return shown.rstrip("/") + "/" if shown != "." else "./"


def register(subparsers: Subparsers) -> None:
    parser = options.command(
        subparsers,
        "init",
        "scaffold a handbook repository: folders, config, hooks, CI and portal workflows",
        "Write a new handbook into DIR: mkdocs.yml, pyproject.toml with "
        "[tool.irdocs], incidents/, postmortems/, runbooks/ with a runbook template, schemas/, "
        "the process pages in docs/, .pre-commit-config.yaml and .github/workflows/. Makes DIR "
        "a git repository when it is in none. Never overwrites a file: it lists what it created "
        "and what it left alone. The whole walk-through: "
        f"{project.page_reference('getting-started.md')}.",
    )
    parser.add_argument(
        "directory",
        nargs="?",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="the handbook's folder, made if missing (default: the working directory)",
    )
    parser.add_argument(
        "--example",
        action="store_true",
        help="add a small example handbook: three incidents, a postmortem, two runbooks",
    )
    parser.add_argument(
        "--source",
        metavar="REQUIREMENT",
        help="where the handbook installs irdocs from, e.g. 'irdocs[site]==0.1.0' or "
        "'irdocs[site] @ git+URL@COMMIT': the dependency groups' requirement, and the hooks "
        "from the same release or commit (the site extra is added when missing; default: "
        "where this irdocs was installed from)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return init(args.directory, example=args.example, source=args.source)
