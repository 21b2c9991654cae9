"""``irdocs lint``: validation plus the lint rules."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from irdocs import config as configuration
from irdocs.commands import options
from irdocs.commands.validate import _selected, no_documents_yet
from irdocs.documents.discovery import Source, discover
from irdocs.errors import UsageError
from irdocs.finding import Level
from irdocs.reporting.render import render

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers
    from irdocs.lint.baseline import Baseline


def lint(
    paths: Sequence[Path],
    output_format: str = "text",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    *,
    changed: str | None = None,
    use_cache: bool = True,
    fail_on: Level = "error",
    use_baseline: bool = True,
    write_baseline: Path | None = None,
) -> int:
    """Lint the given documents (or the whole handbook, or the documents changed versus the git
    ref ``changed``; ``""`` for the default ref); 0 when clean, 1 on a finding at ``fail_on``
    or above, or a document that could not be checked. With ``write_baseline``, record what is
    found there instead of reporting it."""
    from irdocs.lint.engine import lint as run_linter
    from irdocs.lint.selection import from_settings

    config = configuration.find(Path.cwd())
    selection = from_settings(
        config.lint, select, ignore, source=str(config.source or "configuration")
    )
    if write_baseline is not None and (paths or changed is not None):
        raise UsageError("--write-baseline records the whole handbook: give no PATH or --changed")
    baseline = _baseline(config) if use_baseline and write_baseline is None else None
    everything = list(discover(config))
    if changed is not None:
        if paths:
            raise UsageError("give PATHs or --changed, not both")
        targets = _changed(config, everything, changed or None)
    elif paths:
        targets = _selected(config, paths)
    else:
        if not everything:
            no_documents_yet(config, "lint")
        targets = everything
    result = run_linter(
        config, everything, targets, selection, use_cache=use_cache, baseline=baseline
    )
    if write_baseline is None:
        sys.stdout.write(render(result.findings, output_format))
        print(result.summary(), file=sys.stderr)
        return 1 if result.fails(fail_on) else 0
    from dataclasses import replace

    from irdocs.lint.baseline import write

    kept = [f for f in result.findings if f.path in result.unchecked]
    keys = [
        (result.relative.get(f.path, f.path), f.code, f.message)
        for f in result.findings
        if f.path not in result.unchecked
    ]
    write(write_baseline, keys, write_baseline.as_posix())
    sys.stdout.write(render(kept, output_format))
    files = len({key[0] for key in keys})
    recorded = (
        f"{len(keys)} {'finding' if len(keys) == 1 else 'findings'} in {files} "
        f"{'file' if files == 1 else 'files'} written to the baseline {write_baseline.as_posix()}"
    )
    print(replace(result, findings=kept).summary(verdict=recorded), file=sys.stderr)
    return 1 if result.unchecked else 0


def _baseline(config: configuration.Config) -> Baseline | None:
    """The baseline the configuration names: a regular file inside the handbook."""
    name = config.lint.baseline
    if name is None:
        return None
    from irdocs.documents.reading import display_path
    from irdocs.lint.baseline import read

    line = configuration.line_of(config.source, "baseline")
    where = f"{config.source or 'configuration'}:{line}:1"
    path = config.root / name
    root = config.root.resolve()
    if not path.resolve().is_relative_to(root):
        raise UsageError(
            f"{where}: IR001 lint.baseline: '{name}' is outside the handbook ({root}); keep the "
            "baseline in the handbook"
        )
    if not path.exists():
        raise UsageError(
            f"{where}: IR001 lint.baseline: '{name}' does not exist; write it with "
            f"irdocs lint --write-baseline {display_path(path)}"
        )
    if not path.is_file():
        raise UsageError(f"{where}: IR001 lint.baseline: '{name}' is not a regular file")
    return read(path, display_path(path))


def _changed(
    config: configuration.Config, everything: list[Source], ref: str | None
) -> list[Source]:
    from irdocs.lint.changed import changed_files

    _, files = changed_files(config.root, ref)
    resolved = {path.resolve() for path in files}
    return [source for source in everything if source.path.resolve() in resolved]


_EPILOG = (
    "exit status: 0 clean (or only findings below --fail-on), 1 findings at --fail-on or above, "
    "or a document that could not be read, 2 usage or configuration error, 3 internal error"
)


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
        help="neither read nor write the cache (.irdocs-cache/, or the user's cache folder "
        "when CI=true)",
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="error",
        help="the lowest level of finding that makes the exit status 1 (default: error)",
    )
    parser.add_argument(
        "--no-baseline",
        action="store_true",
        help="report the findings [tool.irdocs.lint] baseline records too",
    )
    parser.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record every finding of the whole handbook in FILE (JSON) instead of reporting "
        "it; name FILE in [tool.irdocs.lint] baseline to report only new findings",
    )
    options.add_today(parser, "runbooks are stale and postmortems late against")
    parser.epilog = _EPILOG
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return lint(
        args.paths,
        args.format,
        select=args.select,
        ignore=args.ignore,
        changed=args.changed,
        use_cache=not args.no_cache,
        fail_on=args.fail_on,
        use_baseline=not args.no_baseline,
        write_baseline=args.write_baseline,
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
