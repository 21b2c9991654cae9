"""Time `irdocs validate` as users run it: whole processes, wall clock and peak memory.

Usage: python benchmarks/validate.py [--runs N]
Synthetic handbooks (benchmarks/generate.py) are cached in benchmarks/.cache/. Prints a table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from generate import generate

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
IRDOCS = Path(sys.executable).parent / "irdocs"


@dataclass(frozen=True)
class Scenario:
    name: str
    cwd: Path
    argv: list[str]
    documents: str
    target: float | None


def _handbook(count: int) -> Path:
    root = HERE / ".cache" / f"handbook-{count}"
    if not (root / "irdocs.toml").is_file():
        shutil.rmtree(root, ignore_errors=True)
        generate(count, root)
    return root


def _measure(scenario: Scenario) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run, the process and its workers included."""
    start = time.perf_counter()
    process = subprocess.Popen(
        scenario.argv, cwd=scenario.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{scenario.name}: exit {process.returncode}")
    return wall, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per scenario (default 5)")
    runs = parser.parse_args().runs
    big, medium = _handbook(10_000), _handbook(1_000)
    one_big = next((big / "incidents").iterdir()).relative_to(big)
    one_example = next((REPO / "incidents").iterdir()).relative_to(REPO)
    scenarios = [
        Scenario("python start-up alone", REPO, [sys.executable, "-c", "pass"], "-", None),
        Scenario(
            "validate one file (hook), example handbook",
            REPO,
            [str(IRDOCS), "validate", str(one_example)],
            "1 of 26",
            0.25,
        ),
        Scenario(
            "validate one file (hook), 10,000-doc handbook",
            big,
            [str(IRDOCS), "validate", str(one_big)],
            "1 of 10,000",
            0.25,
        ),
        Scenario("validate example handbook", REPO, [str(IRDOCS), "validate"], "26", None),
        Scenario("validate 1,000 documents", medium, [str(IRDOCS), "validate"], "1,000", None),
        Scenario("validate 10,000 documents", big, [str(IRDOCS), "validate"], "10,000", 2.0),
    ]
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, runs per row: {runs}\n")
    print("| scenario | documents | median s | min s | max s | peak RSS MiB | target s | met |")
    print("|---|---|---|---|---|---|---|---|")
    for scenario in scenarios:
        _measure(scenario)  # warm the page cache: every row measures the same file state
        samples = [_measure(scenario) for _ in range(runs)]
        walls = [wall for wall, _ in samples]
        peak = max(rss for _, rss in samples)
        median = statistics.median(walls)
        target = f"{scenario.target:.2f}" if scenario.target else "-"
        met = "-" if scenario.target is None else ("yes" if median <= scenario.target else "no")
        print(
            f"| {scenario.name} | {scenario.documents} | {median:.3f} | {min(walls):.3f} | "
            f"{max(walls):.3f} | {peak:.0f} | {target} | {met} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
