"""The postmortem policy: due dates in business days, IR503 missing and IR504 late, as of a day."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import CASES, Run
from irdocs import config as configuration
from irdocs.config import Config
from irdocs.documents.postmortem_policy import Facts, add_business_days, check, due

IR503 = CASES / "IR503" / "bad" / "incidents" / "postmortem-missing.md"
IR504 = CASES / "IR504" / "bad"


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 3), 10, date(2026, 11, 17)),  # Tuesday, two weeks on
        (date(2026, 11, 6), 1, date(2026, 11, 9)),  # Friday to Monday
        (date(2026, 11, 7), 1, date(2026, 11, 9)),  # Saturday to Monday
        (date(2026, 11, 8), 5, date(2026, 11, 13)),  # Sunday to Friday
        (date(2026, 11, 4), 0, date(2026, 11, 4)),
    ],
    ids=["two-weeks", "friday", "saturday", "sunday", "zero"],
)
def test_business_days(start: date, days: int, expected: date) -> None:
    assert add_business_days(start, days) == expected


def _missing(handbook: Path) -> str:
    shutil.copyfile(IR503, handbook / "incidents" / IR503.name)
    return f"incidents/{IR503.name}"


@pytest.mark.parametrize(
    ("today", "code"), [("2026-05-19", 0), ("2026-05-20", 1)], ids=["due-day", "day-after"]
)
def test_missing_is_reported_only_after_the_due_date(
    handbook: Path, run: Run, today: str, code: int
) -> None:
    path = _missing(handbook)
    result = run("validate", "--today", today, path)
    assert result.code == code
    assert result.out == ("" if code == 0 else IR503.with_suffix(".expected").read_text())


def test_any_postmortem_makes_it_present_and_a_draft_then_becomes_late(
    handbook: Path, run: Run
) -> None:
    path = _missing(handbook)
    draft = handbook / "postmortems" / "INC-2026-05-12-postmortem-missing.md"
    draft.write_text(
        "---\nincident: INC-2026-05-12-postmortem-missing\ntitle: Card payments declined\n"
        "severity: SEV-1\nstatus: in-review\nauthors: [Daniel Okafor]\n---\n\n## Summary\n\nText.\n"
    )
    assert run("validate", "--today", "2026-05-19", path).code == 0
    late = run("validate", "--today", "2026-05-20")
    assert (late.code, late.out) == (
        1,
        "postmortems/INC-2026-05-12-postmortem-missing.md:5:9: IR504 status: still in-review; "
        "the postmortem of this SEV-1 incident was due 2026-05-19 (5 business days after it was "
        "resolved on 2026-05-12); finish the review and set status: published\n",
    )
    # The postmortem checked alone still knows its incident's severity and resolution.
    alone = run("validate", "--today", "2026-05-20", "postmortems/" + draft.name)
    assert alone.out == late.out
    # The incident checked alone is fine: it has a postmortem, and lateness is the postmortem's.
    assert run("validate", "--today", "2026-05-20", path).code == 0


def test_an_invalid_postmortem_still_counts_as_present(handbook: Path, run: Run) -> None:
    path = _missing(handbook)
    (handbook / "postmortems" / "broken.md").write_text(
        "---\nincident: INC-2026-05-12-postmortem-missing\ntitle: Card payments declined\n"
        "severity: SEV-1\nstatus: drafted\nauthors: [Daniel Okafor]\n---\n"
    )
    assert run("validate", "--today", "2026-05-20", path).out == ""


def test_published_is_never_late_and_optional_severities_are_never_missing(
    handbook: Path, run: Run
) -> None:
    shutil.copytree(IR504 / "_context", handbook, dirs_exist_ok=True)
    postmortem = handbook / "postmortems" / "draft-past-due.md"
    text = (IR504 / "postmortems" / "draft-past-due.md").read_text()
    item = (
        "action_items:\n  - {id: AI-1, title: Test the tax table per country before deploy, "
        "owner: Priya Raman, due: 2026-07-01, priority: P1, type: prevent}\n"
    )
    postmortem.write_text(text.replace("status: draft\n", "status: published\n" + item))
    assert run("validate", "--today", "2027-01-01").out == ""
    postmortem.unlink()
    incident = handbook / "incidents" / "INC-2026-06-03-checkout-tax-errors.md"
    incident.write_text(
        incident.read_text()
        .replace("severity: SEV-2", "severity: SEV-3")
        .replace("postmortem: postmortems/draft-past-due.md\n", "")
    )
    assert run("validate", "--today", "2027-01-01").code == 0


def test_the_example_handbook_is_on_time_on_its_own_date(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import REPO

    monkeypatch.chdir(REPO)
    assert run("validate", "--today", "2026-11-22").code == 0


_SCALE = """
[[severities]]
name = "P1"
description = "Outage"
postmortem = "required"
postmortem_due_business_days = 1

