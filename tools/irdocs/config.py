"""The handbook's configuration: ``[tool.irdocs]`` in pyproject.toml, or irdocs.toml.

Defaults live in ``schemas/config.schema.json`` (its ``default`` keywords), so the schema is the
one place where the policy's shape and its defaults are written down.
"""

from __future__ import annotations

import fnmatch
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from irdocs.errors import UsageError
from irdocs.schemafiles import load_schema

DOCUMENT_KINDS = ("incident", "postmortem", "runbook")
BUILT_IN_METRICS = ("mttd", "mtta", "mttr", "time_to_resolve")
"""Names of the metrics irdocs defines (``irdocs.metrics.BUILT_IN``); config may not reuse them."""


@dataclass(frozen=True, slots=True)
class SeverityLevel:
    name: str
    description: str
    postmortem: str
    """``required``, ``optional`` or ``none``."""
    updates: Mapping[str, int]
    """Minutes between updates, by audience; an audience absent here has no cadence."""
    acknowledge_minutes: int | None = None
    acknowledge_business_days: int | None = None
    postmortem_due_business_days: int | None = None


@dataclass(frozen=True, slots=True)
class MetricDefinition:
    """A duration metric: the time from one of an incident's timestamps to another."""

    name: str
    """The key in JSON output, e.g. ``mttr``."""
    title: str
    """The name people read, e.g. ``MTTR``."""
    start: str
    """The timestamp field it measures from (``from`` in config)."""
    end: str
    """The timestamp field it measures to (``to`` in config)."""
    description: str | None = None


@dataclass(frozen=True, slots=True)
class LintOverride:
    """One ``[[tool.irdocs.lint.overrides]]``: settings for the documents matching ``paths``.
    None (or empty) where the override leaves the setting as it was."""

    paths: tuple[str, ...]
    """Globs relative to the handbook's root (see ``path_matches``)."""
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    levels: Mapping[str, str] = field(default_factory=dict)
    runbook_sections: tuple[str, ...] | None = None
    section_aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def applies_to(self, relative: str) -> bool:
        return any(path_matches(relative, pattern) for pattern in self.paths)


@dataclass(frozen=True, slots=True)
class LintSettings:
    """``[tool.irdocs.lint]``: which rules run, and what they require."""

    select: tuple[str, ...]
    """Codes or code prefixes to run; empty means every rule."""
    ignore: tuple[str, ...]
    per_file_ignores: Mapping[str, tuple[str, ...]]
    """Glob, relative to the handbook's root, to the codes or prefixes not reported there."""
    runbook_sections: tuple[str, ...]
    postmortem_sections: Mapping[str, tuple[str, ...]]
    """By severity name; ``default`` for the severities not listed."""
    alert_rules: tuple[str, ...]
    """Globs of Prometheus rule files, relative to the handbook's root."""
    section_aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Runbook section name to other headings that count as that section."""
    levels: Mapping[str, str] = field(default_factory=dict)
    """Code or prefix to ``error``, ``warning`` or ``info``."""
    baseline: str | None = None
    """The baseline file, relative to the handbook's root."""
    overrides: tuple[LintOverride, ...] = ()

    def sections_for(self, severity: str) -> tuple[str, ...]:
        """The sections a postmortem of ``severity`` must have."""
        return self.postmortem_sections.get(severity, self.postmortem_sections.get("default", ()))

    def matching(self, relative: str) -> tuple[int, ...]:
        """The positions of the overrides that apply to the document at ``relative``."""
        return tuple(i for i, o in enumerate(self.overrides) if o.applies_to(relative))

    def narrowed(self, chosen: tuple[int, ...]) -> LintSettings:
        """These settings with the document settings of the overrides ``chosen`` applied in
        order: ``runbook_sections`` replaced, ``section_aliases`` merged by section."""
        sections, aliases = self.runbook_sections, dict(self.section_aliases)
        for index in chosen:
            override = self.overrides[index]
            if override.runbook_sections is not None:
                sections = override.runbook_sections
            aliases.update(override.section_aliases)
        return replace(self, runbook_sections=sections, section_aliases=MappingProxyType(aliases))


