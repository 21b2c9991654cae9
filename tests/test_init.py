"""``irdocs init``: what it writes, what it leaves alone, and a new handbook's first commits through
the published hooks, installed by the real pre-commit from this checkout."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import git
import pytest
import yaml

from conftest import REPO, TODAY, Run
from irdocs import __version__
from irdocs import config as configuration
from irdocs.scaffold import EXAMPLE, handbook_files

BIN = Path(sys.executable).parent
SCAFFOLD = sorted(file.path.as_posix() for file in handbook_files())


def test_init_writes_a_handbook_and_lists_every_file(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", "acme")
    assert result.code == 0
    # this test's irdocs is an editable install: the handbook names no path of this machine
    assert result.err.startswith(
        f"irdocs: note: irdocs runs from an editable install ({REPO}), which no other machine "
        f"can install from: the handbook pins irdocs[site]=={__version__} from the package index"
    )
    written = sorted(
        p.relative_to("acme").as_posix() for p in Path("acme").rglob("*") if p.is_file()
    )
    assert [name for name in written if not name.startswith(".git/")] == SCAFFOLD
    listed = result.out.split("\n\n")[0].splitlines()
    assert listed == [
        "Created in acme/:",
        *(f"  {name}" for name in SCAFFOLD),
        "Initialized a git repository in acme/ (branch main).",
        f"The handbook installs irdocs[site]=={__version__}; its pre-commit hooks run the irdocs "
        "that group installs (repo: local).",
    ]
    for name in (
        "mkdocs.yml",
        "pyproject.toml",
        ".pre-commit-config.yaml",
        "runbooks/_template.md",
        ".github/workflows/lint.yml",
        ".github/workflows/portal.yml",
        ".github/workflows/overdue.yml",
        "docs/process/severity.md",
    ):
        assert name in SCAFFOLD
    for folder in ("incidents", "postmortems", "runbooks", "schemas"):
        assert f"{folder}/README.md" in SCAFFOLD
    repository = git.Repo(tmp_path / "acme")
    assert repository.head.reference.name == "main"
    repository.close()


def test_the_help_says_where_the_handbook_installs_irdocs_from(run: Run) -> None:
    result = run("init", "--help")
    assert result.code == 0
    unwrapped = " ".join(result.out.split())
    assert "--source REQUIREMENT where the handbook installs irdocs from" in unwrapped
    assert "default: where this irdocs was installed from)" in unwrapped
    # no documentation address is configured in irdocs's metadata: the page in the repository
    walk_through = "The whole walk-through: docs/getting-started.md in irdocs's repository."
    assert "".join(walk_through.split()) in "".join(result.out.split())  # argparse breaks at "-"


def test_from_an_editable_install_the_scaffold_is_portable(tmp_path: Path, run: Run) -> None:
    """No path of this machine: the release of the same version, and `repo: local` hooks with
    the settings of the hook irdocs publishes."""
    assert run("init", str(tmp_path)).code == 0
    pyproject = tomllib.loads((tmp_path / "pyproject.toml").read_text())
    assert pyproject["dependency-groups"]["handbook"] == [f"irdocs[site]=={__version__}"]
    assert pyproject["tool"]["irdocs"] == {"services": []}
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    published = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]
    assert hooks == {"repos": [{"repo": "local", "hooks": [{
        **{key: published[key] for key in ("id", "name", "entry", "files", "exclude")},
        "language": "system",
        "require_serial": True,
    }]}]}  # fmt: skip
    written = "".join(path.read_text() for path in tmp_path.rglob("*") if path.is_file()
                      and ".git" not in path.parts)  # fmt: skip
    assert str(REPO) not in written
    assert "github.com/irdocs" not in written
    assert "plugins:\n  - search\n  - irdocs\n" in (tmp_path / "mkdocs.yml").read_text()


def test_the_commented_settings_in_the_scaffold_are_valid_when_uncommented(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The examples in pyproject.toml's comments and in schemas/README.md, switched on."""
    assert run("init", str(tmp_path)).code == 0
    pyproject = tmp_path / "pyproject.toml"
    before, table = pyproject.read_text().split("[tool.irdocs]\n")
    settings = re.sub(r"^# (\[|[a-z_]+ = )", r"\1", table, flags=re.MULTILINE)
    assert settings.count("\n[") == 3  # severities, lint, schemas
    pyproject.write_text(f"{before}[tool.irdocs]\n{settings}")
    readme = (tmp_path / "schemas" / "README.md").read_text()
    fragment = readme.split("```json\n")[1].split("```")[0]
    (tmp_path / "schemas" / "incident.json").write_text(fragment)
    config = configuration.find(tmp_path)
    assert [level.name for level in config.severities] == ["SEV-1"]
    assert config.lint.per_file_ignores == {"runbooks/legacy/*.md": ("IR4",)}
    assert config.schema_extensions["incident"]["required"] == ["team"]


