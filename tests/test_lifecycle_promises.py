"""Promises the command docs make that no other test held: each test here fails when the
behaviour it names is removed (they were found by deleting the code and watching the suite)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run, declare, git_repository
from irdocs import config as configuration
from irdocs.documents.model import Incident
from irdocs.incidents import incident_file


def _incident(root: Path, path: Path) -> Incident:
    config = configuration.find(root)
    return incident_file.current(config, incident_file.read(path))


def test_a_second_ack_changes_nothing_and_says_who_acknowledged(handbook: Path, run: Run) -> None:
    path = declare(run)
    first = run("ack", path.stem, "--who", "Mei Lin", "--at", "2026-03-04T09:26:00+01:00")
    assert first.code == 0, first.err
    written = path.read_bytes()
    again = run("ack", path.stem, "--who", "Jonas Weber", "--at", "2026-03-04T09:40:00+01:00")
    assert again.code == 0
    assert again.out == (
        f"{path.stem} was already acknowledged at 2026-03-04T09:26:00+01:00 by Mei Lin; "
        "nothing changed.\n"
    )
    assert path.read_bytes() == written


def test_ack_names_git_user_name_when_no_responder_is_given(handbook: Path, run: Run) -> None:
    git_repository(handbook, user="Aisha Bello").close()
    path = declare(run)
    result = run("ack", path.stem, "--at", "2026-03-04T09:26:00+01:00")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Acknowledged {path.stem} by Aisha Bello at ")
    assert _incident(handbook, path).acknowledged_by == "Aisha Bello"


def test_assigning_the_same_person_again_changes_nothing(handbook: Path, run: Run) -> None:
    path = declare(run)
    assert run("assign", path.stem, "--role", "scribe", "--who", "Jonas Weber").code == 0
    written = path.read_bytes()
    again = run("assign", path.stem, "--role", "scribe", "--who", "  Jonas Weber ")
    assert (again.code, again.out) == (
        0,
        f"Jonas Weber is already scribe of {path.stem}; nothing changed.\n",
    )
    assert path.read_bytes() == written
    run("assign", path.stem, "--role", "expert", "--who", "Aisha Bello")
    expert = run("assign", path.stem, "--role", "expert", "--who", "Aisha Bello")
    assert expert.out == f"Aisha Bello is already an expert on {path.stem}; nothing changed.\n"
    assert _incident(handbook, path).roles.experts == ("Aisha Bello",)


def test_a_message_that_names_the_next_update_gets_no_second_one(handbook: Path, run: Run) -> None:
    path = declare(run)
    own = "Rolling back; next update by 10:30 UTC"
    result = run("update", path.stem, "--audience", "public", "--message", own,
                 "--at", "2026-03-04T09:30:00+01:00")  # fmt: skip
    assert result.code == 0, result.err
    sent = result.out.splitlines()[2].strip()
    assert sent == f"{own}."
    plain = run("update", path.stem, "--audience", "public", "--message", "Still rolling back",
                "--at", "2026-03-04T09:40:00+01:00")  # fmt: skip
    assert plain.out.splitlines()[2].strip() == "Still rolling back. Next update by 09:10 UTC."
    messages = [u.message for u in _incident(handbook, path).updates]
    assert [m.lower().count("next update") for m in messages[-2:]] == [1, 1]


def test_resolve_sends_the_final_update_internally_without_a_public_cadence(
    handbook: Path, run: Run
) -> None:
    quiet = declare(run, severity="SEV-3")  # SEV-3 updates only the incident channel
    result = run("resolve", quiet.stem, "--at", "2026-03-04T10:00:00+01:00")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Resolved {quiet.stem} at 2026-03-04T10:00:00+01:00. Final "
                                 "internal update:")  # fmt: skip
    assert _incident(handbook, quiet).updates[-1].audience == "internal"
    loud = declare(run, "--commander", "Priya Raman")
    run("resolve", loud.stem, "--at", "2026-03-04T10:00:00+01:00")
    assert _incident(handbook, loud).updates[-1].audience == "public"


def test_changes_outside_a_git_repository_is_a_usage_error(handbook: Path, run: Run) -> None:
    result = run("changes", "--since", "1d")
    assert result.code == 2
    assert "not a git repository; fix `repositories` in" in result.err
    assert result.out == ""


def test_commit_commits_only_the_incident(handbook: Path, run: Run) -> None:
    repo = git_repository(handbook)
    notes = handbook / "notes.txt"
    notes.write_text("staged, not part of the incident\n")
    repo.index.add(["notes.txt"])
    (handbook / "scratch.txt").write_text("untracked\n")
    path = declare(run, "--commit")
    commit = repo.head.commit
    assert list(commit.stats.files) == [path.as_posix()]  # printed relative to the handbook
    assert commit.summary.startswith(f"incident({path.stem}): declared SEV-2")
    assert [d.a_path for d in repo.index.diff("HEAD")] == ["notes.txt"]  # still staged
    assert "scratch.txt" in repo.untracked_files
    repo.close()


def test_site_generate_writes_under_the_prefix(
    handbook: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("site", "generate", "out", "--prefix", "board")
    assert result.code == 0, result.err
    assert (handbook / "out" / "board" / "index.md").is_file()
    assert not (handbook / "out" / "portal").exists()
    assets = result.err.splitlines()[-1]
    assert "board/assets/" in assets and "portal/" not in assets


def test_a_postmortem_is_not_overdue_on_its_due_day(handbook: Path, run: Run) -> None:
    path = declare(run, "--commander", "Priya Raman")
    run("resolve", path.stem, "--at", "2026-03-04T10:00:00+01:00")  # due 2026-03-18
    on_the_day = json.loads(
        run("status", "--at", "2026-03-18T23:00:00+01:00", "--format", "json").out
    )
    assert on_the_day["postmortems_due"][0]["due"] == "2026-03-18"
    assert on_the_day["postmortems_due"][0]["overdue"] is False
    day_after = run("status", "--at", "2026-03-19T00:30:00+01:00", "--format", "json")
    assert day_after.code == 1
    assert json.loads(day_after.out)["postmortems_due"][0]["overdue"] is True


def test_an_exact_id_wins_over_the_longer_ids_it_prefixes(handbook: Path, run: Run) -> None:
    exact = handbook / "incidents" / "INC-2026-04-10-search-latency.md"
    longer = exact.with_name("INC-2026-04-10-search-latency-eu.md")
    longer.write_text(
        exact.read_text()
        .replace("search-latency\n", "search-latency-eu\n")
        .replace("roles: {commander: Mei Lin}", "roles: {commander: Jonas Weber}")
    )
    result = run("assign", "INC-2026-04-10-search-latency", "--role", "scribe", "--who", "Aisha")
    assert (result.code, result.out.splitlines()[0]) == (
        0,
        "INC-2026-04-10-search-latency: scribe Aisha.",
    )
    assert "scribe: Aisha" in exact.read_text() and "scribe" not in longer.read_text()


def test_status_says_which_other_documents_it_left_out(handbook: Path, run: Run) -> None:
    runbook = handbook / "runbooks" / "checkout" / "rollback-deploy.md"
    runbook.write_text(runbook.read_text().replace("owner: team-checkout\n", ""))
    result = run("status", "--at", "2026-05-01T10:00:00+00:00")
    assert result.code == 0, result.out  # a runbook is not an incident: nothing is hidden
    assert result.err == ("irdocs: 1 other document(s) do not validate; run `irdocs validate`\n")
    runbook.write_text(
        runbook.read_text().replace(
            "service: checkout\n", "service: checkout\nowner: team-checkout\n"
        )
    )
    assert run("status", "--at", "2026-05-01T10:00:00+00:00").err == ""
