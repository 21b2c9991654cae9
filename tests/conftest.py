from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from irdocs.main import main

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).parent.parent


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the CLI end to end through main() and capture what it printed."""

    def _run(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


@pytest.fixture
def handbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the small valid handbook of tests/cases/_handbook, as the working directory."""
    root = tmp_path / "handbook"
    shutil.copytree(CASES / "_handbook", root)
    monkeypatch.chdir(root)
    return root
