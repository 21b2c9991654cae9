"""``irdocs validate``: schemas plus the integrity of the handbook as a whole."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from irdocs import clock
from irdocs import config as configuration
from irdocs.commands import options
from irdocs.documents.discovery import Source, classify, discover
from irdocs.documents.handbook import load
from irdocs.documents.reading import KeyIndex, display_path
from irdocs.errors import UsageError
from irdocs.reporting.render import render, summary

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers


def validate(paths: Sequence[Path], output_format: str = "text", today: date | None = None) -> int:
    """Validate the given documents (or the whole handbook); 0 when valid, 1 on findings.

    The postmortem policy is checked as of ``today`` (default: the current date)."""
    config = configuration.find(Path.cwd())
    everything = list(discover(config))
    if not paths and not everything:
        no_documents_yet(config, "validate")
    selected = _selected(config, paths) if paths else everything
    chosen = {source.path.absolute() for source in selected}
    context = [source for source in everything if source.path.absolute() not in chosen]
    index = _index(config) if context and paths else None
    _, findings = load(
        config, selected, context=context, records=False, today=today or clock.today(), index=index
    )
    if index is not None and index.changed:
        from irdocs.lint import cache

        cache.save_ids(config.root, _index_key(), index.entries)
    wanted = {display_path(source.path) for source in selected}
    findings = [finding for finding in findings if finding.path in wanted]
    sys.stdout.write(render(findings, output_format))
    print(summary(findings, len(selected)), file=sys.stderr)
    return 1 if findings else 0


def no_documents_yet(config: configuration.Config, command: str) -> None:
    """A handbook with no documents yet is valid: say so on stderr. Without a configuration
    either, this is no handbook: a usage error."""
    folders = ", ".join(f"{folder}/" for folder in config.folders.values())
    if config.source is None:
        raise UsageError(
            f"no documents found for the handbook at {config.root}: expected Markdown files "
            f"in {folders} (see `irdocs {command} --help`)"
        )
    print(
        f"{display_path(config.source)}: no documents yet in {folders}: nothing to check; "
        "declare the first incident with `irdocs declare`",
        file=sys.stderr,
    )


def _index(config: configuration.Config) -> KeyIndex:
    """The IDs other documents claimed when last read, from the cache folder (see
    docs/commands/lint.md): validating one file need not read the whole handbook again."""
    from irdocs.lint import cache

    entries, written_ns = cache.load_ids(config.root, _index_key())
    return KeyIndex(entries, written_ns)


def _index_key() -> str:
    """Entries are display paths, relative to the working directory; and the reading code."""
    from irdocs import __version__
    from irdocs.lint import cache

    return f"{__version__}\0{cache.code_version()}\0{Path.cwd()}"


def _selected(config: configuration.Config, paths: Sequence[Path]) -> list[Source]:
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"{path}: no such file or folder")
    sources: list[Source] = []
    for item in classify(config, paths):
        if isinstance(item, Path):
            folders = ", ".join(f"{folder}/" for folder in config.folders.values())
            raise UsageError(
                f"{item}: not in the handbook's document folders ({folders} under {config.root})"
            )
        sources.append(item)
    return sources


def register(subparsers: Subparsers) -> None:
    parser = options.command(
        subparsers,
        "validate",
        "check documents against the schemas and each other",
        "Check front matter against the JSON Schemas, and the handbook's integrity: "
        "duplicate IDs, dangling references, timestamps without an offset or out of order. "
        "With no PATH, the whole handbook found from the working directory.",
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    options.add_paths(parser, "validate")
    options.add_finding_format(parser)
    options.add_today(parser, "postmortems are missing or late against")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return validate(args.paths, args.format, args.today)