def path_matches(relative: str, pattern: str) -> bool:
    """Whether the POSIX path ``relative`` (from the handbook's root) matches the glob
    ``pattern``: ``*`` crosses folders, and a folder covers everything under it."""
    import fnmatch

    return fnmatch.fnmatchcase(relative, pattern) or relative.startswith(pattern.rstrip("/") + "/")


@dataclass(frozen=True, slots=True)
class Config:
    root: Path
    """The handbook's root: the folder of the config file, or the working directory."""
    source: Path | None
    """The file the configuration came from; None when irdocs runs on its defaults."""
    folders: Mapping[str, str]
    """Folder of each document kind (``incidents``, ``postmortems``, ``runbooks``)."""
    services: tuple[str, ...]
    severities: tuple[SeverityLevel, ...]
    schema_extensions: Mapping[str, Mapping[str, Any]]
    """Per document kind, the JSON Schema fragment the handbook merges into ours."""
    metrics: tuple[MetricDefinition, ...]
    """The handbook's own metrics, measured beside the built-in ones."""
    repositories: tuple[Path, ...]
    """Git repositories whose commits matter to incidents; the handbook's own is the root."""
    lint: LintSettings
    exclude: tuple[str, ...] = ()
    """Globs, relative to the root, of Markdown files in the folders that are not documents."""
    roles_within_minutes: int = 30
    """Minutes after declaration by which the roles beside the commander are named, for the
    severities whose postmortem is required."""
    teams: Mapping[str, str] = field(default_factory=dict)
    """A person, as action items name their owner, to their team (the portal groups by it)."""

    def team_of(self, person: str | None) -> str | None:
        """The team of ``person`` in ``teams``; None when not listed."""
        return self.teams.get(person.strip()) if person else None

    def excluded_by(self, path: Path) -> str | None:
        """The ``exclude`` glob that matches ``path``, or None; a glob ending in ``/`` matches
        everything under that folder, as ``per_file_ignores`` does."""
        if not self.exclude:
            return None
        try:
            relative = Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root))  # noqa: PTH100
        except ValueError:
            return None
        text = relative.as_posix()
        for pattern in self.exclude:
            folder = pattern.rstrip("/") + "/"
            if fnmatch.fnmatchcase(text, pattern) or text.startswith(folder):
                return pattern
        return None

    @property
    def severity_names(self) -> tuple[str, ...]:
        return tuple(level.name for level in self.severities)

    def folder(self, kind: str) -> Path:
        return self.root / self.folders[f"{kind}s"]


def find(start: Path) -> Config:
    """The configuration that governs ``start``: the nearest one in it or its parents."""
    start = start.resolve()
    for folder in (start, *start.parents):
        dedicated = folder / "irdocs.toml"
        if dedicated.is_file():
            return load(dedicated, _read_toml(dedicated))
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("irdocs")
            if table is not None:
                return load(pyproject, table)
    return load(None, {}, root=start)


