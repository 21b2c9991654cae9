"""irdocs reads only regular files inside the handbook: symlinks that leave it, dangle or loop,
FIFOs and devices named ``*.md``, and document folders outside the root are reported in one line,
quickly, in a real process, and never followed. Payloads: ``tests/hostile/paths/``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import CASES, Run

PAYLOADS = Path(__file__).parent / "hostile" / "paths"
SECRET = "TOP SECRET body of a file outside the handbook"
QUICK = 5.0
"""Seconds: each hostile case must end well within this on an idle machine. A hang never ends
(the subprocess timeout catches it first)."""


def assert_quick(seconds: float, *argv: str) -> None:
    """``seconds`` is under ``QUICK``; on a loaded machine (8 agents share 2 cores here), under
    four times what the same command takes on a clean copy of the handbook right now."""
    if seconds < QUICK:
        return
    with tempfile.TemporaryDirectory() as folder:
        clean = Path(folder, "handbook")
        shutil.copytree(CASES / "_handbook", clean)
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "irdocs", *argv], cwd=clean, capture_output=True)
        baseline = time.monotonic() - started
    assert seconds < 4 * baseline, (seconds, baseline)


def _links() -> list[tuple[str, str]]:
    rows = []
    for line in (PAYLOADS / "symlinks.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            link, _, target = line.partition(" -> ")
            rows.append((link.strip(), target.strip()))
    return rows


LINKS = _links()
CONFIGS = sorted((PAYLOADS / "configs").glob("*.toml"))


@pytest.fixture
def outside(handbook: Path) -> Path:
    folder = handbook.parent / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(f"---\nid: secret\n---\n{SECRET}\n")
    return folder


def irdocs(*argv: str, cwd: Path | None = None) -> tuple[int, str, str, float]:
    """Run irdocs in a real process whose stdin is a pipe nobody writes to (as in CI when a job
    pipes into it): a read of /dev/stdin would block forever."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "irdocs", *argv],
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = process.communicate(timeout=20)  # communicate closes stdin: write nothing
    finally:
        process.kill()
    return process.returncode, out, err, time.monotonic() - started


def _hold_stdin_open(*argv: str) -> tuple[int, str, str, float]:
    """As ``irdocs``, but stdin stays open (never EOF) for the whole run."""
    read_end, write_end = os.pipe()
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "irdocs", *argv],
            stdin=read_end,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    finally:
        os.close(read_end)
        os.close(write_end)
    return done.returncode, done.stdout, done.stderr, time.monotonic() - started


@pytest.mark.parametrize(("link", "target"), LINKS, ids=[f"{a}->{b}" for a, b in LINKS])
@pytest.mark.parametrize("command", ["validate", "lint"])
def test_a_symlink_that_leaves_the_handbook_dangles_or_loops_is_one_finding(
    handbook: Path, outside: Path, link: str, target: str, command: str
) -> None:
    (handbook / link).symlink_to(target.replace("{outside}", str(outside)))
    code, out, err, seconds = _hold_stdin_open(command)
    assert (code, "Traceback" in err) == (1, False), err
    assert out.startswith(f"{link}:1:1: IR100 "), out
    assert out.count("\n") == 1, out
    assert SECRET not in out + err
    assert_quick(seconds, command)


@pytest.mark.parametrize("command", ["validate", "lint"])
@pytest.mark.parametrize("named", [False, True], ids=["discovered", "named"])
def test_a_fifo_named_md_is_refused_unopened(handbook: Path, command: str, named: bool) -> None:
    os.mkfifo(handbook / "incidents" / "pipe.md")
    code, out, err, seconds = _hold_stdin_open(command, *(["incidents/pipe.md"] if named else []))
    assert (code, out) == (
        1,
        "incidents/pipe.md:1:1: IR100 a named pipe (FIFO), not a regular file; irdocs reads "
        "only regular files (remove it)\n",
    ), err
    assert_quick(seconds, command)


def test_a_symlink_inside_the_handbook_is_still_read(handbook: Path, run: Run) -> None:
    (handbook / "runbooks" / "checkout" / "alias.md").symlink_to("rollback-deploy.md")
    result = run("validate")
    assert result.code == 1
    assert result.out.startswith("runbooks/checkout/alias.md:2:5: IR501 id: duplicate runbook ID")
    assert "IR100" not in result.out


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/nonexistent.md", "IR100 symlink to '/nonexistent.md', outside the handbook"),
        ("missing.md", "IR100 dangling symlink to 'missing.md'; point it at a file"),
        ("loop.md", "IR100 symlink loop; point the link at a real file"),
    ],
    ids=["dangling-outside", "dangling-inside", "loop"],
)
def test_lint_reports_a_broken_link_instead_of_crashing(
    handbook: Path, run: Run, target: str, message: str
) -> None:
    """These raised KeyError in the lint engine (exit 3): the file had no cache entry."""
    (handbook / "incidents" / "loop.md").symlink_to(target)
    result = run("lint")
    assert result.code == 1, result.err
    assert result.out.startswith(f"incidents/loop.md:1:1: {message}"), result.out
    assert result.out.count("\n") == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_lint_reports_an_unreadable_file_instead_of_crashing(handbook: Path, run: Run) -> None:
    locked = handbook / "incidents" / "locked.md"
    locked.write_text("---\nid: x\n---\n")
    locked.chmod(0)
    result = run("lint")
    assert (result.code, result.out) == (
        1,
        "incidents/locked.md:1:1: IR100 cannot read the file: Permission denied\n",
    )


