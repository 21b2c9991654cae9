"""IR51x: alert rules against runbooks. Every alert in the Prometheus rule files of
``lint.alert_rules`` has a ``runbook_url`` that resolves to a runbook of the handbook, and every
alert a runbook names is defined there.

Rule files are plain Prometheus rule files (``groups:``) or PrometheusRule resources
(``spec.groups``), one or more YAML documents each; positions come from the composed nodes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from irdocs.config import Config
from irdocs.documents.handbook import Handbook
from irdocs.documents.problem import DocumentProblem
from irdocs.documents.reading import display_path
from irdocs.documents.source import read_bytes, refusal
from irdocs.errors import UsageError
from irdocs.finding import Finding
from irdocs.lint.registry import handbook_rule
from irdocs.lint.runbook import finding_at_field

_PAGE_SUFFIXES = (".md", ".html", ".htm")
_MAX_DEPTH = 64
"""As in front matter (``yamltree.MAX_DEPTH``): where a deeper file is reported."""


@dataclass(frozen=True, slots=True)
class Alert:
    name: str
    path: str
    """The rule file, as reported."""
    line: int
    column: int
    runbook_url: str | None
    url_line: int
    url_column: int


@dataclass(frozen=True, slots=True)
class RuleFiles:
    alerts: tuple[Alert, ...]
    problems: tuple[Finding, ...]
    """IR513: files that are not YAML or not Prometheus rules."""


@handbook_rule("IR510", "alert-without-runbook")
def alert_without_runbook(handbook: Handbook) -> Iterator[Finding]:
    """An alert has no ``runbook_url`` annotation."""
    for alert in rule_files(handbook.config).alerts:
        if alert.runbook_url is None:
            yield Finding(
                alert.path,
                alert.line,
                alert.column,
                "IR510",
                f"alert '{alert.name}' has no runbook_url annotation; add one that links to "
                "the runbook that answers it",
            )


@handbook_rule("IR511", "alert-runbook-not-found")
def alert_runbook_not_found(handbook: Handbook) -> Iterator[Finding]:
    """An alert's ``runbook_url`` resolves to no runbook of the handbook."""
    pages = _runbook_pages(handbook)
    for alert in rule_files(handbook.config).alerts:
        url = alert.runbook_url
        if url is None or "{{" in url or _resolve(url, pages):
            continue  # no URL is IR510's; a template cannot be resolved here
        yield Finding(
            alert.path,
            alert.url_line,
            alert.url_column,
            "IR511",
            f"runbook_url of alert '{alert.name}' matches no runbook in the handbook; link to "
            f"runbooks/<service>/<name>.md or its page (ending in <service>/<name>)",
        )


@handbook_rule("IR512", "runbook-alert-not-defined")
def runbook_alert_not_defined(handbook: Handbook) -> Iterator[Finding]:
    """A runbook names an alert that no alert rule file defines."""
    if not handbook.config.lint.alert_rules:
        return
    defined = {alert.name for alert in rule_files(handbook.config).alerts}
    globs = ", ".join(handbook.config.lint.alert_rules)
    for runbook in handbook.runbooks.values():
        for index, name in enumerate(runbook.alerts):
            if name not in defined:
                yield finding_at_field(
                    runbook.path,
                    ("alerts", index),
                    "IR512",
                    f"alert '{name}' is not defined in the alert rules ({globs}); fix the name "
                    "or remove it",
                )


@handbook_rule("IR513", "alert-rules-invalid")
def alert_rules_invalid(handbook: Handbook) -> Iterator[Finding]:
    """An alert rule file is not YAML, or not Prometheus rules."""
    yield from rule_files(handbook.config).problems


