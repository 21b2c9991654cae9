"""``irdocs changes``: what changed recently, the playbooks' first triage question."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from irdocs import clock
from irdocs import config as configuration
from irdocs.commands import options
from irdocs.errors import UsageError

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers


@dataclass(frozen=True, slots=True)
class Change:
    repository: str
    commit: str
    at: datetime
    """When the commit was made (committer date): when it landed."""
    author: str
    subject: str


def changes(*, since: str = "1d", output_format: str = "text", at: datetime | None = None) -> int:
    """The commits since ``since`` in every repository of ``repositories``, newest first."""
    config = configuration.find(Path.cwd())
    until = at or clock.now()
    start = clock.parse_since(since, until)
    found: list[Change] = []
    for path in config.repositories:
        found += [c for c in _commits(path, start, config.source) if c.at <= until]
    found.sort(key=lambda change: change.at, reverse=True)
    if output_format == "json":
        document = {
            "since": clock.stamp(start),
            "changes": [
                {
                    "repository": c.repository,
                    "commit": c.commit,
                    "at": clock.stamp(c.at),
                    "author": c.author,
                    "subject": c.subject,
                }
                for c in found
            ],
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        from irdocs.reporting.terminal import clean, lines

        width = max((len(clean(c.repository)) for c in found), default=0)
        for c in found:
            print(
                lines(
                    f"{c.at:%Y-%m-%d %H:%M %z}  {clean(c.repository):<{width}}  {c.commit[:8]}  "
                    f"{clean(c.author)}  {clean(c.subject)}"
                )
            )
    print(f"{len(found)} commit(s) since {clock.stamp(start)}", file=sys.stderr)
    return 0


def _commits(path: Path, start: datetime, source: Path | None) -> list[Change]:
    import git

    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UsageError(
            f"{path}: not a git repository; fix `repositories` in {source or 'the configuration'}"
        ) from None
    with repo:
        if not repo.head.is_valid():
            return []  # no commit yet
        name = Path(str(repo.working_tree_dir or repo.git_dir)).name
        return [
            Change(
                name,
                commit.hexsha,
                commit.committed_datetime,
                str(commit.author.name),
                str(commit.summary),
            )
            for commit in repo.iter_commits("HEAD", since=clock.stamp(start))
            if commit.committed_datetime >= start
        ]


def register(subparsers: Subparsers) -> None:
    parser = options.command(
        subparsers,
        "changes",
        "recent commits across the configured repositories, newest first",
        "The commits since --since in every repository of `repositories` "
        "(default: this handbook's), newest first: what changed recently.",
    )
    parser.add_argument(
        "--since",
        default="1d",
        metavar="WHEN",
        help="30m, 2h, 1d, or an ISO 8601 time (default: 1d)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    options.add_at(parser, "the time --since counts back from")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return changes(since=args.since, output_format=args.format, at=args.at)
