"""The baseline end to end: written by ``--write-baseline``, named in the configuration, hiding
exactly what it records (by file, code and message, counted, wherever the lines move), reporting
what is new and, as IR520, what it records that no longer occurs; refused when it is not a
baseline or not inside the handbook.

The rule is a throwaway one (IR991: a line that says ERR), so the messages are the test's own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Run
from irdocs.finding import Finding
from irdocs.lint import registry
from irdocs.lint.document import LintDocument

RUNBOOK = Path("runbooks/checkout/rollback-deploy.md")
INCIDENT = Path("incidents/INC-2026-04-10-search-latency.md")
BASELINE = ".irdocs-baseline.json"
FIX = f"write the baseline again to drop it: irdocs lint --write-baseline {BASELINE}"


@pytest.fixture(autouse=True)
def rules() -> Iterator[None]:
    real = registry.all_rules()
    registry.RULES.clear()

    @registry.document_rule("IR991", "test-error", "runbook", "incident")
    def marker(document: LintDocument) -> Iterator[Finding]:
        """A line that says ERR."""
        for offset, line in enumerate(document.body.split("\n")):
            if line.startswith("ERR"):
                yield document.finding("IR991", line, line=document.body_line + offset)

    yield
    registry.RULES.clear()
    registry.RULES.update(real)


def _append(handbook: Path, path: Path, text: str) -> None:
    with (handbook / path).open("a", encoding="utf-8") as stream:
        stream.write(f"\n{text}\n")


def _use_baseline(handbook: Path, name: str = BASELINE) -> None:
    with (handbook / "irdocs.toml").open("a", encoding="utf-8") as stream:
        stream.write(f'baseline = "{name}"\n')  # the fixture's [lint] table is its last


def _adopted(handbook: Path, run: Run) -> None:
    """Two findings in the runbook (one twice) and one in an incident, written to the baseline."""
    _append(handbook, RUNBOOK, "ERR one\n\nERR twice\n\nERR twice")
    _append(handbook, INCIDENT, "ERR three")
    result = run("lint", "--write-baseline", BASELINE)
    assert (result.code, result.out) == (0, "")
    assert result.err == (
        "4 documents checked: 4 findings in 2 files written to the baseline .irdocs-baseline.json\n"
    )
    _use_baseline(handbook)


def test_the_written_baseline_is_sorted_counted_json(handbook: Path, run: Run) -> None:
    _adopted(handbook, run)
    assert (handbook / BASELINE).read_text() == (
        "{\n"
        '  "irdocs-baseline": 1,\n'
        '  "findings": {\n'
        '    "incidents/INC-2026-04-10-search-latency.md": {\n'
        '      "IR991": {\n'
        '        "ERR three": 1\n'
        "      }\n"
        "    },\n"
        '    "runbooks/checkout/rollback-deploy.md": {\n'
        '      "IR991": {\n'
        '        "ERR one": 1,\n'
        '        "ERR twice": 2\n'
        "      }\n"
        "    }\n"
        "  }\n"
        "}\n"
    )


def test_the_baseline_hides_what_it_records_and_reports_what_is_new(
    handbook: Path, run: Run
) -> None:
    _adopted(handbook, run)
    assert run("lint") == type(run("lint"))(
        0, "", "4 documents checked: no findings; 4 more in the baseline\n"
    )
    path = handbook / RUNBOOK
    path.write_text(path.read_text().replace("## Overview", "## Overview\n\nMoved down.\n"))
    _append(handbook, RUNBOOK, "ERR twice\n\nERR new")
    result = run("lint")
    assert result.out == (
        "runbooks/checkout/rollback-deploy.md:51:1: IR991 ERR twice\n"
        "runbooks/checkout/rollback-deploy.md:53:1: IR991 ERR new\n"
    )
    assert result.err == "4 documents checked: 2 errors in 1 file; 4 more in the baseline\n"
    assert result.code == 1
    everything = run("lint", "--no-baseline")
    assert everything.out.count("IR991") == 6
    assert everything.err == "4 documents checked: 6 errors in 2 files\n"


def test_an_entry_that_no_longer_occurs_is_reported_until_the_baseline_is_written_again(
    handbook: Path, run: Run
) -> None:
    _adopted(handbook, run)
    path = handbook / RUNBOOK
    path.write_text(path.read_text().replace("ERR one", "fixed").replace("ERR twice", "", 1))
    (handbook / INCIDENT).unlink()
    result = run("lint")
    assert result.out == (
        f"{BASELINE}:4:1: IR520 [warning] baseline entry for incidents/INC-2026-04-10-search-"
        f'latency.md, a document no longer in the handbook: IR991 "ERR three"; {FIX}\n'
        f'runbooks/checkout/rollback-deploy.md:1:1: IR520 [warning] baseline entry IR991 "ERR '
        f'one" no longer occurs; {FIX}\n'
        f'runbooks/checkout/rollback-deploy.md:1:1: IR520 [warning] baseline entry IR991 "ERR '
        f'twice" occurs 1 time fewer than recorded; {FIX}\n'
    )
    assert result.code == 0
    assert run("lint", "--fail-on", "warning").code == 1
    assert run("lint", "--write-baseline", BASELINE).code == 0
    assert json.loads((handbook / BASELINE).read_text())["findings"] == {
        RUNBOOK.as_posix(): {"IR991": {"ERR twice": 1}}
    }
    assert run("lint") == type(run("lint"))(
        0, "", "3 documents checked: no findings; 1 more in the baseline\n"
    )


def test_one_file_linted_reports_the_stale_entries_of_that_file_only(
    handbook: Path, run: Run
) -> None:
    _adopted(handbook, run)
    (handbook / INCIDENT).write_text((handbook / INCIDENT).read_text().replace("ERR three", ""))
    path = handbook / RUNBOOK
    path.write_text(path.read_text().replace("ERR one", ""))
    result = run("lint", str(RUNBOOK))
    assert result.out == (
        f'runbooks/checkout/rollback-deploy.md:1:1: IR520 [warning] baseline entry IR991 "ERR '
        f'one" no longer occurs; {FIX}\n'
    )
    assert run("lint", "--ignore", "IR520", str(RUNBOOK)).out == ""
    assert run("lint", "--select", "IR5", str(RUNBOOK)).out == ""  # IR991 did not report


def test_baseline_paths_are_from_the_root_wherever_lint_runs(
    handbook: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _adopted(handbook, run)
    monkeypatch.chdir(handbook / "runbooks")
    _append(handbook, RUNBOOK, "ERR new")
    assert run("lint").out == "checkout/rollback-deploy.md:48:1: IR991 ERR new\n"


def test_a_warm_cache_sees_a_changed_baseline(handbook: Path, run: Run) -> None:
    _adopted(handbook, run)
    assert run("lint").out == ""
    (handbook / BASELINE).write_text(
        json.dumps(
            {"irdocs-baseline": 1, "findings": {RUNBOOK.as_posix(): {"IR991": {"ERR one": 1}}}}
        )
    )
    assert run("lint").out.count("IR991") == 3


def test_documents_that_could_not_be_read_are_neither_written_nor_hidden(
    handbook: Path, run: Run
) -> None:
    (handbook / "runbooks" / "empty.md").write_text("")
    result = run("lint", "--write-baseline", BASELINE)
    assert result.out == (
        "runbooks/empty.md:1:1: IR105 empty file; a document starts with a '---' front matter "
        "block\n"
    )
    assert result.code == 1
    assert json.loads((handbook / BASELINE).read_text())["findings"] == {}
    _use_baseline(handbook)
    assert run("lint").code == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{", "1:2: IR001 not an irdocs baseline (not JSON: Expecting property name enclosed in "),
        ("[]", '1:1: IR001 not an irdocs baseline (expected an object with "irdocs-baseline": 1)'),
        ('{"irdocs-baseline": 2, "findings": {}}', '(expected an object with "irdocs-baseline"'),
        ('{"irdocs-baseline": 1}', 'expected the keys "irdocs-baseline" and "findings" only'),
        (
            '{"irdocs-baseline": 1, "findings": {"a.md": {"IR991": {"m": 0}}}}',
            'findings."a.md".IR991: counts must be whole numbers above 0',
        ),
        (
            '{"irdocs-baseline": 1, "findings": {"a.md": {"IR991": {"m": "1"}}}}',
            'findings."a.md".IR991: counts must be whole numbers above 0',
        ),
        (
            '{"irdocs-baseline": 1, "findings": {"a.md": {"rm -rf": {"m": 1}}}}',
            'findings."a.md".rm -rf: expected a code and an object of messages',
        ),
        ("[" * 100_000, "nested too deeply"),
        ("\xff", "(not UTF-8)"),
    ],
    ids=[
        "truncated",
        "list",
        "version",
        "no-findings",
        "zero",
        "string-count",
        "bad-code",
        "deep",
        "latin-1",
    ],
)
def test_a_malformed_baseline_is_one_line(handbook: Path, run: Run, text: str, reason: str) -> None:
    (handbook / BASELINE).write_text(text, encoding="latin-1" if text == "\xff" else "utf-8")
    _use_baseline(handbook)
    result = run("lint")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"irdocs: {BASELINE}:")
    assert reason in result.err
    assert result.err.count("\n") == 1
    assert result.err.endswith(f"; write it again with irdocs lint --write-baseline {BASELINE}\n")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("missing.json", "'missing.json' does not exist; write it with irdocs lint "),
        ("runbooks", "'runbooks' is not a regular file"),
        ("../outside.json", "'../outside.json' is outside the handbook"),
        ("link.json", "'link.json' is outside the handbook"),
    ],
    ids=["missing", "folder", "parent", "symlink-out"],
)
def test_the_baseline_must_be_a_file_in_the_handbook(
    handbook: Path, run: Run, name: str, problem: str
) -> None:
    outside = handbook.parent / "outside.json"
    outside.write_text('{"irdocs-baseline": 1, "findings": {}}')
    (handbook / "link.json").symlink_to(outside)
    _use_baseline(handbook, name)
    result = run("lint")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"irdocs: {handbook / 'irdocs.toml'}:6:1: IR001 lint.baseline: ")
    assert problem in result.err


def test_write_baseline_never_overwrites_another_file_nor_records_part_of_the_handbook(
    handbook: Path, run: Run
) -> None:
    (handbook / "notes.json").write_text('{"mine": true}')
    result = run("lint", "--write-baseline", "notes.json")
    assert (result.code, result.err) == (
        2,
        "irdocs: notes.json: exists and is not an irdocs baseline; choose another file or "
        "remove it\n",
    )
    assert (handbook / "notes.json").read_text() == '{"mine": true}'
    result = run("lint", "--write-baseline", BASELINE, str(RUNBOOK))
    assert (result.code, result.err) == (
        2,
        "irdocs: --write-baseline records the whole handbook: give no PATH or --changed\n",
    )
