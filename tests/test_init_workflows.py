"""The workflows ``irdocs init`` writes, run rather than only schema-checked: each job's ``run:``
steps in order, with bash as GitHub runs them, in a fresh virtual environment built only from the
handbook's own dependency group, irdocs installed from a ``git+file://`` clone of this checkout.
On a new handbook, and again after ``irdocs declare`` and a commit through the real pre-commit
hooks.
Steps that ``uses:`` an action cannot run here: they are skipped, and listed in ``SKIPPED``.

The environment is built once per session: the handbook group's packages from requirements.lock
(hashes checked), then the workflow's own install step, which adds irdocs from the clone. pip
needs the package index for pip itself and for the build backend, and reuses its cache.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import git
import pytest
import yaml
from ruamel.yaml import YAML

from conftest import REPO

BIN = Path(sys.executable).parent
WORKFLOWS = ("lint.yml", "overdue.yml", "portal.yml")
SKIPPED = [
    "lint.yml lint: actions/checkout@v5",
    "lint.yml lint: actions/setup-python@v6",
    "lint.yml lint: github/codeql-action/upload-sarif@v4",
    "overdue.yml overdue: actions/checkout@v5",
    "overdue.yml overdue: actions/setup-python@v6",
    "portal.yml build: actions/checkout@v5",
    "portal.yml build: actions/setup-python@v6",
    "portal.yml build: actions/upload-pages-artifact@v4",
    "portal.yml deploy: actions/deploy-pages@v4",
]
"""Every step that ``uses:`` an action: checkout and setup-python are what this test sets up
itself (a repository with its history, a Python on PATH), the others upload or deploy."""
_GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Ana Lima",
    "GIT_AUTHOR_EMAIL": "ana@example.com",
    "GIT_COMMITTER_NAME": "Ana Lima",
    "GIT_COMMITTER_EMAIL": "ana@example.com",
}
_TIMEOUT = 600


@dataclass(frozen=True)
class Clone:
    """A commit of this checkout's current tree: where the handbook installs irdocs from."""

    path: Path
    rev: str

    @property
    def requirement(self) -> str:
        return f"irdocs[site] @ git+{self.path.as_uri()}@{self.rev}"


@dataclass(frozen=True)
class Environment:
    """A virtual environment with the handbook's ``dev`` group installed, irdocs from the clone."""

    root: Path
    base: Path
    """Where the clone, the pre-commit home and the first handbook are."""

    @property
    def bin(self) -> Path:
        return self.root / "bin"

    def env(self) -> dict[str, str]:
        """As setup-python leaves it: this environment's python first on PATH."""
        return {
            **os.environ,
            **_GIT_IDENTITY,
            "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
            "VIRTUAL_ENV": str(self.root),
            "PRE_COMMIT_HOME": str(self.base / "pre-commit-home"),
            "NO_MKDOCS_2_WARNING": "1",
        }


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clone]:
    copy = tmp_path_factory.mktemp("clone") / "irdocs"
    ignored = shutil.ignore_patterns(
        ".git", ".venv*", "*_cache", "__pycache__", ".irdocs-cache", "site", "dist", "build",
        ".cache",
    )  # fmt: skip
    shutil.copytree(REPO, copy, ignore=ignored)
    repository = git.Repo.init(copy)
    repository.git.add("--all")
    repository.git.commit("--quiet", "--message", "irdocs under test", env=_GIT_IDENTITY)
    yield Clone(copy, repository.head.commit.hexsha)
    repository.close()


