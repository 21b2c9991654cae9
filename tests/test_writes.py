"""irdocs writes only regular files inside the handbook, one writer at a time, within what its
readers accept, and keeps every byte it did not mean to change. Real files, real symlinks, real
concurrent processes."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import Run
from irdocs.documents import atomic
from irdocs.documents.source import MAX_DOCUMENT_BYTES

INCIDENT = Path("incidents/INC-2026-04-10-search-latency.md")
AT = "2026-04-10T15:40:00+00:00"


def _irdocs(*argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "irdocs", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _update(message: str) -> subprocess.Popen[str]:
    return _irdocs("update", "INC-2026-04-10", "--message", message, "--at", AT)


# --- symlinks and the handbook's edge -------------------------------------------------------------


def test_update_on_a_symlinked_incident_refuses_and_keeps_the_link(
    handbook: Path, run: Run
) -> None:
    archive = handbook / "archive"
    archive.mkdir()
    real = archive / "INC-2026-05-01-linked.md"
    real.write_bytes(
        INCIDENT.read_bytes().replace(b"INC-2026-04-10-search-latency", b"INC-2026-05-01-linked")
    )
    link = handbook / "incidents" / "INC-2026-05-01-linked.md"
    link.symlink_to("../archive/INC-2026-05-01-linked.md")
    before = real.read_bytes()
    result = run("update", "INC-2026-05-01-linked", "--message", "Still slow", "--at", AT)
    assert result.code == 1
    assert result.err == (
        "irdocs: incidents/INC-2026-05-01-linked.md: a symlink; irdocs edits only regular files "
        "and never replaces a link (edit the file it points at by its own path, or replace the "
        "link with the file)\n"
    )
    assert link.is_symlink() and real.read_bytes() == before


def test_the_writer_refuses_a_symlink_and_a_folder_that_leaves_the_handbook(
    tmp_path: Path,
) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "dangling.md").symlink_to(outside / "created.md")
    with pytest.raises(atomic.Exists):  # a new file never goes through a link, even a dangling one
        atomic.write(root / "dangling.md", b"x", None, root=root)
    (root / "out").symlink_to(outside)
    with pytest.raises(atomic.Refused, match="outside the handbook"):
        atomic.write(root / "out" / "new.md", b"x", None, root=root)
    with pytest.raises(atomic.Refused, match="outside the handbook"):
        atomic.write(root / "out" / "deeper" / "new.md", b"x", None, root=root)
    assert list(outside.iterdir()) == []


def test_lint_never_writes_its_cache_through_a_committed_symlink(handbook: Path, run: Run) -> None:
    home = handbook.parent / "home"
    home.mkdir()
    (handbook / ".irdocs-cache").symlink_to(home)
    assert run("lint").code == 0
    assert list(home.iterdir()) == []
    (handbook / ".irdocs-cache").unlink()
    (handbook / ".irdocs-cache").mkdir()
    (handbook / ".irdocs-cache" / ".gitignore").symlink_to(home / ".bashrc")
    assert run("lint").code == 0
    assert list(home.iterdir()) == []
    assert (handbook / ".irdocs-cache" / "lint.json").is_file()  # the cache itself still works


# --- lost updates ---------------------------------------------------------------------------------


def _hold(folder: Path) -> int:
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    return descriptor


def test_a_writer_waits_for_the_lock_and_never_replaces_what_was_written_meanwhile(
    handbook: Path,
) -> None:
    """This test plays the other writer: it holds the lock, changes the file, and lets go. The
    update must have waited, then see the change and refuse, not replace it."""
    held = _hold(handbook / "incidents")
    try:
        process = _update("Fixed by rolling back")
        deadline = time.monotonic() + 60
        while not list(INCIDENT.parent.glob(".*.tmp")) and process.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.01)  # until the update has read, checked, and written its temporary file
        time.sleep(1.0)  # far longer than a rename takes: it must be waiting for the lock
        assert process.poll() is None, process.communicate()
        theirs = INCIDENT.read_text().replace("Slow search results", "Slow search, all regions")
        INCIDENT.write_text(theirs)
    finally:
        os.close(held)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1, out + err
    assert "changed on disk since irdocs read it" in err
    assert INCIDENT.read_text() == theirs


def test_a_writer_gives_up_after_waiting_and_says_so(handbook: Path) -> None:
    before = INCIDENT.read_bytes()
    held = _hold(handbook / "incidents")
    try:
        started = time.monotonic()
        out, err = _update("Still slow").communicate(timeout=60)
        waited = time.monotonic() - started
    finally:
        os.close(held)
    assert "another irdocs command has been writing in" in err, out + err
    assert err.endswith("for 5 s; nothing was written, run it again\n")
    assert waited >= atomic.LOCK_WAIT_SECONDS
    assert INCIDENT.read_bytes() == before


def test_concurrent_updates_never_both_succeed_with_one_lost(handbook: Path) -> None:
    messages = [f"Update number {n} from a concurrent writer" for n in range(4)]
    processes = [_update(message) for message in messages]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    text = INCIDENT.read_text()
    for message, (code, _, err) in zip(messages, results, strict=True):
        if code == 0:
            assert message in text, err
        else:
            assert code == 1 and message not in text
            assert "changed on disk" in err or "another irdocs command" in err, err
    assert any(code == 0 for code, _, _ in results)


def test_a_temporary_file_left_by_a_killed_writer_is_not_a_document(
    handbook: Path, run: Run
) -> None:
    """A guard (main ignored these already): temporary names must stay hidden and not ``*.md``."""
    leftover = handbook / "incidents" / f".{INCIDENT.name}.k1ll3d.tmp"  # as atomic.write names it
    leftover.write_text("---\nid: half written\n")
    assert run("validate").code == 0
    assert run("lint").code == 0
    assert run("status", "--at", AT).code == 0


# --- the readers' limits --------------------------------------------------------------------------


def test_the_writer_refuses_a_file_the_readers_would_refuse(handbook: Path, run: Run) -> None:
    """A body near the limit (written by hand) plus an update: the file would pass 1 MiB."""
    padding = "Notes.\n" * ((MAX_DOCUMENT_BYTES - INCIDENT.stat().st_size - 600) // 7)
    INCIDENT.write_text(INCIDENT.read_text() + padding)
    before = INCIDENT.read_bytes()
    assert run("validate", str(INCIDENT)).code == 0
    result = run("update", "INC-2026-04-10", "--message", "Latency back to normal " * 40)
    assert result.code == 1
    assert result.err.startswith(
        f"irdocs: {INCIDENT.as_posix()}: not written: the file would be 1.0"
    )
    assert "documents over 1 MiB are not read" in result.err
    assert INCIDENT.read_bytes() == before


def test_ten_long_updates_never_make_a_file_validate_refuses(handbook: Path, run: Run) -> None:
    refused = 0
    for _ in range(10):
        result = run("update", "INC-2026-04-10", "--message", "x " * 125_000, "--at", AT)
        refused += result.code != 0
        assert INCIDENT.stat().st_size <= MAX_DOCUMENT_BYTES
        assert run("validate", str(INCIDENT)).code == 0
    assert refused


# --- every byte not edited is kept ----------------------------------------------------------------


def test_one_crlf_line_in_the_body_stays_the_only_one(handbook: Path, run: Run) -> None:
    text = INCIDENT.read_bytes() + b"A line pasted from Windows.\r\nAnd a plain one.\n"
    INCIDENT.write_bytes(text)
    assert run("update", "INC-2026-04-10", "--message", "Monitoring", "--at", AT).code == 0
    after = INCIDENT.read_bytes()
    assert after.count(b"\r\n") == 1
    body = text.split(b"\n---\n", 1)[1]
    assert after.endswith(b"\n---\n" + body)


def test_an_opening_line_with_trailing_spaces_validates_and_edits_alike(
    handbook: Path, run: Run
) -> None:
    INCIDENT.write_bytes(INCIDENT.read_bytes().replace(b"---\n", b"---  \n", 1))
    assert run("validate", str(INCIDENT)).code == 0
    result = run("update", "INC-2026-04-10", "--message", "Monitoring", "--at", AT)
    assert (result.code, result.err) == (0, "")
    assert INCIDENT.read_bytes().startswith(b"---  \nid: INC-2026-04-10-search-latency\n")
    assert run("validate", str(INCIDENT)).code == 0


# --- names ----------------------------------------------------------------------------------------


def test_an_id_ending_in_a_newline_fails_the_pattern_and_names_no_file(
    handbook: Path, run: Run
) -> None:
    INCIDENT.write_text(
        INCIDENT.read_text().replace(
            "id: INC-2026-04-10-search-latency\n", 'id: "INC-2026-04-10-search-latency\\n"\n'
        )
    )
    result = run("validate", str(INCIDENT))
    assert result.code == 1
    assert result.out.startswith(
        f"{INCIDENT.as_posix()}:2:5: IR101 id: 'INC-2026-04-10-search-latency\\n' does not match"
    )
    result = run("postmortem", "INC-2026-04-10-search-latency\n")
    assert result.code == 2
    assert [p.name for p in (handbook / "postmortems").iterdir() if "\n" in p.name] == []


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^AI-[0-9]+$", "AI-1", True),
        ("^AI-[0-9]+$", "AI-1\n", False),
        ("^a\\$$", "a$", True),  # an escaped $ is a character
        ("^[$]$", "$", True),  # so is a $ in a class
        ("^(a|b$)", "b\n", False),
    ],
)
def test_a_schema_pattern_reads_dollar_as_the_end_of_the_string(
    pattern: str, text: str, matches: bool
) -> None:
    from irdocs.patterns import compile_ecma

    assert bool(compile_ecma(pattern).search(text)) is matches


# --- site generate --------------------------------------------------------------------------------


def test_site_generate_into_the_handbook_root_touches_no_document(handbook: Path, run: Run) -> None:
    documents = {p: p.read_bytes() for p in handbook.rglob("*.md")}
    result = run("site", "generate", ".", "--today", "2026-11-22")
    assert result.code == 1
    assert (
        " is in the handbook's incident folder; generated pages never go among the documents"
        in (result.err)
    )
    assert result.err.endswith("; no page was written\n")
    assert {p: p.read_bytes() for p in handbook.rglob("*.md")} == documents
    assert not (handbook / "portal").exists()


def test_site_generate_replaces_only_the_pages_it_generated(handbook: Path, run: Run) -> None:
    assert run("site", "generate", "docs", "--today", "2026-11-22").code == 0
    assert (handbook / "docs" / ".irdocs-generated.json").is_file()
    assert run("site", "generate", "docs", "--today", "2026-11-23").code == 0  # its own: replaced
    board = handbook / "docs" / "portal" / "index.md"
    board.write_text(board.read_text() + "\nA note of mine.\n")
    mine = board.read_bytes()
    result = run("site", "generate", "docs", "--today", "2026-11-24")
    assert result.code == 1
    assert result.err == (
        "irdocs: docs/portal/index.md exists and irdocs did not generate it (or it was edited "
        "since); irdocs replaces only the pages it wrote (listed in .irdocs-generated.json): "
        "move it away, or give another DIR; no page was written\n"
    )
    assert board.read_bytes() == mine


def test_site_generate_never_overwrites_a_page_it_did_not_write(handbook: Path, run: Run) -> None:
    page = handbook / "docs" / "portal" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Our own portal page\n")
    result = run("site", "generate", "docs", "--today", "2026-11-22")
    assert result.code == 1
    assert "docs/portal/index.md exists and irdocs did not generate it" in result.err
    assert page.read_text() == "# Our own portal page\n"
    assert not (handbook / "docs" / ".irdocs-generated.json").exists()


@pytest.mark.parametrize("link", ["docs", "docs/portal"])
def test_site_generate_never_writes_through_a_committed_symlink(
    handbook: Path, run: Run, link: str
) -> None:
    outside = handbook.parent / "outside"
    outside.mkdir()
    (handbook / "docs").mkdir(exist_ok=link != "docs")
    if link == "docs":
        (handbook / "docs").rmdir()
    (handbook / link).symlink_to(outside)
    result = run("site", "generate", "docs", "--today", "2026-11-22")
    assert result.code == 1
    assert result.err.endswith("; no page was written\n") or "outside the handbook" in result.err
    assert list(outside.iterdir()) == []
