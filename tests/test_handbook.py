"""The Handbook: documents become records, indexed by ID, with references resolved."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from irdocs import config
from irdocs.documents.discovery import discover
from irdocs.documents.handbook import load


def test_records_are_built_and_references_resolve(handbook: Path) -> None:
    book, findings = load(config.find(handbook), discover(config.find(handbook)))
    assert findings == []
    incident = book.incidents["INC-2026-03-04-checkout-eu-errors"]
    assert incident.detected == datetime(2026, 3, 4, 9, 19, tzinfo=UTC)
    assert incident.roles.commander == "Priya Raman"
    assert [u.audience for u in incident.updates] == ["public"] * 3
    assert [r.id for r in book.runbooks_of(incident)] == ["checkout/rollback-deploy"]
    postmortem = book.postmortem_of(incident)
    assert postmortem is not None
    assert book.incident_of(postmortem) is incident
    assert postmortem.action_items[0].due == date(2026, 4, 15)
    runbook = book.runbooks["checkout/rollback-deploy"]
    assert (runbook.review_every, runbook.escalation[0].who) == (180, "Checkout on-call engineer")
    quiet = book.incidents["INC-2026-04-10-search-latency"]
    assert (quiet.detected, quiet.roles.experts, book.postmortem_of(quiet)) == (None, (), None)


def test_offsets_are_kept(handbook: Path) -> None:
    path = handbook / "incidents" / "INC-2026-04-10-search-latency.md"
    path.write_text(
        path.read_text().replace("2026-04-10T14:05:00+00:00", "2026-04-10T16:05:00+02:00")
    )
    book, findings = load(config.find(handbook), discover(config.find(handbook)))
    declared = book.incidents["INC-2026-04-10-search-latency"].declared
    assert findings == []
    assert declared.utcoffset() == timedelta(hours=2)
    assert declared == datetime(2026, 4, 10, 14, 5, tzinfo=UTC)


def test_invalid_documents_stay_out_of_the_index(handbook: Path) -> None:
    path = handbook / "incidents" / "INC-2026-04-10-search-latency.md"
    path.write_text(path.read_text().replace("severity: SEV-3", "severity: 3"))
    book, findings = load(config.find(handbook), discover(config.find(handbook)))
    assert [f.code for f in findings] == ["IR101"]
    assert "INC-2026-04-10-search-latency" not in book.incidents
    assert len(book.paths) == 4
