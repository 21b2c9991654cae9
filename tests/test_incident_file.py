"""incidents/incident_file.py in-process: finding an incident by ID, prefix or path; reading and
writing it back byte for byte; refusing what would not validate, what changed on disk, what
exists already; committing one file. The lifecycle tests drive the same code through commands."""

from __future__ import annotations

import shutil
from pathlib import Path

import git
import pytest
from ruamel.yaml.comments import CommentedMap

from conftest import git_repository
from irdocs import config as configuration
from irdocs.config import Config
from irdocs.errors import IrdocsError, UsageError
from irdocs.incidents import incident_file

CHECKOUT = "INC-2026-03-04-checkout-eu-errors"
SEARCH = "INC-2026-04-10-search-latency"


@pytest.fixture
def config(handbook: Path) -> Config:
    return configuration.find(handbook)


def _copy(handbook: Path, source: str, new_id: str, status: str | None = None) -> Path:
    path = handbook / "incidents" / f"{new_id}.md"
    text = (handbook / "incidents" / f"{source}.md").read_text().replace(source, new_id)
    text = text.replace(f"postmortem: postmortems/{new_id}.md\n", "")
    if status is not None:
        text = text.replace("status: resolved\n", f"status: {status}\n", 1)
        for field in ("resolved", "mitigated"):
            text = "\n".join(line for line in text.split("\n") if not line.startswith(field))
    path.write_text(text)
    return path


def test_an_id_is_found_whole_by_prefix_with_or_without_inc_and_in_any_case(
    config: Config, handbook: Path
) -> None:
    path = handbook / "incidents" / f"{SEARCH}.md"
    for reference in (SEARCH, f" {SEARCH.lower()} ", "INC-2026-04", "2026-04-10-sea"):
        assert incident_file.find(config, reference) == path, reference
    assert incident_file.find(config, f"incidents/{SEARCH}.md") == Path(f"incidents/{SEARCH}.md")


def test_an_exact_id_wins_over_the_longer_ids_it_begins(config: Config, handbook: Path) -> None:
    longer = _copy(handbook, SEARCH, f"{SEARCH}-again")
    assert incident_file.find(config, SEARCH) == handbook / "incidents" / f"{SEARCH}.md"
    assert incident_file.find(config, f"{SEARCH}-a") == longer


def test_no_match_and_an_ambiguous_prefix_say_what_to_do(config: Config, handbook: Path) -> None:
    with pytest.raises(UsageError) as missing:
        incident_file.find(config, "INC-1999")
    assert str(missing.value) == (
        "no incident matches 'INC-1999' in incidents/; `irdocs status` lists the active ones"
    )
    with pytest.raises(UsageError) as two:
        incident_file.find(config, "INC-2026")
    assert str(two.value) == (f"'INC-2026' matches 2 incidents: {CHECKOUT}, {SEARCH}; say more")
    for n in range(7):
        _copy(handbook, SEARCH, f"INC-2026-05-0{n + 1}-x")
    with pytest.raises(UsageError) as many:
        incident_file.find(config, "INC-2026")
    assert str(many.value).startswith(f"'INC-2026' matches 9 incidents: {CHECKOUT}, {SEARCH}, ")
    assert str(many.value).endswith(", INC-2026-05-06-x and 1 more; say more")


def test_a_prefix_means_the_active_incident_and_a_broken_file_counts_as_active(
    config: Config, handbook: Path
) -> None:
    active = _copy(handbook, SEARCH, "INC-2026-06-01-open", status="monitoring")
    assert incident_file.find(config, "INC-2026") == active
    broken = handbook / "incidents" / "INC-2026-06-02-broken.md"
    broken.write_text("---\nid: [unclosed\n---\n")
    with pytest.raises(
        UsageError, match="matches 2 incidents: INC-2026-06-01-open, INC-2026-06-02"
    ):
        incident_file.find(config, "INC-2026")


