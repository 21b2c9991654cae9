"""``irdocs validate`` end to end: outputs, exit codes, paths, and the example handbook."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import CASES, REPO, Run


def test_the_example_handbook_is_valid(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = run("validate")
    assert (result.code, result.out) == (0, "")
    assert result.err.endswith("documents checked: all valid\n")
    documents = int(result.err.split()[0])
    assert documents >= 12 + 6 + 8


def test_valid_handbook_exits_0_and_says_so_on_stderr(handbook: Path, run: Run) -> None:
    assert run("validate") == type(run("validate"))(0, "", "4 documents checked: all valid\n")


def test_json_findings_have_the_documented_shape(handbook: Path, run: Run) -> None:
    shutil.copyfile(
        CASES / "IR104" / "bad" / "incidents" / "naive-timestamp.md",
        handbook / "incidents" / "naive-timestamp.md",
    )
    result = run("validate", "--format", "json")
    assert result.code == 1
    assert json.loads(result.out) == [
        {
            "path": "incidents/naive-timestamp.md",
            "line": 14,
            "column": 11,
            "code": "IR104",
            "level": "error",
            "message": "detected: '2026-03-04T09:19:00' has no UTC offset; write it as "
            "2026-03-04T09:19:00+00:00 (or the local offset)",
        }
    ]


def test_json_output_of_a_clean_handbook_is_an_empty_array(handbook: Path, run: Run) -> None:
    assert json.loads(run("validate", "--format", "json").out) == []


def test_a_given_file_is_checked_against_the_whole_handbook(handbook: Path, run: Run) -> None:
    # The duplicate is only visible with the rest of the handbook; only the given file is reported.
    shutil.copyfile(
        CASES / "IR501" / "bad" / "incidents" / "duplicate-id.md",
        handbook / "incidents" / "duplicate-id.md",
    )
    assert run("validate", "incidents/duplicate-id.md").out.count("\n") == 1
    assert run("validate").out.count("IR501") == 2


def test_a_folder_argument_validates_what_is_in_it(handbook: Path, run: Run) -> None:
    shutil.copyfile(
        CASES / "IR104" / "bad" / "runbooks" / "datetime-not-date.md",
        handbook / "runbooks" / "checkout" / "datetime-not-date.md",
    )
    result = run("validate", "runbooks")
    assert result.code == 1
    assert result.err == "2 documents checked: 1 finding in 1 file\n"


def test_readme_and_underscore_files_are_not_documents(handbook: Path, run: Run) -> None:
    (handbook / "incidents" / "README.md").write_text("# Incidents\n")
    (handbook / "runbooks" / "_template.md").write_text("# Template\n")
    assert run("validate").code == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "nowhere.md"], "irdocs: nowhere.md: no such file or folder\n"),
        (
            ["validate", "irdocs.toml"],
            "irdocs: irdocs.toml: not in the handbook's document folders "
            "(incidents/, postmortems/, runbooks/ under {root})\n",
        ),
    ],
    ids=["missing-path", "outside-the-folders"],
)
def test_bad_paths_are_usage_errors(
    handbook: Path, run: Run, argv: list[str], message: str
) -> None:
    result = run(*argv)
    assert (result.code, result.out, result.err) == (2, "", message.format(root=handbook))


def test_no_handbook_here_is_a_usage_error(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.code == 2
    assert result.err.startswith(f"irdocs: no documents found for the handbook at {tmp_path}")


def test_unknown_option_is_a_usage_error(run: Run) -> None:
    result = run("validate", "--format", "xml")
    assert result.code == 2
    assert "invalid choice: 'xml'" in result.err


def test_help_lists_the_exit_codes(run: Run) -> None:
    result = run("validate", "--help")
    assert result.code == 0
    assert "0 clean, 1 findings, 2 usage or configuration error, 3 internal error" in result.out


def test_an_internal_error_exits_3_with_a_report_line(
    handbook: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("irdocs.documents.reading.read", broken)
    result = run("validate")
    assert result.code == 3
    assert result.err == (
        "irdocs: internal error: ZeroDivisionError: boom\n"
        "This is a bug in irdocs; please report it with the output of "
        "--verbose.\n"
    )


@pytest.mark.parametrize(
    "written",
    ['"INC-2026-03-04-checkout-eu-errors"', "&anchor INC-2026-03-04-checkout-eu-errors"],
    ids=["quoted", "anchored"],
)
def test_ids_of_other_documents_are_found_however_written(
    handbook: Path, run: Run, written: str
) -> None:
    other = handbook / "incidents" / "INC-2026-03-04-checkout-eu-errors.md"
    other.write_text(
        other.read_text().replace("id: INC-2026-03-04-checkout-eu-errors", f"id: {written}")
    )
    shutil.copyfile(
        CASES / "IR501" / "bad" / "incidents" / "duplicate-id.md",
        handbook / "incidents" / "duplicate-id.md",
    )
    result = run("validate", "incidents/duplicate-id.md")
    assert (
        result.out == (CASES / "IR501" / "bad" / "incidents" / "duplicate-id.expected").read_text()
    )
