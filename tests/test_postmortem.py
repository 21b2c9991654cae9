"""``irdocs postmortem``: scaffolds that validate, leave only the people's sections, never
overwrite, follow the handbook's own template, and list the commits of the incident window."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import git
import pytest
import yaml

from conftest import REPO, Run
from irdocs.config import find
from irdocs.lint.placeholders import find_placeholders
from irdocs.postmortems.draft import BUILT_IN

EXAMPLE_INCIDENTS = sorted((REPO / "incidents").glob("INC-*.md"))
PEOPLE_WRITE = {
    "Summary",
    "Impact",
    "Root cause",
    "Trigger",
    "What went well",
    "What went wrong",
    "Where we got lucky",
    "Action items",
    "Lessons learned",
}
"""Sections with a TODO line: everything else the generator fills in completely."""


def _front(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text().split("---\n")[1])
    assert isinstance(data, dict)
    return data


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example handbook with its postmortems moved aside, as the working dir."""
    root = tmp_path / "example"
    root.mkdir()
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    for folder in ("incidents", "runbooks"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "postmortems").mkdir()
    monkeypatch.chdir(root)
    return root


def _todo_sections(text: str) -> dict[str, int]:
    """Level-2 section of each TODO line, with the line number."""
    section, found = "", {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("## "):
            section = line[3:]
        elif line.startswith("TODO: "):
            found[section] = number
    return found


def test_every_required_example_postmortem_validates_and_leaves_only_todo_lines(
    example: Path, run: Run
) -> None:
    config = find(example)
    required = {level.name for level in config.severities if level.postmortem == "required"}
    needing = [p for p in EXAMPLE_INCIDENTS if _front(p)["severity"] in required]
    assert len(needing) == 6
    for incident in needing:
        front = _front(incident)
        result = run("postmortem", str(front["id"]))
        path = f"postmortems/{front['id']}.md"
        assert (result.code, result.out.splitlines()[-1]) == (0, path), result.err
        text = (example / path).read_text()
        resolved = str(front["resolved"])[:10]
        assert run("validate", "--today", resolved, path) == type(result)(
            0, "", "1 document checked: all valid\n"
        )
        headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
        assert headings == list(config.lint.sections_for(str(front["severity"])))
        todos = _todo_sections(text)
        assert set(todos) <= PEOPLE_WRITE
        body_start = text.index("---\n", 4) + 4
        offset = text[:body_start].count("\n")
        placeholders = {offset + line + 1 for line, _, _ in find_placeholders(text[body_start:])}
        assert placeholders == set(todos.values()), path
        linted = run("lint", path).out.splitlines()  # late by today's date: IR504 on status
        reported = {int(line.split(":")[1]) for line in linted if " IR303 " in line}
        assert reported == placeholders  # lint names every placeholder the draft left, no other
        assert all(" IR303 " in line or " IR504 " in line for line in linted), linted
    assert run("validate", "--today", "2025-12-20").code == 0  # every incident links its file


@pytest.mark.parametrize("incident", EXAMPLE_INCIDENTS, ids=lambda path: path.stem)
def test_stdout_prints_the_scaffold_with_the_severity_s_sections_and_writes_nothing(
    example: Path, run: Run, incident: Path
) -> None:
    front = _front(incident)
    result = run("postmortem", "--stdout", str(front["id"]))
    assert result.code == 0
    assert list((example / "postmortems").iterdir()) == []
    assert result.out.startswith(f"---\nincident: {front['id']}\n")
    headings = re.findall(r"^## (.+)$", result.out, flags=re.MULTILINE)
    assert headings == list(find(example).lint.sections_for(str(front["severity"])))
    assert "${" not in result.out and "$" not in result.out.replace("$$", "")


def test_built_in_templates_have_exactly_the_default_sections() -> None:
    config = find(REPO)
    for severity in config.severity_names:
        template = BUILT_IN / f"postmortem-{severity}.md"
        text = (template if template.is_file() else BUILT_IN / "postmortem.md").read_text()
        headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
        assert headings == list(config.lint.sections_for(severity)), severity


def test_refuses_to_overwrite_and_leaves_the_file_unchanged(handbook: Path, run: Run) -> None:
    existing = handbook / "postmortems" / "INC-2026-03-04-checkout-eu-errors.md"
    before = existing.read_bytes()
    result = run("postmortem", "INC-2026-03-04-checkout-eu-errors")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "irdocs: postmortems/INC-2026-03-04-checkout-eu-errors.md already exists; irdocs never "
        "overwrites a postmortem (edit it, or use --stdout to see a fresh one)\n"
    )
    assert existing.read_bytes() == before
    assert run("postmortem", "--stdout", "INC-2026-03-04-checkout-eu-errors").code == 0


