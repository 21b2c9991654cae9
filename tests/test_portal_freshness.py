"""The runbook catalogue's freshness badge, against the day the portal is built for."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import CASES
from irdocs.portal.loading import load_site
from irdocs.portal.runbooks import freshness

# the fixture runbook: last_reviewed 2026-09-14, review_every 180 days -> due 2027-03-13


@pytest.mark.parametrize(
    ("today", "kind", "left"),
    [
        ("2026-09-14", "fresh", 180),
        ("2027-02-10", "fresh", 31),  # outside the 30 days of "due soon"
        ("2027-02-11", "due-soon", 30),
        ("2027-03-13", "due-soon", 0),  # due today: not stale yet
        ("2027-03-14", "stale", -1),
    ],
)
def test_a_runbook_is_fresh_until_its_review_is_due(
    tmp_path: Path, today: str, kind: str, left: int
) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(CASES / "_handbook", root)
    site, findings = load_site(root, today=date.fromisoformat(today))
    assert findings == []
    (runbook,) = site.handbook.runbooks.values()
    html, days = freshness(site, runbook)
    assert days == left
    kinds = {k for k in ("fresh", "due-soon", "stale") if f"irdocs-{k}" in html}
    assert kinds == {kind}
    if kind != "fresh":
        assert f" {abs(left)} day" in html  # how many days are left, or overdue
