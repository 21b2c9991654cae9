"""The lint engine end to end: selection, per-file ignores, inline suppression, the output
formats, the cache, --changed in real git repositories, and one file linted in a handbook.

The rules here are throwaway ones registered by a fixture (codes IR99x, which irdocs itself never
has), so these tests do not depend on the real rules written elsewhere.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import git
import jsonschema
import pytest

from conftest import Run
from irdocs.documents.handbook import Handbook
from irdocs.finding import Finding
from irdocs.lint import registry
from irdocs.lint.document import LintDocument

SARIF_SCHEMA = Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json"
RUNBOOK = Path("runbooks/checkout/rollback-deploy.md")
INCIDENT = Path("incidents/INC-2026-04-10-search-latency.md")
POSTMORTEM = Path("postmortems/INC-2026-03-04-checkout-eu-errors.md")
TEST_CODES = ("IR991", "IR992", "IR993", "IR994")


@pytest.fixture
def calls() -> Iterator[Counter[str]]:
    """Register the throwaway rules in place of the real ones (these tests are of the engine,
    the rules have their own); count how often each runs (per document or handbook)."""
    counted: Counter[str] = Counter()
    real = registry.all_rules()
    registry.RULES.clear()

    @registry.document_rule("IR991", "test-marker", "runbook", "incident")
    def marker(document: LintDocument) -> Iterator[Finding]:
        """A line that says TEST-MARKER."""
        counted["IR991"] += 1
        for offset, line in enumerate(document.body.split("\n")):
            if "TEST-MARKER" in line:
                yield document.finding(
                    "IR991",
                    f"marker {line.strip()}",
                    line=document.body_line + offset,
                    column=line.index("TEST-MARKER") + 1,
                )

    @registry.document_rule("IR992", "test-slow-title", "incident")
    def slow_title(document: LintDocument) -> Iterator[Finding]:
        """An incident whose title says 'Slow'."""
        counted["IR992"] += 1
        if str(document.data.get("title", "")).startswith("Slow"):
            yield document.finding("IR992", "title: 50%, of: titles\nare slow", at=("title",))

    @registry.document_rule("IR993", "test-severity-matches", "postmortem", handbook=True)
    def severity_matches(document: LintDocument) -> Iterator[Finding]:
        """A postmortem's severity differs from its incident's."""
        counted["IR993"] += 1
        assert document.handbook is not None
        incident = document.handbook.incidents.get(document.data["incident"])
        if incident is not None and incident.severity != document.data["severity"]:
            yield document.finding(
                "IR993", f"severity: incident is {incident.severity}", at=("severity",)
            )

    @registry.handbook_rule("IR994", "test-runbook-count")
    def runbook_count(handbook: Handbook) -> Iterator[Finding]:
        """More than one runbook."""
        counted["IR994"] += 1
        runbooks = sorted(handbook.runbooks.values(), key=lambda runbook: runbook.path)
        for runbook in runbooks[1:]:
            yield Finding(runbook.path, 1, 1, "IR994", f"{len(runbooks)} runbooks")

    yield counted
    registry.RULES.clear()
    registry.RULES.update(real)


def _mark(handbook: Path, path: Path = RUNBOOK, text: str = "TEST-MARKER one") -> None:
    with (handbook / path).open("a", encoding="utf-8") as stream:
        stream.write(f"\n{text}\n")


def _append_config(handbook: Path, text: str) -> None:
    config = handbook / "irdocs.toml"
    if "[lint]\n" in text and "[lint]\n" in config.read_text():
        text = text.replace("[lint]\n", "")  # the fixture's [lint] is its last table
    with config.open("a", encoding="utf-8") as stream:
        stream.write(text)


# --- selection --------------------------------------------------------------------------------


def test_every_rule_runs_by_default_and_findings_are_sorted(
    handbook: Path, run: Run, calls: Counter[str]
) -> None:
    _mark(handbook)
    result = run("lint", "--no-cache")
    assert result.code == 1
    assert result.out == (
        "incidents/INC-2026-04-10-search-latency.md:3:8: IR992 title: 50%, of: titles\\nare slow\n"
        "runbooks/checkout/rollback-deploy.md:42:1: IR991 marker TEST-MARKER one\n"
    )
    assert result.err == "4 documents checked: 2 errors in 2 files\n"


def test_select_replaces_the_configuration_and_ignore_adds_to_it(
    handbook: Path, run: Run, calls: Counter[str]
) -> None:
    _mark(handbook)
    _append_config(handbook, '\n[lint]\nselect = ["IR992"]\nignore = ["IR993"]\n')
    assert "IR991" not in run("lint", "--no-cache").out
    assert run("lint", "--no-cache", "--select", "IR991").out.count("IR99") == 1
    assert run("lint", "--no-cache", "--select", "IR99", "--ignore", "IR991").out.count("IR99") == 1
    assert run("lint", "--no-cache", "--select", "IR99", "--ignore", "IR99").code == 0


def test_an_unknown_code_is_a_usage_error(handbook: Path, run: Run, calls: Counter[str]) -> None:
    result = run("lint", "--select", "IR999")
    assert (result.code, result.out) == (2, "")
    assert result.err == "irdocs: --select: no code starts with IR999; see docs/rules/\n"
    _append_config(handbook, '\n[lint]\nignore = ["IR98"]\n')
    result = run("lint")
    assert result.code == 2
    assert "IR001 lint.ignore: no code starts with IR98" in result.err


def test_per_file_ignores_are_globs_from_the_root(
    handbook: Path, run: Run, calls: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _mark(handbook)
    _mark(handbook, INCIDENT)
    _append_config(handbook, '\n[lint.per_file_ignores]\n"runbooks/checkout/*.md" = ["IR991"]\n')
    monkeypatch.chdir(handbook / "incidents")  # globs are from the root, not the working folder
    out = run("lint", "--no-cache", "--select", "IR991").out
    assert out == "INC-2026-04-10-search-latency.md:20:1: IR991 marker TEST-MARKER one\n"


# --- inline suppression -----------------------------------------------------------------------


def test_disable_enable_and_disable_next_line(
    handbook: Path, run: Run, calls: Counter[str]
) -> None:
    lines = [
        "TEST-MARKER 1",
        "<!-- irdocs: disable=IR991 -->",
        "TEST-MARKER 2",
        "<!-- irdocs: enable=IR991 -->",
        "TEST-MARKER 3",
        "<!-- irdocs: disable-next-line=IR9 -->",
        "TEST-MARKER 4",
        "TEST-MARKER 5",
        "<!-- irdocs: disable -->",
        "TEST-MARKER 6",
        "<!-- irdocs: enable=IR991 -->",
        "TEST-MARKER 7",
        "```markdown",
        "<!-- irdocs: disable=IR991 -->",
        "```",
        "TEST-MARKER 8",
        "<!-- irdocs: disable=IR991 -->",
        "TEST-MARKER 9",
    ]
    _mark(handbook, text="\n".join(lines))
    out = run("lint", "--no-cache", "--select", "IR991", str(RUNBOOK)).out
    assert [line.rsplit(" ", 1)[1] for line in out.splitlines()] == ["1", "3", "5", "7", "8"]


def test_a_disable_before_the_body_covers_the_front_matter(
    handbook: Path, run: Run, calls: Counter[str]
) -> None:
    path = handbook / INCIDENT
    text = path.read_text()
    head, body = text.split("---\n", 2)[1:]
    path.write_text(f"---\n{head}---\n\n<!-- irdocs: disable=IR992 -->\n{body}")
    assert run("lint", "--no-cache", str(INCIDENT)).code == 0
    path.write_text(f"---\n{head}---\n\nSome words first.\n<!-- irdocs: disable=IR992 -->\n{body}")
    assert "IR992" in run("lint", "--no-cache", str(INCIDENT)).out


# --- formats ----------------------------------------------------------------------------------


def test_github_format_escapes_data_and_properties(
    handbook: Path, run: Run, calls: Counter[str]
) -> None:
    result = run("lint", "--no-cache", "--format", "github", "--select", "IR992")
    assert result.code == 1
    assert result.out == (
        "::error file=incidents/INC-2026-04-10-search-latency.md,line=3,col=8,"
        "title=IR992 test-slow-title::title: 50%25, of: titles%0Aare slow\n"
    )


def test_sarif_is_valid_against_the_official_schema(
    handbook: Path, run: Run, calls: Counter[str]
) -> None:
    _mark(handbook)
    (handbook / "incidents" / "broken name.md").write_text("no front matter\n")
    result = run("lint", "--no-cache", "--format", "sarif")
    assert result.code == 1
    log = json.loads(result.out)
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(log)] == []
    sarif_run = log["runs"][0]
    rules = sarif_run["tool"]["driver"]["rules"]
    results = {r["ruleId"]: r for r in sarif_run["results"]}
    assert set(results) == {"IR105", "IR991", "IR992"}
    for code, result_ in results.items():
        assert rules[result_["ruleIndex"]]["id"] == code
        # no documentation address configured: the help names the page, no helpUri is made up
        assert rules[result_["ruleIndex"]]["help"]["text"].startswith(f"{code}: see docs/")
        assert result_["partialFingerprints"]
    location = results["IR105"]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "incidents/broken%20name.md",
        "uriBaseId": "%SRCROOT%",
    }
    assert location["region"] == {"startLine": 1, "startColumn": 1}
    assert results["IR991"]["message"]["text"] == "marker TEST-MARKER one"


def test_json_findings_have_the_shape_validate_prints(handbook: Path, run: Run) -> None:
    path = handbook / INCIDENT
    path.write_text(path.read_text().replace("severity: SEV-3", "severity: high"))
    linted = run("lint", "--no-cache", "--format", "json")
    validated = run("validate", "--format", "json")
    assert linted.code == validated.code == 1
    assert json.loads(linted.out) == json.loads(validated.out)
    assert list(json.loads(linted.out)[0]) == [
        "path",
        "line",
        "column",
        "code",
        "level",
        "message",
    ]


# --- cache ------------------------------------------------------------------------------------


def test_a_warm_cache_reruns_nothing_and_reports_the_same(
    handbook: Path, run: Run, calls: Counter[str]
) -> None:
    _mark(handbook)
    first = run("lint")
    assert (handbook / ".irdocs-cache" / "lint.json").is_file()
    assert calls == Counter({"IR991": 3, "IR992": 2, "IR993": 1, "IR994": 1})
    calls.clear()
    second = run("lint")
    assert (second.code, second.out) == (first.code, first.out)
    assert calls == Counter()


def test_a_content_change_reruns_that_document_and_the_handbook_rules(
    handbook: Path, run: Run, calls: Counter[str]
) -> None:
    run("lint")
    calls.clear()
    _mark(handbook)
    result = run("lint")
    assert "rollback-deploy.md:42:1: IR991 marker TEST-MARKER one" in result.out
    assert calls == Counter({"IR991": 1, "IR993": 1, "IR994": 1})


def test_a_same_size_edit_is_seen(handbook: Path, run: Run, calls: Counter[str]) -> None:
    _mark(handbook, text="TEST-MARKER aaa")
    assert "marker TEST-MARKER aaa" in run("lint").out
    _mark_path = handbook / RUNBOOK
    stat = _mark_path.stat()
    _mark_path.write_text(_mark_path.read_text().replace("aaa", "bbb"))
    assert _mark_path.stat().st_size == stat.st_size
    assert "marker TEST-MARKER bbb" in run("lint").out


def test_a_config_change_invalidates_everything(
    handbook: Path, run: Run, calls: Counter[str]
) -> None:
    run("lint")
    calls.clear()
    _append_config(handbook, "\n# a comment changes the bytes\n")
    run("lint")
    assert calls == Counter({"IR991": 3, "IR992": 2, "IR993": 1, "IR994": 1})


@pytest.mark.parametrize(
    "garbage",
    ["", "{", "[]", '{"format": 1, "key": 3}', '{"format": 1}', "\x00\xff"],
    ids=["empty", "truncated", "list", "wrong-key", "no-key", "binary"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(
    handbook: Path, run: Run, calls: Counter[str], garbage: str
) -> None:
    _mark(handbook)
    expected = run("lint", "--no-cache")
    (handbook / ".irdocs-cache").mkdir()
    (handbook / ".irdocs-cache" / "lint.json").write_text(garbage)
    assert run("lint") == expected
    assert run("lint") == expected
    json.loads((handbook / ".irdocs-cache" / "lint.json").read_text())


def test_corrupt_entries_are_recomputed(handbook: Path, run: Run, calls: Counter[str]) -> None:
    _mark(handbook)
    expected = run("lint")
    cache = handbook / ".irdocs-cache" / "lint.json"
    payload = json.loads(cache.read_text())
    for entry in payload["documents"].values():
        entry[3] = [["not", "a", "finding"]]
        entry[5] = 7
    payload["handbook"] = ["key", "nonsense"]
    cache.write_text(json.dumps(payload))
    assert run("lint") == expected


def test_rules_not_selected_do_not_run_and_a_selected_run_caches_nothing_partial(
    handbook: Path, run: Run, calls: Counter[str]
) -> None:
    _mark(handbook)
    expected = run("lint", "--no-cache")
    calls.clear()
    selected = run("lint", "--select", "IR991")
    assert "IR991 marker TEST-MARKER one" in selected.out
    assert calls == Counter({"IR991": 3})
    calls.clear()
    assert run("lint") == expected  # what the selected run found was not cached as complete
    assert calls == Counter({"IR991": 3, "IR992": 2, "IR993": 1, "IR994": 1})


def test_no_cache_writes_nothing(handbook: Path, run: Run) -> None:
    assert run("lint", "--no-cache").code == 0
    assert not (handbook / ".irdocs-cache").exists()


# --- one file, and --changed ------------------------------------------------------------------


def test_one_file_is_checked_against_the_rest_of_the_handbook(
    handbook: Path, run: Run, calls: Counter[str]
) -> None:
    incident = handbook / "incidents" / "INC-2026-03-04-checkout-eu-errors.md"
    incident.write_text(incident.read_text().replace("severity: SEV-2", "severity: SEV-1"))
    twin = handbook / "incidents" / "twin.md"
    twin.write_text((handbook / INCIDENT).read_text())
    result = run("lint", str(POSTMORTEM), "incidents/twin.md")
    assert result.out == (
        "incidents/twin.md:2:5: IR501 id: duplicate incident ID 'INC-2026-04-10-search-latency', "
        "also in incidents/INC-2026-04-10-search-latency.md; each must be unique\n"
        "incidents/twin.md:3:8: IR992 title: 50%, of: titles\\nare slow\n"
        "postmortems/INC-2026-03-04-checkout-eu-errors.md:4:11: IR993 severity: incident is SEV-1\n"
    )
    assert result.err == "2 documents checked: 3 errors in 2 files\n"
    assert calls["IR992"] == 1  # the other incidents were read for their IDs only
    # the same answer from a warm cache, and from a full run filtered to the file
    assert run("lint", str(POSTMORTEM), "incidents/twin.md").out == result.out
    assert "IR993 severity: incident is SEV-1" in run("lint").out


def _repository(root: Path) -> git.Repo:
    repository = git.Repo.init(root, initial_branch="main")
    with repository.config_writer() as config:
        config.set_value("user", "name", "Test")
        config.set_value("user", "email", "test@example.com")
    repository.index.add([p.relative_to(root).as_posix() for p in root.rglob("*.md")])
    repository.index.add(["irdocs.toml"])
    repository.index.commit("handbook")
    return repository


def test_changed_lints_committed_staged_unstaged_and_untracked(
    handbook: Path, run: Run, calls: Counter[str]
) -> None:
    repository = _repository(handbook)
    try:
        repository.git.checkout("-b", "feature")
        _mark(handbook, INCIDENT, "TEST-MARKER committed")
        repository.index.add([INCIDENT.as_posix()])
        repository.index.commit("committed on the branch")
        _mark(handbook, RUNBOOK, "TEST-MARKER staged")
        repository.index.add([RUNBOOK.as_posix()])
        _mark(handbook, POSTMORTEM, "unstaged")
        new = Path("incidents/INC-2026-05-01-new.md")
        (handbook / new).write_text(
            (handbook / INCIDENT).read_text().replace("2026-04-10-search", "2026-05-01-new")
        )
    finally:
        repository.close()
    result = run("lint", "--changed", "main", "--select", "IR991")
    assert result.out == (
        "incidents/INC-2026-04-10-search-latency.md:20:1: IR991 marker TEST-MARKER committed\n"
        "incidents/INC-2026-05-01-new.md:20:1: IR991 marker TEST-MARKER committed\n"
        "runbooks/checkout/rollback-deploy.md:42:1: IR991 marker TEST-MARKER staged\n"
    )
    assert result.err == "4 documents checked: 3 errors in 3 files\n"
    assert run("lint", "--changed", "--select", "IR991").out == result.out  # default: main
    assert run("lint", "--changed", "HEAD", "--select", "IR991").err.startswith("3 documents")


def test_changed_needs_a_repository_and_a_ref(handbook: Path, run: Run) -> None:
    result = run("lint", "--changed")
    assert result.code == 2
    assert "--changed needs a git repository" in result.err
    _repository(handbook).close()
    result = run("lint", "--changed", "no-such-branch")
    assert result.code == 2
    assert result.err.startswith("irdocs: --changed no-such-branch: no such commit")
    result = run("lint", str(RUNBOOK), "--changed")
    assert (result.code, result.err) == (2, "irdocs: give PATHs or --changed, not both\n")