@pytest.mark.parametrize("payload", CONFIGS, ids=[p.stem for p in CONFIGS])
@pytest.mark.parametrize("command", [["validate"], ["lint"], ["status"]])
def test_a_document_folder_outside_the_handbook_is_a_configuration_error(
    handbook: Path, outside: Path, payload: Path, command: list[str]
) -> None:
    text = payload.read_text()
    key = text.splitlines()[0].removeprefix("# ")
    config = handbook / "irdocs.toml"
    config.write_text(config.read_text() + text)
    code, out, err, seconds = irdocs(*command)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1, err
    assert f"IR001 {key}: " in err and "inside the handbook" in err
    assert_quick(seconds, *command)


def test_declare_never_writes_into_a_folder_outside_the_handbook(
    handbook: Path, outside: Path
) -> None:
    config = handbook / "irdocs.toml"
    config.write_text(config.read_text() + '[folders]\nincidents = "../outside"\n')
    code, _, err, _ = irdocs(
        "declare", "--title", "x", "--severity", "SEV-3", "--service", "checkout"
    )
    assert code == 2, err
    assert sorted(p.name for p in outside.iterdir()) == ["secret.md"]


def test_the_portal_never_publishes_a_file_a_symlink_leads_out_to(
    handbook: Path, outside: Path
) -> None:
    valid = (handbook / "runbooks" / "checkout" / "rollback-deploy.md").read_text()
    secret = valid.replace("id: checkout/rollback-deploy", "id: checkout/secret") + SECRET + "\n"
    (outside / "valid.md").write_text(secret)  # a valid runbook: main published it
    (handbook / "runbooks" / "checkout" / "x.md").symlink_to(outside / "valid.md")
    code, out, err, _ = irdocs("site", "generate", "docs", "--today", "2026-11-22")
    assert code == 1, err
    assert out.startswith("runbooks/checkout/x.md:1:1: IR100 symlink to "), out
    assert not (handbook / "docs").exists()
    assert SECRET not in out + err


def test_an_alert_rule_file_that_is_a_fifo_is_one_finding(handbook: Path) -> None:
    os.mkfifo(handbook / "alerts" / "pipe.yaml")
    code, out, err, seconds = _hold_stdin_open("lint")
    assert code == 1, err
    assert out == (
        "alerts/pipe.yaml:1:1: IR513 cannot read the alert rules: a named pipe (FIFO), not a "
        "regular file; irdocs reads only regular files (remove it)\n"
    )
    assert_quick(seconds, "lint")


def test_a_link_to_a_fifo_in_a_runbook_never_blocks_lint(handbook: Path) -> None:
    os.mkfifo(handbook / "runbooks" / "checkout" / "pipe.md")
    runbook = handbook / "runbooks" / "checkout" / "rollback-deploy.md"
    runbook.write_text(runbook.read_text() + "\nSee [the pipe](pipe.md#top).\n")
    code, out, _, seconds = _hold_stdin_open("lint", str(runbook.relative_to(handbook)))
    assert code == 1
    assert_quick(seconds, "lint")
    assert "IR100" not in out  # the runbook itself is read; the FIFO is never opened


def test_a_postmortem_template_linked_out_of_the_handbook_is_never_read(
    handbook: Path, outside: Path
) -> None:
    templates = handbook / "templates"
    templates.mkdir()
    (templates / "postmortem.md").symlink_to(outside / "secret.md")
    code, out, err, _ = irdocs("postmortem", "INC-2026-04-10-search-latency", "--stdout")
    assert code == 2, out + err
    assert "cannot read the template: symlink to " in err and "outside the handbook" in err
    assert SECRET not in out + err


def test_a_schema_extension_outside_the_handbook_is_a_configuration_error(
    handbook: Path, outside: Path
) -> None:
    (outside / "schema.json").write_text("{}")
    config = handbook / "irdocs.toml"
    config.write_text(config.read_text() + '[schemas]\nincident = "../outside/schema.json"\n')
    code, out, err, seconds = irdocs("validate")
    assert (code, out) == (2, "")
    assert "IR001 schemas.incident: " in err and "not a regular file inside the handbook" in err
    assert_quick(seconds, "validate")


@pytest.mark.parametrize("glob", ["/etc/*.conf", "../../../../etc/*.conf"])
def test_an_alert_rules_glob_outside_the_handbook_is_a_configuration_error(
    handbook: Path, glob: str
) -> None:
    config = handbook / "irdocs.toml"
    config.write_text(config.read_text().replace('["alerts/*.yaml"]', f'["{glob}"]'))
    code, out, err, _ = irdocs("lint")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and f"IR001 lint.alert_rules: '{glob}' is not a glob inside" in err


def test_the_mkdocs_build_never_indexes_a_file_a_symlink_leads_out_to(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort, PluginError

    from portal_site import build, make_handbook

    root = make_handbook(tmp_path / "handbook")
    outside = tmp_path / "outside"
    outside.mkdir()
    valid = (root / "runbooks" / "checkout" / "rollback-deploy.md").read_text()  # as if valid
    secret = valid.replace("id: checkout/rollback-deploy", "id: checkout/secret") + SECRET + "\n"
    (outside / "secret.md").write_text(secret)
    (root / "runbooks" / "checkout" / "x.md").symlink_to(outside / "secret.md")
    with pytest.raises((PluginError, Abort)):  # the plugin stops the build on the IR100 finding
        build(root, tmp_path / "site")
    built = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert [p for p in built if SECRET in p.read_text(errors="replace")] == []
