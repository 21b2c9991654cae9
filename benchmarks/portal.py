"""Time the portal build as users run it: `mkdocs build` with the irdocs plugin, whole process.

Usage: python benchmarks/portal.py [--runs N] [--incidents N]
A synthetic handbook with N incidents (default 5,000; benchmarks/generate.py adds postmortems and
runbooks, a fifth of the documents each) is cached in benchmarks/.cache/. Prints a table: wall
seconds (median of the runs), the number of HTML pages and the size of the built site.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from generate import generate

HERE = Path(__file__).resolve().parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
TARGET_SECONDS = 20.0
CONFIG = """site_name: Benchmark handbook
docs_dir: docs
theme:
  name: material
  font: false
extra:
  generator: false
plugins:
  - search
  - irdocs:
      today: "2026-11-22"
nav:
  - Home: index.md
  - Status board: portal/index.md
  - Incidents: portal/incidents/index.md
  - Metrics: portal/metrics.md
  - Action items: portal/actions.md
  - Runbooks: portal/runbooks.md
  - Postmortems: portal/postmortems.md
  - Status history: portal/status.md
"""


def _documents(incidents: int) -> int:
    """The generate.py count whose 60% share of incidents is ``incidents``."""
    count = incidents * 5 // 3
    while count - 2 * (count // 5) < incidents:
        count += 1
    return count


def _handbook(incidents: int) -> Path:
    root = HERE / ".cache" / f"portal-{incidents}"
    if not (root / "mkdocs.yml").is_file():
        shutil.rmtree(root, ignore_errors=True)
        generate(_documents(incidents), root)
        (root / "docs").mkdir()
        (root / "docs" / "index.md").write_text("# Benchmark handbook\n")
        (root / "mkdocs.yml").write_text(CONFIG)
    return root


def _build(root: Path) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one `mkdocs build`."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(MKDOCS), "build", "--strict", "--quiet"],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"mkdocs build failed in {root}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds to time (default 3)")
    parser.add_argument("--incidents", type=int, default=5000, help="incidents (default 5000)")
    args = parser.parse_args()
    root = _handbook(args.incidents)
    documents = sum(1 for _ in root.glob("*/**/*.md")) - 1
    runs = [_build(root) for _ in range(args.runs)]
    times, cpu = [wall for wall, _ in runs], statistics.median([c for _, c in runs])
    site = root / "site"
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(path.stat().st_size for path in site.rglob("*") if path.is_file()) / 2**20
    median = statistics.median(times)
    load = os.getloadavg()[0]
    print(f"{os.cpu_count()} cores (load {load:.1f}), Python {sys.version.split()[0]}\n")
    print(
        "| incidents | documents | HTML pages | site MiB | median s | min s | max s | cpu s |"
        " target s | met |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.incidents:,} | {documents:,} | {pages:,} | {size:.0f} | {median:.2f} | "
        f"{min(times):.2f} | {max(times):.2f} | {cpu:.2f} | {TARGET_SECONDS:.0f} | "
        f"{'yes' if median <= TARGET_SECONDS else 'no'} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
