"""``irdocs adopt``: real pages by other teams brought into a fresh ``irdocs init`` handbook in a
real Git repository, bodies byte for byte, valid, idempotent; and each decision on small pages."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

import git
import pytest
import yaml

from conftest import REPO, Run
from irdocs.adoption import codeowners, writing
from irdocs.documents.problem import DocumentProblem
from irdocs.main import main

CORPORA = next(
    (
        base / "shared" / "corpora"
        for base in (REPO.parent, REPO.parent.parent)
        if (base / "shared" / "corpora" / "govuk-manual").is_dir()
    ),
    None,
)
PROMETHEUS = "prometheus-operator-runbooks/content/runbooks"
COMMITTED = "2024-10-03T12:00:00+00:00"
_IDENTITY = {
    "GIT_AUTHOR_NAME": "Adopter",
    "GIT_AUTHOR_EMAIL": "adopter@example.com",
    "GIT_COMMITTER_NAME": "Adopter",
    "GIT_COMMITTER_EMAIL": "adopter@example.com",
}
CODEOWNERS = """\
# the whole handbook, then the node folder's own team: the last match wins
*                  @acme/sre
/runbooks/node/    @acme/node-team
"""
ALERT_RULES = """\
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
spec:
  groups:
    - name: node
      rules:
        - alert: NodeRAIDDegraded
          expr: node_md_disks_required - ignoring (state) (node_md_disks{state="active"}) > 0
          annotations:
            runbook_url: https://runbooks.prometheus-operator.dev/runbooks/node/noderaiddegraded
        - alert: RAIDArrayDegradedOnNode
          expr: vector(1)
          annotations:
            runbook_url: https://runbooks.example.com/runbooks/node/NodeRAIDDegraded.md
        - alert: etcdNoLeader
          expr: etcd_server_has_leader == 0
"""
needs_corpora = pytest.mark.skipif(CORPORA is None, reason="the shared corpora are not here")


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str
    seconds: float


def _irdocs(*argv: str) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return Outcome(code, out.getvalue(), err.getvalue(), time.perf_counter() - start)


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _commit(root: Path, when: str = COMMITTED) -> None:
    repository = git.Repo(root)
    repository.git.add("--all")
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    repository.git.commit("--quiet", "--message", "Import", env=_IDENTITY | dates)
    repository.close()


def _new_handbook(root: Path) -> Path:
    with _inside(root.parent):
        assert _irdocs("init", root.name).code == 0
    return root


def _corpus_handbook(root: Path) -> Path:
    """A fresh handbook with both corpora in its runbooks folder, CODEOWNERS and alert rules,
    all committed on COMMITTED's day."""
    assert CORPORA is not None
    _new_handbook(root)
    shutil.copytree(CORPORA / PROMETHEUS, root / "runbooks", dirs_exist_ok=True)
    shutil.copytree(CORPORA / "govuk-manual", root / "runbooks" / "govuk")
    (root / ".github" / "CODEOWNERS").write_text(CODEOWNERS)
    (root / "alerts").mkdir()
    (root / "alerts" / "node.yaml").write_text(ALERT_RULES)
    with (root / "pyproject.toml").open("a") as stream:
        stream.write('\n[tool.irdocs.lint]\nalert_rules = ["alerts/*.yaml"]\n')
    _commit(root)
    return root


def _original(page: str) -> Path:
    assert CORPORA is not None
    relative = PurePosixPath(page).relative_to("runbooks")
    if relative.parts[0] == "govuk":
        return CORPORA / "govuk-manual" / Path(*relative.parts[1:])
    return CORPORA / PROMETHEUS / Path(*relative.parts)


def _split(raw: bytes) -> tuple[dict[str, object], bytes]:
    """The front matter (as PyYAML reads it) and the body's exact bytes."""
    match = re.match(rb"---\n(.*?\n)---\n", raw, re.DOTALL)
    if match is None:
        return {}, raw
    return yaml.safe_load(match.group(1)), raw[match.end() :]


def _lines(out: str, status: str) -> list[str]:
    return [line.split(":")[0] for line in out.splitlines() if line.split(": ")[1:2] == [status]]


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Outcome]]:
    """Both corpora adopted once; the tests below read what it did."""
    if CORPORA is None:
        pytest.skip("the shared corpora are not here")
    root = _corpus_handbook(tmp_path_factory.mktemp("corpora") / "handbook")
    with _inside(root):
        result = _irdocs("adopt")
        yield root, result


