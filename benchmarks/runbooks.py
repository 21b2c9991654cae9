"""Adopt both real runbook collections into a fresh handbook, lint them, and measure the rules.

Usage: python benchmarks/runbooks.py [--show CODE] [--unlabelled]

The two collections in ../shared/corpora (prometheus-operator's runbooks, Apache-2.0; the GOV.UK
operations manual, MIT) go into the runbooks folder of a fresh `irdocs init` handbook, committed
in a git repository, then `irdocs adopt` and `irdocs lint --format json --no-baseline` run as
whole processes. Printed:

- wall time of adopt and of lint (cold cache), and of both together;
- per rule: findings, how many are labelled in benchmarks/labels/runbooks.tsv, right / wrong /
  debatable, precision (right / labelled), and the rule's level. A rule with more than 25
  findings is labelled on a sample of 25 (the findings whose sha1 of "path:code:message" sorts
  first, so the sample does not move when unrelated findings come and go);
- recall on seeded defects: copies of real pages with one defect each appended (each miss the
  issue listed), and whether lint reports the expected code on the defect's line.

`--unlabelled` prints the sampled findings that have no label yet, with the line they point at,
for a reviewer to label (tab-separated: path, code, message, verdict, reason).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPORA = next(
    (
        base / "shared" / "corpora"
        for base in (REPO.parent, REPO.parent.parent)
        if (base / "shared" / "corpora" / "govuk-manual").is_dir()
    ),
    REPO.parent / "shared" / "corpora",
)
PROMETHEUS = CORPORA / "prometheus-operator-runbooks" / "content" / "runbooks"
GOVUK = CORPORA / "govuk-manual"
LABELS = HERE / "labels" / "runbooks.tsv"
IRDOCS = Path(sys.executable).parent / "irdocs"
SAMPLE = 25
BASE_PAGE = "node/NodeFilesystemSpaceFillingUp.md"
"""The real page each seeded defect is appended to."""


@dataclass(frozen=True)
class Seed:
    name: str
    code: str
    snippet: str
    marker: str
    """Text on the line the finding must point at."""


SEEDS = (
    Seed("oc-delete", "IR410", "```bash\noc delete pod mypod -n app\n```\n", "oc delete pod"),
    Seed("oc-drain", "IR410", "```bash\noc adm drain node-1 --force\n```\n", "oc adm drain"),
    Seed("oc-cordon", "IR410", "```bash\noc adm cordon node-1\n```\n", "oc adm cordon"),
    Seed("virtctl-stop", "IR410", "```bash\nvirtctl stop my-vm\n```\n", "virtctl stop"),
    Seed("kill-9", "IR410", '```bash\nkill -9 "$(pidof node_exporter)"\n```\n', "kill -9"),
    Seed("pkill", "IR410", "```bash\npkill -f node_exporter\n```\n", "pkill"),
    Seed(
        "pg-terminate",
        "IR410",
        "```sql\nSELECT pg_terminate_backend(pid) FROM pg_stat_activity;\n```\n",
        "pg_terminate_backend",
    ),
    Seed("drop-table", "IR410", "```sql\nDROP TABLE sessions;\n```\n", "DROP TABLE"),
    Seed("delete-from", "IR410", "```sql\nDELETE FROM sessions;\n```\n", "DELETE FROM"),
    Seed("truncate", "IR410", "```sql\nTRUNCATE sessions;\n```\n", "TRUNCATE"),
    Seed("flushall", "IR410", "```bash\nredis-cli FLUSHALL\n```\n", "FLUSHALL"),
    Seed("helm-uninstall", "IR410", "```bash\nhelm uninstall exporter\n```\n", "helm uninstall"),
    Seed("terraform-destroy", "IR410", "```bash\nterraform destroy\n```\n", "terraform destroy"),
    Seed(
        "gcloud-delete",
        "IR410",
        "```bash\ngcloud compute instances delete node-1 --zone europe-west2-a\n```\n",
        "gcloud compute",
    ),
    Seed(
        "aws-delete",
        "IR410",
        "```bash\naws s3 rb s3://backups --force\naws ec2 delete-volume --volume-id vol-1\n```\n",
        "delete-volume",
    ),
    Seed("knife-delete", "IR410", "```bash\nknife node delete web-1 -y\n```\n", "knife node"),
    Seed(
        "rails-destroy",
        "IR410",
        "```ruby\nUser.where(stale: true).destroy_all\n```\n",
        "destroy_all",
    ),
    Seed(
        "your-token",
        "IR407",
        "```bash\ncurl -H 'Authorization: Bearer YOUR_TOKEN' https://x\n```\n",
        "YOUR_TOKEN",
    ),
    Seed("changeme", "IR407", "Set the password to CHANGEME before you start.\n", "CHANGEME"),
    Seed("xxx", "IR407", "```bash\nexport API_KEY=xxx\n```\n", "API_KEY=xxx"),
    Seed("todo", "IR407", "TODO: write how to find the culprit.\n", "TODO: write"),
    Seed(
        "backslash-space",
        "IR406",
        "```bash\nkubectl get pods \\ \n  --all-namespaces\n```\n",
        "kubectl get pods",
    ),
    Seed(
        "undefined-reference",
        "IR414",
        "See the [disk dashboard][disk-dash] first.\n",
        "[disk-dash]",
    ),
    Seed(
        "split-link",
        "IR414",
        "Open the [node exporter docs]\n(https://github.com/prometheus/node_exporter) first.\n",
        "[node exporter docs]",
    ),
    Seed(
        "promql-as-bash",
        "IR412",
        '```bash\nrate(node_cpu_seconds_total{mode="idle"}[5m])\n```\n',
        "rate(node_cpu",
    ),
    Seed("param", "IR413", "```bash\nkubectl describe node <node-name>\n```\n", "<node-name>"),
)


OVERRIDES = """
# As docs/adopting.md says: each collection keeps its own structure. prometheus-operator's
# runbooks follow their template; the GOV.UK manual has none, so sections are not checked there.
[[tool.irdocs.lint.overrides]]
paths = ["runbooks/*/*.md"]
runbook_sections = ["Meaning", "Impact", "Diagnosis", "Mitigation"]

