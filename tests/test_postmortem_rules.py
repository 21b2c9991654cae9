"""The IR3xx rules: the timeline reader, the whys counter, a generated draft, and the example
handbook linted clean."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import REPO, Run
from irdocs.config import load
from irdocs.documents.model import Incident
from irdocs.lint.document import Section
from irdocs.lint.timeline import contradictions, rows

INCIDENT = Incident.from_front_matter(
    "incidents/x.md",
    {
        "id": "INC-2026-10-06-promo",
        "title": "Promo codes rejected",
        "severity": "SEV-2",
        "status": "resolved",
        "services": ["checkout"],
        "customer_impact": {"scope": "subset", "description": "Codes rejected."},
        "detection_source": "customer",
        "impact_started": "2026-10-06T08:02:00+00:00",
        "detected": "2026-10-06T08:39:00+00:00",
        "declared": "2026-10-06T08:55:00+00:00",
        "mitigated": "2026-10-06T11:00:00+00:00",
        "resolved": "2026-10-06T12:05:00+00:00",
    },
)


def _section(text: str) -> Section:
    return Section("Timeline", 2, 10, 10 + text.count("\n") + 2, text)


def _problems(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message.split(";")[0]) for p in contradictions(_section(text), INCIDENT)]


TIMELINES = {
    "table-agrees": (
        "All times UTC.\n\n| Time | Event |\n|---|---|\n| 07:40 | Migration starts |\n"
        "| 08:02 | Every code rejected (impact starts) |\n| 08:39 | Escalated (detected) |\n"
        "| 11:00 | Redemption back (mitigated) |\n| 12:05 | Incident resolved |",
        [],
    ),
    "list-with-dates-agrees": (
        "- 5 Oct 17:30 — release deployed\n- 6 Oct 08:55 — SEV-2 declared\n"
        "- 6 Oct 12:05: incident resolved",
        [],
    ),
    "iso-agrees": (
        "- 2026-10-06T09:02:00+01:00 impact starts\n- 2026-10-06T09:55:00+01:00 SEV-2 declared",
        [],
    ),
    "zone-stated": ("All times CEST.\n\n| 10:02 | impact starts |\n| 10:55 | SEV-2 declared |", []),
    "mitigated-elsewhere": (
        "| 08:00 | Campaign e-mail |\n| 11:10 | Redemption back (mitigated) |",
        [
            (
                12,
                "the timeline says mitigated at 11:10 but the incident's mitigated is "
                "2026-10-06T11:00:00+00:00",
            )
        ],
    ),
    "wrong-day": (
        "- 6 Oct 08:00 — e-mail sent\n- 7 Oct 12:05 — incident resolved",
        [
            (
                12,
                "the timeline says resolved at 7 Oct 12:05 but the incident's resolved is "
                "2026-10-06T12:05:00+00:00",
            )
        ],
    ),
    "starts-after-impact": (
        "| 08:39 | Customer service escalates (detected) |\n| 08:55 | SEV-2 declared |",
        [
            (
                11,
                "the timeline starts at 08:39, after the incident's impact_started "
                "(2026-10-06T08:02:00+00:00)",
            )
        ],
    ),
    "placeholder-free-prose-only": ("We did not keep a timeline.", []),
}


@pytest.mark.parametrize(("text", "expected"), TIMELINES.values(), ids=TIMELINES.keys())
def test_timeline_against_the_incident(text: str, expected: list[tuple[int, str]]) -> None:
    assert _problems(text) == expected


def test_timeline_rows_pass_midnight() -> None:
    found = rows(_section("| 23:50 | job starts |\n| 00:10 | job fails |"), INCIDENT)
    assert [row.when for row in found] == [
        datetime(2026, 10, 6, 23, 50, tzinfo=UTC),
        datetime(2026, 10, 7, 0, 10, tzinfo=UTC),
    ]


POSTMORTEM = """---
incident: INC-2026-04-10-search-latency
title: Slow search results
severity: {severity}
status: draft
authors: [Priya Raman]
---

{body}
"""
SECTIONS = load(None, {}, root=REPO).lint.sections_for("SEV-1")
"""The default sections a SEV-1 postmortem must have."""


def _lint(run: Run, root: Path, severity: str, body: str, *select: str) -> list[str]:
    (root / "postmortems" / "draft.md").write_text(POSTMORTEM.format(severity=severity, body=body))
    options = [option for code in select for option in ("--select", code)]
    result = run("lint", "--format", "json", *options, "postmortems/draft.md")
    return [f"{f['line']} {f['code']}" for f in json.loads(result.out)]


def test_a_generated_draft_reports_one_placeholder_per_section_and_nothing_else(
    handbook: Path, run: Run
) -> None:
    prompt = "<!-- What happened, for whom, and for how long? -->\nTODO: write this section."
    timeline = (
        "All times UTC.\n\n| Time | Event |\n|---|---|\n| 14:05 | SEV-3 declared |\n"
        "| 14:45 | Mitigated |\n| 15:30 | Incident resolved |"
    )
    body = "\n\n".join(
        f"## {title}\n\n{timeline if title == 'Timeline' else prompt}" for title in SECTIONS
    )
    found = _lint(run, handbook, "SEV-3", body)
    assert {line.split()[1] for line in found} == {"IR303"}
    assert len(found) == len(SECTIONS) - 1


WHYS = {
    "numbered": ("1. Why? A.\n2. Why? B.\n3. Why? C.", "SEV-2", []),
    "numbered-with-nested-bullets": (
        "1. Why? A.\n   - detail\n   - detail\n2. Why? B.\n3. Why? C.",
        "SEV-2",
        [],
    ),
    "why-lines": ("**Why** did it fail? A.\n\nWhy did A happen? B.\n\nWhy B? C.", "SEV-1", []),
    "two-numbered": ("1. Why? A.\n2. Why? B.", "SEV-2", ["IR304"]),
    "bullets-do-not-count": ("- A.\n- B.\n- C.", "SEV-2", ["IR304"]),
    "two-lists-count-the-longest": ("1. Why? A.\n2. Why? B.\n\nThen:\n\n1. C.", "SEV-2", ["IR304"]),
    "sev3-may-stop-at-one": ("Why? A.", "SEV-3", []),
    "draft-waits-for-the-text": ("<!-- Five whys. -->\nTODO: write them.", "SEV-2", []),
}


@pytest.mark.parametrize(("text", "severity", "codes"), WHYS.values(), ids=WHYS.keys())
def test_whys(handbook: Path, run: Run, text: str, severity: str, codes: list[str]) -> None:
    body = f"## Root cause\n\n{text}\n\n## Trigger\n\nA release.\n"
    assert [f.split()[1] for f in _lint(run, handbook, severity, body, "IR304")] == codes


def test_the_example_handbook_lints_clean(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("CI", "true")  # the cache out of the checkout, as in CI
    result = run("lint")
    assert (result.code, result.out) == (0, "")