@needs_corpora
def test_both_corpora_are_adopted_with_every_body_byte_identical(
    adopted: tuple[Path, Outcome],
) -> None:
    root, result = adopted
    print(f"\nirdocs adopt, both corpora: {result.seconds:.2f} s in process; {result.err}")
    assert result.code == 0, result.out
    pages = _lines(result.out, "adopted")
    assert len(pages) > 200
    assert {page.split("/")[1] for page in pages} >= {"node", "etcd", "govuk", "kubernetes"}
    for page in pages:
        before = _original(page).read_bytes()
        after = (root / page).read_bytes()
        old_front, old_body = _split(before)
        new_front, new_body = _split(after)
        assert new_body == old_body, page
        assert after.endswith(old_body)
        kept = {**new_front, **new_front.get("x-source", {})}  # type: ignore[dict-item]
        for key, value in old_front.items():
            assert kept[key] == value, (page, key)  # nothing dropped


@needs_corpora
def test_adopted_pages_validate_and_the_handbook_does_once_skipped_pages_are_excluded(
    adopted: tuple[Path, Outcome],
) -> None:
    root, result = adopted
    pages = _lines(result.out, "adopted")
    with _inside(root):
        assert _irdocs("validate", *pages).code == 0
        skipped = [
            page
            for page in _lines(result.out, "skipped")
            if page.endswith(".md") and not Path(page).name.startswith("_")
            if Path(page).name not in ("README.md", "index.md")
        ]
        assert result.err.splitlines()[1].startswith(f"{len(skipped)} of the skipped pages are")
        config = (root / "pyproject.toml").read_text()
        try:
            excluded = ", ".join(f'"{page}"' for page in skipped)
            (root / "pyproject.toml").write_text(
                config.replace("[tool.irdocs]\n", f"[tool.irdocs]\nexclude = [{excluded}]\n")
            )
            validated = _irdocs("validate")
            assert (validated.code, validated.out) == (0, "")
            assert validated.err == f"{len(pages)} documents checked: all valid\n"
        finally:
            (root / "pyproject.toml").write_text(config)


@needs_corpora
def test_what_is_inferred_and_what_is_left_as_todo(adopted: tuple[Path, Outcome]) -> None:
    root, result = adopted
    front, _ = _split((root / "runbooks/node/NodeRAIDDegraded.md").read_bytes())
    assert front == {
        "id": "node/NodeRAIDDegraded",
        "title": "Node RAID Degraded",  # Hugo's title
        "service": "node",
        "owner": "@acme/node-team",  # the last matching CODEOWNERS line
        "escalation": [
            {
                "who": "TODO: who to reach when this runbook does not resolve the problem",
                "how": "TODO: how to reach them (pager service, phone, chat channel)",
            }
        ],
        "alerts": ["NodeRAIDDegraded", "RAIDArrayDegradedOnNode"],  # name, and runbook_url
        "last_reviewed": date(2024, 10, 3),  # the commit's day
        "review_every": 180,
        "x-source": {"weight": 20},
    }
    etcd, body = _split((root / "runbooks/etcd/etcdNoLeader.md").read_bytes())
    assert (etcd["title"], etcd["owner"], etcd["alerts"]) == (
        "etcdNoLeader",  # the first heading: the page had no front matter
        "@acme/sre",
        ["etcdNoLeader"],
    )
    assert "x-source" not in etcd
    assert body == (CORPORA / PROMETHEUS / "etcd/etcdNoLeader.md").read_bytes()  # type: ignore[operator]
    router, _ = _split(
        (root / "runbooks/govuk/alerts/RouterErrorRatioTooHigh.html.md").read_bytes()
    )
    assert router["id"] == "govuk/alerts/RouterErrorRatioTooHigh.html"  # names kept as they are
    assert router["owner"] == "#govuk-platform-engineering-team"  # GOV.UK's owner_slack
    assert router["x-source"] == {
        "owner_slack": "#govuk-platform-engineering-team",
        "parent": "/manual.html",
        "layout": "manual_layout",
        "section": "Monitoring and alerting",
    }
    line = next(x for x in result.out.splitlines() if x.startswith("runbooks/node/NodeRAIDDe"))
    assert line == "runbooks/node/NodeRAIDDegraded.md: adopted: TODO: escalation"


