"""``irdocs adopt PATH...``: bring existing pages into the handbook as runbooks."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from irdocs.commands import options

if TYPE_CHECKING:
    from irdocs.adoption.plan import Outcome
    from irdocs.commands.options import Subparsers
    from irdocs.documents.problem import DocumentProblem

_EPILOG = (
    "exit status: 0 every page adopted, skipped or unchanged; 1 a page could not be "
    "adopted; 2 usage or configuration error; 3 internal error"
)
_DEFAULT_REVIEW_EVERY = 180


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "adopt",
        help="add runbook front matter to existing Markdown pages, bodies untouched",
        description="Write the runbook front matter each page lacks, inferring what can be "
        "inferred (id and service from the path, title from the first heading, owner from "
        "CODEOWNERS, last_reviewed from the last commit, alerts from lint.alert_rules) and "
        "writing a TODO the linter reports for what cannot (the escalation path). Another "
        "generator's front matter (Hugo, MkDocs, Backstage TechDocs, the GOV.UK manual) is "
        "mapped, and what irdocs does not read is kept under x-source. The body is never "
        "changed. Pages that are not runbooks (index, README, redirect stub, deprecated or very "
        "short page, helper page, [tool.irdocs] exclude) are skipped with the reason; pages "
        "that already are valid runbooks are left alone, so a second run changes nothing. "
        "One line per page on stdout, a summary on stderr.",
        epilog=_EPILOG,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="pages or folders under the runbooks folder (default: the whole runbooks folder)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print what would change as a unified diff, and write nothing",
    )
    parser.add_argument(
        "--review-every",
        type=_days,
        default=_DEFAULT_REVIEW_EVERY,
        metavar="DAYS",
        help=f"review_every of adopted pages (default: {_DEFAULT_REVIEW_EVERY})",
    )
    parser.add_argument(
        "--reviewed",
        action=options.DayOption,
        metavar="DATE",
        help="last_reviewed (YYYY-MM-DD) of pages with no commit in git to date them (default: "
        "such pages are not adopted)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return adopt(
        args.paths, dry_run=args.dry_run, review_every=args.review_every, reviewed=args.reviewed
    )


def adopt(paths: Sequence[Path], *, dry_run: bool, review_every: int, reviewed: date | None) -> int:
    """Adopt the pages; 0 when none was refused, 1 otherwise."""
    from irdocs import config as configuration
    from irdocs.adoption import context, plan, writing
    from irdocs.documents.discovery import is_document_name

    config = configuration.find(Path.cwd())
    pages = context.pages(config, paths or [config.folder("runbook")])
    shared = context.build(config, pages, review_every=review_every, reviewed=reviewed)
    outcomes = [plan.adopt(shared, page) for page in pages]
    problems: dict[Path, DocumentProblem] = {}
    if not dry_run:
        writes = [o for o in outcomes if o.status == "adopted"]
        changes = [(o.target, o.before, o.after) for o in writes if o.target is not None]
        done = writing.replace_all(config.root, changes)
        problems = {o.path: p for o, p in zip(writes, done, strict=True) if p is not None}
    counts = _report(outcomes, problems, dry_run=dry_run)
    still_read = sum(
        o.status == "skipped" and is_document_name(o.path.name) and not config.excluded_by(o.path)
        for o in outcomes
    )
    print(_summary(counts, len(pages), dry_run=dry_run), file=sys.stderr)
    if still_read:
        folder = config.folders["runbooks"]
        print(
            f"{still_read} of the skipped pages {'is' if still_read == 1 else 'are'} still read "
            f"by irdocs validate and lint: list them under [tool.irdocs] exclude, or move them "
            f"out of {folder}/",
            file=sys.stderr,
        )
    return 1 if counts["refused"] else 0


def _report(
    outcomes: Sequence[Outcome], problems: dict[Path, DocumentProblem], *, dry_run: bool
) -> Counter[str]:
    """Print a line per page (a diagnostic for a page not adopted); count each status."""
    from irdocs.documents.reading import display_path

    counts: Counter[str] = Counter()
    for outcome in outcomes:
        shown = display_path(outcome.path)
        problem = problems.get(outcome.path)
        if problem is not None:
            print(f"{shown}:{problem.line}:{problem.column}: {problem.code} {problem.message}")
            counts["refused"] += 1
            continue
        counts[outcome.status] += 1
        if outcome.status == "refused":
            sys.stdout.write("".join(f"{finding.text()}\n" for finding in outcome.findings))
            continue
        verb = "would adopt" if dry_run and outcome.status == "adopted" else outcome.status
        print(f"{shown}: {verb}" + (f": {outcome.note}" if outcome.note else ""))
        if dry_run and outcome.status == "adopted":
            sys.stdout.write(_diff(shown, outcome.before, outcome.after))
    return counts


def _diff(shown: str, before: bytes, after: bytes) -> str:
    import difflib

    old = before.decode("utf-8-sig").splitlines(keepends=True)
    new = after.decode("utf-8-sig").splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, f"a/{shown}", f"b/{shown}", n=1)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _summary(counts: Counter[str], total: int, *, dry_run: bool) -> str:
    noun = "page" if total == 1 else "pages"
    adopted = "would be adopted" if dry_run else "adopted"
    parts = [
        f"{counts['adopted']} {adopted}",
        f"{counts['skipped']} skipped",
        f"{counts['unchanged']} unchanged",
        f"{counts['refused']} not adopted",
    ]
    tail = "; dry run, nothing written" if dry_run else ""
    return f"{total} {noun}: {', '.join(parts)}{tail}"


def _days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days (1 or more)")
    return int(text)
