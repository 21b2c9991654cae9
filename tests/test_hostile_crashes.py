"""Committable input that crashed irdocs (exit 3): dates and numbers out of range, deep nesting,
hostile command lines. The payloads are files under tests/hostile/crashes/:

- ``documents/<name>/`` is dropped over the case handbook (tests/cases/_handbook);
  ``<name>.expected`` beside it is what ``irdocs lint`` prints then (``{...}``: a dependency's
  words). Every other command that reads the handbook must then end without an internal error.
- ``config/<name>/`` replaces the handbook's configuration: one ``IR001`` line, exit 2.
- ``options.txt``: command lines, each refused with exit 2 and one line.
- ``lint-cache-200000-brackets.json.gz``: a lint cache nested 200,000 deep, ignored.
"""

from __future__ import annotations

import gzip
import os
import re
import shlex
import shutil
from pathlib import Path

import git
import pytest

from conftest import CASES, Run, assert_prints

HOSTILE = Path(__file__).parent / "hostile" / "crashes"
DOCUMENTS = sorted(path for path in (HOSTILE / "documents").iterdir() if path.is_dir())
CONFIGS = sorted(path for path in (HOSTILE / "config").iterdir() if path.is_dir())
OPTIONS = [
    line
    for line in (HOSTILE / "options.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
AT = "2026-11-28T12:00:00+00:00"
ONE_LINE = re.compile(r"irdocs: [^\n]+\n")


def _drop(payload: Path, root: Path) -> None:
    shutil.copytree(payload, root, dirs_exist_ok=True)


def _no_internal_error(code: int, err: str) -> None:
    assert code != 3, err
    assert "internal error" not in err and "Traceback" not in err, err


@pytest.mark.parametrize("payload", DOCUMENTS, ids=lambda path: path.name)
def test_a_hostile_document_is_a_finding_for_lint_and_validate(
    payload: Path, handbook: Path, run: Run
) -> None:
    _drop(payload, handbook)
    expected = payload.with_suffix(".expected").read_text(encoding="utf-8")
    linted = run("lint", "--no-cache")
    _no_internal_error(linted.code, linted.err)
    assert linted.code == (1 if expected else 0), linted.err
    assert_prints(linted.out, expected)
    validated = run("validate")
    _no_internal_error(validated.code, validated.err)
    assert set(validated.out.splitlines()) <= set(linted.out.splitlines())  # validation is linted
    assert validated.code == (1 if validated.out else 0)


@pytest.mark.parametrize("payload", DOCUMENTS, ids=lambda path: path.name)
@pytest.mark.parametrize(
    "argv",
    [
        ("status", "--at", AT),
        ("status", "--format", "json", "--at", AT),
        ("metrics",),
        ("metrics", "--format", "json"),
        ("actions",),
        ("site", "generate", "out"),
        ("postmortem", "INC-2026-04-10-search-latency", "--stdout"),
        ("postmortem", "INC-2026-03-04-checkout-eu-errors", "--stdout"),
        ("adopt", "--dry-run"),
    ],
    ids=" ".join,
)
def test_every_command_reads_a_hostile_handbook_without_crashing(
    payload: Path, argv: tuple[str, ...], handbook: Path, run: Run
) -> None:
    """They leave invalid documents out and say so, or refuse with findings; never exit 3."""
    _drop(payload, handbook)
    result = run(*argv)
    _no_internal_error(result.code, result.err)
    invalid = re.search(r": IR1\d\d ", payload.with_suffix(".expected").read_text())
    if argv[0] == "status" and invalid:  # listed as not validating, or counted on stderr
        said = result.out + result.err
        assert "DOES NOT VALIDATE" in said or '"invalid": [\n' in said or "not validate" in said


def _mkdocs_build(tmp_path: Path, mkdocs_yml: str, payload: Path | None = None) -> str:
    """Build the case handbook (with ``payload`` dropped over it) in a real ``mkdocs build``;
    its stderr, after checking it failed with exit 1 and no traceback."""
    from portal_site import build_process, case_site

    root = case_site(tmp_path / "handbook", mkdocs_yml)
    if payload is not None:
        _drop(payload, root)
    done = build_process(root)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "OverflowError" not in done.stderr
    return done.stderr


def test_the_mkdocs_build_refuses_a_year_0001_with_its_finding(tmp_path: Path) -> None:
    """It validated on main, and the build then died in an OverflowError."""
    from portal_site import MKDOCS_YML

    err = _mkdocs_build(tmp_path, MKDOCS_YML, HOSTILE / "documents" / "declared-0001")
    assert (HOSTILE / "documents" / "declared-0001.expected").read_text().strip() in err


def test_the_mkdocs_build_refuses_a_plugin_day_in_the_year_1(tmp_path: Path) -> None:
    err = _mkdocs_build(tmp_path, (HOSTILE / "mkdocs-today-0001.yml").read_text())
    assert (
        "irdocs: today: '0001-01-01' is outside the years 1970 to 2100 that irdocs accepts; "
        "check the year"
    ) in err


@pytest.mark.parametrize("payload", CONFIGS, ids=lambda path: path.name)
@pytest.mark.parametrize("command", ["validate", "lint", "status"])
def test_a_hostile_configuration_is_one_line_and_exit_2(
    payload: Path, command: str, handbook: Path, run: Run
) -> None:
    (handbook / "irdocs.toml").unlink()
    _drop(payload, handbook)
    result = run(command)
    _no_internal_error(result.code, result.err)
    assert (result.code, result.out) == (2, "")
    assert ONE_LINE.fullmatch(result.err), result.err
    assert " IR001 " in result.err


@pytest.mark.parametrize("argv", OPTIONS, ids=str)
def test_a_date_or_duration_out_of_range_is_one_line_and_exit_2(
    argv: str, handbook: Path, run: Run
) -> None:
    before = sorted(str(path) for path in handbook.rglob("*"))
    result = run(*shlex.split(argv))
    assert (result.code, result.out) == (2, ""), result.err
    assert ONE_LINE.fullmatch(result.err), result.err
    assert re.search(r"1970|not a date", result.err), result.err
    assert sorted(str(path) for path in handbook.rglob("*")) == before  # nothing written


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_irdocs_today_out_of_range_is_one_line_and_exit_2(
    value: str, handbook: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IRDOCS_TODAY", value)
    result = run("lint")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"irdocs: IRDOCS_TODAY: '{value}' is outside the years 1970 to 2100 that irdocs "
        "accepts; check the year\n"
    )


def test_a_lint_cache_nested_200000_deep_is_ignored(handbook: Path, run: Run) -> None:
    cache = handbook / ".irdocs-cache"
    cache.mkdir()
    payload = HOSTILE / "lint-cache-200000-brackets.json.gz"
    (cache / "lint.json").write_bytes(gzip.decompress(payload.read_bytes()))
    result = run("lint")
    _no_internal_error(result.code, result.err)
    assert (result.code, result.out) == (0, "")


def test_declare_commit_in_a_bare_repository_writes_nothing(tmp_path: Path, run: Run) -> None:
    """A bare repository has no working tree to commit from: refused before the file is
    written, where the file used to be written and then a ValueError ended the run."""
    root = tmp_path / "bare"
    git.Repo.init(root, bare=True).close()
    shutil.copytree(CASES / "_handbook", root, dirs_exist_ok=True)
    os.chdir(root)
    before = sorted(path.name for path in (root / "incidents").iterdir())
    result = run(
        "declare", "--severity", "SEV-2", "--title", "Checkout errors", "--service", "checkout",
        "--at", "2026-11-27T12:00:00+00:00", "--commit",
    )  # fmt: skip
    assert (result.code, result.out) == (1, "")
    assert re.fullmatch(
        r"irdocs: incidents/INC-2026-11-27-checkout-errors[-a-z0-9]*\.md: not written: --commit "
        r"needs the handbook in the working tree of a git repository \(not a bare one\); run "
        r"without --commit, or in a clone\n",
        result.err,
    ), result.err
    assert sorted(path.name for path in (root / "incidents").iterdir()) == before


def test_update_refuses_a_message_over_the_schema_s_bound(handbook: Path, run: Run) -> None:
    """The schema bounds a message at 20,000 characters; the writer checks the result against
    it before writing, so a file it writes always validates."""
    incident = handbook / "incidents" / "INC-2026-04-10-search-latency.md"
    before = incident.read_bytes()
    result = run(
        "update", "INC-2026-04-10", "--message", "x" * 20_001, "--at", "2026-04-10T16:00:00+00:00"
    )
    assert (result.code, result.out) == (1, "")
    assert result.err.endswith(
        "IR101 updates[0].message: 20,002 characters; at most 20,000 are allowed\n"
    )
    assert incident.read_bytes() == before
