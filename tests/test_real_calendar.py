"""The one test that runs on the real calendar: every other test computes against the pinned
``conftest.TODAY``. The example handbook ages as days pass (runbooks fall due for review), so
on the real date it may report that, as findings, and nothing else."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, Run

AGING = ("IR403", "IR503", "IR504")
"""Findings that only the passing of time produces: a review overdue, a postmortem late."""


def test_the_example_handbook_on_todays_date_reports_only_aging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    root = tmp_path / "example"
    root.mkdir()
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    for folder in ("incidents", "runbooks", "postmortems", "docs"):
        shutil.copytree(REPO / folder, root / folder)
    monkeypatch.chdir(root)
    monkeypatch.delenv("IRDOCS_TODAY")  # the system's date, whatever it is
    result = run("lint", "--no-cache")
    codes = re.findall(r"^[^:\n]+:\d+:\d+: (IR\d{3}) ", result.out, flags=re.MULTILINE)
    assert len(codes) == len(result.out.splitlines())  # every line is a finding
    assert set(codes) <= set(AGING), result.out
    assert result.code == (1 if codes else 0)
    pinned = run("lint", "--no-cache", "--today", "2026-11-28")
    assert (pinned.code, pinned.out) == (0, "")  # on the pinned day it is clean
