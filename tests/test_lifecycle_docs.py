"""The example session on the command pages is what irdocs prints, run in order as written."""

from __future__ import annotations

import re
import shlex
from datetime import datetime
from pathlib import Path

import git

from conftest import REPO, Run

PAGES = ("declare", "ack", "assign", "update", "severity", "status", "resolve", "changes")
"""The order the session runs in: each page continues the story of the one before."""
DOC_ID = "INC-2026-05-12-checkout-errors-for-eu-customers-3f9a"
"""The ID the pages show; the random suffix of the one minted in the test is replaced by it."""
_PEOPLE = {"Mei Lin": "mei@example.com", "Lukas Brandt": "lukas@example.com"}


def session(page: str) -> list[tuple[list[str], str]]:
    """Each ``$ irdocs …`` line of the page's console blocks, with the output below it."""
    text = (REPO / "docs" / "commands" / f"{page}.md").read_text()
    steps = []
    for block in re.findall(r"^```console\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            steps.append((shlex.split(command)[1:], output))
    return steps


def _commit(root: Path, message: str, when: str, who: str, files: dict[str, str]) -> None:
    exists = (root / ".git").is_dir()
    repo = git.Repo(root) if exists else git.Repo.init(root, initial_branch="main")
    with repo:
        for name, content in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(content)
        repo.git.add("-A")
        person, at = git.Actor(who, _PEOPLE[who]), datetime.fromisoformat(when)
        repo.index.commit(message, author=person, committer=person, author_date=at, commit_date=at)


def setup(handbook: Path) -> None:
    """The handbook and the checkout service's repository, with fixed commits."""
    config = handbook / "irdocs.toml"
    top = 'repositories = [".", "../checkout-api"]\n'  # a top-level key: before any [table]
    config.write_text(top + config.read_text())
    _commit(handbook, "The handbook", "2026-05-01T10:00:00+00:00", "Mei Lin", {})
    _commit(handbook, "Runbook: roll back a checkout deploy, with the EU canary step",
            "2026-05-12T07:50:00+00:00", "Mei Lin",
            {"runbooks/checkout/rollback-deploy.md":
             (handbook / "runbooks/checkout/rollback-deploy.md").read_text() + "\n"})  # fmt: skip
    api = handbook.parent / "checkout-api"
    _commit(api, "Retry card authorisation once on timeout", "2026-05-11T15:30:00+02:00",
            "Lukas Brandt", {"retry.txt": "1\n"})  # fmt: skip
    _commit(api, "Normalise EU saved addresses before the order review",
            "2026-05-12T10:40:00+02:00", "Lukas Brandt", {"address.txt": "1\n"})  # fmt: skip
    _commit(api, "Release v4.31.0", "2026-05-12T11:05:00+02:00", "Mei Lin",
            {"VERSION": "4.31.0\n"})  # fmt: skip


def _stable(output: str) -> str:
    """The handbook's own commits hash its files, which change with the test fixture."""
    return re.sub(r"^(.{24}handbook +)[0-9a-f]{8}", r"\1<sha>", output, flags=re.MULTILINE)


def test_the_example_session_on_the_command_pages_is_real(handbook: Path, run: Run) -> None:
    setup(handbook)
    minted = None
    for page in PAGES:
        steps = session(page)
        assert steps, f"docs/commands/{page}.md has no example session"
        for argv, expected in steps:
            out = run(*argv).out
            if argv[0] == "declare":
                minted = Path(out.splitlines()[-1]).stem
            assert _stable(out.replace(str(minted), DOC_ID)) == _stable(expected), (
                f"{page}: {shlex.join(argv)}"
            )
