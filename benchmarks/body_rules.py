"""Run the runbook body rules directly on every page of the real corpora, front matter or not.

Usage: python benchmarks/body_rules.py [--codes IR406,IR407,...] [--corpus prometheus|govuk|all]

For measuring the rules' precision before ``irdocs adopt`` exists: the GOV.UK manual's pages have
their own front matter (or none), which the schema rejects, so ``irdocs lint`` shows IR105/IR1xx
for them and nothing else today. This script reads each page's body as the linter would (the part
after a ``---`` block when there is one), builds the ``LintDocument`` a body rule sees and runs the
rules on it. The handbook-wide rules (IR408, IR409) see the page's folder as it is on disk.

Corpora (unchanged, in ../shared/corpora): prometheus-operator's runbooks (Apache-2.0),
``content/runbooks/<component>/<Alert>.md``; the GOV.UK developer manual (MIT, Crown Copyright),
``*.html.md`` at the top level and under ``alerts/``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import yaml

from irdocs import config as irdocs_config
from irdocs.documents.frontmatter import FrontMatter
from irdocs.lint.document import LintDocument
from irdocs.lint.registry import all_rules

HERE = Path(__file__).resolve().parent
CORPORA = next(
    (
        base / "shared" / "corpora"
        for base in (HERE.parent.parent, HERE.parent.parent.parent)
        if (base / "shared" / "corpora").is_dir()
    ),
    HERE.parent.parent / "shared" / "corpora",
)
BODY_CODES = ("IR405", "IR406", "IR407", "IR408", "IR409", "IR410", "IR411")


def pages(corpus: str) -> Iterator[tuple[Path, Path]]:
    """(corpus root, page) for each page of ``corpus``."""
    if corpus in ("prometheus", "all"):
        root = CORPORA / "prometheus-operator-runbooks"
        for page in sorted((root / "content" / "runbooks").rglob("*.md")):
            if not page.name.startswith("_"):
                yield root, page
    if corpus in ("govuk", "all"):
        root = CORPORA / "govuk-manual"
        found = [*root.glob("*.html.md"), *root.glob("*.html.md.erb")]
        found += [*(root / "alerts").glob("*.html.md"), *(root / "alerts").glob("*.html.md.erb")]
        yield from ((root, page) for page in sorted(found))


def document(root: Path, page: Path, config: irdocs_config.Config) -> LintDocument:
    text = page.read_text(encoding="utf-8")
    data: dict[str, object] = {}
    body, body_line = text, 1
    if text.startswith("---\n"):
        head, separator, rest = text[4:].partition("\n---\n")
        if separator:
            body, body_line = rest, head.count("\n") + 4
            try:
                loaded = yaml.safe_load(head)
            except yaml.YAMLError:
                loaded = None
            data = loaded if isinstance(loaded, dict) else {}
    root_node = yaml.compose("{}")
    front_matter = FrontMatter(data, root_node, body, body_line)
    display = page.relative_to(root.parent).as_posix()
    return LintDocument("runbook", display, page, front_matter, None, config)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", default=",".join(BODY_CODES))
    parser.add_argument("--corpus", choices=("prometheus", "govuk", "all"), default="all")
    parser.add_argument("--quiet", action="store_true", help="only the counts")
    args = parser.parse_args()
    codes = args.codes.split(",")
    rules = [rule for code, rule in all_rules().items() if code in codes]
    counts: Counter[str] = Counter()
    total = 0
    for root, page in pages(args.corpus):
        total += 1
        config = irdocs_config.load(None, {}, root=root)
        subject = document(root, page, config)
        for rule in rules:
            for finding in rule.check(subject):  # type: ignore[arg-type]
                counts[finding.code] += 1
                if not args.quiet:
                    print(finding.text())
    print(f"\n{total} pages", file=sys.stderr)
    for code in codes:
        print(f"{code}: {counts[code]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