@needs_corpora
def test_the_linter_reports_what_adoption_left_to_write(adopted: tuple[Path, Outcome]) -> None:
    root, _ = adopted
    with _inside(root):
        result = _irdocs("lint", "--no-cache", "--select", "IR407", "runbooks/etcd/etcdNoLeader.md")
    assert result.code == 1
    todo = "IR407 placeholder 'TODO' left in; replace it with the real content"
    assert result.out == (  # escalation's who and how, lines 7 and 8
        f"runbooks/etcd/etcdNoLeader.md:7:10: {todo}\nrunbooks/etcd/etcdNoLeader.md:8:10: {todo}\n"
    )


@needs_corpora
def test_a_second_run_changes_nothing(adopted: tuple[Path, Outcome]) -> None:
    root, first = adopted
    before = _tree(root)
    with _inside(root):
        second = _irdocs("adopt")
    assert second.code == 0
    assert _tree(root) == before
    assert _lines(second.out, "unchanged") == _lines(first.out, "adopted")
    assert _lines(second.out, "skipped") == _lines(first.out, "skipped")
    assert _lines(second.out, "adopted") == []
    print(f"\nsecond run: {second.seconds:.2f} s in process")


@needs_corpora
def test_a_dry_run_prints_the_diff_and_writes_nothing(tmp_path: Path) -> None:
    root = _corpus_handbook(tmp_path / "handbook")
    before = _tree(root)
    with _inside(root):
        result = _irdocs("adopt", "--dry-run", "runbooks/node")
    assert result.code == 0
    assert _tree(root) == before
    assert "dry run, nothing written" in result.err
    assert (
        "runbooks/node/NodeRAIDDegraded.md: would adopt: TODO: escalation\n"
        "--- a/runbooks/node/NodeRAIDDegraded.md\n"
        "+++ b/runbooks/node/NodeRAIDDegraded.md\n"
        "@@ -1,4 +1,16 @@\n"
        " ---\n"
        "+id: node/NodeRAIDDegraded\n"
        " title: Node RAID Degraded\n"
        "-weight: 20\n"
        "+service: node\n"
    ) in result.out
    repository = git.Repo(root)
    diff = "".join(
        block for block in re.split(r"(?m)^(?=runbooks/)", result.out) if "would adopt" in block
    )
    patch = tmp_path / "adopt.patch"
    patch.write_text("".join(line for line in diff.splitlines(True) if not line.startswith("runb")))
    repository.git.apply("--check", str(patch))  # the diff is one git applies
    repository.close()


# Decisions, on small pages


PAGE = "# Restart the API\n\n## Overview\n\nWhen the API is down.\n\n## Mitigation\n\nRestart it.\n"


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Path]:
    root = _new_handbook(tmp_path / "handbook")
    (root / "runbooks" / "api").mkdir()
    with _inside(root):
        yield root