def load(source: Path | None, table: Any, *, root: Path | None = None) -> Config:
    """Validate ``table`` (read from ``source``) and build the Config, defaults filled in."""
    if not isinstance(table, dict):
        raise UsageError(f"{source}:1:1: IR001 [tool.irdocs] must be a table")
    _check(source, table)
    defaults = load_schema("config")["properties"]
    settings = {key: table.get(key, spec["default"]) for key, spec in defaults.items()}
    base = root or (source.parent if source else Path.cwd())
    folders = {**defaults["folders"]["default"], **settings["folders"]}
    for key, folder in folders.items():
        _check_folder(source, base, f"folders.{key}", folder)
    for glob in settings["lint"].get("alert_rules", ()):
        _check_folder(source, base, "lint.alert_rules", glob)
    return Config(
        root=base,
        source=source,
        folders=MappingProxyType(folders),
        services=tuple(settings["services"]),
        severities=tuple(_severity(level) for level in settings["severities"]),
        schema_extensions=MappingProxyType(
            {
                kind: _extension(base, source, kind, value)
                for kind, value in settings["schemas"].items()
            }
        ),
        metrics=_metrics(source, settings["metrics"]),
        repositories=tuple((base / path) for path in settings["repositories"]),
        lint=_lint({**defaults["lint"]["default"], **settings["lint"]}),
        exclude=tuple(settings["exclude"]),
        roles_within_minutes=settings["roles_within_minutes"],
        teams=_teams(source, settings["teams"]),
    )


def _check_folder(source: Path | None, root: Path, key: str, folder: str) -> None:
    """A document folder (or an alert rules glob) is inside the handbook: irdocs walks it, and
    writes into a document folder."""
    if Path(folder).is_absolute() or ".." in Path(folder).parts:
        line = line_of(source, key.rpartition(".")[2])
        what, example = (
            ("glob", "alerts/*.yaml") if key == "lint.alert_rules" else ("folder", "incidents")
        )
        raise UsageError(
            f"{source or 'configuration'}:{line}:1: IR001 {key}: '{folder}' is not a {what} "
            f"inside the handbook ({root}); give a path relative to the handbook's root, "
            f"without '..', e.g. '{example}'"
        )


def _lint(table: Mapping[str, Any]) -> LintSettings:
    return LintSettings(
        select=tuple(table["select"]),
        ignore=tuple(table["ignore"]),
        per_file_ignores=MappingProxyType(
            {glob: tuple(codes) for glob, codes in table["per_file_ignores"].items()}
        ),
        runbook_sections=tuple(table["runbook_sections"]),
        postmortem_sections=MappingProxyType(
            {severity: tuple(names) for severity, names in table["postmortem_sections"].items()}
        ),
        alert_rules=tuple(table["alert_rules"]),
        section_aliases=_aliases(table["section_aliases"]),
        levels=MappingProxyType(dict(table["levels"])),
        baseline=table.get("baseline"),
        overrides=tuple(
            LintOverride(
                paths=tuple(item["paths"]),
                select=tuple(item["select"]) if "select" in item else None,
                ignore=tuple(item.get("ignore", ())),
                levels=MappingProxyType(dict(item.get("levels", {}))),
                runbook_sections=(
                    tuple(item["runbook_sections"]) if "runbook_sections" in item else None
                ),
                section_aliases=_aliases(item.get("section_aliases", {})),
            )
            for item in table["overrides"]
        ),
    )


def _teams(source: Path | None, table: Mapping[str, str]) -> Mapping[str, str]:
    """People to teams, names stripped; a person written twice (after stripping) is an error."""
    teams: dict[str, str] = {}
    for person, team in table.items():
        name = person.strip()
        if not name or name in teams:
            what = "an empty name" if not name else f"'{name}' listed twice"
            raise UsageError(
                f"{source or 'configuration'}:{line_of(source, 'teams')}:1: IR001 "
                f"teams: {what}; write each person once, as action items name their owner"
            )
        teams[name] = team.strip()
    return MappingProxyType(teams)