@pytest.mark.parametrize(
    ("bom", "newline"), [(b"", b"\n"), (b"\xef\xbb\xbf", b"\n"), (b"", b"\r\n")]
)
def test_a_file_read_for_editing_is_written_back_byte_for_byte(
    handbook: Path, bom: bytes, newline: bytes
) -> None:
    path = handbook / "incidents" / f"{SEARCH}.md"
    raw = bom + path.read_bytes().replace(b"\n", newline)
    path.write_bytes(raw)
    draft = incident_file.read(path)
    assert (draft.raw, draft.bom, draft.opening) == (raw, bom != b"", "---" + newline.decode())
    assert draft.text().encode() == raw


def test_a_flow_mapping_over_two_lines_is_written_back_as_written(handbook: Path) -> None:
    # ruamel.yaml alone writes it on one line
    path = handbook / "incidents" / f"{CHECKOUT}.md"
    text = path.read_text()
    assert "Díaz,\n  operations_lead" in text
    assert incident_file.read(path).text() == text
    draft = incident_file.read(path)
    draft.set("status", "monitoring")
    assert draft.text() == text.replace("status: resolved", "status: monitoring", 1)
    draft.set("roles", {"commander": "Mei Lin"})
    edited = draft.text()  # an edited value is written by ruamel.yaml
    assert "commander: Mei Lin\nimpact_started" in edited and "Díaz" not in edited


def test_an_edit_goes_in_the_schemas_order_and_keeps_the_rest(handbook: Path) -> None:
    path = handbook / "incidents" / f"{SEARCH}.md"
    draft = incident_file.read(path)
    draft.set("acknowledged_by", "Mei Lin")
    before, after = path.read_text().split("\n"), draft.text().split("\n")
    assert [line for line in after if line not in before] == ["acknowledged_by: Mei Lin"]
    keys = [line.split(":")[0] for line in after if line and line[0].isalpha()]
    assert keys.index("acknowledged_by") == keys.index("roles") + 1  # before declared


def test_a_new_file_starts_with_a_plain_opening_line(handbook: Path) -> None:
    front = CommentedMap(id="INC-2026-07-01-new-0a1b", title="New")
    draft = incident_file.new(handbook / "incidents" / "new.md", front, "\nBody.\n")
    assert draft.text() == "---\nid: INC-2026-07-01-new-0a1b\ntitle: New\n---\n\nBody.\n"


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"---\nid: x\n", "cannot edit it, it does not parse (front matter is not closed"),
        (b"---\nid: \xff\n---\n", "cannot edit it, it does not parse ('utf-8' codec"),
        (b"---\n- x\n---\n", "cannot edit it, it does not parse (front matter is not a mapping"),
        (b"---\nid: [x\n---\n", "cannot edit it, its YAML does not parse (while parsing a flow"),
        (b"---\nid: x\n- y\n---\n", "cannot edit it, its YAML does not parse ("),
    ],
    ids=["unclosed", "not-utf8", "not-a-mapping", "flow", "block"],
)
def test_a_file_that_does_not_parse_is_not_edited(handbook: Path, raw: bytes, says: str) -> None:
    path = handbook / "incidents" / "INC-2026-07-01-bad.md"
    path.write_bytes(raw)
    with pytest.raises(IrdocsError) as refused:
        incident_file.read(path)
    message = str(refused.value)
    assert message.startswith(f"incidents/INC-2026-07-01-bad.md: {says}"), message
    assert message.endswith("; run `irdocs validate` on it") and "\n" not in message
    assert path.read_bytes() == raw


def test_a_symlink_is_not_edited(handbook: Path) -> None:
    link = handbook / "incidents" / "INC-2026-07-01-link.md"
    link.symlink_to(f"{SEARCH}.md")
    with pytest.raises(IrdocsError, match="a symlink; irdocs edits only regular files"):
        incident_file.read(link)


