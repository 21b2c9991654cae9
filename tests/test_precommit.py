"""The published hook, installed by the real pre-commit from this checkout, in a real git repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import git
import pytest

from conftest import CASES, REPO


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[git.Repo]:
    root = tmp_path / "handbook"
    shutil.copytree(CASES / "_handbook", root)
    files = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]
    repository = git.Repo.init(root)
    repository.index.add(files)
    repository.index.commit("handbook")
    yield repository
    repository.close()  # gitpython keeps `git cat-file` processes open until closed


def _try_repo(root: Path, home: Path) -> subprocess.CompletedProcess[str]:
    pre_commit = Path(sys.executable).parent / "pre-commit"
    return subprocess.run(
        [pre_commit, "try-repo", str(REPO), "irdocs-validate", "--all-files", "--color", "never"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={**os.environ, "PRE_COMMIT_HOME": str(home)},
    )


def test_irdocs_validate_hook_rejects_then_accepts(repo: git.Repo, tmp_path: Path) -> None:
    root = Path(repo.working_dir)
    bad = root / "incidents" / "naive-timestamp.md"
    shutil.copyfile(CASES / "IR104" / "bad" / "incidents" / "naive-timestamp.md", bad)
    repo.index.add(["incidents/naive-timestamp.md"])
    rejected = _try_repo(root, tmp_path / "pre-commit-home")
    assert rejected.returncode == 1, rejected.stdout + rejected.stderr
    expected = (CASES / "IR104" / "bad" / "incidents" / "naive-timestamp.expected").read_text()
    assert expected.strip() in rejected.stdout

    bad.write_text(bad.read_text().replace("09:19:00\n", "09:19:00+00:00\n"))
    repo.index.add(["incidents/naive-timestamp.md"])
    accepted = _try_repo(root, tmp_path / "pre-commit-home")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "irdocs validate" in accepted.stdout and "Passed" in accepted.stdout


def test_this_repository_passes_its_own_hooks(tmp_path: Path) -> None:
    """ruff, mypy, the text fixers and irdocs on the example handbook, run by the real pre-commit
    over a copy of this working tree (the copy, so that a fixer never edits the checkout)."""
    copy = tmp_path / "repo"
    ignored = shutil.ignore_patterns(
        ".git",
        ".venv*",
        "*_cache",
        ".cache",
        "__pycache__",
        ".irdocs-cache",
        "site",
        "dist",
        "build",
    )
    shutil.copytree(REPO, copy, ignore=ignored)
    files = [p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()]
    repository = git.Repo.init(copy)
    repository.index.add(files)
    repository.close()
    pre_commit = Path(sys.executable).parent / "pre-commit"
    done = subprocess.run(
        [pre_commit, "run", "--all-files", "--color", "never"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={
            **os.environ,
            "PRE_COMMIT_HOME": str(tmp_path / "home"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        },
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "irdocs validate" in done.stdout
