"""Mutation testing of irdocs's core: how many deliberate bugs the tests catch, per module.

    make mutation                                  # every module of [tool.mutmut.modules]
    .venv-mutation/bin/python benchmarks/mutation.py tools/irdocs/metrics.py   # one module

mutmut (2.x, in its own ``.venv-mutation``: it is a tool, not a dependency) changes one thing at a
time in a module (``<`` to ``<=``, a constant, a string, a removed call), runs the tests that cover
that module, and counts the change as killed when they fail. mutmut 2 writes each mutant into the
file itself, so the tests that start ``irdocs``, ``pre-commit`` or ``mkdocs`` as processes see it
too. It works in a scratch copy of the working tree, never in the checkout. The modules and the
tests that cover each are ``[tool.mutmut.modules]`` in pyproject.toml; a line whose mutants cannot
change behaviour carries ``# pragma: no mutate`` and a comment saying why.

Prints one table: mutants, killed, survived, timed out, and the score (killed and timed out over
all); modules run side by side, one per core. It
writes every survivor's diff to ``benchmarks/.cache/mutation/survivors.diff`` to read.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "benchmarks" / ".cache" / "mutation"
TEST_PYTHON = REPO / ".venv" / "bin" / "python"
CLEAN_RUN_LIMIT_SECONDS = 600
"""Longer than any module's tests take unmutated."""
SLOWDOWN = 4
"""A mutant whose tests run this many times longer than the clean run's (and at least 30 s) is
caught as hanging: a loop that never ends (a month that never advances) does not pass either."""
KILLED = {"ok_killed", "ok_suspicious", "bad_timeout"}
"""Caught: the tests failed (``ok_suspicious``: failed, but slower than the clean run), or hung
(the suite would not pass either)."""


def modules() -> dict[str, list[str]]:
    table = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["mutmut"]["modules"]
    return {str(path): list(tests) for path, tests in table.items()}


def scratch_copy(name: str) -> Path:
    """The working tree's files (tracked and new, not ignored) in a fresh folder."""
    target = CACHE / name
    shutil.rmtree(target, ignore_errors=True)
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)  # mutmut looks for a repo
    return target


def run_tests(tree: Path, tests: list[str], timeout: float) -> int:
    """The runner mutmut calls: the module's tests against the mutated copy. mutmut 2 counts
    only exit status 1 as a failure, so an error at collection (a mutant that breaks an import,
    status 2) is reported as 1 too."""
    env = {**os.environ, "PYTHONPATH": str(tree / "tools"), "PYTHONDONTWRITEBYTECODE": "1"}
    tests_run = subprocess.Popen(
        [str(TEST_PYTHON), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
         "-p", "no:randomly", *tests],
        cwd=tree, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        code = tests_run.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        code = 1  # a mutant that hangs the tests is caught: the suite would not pass either
    finally:
        # a mutant can leave processes behind (an `irdocs update` waiting forever on a lock):
        # the tests' whole process group goes with them
        with contextlib.suppress(ProcessLookupError):
            os.killpg(tests_run.pid, signal.SIGKILL)
    return 0 if code == 0 else 1


def mutate(module: str, tests: list[str]) -> tuple[dict[str, int], str]:
    """Run mutmut on ``module`` in its own copy; the counts by status, and the survivors' diffs."""
    tree = scratch_copy(module.replace("/", "_").removesuffix(".py"))
    started = time.monotonic()
    if run_tests(tree, tests, CLEAN_RUN_LIMIT_SECONDS) != 0:
        return {}, f"{module}: its tests fail without a mutation; run them: {' '.join(tests)}\n"
    limit = max(30.0, SLOWDOWN * (time.monotonic() - started))
    runner = (
        f"{sys.executable} {Path(__file__).resolve()} --run-tests {tree} {limit:.0f} "
        f"{' '.join(tests)}"
    )
    subprocess.run(
        [str(Path(sys.executable).parent / "mutmut"), "run", "--paths-to-mutate", module,
         "--tests-dir", "tests", "--runner", runner, "--no-progress"],
        cwd=tree, check=False, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with sqlite3.connect(tree / ".mutmut-cache") as db:
        rows = db.execute(
            "SELECT m.status, COUNT(*) FROM Mutant m JOIN Line l ON m.line = l.id "
            "JOIN SourceFile s ON l.sourcefile = s.id WHERE s.filename = ? GROUP BY m.status",
            (module,),
        ).fetchall()
    shown = subprocess.run(
        [str(Path(sys.executable).parent / "mutmut"), "show", "all"],
        cwd=tree, capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    return {status: count for status, count in rows}, shown


def main(argv: list[str]) -> int:
    if argv[:1] == ["--run-tests"]:
        return run_tests(Path(argv[1]), argv[3:], float(argv[2]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", nargs="*", help="modules to mutate (default: all configured)")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="modules mutated at once"
    )
    args = parser.parse_args(argv)
    configured = modules()
    chosen = args.module or list(configured)
    unknown = [m for m in chosen if m not in configured]
    if unknown:
        parser.error(f"not in [tool.mutmut.modules]: {', '.join(unknown)}")
    print("| module | mutants | killed | survived | timed out | score |")
    print("|---|---|---|---|---|---|")
    diffs = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:  # each module its own mutmut
        results = pool.map(lambda module: mutate(module, configured[module]), chosen)
        for module, (counts, shown) in zip(chosen, results, strict=True):
            total = sum(counts.values())
            killed = sum(counts.get(s, 0) for s in KILLED)
            timed_out = counts.get("bad_timeout", 0)
            score = f"{100 * killed / total:.0f} %" if total else "-"
            print(
                f"| `{module.removeprefix('tools/')}` | {total} | {killed - timed_out} | "
                f"{total - killed} | {timed_out} | {score} |",
                flush=True,
            )
            diffs.append(shown)
    (CACHE / "survivors.diff").write_text("\n".join(diffs))
    print(f"\nthe survivors' diffs: {(CACHE / 'survivors.diff').relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
