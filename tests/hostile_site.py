"""A handbook with every payload of tests/hostile/xss.yaml in every field and body, built by MkDocs.

For each payload: an incident, its postmortem and a runbook written with the payload in every
text field and in the body; and an incident run through the CLI (``declare``, ``update``,
``resolve``, then ``postmortem``, which copies the title, the update messages and the commits'
subjects and authors into the postmortem's body), with a commit in the incident's window whose
subject and author are the payload.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import git
import yaml

from conftest import CASES
from irdocs.main import main

HOSTILE = Path(__file__).parent / "hostile"
TODAY = "2026-11-22"


@dataclass(frozen=True)
class Payload:
    name: str
    text: str


def payloads() -> list[Payload]:
    items = yaml.safe_load((HOSTILE / "xss.yaml").read_text(encoding="utf-8"))
    return [Payload(item["name"], item["payload"]) for item in items]


MKDOCS_YML = f"""site_name: Hostile handbook
docs_dir: docs
theme:
  name: material
  font: false
extra:
  generator: false
plugins:
  - search
  - irdocs:
      today: "{TODAY}"
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist
"""
"""The extensions that widen what a body can say (attr_list, md_in_html) are on."""


def _q(value: str) -> str:
    """A YAML scalar holding ``value`` exactly (JSON is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _body(payload: str) -> str:
    return f"\n## Notes\n\n{payload}\n\nAfter the payload.\n\n- [x] a task\n\n1. one\n2. two\n"


def incident(number: int, payload: str) -> str:
    p = _q(payload)
    return f"""---
id: INC-2026-10-01-hostile-{number}
title: {p}
severity: SEV-2
status: resolved
services: [payments]
customer_impact:
  scope: subset
  description: {p}
detection_source: customer
roles:
  commander: {p}
  communications_lead: {p}
  operations_lead: {p}
  scribe: {p}
  experts: [{p}]
impact_started: 2026-10-01T08:00:00+00:00
detected: 2026-10-01T08:05:00+00:00
acknowledged: 2026-10-01T08:06:00+00:00
acknowledged_by: {p}
declared: 2026-10-01T08:10:00+00:00
mitigated: 2026-10-01T09:00:00+00:00
resolved: 2026-10-01T10:00:00+00:00
runbooks: [hostile/p{number}]
postmortem: postmortems/INC-2026-10-01-hostile-{number}.md
updates:
  - at: 2026-10-01T08:15:00+00:00
    status: investigating
    audience: public
    message: {p}
  - at: 2026-10-01T08:20:00+00:00
    status: identified
    audience: internal
    message: {p}
  - at: 2026-10-01T10:00:00+00:00
    status: resolved
    audience: public
    message: {p}
---
{_body(payload)}"""


def postmortem(number: int, payload: str) -> str:
    p = _q(payload)
    return f"""---
incident: INC-2026-10-01-hostile-{number}
title: {p}
severity: SEV-2
status: published
authors: [{p}]
reviewers: [{p}]
action_items:
  - id: AI-1
    title: {p}
    owner: {p}
    due: 2026-12-01
    priority: P1
    type: prevent
    status: open
    ticket: {p}
---
{_body(payload)}"""


def runbook(number: int, payload: str) -> str:
    p = _q(payload)
    return f"""---
id: hostile/p{number}
title: {p}
description: {p}
tags: [{p}]
service: payments
owner: {p}
escalation:
  - who: {p}
    how: {p}
alerts: [{p}]
last_reviewed: 2026-09-14
review_every: 180
---
{_body(payload)}"""


@contextlib.contextmanager
def _inside(root: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(before)


def _cli(*argv: str) -> None:
    code = main(list(argv))
    assert code == 0, argv


def _run_through_the_cli(root: Path, repo: git.Repo, number: int, payload: str) -> None:
    """Declare, update and resolve an incident titled ``payload``, then draft its postmortem."""
    day = f"2026-11-{number % 18 + 1:02d}"
    when = datetime.fromisoformat(f"{day}T06:00:00+00:00")
    (root / "changes.txt").write_text(f"{number}\n")
    repo.index.add(["changes.txt"])
    actor = git.Actor(payload.replace("\n", " ").replace("<", "").replace(">", "") or "x", "a@b.c")
    repo.index.commit(payload, author=actor, committer=actor, author_date=when, commit_date=when)
    before = set((root / "incidents").glob("*.md"))
    _cli(
        *("declare", "--severity", "SEV-3", "--title", payload, "--commander", payload),
        *("--impact", payload, "--service", "payments", "--at", f"{day}T08:00:00+00:00"),
    )
    (created,) = set((root / "incidents").glob("*.md")) - before
    ident = created.stem
    _cli("update", ident, "--message", payload, "--audience", "public", "--at", f"{day}T08:10Z")
    _cli("resolve", ident, "--message", payload, "--at", f"{day}T09:00:00+00:00")
    _cli("postmortem", ident, "--author", payload)


def make_hostile_handbook(root: Path) -> list[Payload]:
    """The case handbook, then each payload everywhere; docs/ and mkdocs.yml. Returns them."""
    shutil.copytree(CASES / "_handbook", root)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Hostile handbook\n")
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    (root / "runbooks" / "hostile").mkdir(parents=True)
    found = payloads()
    for number, payload in enumerate(found, 1):
        name = f"INC-2026-10-01-hostile-{number}.md"
        (root / "incidents" / name).write_text(incident(number, payload.text), encoding="utf-8")
        (root / "postmortems" / name).write_text(postmortem(number, payload.text), "utf-8")
        (root / "runbooks" / "hostile" / f"p{number}.md").write_text(
            runbook(number, payload.text), encoding="utf-8"
        )
    repo = git.Repo.init(root)
    with _inside(root):
        for number, payload in enumerate(found, 1):
            _run_through_the_cli(root, repo, number, payload.text)
    return found


COMMENTED = """
## Root cause

<!-- Five whys: start from what customers saw and ask "why?" until the answer is a system or a
process you can change; number the answers 1 to 5. -->
1. Why did checkouts fail? The connection pool ran out.
2. Why did it run out? The setting was 5, not 50.

## Follow-up

<!-- Each action item goes in the front matter's action_items; list them here as a table too. -->
| ID | Action item | Tracked by |
|---|---|---|
| AI-1 | Add a canary stage | CHK-1423 |
"""


def make_commented_handbook(root: Path) -> None:
    """The case handbook with the templates' comments in every body, each directly followed by
    a numbered list or a table; and an incident declared and drafted into a postmortem by the
    CLI, whose ``TODO:`` lines (each right after a comment) became numbered lists."""
    shutil.copytree(CASES / "_handbook", root)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Commented handbook\n")
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    for path in [*root.glob("incidents/*.md"), *root.glob("postmortems/*.md")]:
        path.write_text(path.read_text(encoding="utf-8") + COMMENTED, encoding="utf-8")
    for path in root.glob("runbooks/**/*.md"):
        path.write_text(path.read_text(encoding="utf-8") + COMMENTED, encoding="utf-8")
    git.Repo.init(root)
    with _inside(root):
        _cli(
            *("declare", "--severity", "SEV-2", "--title", "Payments fail", "--commander", "Ann"),
            *("--service", "payments", "--at", "2026-11-20T08:00:00+00:00"),
        )
        (incident,) = root.glob("incidents/INC-2026-11-20-*.md")
        _cli("resolve", incident.stem, "--at", "2026-11-20T09:00:00+00:00")
        _cli("postmortem", incident.stem)
    for path in [incident, root / "postmortems" / incident.name]:
        lines = path.read_text(encoding="utf-8").split("\n")
        filled = [
            "1. First why.\n2. Second why." if line.startswith("TODO: ") else line for line in lines
        ]
        path.write_text("\n".join(filled) + COMMENTED, encoding="utf-8")
