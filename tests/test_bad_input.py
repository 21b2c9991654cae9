"""Bad input too large or too strange to keep as a case file: generated here."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Run


def test_a_10_mb_file_is_refused_unread(handbook: Path, run: Run) -> None:
    big = handbook / "incidents" / "huge.md"
    big.write_text("---\nid: INC-2026-01-01-huge\n---\n" + "x" * (10 * 1024 * 1024))
    result = run("validate", "incidents/huge.md")
    assert (result.code, result.out) == (
        1,
        "incidents/huge.md:1:1: IR100 file is 10.0 MiB; documents over 1 MiB are not read "
        "(split it, or move attachments out of the handbook)\n",
    )


def test_a_symlink_to_itself_is_reported(handbook: Path, run: Run) -> None:
    (handbook / "incidents" / "loop.md").symlink_to("loop.md")
    result = run("validate")
    assert (result.code, result.out) == (
        1,
        "incidents/loop.md:1:1: IR100 symlink loop; point the link at a real file\n",
    )


def test_a_folder_linking_to_its_parent_is_reported_once(handbook: Path, run: Run) -> None:
    (handbook / "runbooks" / "checkout" / "again").symlink_to("..")
    result = run("validate")
    assert (result.code, result.out) == (
        1,
        "runbooks/checkout/again:1:1: IR100 symlink loop: this folder links back to its own "
        "parent; remove the link\n",
    )


def test_deep_nesting_is_refused_before_the_parser_overflows(handbook: Path, run: Run) -> None:
    """Whichever layer refuses first: irdocs's own limit (IR109, 64 levels) or the parser's (IR106
    with libyaml's words: the libyaml of PyYAML 6.0.4's wheels stops at 1,000 levels, before
    irdocs sees the tree). Either way one diagnostic line on line 2, inside the brackets, exit 1."""
    deep = handbook / "incidents" / "deep.md"
    deep.write_text("---\nid: " + "[" * 50_000 + "]" * 50_000 + "\n---\n")
    result = run("validate", "incidents/deep.md")
    assert result.code == 1, result.err
    refused = re.fullmatch(
        r"incidents/deep\.md:2:(\d+): "
        r"(IR109 YAML nested deeper than 64 levels|IR106 YAML: [^\n]+)\n",
        result.out,
    )
    assert refused, result.out
    assert 5 <= int(refused[1]) <= 4 + 50_000  # a column of the opening brackets
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    "content",
    [
        b"---\n"
        + b"a: &a ["
        + b"x," * 20
        + b"x]\n"
        + b"".join(
            b"%c: &%c [%s]\n" % (c, c, b",".join([b"*" + bytes([c - 1])] * 20))
            for c in b"bcdefghij"
        )
        + b"---\n",
        b"---\na: &a [*a]\n---\n",
        b"\xff\xfe\x00---\n",
    ],
    ids=["alias-bomb-20-wide", "recursive-alias", "utf-16"],
)
def test_hostile_files_end_in_a_diagnostic_quickly_in_a_real_process(
    handbook: Path, content: bytes
) -> None:
    (handbook / "incidents" / "hostile.md").write_bytes(content)
    done = subprocess.run(
        [sys.executable, "-m", "irdocs", "validate", "incidents/hostile.md"],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("incidents/hostile.md:")
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_a_reader_that_goes_away_is_no_internal_error(handbook: Path) -> None:
    """`irdocs validate | head -0`: the pipe is closed before irdocs writes."""
    process = subprocess.Popen(
        [sys.executable, "-m", "irdocs", "validate", "--format", "json"],
        cwd=handbook,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    error = process.stderr.read()
    process.stderr.close()
    assert (process.wait(), error) == (1, "")
