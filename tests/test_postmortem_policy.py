"""The postmortem policy: due dates in business days, IR503 missing and IR504 late, as of a day."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import CASES, Run
from irdocs.documents.postmortem_policy import add_business_days

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
