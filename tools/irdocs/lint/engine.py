"""Run the rules: validation first, then every selected rule over every document it applies to,
then the handbook rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from irdocs import frontmatter
from irdocs.config import Config
from irdocs.discovery import Source
from irdocs.finding import Finding
from irdocs.handbook import Handbook, load
from irdocs.lint.document import LintDocument
from irdocs.lint.registry import Rule, all_rules
from irdocs.model import Record
from irdocs.problem import DocumentProblem
from irdocs.reading import display_path


def selected_rules(select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Rule]:
    """The rules whose code starts with one of ``select`` (all when empty) and none of
    ``ignore``."""
    return [
        rule
        for code, rule in all_rules().items()
        if (not select or code.startswith(tuple(select))) and not code.startswith(tuple(ignore))
    ]


def lint(config: Config, sources: Sequence[Source], rules: Sequence[Rule]) -> list[Finding]:
    """Validation findings and rule findings for every document of ``sources``, sorted."""
    handbook, findings = load(config, sources, today=date.today())
    records = handbook.by_path
    for source in sources:
        document = _document(config, handbook, records, source)
        if document is None:
            continue  # unreadable: validation has said why
        for rule in rules:
            if document.kind in rule.kinds:
                findings.extend(rule.check(document))  # type: ignore[arg-type]
    for rule in rules:
        if not rule.kinds:
            findings.extend(rule.check(handbook))  # type: ignore[arg-type]
    return sorted(set(findings))


def _document(
    config: Config, handbook: Handbook, records: Mapping[str, Record], source: Source
) -> LintDocument | None:
    if source.loop:
        return None
    try:
        front_matter = frontmatter.read(source.path)
    except DocumentProblem:
        return None
    path = display_path(source.path)
    return LintDocument(
        source.kind, path, source.path, front_matter, records.get(path), config, handbook
    )
