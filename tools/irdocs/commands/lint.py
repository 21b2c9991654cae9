"""``irdocs lint``: validation plus the lint rules."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from irdocs import config as configuration
from irdocs.commands import options
from irdocs.commands.validate import _selected
from irdocs.documents.discovery import Source, discover
from irdocs.errors import UsageError
from irdocs.reporting.render import render, summary

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers
    from irdocs.lint.selection import Selection


def lint(
    paths: Sequence[Path],
    output_format: str = "text",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    *,
    changed: str | None = None,
    use_cache: bool = True,
) -> int:
    """Lint the given documents (or the whole handbook, or the documents changed versus the git
    ref ``changed``; ``""`` for the default ref); 0 when clean, 1 on findings."""
    from irdocs.lint.engine import lint as run_linter

    config = configuration.find(Path.cwd())
    selection = _selection(config, select, ignore)
    everything = list(discover(config))
    if changed is not None:
        if paths:
            raise UsageError("give PATHs or --changed, not both")
        targets = _changed(config, everything, changed or None)
    elif paths:
        targets = _selected(config, paths)
    elif not everything:
        raise UsageError(
            f"no documents found for the handbook at {config.source or config.root}: expected "
            f"Markdown files in {', '.join(config.folders.values())}/ (see `irdocs lint --help`)"
        )
    else:
        targets = everything
    findings = run_linter(config, everything, targets, selection, use_cache=use_cache)
    sys.stdout.write(render(findings, output_format))
    print(summary(findings, len(targets)), file=sys.stderr)
    return 1 if findings else 0


def _selection(
    config: configuration.Config, select: Sequence[str], ignore: Sequence[str]
) -> Selection:
    """``--select`` replaces the configuration's select; ``--ignore`` adds to its ignore. An
    unknown code or prefix, on the command line or in the configuration, is a usage error."""
    from irdocs.lint.codes import all_codes, unknown
    from irdocs.lint.selection import Selection

    known = all_codes()
    for option, codes in (("--select", select), ("--ignore", ignore)):
        if bad := unknown(list(codes), known):
            raise UsageError(f"{option}: no code starts with {', '.join(bad)}; see docs/rules/")
    settings = config.lint
    written = [
        ("lint.select", settings.select),
        ("lint.ignore", settings.ignore),
        *(
            (f"lint.per_file_ignores.'{glob}'", codes)
            for glob, codes in settings.per_file_ignores.items()
        ),
    ]
    for key, codes in written:
        if bad := unknown(list(codes), known):
            raise UsageError(
                f"{config.source or 'configuration'}:1:1: IR001 {key}: no code starts with "
                f"{', '.join(bad)}; see docs/rules/"
            )
    return Selection(
        tuple(select) if select else settings.select,
        (*settings.ignore, *ignore),
        settings.per_file_ignores,
    )


def _changed(
    config: configuration.Config, everything: list[Source], ref: str | None
) -> list[Source]:
    from irdocs.lint.changed import changed_files

    _, files = changed_files(config.root, ref)
    resolved = {path.resolve() for path in files}
    return [source for source in everything if source.path.resolve() in resolved]


def register(subparsers: Subparsers) -> None:
    parser = options.command(
        subparsers,
        "lint",
        "validate, then check what the schemas cannot: sections, language, freshness",
        "Validation plus the lint rules (docs/rules/): runbooks, postmortems, "
        "incidents, status updates and the handbook as a whole. With no PATH, the whole handbook "
        "found from the working directory. Results are cached in .irdocs-cache/ in the "
        "handbook's root, by each document's content, the configuration and irdocs's version. "
        "Inline, <!-- irdocs: disable=CODES --> ... <!-- irdocs: enable=CODES --> and "
        "<!-- irdocs: disable-next-line=CODES --> silence codes in a document.",
    )
    options.add_paths(parser, "lint")
    options.add_finding_format(parser)
    parser.add_argument(
        "--select",
        type=_codes,
        default=[],
        metavar="CODES",
        help="comma-separated codes or prefixes of the rules to run, e.g. IR4,IR501; replaces "
        "[tool.irdocs.lint] select (default: every rule; validation always runs)",
    )
    parser.add_argument(
        "--ignore",
        type=_codes,
        default=[],
        metavar="CODES",
        help="comma-separated codes or prefixes not to report, added to the configuration's",
    )
    parser.add_argument(
        "--changed",
        nargs="?",
        const="",
        metavar="REF",
        help="lint only the documents changed versus the git ref REF: committed since the "
        "merge base, staged, unstaged or untracked (default REF: origin/main if it exists, "
        "else main, else HEAD)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache in .irdocs-cache/",
    )
    options.add_today(parser, "runbooks are stale and postmortems late against")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return lint(
        args.paths,
        args.format,
        select=args.select,
        ignore=args.ignore,
        changed=args.changed,
        use_cache=not args.no_cache,
    )


def _codes(text: str) -> list[str]:
    """``IR4,IR501`` for argparse: codes or code prefixes."""
    import re

    codes = [code.strip().upper() for code in text.split(",") if code.strip()]
    bad = [code for code in codes if not re.fullmatch(r"IR\d{1,3}", code)]
    if bad or not codes:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a list of codes; write codes or prefixes like IR4,IR501"
        )
    return codes
