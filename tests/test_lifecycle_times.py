"""The lifecycle's times and roles (issue 13): ``update --at`` bounded by the timeline and the
clock, ``--mitigated-at``, ``irdocs impact``, roles named at declaration and due later, and
``status`` listing an active incident whose file does not validate."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from conftest import DECLARED_AT, Run, declare
from irdocs import config as configuration
from irdocs.incidents import incident_file

T0 = DECLARED_AT


def _incident(handbook: Path, path: Path) -> incident_file.Incident:
    config = configuration.find(handbook)
    return incident_file.current(config, incident_file.read(path))


@pytest.mark.parametrize(
    ("at", "reason"),
    [
        ("2026-03-04T09:20:00+01:00", "it is before the declaration (2026-03-04T09:24:00+01:00)"),
        ("2026-03-04T09:35:00+01:00", "it is before the latest update (2026-03-04T09:40:00+01:00)"),
    ],
    ids=["before-declaration", "before-latest-update"],
)
def test_update_at_before_the_timeline_is_refused(
    handbook: Path, run: Run, at: str, reason: str
) -> None:
    path = declare(run, "--commander", "Priya Raman")
    run("update", path.stem, "--message", "Rolling back", "--at", "2026-03-04T09:40:00+01:00")
    before = path.read_bytes()
    result = run("update", path.stem, "--message", "Late entry", "--at", at)
    assert (result.code, result.out) == (1, "")
    assert result.err == f"irdocs: {path.stem}: no update recorded at {at}: {reason}\n"
    assert path.read_bytes() == before


def test_update_at_in_the_future_is_refused_beyond_five_minutes(handbook: Path, run: Run) -> None:
    path = declare(run, "--commander", "Priya Raman")
    now = datetime.now().astimezone().replace(microsecond=0)
    far = (now + timedelta(hours=2)).isoformat()
    result = run("update", path.stem, "--message", "Planned", "--at", far)
    assert result.code == 1 and len(result.err.splitlines()) == 1
    assert "it is more than 5 minutes in the future" in result.err
    near = (now + timedelta(minutes=2)).isoformat()
    assert run("update", path.stem, "--message", "Clock drift", "--at", near).code == 0


def test_resolve_at_before_the_latest_update_is_refused(handbook: Path, run: Run) -> None:
    path = declare(run, "--commander", "Priya Raman")
    run("update", path.stem, "--message", "Rolling back", "--at", "2026-03-04T09:40:00+01:00")
    result = run("resolve", path.stem, "--at", "2026-03-04T09:30:00+01:00")
    assert result.code == 1 and "it is before the latest update" in result.err


def test_monitoring_records_when_the_impact_stopped(handbook: Path, run: Run) -> None:
    path = declare(run, "--commander", "Priya Raman")
    result = run(
        "update", path.stem, "--status", "monitoring", "--message", "Error rate back to normal",
        "--at", "2026-03-04T10:10:00+01:00", "--mitigated-at", "2026-03-04T09:59:00+01:00",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "mitigated 2026-03-04T09:59:00+01:00" in result.out
    incident = _incident(handbook, path)
    assert incident.mitigated == datetime.fromisoformat("2026-03-04T09:59:00+01:00")
    assert incident.updates[-1].at == datetime.fromisoformat("2026-03-04T10:10:00+01:00")


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (("--mitigated-at", "2026-03-04T10:20:00+01:00"), "is after the update"),
        (("--mitigated-at", "2026-03-04T09:00:00+01:00"), "is before the declaration"),
        (
            ("--status", "identified", "--mitigated-at", "2026-03-04T09:50:00+01:00"),
            "goes with the move to monitoring",
        ),
    ],
    ids=["after-the-update", "before-declaration", "not-monitoring"],
)
def test_mitigated_at_out_of_place_is_refused(
    handbook: Path, run: Run, extra: tuple[str, ...], says: str
) -> None:
    path = declare(run, "--commander", "Priya Raman")
    before = path.read_bytes()
    status = () if "--status" in extra else ("--status", "monitoring")
    result = run(
        "update", path.stem, *status, "--message", "Recovered", "--at",
        "2026-03-04T10:10:00+01:00", *extra,
    )  # fmt: skip
    assert result.code == 1 and says in result.err and len(result.err.splitlines()) == 1
    assert path.read_bytes() == before


def test_impact_sets_the_customer_impact_and_keeps_the_rest(handbook: Path, run: Run) -> None:
    path = declare(run, "--commander", "Priya Raman")
    result = run(
        "impact", path.stem[:20], "--scope", "all",
        "--description", "Every checkout in Europe fails with HTTP 502",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == (
        f"{path.stem}: customer impact all: Every checkout in Europe fails with HTTP 502"
    )
    incident = _incident(handbook, path)
    assert (incident.impact_scope, incident.impact_description) == (
        "all",
        "Every checkout in Europe fails with HTTP 502",
    )
    assert run("impact", path.stem, "--scope", "subset").code == 0
    incident = _incident(handbook, path)
    assert incident.impact_scope == "subset"
    assert incident.impact_description == "Every checkout in Europe fails with HTTP 502"
    assert run("impact", path.stem).code == 2
    assert run("impact", path.stem, "--scope", "most").code == 2


def test_declare_names_every_role(handbook: Path, run: Run) -> None:
    path = declare(
        run, "--commander", "Priya Raman", "--comms", "Jonas Weber", "--ops", "Mei Lin",
        "--scribe", "Ravi Patel",
    )  # fmt: skip
    assert "roles:\n  commander: Priya Raman\n  communications_lead: Jonas Weber\n" in (
        path.read_text()
    )
    roles = _incident(handbook, path).roles
    assert (roles.operations_lead, roles.scribe) == ("Mei Lin", "Ravi Patel")
    result = run("lint", "--today", T0[:10], str(path))
    assert "IR206" not in result.out and "IR208" not in result.out


def _codes(run: Run, path: Path) -> list[str]:
    result = run("lint", "--format", "json", "--no-cache", "--today", T0[:10], str(path))
    return sorted(f"{f['code']}:{f['level']}" for f in json.loads(result.out))


def test_roles_beside_the_commander_are_a_warning_until_they_are_due(
    handbook: Path, run: Run
) -> None:
    path = declare(run, "--commander", "Priya Raman")
    assert "IR208:warning" in _codes(run, path) and "IR206:error" not in _codes(run, path)
    # 31 minutes later the file records an update: the roles were due at 09:54
    run("update", path.stem, "--message", "Rolling back", "--at", "2026-03-04T09:55:00+01:00")
    assert "IR206:error" in _codes(run, path) and "IR208:warning" not in _codes(run, path)
    late = run("status", "--at", "2026-03-04T09:56:00+01:00", "--format", "json")
    assert any(o["kind"] == "roles" for o in json.loads(late.out)["active"][0]["overdue"])


def test_roles_within_minutes_is_configurable(handbook: Path, run: Run) -> None:
    toml = handbook / "irdocs.toml"
    toml.write_text(toml.read_text().replace("\n[lint]", "roles_within_minutes = 45\n\n[lint]", 1))
    assert configuration.find(handbook).roles_within_minutes == 45
    path = declare(run, "--commander", "Priya Raman")
    run("update", path.stem, "--message", "Rolling back", "--at", "2026-03-04T09:55:00+01:00")
    assert "IR208:warning" in _codes(run, path)  # due at 10:09 now


def test_a_commander_is_due_at_declaration(handbook: Path, run: Run) -> None:
    path = declare(run, severity="SEV-3")
    assert _codes(run, path).count("IR206:error") == 1


def test_status_lists_an_active_incident_that_does_not_validate(handbook: Path, run: Run) -> None:
    path = declare(run, "--commander", "Priya Raman", severity="SEV-1")
    path.write_text(path.read_text().replace("status: investigating", "status: identifed", 1))
    result = run("status", "--at", "2026-03-04T09:26:00+01:00")
    assert result.code == 1
    assert "Active incidents at 2026-03-04 08:26 UTC: 1" in result.out
    assert f"{path.stem}  SEV-1  identifed  DOES NOT VALIDATE" in result.out
    assert f"  {path.as_posix()}:5:9: IR101 " in result.out
    assert result.out.rstrip().endswith(
        "1 active incident(s) do not validate; fix them (`irdocs validate` lists every problem)"
    )
    document = json.loads(
        run("status", "--at", "2026-03-04T09:26:00+01:00", "--format", "json").out
    )
    (invalid,) = document["invalid"]
    assert (invalid["id"], invalid["status"]) == (path.stem, "identifed")
    assert invalid["findings"][0]["code"] == "IR101"
