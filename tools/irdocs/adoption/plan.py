"""One page's adoption: skipped (and why), unchanged, adopted (with its new bytes), or refused
with findings. Nothing is written here; ``writing`` does that."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import jsonschema

from irdocs.adoption import compose, foreign, inference, skipping
from irdocs.adoption.codeowners import CodeOwners
from irdocs.adoption.history import History
from irdocs.adoption.page import Page, read
from irdocs.config import Config
from irdocs.documents import schema
from irdocs.documents.frontmatter import FrontMatter, parse
from irdocs.documents.problem import DocumentProblem
from irdocs.documents.reading import display_path
from irdocs.finding import Finding
from irdocs.schemafiles import load_schema

Status = Literal["adopted", "skipped", "unchanged", "refused"]
TODO_OWNER = "TODO: the team that keeps this runbook true"
TODO_ESCALATION = {
    "who": "TODO: who to reach when this runbook does not resolve the problem",
    "how": "TODO: how to reach them (pager service, phone, chat channel)",
}
"""What adoption cannot know, written so that ``irdocs lint`` reports it (IR407, a TODO)."""
ORDER = tuple(load_schema("runbook")["properties"])


@dataclass(frozen=True, slots=True)
class Context:
    """What every page's adoption needs, read once."""

    config: Config
    validator: jsonschema.protocols.Validator
    """The handbook's runbook schema, its extension and services applied."""
    owners: CodeOwners | None
    owners_root: Path
    """The folder CODEOWNERS patterns are relative to: the repository's root, resolved."""
    history: History
    alerts: tuple[tuple[str, str | None], ...]
    """(name, runbook_url) of every alert in ``lint.alert_rules``."""
    review_every: int
    reviewed: date | None
    """The review date of pages Git cannot date (``--reviewed``); None refuses them."""


@dataclass(frozen=True, slots=True)
class Outcome:
    path: Path
    status: Status
    note: str = ""
    """Why it was skipped or left alone, or what is left to write in an adopted page."""
    before: bytes = b""
    after: bytes = b""
    findings: tuple[Finding, ...] = ()
    target: Path | None = None
    """The regular file to write (a symlink's target, for a link inside the handbook)."""


def adopt(context: Context, path: Path) -> Outcome:
    shown = display_path(path)
    reason = _skipped_by_name(context.config, path)
    if reason:
        return Outcome(path, "skipped", reason)
    try:
        target = _target(context.config, path)
        page = read(target)
    except DocumentProblem as problem:
        return _refused(path, shown, problem)
    try:
        front = page.front_matter()
    except DocumentProblem as problem:
        if problem.code == "IR106" and "{{" in (page.yaml_text or ""):
            return Outcome(path, "skipped", "a template ({{ }} in its front matter)")
        return _refused(path, shown, problem)
    data = front.data if front else {}
    if front is not None and not any(schema.check(shown, front, context.validator)):
        return Outcome(path, "unchanged", "already a valid runbook")
    reason = skipping.by_front_matter(data) or skipping.by_body(page.body_text())
    if reason:
        return Outcome(path, "skipped", reason)
    try:
        yaml_text, note = _front_matter_text(context, path, page, front)
        proposed = parse(f"---\n{yaml_text}---\n")
    except DocumentProblem as problem:
        return _refused(path, shown, problem)
    findings = tuple(
        Finding(shown, 1, 1, found.code, f"not adopted: its new front matter: {found.message}")
        for found in schema.check(shown, proposed, context.validator)
    )
    if findings:
        return Outcome(path, "refused", findings=findings)
    head = f"---\n{yaml_text}---\n".replace("\n", page.newline).encode("utf-8")
    return Outcome(path, "adopted", note, page.raw, page.bom + head + page.body, target=target)


def _skipped_by_name(config: Config, path: Path) -> str | None:
    glob = config.excluded_by(path)
    if glob is not None:
        return f"excluded by [tool.irdocs] exclude '{glob}'"
    return skipping.by_name(path.name)