def _write(root: Path, relative: str, text: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("index.md", PAGE, "an index page"),
        ("_index.md", PAGE, "an index page"),
        ("README.md", PAGE, "a README"),
        ("_partial.md", PAGE, "a helper page (its name starts with '_', which irdocs never reads)"),
        ("CHANGELOG.md", PAGE, "a helper page (a changelog)"),
        ("old.html.md.erb", PAGE, "not a .md file (irdocs reads only Markdown files named *.md)"),
        (
            "moved.md",
            "# Old name\n\nThis runbook has moved to [the new one](new.md).\n",
            'a redirect stub ("This runbook has moved to [the new one](new.md).")',
        ),
        (
            "hop.md",
            "---\nredirect_to: /runbooks/api/new\n---\n" + PAGE,
            "a redirect stub (redirect_to: /runbooks/api/new)",
        ),
        (
            "legacy.md",
            "# Legacy\n\n> **Deprecated**: we use the new queue now.\n\n## Steps\n\nNone.\n",
            'deprecated ("Deprecated: we use the new queue now.")',
        ),
        (
            "stub.md",
            "# Stub\n\nSee the wiki.\n",
            "very short (2 lines of body), a stub rather than a runbook",
        ),
        ("draft.md", "---\ndraft: true\n---\n" + PAGE, "a draft (draft: true)"),
        (
            "learn.md",
            '---\ntitle: How it works\ntype: learn\nowner_slack: "#team"\n---\n' + PAGE,
            "a learning page (type: learn), not an operational runbook",
        ),
        (
            "archetype.md",
            '---\ntitle: "{{ replace .Name "-" " " | title }}"\n---\n' + PAGE,
            "a template ({{ }} in its front matter)",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 20 else None,
)
def test_pages_that_are_not_runbooks_are_skipped_with_the_reason(
    small: Path, name: str, text: str, reason: str
) -> None:
    page = _write(small, f"runbooks/api/{name}", text)
    before = page.read_bytes()
    result = _irdocs("adopt", f"runbooks/api/{name}")
    assert (result.code, result.out) == (0, f"runbooks/api/{name}: skipped: {reason}\n")
    assert page.read_bytes() == before


def test_exclude_globs_skip_pages_and_keep_them_out_of_validation(small: Path) -> None:
    _write(small, "runbooks/api/restart.md", PAGE)
    _write(small, "runbooks/legacy/old.md", PAGE)
    with (small / "pyproject.toml").open("a") as stream:
        stream.write('exclude = ["runbooks/legacy/"]\n')
    _commit(small)
    result = _irdocs("adopt")
    assert result.code == 0
    assert (
        "runbooks/legacy/old.md: skipped: excluded by [tool.irdocs] exclude "
        "'runbooks/legacy/'\n" in result.out
    )
    assert "runbooks/api/restart.md: adopted: TODO: owner, escalation\n" in result.out
    assert _irdocs("validate").err == "1 document checked: all valid\n"
    assert _irdocs("validate", "runbooks/legacy/old.md").err == "0 documents checked: all valid\n"


def test_a_page_git_cannot_date_is_refused_unless_a_review_date_is_given(small: Path) -> None:
    page = _write(small, "runbooks/api/restart.md", PAGE)
    result = _irdocs("adopt", "runbooks/api")
    assert result.code == 1
    assert result.out == (
        "runbooks/api/restart.md:1:1: IR102 last_reviewed: not adopted: no commit in git dates "
        "the page's last review; commit it first, or give --reviewed YYYY-MM-DD\n"
    )
    assert "1 not adopted" in result.err
    assert page.read_text() == PAGE
    given = _irdocs("adopt", "--reviewed", "2025-01-31", "--review-every", "90", "runbooks/api")
    assert given.code == 0
    front, body = _split(page.read_bytes())
    assert (front["last_reviewed"], front["review_every"]) == (
        date(2025, 1, 31),
        90,
    )
    assert body == PAGE.encode()


def test_the_last_commit_that_touched_the_page_dates_it(small: Path) -> None:
    _write(small, "runbooks/api/restart.md", PAGE)
    _write(small, "runbooks/api/other.md", PAGE)
    _commit(small, "2023-01-02T10:00:00+00:00")
    _write(small, "runbooks/api/restart.md", PAGE + "\nMore.\n")
    _commit(small, "2024-05-06T10:00:00+00:00")
    assert _irdocs("adopt").code == 0
    dates = {
        name: _split((small / "runbooks/api" / name).read_bytes())[0]["last_reviewed"]
        for name in ("restart.md", "other.md")
    }
    assert {name: str(day) for name, day in dates.items()} == {
        "restart.md": "2024-05-06",
        "other.md": "2023-01-02",
    }


def test_a_page_in_no_service_folder_is_refused(small: Path) -> None:
    _write(small, "runbooks/restart.md", PAGE)
    _commit(small)
    result = _irdocs("adopt", "runbooks/restart.md")
    assert (result.code, result.out) == (
        1,
        "runbooks/restart.md:1:1: IR102 id: not adopted: the page is in no service folder; move "
        "it into runbooks/<service>/ (the folder names its service)\n",
    )


def test_foreign_front_matter_that_is_not_yaml_is_refused_at_its_line(small: Path) -> None:
    _write(small, "runbooks/api/bad.md", "---\ntitle: [unclosed\n---\n" + PAGE)
    _commit(small)
    result = _irdocs("adopt", "runbooks/api")
    assert result.code == 1
    assert result.out.startswith("runbooks/api/bad.md:3:1: IR106 YAML: ")


def test_a_symlink_out_of_the_handbook_is_refused(small: Path, tmp_path: Path) -> None:
    outside = _write(tmp_path, "elsewhere/secret.md", PAGE)
    (small / "runbooks/api/link.md").symlink_to(outside)
    _commit(small)
    result = _irdocs("adopt", "--reviewed", "2025-01-01", "runbooks/api")
    assert (result.code, result.out) == (
        1,
        "runbooks/api/link.md:1:1: IR100 a symlink to a file outside the handbook; adopt writes "
        "only files inside it\n",
    )
    assert outside.read_text() == PAGE


def test_paths_outside_the_runbooks_folder_are_a_usage_error(small: Path, run: Run) -> None:
    result = run("adopt", "docs")
    assert result.code == 2
    assert result.err.startswith("irdocs: docs: not in the handbook's runbooks folder (runbooks/")


def test_crlf_a_bom_and_comments_are_kept(small: Path) -> None:
    text = (
        "---\r\n# from the old site\r\ntitle: Restart the API  # short\r\nweight: 3\r\n"
        "tags: [api]\r\n---\r\n" + PAGE.replace("\n", "\r\n")
    )
    page = _write(small, "runbooks/api/restart.md", b"\xef\xbb\xbf" + text.encode())
    _commit(small)
    assert _irdocs("adopt").code == 0
    raw = page.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf---\r\n")
    assert raw.endswith(PAGE.replace("\n", "\r\n").encode())
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert (
        "# from the old site\r\ntitle: Restart the API  # short\r\ntags: [api]\r\n"
        in raw.decode("utf-8-sig")
    )
    assert "x-source:\r\n  weight: 3\r\n" in raw.decode("utf-8-sig")
    assert _irdocs("validate").code == 0
    again = _irdocs("adopt", "runbooks/api")
    assert again.out == "runbooks/api/restart.md: unchanged: already a valid runbook\n"


def test_a_page_that_changed_since_it_was_read_is_not_written(tmp_path: Path) -> None:
    page = _write(tmp_path, "page.md", "new text")
    with pytest.raises(DocumentProblem, match="changed on disk"):
        writing.replace(tmp_path, page, b"what was read", b"---\n---\nwhat was read")
    assert page.read_text() == "new text"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]  # no temporary file left


