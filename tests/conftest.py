from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import git
import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from irdocs.main import main

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).parent.parent

TODAY = "2026-11-28"
"""The day every test runs on, whatever the calendar says: the autouse fixture ``_pinned_today``
sets ``IRDOCS_TODAY`` to it for the test and every process the test starts. A test of the real
clock removes the variable itself."""

# Hypothesis keeps a cache of the constants in the code under test in its storage directory,
# ./.hypothesis by default: the checkout. Tests never write there.
set_hypothesis_home_dir(
    os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY")
    or Path(tempfile.gettempdir()) / "irdocs-hypothesis"
)
settings.register_profile(
    "irdocs",
    max_examples=100,
    deadline=None,  # a shared CI machine is slow at times; a slow example is not a failure
    database=None,  # nothing written into the checkout (no .hypothesis/)
    derandomize=os.environ.get("CI") == "true",  # CI: the same examples on every run
    print_blob=True,  # a failure prints what reproduces it (@reproduce_failure)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "irdocs"))
"""The property tests' settings: 100 examples each, no example database, and in CI (``CI=true``)
derandomized, so a CI failure reproduces. ``HYPOTHESIS_PROFILE`` picks another registered one."""

DEPENDENCY_WORDS = "{...}"
"""In an expected diagnostic (a case's .expected file, a string in a test): the words a dependency
writes and irdocs passes on — libyaml's, bash's or jsonschema's message. They match any text on
that line, never an empty one and never a second line: tests pin irdocs's contract (path, line,
column, code, one line per finding, irdocs's own words), not a dependency's wording."""


def expected_pattern(expected: str) -> str:
    """A regular expression for the expected text, ``DEPENDENCY_WORDS`` matching any words."""
    return "[^\n]+".join(re.escape(part) for part in expected.split(DEPENDENCY_WORDS))


def assert_prints(out: str, expected: str) -> None:
    """``out`` is exactly the expected lines, where each ``DEPENDENCY_WORDS`` may be any words."""
    if not re.fullmatch(expected_pattern(expected), out):
        assert out == expected  # fails here, with pytest's diff of the two


def printed_line(out: str, expected_line: str) -> bool:
    """A line of ``out`` is ``expected_line`` (``DEPENDENCY_WORDS`` matching any words)."""
    return re.search(f"^{expected_pattern(expected_line)}$", out, flags=re.MULTILINE) is not None


@pytest.fixture(scope="session")
def _user_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("user-cache")


@pytest.fixture(autouse=True)
def _hermetic_cache(_user_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lint cache's secret in a folder of the session's (not the user's home), and the cache
    in the handbook's tree as on a developer's machine, also when the suite runs in CI."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(_user_cache))
    monkeypatch.delenv("CI", raising=False)


@pytest.fixture(scope="session", autouse=True)
def _no_cache_in_the_checkout() -> Iterator[None]:
    """Tests never leave a lint cache in the checkout."""
    before = (REPO / ".irdocs-cache").exists()
    yield
    assert before or not (REPO / ".irdocs-cache").exists(), "a test wrote .irdocs-cache/ into REPO"


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


def git_repository(
    root: Path, *, user: str = "Test Engineer", message: str | None = "The handbook"
) -> git.Repo:
    """A git repository at ``root`` whose commits are ``user``'s, with everything in it
    committed as ``message`` (``None``: staged, not committed)."""
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as writer:
        writer.set_value("user", "name", user)
        writer.set_value("user", "email", "test@example.com")
    repo.git.add("-A")
    if message is not None:
        repo.git.commit("-m", message)
    return repo


DECLARED_AT = "2026-03-04T09:24:00+01:00"
"""When the lifecycle tests declare their incident (``declare``)."""


def declare(
    run: Run, *extra: str, severity: str = "SEV-2", title: str = "Checkout errors in EU"
) -> Path:
    """``irdocs declare`` of a checkout incident at ``DECLARED_AT``; the new file's path."""
    result = run(
        "declare", "--severity", severity, "--title", title, "--service", "checkout",
        "--at", DECLARED_AT, *extra,
    )  # fmt: skip
    assert result.code == 0, result.err
    return Path(result.out.splitlines()[-1])


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test, and every process it starts, computes against ``TODAY``, not the calendar."""
    monkeypatch.setenv("IRDOCS_TODAY", TODAY)


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
