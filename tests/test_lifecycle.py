"""The incident lifecycle end to end, in real git repositories: declare, update, ack, assign,
severity, resolve, status, changes; and the writing machinery's promises."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import git
import pytest

from conftest import DECLARED_AT, REPO, Run, declare, git_repository
from irdocs import config as configuration
from irdocs.errors import IrdocsError
from irdocs.incidents import incident_file
from irdocs.incidents.lifecycle import mint_id, slug

T0 = DECLARED_AT
COMMENT = "# hand-written: the payments team thinks this may become SEV-1"


def _valid(run: Run, path: Path) -> None:
    # as of the incident's day: the postmortem policy (IR503) is checked against --today
    result = run("validate", "--today", T0[:10], str(path))
    assert (result.code, result.out) == (0, ""), result.out


def test_a_sev1_from_declare_to_resolve_keeps_the_authors_text(handbook: Path, run: Run) -> None:
    repo = git_repository(handbook)
    path = declare(run, "--detected", "2026-03-04T09:19:00+01:00", "--commit")
    assert path.parent.name == "incidents" and path.stem.startswith("INC-2026-03-04-checkout")
    _valid(run, path)
    text = path.read_text()
    text = text.replace(
        "severity: SEV-2\n", f"severity: SEV-2  {COMMENT}\n# a note on its own line\n"
    )
    text = text.replace("detection_source: alert\n", "detection_source: 'alert'\n")
    body = text.split("\n---\n", 1)[1] + "\nNotes the scribe added by hand.\n"
    path.write_text(text.split("\n---\n", 1)[0] + "\n---\n" + body)
    ref = path.stem[:-5]  # without the random suffix: an unambiguous prefix
    steps = [
        ("ack", ref, "--who", "Mei Lin", "--at", "2026-03-04T09:25:00+01:00"),
        ("update", ref, "--audience", "public", "--at", "2026-03-04T09:30:00+01:00",
         "--message", "We are investigating failed checkouts for some customers in Europe"),
        ("assign", ref, "--role", "commander", "--who", "Priya Raman"),
        ("update", ref, "--status", "identified", "--at", "2026-03-04T09:38:00+01:00",
         "--message", "checkout-api v4.31.0 returns 502 for EU carts; rolling back"),
        ("severity", ref, "SEV-1", "--reason", "Payments fail in every region",
         "--at", "2026-03-04T09:40:00+01:00"),
        ("update", ref, "--audience", "stakeholders", "--at", "2026-03-04T09:45:00+01:00",
         "--message", "About 18% of EU checkouts fail; a rollback is under way"),
        ("update", ref, "--audience", "public", "--at", "2026-03-04T09:50:00+01:00",
         "--message", "We have identified the cause and are reverting a change",
         "--eta", "The revert takes about 10 minutes"),
        ("update", ref, "--status", "monitoring", "--at", "2026-03-04T10:00:00+01:00",
         "--message", "Rollback complete; error rate back to 0.1%"),
        ("assign", ref, "--role", "expert", "--who", "Aisha Bello"),
        ("update", ref, "--audience", "public", "--at", "2026-03-04T10:05:00+01:00",
         "--message", "Checkout works normally again since 09:59 UTC. We are monitoring"),
        ("resolve", ref, "--at", "2026-03-04T11:10:00+01:00", "--commit"),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.code == 0, (step, result.err)
        _valid(run, path)
        assert COMMENT in path.read_text() and "# a note on its own line" in path.read_text()

    written = path.read_text()
    assert written.endswith(body)  # the body, byte for byte
    assert "detection_source: 'alert'\n" in written  # quoting kept
    assert f"severity: SEV-1  {COMMENT}\n# a note on its own line\nstatus: resolved\n" in written
    config = configuration.find(handbook)
    incident = incident_file.current(config, incident_file.read(path))
    assert [u.status for u in incident.updates] == [
        "investigating", "investigating", "identified", "identified", "identified",
        "monitoring", "monitoring", "resolved",
    ]  # fmt: skip
    assert incident.roles.commander == "Priya Raman" and incident.roles.experts == ("Aisha Bello",)
    assert incident.acknowledged_by == "Mei Lin"
    assert [(c.before, c.after) for c in incident.severity_changes] == [("SEV-2", "SEV-1")]
    assert incident.mitigated == datetime.fromisoformat("2026-03-04T10:00:00+01:00")
    assert incident.resolved == datetime.fromisoformat("2026-03-04T11:10:00+01:00")
    assert [c.summary for c in repo.iter_commits(max_count=3)] == [
        f"incident({incident.id}): resolved",
        f"incident({incident.id}): declared SEV-2",
        "The handbook",
    ]
    repo.close()


def test_resolve_prints_the_checklist_and_the_postmortem_due(handbook: Path, run: Run) -> None:
    path = declare(run, "--commander", "Priya Raman")
    run("update", path.stem, "--status", "monitoring", "--message", "Rolled back",
        "--at", "2026-03-04T10:00:00+01:00")  # fmt: skip
    result = run("resolve", path.stem, "--at", "2026-03-04T11:05:00+01:00")
    assert result.code == 0
    assert "- [x] the mitigation held through monitoring: 60 minutes (monitored for 1h 05m)" in (
        result.out
    )
    assert "Postmortem required by 2026-03-18 (10 business days)" in result.out
    again = run("resolve", path.stem)
    assert again.code == 1 and "already resolved" in again.err


def test_two_engineers_declare_on_two_branches_and_merge(handbook: Path, run: Run) -> None:
    repo = git_repository(handbook)
    for branch in ("alice", "bob"):
        repo.git.checkout("-b", branch, "main")
        declare(run, "--commit")  # the same title, the same minute
    repo.git.checkout("alice")
    repo.git.merge("bob", "-m", "Merge bob")
    declared = sorted(
        p.name for p in (handbook / "incidents").glob("INC-2026-03-04-checkout-errors*")
    )
    assert len(declared) == 2
    assert run("validate").code == 0
    repo.close()


def test_validation_catches_a_duplicate_id_anyway(handbook: Path, run: Run) -> None:
    path = declare(run)
    copy = path.with_name("INC-2026-03-04-copy.md")
    copy.write_text(path.read_text())
    result = run("validate")
    assert result.code == 1 and "IR501" in result.out


def test_minted_ids_differ_and_avoid_the_taken_ones() -> None:
    day = datetime(2026, 3, 4).date()
    assert slug("Café checkout: 502s in the EU!") == "cafe-checkout-502s-in-the-eu"
    assert mint_id(day, "Checkout errors", set(), "0a1b") == "INC-2026-03-04-checkout-errors-0a1b"
    assert mint_id(day, "Checkout errors", {"INC-2026-03-04-checkout-errors-0a1b"}, "0a1b") != (
        "INC-2026-03-04-checkout-errors-0a1b"
    )
    assert len({mint_id(day, "Checkout errors", set()) for _ in range(50)}) > 45


def _limited(size: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def test_a_write_that_fails_half_way_leaves_the_file_as_it_was(handbook: Path, run: Run) -> None:
    path = declare(run)
    before = path.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "irdocs", "update", path.stem, "--message", "x" * 300],
        cwd=handbook,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: _limited(len(before) + 50),
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 1, done.stderr
    assert "not written (File too large); the file is as it was" in done.stderr
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_a_result_that_would_not_validate_is_not_written(handbook: Path, run: Run) -> None:
    path = declare(run, "--detected", "2026-03-04T09:19:00+01:00")
    before = path.read_bytes()
    result = run("ack", path.stem, "--at", "2026-03-04T08:00:00+01:00")  # before detection
    assert result.code == 1
    assert "not written: the result would not validate" in result.err and "IR201" in result.err
    assert path.read_bytes() == before


def test_a_file_changed_since_it_was_read_is_not_replaced(handbook: Path, run: Run) -> None:
    path = declare(run)
    config = configuration.find(handbook)
    draft = incident_file.read(path)
    draft.set("status", "identified")
    theirs = path.read_text().replace("Checkout errors in EU\n", "Checkout errors in the EU\n")
    path.write_text(theirs)
    with pytest.raises(IrdocsError, match="changed on disk since irdocs read it"):
        incident_file.save(config, draft)
    assert path.read_text() == theirs


def test_declare_never_writes_over_a_file(handbook: Path) -> None:
    config = configuration.find(handbook)
    existing = handbook / "incidents" / "INC-2026-04-10-search-latency.md"
    before = existing.read_bytes()
    draft = incident_file.read(existing)
    fresh = incident_file.new(existing, draft.front, draft.rest.removeprefix("---\n"))
    with pytest.raises(IrdocsError, match=r"duplicate incident ID|already exists"):
        incident_file.save(config, fresh)
    assert existing.read_bytes() == before


@pytest.mark.parametrize(
    "path", sorted((REPO / "incidents").glob("INC-*.md")), ids=lambda p: p.stem[4:]
)
def test_every_example_incident_round_trips_unchanged(path: Path) -> None:
    assert incident_file.read(path).text() == path.read_text()


def test_crlf_and_a_byte_order_mark_are_kept(handbook: Path, run: Run) -> None:
    path = handbook / "incidents" / "INC-2026-04-10-search-latency.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    text = path.read_bytes()
    assert run("assign", "INC-2026-04-10", "--role", "scribe", "--who", "Jonas Weber").code == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf---\r\n") and b"\n" not in after.replace(b"\r\n", b"")
    assert after.endswith(text.split(b"\r\n---\r\n", 1)[1])


def test_status_reports_an_overdue_public_update(handbook: Path, run: Run) -> None:
    path = declare(run, "--commander", "Priya Raman")
    run("ack", path.stem, "--who", "Priya Raman", "--at", "2026-03-04T09:25:00+01:00")
    run("update", path.stem, "--audience", "public", "--message", "We are investigating",
        "--at", "2026-03-04T09:28:00+01:00")  # fmt: skip
    fresh = run("status", "--at", "2026-03-04T09:35:00+01:00")
    assert fresh.code == 0, fresh.out
    assert "Nothing overdue." in fresh.out
    late = run("status", "--at", "2026-03-04T10:05:00+01:00")
    assert late.code == 1
    assert (
        "  OVERDUE public update overdue since 2026-03-04 08:58 UTC "
        "(last at 2026-03-04 08:28 UTC; every 30 min for SEV-2)"
    ) in late.out
    document = json.loads(
        run("status", "--at", "2026-03-04T10:05:00+01:00", "--format", "json").out
    )
    assert document["overdue"] == 3  # internal (15 min), public (30 min), the other roles
    (active,) = document["active"]
    assert active["id"] == path.stem and active["age_minutes"] == 41
    assert [(o["kind"], o["audience"]) for o in active["overdue"]] == [
        ("update", "internal"),
        ("update", "public"),
        ("roles", None),
    ]
    assert active["next_updates"]["public"] == "2026-03-04T09:58:00+01:00"


def test_status_reports_acknowledgement_commander_and_postmortem(handbook: Path, run: Run) -> None:
    path = declare(run)
    result = run("status", "--at", "2026-03-04T09:45:00+01:00", "--format", "json")
    kinds = [o["kind"] for o in json.loads(result.out)["active"][0]["overdue"]]
    assert result.code == 1 and "acknowledgement" in kinds and "commander" in kinds
    run("resolve", path.stem, "--at", "2026-03-04T10:00:00+01:00")
    later = json.loads(run("status", "--at", "2026-03-30T10:00:00+01:00", "--format", "json").out)
    assert later["active"] == []
    assert later["postmortems_due"] == [
        {"incident": path.stem, "severity": "SEV-2", "due": "2026-03-18", "postmortem": None,
         "overdue": True}
    ]  # fmt: skip


def test_a_status_never_moves_back(handbook: Path, run: Run) -> None:
    path = declare(run)
    run("update", path.stem, "--status", "monitoring", "--message", "Mitigated")
    result = run("update", path.stem, "--status", "investigating", "--message", "Again")
    assert result.code == 1 and "the status only moves forward" in result.err


def test_an_id_prefix_names_one_incident_or_says_which(handbook: Path, run: Run) -> None:
    declare(run, title="Checkout latency")
    declare(run, title="Checkout timeouts")
    ambiguous = run("ack", "INC-2026", "--who", "Mei Lin")
    assert ambiguous.code == 2
    # the two resolved incidents of the handbook are not candidates while active ones match
    assert "'INC-2026' matches 2 incidents: INC-2026-03-04-checkout-latency" in ambiguous.err
    missing = run("ack", "INC-1999", "--who", "Mei Lin")
    assert missing.code == 2 and "no incident matches 'INC-1999'" in missing.err
    assert run("ack", "2026-03-04-checkout-lat", "--who", "Mei Lin").code == 0


def test_a_prefix_prefers_the_one_active_incident_over_resolved_ones(
    handbook: Path, run: Run
) -> None:
    path = declare(run, title="Checkout latency")
    result = run("ack", "INC-2026", "--who", "Mei Lin", "--at", "2026-03-04T09:30:00+01:00")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Acknowledged {path.stem} by Mei Lin")
    # with no active incident matching, resolved ones are the candidates again
    old = run("postmortem", "INC-2026-04", "--stdout")
    assert old.code == 0, old.err
    assert "incident: INC-2026-04-10-search-latency" in old.out


def test_postmortem_takes_a_unique_prefix(handbook: Path, run: Run) -> None:
    result = run("postmortem", "2026-03-04-checkout-eu", "--stdout")
    assert result.code == 0, result.err
    assert "incident: INC-2026-03-04-checkout-eu-errors" in result.out


def _commit(repo: git.Repo, name: str, message: str, when: str) -> None:
    (Path(str(repo.working_tree_dir)) / name).write_text(message)
    repo.index.add([name])
    author = git.Actor("Mei Lin", "mei@example.com")
    at = datetime.fromisoformat(when)
    repo.index.commit(message, author=author, committer=author, author_date=at, commit_date=at)


def test_changes_lists_recent_commits_newest_first(handbook: Path, run: Run) -> None:
    repo = git_repository(handbook)
    _commit(repo, "a.txt", "Old change", "2026-03-04T05:00:00+01:00")
    _commit(repo, "b.txt", "Raise the checkout pool size", "2026-03-04T08:10:00+01:00")
    _commit(repo, "c.txt", "Release checkout-api v4.31.0", "2026-03-04T08:55:00+01:00")
    result = run("changes", "--since", "2h", "--at", "2026-03-04T09:30:00+01:00")
    assert result.code == 0
    lines = result.out.splitlines()
    assert [line.split("  ")[-1] for line in lines] == [
        "Release checkout-api v4.31.0",
        "Raise the checkout pool size",
    ]
    assert lines[0].startswith("2026-03-04 08:55 +0100  handbook  ")
    document = json.loads(
        run("changes", "--since", "2026-03-04T04:00:00+01:00", "--format", "json").out
    )
    assert [c["subject"] for c in document["changes"]][-2:] == [
        "Raise the checkout pool size",
        "Old change",
    ]
    assert run("changes", "--since", "yesterday").code == 2
    repo.close()
