"""Lint real runbooks written by others: findings per code and wall time.

Usage: python benchmarks/corpus.py [CORPUS] [--show CODE]
CORPUS defaults to ../shared/corpora/prometheus-operator-runbooks (Apache-2.0), Hugo pages under
content/runbooks/<component>/<Alert>.md with sections Meaning, Impact, Diagnosis, Mitigation.
A corpus without content/runbooks/ (the GOV.UK manual, MIT: ``*.html.md`` at the top level and
under alerts/) is copied in as the runbooks folder. Most GOV.UK pages have no irdocs front matter,
so until body rules run without it they show IR105 only; ``benchmarks/body_rules.py`` runs the
body rules on every page directly.
It is copied to a temporary folder with an irdocs.toml that maps that layout, then linted with
`irdocs lint --format json` as a whole process. Their front matter is Hugo's (title, weight), not
irdocs's, so every page also has schema findings (IR1xx); the body rules run regardless.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
# ../shared from the main checkout; ../../shared from a worktree under wt/
DEFAULT = next(
    (
        base / "shared" / "corpora" / "prometheus-operator-runbooks"
        for base in (HERE.parent.parent, HERE.parent.parent.parent)
        if (base / "shared" / "corpora").is_dir()
    ),
    HERE.parent.parent / "shared" / "corpora" / "prometheus-operator-runbooks",
)
IRDOCS = Path(sys.executable).parent / "irdocs"
CONFIG = """\
[folders]
runbooks = "content/runbooks"

[lint]
runbook_sections = ["Meaning", "Impact", "Diagnosis", "Mitigation"]
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--show", metavar="CODE", help="also print the findings of CODE")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: no such folder")
    hugo = (args.corpus / "content" / "runbooks").is_dir()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "corpus"
        if hugo:
            shutil.copytree(args.corpus, root)
        else:
            shutil.copytree(args.corpus, root / "content" / "runbooks")
        (root / "irdocs.toml").write_text(CONFIG if hugo else CONFIG.split("[lint]")[0])
        documents = sum(
            1 for p in (root / "content" / "runbooks").rglob("*.md") if not p.name.startswith("_")
        )
        start = time.perf_counter()
        done = subprocess.run(
            [IRDOCS, "lint", "--format", "json"], cwd=root, capture_output=True, text=True
        )
        wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"irdocs lint exited {done.returncode}: {done.stderr.strip()}")
    findings = json.loads(done.stdout)
    counts = Counter(finding["code"] for finding in findings)
    files = Counter(code for code, _ in {(f["code"], f["path"]) for f in findings})
    print(f"{documents} runbooks from {args.corpus.name}, linted in {wall:.2f} s wall\n")
    print("| code | findings | files |")
    print("|---|---|---|")
    for code in sorted(counts):
        print(f"| {code} | {counts[code]} | {files[code]} |")
    print(f"| all | {len(findings)} | {len({f['path'] for f in findings})} |")
    if args.show:
        print()
        for finding in findings:
            if finding["code"] == args.show:
                where = f"{finding['path']}:{finding['line']}:{finding['column']}"
                print(f"{where}: {finding['code']} {finding['message']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