[[severities]]
name = "P2"
description = "Degraded"
postmortem = "required"
postmortem_due_business_days = 3

[[severities]]
name = "P3"
description = "Broken, found by us"
postmortem = "required"

[[severities]]
name = "P4"
description = "Cosmetic"
postmortem = "optional"
"""
RESOLVED = datetime(2026, 11, 6, 23, 30, tzinfo=timezone(timedelta(hours=-5)))  # a Friday there


def _scale(handbook: Path) -> Config:
    (handbook / "irdocs.toml").write_text(_SCALE)
    return configuration.find(handbook)


def _incident(name: str, severity: str, resolved: datetime | None = RESOLVED) -> Facts:
    return Facts("incident", f"incidents/{name}.md", name, "resolved", "resolved", (9, 11),
                 severity, resolved)  # fmt: skip


def test_due_dates_follow_the_scale_and_the_resolved_days_own_offset(handbook: Path) -> None:
    config = _scale(handbook)
    assert due(config, "P1", RESOLVED) == date(2026, 11, 9)  # Friday there, Monday due
    assert due(config, "P2", RESOLVED) == date(2026, 11, 11)
    assert due(config, "P3", RESOLVED) == date(2026, 11, 6)  # no days given: the same day
    assert due(config, "P4", RESOLVED) is None  # optional
    assert due(config, "SEV-1", RESOLVED) is None  # not on this scale
    assert due(config, "P1", None) is None  # not resolved


@pytest.mark.parametrize(
    ("severity", "when"),
    [
        ("P1", "due 2026-11-09 (1 business day after it was resolved on 2026-11-06)"),
        ("P2", "due 2026-11-11 (3 business days after it was resolved on 2026-11-06)"),
        ("P3", "due 2026-11-06 (on the day it was resolved on 2026-11-06)"),
    ],
)
def test_a_missing_postmortem_says_when_it_was_due(
    handbook: Path, severity: str, when: str
) -> None:
    config = _scale(handbook)
    (finding,) = check(config, [_incident("INC-1", severity)], set(), date(2026, 11, 30))
    assert finding.text() == (
        f"incidents/INC-1.md:9:11: IR503 resolved: this {severity} incident requires a "
        f"postmortem, {when}, and there is none; run `irdocs postmortem INC-1`"
    )


def test_every_incident_is_checked_after_one_that_is_not_due(handbook: Path) -> None:
    config = _scale(handbook)
    documents = [
        _incident("INC-open", "P1", None),
        _incident("INC-optional", "P4"),
        _incident("INC-missing", "P1"),
        _incident("INC-written", "P2"),
        Facts("postmortem", "postmortems/INC-written.md", "INC-written", "draft", "status", (4, 9)),
    ]
    found = check(config, documents, {"INC-written"}, date(2026, 11, 30))
    assert [(f.path, f.code) for f in found] == [
        ("incidents/INC-missing.md", "IR503"),
        ("postmortems/INC-written.md", "IR504"),
    ]


def test_a_missing_postmortem_is_reported_where_the_incident_links_it(
    handbook: Path, run: Run
) -> None:
    shutil.copyfile(IR503, handbook / "incidents" / IR503.name)
    path = handbook / "incidents" / IR503.name
    path.write_text(
        path.read_text().replace("\n---\n", "\npostmortem: postmortems/gone.md\n---\n", 1)
    )
    result = run("lint", "--select", "IR503", "--today", "2026-12-31", f"incidents/{IR503.name}")
    line = path.read_text().splitlines().index("postmortem: postmortems/gone.md") + 1
    assert f"\nincidents/{IR503.name}:{line}:13: IR503 postmortem: this SEV-" in result.out
