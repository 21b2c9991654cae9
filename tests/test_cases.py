"""Every document under tests/cases/<CODE>/{good,bad}/<folder>/ validated inside a small handbook.

A bad case prints exactly the lines of the .expected file beside it and exits 1; a good case
prints nothing and exits 0. A new case is a new file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CASES, Run

BAD = sorted(CASES.glob("IR*/bad/*/*.md"))
GOOD = sorted(CASES.glob("IR*/good/*/*.md"))


def _case_id(path: Path) -> str:
    return str(path.relative_to(CASES).with_suffix(""))


def _drop_in(case: Path, root: Path) -> str:
    folder = case.parent.name
    shutil.copyfile(case, root / folder / case.name)
    return f"{folder}/{case.name}"


@pytest.mark.parametrize("case", BAD, ids=_case_id)
def test_bad_case_prints_its_diagnostic(case: Path, handbook: Path, run: Run) -> None:
    target = _drop_in(case, handbook)
    result = run("validate", target)
    assert (result.code, result.out) == (1, case.with_suffix(".expected").read_text())
    assert result.out.startswith(f"{target}:")


@pytest.mark.parametrize("case", GOOD, ids=_case_id)
def test_good_case_is_valid(case: Path, handbook: Path, run: Run) -> None:
    result = run("validate", _drop_in(case, handbook))
    assert (result.code, result.out) == (0, "")


def test_every_case_code_has_a_bad_example() -> None:
    codes = {path.name for path in CASES.glob("IR*")}
    assert codes == {case.relative_to(CASES).parts[0] for case in BAD}


def test_the_whole_handbook_reports_every_bad_case(handbook: Path, run: Run) -> None:
    for case in BAD:
        _drop_in(case, handbook)
    result = run("validate")
    assert result.code == 1
    for case in BAD:
        for line in case.with_suffix(".expected").read_text().splitlines():
            assert line in result.out