def test_init_never_overwrites_and_says_what_it_left_alone(tmp_path: Path, run: Run) -> None:
    (tmp_path / "README.md").write_text("# Our handbook\n")
    (tmp_path / "runbooks").mkdir()
    (tmp_path / "runbooks" / "_template.md").write_text("our template\n")
    first = run("init", str(tmp_path))
    assert first.code == 0
    assert (tmp_path / "README.md").read_text() == "# Our handbook\n"
    assert (tmp_path / "runbooks" / "_template.md").read_text() == "our template\n"
    kept = first.out.split("Left alone, they exist (irdocs never overwrites a file):\n")[1]
    assert kept.splitlines()[:2] == ["  README.md", "  runbooks/_template.md"]

    (tmp_path / "mkdocs.yml").write_text("site_name: edited\n")
    again = run("init", str(tmp_path))
    assert again.code == 0
    assert "Created in" not in again.out
    assert "Initialized" not in again.out  # it is a repository now
    assert [line[2:] for line in again.out.splitlines() if line.startswith("  ")][
        : len(SCAFFOLD)
    ] == SCAFFOLD
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: edited\n"


def test_inside_a_repository_init_makes_no_other_and_says_where_it_is(
    tmp_path: Path, run: Run
) -> None:
    git.Repo.init(tmp_path).close()
    result = run("init", str(tmp_path / "handbook"))
    assert result.code == 0
    assert not (tmp_path / "handbook" / ".git").exists()
    assert f"is inside the git repository at {tmp_path.resolve()}" in result.out


def test_init_into_a_file_is_a_usage_error(tmp_path: Path, run: Run) -> None:
    (tmp_path / "notes").write_text("")
    result = run("init", str(tmp_path / "notes"))
    assert (result.code, result.out) == (2, "")
    assert (
        result.err
        == f"irdocs: {tmp_path / 'notes'} is a file; give the folder the handbook goes in\n"
    )


def test_a_file_where_a_folder_goes_is_a_usage_error_not_a_file_left_alone(
    tmp_path: Path, run: Run
) -> None:
    (tmp_path / "docs").write_text("not a folder\n")
    result = run("init", str(tmp_path))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"irdocs: {tmp_path / 'docs'} is a file, where irdocs init puts the folder docs/; "
        "move it out of the way and run it again\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["docs"]  # nothing written


