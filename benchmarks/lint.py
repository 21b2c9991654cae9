"""Time `irdocs lint` as users run it, beside what a team would wire up instead.

Usage: python benchmarks/lint.py [--runs N]
Whole processes, wall clock, median of N runs after one warm-up run, on the generated
10,000-document handbook (benchmarks/generate.py, cached in benchmarks/.cache/):

- irdocs lint, the whole handbook: cold (no .irdocs-cache/, removed before each run; the run
  writes it) and warm (the cache of the previous run);
- irdocs lint on one file (a pre-commit hook), cold and warm;
- the alternative: check-jsonschema on the front matter (extracted once, untimed, into YAML
  files, one run per document kind against irdocs's effective schema for the handbook) plus
  pymarkdown (pymarkdownlnt) on the documents with its front-matter extension, so it lints
  the bodies. It checks less than irdocs (no cross-document checks, no positions in the front
  matter, generic Markdown rules instead of incident rules); the ratio is of wall time only.

Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generate import generate

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
IRDOCS = str(BIN / "irdocs")
KINDS = ("incident", "postmortem", "runbook")


@dataclass(frozen=True)
class Step:
    argv: list[str]
    cwd: Path


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: list[Step]
    """Processes run one after the other; the scenario's time is their sum."""
    before: Callable[[], None] = field(default=lambda: None)
    target: float | None = None


def _handbook(count: int) -> Path:
    root = HERE / ".cache" / f"handbook-{count}"
    if not (root / "irdocs.toml").is_file():
        shutil.rmtree(root, ignore_errors=True)
        generate(count, root)
    return root


def _front_matter(root: Path) -> Path:
    """Each document's front matter as a YAML file, and each kind's effective schema."""
    from irdocs import config as configuration
    from irdocs.documents.frontmatter import split
    from irdocs.documents.schema import effective_schema

    out = HERE / ".cache" / f"front-matter-{root.name}"
    if (out / "done").is_file():
        return out
    shutil.rmtree(out, ignore_errors=True)
    config = configuration.find(root)
    for kind in KINDS:
        folder = out / kind
        folder.mkdir(parents=True)
        (out / f"{kind}.schema.json").write_text(json.dumps(effective_schema(kind, config)))
        for number, path in enumerate(sorted(config.folder(kind).rglob("*.md"))):
            yaml_text, _ = split(path.read_text(encoding="utf-8"))
            (folder / f"{number:05d}.yaml").write_text(yaml_text, encoding="utf-8")
    (out / "done").write_text("")
    return out


def _check_jsonschema(front_matter: Path, kind: str, files: list[Path]) -> Step:
    schema = front_matter / f"{kind}.schema.json"
    argv = [str(BIN / "check-jsonschema"), "--schemafile", str(schema), *map(str, files)]
    return Step(argv, front_matter)


def _pymarkdown(root: Path, paths: list[str]) -> Step:
    argv = [str(BIN / "pymarkdown"), "--enable-extensions", "front-matter", "scan", "-r", *paths]
    return Step(argv, root)


def _run(step: Step) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        step.argv, cwd=step.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{step.argv[0]}: exit {done.returncode}: {done.stderr.decode()[-500:]}")
    return wall


def _measure(scenario: Scenario) -> float:
    scenario.before()
    return sum(_run(step) for step in scenario.steps)


def _drop_cache(root: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(root / ".irdocs-cache", ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (default 3)")
    parser.add_argument(
        "--no-alternative",
        action="store_true",
        help="time irdocs only (the alternative takes minutes)",
    )
    arguments = parser.parse_args()
    runs = arguments.runs
    root = _handbook(10_000)
    front_matter = _front_matter(root)
    one = sorted((root / "incidents").iterdir())[0].relative_to(root)
    irdocs_lint = [IRDOCS, "lint"]
    alternative_full = [
        *(
            _check_jsonschema(front_matter, kind, sorted((front_matter / kind).iterdir()))
            for kind in KINDS
        ),
        _pymarkdown(root, ["incidents", "postmortems", "runbooks"]),
    ]
    alternative_one = [
        _check_jsonschema(front_matter, "incident", [front_matter / "incident" / "00000.yaml"]),
        _pymarkdown(root, [str(one)]),
    ]
    scenarios = [
        Scenario(
            "irdocs lint, 10,000 documents, cold",
            [Step(irdocs_lint, root)],
            _drop_cache(root),
            3.0,
        ),
        Scenario("irdocs lint, 10,000 documents, warm", [Step(irdocs_lint, root)], target=0.5),
        Scenario(
            "irdocs lint, 1 file of 10,000, cold",
            [Step([*irdocs_lint, str(one)], root)],
            _drop_cache(root),
        ),
        Scenario(
            "irdocs lint, 1 file of 10,000, warm",
            [Step([*irdocs_lint, str(one)], root)],
            lambda: _run(Step(irdocs_lint, root)),  # a full run leaves the cache warm
            0.3,
        ),
    ]
    if not arguments.no_alternative:
        scenarios.append(
            Scenario("check-jsonschema + pymarkdown, 10,000 documents", alternative_full)
        )
        scenarios.append(Scenario("check-jsonschema + pymarkdown, 1 file", alternative_one))
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, runs per row: {runs}\n")
    print("| scenario | median s | min s | max s | target s | met |")
    print("|---|---|---|---|---|---|")
    medians: dict[str, float] = {}
    for scenario in scenarios:
        _measure(scenario)  # warm the page cache: every row measures the same file state
        walls = [_measure(scenario) for _ in range(runs)]
        median = medians[scenario.name] = statistics.median(walls)
        target = f"{scenario.target:.2f}" if scenario.target else "-"
        met = "-" if scenario.target is None else ("yes" if median <= scenario.target else "no")
        print(
            f"| {scenario.name} | {median:.3f} | {min(walls):.3f} | {max(walls):.3f} | "
            f"{target} | {met} |",
            flush=True,
        )
    if arguments.no_alternative:
        return 0
    full = medians["check-jsonschema + pymarkdown, 10,000 documents"]
    single = medians["check-jsonschema + pymarkdown, 1 file"]
    print("\n| comparison | ratio (alternative / irdocs) |")
    print("|---|---|")
    for label, alternative, ours in (
        ("whole handbook, irdocs cold", full, "irdocs lint, 10,000 documents, cold"),
        ("whole handbook, irdocs warm", full, "irdocs lint, 10,000 documents, warm"),
        ("one file, irdocs cold", single, "irdocs lint, 1 file of 10,000, cold"),
        ("one file, irdocs warm", single, "irdocs lint, 1 file of 10,000, warm"),
    ):
        print(f"| {label} | {alternative / medians[ours]:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
