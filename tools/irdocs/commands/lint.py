"""``irdocs lint``: validation plus the lint rules."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from irdocs import config as configuration
from irdocs.commands.validate import _selected
from irdocs.discovery import discover
from irdocs.errors import UsageError
from irdocs.reading import display_path
from irdocs.report import render, summary


def lint(
    paths: Sequence[Path],
    output_format: str = "text",
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> int:
    """Lint the given documents (or the whole handbook); 0 when clean, 1 on findings."""
    from irdocs.lint.engine import lint as run_rules
    from irdocs.lint.engine import selected_rules

    config = configuration.find(Path.cwd())
    everything = list(discover(config))
    if not paths and not everything:
        raise UsageError(
            f"no documents found for the handbook at {config.source or config.root}: expected "
            f"Markdown files in {', '.join(config.folders.values())}/ (see `irdocs lint --help`)"
        )
    selected = _selected(config, paths) if paths else everything
    rules = selected_rules(
        [*config.lint.select, *select] if select else config.lint.select,
        [*config.lint.ignore, *ignore],
    )
    wanted = {display_path(source.path) for source in selected}
    # With no PATH, findings outside the documents (alert rule files) are the handbook's too.
    findings = [f for f in run_rules(config, everything, rules) if not paths or f.path in wanted]
    sys.stdout.write(render(findings, output_format))
    print(summary(findings, len(selected)), file=sys.stderr)
    return 1 if findings else 0
