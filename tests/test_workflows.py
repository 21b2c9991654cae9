"""GitHub workflows cannot run here, so they are checked: against the GitHub workflow JSON Schema
that check-jsonschema vendors (no network), and for the conventions the handbook relies on.
Both this repository's workflows and the ones ``irdocs init`` writes."""

from __future__ import annotations

import importlib.resources
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import REPO
from irdocs.scaffold import handbook_files

# YAML 1.2 as GitHub reads it: with PyYAML (YAML 1.1) the key `on:` would become True.
_YAML = YAML(typ="safe", pure=True)
_OURS = {
    f"{path.name}": path.read_text() for path in sorted((REPO / ".github/workflows").glob("*"))
}
_WRITTEN = {
    file.path.name: file.text
    for file in handbook_files()
    if file.path.parent.as_posix() == ".github/workflows"
}
WORKFLOWS = {
    **{f"repo/{n}": t for n, t in _OURS.items()},
    **{f"init/{n}": t for n, t in _WRITTEN.items()},
}


def _schema() -> dict[str, Any]:
    vendored = importlib.resources.files("check_jsonschema") / "builtin_schemas" / "vendor"
    schema: dict[str, Any] = json.loads((vendored / "github-workflows.json").read_text())
    return schema


SCHEMA = _schema()
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)


def _load(name: str) -> dict[str, Any]:
    workflow: dict[str, Any] = _YAML.load(WORKFLOWS[name])
    return workflow


def test_the_workflows_are_the_expected_files() -> None:
    assert sorted(_OURS) == ["ci.yml", "latest.yml"]
    assert sorted(_WRITTEN) == ["lint.yml", "notify.yml", "overdue.yml", "portal.yml"]


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_workflow_matches_the_github_workflow_schema(name: str) -> None:
    errors = [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
        for e in VALIDATOR.iter_errors(_load(name))
    ]
    assert errors == []


def test_the_schema_check_has_teeth() -> None:
    broken = _load("init/lint.yml")
    del broken["jobs"]["lint"]["runs-on"]
    broken["on"] = {"pull_requests": None}
    assert len(list(VALIDATOR.iter_errors(broken))) >= 1


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_workflow_follows_our_conventions(name: str) -> None:
    """Least privilege by default, a concurrency group, a time limit on every job, and every
    action on a major-version tag."""
    workflow = _load(name)
    assert workflow["permissions"] == {"contents": "read"}
    assert "group" in workflow["concurrency"]
    for job in workflow["jobs"].values():
        assert isinstance(job["timeout-minutes"], int)
        for step in job["steps"]:
            if "uses" in step:
                tag = step["uses"].partition("@")[2]
                assert tag.startswith("v") and tag[1:].isdigit(), step["uses"]


def _steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return steps


def _runs(workflow: dict[str, Any], job: str) -> str:
    return "\n".join(step.get("run", "") for step in _steps(workflow, job))


def _uses(workflow: dict[str, Any], job: str) -> list[str]:
    return [step["uses"].partition("@")[0] for step in _steps(workflow, job) if "uses" in step]


def test_lint_annotates_pull_requests_and_uploads_sarif() -> None:
    lint = _load("init/lint.yml")
    assert "pull_request" in lint["on"]
    assert "irdocs lint --format github" in _runs(lint, "lint")
    assert "irdocs lint --format sarif > irdocs.sarif" in _runs(lint, "lint")
    assert "github/codeql-action/upload-sarif" in _uses(lint, "lint")
    assert lint["jobs"]["lint"]["permissions"]["security-events"] == "write"


def test_portal_builds_strictly_and_deploys_main_to_pages() -> None:
    portal = _load("init/portal.yml")
    assert "pull_request" in portal["on"] and portal["on"]["push"] == {"branches": ["main"]}
    assert "mkdocs build --strict" in _runs(portal, "build")
    assert "actions/upload-pages-artifact" in _uses(portal, "build")
    deploy = portal["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert _uses(portal, "deploy") == ["actions/deploy-pages"]


def test_overdue_runs_on_a_schedule_and_fails_on_overdue() -> None:
    overdue = _load("init/overdue.yml")
    assert overdue["on"]["schedule"][0]["cron"]
    runs = _runs(overdue, "overdue")
    assert "irdocs status" in runs and "irdocs actions --fail-on-overdue" in runs


def test_notify_sends_what_a_push_to_main_added_and_commits_the_records() -> None:
    notify = _load("init/notify.yml")
    assert notify["on"]["push"]["branches"] == ["main"]
    assert notify["concurrency"]["cancel-in-progress"] is False
    steps = _steps(notify, "notify")
    assert steps[0]["with"]["fetch-depth"] == 0
    assert 'irdocs notify --since "$BEFORE"' in _runs(notify, "notify")
    assert steps[-2]["env"]["BEFORE"] == "${{ github.event.before }}"
    assert "git push" in steps[-1]["run"] and steps[-1]["if"] == "${{ !cancelled() }}"
    assert notify["jobs"]["notify"]["permissions"] == {"contents": "write"}


def test_ci_runs_the_tests_and_our_own_hooks_which_run_ruff_and_mypy() -> None:
    runs = _runs(_load("repo/ci.yml"), "test")
    assert "make test" in runs and "pre-commit run --all-files" in runs
    own: dict[str, Any] = _YAML.load((REPO / ".pre-commit-config.yaml").read_text())
    entries = {hook["id"]: hook["entry"] for repo in own["repos"] for hook in repo["hooks"]}
    assert entries["ruff"].startswith("ruff check")
    assert entries["ruff-format"].startswith("ruff format")
    assert entries["mypy"] == "mypy"


def test_latest_runs_the_tests_weekly_on_the_newest_versions_the_ranges_allow() -> None:
    latest = _load("repo/latest.yml")
    assert latest["on"]["schedule"][0]["cron"] and "workflow_dispatch" in latest["on"]
    assert "make test-latest" in _runs(latest, "test-latest")
    # make test installs from the lock, and again when the lock changes; test-latest does not
    rules, target = {"": ""}, ""
    for line in (REPO / "Makefile").read_text().splitlines():
        if line.startswith("\t"):
            rules[target] += line + "\n"
        elif re.match(r"[^#\s][^:=]*:(?!=)", line):
            target = line.partition(":")[0]
            rules[target] = line + "\n"
    assert rules["$(STAMP)"].startswith("$(STAMP): pyproject.toml $(LOCK)\n")
    assert "--require-hashes" in rules["$(STAMP)"] and "-r $(LOCK)" in rules["$(STAMP)"]
    assert "-r $(LOCK)" not in rules["test-latest"]


def test_the_published_hooks_are_a_valid_manifest() -> None:
    done = subprocess.run(
        [
            Path(sys.executable).parent / "pre-commit",
            "validate-manifest",
            REPO / ".pre-commit-hooks.yaml",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_written_hook_config_is_valid(tmp_path: Path) -> None:
    (config,) = (f for f in handbook_files() if f.path.name == ".pre-commit-config.yaml")
    (tmp_path / ".pre-commit-config.yaml").write_text(config.text)
    done = subprocess.run(
        [
            Path(sys.executable).parent / "pre-commit",
            "validate-config",
            tmp_path / ".pre-commit-config.yaml",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