def _target(config: Config, path: Path) -> Path:
    """The regular file inside the handbook that ``path`` is, or names through links."""
    resolved = path.resolve()
    if not resolved.is_relative_to(config.root.resolve()):
        raise DocumentProblem(
            "IR100", "a symlink to a file outside the handbook; adopt writes only files inside it"
        )
    try:
        mode = resolved.stat().st_mode
    except OSError as exc:
        raise DocumentProblem("IR100", f"cannot read it: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise DocumentProblem("IR100", "not a regular file; adopt writes only regular files")
    return resolved


def _front_matter_text(
    context: Context, path: Path, page: Page, front: FrontMatter | None
) -> tuple[str, str]:
    """The new front matter's YAML, and a note of what is left to write."""
    data = front.data if front else {}
    kinds = foreign.sort(data)
    values, todo = _values(context, path, page, kinds)
    spans = compose.spans(page.yaml_text or "", front.root) if front and data else {}
    kept = {key: spans[key] for key in (*kinds.native, *kinds.extensions) if key in spans}
    aside = {key: spans[key] for key in kinds.source if key in spans}
    text = compose.compose(ORDER, values, kinds.source, kept, aside)
    compose.check(text, values, kinds.source)
    return text, f"TODO: {', '.join(todo)}" if todo else ""


def _values(
    context: Context, path: Path, page: Page, kinds: foreign.Sorted
) -> tuple[dict[str, Any], list[str]]:
    """Every field: the page's own, then what can be inferred, then TODOs."""
    relative = _relative(path, context.config.folder("runbook"))
    found = inference.identity(relative) if relative else None
    if relative is None or found is None:
        folder = context.config.folders["runbooks"]
        raise DocumentProblem(
            "IR102",
            f"id: not adopted: the page is in no service folder; move it into "
            f"{folder}/<service>/ (the folder names its service)",
        )
    values = dict(kinds.native)
    values.setdefault("id", found[0])
    values.setdefault("service", found[1])
    if "title" not in values:
        body = page.body_text()
        values["title"] = inference.first_heading(body) or inference.title_from_name(path.name)
    todo: list[str] = []
    if "owner" not in values:
        owner = kinds.owner or _codeowner(context, path)
        values["owner"] = owner or TODO_OWNER
        todo += [] if owner else ["owner"]
    if "escalation" not in values:
        values["escalation"] = [dict(TODO_ESCALATION)]
        todo.append("escalation")
    if "alerts" not in values and (alerts := inference.alerts_for(relative, context.alerts)):
        values["alerts"] = list(alerts)
    if "last_reviewed" not in values:
        values["last_reviewed"] = _reviewed(context, path).isoformat()
    values.setdefault("review_every", context.review_every)
    values.update(kinds.extensions)
    return values, todo


def _relative(path: Path, folder: Path) -> PurePosixPath | None:
    absolute = Path(os.path.abspath(path))  # noqa: PTH100
    try:
        return PurePosixPath(absolute.relative_to(os.path.abspath(folder)).as_posix())  # noqa: PTH100
    except ValueError:
        return None


def _codeowner(context: Context, path: Path) -> str | None:
    if context.owners is None:
        return None
    try:
        relative = PurePosixPath(path.resolve().relative_to(context.owners_root).as_posix())
    except ValueError:
        return None
    rule = context.owners.owners_of(relative)
    return " ".join(rule.owners) if rule and rule.owners else None


def _reviewed(context: Context, path: Path) -> date:
    day = context.history.last_changed(path) or context.reviewed
    if day is None:
        raise DocumentProblem(
            "IR102",
            "last_reviewed: not adopted: no commit in git dates the page's last review; commit "
            "it first, or give --reviewed YYYY-MM-DD",
        )
    return day


def _refused(path: Path, shown: str, problem: DocumentProblem) -> Outcome:
    finding = Finding(shown, problem.line, problem.column, problem.code, problem.message)
    return Outcome(path, "refused", findings=(finding,))
