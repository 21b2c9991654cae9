"""A handbook with no documents yet, as ``irdocs init`` leaves it, is valid: validate and lint
exit 0 and say so on stderr, every output format stays well formed, and the portal's board says
how to declare the first incident."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run

NOTE = (
    "pyproject.toml: no documents yet in incidents/, postmortems/, runbooks/: nothing to check; "
    "declare the first incident with `irdocs declare`\n"
)


@pytest.fixture
def empty(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> Path:
    assert run("init", str(tmp_path)).code == 0
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_an_empty_handbook_is_valid_and_says_so(empty: Path, run: Run, command: str) -> None:
    result = run(command)
    assert (result.code, result.out) == (0, "")
    assert result.err.startswith(NOTE)


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_the_formats_stay_well_formed(empty: Path, run: Run, command: str) -> None:
    assert json.loads(run(command, "--format", "json").out) == []
    log = json.loads(run(command, "--format", "sarif").out)
    assert log["runs"][0]["results"] == []


def test_without_a_configuration_it_is_no_handbook(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("lint")
    assert result.code == 2
    assert result.err.startswith(f"irdocs: no documents found for the handbook at {tmp_path}")


def test_the_board_says_how_to_declare_the_first_incident(empty: Path, run: Run) -> None:
    assert run("site", "generate", "--today", "2026-11-22", "out").code == 0
    board = (empty / "out" / "portal" / "index.md").read_text()
    assert '<p class="admonition-title">No incidents yet</p>' in board
    assert (
        "<pre><code>irdocs declare --severity &#60;SEV-1 &#124; SEV-2 &#124; SEV-3 &#124; "
        "SEV-4&#62; --title &#34;What customers experience&#34; --commander &#34;Your Name&#34; "
        "--commit</code></pre>"
    ) in board
    assert "No active incidents" not in board


def test_a_board_with_only_resolved_incidents_keeps_its_all_clear(
    empty: Path, run: Run, tmp_path: Path
) -> None:
    declared = run(
        "declare", "--severity", "SEV-4", "--title", "Typo on the status page", "--service", "web",
        "--at", "2026-11-20T10:00:00+00:00",
    )  # fmt: skip
    assert declared.code == 0, declared.err
    incident = declared.out.splitlines()[-1]
    resolved = run("resolve", Path(incident).stem, "--at", "2026-11-20T11:00:00+00:00")
    assert resolved.code == 0, resolved.err
    assert run("site", "generate", "--today", "2026-11-22", "out").code == 0
    board = (empty / "out" / "portal" / "index.md").read_text()
    assert "No incidents yet" not in board
    assert "No active incidents" in board