def test_the_example_handbook_validates_and_lints_clean(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("init", str(tmp_path), "--example").code == 0
    for name in EXAMPLE:  # the same documents as this repository's example, kept clean by its hooks
        assert (tmp_path / name).read_bytes() == (REPO / name).read_bytes()
    monkeypatch.chdir(tmp_path)
    assert run("validate") == type(run("validate"))(0, "", "6 documents checked: all valid\n")
    linted = run("lint")
    assert (linted.code, linted.out) == (0, ""), linted.out


def test_a_runbook_copied_from_the_template_fails_until_written(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("init", str(tmp_path)).code == 0
    copy = tmp_path / "runbooks" / "orders" / "replay-dead-letters.md"
    copy.parent.mkdir()
    shutil.copyfile(tmp_path / "runbooks" / "_template.md", copy)
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.code == 1
    assert result.out.startswith("runbooks/orders/replay-dead-letters.md:")


def test_a_runbook_whose_template_prompts_are_left_in_fails_lint(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fields the schema checks filled in, the template's <prompts> left in the title, the
    escalation and the alerts: lint names each (IR407), so the portal never shows them."""
    assert run("init", str(tmp_path)).code == 0
    copy = tmp_path / "runbooks" / "orders" / "replay-dead-letters.md"
    copy.parent.mkdir()
    text = (tmp_path / "runbooks" / "_template.md").read_text()
    text = re.sub(r"(?m)^id: .*$", "id: orders/replay-dead-letters", text)
    text = re.sub(r"(?m)^service: .*$", "service: orders", text)
    text = re.sub(r"(?m)^owner: .*$", "owner: team-orders", text)
    text = re.sub(r"(?m)^last_reviewed: .*$", "last_reviewed: 2026-11-01", text)
    copy.write_text(text)
    monkeypatch.chdir(tmp_path)
    assert run("validate", "--today", "2026-11-28").code == 0
    result = run("lint", "--today", "2026-11-28", "--select", "IR407")
    assert result.code == 1
    lines = result.out.splitlines()
    assert [line.split(": IR407 ")[0] for line in lines] == [
        f"runbooks/orders/replay-dead-letters.md:{n}:{c}"
        for n, c in ((6, 8), (10, 10), (11, 10), (12, 10), (13, 10), (14, 10))
    ]
    assert "'<The task, as an imperative" in lines[0] and "'<AlertName>'" in lines[-1]


def test_the_wheel_carries_the_templates_and_the_example(tmp_path: Path) -> None:
    forced = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    forced = forced["targets"]["wheel"]["force-include"]
    assert {name for name in forced if name != "schemas"} == set(EXAMPLE)
    subprocess.run(
        # -n (no isolation): the hatchling of this environment, from the lock; nothing downloaded
        [sys.executable, "-m", "build", "--wheel", "-n", "--outdir", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    with zipfile.ZipFile(next(tmp_path.glob("irdocs-*.whl"))) as wheel:
        names = set(wheel.namelist())
        wheel.extractall(tmp_path / "unpacked")
    templates = REPO / "tools" / "irdocs" / "scaffold" / "handbook"
    for template in (path for path in templates.rglob("*") if path.is_file()):
        assert f"irdocs/scaffold/handbook/{template.relative_to(templates).as_posix()}" in names
    assert {f"irdocs/scaffold/example/{name}" for name in EXAMPLE} <= names
    # the unpacked wheel comes first on sys.path, ahead of this checkout's editable install
    done = subprocess.run(
        [sys.executable, "-m", "irdocs", "init", "--example", str(tmp_path / "handbook")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "unpacked")},
    )
    assert done.returncode == 0, done.stderr
    written = sorted(
        p.relative_to(tmp_path / "handbook").as_posix()
        for p in (tmp_path / "handbook").rglob("*")
        if p.is_file() and ".git" not in p.parts
    )
    assert written == sorted([*SCAFFOLD, *EXAMPLE])


# --- a new handbook's first commits, through the hooks installed by the real pre-commit ---------

RUNBOOK = """\
---
id: orders/replay-dead-letters
title: Replay the orders dead-letter queue
service: orders
owner: team-orders
escalation:
  - who: Orders on-call engineer
    how: PagerDuty service "orders-primary"
  - who: Orders engineering manager
    how: Phone via the PagerDuty escalation policy after 30 minutes
alerts: [OrdersDeadLetterQueueGrowing]
last_reviewed: {today}
review_every: 180
---

## Overview

Order events that the fulfilment consumer cannot process land in the `orders-dlq` queue. Use this
runbook when `OrdersDeadLetterQueueGrowing` fires (more than 100 messages for 10 minutes): the
orders behind those messages are paid but not shipped.

## Diagnosis

1. See how many messages wait and how old the oldest is:

    ```bash
    kubectl -n orders exec deploy/orders-worker -- orders-admin dlq stats
    ```

2. Read the error of the last ten messages. One error repeated means one cause; a deploy of the
   fulfilment service in the last hour is the usual one.

    ```bash
    kubectl -n orders exec deploy/orders-worker -- orders-admin dlq peek --limit 10
    ```

## Mitigation

Once the cause is fixed (the deploy rolled back, the dependency healthy again), replay the queue at
a limited rate so the consumer is not overwhelmed:

```bash
kubectl -n orders exec deploy/orders-worker -- orders-admin dlq replay --rate 50
```
{escalation}
## Verification

- `orders-admin dlq stats` shows 0 messages for 15 minutes.
- The fulfilment consumer's error ratio is under 0.1% on the **Orders / fulfilment** dashboard.

## Rollback

A replay cannot be undone, and needs no undoing: the consumer processes each order once, by its
order ID.
"""
ESCALATION = """
## Escalation

- Page the fulfilment on-call when the same error repeats after a replay.
- Call the orders engineering manager when orders older than two hours are still not shipped.
"""


@dataclass(frozen=True)
class Hooks:
    """A commit of this checkout's current tree, for pre-commit to install the hooks from."""

    repo: Path
    rev: str
    home: Path
    """PRE_COMMIT_HOME, shared by the tests of this module: the hook environment is built once."""

    @property
    def requirement(self) -> str:
        """irdocs from this commit, for ``irdocs init --source``."""
        return f"irdocs[site] @ git+{self.repo.as_uri()}@{self.rev}"


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hooks]:
    base = tmp_path_factory.mktemp("hooks")
    copy = base / "irdocs"
    ignored = shutil.ignore_patterns(
        ".git", ".venv*", "*_cache", "__pycache__", ".irdocs-cache", "site", "dist", "build"
    )
    shutil.copytree(REPO, copy, ignore=ignored)
    repository = git.Repo.init(copy)
    repository.git.add("--all")
    repository.git.commit("--message", "irdocs under test", env=_GIT_IDENTITY)
    yield Hooks(copy, repository.head.commit.hexsha, base / "pre-commit-home")
    repository.close()


_GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
}


def _run(command: list[str | Path], cwd: Path, hooks: Hooks) -> subprocess.CompletedProcess[str]:
    """Run ``command``; git runs hooks with their output on stderr, so stdout gets both."""
    return subprocess.run(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
        timeout=600,
        env={**os.environ, **_GIT_IDENTITY, "PRE_COMMIT_HOME": str(hooks.home)},
    )


def _new_handbook(tmp_path: Path, hooks: Hooks) -> Path:
    """``irdocs init``, the first commit, ``pre-commit install``: what a team does on day one."""
    root = tmp_path / "handbook"
    init = [BIN / "irdocs", "init", root, "--source", hooks.requirement]
    done = _run([*init], tmp_path, hooks)
    assert done.returncode == 0, done.stdout
    for command in (["git", "add", "--all"], ["git", "commit", "--quiet", "-m", "irdocs init"]):
        assert _run(command, root, hooks).returncode == 0
    installed = _run([BIN / "pre-commit", "install"], root, hooks)
    assert installed.returncode == 0, installed.stdout
    return root


def _commit(root: Path, path: str, text: str, hooks: Hooks) -> subprocess.CompletedProcess[str]:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text)
    assert _run(["git", "add", path], root, hooks).returncode == 0
    return _run(["git", "commit", "-m", f"Add {path}"], root, hooks)


