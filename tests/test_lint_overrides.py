"""Per-folder configuration (``[[tool.irdocs.lint.overrides]]``) and which headings count as a
runbook's required sections: written variants, combined headings and declared aliases."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DEPENDENCY_WORDS, Run, printed_line
from irdocs.lint.sections import heading_keys

LEGACY = Path("runbooks/legacy/disk-full.md")
PAGE = """\
---
id: legacy/disk-full
title: Disk full
service: checkout
owner: team-checkout
escalation:
  - who: Checkout on-call engineer
    how: PagerDuty
last_reviewed: 2026-09-14
review_every: 180
---

## Meaning

The disk is full.

## Diagnosis and mitigation

Delete old logs.

## Potential resolution steps

Grow the volume.
"""


def _config(handbook: Path, text: str) -> None:
    with (handbook / "irdocs.toml").open("a", encoding="utf-8") as stream:
        stream.write(text)  # the fixture's [lint] table is its last


@pytest.fixture
def legacy(handbook: Path) -> Path:
    (handbook / LEGACY).parent.mkdir()
    (handbook / LEGACY).write_text(PAGE)
    return handbook


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("Mitigation", "Mitigation"),
        ("mitigation:", "Mitigation"),
        ("Mitigating", "Mitigation"),
        ("Mitigations", "Mitigation"),
        ("Mitigate", "Mitigation"),
        ("2. Diagnose", "Diagnosis"),
        ("Diagnosing", "Diagnosis"),
        ("**Escalations**", "Escalation"),
        ("Diagnosis and mitigation", "Diagnosis"),
        ("Diagnosis and mitigation", "Mitigation"),
        ("Verification / rollback", "Rollback"),
        ("Overview, diagnosis", "Overview"),
        ("Diagnosis & Mitigation", "Mitigation"),
    ],
)
def test_written_variants_and_combined_headings_are_the_section(heading: str, section: str) -> None:
    assert heading_keys(section) <= heading_keys(heading)


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("Verify", "Verification"),
        ("Overview of the logs", "Overview"),
        ("Mitigation steps", "Mitigation"),
        ("Rolling back", "Rollback"),
        ("Mitigation or rollback", "Rollback"),
        ("Is", "Impact"),
    ],
)
def test_other_headings_are_not(heading: str, section: str) -> None:
    assert not heading_keys(section) <= heading_keys(heading)


def test_an_override_sets_a_folders_sections_and_aliases(legacy: Path, run: Run) -> None:
    result = run("lint", "--select", "IR401", str(LEGACY))
    assert result.out.count("IR401") == 4  # Overview, Escalation, Verification, Rollback
    _config(
        legacy,
        '\n[[lint.overrides]]\npaths = ["runbooks/legacy/"]\n'
        'runbook_sections = ["Meaning", "Diagnosis", "Mitigation", "Resolution"]\n'
        '\n[[lint.overrides]]\npaths = ["runbooks/legacy/*.md"]\n'
        'section_aliases = { Resolution = ["Potential resolution steps"] }\n',
    )
    assert run("lint", "--select", "IR401", str(LEGACY)) == type(result)(
        0, "", "1 document checked: all valid\n"
    )
    assert run("lint", "--select", "IR401").out == ""  # other runbooks keep the defaults


def test_aliases_in_the_lint_table_apply_everywhere_and_later_overrides_win(
    legacy: Path, run: Run
) -> None:
    _config(
        legacy,
        'runbook_sections = ["Meaning", "Mitigation", "Rollback"]\n'
        'section_aliases = { Rollback = ["Potential resolution steps"] }\n'
        '\n[[lint.overrides]]\npaths = ["runbooks/"]\nsection_aliases = { Rollback = ["Undo"] }\n',
    )
    assert run("lint", "--select", "IR401", str(LEGACY)).out == (
        "runbooks/legacy/disk-full.md:23:1: IR401 missing section '## Rollback'; add it at the "
        "end (runbooks here have: Meaning, Mitigation, Rollback)\n"
    )


def test_an_empty_combined_section_is_reported_once(legacy: Path, run: Run) -> None:
    path = legacy / LEGACY
    path.write_text(path.read_text().replace("Delete old logs.\n", ""))
    _config(legacy, 'runbook_sections = ["Diagnosis", "Mitigation"]\n')
    assert run("lint", "--select", "IR402", str(LEGACY)).out == (
        "runbooks/legacy/disk-full.md:17:1: IR402 section '## Diagnosis and mitigation' is "
        "empty; write what the on-call engineer does here, or say why there is nothing to do\n"
    )


def test_an_override_selects_and_ignores_for_its_folder(legacy: Path, run: Run) -> None:
    _config(
        legacy,
        '\n[[lint.overrides]]\npaths = ["runbooks/legacy/"]\nselect = ["IR402"]\n'
        '\n[[lint.overrides]]\npaths = ["runbooks/checkout/"]\nignore = ["IR4"]\n',
    )
    path = legacy / "runbooks" / "checkout" / "rollback-deploy.md"
    path.write_text(path.read_text().replace("## Overview", "## Summary"))
    assert run("lint", "--select", "IR4").out.count("IR401") == 4  # --select replaces them all
    assert run("lint").out == ""


def test_an_override_needs_paths_and_known_keys(handbook: Path, run: Run) -> None:
    _config(handbook, '\n[[lint.overrides]]\nselect = ["IR4"]\n')
    result = run("lint")
    assert result.code == 2
    assert printed_line(
        result.err,
        f"irdocs: {handbook / 'irdocs.toml'}:{DEPENDENCY_WORDS}: IR001 lint.overrides.0: "
        + DEPENDENCY_WORDS,
    )
    assert "paths" in result.err  # names the missing key, in jsonschema's words
    (handbook / "irdocs.toml").write_text(
        '[[lint.overrides]]\npaths = ["runbooks/"]\nsections = ["Overview"]\n'
    )
    result = run("lint")
    assert result.err.endswith(
        ": IR001 unknown key 'lint.overrides.0.sections' in [tool.irdocs]; known keys here: "
        "ignore, levels, paths, runbook_sections, section_aliases, select\n"
    )
    (handbook / "irdocs.toml").write_text(
        '[[lint.overrides]]\npaths = ["runbooks/"]\nignore = ["IR98"]\n'
    )
    assert run("lint").err.endswith(
        ": IR001 lint.overrides.0.ignore: no code starts with IR98; see docs/rules/\n"
    )


def test_changing_an_override_recomputes_the_cached_results(legacy: Path, run: Run) -> None:
    assert run("lint", "--select", "IR401", str(LEGACY)).out.count("IR401") == 4
    _config(legacy, '\n[[lint.overrides]]\npaths = ["runbooks/legacy/"]\nrunbook_sections = []\n')
    assert run("lint", "--select", "IR401", str(LEGACY)).out == ""


def test_a_changed_schema_extension_file_invalidates_the_cache(handbook: Path, run: Run) -> None:
    extension = handbook / "runbook-extension.json"
    extension.write_text('{"properties": {"owner": {"type": "string"}}}')
    _config(handbook, '\n[schemas]\nrunbook = "runbook-extension.json"\n')
    assert run("lint").code == 0
    extension.write_text('{"properties": {"owner": {"enum": ["someone-else"]}}}')
    assert "IR101 owner: " in run("lint").out