def test_a_result_that_would_not_validate_is_not_written(config: Config, handbook: Path) -> None:
    path = handbook / "incidents" / f"{SEARCH}.md"
    raw = path.read_bytes()
    draft = incident_file.read(path)
    draft.set("severity", "SEV-9")
    draft.set("status", "unknown")
    with pytest.raises(IrdocsError) as refused:
        incident_file.save(config, draft)
    assert str(refused.value).startswith(
        f"incidents/{SEARCH}.md: not written: the result would not validate: 4:11: IR10"
    )
    assert str(refused.value).endswith(" (and 1 more)")
    assert path.read_bytes() == raw
    copy = incident_file.read(_copy(handbook, SEARCH, "INC-2026-07-01-copy"))
    copy.set("id", CHECKOUT)
    with pytest.raises(IrdocsError) as one:
        incident_file.save(config, copy)
    assert str(one.value) == (
        "incidents/INC-2026-07-01-copy.md: not written: the result would not validate: 2:5: "
        f"IR501 id: duplicate incident ID '{CHECKOUT}', also in incidents/{CHECKOUT}.md; each "
        "must be unique"
    )


def test_a_duplicate_id_is_not_written(config: Config, handbook: Path) -> None:
    copy = _copy(handbook, SEARCH, "INC-2026-07-01-copy")
    findings, _ = incident_file.check(
        config, copy, copy.read_text().replace("INC-2026-07-01-copy", SEARCH)
    )
    assert [(f.line, f.column, f.code, f.message) for f in findings] == [
        (2, 5, "IR501", f"id: duplicate incident ID '{SEARCH}', also in incidents/{SEARCH}.md; "
         "each must be unique"),
    ]  # fmt: skip
    same, _ = incident_file.check(config, copy, copy.read_text())
    assert same == []


def test_save_never_writes_over_a_file_nor_replaces_one_changed_since_it_was_read(
    config: Config, handbook: Path
) -> None:
    path = handbook / "incidents" / f"{SEARCH}.md"
    draft = incident_file.read(path)
    fresh = incident_file.new(path, draft.front, draft.rest.removeprefix("---\n"))
    with pytest.raises(IrdocsError) as exists:
        incident_file.save(config, fresh)
    assert str(exists.value) == (
        f"incidents/{SEARCH}.md: already exists; irdocs never writes over a document"
    )
    draft.set("acknowledged_by", "Mei Lin")
    path.write_bytes(path.read_bytes() + b"\nA line added meanwhile.\n")
    changed = path.read_bytes()
    with pytest.raises(IrdocsError) as changed_on_disk:
        incident_file.save(config, draft)
    assert str(changed_on_disk.value) == (
        f"incidents/{SEARCH}.md: not written: the file changed on disk since irdocs read it "
        "(another irdocs command, someone's edit, or a git checkout); run the command again"
    )
    assert path.read_bytes() == changed


def test_an_invalid_file_on_disk_is_not_edited(config: Config, handbook: Path) -> None:
    path = handbook / "incidents" / f"{SEARCH}.md"
    path.write_text(path.read_text().replace("severity: SEV-3", "severity: SEV-9"))
    draft = incident_file.read(path)
    with pytest.raises(IrdocsError) as refused:
        incident_file.current(config, draft)
    assert str(refused.value).startswith(
        f"incidents/{SEARCH}.md: not edited: it does not validate (IR10"
    )
    assert str(refused.value).endswith(
        f"); fix it first, `irdocs validate incidents/{SEARCH}.md` lists every problem"
    )


def test_commit_commits_that_file_alone_and_says_why_it_cannot(handbook: Path) -> None:
    path = handbook / "incidents" / f"{SEARCH}.md"
    with pytest.raises(IrdocsError) as outside:
        incident_file.committable(path)
    assert "--commit needs the handbook in the working tree of a git repository" in str(
        outside.value
    )
    with pytest.raises(IrdocsError) as no_repository:
        incident_file.commit(path, "x")
    assert str(no_repository.value) == (
        f"incidents/{SEARCH}.md: written, but not committed: not in a git repository"
    )
    with git_repository(handbook) as repo:
        incident_file.committable(path)
        other = handbook / "incidents" / f"{CHECKOUT}.md"
        other.write_text(other.read_text() + "\nstaged\n")
        repo.index.add([str(other)])
        path.write_text(path.read_text() + "\nmine\n")
        short = incident_file.commit(path, "incident(x): note")
        assert short == repo.head.commit.hexsha[:7]
        assert list(repo.head.commit.stats.files) == [f"incidents/{SEARCH}.md"]
        assert repo.head.commit.message == "incident(x): note\n"
        assert [d.a_path for d in repo.index.diff("HEAD")] == [f"incidents/{CHECKOUT}.md"]