def test_the_hooks_reject_an_invalid_runbook_and_commit_it_once_fixed(
    tmp_path: Path, hooks: Hooks
) -> None:
    root = _new_handbook(tmp_path, hooks)
    fresh = _run([BIN / "pre-commit", "run", "--all-files", "--color", "never"], root, hooks)
    assert fresh.returncode == 0, fresh.stdout  # READMEs and the template are not documents
    assert re.search(r"^irdocs lint\.+\(no files to check\)Skipped$", fresh.stdout, flags=re.M)
    path = "runbooks/orders/replay-dead-letters.md"
    good = RUNBOOK.format(today=TODAY, escalation=ESCALATION)
    rejected = _commit(root, path, good.replace("owner: team-orders\n", ""), hooks)
    assert rejected.returncode != 0, rejected.stdout
    assert re.search(
        rf"^{re.escape(path)}:\d+:\d+: IR1\d\d .*owner", rejected.stdout, flags=re.MULTILINE
    ), rejected.stdout

    accepted = _commit(root, path, good, hooks)
    assert accepted.returncode == 0, accepted.stdout
    assert re.search(r"^irdocs lint\.+Passed$", accepted.stdout, flags=re.MULTILINE)
    for command in ("validate", "lint"):
        checked = _run([BIN / "irdocs", command], root, hooks)
        assert checked.returncode == 0, checked.stdout
        assert ": IR" not in checked.stdout