def _aliases(table: Mapping[str, list[str]]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({name: tuple(others) for name, others in table.items()})


def _metrics(source: Path | None, table: list[dict[str, str]]) -> tuple[MetricDefinition, ...]:
    seen: set[str] = set()
    for index, metric in enumerate(table):
        name = metric["name"]
        if name in BUILT_IN_METRICS or name in seen:
            what = "a built-in metric" if name in BUILT_IN_METRICS else "defined twice"
            raise UsageError(
                f"{source or 'configuration'}:{_metric_line(source, name)}:1: IR001 "
                f"metrics.{index}.name: '{name}' is {what}; choose another name "
                f"(built-in: {', '.join(BUILT_IN_METRICS)})"
            )
        seen.add(name)
    return tuple(
        MetricDefinition(m["name"], m["title"], m["from"], m["to"], m.get("description"))
        for m in table
    )


def _metric_line(source: Path | None, name: str) -> int:
    """The line that names the metric ``name`` (tomllib keeps no positions)."""
    written = re.compile(rf"""\bname\s*=\s*["']{re.escape(name)}["']""")
    if source is not None:
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            if written.search(line):
                return number
    return line_of(source, "metrics")


def _severity(level: Mapping[str, Any]) -> SeverityLevel:
    return SeverityLevel(**{**level, "updates": MappingProxyType(dict(level.get("updates", {})))})


def _extension(base: Path, source: Path | None, kind: str, value: Any) -> Mapping[str, Any]:
    if isinstance(value, dict):
        return MappingProxyType(value)
    path = base / value
    real, top = os.path.realpath(path), os.path.realpath(base)
    if not real.startswith(top.rstrip(os.sep) + os.sep) or not path.is_file():
        raise UsageError(
            f"{source}:{line_of(source, kind)}:1: IR001 schemas.{kind}: {path} is not a regular "
            "file inside the handbook; give the path of a schema file in it"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(
            f"{source}:{line_of(source, kind)}:1: IR001 schemas.{kind}: cannot read {path}: {exc}"
        ) from None
    import yaml  # JSON is YAML, so one loader reads both

    try:
        fragment = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UsageError(
            f"{path}:1:1: IR001 the schema extension is not valid JSON or YAML: "
            f"{str(exc).splitlines()[0]}"
        ) from None
    except RecursionError:  # PyYAML recurses once per level of nesting
        raise UsageError(f"{path}:1:1: IR001 the schema extension is nested too deeply") from None
    if not isinstance(fragment, dict):
        raise UsageError(f"{path}:1:1: IR001 the schema extension must be a JSON Schema object")
    return MappingProxyType(fragment)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        if at:
            line, column = at.group(1), at.group(2)
        else:  # "(at end of document)"
            text = path.read_text(encoding="utf-8", errors="replace")
            line, column = str(text.count("\n") + 1), "1"
        reason = str(exc).split(" (at ")[0]
        raise UsageError(f"{path}:{line}:{column}: IR001 invalid TOML: {reason}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}:1:1: IR001 cannot read the configuration: {exc}") from None
    except RecursionError:  # tomllib recurses once per nested array or table
        raise UsageError(f"{path}:1:1: IR001 invalid TOML: nested too deeply") from None


def _check(source: Path | None, table: dict[str, Any]) -> None:
    import jsonschema

    from irdocs.patterns import Validator

    validator = Validator(load_schema("config"))
    error = jsonschema.exceptions.best_match(validator.iter_errors(table))
    if error is None:
        return
    where = ".".join(str(part) for part in error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))
        key = ".".join(filter(None, [where, unknown[0]]))
        message = f"unknown key '{key}' in [tool.irdocs]; known keys here: {', '.join(allowed)}"
        line = line_of(source, unknown[0])
    else:
        message = f"{where or '[tool.irdocs]'}: {error.message}"
        line = line_of(source, str(error.absolute_path[-1]) if error.absolute_path else "")
    raise UsageError(f"{source or 'configuration'}:{line}:1: IR001 {message}")


def line_of(source: Path | None, key: str) -> int:
    """Best-effort line of ``key`` in the TOML file (tomllib keeps no positions)."""
    if source is None or not key:
        return 1
    name = re.escape(key)
    pattern = re.compile(rf"^\s*(\[+[^\]]*\b{name}\b[^\]]*\]+|[\"']?{name}[\"']?\s*=)")
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if pattern.match(line):
            return number
    return 1
