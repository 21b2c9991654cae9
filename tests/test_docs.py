"""The docs tell the truth: every code documented, every quoted diagnostic real, the site builds."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import CASES, REPO, expected_pattern

RULES = "".join(path.read_text() for path in sorted((REPO / "docs" / "rules").glob("*.md")))


def _emitted_codes() -> set[str]:
    source = "".join(path.read_text() for path in (REPO / "tools" / "irdocs").rglob("*.py"))
    return set(re.findall(r"\b(IR\d{3})\b", source))


def test_every_code_irdocs_emits_is_documented_and_no_other() -> None:
    documented = set(re.findall(r"^## (IR\d{3})$", RULES, flags=re.MULTILINE))
    assert documented == _emitted_codes()


def test_every_code_has_a_bad_case_except_configuration_errors() -> None:
    cased = {path.name for path in CASES.glob("IR*")}
    assert cased == _emitted_codes() - {"IR001"}


def test_diagnostics_quoted_in_the_docs_are_the_ones_irdocs_prints() -> None:
    quoted = re.findall(
        r"^((?:incidents|postmortems|runbooks)/\S+:\d+:\d+: IR\d{3} .*)$", RULES, flags=re.MULTILINE
    )
    expected = [
        re.compile(expected_pattern(line))
        for path in CASES.rglob("*.expected")
        for line in path.read_text().splitlines()
    ]
    assert len(quoted) >= 10
    assert [line for line in quoted if not any(e.fullmatch(line) for e in expected)] == []


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    done = subprocess.run(
        [Path(sys.executable).parent / "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "rules" / "runbooks" / "index.html").is_file()
    assert (tmp_path / "site" / "process" / "severity" / "index.html").is_file()
    assert '<h1 id="status-board">Status board' in (tmp_path / "site" / "index.html").read_text()


def test_each_rules_level_column_is_its_default_level() -> None:
    from irdocs.lint.codes import all_codes

    rows = re.findall(r"^\| \[(IR\d{3})\]\([^)]*\) \|.*\| ([^|]+) \|$", RULES, flags=re.MULTILINE)
    documented = {code: level.strip() for code, level in rows if code != "IR001"}
    expected = {code: info.level for code, info in all_codes().items() if code in documented}
    assert documented == expected
    assert set(documented) >= set(all_codes()) - {"IR110", "IR520"}  # those two: on the index