def test_refuses_when_another_file_holds_the_incident_s_postmortem(
    handbook: Path, run: Run
) -> None:
    folder = handbook / "postmortems"
    (folder / "INC-2026-03-04-checkout-eu-errors.md").rename(folder / "eu-errors.md")
    result = run("postmortem", "INC-2026-03-04-checkout-eu-errors")
    assert (result.code, result.err.split(" already")[0]) == (1, "irdocs: postmortems/eu-errors.md")
    assert sorted(path.name for path in folder.iterdir()) == ["eu-errors.md"]


def test_an_unknown_incident_is_a_usage_error(handbook: Path, run: Run) -> None:
    result = run("postmortem", "INC-2026-01-01-nothing")
    assert result.code == 2
    assert result.err.startswith("irdocs: no valid incident with ID 'INC-2026-01-01-nothing'")


def test_the_handbook_s_own_template_per_severity(handbook: Path, run: Run) -> None:
    (handbook / "postmortems" / "INC-2026-03-04-checkout-eu-errors.md").unlink()
    templates = handbook / "templates"
    templates.mkdir()
    (templates / "postmortem-SEV-2.md").write_text(
        "---\n${front_matter}reviewers: [Sofia Lindqvist]\n---\n\n## Summary\n\n${summary}\n\n"
        "## Timeline\n\n${timeline}\n\n## Costs\n\n<!-- In EUR. -->\nTODO: add the costs.\n"
    )
    (templates / "postmortem.md").write_text("---\n${front_matter}---\n\n## Other\n\n${id}\n")
    written = run("postmortem", "--author", "Mei Lin", "INC-2026-03-04-checkout-eu-errors")
    assert written.out == "postmortems/INC-2026-03-04-checkout-eu-errors.md\n"
    text = (handbook / "postmortems" / "INC-2026-03-04-checkout-eu-errors.md").read_text()
    assert text.startswith(
        "---\nincident: INC-2026-03-04-checkout-eu-errors\ntitle: Checkout errors for EU "
        "customers\nseverity: SEV-2\nstatus: draft\nauthors: [Mei Lin]\n"
        "reviewers: [Sofia Lindqvist]\n---\n\n## Summary\n\nA SEV-2 incident in checkout on "
        "Wednesday 4 March 2026: Checkout errors for EU customers. Incident record: "
        "[INC-2026-03-04-checkout-eu-errors](../incidents/INC-2026-03-04-checkout-eu-errors.md)."
    )
    assert "| 2026-03-04 09:12 | Impact starts |" in text
    assert text.endswith("## Costs\n\n<!-- In EUR. -->\nTODO: add the costs.\n")
    other = run("postmortem", "--stdout", "INC-2026-04-10-search-latency", "--author", "Mei Lin")
    assert other.out.endswith("## Other\n\nINC-2026-04-10-search-latency\n")


@pytest.mark.parametrize(
    ("template", "code", "message"),
    [
        ("---\n${front_matter}---\n\n${cost}\n", 2, "unknown placeholder ${cost}; known: "),
        ("---\n${front_matter}---\n\nUSD 5$\n", 2, "write $$ for a dollar sign"),
        ("---\n${front_matter}status: done\n---\n", 1, "gives a postmortem that cannot be read"),
        ("---\n${front_matter}cost: 5\n---\n", 1, "gives an invalid postmortem; nothing written"),
    ],
    ids=["unknown-placeholder", "lone-dollar", "duplicate-key", "invalid"],
)
def test_a_broken_template_writes_nothing(
    handbook: Path, run: Run, template: str, code: int, message: str
) -> None:
    (handbook / "templates").mkdir()
    (handbook / "templates" / "postmortem.md").write_text(template)
    result = run("postmortem", "INC-2026-04-10-search-latency", "--author", "Mei Lin")
    assert result.code == code
    assert message in result.err
    assert not (handbook / "postmortems" / "INC-2026-04-10-search-latency.md").exists()


