"""Every document under tests/cases/<CODE>/{good,bad}/<folder>/ checked inside a small handbook.

A bad case prints exactly the lines of the .expected file beside it and exits 1; a good case
prints nothing and exits 0. A new case is a new file. Validation codes run ``irdocs validate``;
lint rule codes run ``irdocs lint --select CODE``, so a case shows its one rule, with
``--fail-on info`` so that a bad case fails whatever its rule's level; the linter's own codes
(IR520) run ``irdocs lint`` on the case, whose ``_context`` holds the configuration they need. A
case that is not a document (an alert rule file, ``.yaml``; configuration, ``.toml``, added to
the handbook's irdocs.toml) is linted with the whole handbook.
Where a line passes on a dependency's words (libyaml's, bash's or jsonschema's), ``{...}`` stands
for them (``conftest.DEPENDENCY_WORDS``). Codes that read Git history run in a handbook committed
at a fixed time. A case that needs other documents beside
it (a postmortem needs its incident) finds them in ``bad/_context/<folder>/`` or
``good/_context/<folder>/``, copied in with it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CASES, Run, assert_prints, printed_line
from irdocs.lint.codes import ENGINE
from irdocs.lint.registry import all_rules

_KINDS = (".md", ".yaml", ".toml")
BAD = sorted(
    p for p in CASES.glob("IR*/bad/*/*") if p.suffix in _KINDS and "_context" not in p.parts
)
GOOD = sorted(
    p for p in CASES.glob("IR*/good/*/*") if p.suffix in _KINDS and "_context" not in p.parts
)
IN_GIT = {"IR404": "2026-01-15T12:00:00+00:00"}
"""Codes whose cases run in a handbook committed in Git, at this time."""


def _case_id(path: Path) -> str:
    return str(path.relative_to(CASES).with_suffix(""))


def _command(case: Path, target: str) -> tuple[str, ...]:
    code = case.relative_to(CASES).parts[0]
    if code in all_rules() or code in ENGINE:
        only = ("--select", code) if code in all_rules() else ()
        paths = [target] if case.suffix == ".md" else []
        return ("lint", "--fail-on", "info", *only, *paths)
    return ("validate", target)


def _drop_in(case: Path, root: Path) -> str:
    context = case.parent.parent / "_context"
    if context.is_dir():
        shutil.copytree(context, root, dirs_exist_ok=True)
    if case.suffix == ".toml":  # configuration: added to the handbook's irdocs.toml
        with (root / "irdocs.toml").open("a") as config:
            config.write("\n" + case.read_text())
        return "irdocs.toml"
    folder = case.parent.name
    (root / folder).mkdir(exist_ok=True)
    shutil.copyfile(case, root / folder / case.name)
    committed = IN_GIT.get(case.relative_to(CASES).parts[0])
    if committed:
        _commit(root, committed)
    return f"{folder}/{case.name}"


def _commit(root: Path, when: str) -> None:
    import git

    repo = git.Repo.init(root)
    repo.git.add("--all")
    author = {"GIT_AUTHOR_NAME": "Case", "GIT_AUTHOR_EMAIL": "case@example.com"}
    committer = {"GIT_COMMITTER_NAME": "Case", "GIT_COMMITTER_EMAIL": "case@example.com"}
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    repo.git.commit("--quiet", "--message", "The case handbook", env=author | committer | dates)


@pytest.mark.parametrize("case", BAD, ids=_case_id)
def test_bad_case_prints_its_diagnostic(case: Path, handbook: Path, run: Run) -> None:
    target = _drop_in(case, handbook)
    result = run(*_command(case, target))
    assert result.code == 1
    assert_prints(result.out, case.with_suffix(".expected").read_text())
    assert result.out.startswith(f"{target}:")


@pytest.mark.parametrize("case", GOOD, ids=_case_id)
def test_good_case_is_valid(case: Path, handbook: Path, run: Run) -> None:
    result = run(*_command(case, _drop_in(case, handbook)))
    assert (result.code, result.out) == (0, "")


def test_every_case_code_has_a_bad_example() -> None:
    codes = {path.name for path in CASES.glob("IR*")}
    assert codes == {case.relative_to(CASES).parts[0] for case in BAD}


def test_the_whole_handbook_reports_every_bad_case(handbook: Path, run: Run) -> None:
    for case in BAD:
        _drop_in(case, handbook)
    _commit(handbook, min(IN_GIT.values()))
    result = run("lint")
    assert result.code == 1
    for case in BAD:
        for line in case.with_suffix(".expected").read_text().splitlines():
            if case.suffix == ".toml":  # its line moves with what other cases add to the file
                line = line.partition(": ")[2]
                assert any(out.endswith(f": {line}") for out in result.out.splitlines()), line
                continue
            assert printed_line(result.out, line), line