def rule_files(config: Config) -> RuleFiles:
    """The alerts of every rule file ``lint.alert_rules`` names (``irdocs adopt`` reads them too);
    UsageError when a glob matches no file."""
    paths: list[Path] = []
    for pattern in config.lint.alert_rules:
        found = sorted(config.root.glob(pattern))
        if not found:
            raise UsageError(
                f"lint.alert_rules: '{pattern}' matches no file under {config.root}; fix the glob "
                "(relative to the configuration file) or remove it"
            )
        paths.extend(path for path in found if path not in paths)
    refusals = tuple(refusal(config.root, path) for path in paths)
    stamps = tuple(
        (0, 0) if why else _stamp(path) for path, why in zip(paths, refusals, strict=True)
    )
    return _read_all(tuple(paths), stamps, refusals)


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _read_all(
    paths: tuple[Path, ...],
    stamps: tuple[tuple[int, int], ...],
    refusals: tuple[str | None, ...] = (),
) -> RuleFiles:
    """Every rule file read once per run (four rules ask); ``stamps`` keep the cache honest.
    A file with a refusal (a FIFO, a link out of the handbook) is reported, never opened."""
    alerts: list[Alert] = []
    problems: list[Finding] = []
    for index, path in enumerate(paths):
        shown = display_path(path)
        why = refusals[index] if index < len(refusals) else None
        try:
            if why is not None:
                raise DocumentProblem("IR100", why)
            text = read_bytes(path, limit=None).decode("utf-8")
            documents = list(yaml.compose_all(text, yaml.SafeLoader))
        except (OSError, UnicodeDecodeError, DocumentProblem) as exc:
            reason = exc.message if isinstance(exc, DocumentProblem) else exc
            problems.append(Finding(shown, 1, 1, "IR513", f"cannot read the alert rules: {reason}"))
            continue
        except RecursionError:  # PyYAML's composer recurses once per level of nesting
            line, column = _too_deep(text)
            problems.append(
                Finding(
                    shown,
                    line,
                    column,
                    "IR513",
                    f"YAML nested deeper than {_MAX_DEPTH} levels; alert rules need a few",
                )
            )
            continue
        except yaml.MarkedYAMLError as exc:
            mark = exc.context_mark or exc.problem_mark  # where the unclosed thing starts
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            what = ", ".join(filter(None, (exc.context, exc.problem)))
            problems.append(
                Finding(shown, line, column, "IR513", f"not valid YAML: {what}; fix the YAML")
            )
            continue
        for document in documents:
            if document is None:
                continue
            groups = _get(document, "groups") or _get(_get(document, "spec"), "groups")
            if not isinstance(groups, yaml.SequenceNode):
                problems.append(
                    Finding(
                        shown,
                        document.start_mark.line + 1,
                        document.start_mark.column + 1,
                        "IR513",
                        "not Prometheus alert rules: expected 'groups:' (or a PrometheusRule "
                        "with 'spec.groups'); fix the file or its glob in lint.alert_rules",
                    )
                )
                continue
            alerts.extend(_alerts(shown, groups))
    return RuleFiles(tuple(alerts), tuple(problems))


def _alerts(path: str, groups: yaml.SequenceNode) -> Iterator[Alert]:
    for group in groups.value:
        rules = _get(group, "rules")
        for rule in rules.value if isinstance(rules, yaml.SequenceNode) else ():
            name = _get(rule, "alert")
            if not isinstance(name, yaml.ScalarNode):
                continue  # a recording rule
            url = _get(_get(rule, "annotations"), "runbook_url")
            at = url if isinstance(url, yaml.ScalarNode) else name
            yield Alert(
                str(name.value),
                path,
                name.start_mark.line + 1,
                name.start_mark.column + 1,
                str(url.value) if isinstance(url, yaml.ScalarNode) and url.value else None,
                at.start_mark.line + 1,
                at.start_mark.column + 1,
            )


def _too_deep(text: str) -> tuple[int, int]:
    """Where ``text`` first nests deeper than ``_MAX_DEPTH``: the parser's events come one at a
    time, without the composer's recursion."""
    depth = 0
    for event in yaml.parse(text, yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > _MAX_DEPTH and event.start_mark is not None:
                return event.start_mark.line + 1, event.start_mark.column + 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return 1, 1


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for k, value in node.value if k.value == key), None)


def _runbook_pages(handbook: Handbook) -> frozenset[str]:
    """What a runbook_url may end with, case-folded: each runbook's ID, and each file's path
    under the runbooks folder without ``.md`` (valid or not)."""
    folder = handbook.config.folder("runbook").resolve()
    pages = {runbook.id.casefold() for runbook in handbook.runbooks.values()}
    for path in handbook.paths:
        absolute = Path(path).resolve()
        if absolute.is_relative_to(folder):
            pages.add(absolute.relative_to(folder).with_suffix("").as_posix().casefold())
    return frozenset(pages)


def _resolve(url: str, pages: frozenset[str]) -> bool:
    path = unquote(urlsplit(url).path).strip("/")
    for suffix in ("/index.html", *_PAGE_SUFFIXES):
        path = path.removesuffix(suffix)
    parts = path.casefold().split("/")
    return any("/".join(parts[start:]) in pages for start in range(len(parts)))
