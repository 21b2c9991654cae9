"""Levels end to end: each rule's default, ``levels`` in the configuration and its overrides,
``--fail-on``, the level in every output format and the summary's counts by level.

The rules are throwaway ones (codes IR99x): IR991 an error by default, IR995 a warning.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Run, printed_line
from irdocs.finding import Finding
from irdocs.lint import registry
from irdocs.lint.document import LintDocument

RUNBOOK = Path("runbooks/checkout/rollback-deploy.md")
INCIDENT = Path("incidents/INC-2026-04-10-search-latency.md")


@pytest.fixture(autouse=True)
def rules() -> Iterator[None]:
    real = registry.all_rules()
    registry.RULES.clear()

    def marker(code: str, word: str) -> registry.DocumentCheck:
        def check(document: LintDocument) -> Iterator[Finding]:
            for offset, line in enumerate(document.body.split("\n")):
                if word in line:
                    yield document.finding(
                        code, f"found {word}", line=document.body_line + offset, column=1
                    )

        check.__doc__ = f"A line that says {word}."
        check.__qualname__ = f"check_{code}"
        return check

    registry.document_rule("IR991", "test-error", "runbook", "incident")(marker("IR991", "ERR"))
    registry.document_rule("IR995", "test-warning", "runbook", "incident", level="warning")(
        marker("IR995", "WARN")
    )
    yield
    registry.RULES.clear()
    registry.RULES.update(real)


def _append(handbook: Path, path: Path, text: str) -> None:
    with (handbook / path).open("a", encoding="utf-8") as stream:
        stream.write(f"\n{text}\n")


def _config(handbook: Path, text: str) -> None:
    with (handbook / "irdocs.toml").open("a", encoding="utf-8") as stream:
        stream.write(text)  # the fixture's [lint] table is its last


def test_a_warning_is_marked_and_does_not_fail_the_run(handbook: Path, run: Run) -> None:
    _append(handbook, RUNBOOK, "WARN here")
    result = run("lint", "--no-cache")
    assert result.out == "runbooks/checkout/rollback-deploy.md:42:1: IR995 [warning] found WARN\n"
    assert result.err == "4 documents checked: 1 warning in 1 file\n"
    assert result.code == 0
    assert run("lint", "--no-cache", "--fail-on", "warning").code == 1


def test_errors_keep_the_plain_grammar_and_the_summary_counts_each_level(
    handbook: Path, run: Run
) -> None:
    _append(handbook, RUNBOOK, "ERR and WARN")
    _append(handbook, INCIDENT, "WARN")
    result = run("lint", "--no-cache")
    assert result.code == 1
    assert result.out == (
        "incidents/INC-2026-04-10-search-latency.md:20:1: IR995 [warning] found WARN\n"
        "runbooks/checkout/rollback-deploy.md:42:1: IR991 found ERR\n"
        "runbooks/checkout/rollback-deploy.md:42:1: IR995 [warning] found WARN\n"
    )
    assert result.err == "4 documents checked: 1 error, 2 warnings in 2 files\n"


def test_levels_in_the_configuration_longest_prefix_wins(handbook: Path, run: Run) -> None:
    _append(handbook, RUNBOOK, "ERR and WARN")
    _config(handbook, 'levels = { IR99 = "info", IR995 = "error" }\n')
    result = run("lint", "--no-cache")
    assert result.out == (
        "runbooks/checkout/rollback-deploy.md:42:1: IR991 [info] found ERR\n"
        "runbooks/checkout/rollback-deploy.md:42:1: IR995 found WARN\n"
    )
    assert result.err == "4 documents checked: 1 error, 1 info in 1 file\n"
    assert result.code == 1


def test_fail_on(handbook: Path, run: Run) -> None:
    _append(handbook, RUNBOOK, "ERR")
    _config(handbook, 'levels = { IR991 = "info" }\n')
    assert run("lint", "--no-cache").code == 0
    assert run("lint", "--no-cache", "--fail-on", "warning").code == 0
    assert run("lint", "--no-cache", "--fail-on", "info").code == 1
    result = run("lint", "--fail-on", "notice")
    assert result.code == 2
    assert "invalid choice: 'notice'" in result.err


def test_an_override_sets_levels_for_its_folder_and_a_later_one_wins(
    handbook: Path, run: Run
) -> None:
    _append(handbook, RUNBOOK, "ERR")
    _append(handbook, INCIDENT, "ERR")
    _config(
        handbook,
        '\n[[lint.overrides]]\npaths = ["runbooks/"]\nlevels = { IR991 = "warning" }\n'
        '\n[[lint.overrides]]\npaths = ["runbooks/checkout/*.md"]\nlevels = { IR9 = "info" }\n',
    )
    assert run("lint", "--no-cache").out == (
        "incidents/INC-2026-04-10-search-latency.md:20:1: IR991 found ERR\n"
        "runbooks/checkout/rollback-deploy.md:42:1: IR991 [info] found ERR\n"
    )


def test_validation_codes_are_always_errors(handbook: Path, run: Run) -> None:
    @registry.document_rule("IR199", "test-one-hundred", "runbook")
    def one_hundred(document: LintDocument) -> Iterator[Finding]:
        """Always."""
        yield document.finding("IR199", "always")

    (handbook / "runbooks" / "bare.md").write_text("WARN\n")
    _config(handbook, 'levels = { IR1 = "info" }\n')
    result = run("lint", "--no-cache", "runbooks/bare.md")
    assert result.out == (
        "runbooks/bare.md:1:1: IR105 no front matter: the first line must be '---'\n"
        "runbooks/bare.md:1:1: IR199 [info] always\n"
        "runbooks/bare.md:1:1: IR995 [warning] found WARN\n"
    )
    assert result.code == 1


@pytest.mark.parametrize(
    ("table", "error"),
    [
        (
            'levels = { IR991 = "warn" }',
            "lint.levels.IR991: {...}",  # jsonschema's words: where, and that it says something
        ),
        ('levels = { IR998 = "info" }', "lint.levels: no code starts with IR998; see docs/rules/"),
        (
            'levels = { IR105 = "warning" }',
            "lint.levels: IR105: validation codes are always errors; fix the documents, or "
            "ignore the code",
        ),
        (
            '[[lint.overrides]]\npaths = ["runbooks/"]\nlevels = { IR10 = "info" }',
            "lint.overrides.0.levels: IR10: validation codes are always errors; fix the "
            "documents, or ignore the code",
        ),
    ],
    ids=["unknown-level", "unknown-code", "validation-code", "validation-prefix-in-override"],
)
def test_a_wrong_level_is_a_configuration_error(
    handbook: Path, run: Run, table: str, error: str
) -> None:
    _config(handbook, f"{table}\n")
    result = run("lint", "--no-cache")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"irdocs: {handbook / 'irdocs.toml'}:")
    assert printed_line(result.err, f"irdocs: {handbook / 'irdocs.toml'}:{{...}}: IR001 {error}")
    assert result.err.count("\n") == 1


def test_json_github_and_sarif_carry_the_level(handbook: Path, run: Run) -> None:
    _append(handbook, RUNBOOK, "ERR and WARN")
    _append(handbook, INCIDENT, "ERR")
    _config(handbook, '\n[[lint.overrides]]\npaths = ["incidents/"]\nlevels = { IR991 = "info" }\n')
    levels = [f["level"] for f in json.loads(run("lint", "--no-cache", "--format", "json").out)]
    assert levels == ["info", "error", "warning"]
    github = run("lint", "--no-cache", "--format", "github").out.splitlines()
    assert [line.split(" ", 1)[0] for line in github] == ["::notice", "::error", "::warning"]
    log = json.loads(run("lint", "--no-cache", "--format", "sarif").out)["runs"][0]
    assert [r["level"] for r in log["results"]] == ["note", "error", "warning"]
    rules = log["tool"]["driver"]["rules"]
    defaults = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in rules}
    assert [defaults[code] for code in ("IR991", "IR995", "IR105")] == ["error", "warning", "error"]