def _commit(repository: git.Repo, name: str, when: str) -> str:
    (Path(repository.working_dir) / name).write_text(name)
    repository.index.add([name])
    author = git.Actor("Aisha Bello", "aisha@example.com")
    moment = datetime.fromisoformat(when)
    stamp = f"{int(moment.timestamp())} {moment:%z}"  # git's own format keeps the offset
    commit = repository.index.commit(
        f"Change {name}\n\nBody line.",
        author=author,
        committer=author,
        author_date=stamp,
        commit_date=stamp,
    )
    return commit.hexsha[:10]


def test_commits_in_the_incident_window_in_a_real_repository(handbook: Path, run: Run) -> None:
    service = handbook.parent / "checkout-service"
    service.mkdir()
    repository = git.Repo.init(service)
    try:
        _commit(repository, "two-days-before", "2026-03-02T12:00:00+00:00")
        _commit(repository, "just-outside", "2026-03-03T09:11:00+00:00")
        first = _commit(repository, "day-before", "2026-03-03T10:00:00+01:00")  # 09:00 UTC: out
        inside = _commit(repository, "morning", "2026-03-04T10:05:00+01:00")
        edge = _commit(repository, "at-resolution", "2026-03-04T11:30:00+00:00")
        _commit(repository, "after", "2026-03-04T11:31:00+00:00")
    finally:
        repository.close()
    config = handbook / "irdocs.toml"
    top = 'repositories = ["../checkout-service", "nowhere"]\n'  # top level: before any [table]
    config.write_text(top + config.read_text())
    result = run("postmortem", "--stdout", "INC-2026-03-04-checkout-eu-errors")
    trigger = result.out.split("## Trigger\n\n")[1].split("\n\n<!--")[0]
    assert trigger == (
        "Commits from 2026-03-03 09:12 UTC (a day before the incident began) to 2026-03-04 "
        "11:30 UTC, newest first:\n\n"
        f"- `{edge}` 2026-03-04 11:30 UTC, checkout-service, Aisha Bello: Change at-resolution\n"
        f"- `{inside}` 2026-03-04 09:05 UTC, checkout-service, Aisha Bello: Change morning\n"
        "\nNot searched: nowhere (" + str(handbook / "nowhere") + " is not a Git repository)."
    )
    assert first not in result.out


def test_the_window_of_an_open_incident_ends_now() -> None:
    from irdocs.documents.model import Incident, Roles
    from irdocs.postmortems.draft import window_of

    start = datetime(2026, 11, 20, 7, 15, tzinfo=UTC)
    incident = Incident(
        *("incidents/x.md", "INC-2026-11-20-x", "X", "SEV-4", "monitoring", ("checkout",)),
        *("subset", "Some.", "customer", Roles(), start, None, None, start, None, None),
        *((), (), None, ()),
    )
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert window_of(incident, now) == (datetime(2026, 11, 19, 7, 15, tzinfo=UTC), now)


def test_a_severity_change_is_in_the_summary_and_the_timeline(handbook: Path, run: Run) -> None:
    declared = run(
        "declare", "--severity", "SEV-2", "--title", "Checkout errors in EU", "--service",
        "checkout", "--commander", "Priya Raman", "--at", "2026-03-04T05:50:00+00:00",
    )  # fmt: skip
    incident = Path(declared.out.splitlines()[-1]).stem
    raised = run(
        "severity", incident, "SEV-1", "--reason", "Payments fail in every region",
        "--at", "2026-03-04T06:20:00+00:00",
    )  # fmt: skip
    assert raised.code == 0, raised.err
    result = run("postmortem", incident, "--stdout")
    assert result.code == 0, result.err
    assert (
        "A SEV-1 incident in checkout on Wednesday 4 March 2026 "
        "(declared SEV-2, raised to SEV-1 at 06:20 UTC): Checkout errors in EU." in result.out
    )
    assert "| 2026-03-04 05:50 | Declared SEV-2; Priya Raman is incident commander |" in result.out
    assert (
        "| 2026-03-04 06:20 | Severity raised from SEV-2 to SEV-1: "
        "Payments fail in every region |" in result.out
    )
    assert "Declared SEV-1" not in result.out
