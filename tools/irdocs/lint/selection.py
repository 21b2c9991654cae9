"""Which findings are reported, and at which level: the rules selected, the codes ignored
everywhere, per file, per folder (``overrides``) and by inline comments; each code's level from
its default, ``levels`` and the overrides' ``levels``."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import cast

from irdocs.config import LintSettings, path_matches
from irdocs.finding import Finding, Level
from irdocs.lint.suppression import Directive, suppressed


@dataclass(frozen=True, slots=True)
class Scope:
    """What one override changes about reporting, for the documents matching ``paths``."""

    paths: tuple[str, ...]
    select: tuple[str, ...] | None = None
    """Replaces the select; None keeps it."""
    ignore: tuple[str, ...] = ()
    """Added to the ignore."""
    levels: Mapping[str, Level] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _View:
    """The selection as it stands for one document; documents under the same settings share
    one, and with it the verdicts already reached for each code."""

    select: tuple[str, ...]
    ignored: tuple[str, ...]
    tables: tuple[Mapping[str, Level], ...]
    """``levels``, then each matching override's, in order: a later table wins."""
    verdicts: dict[str, Level | None] = field(default_factory=dict)
    """By code: its level, or None when it is not reported."""


@dataclass(frozen=True, slots=True)
class Selection:
    select: tuple[str, ...] = ()
    """Codes or prefixes of the rules to run; empty runs every rule. Validation always runs."""
    ignore: tuple[str, ...] = ()
    """Codes or prefixes never reported, validation codes included."""
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Glob (relative to the handbook's root) to the codes or prefixes not reported there."""
    levels: Mapping[str, Level] = field(default_factory=dict)
    """Code or prefix to its level; the longest prefix wins."""
    scopes: tuple[Scope, ...] = ()
    defaults: Mapping[str, Level] = field(default_factory=dict)
    """Each code's default level; a code not here is an error."""
    fixed: Collection[str] = frozenset()
    """Codes that are always errors (validation)."""
    _views: dict[str, _View] = field(default_factory=dict, compare=False, repr=False)
    _shared: dict[tuple[object, ...], _View] = field(
        default_factory=dict, compare=False, repr=False
    )

    def runs(self, code: str) -> bool:
        """Whether the rule ``code`` runs for some document: selected here or by an override."""
        selects = [self.select, *(s.select for s in self.scopes if s.select is not None)]
        return any(not select or code.startswith(select) for select in selects)

    def reports(self, relative: str, code: str, rule_codes: Collection[str]) -> bool:
        """Whether a finding of ``code`` in the file at ``relative`` is reported (unless an
        inline comment silences it)."""
        return self.verdict(relative, code, rule_codes) is not None

    def verdict(self, relative: str, code: str, rule_codes: Collection[str]) -> Level | None:
        """The level of a finding of ``code`` in the file at ``relative``, or None when it is
        not reported (inline comments aside). Once per code and settings: a large handbook
        has tens of thousands of findings and few settings. ``rule_codes`` is the same on
        every call."""
        view = self._views.get(relative) or self._view(relative)
        if code not in view.verdicts:
            view.verdicts[code] = self._judge(view, code, rule_codes)
        return view.verdicts[code]

    def _judge(self, view: _View, code: str, rule_codes: Collection[str]) -> Level | None:
        if code in rule_codes and view.select and not code.startswith(view.select):
            return None
        if code.startswith(view.ignored):
            return None
        if code in self.fixed:
            return "error"
        level = self.defaults.get(code, "error")
        for table in view.tables:
            for end in range(len(code), 2, -1):
                if code[:end] in table:
                    level = table[code[:end]]
                    break
        return level

    def _view(self, relative: str) -> _View:
        select, ignored, tables = self.select, list(self.ignore), [self.levels]
        for pattern, codes in self.per_file_ignores.items():
            if path_matches(relative, pattern):
                ignored.extend(codes)
        for scope in self.scopes:
            if any(path_matches(relative, pattern) for pattern in scope.paths):
                select = scope.select if scope.select is not None else select
                ignored.extend(scope.ignore)
                tables.append(scope.levels)
        key = (select, tuple(ignored), tuple(map(id, tables)))
        if key not in self._shared:
            self._shared[key] = _View(select, tuple(ignored), tuple(tables))
        view = self._views[relative] = self._shared[key]
        return view


def from_settings(
    settings: LintSettings,
    select: Sequence[str],
    ignore: Sequence[str],
    *,
    source: str,
) -> Selection:
    """The selection of the handbook's settings and the command line: ``select`` replaces every
    select (the overrides' too), ``ignore`` adds to the ignore. An unknown code or prefix, or a
    level for a validation code, is a usage error naming the key in ``source``."""
    from irdocs.errors import UsageError
    from irdocs.lint.codes import all_codes, unknown

    known = all_codes()
    for option, codes in (("--select", select), ("--ignore", ignore)):
        if bad := unknown(list(codes), known):
            raise UsageError(f"{option}: no code starts with {', '.join(bad)}; see docs/rules/")
    for key, codes in _written(settings):
        if bad := unknown(list(codes), known):
            raise UsageError(
                f"{source}:1:1: IR001 {key}: no code starts with {', '.join(bad)}; see docs/rules/"
            )
        fixed = [c for c in codes if all(i.fixed for k, i in known.items() if k.startswith(c))]
        if key.endswith("levels") and fixed:
            raise UsageError(
                f"{source}:1:1: IR001 {key}: {', '.join(fixed)}: validation codes are always "
                "errors; fix the documents, or ignore the code"
            )
    return Selection(
        tuple(select) if select else settings.select,
        (*settings.ignore, *ignore),
        settings.per_file_ignores,
        _levels(settings.levels),
        tuple(
            Scope(
                o.paths,
                tuple(select) if select else o.select,
                o.ignore,
                _levels(o.levels),
            )
            for o in settings.overrides
        ),
        {code: info.level for code, info in known.items()},
        frozenset(code for code, info in known.items() if info.fixed),
    )


def _written(settings: LintSettings) -> Iterable[tuple[str, Sequence[str]]]:
    yield "lint.select", settings.select
    yield "lint.ignore", settings.ignore
    for glob, codes in settings.per_file_ignores.items():
        yield f"lint.per_file_ignores.'{glob}'", codes
    yield "lint.levels", list(settings.levels)
    for index, override in enumerate(settings.overrides):
        yield f"lint.overrides.{index}.select", override.select or ()
        yield f"lint.overrides.{index}.ignore", override.ignore
        yield f"lint.overrides.{index}.levels", list(override.levels)


def _levels(table: Mapping[str, str]) -> Mapping[str, Level]:
    return cast("Mapping[str, Level]", dict(table))  # the config schema allows only levels


def report(
    findings: Iterable[Finding],
    selection: Selection,
    rule_codes: Iterable[str],
    relative: Mapping[str, str],
    directives: Mapping[str, Sequence[Directive]],
    *,
    unchecked: Collection[str] = (),
) -> list[Finding]:
    """The findings to report, at their levels, sorted and without duplicates.

    ``relative`` maps a finding's path to its path from the handbook's root; ``directives`` holds
    each document's irdocs comments. The findings of the ``unchecked`` paths (documents the
    linter could not read) are always reported, as errors.
    """
    rules = frozenset(rule_codes)
    kept = []
    for finding in set(findings):
        path = finding.path
        if path in unchecked:
            kept.append(replace(finding, level="error"))
            continue
        level = selection.verdict(relative.get(path, path), finding.code, rules)
        if level is None:
            continue
        if suppressed(finding.code, finding.line, directives.get(path, ())):
            continue
        kept.append(finding if level == finding.level else replace(finding, level=level))
    return sorted(kept, key=order)


def order(finding: Finding) -> tuple[str, int, int, str, str, str]:
    """The findings' order (by path, line, column, code, message) as a tuple, which sorts in C:
    the dataclass's own comparison costs more than the rest of a warm run's report."""
    return (
        finding.path,
        finding.line,
        finding.column,
        finding.code,
        finding.message,
        finding.level,
    )