[[tool.irdocs.lint.overrides]]
paths = ["runbooks/govuk/"]
ignore = ["IR401"]
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", metavar="CODE", help="also print every finding of CODE")
    parser.add_argument("--unlabelled", action="store_true", help="print sampled, unlabelled")
    args = parser.parse_args()
    if not PROMETHEUS.is_dir() or not GOVUK.is_dir():
        raise SystemExit(f"the corpora are not at {CORPORA}")
    with tempfile.TemporaryDirectory() as folder:
        root = _handbook(Path(folder) / "handbook")
        adopt_s, adopted = _timed(root, "adopt")
        _exclude_skipped(root, adopted.stdout)
        _commit(root, "Adopt")
        lint_s, linted = _timed(root, "lint", "--format", "json", "--no-cache")
        if linted.returncode not in (0, 1):
            raise SystemExit(f"irdocs lint failed ({linted.returncode}): {linted.stderr}")
        findings = [f for f in json.loads(linted.stdout) if "/seeded/" not in f["path"]]
        seeded = [f for f in json.loads(linted.stdout) if "/seeded/" in f["path"]]
        pages = len(list((root / "runbooks").rglob("*.md")))
        print(
            f"irdocs adopt: {adopt_s:.2f} s wall; irdocs lint (cold): {lint_s:.2f} s wall; "
            f"together {adopt_s + lint_s:.2f} s; {pages} pages; {os.cpu_count()} cores"
        )
        print(adopted.stderr.strip().splitlines()[-1] if adopted.stderr.strip() else "")
        print(linted.stderr.strip().splitlines()[-1] if linted.stderr.strip() else "")
        print()
        _precision(root, findings, args.unlabelled)
        print()
        _recall(root, seeded)
        if args.show:
            for finding in findings:
                if finding["code"] == args.show:
                    print(f"{finding['path']}:{finding['line']}: {finding['message']}")
    return 0


def _handbook(root: Path) -> Path:
    subprocess.run([IRDOCS, "init", str(root)], check=True, capture_output=True)
    shutil.copytree(PROMETHEUS, root / "runbooks", dirs_exist_ok=True)
    shutil.copytree(GOVUK, root / "runbooks" / "govuk")
    base = (PROMETHEUS / BASE_PAGE).read_text()
    seeded = root / "runbooks" / "seeded"
    seeded.mkdir()
    for seed in SEEDS:
        (seeded / f"{seed.name}.md").write_text(f"{base.rstrip()}\n\n{seed.snippet}")
    with (root / "pyproject.toml").open("a") as stream:
        stream.write(OVERRIDES)
    _commit(root, "Import")
    return root


