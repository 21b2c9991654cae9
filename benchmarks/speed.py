"""Every speed target of issue 15 in one table: irdocs and the alternatives, in one invocation.

Usage: python benchmarks/speed.py [--runs N] [--portal-runs N] [--no-portal] [--no-alternatives]

Whole processes as users run them. Each row gives wall seconds and CPU seconds (user + system,
the process and every child it waited for: workers, bash, node), the median of N runs after one
warm-up run (the portal: of --portal-runs builds, default 1). On a shared machine wall time
moves with the load; CPU seconds are the steadier figure, and the load average is printed.
Handbooks are generated once into benchmarks/.cache/ (generate.py):

- ``incidents-10000``: 10,000 realistic incidents (``generate.py --incidents-only``);
- ``handbook-10000``: generate.py's mix of 10,000 documents (60% incidents, 20% postmortems,
  20% runbooks);
- ``portal-5000``: 5,000 incidents and their postmortems and runbooks, with mkdocs.yml.

The alternatives: a bare PyYAML parse (libyaml, CSafeLoader) of the same front matter in one
process, timed inside it (the front matter is extracted beforehand, untimed); markdownlint-cli2
(npm, installed once into benchmarks/.cache/node) on the same Markdown files, generic rules
only, when node is on PATH; irdocs validate, for the lint engine's own cost.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generate import generate, generate_incidents
from portal import _handbook as portal_handbook

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
BIN = Path(sys.executable).parent
IRDOCS = str(BIN / "irdocs")
MARKDOWNLINT = "markdownlint-cli2@0.24.1"
_PARSE = """
import sys, time, yaml
texts = open(sys.argv[1], encoding="utf-8").read().split("\\0")
start = time.process_time()
for text in texts:
    yaml.load(text, Loader=yaml.CSafeLoader)
print(time.process_time() - start)
"""


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float


@dataclass
class Row:
    what: str
    documents: str
    irdocs: Callable[[], Sample]
    target: str
    alternative: str = "-"
    other: Callable[[], Sample] | None = None
    ratio: Callable[[float, float], float] | None = None
    """From (irdocs, alternative) seconds; applied to wall and to CPU seconds alike."""
    met: Callable[[Sample, float | None, float | None], bool] = field(
        default=lambda ours, ratio, cpu_ratio: True
    )
    """From irdocs's sample and the wall and CPU ratios."""
    before: Callable[[], None] = field(default=lambda: None)