@pytest.mark.parametrize(
    ("lines", "path", "owners"),
    [
        ("* @all\n/runbooks/ @ops\n", "runbooks/api/a.md", "@ops"),
        ("/runbooks/ @ops\n* @all\n", "runbooks/api/a.md", "@all"),  # the last match wins
        ("runbooks/* @top\n", "runbooks/api/a.md", None),  # '*' is one level
        ("runbooks/* @top\n", "runbooks/a.md", "@top"),
        ("api/ @api\n", "runbooks/api/a.md", "@api"),  # no slash inside: at any depth
        ("/api/ @api\n", "runbooks/api/a.md", None),
        ("runbooks/**/a.md @deep\n", "runbooks/x/y/a.md", "@deep"),
        ("*.md @docs team@example.com\n", "runbooks/a.md", "@docs team@example.com"),
        ("[Runbooks] @gitlab/sre\nrunbooks/\n", "runbooks/a.md", "@gitlab/sre"),  # GitLab
        ("^[Optional][2] @o\nrunbooks/ @r\n", "runbooks/a.md", "@r"),
        ("runbooks/a\\ b.md @space  # a comment\n", "runbooks/a b.md", "@space"),
    ],
)
def test_codeowners_patterns(lines: str, path: str, owners: str | None) -> None:
    rule = codeowners.parse(Path("CODEOWNERS"), lines).owners_of(PurePosixPath(path))
    assert (" ".join(rule.owners) if rule else None) == owners


def test_codeowners_are_found_where_github_and_gitlab_look(tmp_path: Path) -> None:
    assert codeowners.find(tmp_path) is None
    _write(tmp_path, ".gitlab/CODEOWNERS", "* @gitlab\n")
    _write(tmp_path, "docs/CODEOWNERS", "* @docs\n")
    found = codeowners.find(tmp_path)
    assert found is not None
    assert found.path == tmp_path / "docs/CODEOWNERS"
    _write(tmp_path, ".github/CODEOWNERS", "* @github\n")
    assert codeowners.find(tmp_path).path == tmp_path / ".github/CODEOWNERS"  # type: ignore[union-attr]
