"""The checks across and within documents that the schema cannot express (documents/integrity.py):
which timestamp an out-of-order one is reported against, duplicate IDs among three files and
duplicate postmortems, and where a reference is reported."""

from __future__ import annotations

from pathlib import Path

from conftest import Run

SEARCH = "INC-2026-04-10-search-latency"
CHECKOUT = "INC-2026-03-04-checkout-eu-errors"


def _lines(run: Run, code: str) -> list[str]:
    """What ``irdocs validate`` of the whole handbook reports under ``code``."""
    return [line for line in run("validate").out.splitlines() if f": {code} " in line]


def _incident(handbook: Path, name: str, text: str) -> str:
    path = handbook / "incidents" / f"{name}.md"
    path.write_text(text)
    return f"incidents/{name}.md"


def test_a_timestamp_is_reported_against_the_latest_earlier_one_it_precedes(
    handbook: Path, run: Run
) -> None:
    source = (handbook / "incidents" / f"{SEARCH}.md").read_text()
    text = source.replace(
        "declared: 2026-04-10T14:05:00+00:00\nmitigated: 2026-04-10T14:45:00+00:00\n",
        "impact_started: 2026-04-10T14:01:00+00:00\ndetected: 2026-04-10T14:03:00+00:00\n"
        "declared: 2026-04-10T14:05:00+00:00\nmitigated: 2026-04-10T14:02:00+00:00\n",
    )
    assert text != source
    path = _incident(handbook, SEARCH, text)
    assert _lines(run, "IR201") == [
        f"{path}:15:12: IR201 mitigated (2026-04-10T14:02:00+00:00) is before declared "
        "(2026-04-10T14:05:00+00:00); timestamps go impact_started ≤ detected ≤ acknowledged, "
        "declared ≤ mitigated ≤ resolved"
    ]


def test_one_id_in_three_files_names_the_other_two_in_each(handbook: Path, run: Run) -> None:
    text = (handbook / "incidents" / f"{SEARCH}.md").read_text()
    for name in ("INC-2026-04-10-copy-a", "INC-2026-04-10-copy-b"):
        _incident(handbook, name, text)
    found = _lines(run, "IR501")
    assert (
        "incidents/INC-2026-04-10-copy-a.md:2:5: IR501 id: duplicate incident ID "
        f"'{SEARCH}', also in incidents/INC-2026-04-10-copy-b.md, incidents/{SEARCH}.md; "
        "each must be unique"
    ) in found
    assert len(found) == 3


def test_two_postmortems_of_one_incident_are_each_reported(handbook: Path, run: Run) -> None:
    first = handbook / "postmortems" / f"{CHECKOUT}.md"
    (handbook / "postmortems" / "another.md").write_text(first.read_text())
    assert sorted(_lines(run, "IR501")) == [
        f"postmortems/{CHECKOUT}.md:2:11: IR501 incident: duplicate postmortem for {CHECKOUT}, "
        "also in postmortems/another.md; each must be unique",
        f"postmortems/another.md:2:11: IR501 incident: duplicate postmortem for {CHECKOUT}, "
        f"also in postmortems/{CHECKOUT}.md; each must be unique",
    ]


def test_a_single_runbook_reference_is_reported_with_its_index(handbook: Path, run: Run) -> None:
    source = (handbook / "incidents" / f"{CHECKOUT}.md").read_text()
    text = source.replace("runbooks: [checkout/rollback-deploy]", "runbooks: [checkout/nowhere]")
    assert text != source
    path = _incident(handbook, CHECKOUT, text)
    assert _lines(run, "IR502") == [
        f"{path}:20:12: IR502 runbooks[0]: no runbook with ID 'checkout/nowhere' in the handbook"
    ]