def _commit(root: Path, message: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
        "GIT_AUTHOR_DATE": "2026-11-01T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-11-01T12:00:00+00:00",
    }
    subprocess.run(["git", "add", "--all"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", message], cwd=root, check=True, env=env)


def _timed(root: Path, *argv: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    env = {**os.environ, "IRDOCS_TODAY": "2026-11-28"}
    start = time.perf_counter()
    done = subprocess.run(
        [IRDOCS, *argv], cwd=root, capture_output=True, text=True, check=False, env=env
    )
    return time.perf_counter() - start, done


def _exclude_skipped(root: Path, out: str) -> None:
    """What adopt skipped (an index, a helper page, a stub) is listed under exclude, as the
    adoption guide says."""
    skipped = [line.split(": ")[0] for line in out.splitlines() if ": skipped" in line]
    config = root / "pyproject.toml"
    text = config.read_text()
    listed = ", ".join(json.dumps(page) for page in skipped)
    config.write_text(text.replace("[tool.irdocs]\n", f"[tool.irdocs]\nexclude = [{listed}]\n", 1))


def _key(finding: dict[str, str]) -> tuple[str, str, str]:
    return (finding["path"], finding["code"], finding["message"])


def _sample(findings: list[dict[str, str]]) -> list[dict[str, str]]:
    if len(findings) <= SAMPLE:
        return findings
    digest = lambda f: hashlib.sha1(":".join(_key(f)).encode()).hexdigest()  # noqa: E731
    return sorted(findings, key=digest)[:SAMPLE]


def _labels() -> dict[tuple[str, str, str], tuple[str, str]]:
    labels = {}
    if LABELS.is_file():
        for line in LABELS.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                path, code, message, verdict, *reason = line.split("\t")
                labels[(path, code, message)] = (verdict, reason[0] if reason else "")
    return labels


def _precision(root: Path, findings: list[dict[str, str]], unlabelled: bool) -> None:
    labels = _labels()
    by_code: dict[str, list[dict[str, str]]] = defaultdict(list)
    for finding in findings:
        by_code[finding["code"]].append(finding)
    print("| code | level | findings | labelled | right | wrong | debatable | precision |")
    print("|---|---|---|---|---|---|---|---|")
    for code in sorted(by_code):
        sample = _sample(by_code[code])
        verdicts = Counter(labels[_key(f)][0] for f in sample if _key(f) in labels)
        labelled = sum(verdicts.values())
        share = f"{verdicts['right'] / labelled:.0%}" if labelled else "-"
        level = by_code[code][0].get("level", by_code[code][0].get("severity", ""))
        print(
            f"| {code} | {level} | {len(by_code[code])} | {labelled} | {verdicts['right']} | "
            f"{verdicts['wrong']} | {verdicts['debatable']} | {share} |"
        )
        if unlabelled:
            for finding in sample:
                if _key(finding) not in labels:
                    text = _line(root, finding)
                    print(f"#   {text}", file=sys.stderr)
                    print("\t".join([*_key(finding), "?", ""]), file=sys.stderr)


def _line(root: Path, finding: dict[str, str]) -> str:
    try:
        lines = (root / finding["path"]).read_text().splitlines()
        return lines[int(finding["line"]) - 1][:160]
    except (OSError, IndexError, ValueError):
        return ""


def _recall(root: Path, seeded: list[dict[str, str]]) -> None:
    found = 0
    print("| seeded defect | expected | reported on its line |")
    print("|---|---|---|")
    for seed in SEEDS:
        path = f"runbooks/seeded/{seed.name}.md"
        lines = (root / path).read_text().splitlines()
        # the last line with the marker: the defect is appended, and the page's id names the seed
        line = max(i for i, text in enumerate(lines, 1) if seed.marker in text)
        hit = any(
            f["path"] == path and f["code"] == seed.code and int(f["line"]) == line for f in seeded
        )
        found += hit
        print(f"| {seed.name} | {seed.code} | {'yes' if hit else 'NO'} |")
    print(f"\nrecall: {found} of {len(SEEDS)} seeded defects found")


if __name__ == "__main__":
    raise SystemExit(main())
