"""The lint cache is an optimisation, never an authority: a planted, committed, symlinked or
malformed cache never changes what lint reports, and never makes it write outside the handbook."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import git
import pytest

from conftest import CASES, Run
from irdocs.lint import cache as lint_cache

BAD = CASES / "IR407" / "bad" / "runbooks" / "placeholders-left-in.md"
TARGET = Path("runbooks/checkout/placeholders.md")


@pytest.fixture
def secret_of(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts from the session's secret and leaves it so."""
    lint_cache._secret.cache_clear()
    yield
    lint_cache._secret.cache_clear()


def _as_another_machine(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    lint_cache._secret.cache_clear()


def _plant(handbook: Path, run: Run) -> None:
    """A cache that says the bad runbook has no findings, as a cache written by irdocs and then
    edited: every finding removed, the digests left as irdocs wrote them."""
    assert run("lint").code == 1
    cache = handbook / lint_cache.FOLDER / "lint.json"
    payload = json.loads(cache.read_text())
    for entry in payload["documents"].values():
        entry[3] = []
    payload["handbook"] = None
    cache.write_text(json.dumps(payload))


@pytest.fixture
def repository(handbook: Path, secret_of: None) -> git.Repo:
    shutil.copy(BAD, handbook / TARGET)
    repo = git.Repo.init(handbook)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test").set_value("user", "email", "test@example.com")
    repo.index.add([str(TARGET), "irdocs.toml"])
    repo.index.commit("handbook")
    return repo


@pytest.mark.parametrize("committed", [True, False], ids=["committed", "untracked"])
def test_a_cache_planted_from_another_machine_is_not_trusted(
    handbook: Path,
    repository: git.Repo,
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    committed: bool,
) -> None:
    expected = run("lint", "--no-cache")
    assert expected.code == 1
    assert expected.out.count("IR407") >= 4
    mine = os.environ["XDG_CACHE_HOME"]
    _as_another_machine(monkeypatch, tmp_path / "attacker")
    _plant(handbook, run)
    if committed:
        repository.git.add("--force", f"{lint_cache.FOLDER}/lint.json")
        repository.index.commit("a cache that says all is well")
    monkeypatch.setenv("XDG_CACHE_HOME", mine)
    lint_cache._secret.cache_clear()
    assert run("lint") == expected
    assert run("lint") == expected


def test_a_committed_cache_is_ignored_even_when_it_was_written_here(
    handbook: Path, repository: git.Repo, run: Run
) -> None:
    expected = run("lint", "--no-cache")
    _plant(handbook, run)
    repository.git.add("--force", f"{lint_cache.FOLDER}/lint.json")
    repository.index.commit("a cache that says all is well")
    planted = (handbook / lint_cache.FOLDER / "lint.json").read_bytes()
    assert run("lint") == expected
    assert (handbook / lint_cache.FOLDER / "lint.json").read_bytes() == planted  # not rewritten


@pytest.mark.parametrize(
    "plant",
    ["folder-to-outside", "dangling-folder", "gitignore-to-outside", "lint-json-to-outside"],
)
def test_a_symlink_in_the_cache_never_writes_outside_the_handbook(
    handbook: Path, run: Run, tmp_path: Path, secret_of: None, plant: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious").write_text("keep\n")
    folder = handbook / lint_cache.FOLDER
    if plant == "folder-to-outside":
        folder.symlink_to(outside)
    elif plant == "dangling-folder":
        folder.symlink_to(outside / "new")
    else:
        folder.mkdir()
        name = ".gitignore" if plant == "gitignore-to-outside" else "lint.json"
        (folder / name).symlink_to(outside / "bashrc")
    expected = run("lint", "--no-cache")
    assert run("lint") == expected
    assert run("lint") == expected
    assert sorted(p.name for p in outside.iterdir()) == ["precious"]
    assert (outside / "precious").read_text() == "keep\n"


@pytest.mark.parametrize("shape", ["nested", "huge", "fifo", "folder"])
def test_a_malformed_cache_is_ignored_never_a_crash_or_a_hang(
    handbook: Path, run: Run, monkeypatch: pytest.MonkeyPatch, secret_of: None, shape: str
) -> None:
    expected = run("lint", "--no-cache")
    folder = handbook / lint_cache.FOLDER
    folder.mkdir()
    cache = folder / "lint.json"
    if shape == "nested":
        cache.write_text("[" * 200_000 + "]" * 200_000)
    elif shape == "huge":
        monkeypatch.setattr(lint_cache, "MAX_BYTES", 1000)
        cache.write_text(json.dumps({"format": 3, "padding": "x" * 2000}))
    elif shape == "fifo":
        os.mkfifo(cache)
    else:
        cache.mkdir()
    assert run("lint") == expected
    assert run("lint") == expected


def test_in_ci_the_cache_is_kept_out_of_the_tree(
    handbook: Path, run: Run, monkeypatch: pytest.MonkeyPatch, secret_of: None
) -> None:
    monkeypatch.setenv("CI", "true")
    expected = run("lint", "--no-cache")
    assert run("lint") == expected
    assert run("lint") == expected
    assert not (handbook / lint_cache.FOLDER).exists()
    users = Path(os.environ["XDG_CACHE_HOME"]) / "irdocs" / "handbooks"
    assert list(users.glob("*/lint.json"))


def test_the_key_covers_the_content_of_the_code_not_its_size_and_time(tmp_path: Path) -> None:
    module = tmp_path / "rule.py"
    module.write_text("LIMIT = 1\n")
    before = lint_cache.files_digest([tmp_path])
    stamp = module.stat()
    module.write_text("LIMIT = 2\n")
    os.utime(module, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert module.stat().st_size == stamp.st_size
    assert lint_cache.files_digest([tmp_path]) != before


def test_validating_one_file_keeps_an_index_of_the_other_documents_ids(
    handbook: Path, run: Run, secret_of: None
) -> None:
    one = "incidents/INC-2026-03-04-checkout-eu-errors.md"
    other = handbook / "incidents" / "INC-2026-04-10-search-latency.md"
    assert run("validate", one).code == 0
    index = json.loads((handbook / lint_cache.FOLDER / "ids.json").read_text())
    assert index["documents"][str(other.relative_to(handbook))][2] == other.stem
    # the index is no authority either: a changed document is read again
    other.write_text(
        other.read_text().replace(f"id: {other.stem}", "id: INC-2026-03-04-checkout-eu-errors")
    )
    result = run("validate", one)
    assert (result.code, result.out.count("IR501")) == (1, 1)