@pytest.fixture(scope="module")
def environment(clone: Clone, tmp_path_factory: pytest.TempPathFactory) -> Environment:
    """Built from a handbook that this checkout's irdocs makes with ``--source`` the clone: the
    group's locked packages with their hashes, then the handbook's own install command."""
    base = clone.path.parent
    first = base / "first"
    made = _run([BIN / "irdocs", "init", first, "--source", clone.requirement], base)
    assert made.returncode == 0, made.stdout
    venv = Environment(base / "venv", base)
    # without ensurepip's old pip, which the workflows would upgrade first: that pip straight away
    assert _run([sys.executable, "-m", "venv", "--without-pip", venv.root], base).returncode == 0
    bootstrap = [sys.executable, "-m", "pip", "--python", venv.bin / "python", "install"]
    upgraded = _run([*bootstrap, "--quiet", "--no-compile", "pip>=25.1"], base)
    assert upgraded.returncode == 0, upgraded.stdout
    locked = base / "handbook.lock"
    locked.write_text(_locked(_handbook_group(first)))
    pip = [venv.bin / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # the lock is complete: no resolving; no byte-compiling of what the steps barely import
    seeded = _run([*pip, "--require-hashes", "--only-binary", ":all:", "--no-deps", "--no-compile",
                   "-r", locked], base)  # fmt: skip
    assert seeded.returncode == 0, seeded.stdout
    installed = _run([*pip, "--group", "dev"], first, venv.env())
    assert installed.returncode == 0, installed.stdout
    return venv


def test_the_workflows_pass_on_a_new_handbook_and_after_its_first_incident(
    tmp_path: Path, clone: Clone, environment: Environment
) -> None:
    env = environment.env()
    # irdocs installed from a Git URL makes the handbook: it installs irdocs from there too
    made = _run([environment.bin / "irdocs", "init", "hb"], tmp_path, env)
    assert made.returncode == 0, made.stdout
    root = tmp_path / "hb"
    assert _handbook_group(root) == _handbook_group(environment.base / "first")
    assert tomllib.loads((root / "pyproject.toml").read_text())["dependency-groups"] == {
        "handbook": [clone.requirement],
        "dev": [{"include-group": "handbook"}, "pre-commit>=3.7"],
    }
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text())["repos"]
    assert [(repo["repo"], repo["rev"]) for repo in hooks] == [(clone.path.as_uri(), clone.rev)]

    for command in (["pre-commit", "install"], ["git", "add", "--all"]):
        assert _run(command, root, env).returncode == 0
    first = _run(["git", "commit", "-m", "A new incident handbook"], root, env)
    assert first.returncode == 0, first.stdout
    assert re.search(r"^irdocs lint\.+\(no files to check\)Skipped$", first.stdout, flags=re.M)
    skipped = _run_workflows(root, env)
    assert skipped == SKIPPED
    board = html.unescape((root / "site" / "portal" / "index.html").read_text())
    assert "No incidents yet" in board
    assert "irdocs declare --severity <SEV-1 | SEV-2 | SEV-3 | SEV-4> --title" in board

    declare = ["irdocs", "declare", "--severity", "SEV-3", "--service", "checkout"]
    declared = _run(
        [*declare, "--title", "Checkout errors for some card payments", "--commander", "Ana Lima"],
        root,
        env,
    )
    assert declared.returncode == 0, declared.stdout
    incident = declared.stdout.splitlines()[-1]  # the last line is the new file's path
    assert _run(["git", "add", incident], root, env).returncode == 0
    # a commit in the shell, where the hooks' output shows (declare --commit keeps it to itself)
    committed = _run(["git", "commit", "-m", "Declare the first incident"], root, env)
    assert committed.returncode == 0, committed.stdout
    assert re.search(r"^irdocs lint\.+Passed$", committed.stdout, flags=re.M), committed.stdout
    assert not _run(["git", "status", "--porcelain"], root, env).stdout  # all committed
    assert _run_workflows(root, env) == SKIPPED
    board = html.unescape((root / "site" / "portal" / "index.html").read_text())
    assert "Checkout errors for some card payments" in board
    assert "No incidents yet" not in board


def _run_workflows(root: Path, env: dict[str, str]) -> list[str]:
    """Run every ``run:`` step of the handbook's workflows, in order; each must pass. Returns
    the steps that use an action instead."""
    skipped = []
    for name in WORKFLOWS:
        workflow: dict[str, Any] = YAML(typ="safe", pure=True).load(
            root / ".github" / "workflows" / name
        )
        for job_name, job in workflow["jobs"].items():
            for step in job["steps"]:
                if "uses" in step:
                    skipped.append(f"{name} {job_name}: {step['uses']}")
                    continue
                # GitHub's default shell on Linux: bash -e, the script from a file
                script = root.parent / "step.sh"
                script.write_text(step["run"])
                done = _run(["bash", "--noprofile", "--norc", "-e", script], root, env)
                assert done.returncode == 0, f"{name} {job_name} {step['name']}:\n{done.stdout}"
    return skipped


def _handbook_group(root: Path) -> list[str]:
    groups = tomllib.loads((root / "pyproject.toml").read_text())["dependency-groups"]
    return [*groups["handbook"], *groups["dev"][1:]]


def _locked(group: list[str]) -> str:
    """The entries of requirements.lock that ``group`` installs: irdocs's dependencies, its
    ``site`` extra's and pre-commit, with what they need in turn (the lock's ``# via``)."""
    lock = (REPO / "requirements.lock").read_text()
    split = re.split(r"^(?=[a-z0-9])", lock, flags=re.M)[1:]  # [0] is the header
    blocks = {block.split("==", 1)[0]: block for block in split}
    roots = {re.split(r"[\s\[>=<~!@]", name, maxsplit=1)[0] for name in group} - {"irdocs"}
    wanted = set(roots)
    changed = True
    while changed:
        changed = False
        for name, block in blocks.items():
            via = set(re.findall(r"#\s+(?:via\s+)?([a-z0-9][a-z0-9._-]*(?: \(pyproject\.toml\))?)",
                                 block.split("\n", 1)[1]))  # fmt: skip
            if name not in wanted and (via & wanted or "irdocs (pyproject.toml)" in via):
                wanted.add(name)
                changed = True
    assert roots <= set(blocks)
    return "".join(blocks[name] for name in sorted(wanted))


def _run(
    command: list[str | Path], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``command``, stdout and stderr together (git prints its hooks' output on stderr)."""
    return subprocess.run(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
        timeout=_TIMEOUT,
        env=env or {**os.environ, **_GIT_IDENTITY},
    )