def _process(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{argv[0]}: exit {status}: {errors.decode()[-500:]}")
    return Sample(wall, usage.ru_utime + usage.ru_stime)


def _median(measure: Callable[[], Sample], runs: int, before: Callable[[], None]) -> Sample:
    before()
    measure()  # warm-up: every run sees the same page cache
    samples = []
    for _ in range(runs):
        before()
        samples.append(measure())
    return Sample(
        statistics.median(s.wall for s in samples), statistics.median(s.cpu for s in samples)
    )


def _generated(name: str, make: Callable[[Path], None]) -> Path:
    root = CACHE / name
    if not (root / "irdocs.toml").is_file():
        shutil.rmtree(root, ignore_errors=True)
        make(root)
    return root


def _front_matter_file(root: Path) -> Path:
    """Every incident's front matter, NUL-separated, for the bare parse."""
    from irdocs.documents.frontmatter import split

    out = CACHE / f"{root.name}.yaml-texts"
    if not out.is_file():
        texts = [split(p.read_text(encoding="utf-8"))[0] for p in sorted(root.glob("incidents/*"))]
        out.write_text("\0".join(texts), encoding="utf-8")
    return out


def _bare_parse(texts: Path) -> Sample:
    done = subprocess.run(
        [sys.executable, "-c", _PARSE, str(texts)], capture_output=True, text=True, check=True
    )
    seconds = float(done.stdout)
    return Sample(seconds, seconds)


def _markdownlint() -> list[str] | None:
    """markdownlint-cli2's command, installed with npm into benchmarks/.cache/node once; None
    without node."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    prefix = CACHE / "node"
    command = prefix / "node_modules" / ".bin" / "markdownlint-cli2"
    if not command.is_file():
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent", MARKDOWNLINT],
            cwd=prefix,
            check=True,
        )
    return [str(command), "incidents/**/*.md", "postmortems/**/*.md", "runbooks/**/*.md"]


def _drop(root: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(root / ".irdocs-cache", ignore_errors=True)


def _rows(arguments: argparse.Namespace) -> list[Row]:
    incidents = _generated("incidents-10000", lambda root: generate_incidents(10_000, root))
    mixed = _generated("handbook-10000", lambda root: generate(10_000, root))
    one = sorted((incidents / "incidents").iterdir())[0].relative_to(incidents)
    texts = _front_matter_file(incidents)
    markdownlint = None if arguments.no_alternatives else _markdownlint()
    validate_mixed = [IRDOCS, "validate"]
    rows = [
        Row(
            "validate, realistic incidents",
            "10,000",
            lambda: _process([IRDOCS, "validate"], incidents),
            "≤ 1.0 x the parse",
            "bare PyYAML C parse of the front matter, one core",
            None if arguments.no_alternatives else (lambda: _bare_parse(texts)),
            ratio=lambda ours, theirs: ours / theirs,
            met=lambda ours, ratio, cpu_ratio: ratio is not None and ratio <= 1.0,
        ),
        Row(
            "validate FILE (pre-commit), incl. start-up",
            "1 of 10,000",
            lambda: _process([IRDOCS, "validate", str(one)], incidents),
            "≤ 0.25 s",
            met=lambda ours, ratio, cpu_ratio: ours.wall <= 0.25,
        ),
        Row(
            "lint, cold",
            "10,000",
            lambda: _process([IRDOCS, "lint"], mixed),
            "≤ 3 s; ≥ 5 x markdownlint-cli2",
            "markdownlint-cli2 (generic Markdown rules)"
            if markdownlint or arguments.no_alternatives
            else "markdownlint-cli2: absent (no node)",
            (lambda: _process(markdownlint, mixed)) if markdownlint else None,
            ratio=lambda ours, theirs: theirs / ours,
            met=lambda ours, ratio, cpu_ratio: ours.wall <= 3.0 and (ratio is None or ratio >= 5.0),
            before=_drop(mixed),
        ),
        Row(
            "lint --select IR501 --no-cache",
            "10,000",
            lambda: _process([IRDOCS, "lint", "--select", "IR501", "--no-cache"], mixed),
            "≤ 1.20 x validate's CPU",
            "irdocs validate (same handbook)",
            lambda: _process(validate_mixed, mixed),
            ratio=lambda ours, theirs: ours / theirs,
            met=lambda ours, ratio, cpu_ratio: cpu_ratio is not None and cpu_ratio <= 1.2,
        ),
        Row(
            "lint, warm",
            "10,000",
            lambda: _process([IRDOCS, "lint"], mixed),
            "≤ 0.5 s",
            met=lambda ours, ratio, cpu_ratio: ours.wall <= 0.5,
        ),
    ]
    if not arguments.no_portal:
        portal = portal_handbook(5000)
        rows.append(
            Row(
                "portal, mkdocs build --strict",
                "5,000 incidents",
                lambda: _process(
                    [str(BIN / "mkdocs"), "build", "--strict", "--quiet"],
                    portal,
                    {"NO_MKDOCS_2_WARNING": "1"},
                ),
                "≤ 20 s",
                met=lambda ours, ratio, cpu_ratio: ours.wall <= 20.0,
            )
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per row (default 3)")
    parser.add_argument("--portal-runs", type=int, default=1, help="portal builds (default 1)")
    parser.add_argument("--no-portal", action="store_true", help="leave the portal row out")
    parser.add_argument(
        "--no-alternatives", action="store_true", help="time irdocs only (no comparisons)"
    )
    arguments = parser.parse_args()
    rows = _rows(arguments)
    loads = [os.getloadavg()[0]]
    python = sys.version.split()[0]
    print(f"{os.cpu_count()} cores, Python {python}, runs per row: {arguments.runs}")
    print()
    print(
        "| what | documents | irdocs wall s | irdocs CPU s | compared with | its wall s | "
        "its CPU s | ratio, wall | ratio, CPU | target | met |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        runs = arguments.portal_runs if row.what.startswith("portal") else arguments.runs
        ours = _median(row.irdocs, runs, row.before)
        theirs = _median(row.other, runs, lambda: None) if row.other else None
        ratio = row.ratio(ours.wall, theirs.wall) if row.ratio and theirs else None
        cpu_ratio = row.ratio(ours.cpu, theirs.cpu) if row.ratio and theirs else None
        loads.append(os.getloadavg()[0])
        print(
            f"| {row.what} | {row.documents} | {ours.wall:.2f} | {ours.cpu:.2f} | "
            f"{row.alternative} | {f'{theirs.wall:.2f}' if theirs else '-'} | "
            f"{f'{theirs.cpu:.2f}' if theirs else '-'} | "
            f"{f'{ratio:.2f}' if ratio is not None else '-'} | "
            f"{f'{cpu_ratio:.2f}' if cpu_ratio is not None else '-'} | {row.target} | "
            f"{'yes' if row.met(ours, ratio, cpu_ratio) else 'no'} |",
            flush=True,
        )
    print(f"\nload average while measuring: {min(loads):.1f} to {max(loads):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
