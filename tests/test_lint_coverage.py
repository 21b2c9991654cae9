"""Every page is linted as far as it can be read: a page without front matter, or with front
matter that does not parse or validate, gets its validation finding and the body rules; a page
that cannot be read at all is reported, fails the run and is counted, whatever is ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run

BODY = """\
# Checkout is slow

## Overview

Use when checkout is slow.

## Diagnosis

Read the [dashboard](../missing.md).
"""
MISSING = (
    "missing section '## {name}'; add it at the end (runbooks here have: Overview, Diagnosis, "
    "Mitigation, Escalation, Verification, Rollback)"
)


def _missing(path: str, line: int) -> str:
    return "".join(
        f"{path}:{line}:1: IR401 {MISSING.format(name=name)}\n"
        for name in ("Escalation", "Mitigation", "Rollback", "Verification")
    )


def test_a_page_without_front_matter_gets_the_body_rules(handbook: Path, run: Run) -> None:
    (handbook / "runbooks" / "slow.md").write_text(BODY)
    result = run("lint", "--select", "IR401,IR408", "runbooks/slow.md")
    assert result.out == (
        "runbooks/slow.md:1:1: IR105 no front matter: the first line must be '---'\n"
        + _missing("runbooks/slow.md", 9)
        + "runbooks/slow.md:9:22: IR408 link target '../missing.md' does not exist; fix the path "
        "(relative to this file's folder) or remove the link\n"
    )
    assert result.err == (
        "1 document checked: 6 errors in 1 file; 1 without valid front matter, so only its "
        "body was checked\n"
    )
    assert result.code == 1


def test_front_matter_that_does_not_parse_keeps_the_body_lines(handbook: Path, run: Run) -> None:
    (handbook / "runbooks" / "broken.md").write_text(f"---\ntitle: [unclosed\n---\n{BODY}")
    out = run("lint", "--select", "IR401", "runbooks/broken.md").out
    assert out.splitlines()[0].startswith("runbooks/broken.md:3:1: IR106 YAML: ")
    assert out.splitlines()[1:] == _missing("runbooks/broken.md", 12).splitlines()


def test_ignoring_ir105_does_not_make_a_page_valid(handbook: Path, run: Run) -> None:
    (handbook / "runbooks" / "slow.md").write_text(BODY)
    result = run("lint", "--select", "IR401", "--ignore", "IR105", "runbooks/slow.md")
    assert result.out == _missing("runbooks/slow.md", 9)
    complete = BODY + "".join(
        f"\n## {name}\n\nText.\n"
        for name in ("Mitigation", "Escalation", "Verification", "Rollback")
    )
    (handbook / "runbooks" / "slow.md").write_text(complete)
    result = run("lint", "--ignore", "IR105,IR408", "runbooks/slow.md")
    assert (result.code, result.out) == (0, "")
    assert result.err == (
        "1 document checked: no findings; 1 without valid front matter, so only its body was "
        "checked\n"
    )


@pytest.mark.parametrize(
    ("content", "finding", "reason"),
    [
        (b"", "IR105 empty file; a document starts with a '---' front matter block", "empty"),
        (
            b"---\ntitle: x\n\n## Overview\n",
            "IR105 front matter is not closed: add a '---' line after it",
            "front matter not closed",
        ),
        (
            b"caf\xe9\n",
            "IR100 not valid UTF-8 (byte 0xe9); save the file as UTF-8",
            "unreadable",
        ),
    ],
    ids=["empty", "not-closed", "latin-1"],
)
def test_a_page_that_cannot_be_read_is_reported_whatever_is_ignored(
    handbook: Path, run: Run, content: bytes, finding: str, reason: str
) -> None:
    (handbook / "runbooks" / "bad.md").write_bytes(content)
    (handbook / "irdocs.toml").write_text(
        (handbook / "irdocs.toml").read_text() + 'ignore = ["IR1"]\nlevels = { IR4 = "info" }\n'
    )
    result = run("lint", "--ignore", "IR105,IR100")
    line = "1:4" if reason == "unreadable" else "1:1"
    assert result.out == f"runbooks/bad.md:{line}: {finding}\n"
    assert result.err == f"4 documents checked: 1 error in 1 file; 1 not checked (1 {reason})\n"
    assert result.code == 1


def test_the_cache_keeps_what_was_checked(handbook: Path, run: Run) -> None:
    (handbook / "runbooks" / "slow.md").write_text(BODY)
    (handbook / "runbooks" / "empty.md").write_text("")
    cold = run("lint", "--select", "IR401")
    warm = run("lint", "--select", "IR401")
    assert cold == warm
    assert cold.err == (
        "5 documents checked: 6 errors in 2 files; 1 without valid front matter, so only its "
        "body was checked; 1 not checked (1 empty)\n"
    )