def test_a_write_the_system_refuses_says_why_in_its_words(config: Config, handbook: Path) -> None:
    draft = incident_file.read(handbook / "incidents" / f"{SEARCH}.md")
    draft.set("id", "INC-2026-07-01-long")
    long = handbook / "incidents" / f"{'x' * 300}.md"
    fresh = incident_file.new(long, draft.front, draft.rest.removeprefix("---\n"))
    with pytest.raises(IrdocsError) as refused:
        incident_file.save(config, fresh)
    assert str(refused.value) == (
        f"incidents/{long.name}: not written (File name too long); the file is as it was"
    )


def test_only_a_reference_ending_in_md_that_is_a_file_is_taken_as_a_path(
    config: Config, handbook: Path
) -> None:
    with pytest.raises(UsageError, match=r"^no incident matches 'nowhere\.md'"):
        incident_file.find(config, "nowhere.md")
    (handbook / "INC-2026").write_text("a file named like a prefix")
    with pytest.raises(UsageError, match=r"^'INC-2026' matches 2 incidents"):
        incident_file.find(config, "INC-2026")


def test_a_file_the_readers_refuse_is_not_edited(handbook: Path) -> None:
    path = handbook / "incidents" / "INC-2026-07-01-huge.md"
    path.write_bytes(b"---\nid: x\n---\n" + b"x" * (2 * 1024 * 1024))
    with pytest.raises(IrdocsError) as refused:
        incident_file.read(path)
    assert str(refused.value) == (
        "incidents/INC-2026-07-01-huge.md: cannot edit it: file is 2.0 MiB; documents over 1 MiB "
        "are not read (split it, or move attachments out of the handbook)"
    )


def test_exactly_eight_matches_are_all_named(config: Config, handbook: Path) -> None:
    for n in range(6):
        _copy(handbook, SEARCH, f"INC-2026-05-0{n + 1}-x")
    with pytest.raises(UsageError) as eight:
        incident_file.find(config, "INC-2026")
    assert str(eight.value).endswith(", INC-2026-05-06-x; say more")


def test_a_file_valid_by_its_schema_but_not_its_timestamps_is_not_edited(
    config: Config, handbook: Path
) -> None:
    path = handbook / "incidents" / f"{SEARCH}.md"
    path.write_text(
        path.read_text().replace("mitigated: 2026-04-10T14:45", "mitigated: 2026-04-10T13:45")
    )
    with pytest.raises(
        IrdocsError, match=r"^incidents/\S+: not edited: it does not validate \(IR201 "
    ):
        incident_file.current(config, incident_file.read(path))


def test_commit_in_a_bare_repository_or_refused_by_a_hook_says_why(handbook: Path) -> None:
    path = handbook / "incidents" / f"{SEARCH}.md"
    git.Repo.init(handbook, bare=True).close()
    with pytest.raises(IrdocsError) as bare:
        incident_file.commit(path, "x")
    assert (
        str(bare.value) == f"incidents/{SEARCH}.md: written, but not committed: a bare repository"
    )
    for name in ("HEAD", "config", "description"):
        (handbook / name).unlink()
    for name in ("objects", "refs", "hooks", "info", "branches"):
        shutil.rmtree(handbook / name, ignore_errors=True)
    with git_repository(handbook):
        hook = handbook / ".git" / "hooks" / "pre-commit"
        hook.write_text("#!/bin/sh\nprintf 'rejected\\n  by   the hook' >&2\nexit 1\n")
        hook.chmod(0o755)
        path.write_text(path.read_text() + "\nmine\n")
        with pytest.raises(IrdocsError) as refused:
            incident_file.commit(path, "x")
    message = str(refused.value)
    assert message.startswith(f"incidents/{SEARCH}.md: written, but not committed: ")
    assert "rejected by the hook" in message and "\n" not in message