def test_a_runbook_without_escalation_is_rejected_until_it_has_one(
    tmp_path: Path, hooks: Hooks
) -> None:
    root = _new_handbook(tmp_path, hooks)
    path = "runbooks/orders/replay-dead-letters.md"
    today = TODAY
    rejected = _commit(root, path, RUNBOOK.format(today=today, escalation=""), hooks)
    assert rejected.returncode != 0, rejected.stdout
    assert re.search(
        rf"^{re.escape(path)}:\d+:\d+: IR4\d\d .*[Ee]scalation", rejected.stdout, flags=re.M
    ), rejected.stdout

    accepted = _commit(root, path, RUNBOOK.format(today=today, escalation=ESCALATION), hooks)
    assert accepted.returncode == 0, accepted.stdout
    linted = _run([BIN / "irdocs", "lint"], root, hooks)
    assert linted.returncode == 0, linted.stdout
    assert ": IR" not in linted.stdout


def _declare(root: Path, hooks: Hooks, *roles: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / "irdocs", "declare", "--severity", "SEV-2", "--title", "Checkout errors in EU",
         "--service", "checkout", *roles, "--commit"],
        cwd=root, capture_output=True, text=True, check=False, timeout=600,
        env={**os.environ, **_GIT_IDENTITY, "PRE_COMMIT_HOME": str(hooks.home)},
    )  # fmt: skip


def test_declare_commit_passes_the_handbooks_own_hooks(tmp_path: Path, hooks: Hooks) -> None:
    """A SEV-2 declared with its commander commits: the other roles are due later (IR208, a
    warning), and the hooks `irdocs init` installed run on the commit."""
    root = _new_handbook(tmp_path, hooks)
    declared = _declare(root, hooks, "--commander", "Priya Raman")
    assert declared.returncode == 0, declared.stdout + declared.stderr
    path = declared.stdout.splitlines()[-1]
    assert path.startswith("incidents/INC-") and (root / path).is_file()
    with git.Repo(root) as repo:
        assert repo.head.commit.message.startswith("incident(INC-")
        assert path in repo.head.commit.stats.files
        assert not repo.is_dirty(untracked_files=True)
    assert "pre-commit" in (root / ".git" / "hooks" / "pre-commit").read_text()


def test_a_declare_whose_commit_fails_still_prints_the_message_and_the_path(
    tmp_path: Path, hooks: Hooks
) -> None:
    root = _new_handbook(tmp_path, hooks)
    declared = _declare(root, hooks)  # no commander: IR206, the hook rejects the commit
    assert declared.returncode == 1, declared.stdout + declared.stderr
    lines = declared.stdout.splitlines()
    assert "First status-page message (public updates every 30 min for SEV-2):" in lines
    assert lines[-1].startswith("incidents/INC-") and (root / lines[-1]).is_file()
    assert f"irdocs: {lines[-1]}: written, but not committed:" in declared.stderr
    assert "IR206" in declared.stderr


def test_the_scaffolded_handbook_builds_its_portal(tmp_path: Path, run: Run) -> None:
    assert run("init", str(tmp_path), "--example").code == 0
    built = subprocess.run(
        [BIN / "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "process" / "severity" / "index.html").is_file()
    home = (tmp_path / "site" / "index.html").read_text()
    assert '<h1 id="status-board">Status board' in home  # the board is the home page
    assert 'data-md-color-scheme="slate"' in home and "Switch to dark mode" in home
