"""``irdocs lint``: validation plus the lint rules."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from irdocs import config as configuration
from irdocs.commands.validate import _selected
from irdocs.documents.discovery import Source, discover
from irdocs.errors import UsageError
from irdocs.reporting.render import render, summary

if TYPE_CHECKING:
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
