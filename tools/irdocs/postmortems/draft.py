"""A postmortem scaffolded from its incident: the template for its severity, filled with what the
incident record and the repositories know, leaving marked sections for what only people know.

Templates are ``string.Template`` text (``${name}``; ``$$`` is a dollar sign). The lookup, first
found wins: the handbook's ``templates/postmortem-<SEVERITY>.md``, its ``templates/postmortem.md``,
then irdocs's own ``postmortem-<SEVERITY>.md`` and ``postmortem.md``.
"""

from __future__ import annotations

import json
import os
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from irdocs.clock import utc_clock
from irdocs.config import Config
from irdocs.documents.handbook import Handbook
from irdocs.documents.model import Incident
from irdocs.documents.problem import DocumentProblem
from irdocs.documents.source import read_bytes, refusal
from irdocs.errors import UsageError
from irdocs.postmortems.commits import Window

BUILT_IN = Path(__file__).parent / "templates"
HANDBOOK_FOLDER = "templates"
"""Where a handbook keeps its own templates, from its root."""
VARIABLES = (
    "front_matter",
    "id",
    "title",
    "severity",
    "date",
    "incident_link",
    "summary",
    "impact",
    "services",
    "duration",
    "timeline",
    "trigger",
    "commits",
    "detection",
    "resolution",
    "roles",
    "mitigations",
    "runbooks",
)
COMMITS_LISTED = 50
"""Commits the trigger section lists; the rest are counted."""
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .,'()/+-]*\Z")  # \Z: $ allows a final newline
_SCOPE = {
    "all": "all customers",
    "subset": "some customers",
    "internal": "internal users only",
}


@dataclass(frozen=True, slots=True)
class Template:
    text: str
    source: Path


def template_for(config: Config, severity: str) -> Template:
    """The template for a postmortem of ``severity`` (see the module's lookup order)."""
    own = config.root / HANDBOOK_FOLDER
    for path in (
        own / f"postmortem-{severity}.md",
        own / "postmortem.md",
        BUILT_IN / f"postmortem-{severity}.md",
        BUILT_IN / "postmortem.md",
    ):
        if not os.path.lexists(path):
            continue
        why = refusal(config.root, path) if path.is_relative_to(own) else None
        try:
            if why is not None:  # a link out of the handbook, a FIFO: never opened
                raise DocumentProblem("IR100", why)
            return Template(read_bytes(path).decode("utf-8"), path)
        except (OSError, UnicodeDecodeError, DocumentProblem) as exc:
            reason = exc.message if isinstance(exc, DocumentProblem) else exc
            raise UsageError(f"{path}: cannot read the template: {reason}") from None
    raise UsageError(f"no postmortem template found in {own} or {BUILT_IN}")  # pragma: no cover


def render(template: Template, values: dict[str, str]) -> str:
    """``template`` with ``values`` substituted; a usage error names an unknown placeholder."""
    try:
        return string.Template(template.text).substitute(values)
    except KeyError as exc:
        raise UsageError(
            f"{template.source}: unknown placeholder ${{{exc.args[0]}}}; "
            f"known: {', '.join(VARIABLES)}"
        ) from None
    except ValueError as exc:
        raise UsageError(f"{template.source}: {exc}; write $$ for a dollar sign") from None


def values(
    handbook: Handbook,
    incident: Incident,
    window: Window,
    authors: Sequence[str],
    destination: Path,
) -> dict[str, str]:
    """Every template variable for ``incident``'s postmortem, to be written at ``destination``."""
    here = destination.parent
    started = _start(incident)
    parts = {
        "front_matter": _front_matter(incident, authors),
        "id": incident.id,
        "title": incident.title,
        "severity": incident.severity,
        "date": _day(started),
        "incident_link": f"[{incident.id}]({_link(here, incident.path)})",
        "services": ", ".join(incident.services),
        "duration": _durations(incident),
        "timeline": _timeline(incident, handbook.config.severity_names),
        "commits": _commits(window),
        "roles": _roles(incident),
        "mitigations": ", ".join(incident.mitigations) or "none recorded",
        "runbooks": _runbooks(handbook, incident, here),
    }
    history = _severity_history(incident, handbook.config.severity_names)
    parts["summary"] = (
        f"A {incident.severity} incident in {parts['services']} on {parts['date']}"
        f"{f' ({history})' if history else ''}: "
        f"{incident.title}. Incident record: {parts['incident_link']}."
    )
    parts["impact"] = (
        f"- **Customers affected**: {_SCOPE.get(incident.impact_scope, incident.impact_scope)}. "
        f"{_cell(incident.impact_description)}\n"
        f"- **Services**: {parts['services']}\n"
        f"- **Duration**: {parts['duration']}"
    )
    parts["trigger"] = parts["commits"]
    parts["detection"] = _detection(incident)
    parts["resolution"] = (
        f"- **Mitigations**: {parts['mitigations']}\n"
        f"- **Runbooks used**: {parts['runbooks']}\n"
        f"- **Restored**: {_at(incident.mitigated) if incident.mitigated else 'not yet'}\n"
        f"- **Resolved**: {_at(incident.resolved) if incident.resolved else 'not yet'}\n"
        f"- **Roles**: {parts['roles']}"
    )
    return parts


def window_of(incident: Incident, now: datetime) -> tuple[datetime, datetime]:
    """The span whose commits may have triggered the incident: from a day before impact
    started (or it was declared) to its resolution, or ``now`` while it is open."""
    start = _start(incident).astimezone(UTC) - timedelta(days=1)
    return start, (incident.resolved or now).astimezone(UTC)


def _start(incident: Incident) -> datetime:
    return incident.impact_started or incident.declared


def _front_matter(incident: Incident, authors: Sequence[str]) -> str:
    return (
        f"incident: {incident.id}\n"
        f"title: {_scalar(incident.title)}\n"
        f"severity: {_scalar(incident.severity)}\n"
        "status: draft\n"
        f"authors: [{', '.join(_scalar(author) for author in authors)}]\n"
    )


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that is safe, otherwise double-quoted (JSON)."""
    plain = _PLAIN.match(text) and not text.endswith(" ") and ": " not in text
    return text if plain else json.dumps(text, ensure_ascii=False)


def _link(here: Path, path: str) -> str:
    return Path(os.path.relpath(Path(path).absolute(), here.absolute())).as_posix()


def _day(when: datetime) -> str:
    utc = when.astimezone(UTC)
    return f"{utc:%A} {utc.day} {utc:%B %Y}"


def _at(when: datetime) -> str:
    return f"{when.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def _span(delta: timedelta) -> str:
    """``1h 24m``, ``2d 3h 05m``, ``12m``."""
    minutes = round(delta.total_seconds() / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h {minutes:02d}m"
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m"


def _durations(incident: Incident) -> str:
    began = "impact start" if incident.impact_started else "declared; impact start not recorded"
    start = _start(incident)
    restore = (
        f"{_span(incident.mitigated - start)} to restore ({_at(incident.mitigated)})"
        if incident.mitigated
        else "not restored yet"
    )
    resolve = (
        f"{_span(incident.resolved - start)} to resolve ({_at(incident.resolved)})"
        if incident.resolved
        else "not resolved yet"
    )
    return f"{restore} and {resolve}, from {_at(start)} ({began})"


def declared_severity(incident: Incident) -> str:
    """The severity the incident was declared at: before its first change, if any."""
    changes = sorted(incident.severity_changes, key=lambda change: change.at)
    return changes[0].before if changes else incident.severity


def _moved(before: str, after: str, scale: Sequence[str]) -> str:
    """``raised`` (towards the top of the scale), ``lowered``, or ``changed`` off the scale."""
    if before in scale and after in scale:
        return "raised" if scale.index(after) < scale.index(before) else "lowered"
    return "changed"


def _severity_history(incident: Incident, scale: Sequence[str]) -> str:
    """``declared SEV-2, raised to SEV-1 at 06:20 UTC``; empty when it never changed."""
    changes = sorted(incident.severity_changes, key=lambda change: change.at)
    if not changes:
        return ""
    steps = [
        f"{_moved(c.before, c.after, scale)} to {c.after} at {utc_clock(c.at)}" for c in changes
    ]
    return ", ".join([f"declared {declared_severity(incident)}", *steps])


def _timeline(incident: Incident, scale: Sequence[str]) -> str:
    milestones = [
        (incident.impact_started, "Impact starts"),
        (incident.detected, f"Detected ({incident.detection_source})"),
        (incident.acknowledged, "Acknowledged"),
        (incident.declared, f"Declared {declared_severity(incident)}" + _commander(incident)),
        (incident.mitigated, "Impact mitigated: service restored"),
        (incident.resolved, "Resolved"),
    ]
    events = [(at, 0, text) for at, text in milestones if at is not None]
    events += [
        (update.at, 1, f"Update to {update.audience} ({update.status}): {_cell(update.message)}")
        for update in incident.updates
    ]
    events += [
        (
            change.at,
            1,
            f"Severity {_moved(change.before, change.after, scale)} from {change.before} to "
            f"{change.after}: {_cell(change.reason)}",
        )
        for change in incident.severity_changes
    ]
    events.sort(key=lambda event: (event[0].timestamp(), event[1]))
    rows = "".join(f"| {_at(at).removesuffix(' UTC')} | {text} |\n" for at, _, text in events)
    return f"All times UTC.\n\n| Time | Event |\n|---|---|\n{rows}".rstrip("\n")


def _commander(incident: Incident) -> str:
    return f"; {incident.roles.commander} is incident commander" if incident.roles.commander else ""


def _cell(text: str) -> str:
    """``text`` on one line, safe in a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _roles(incident: Incident) -> str:
    roles = incident.roles
    named = [
        ("commander", roles.commander),
        ("communications lead", roles.communications_lead),
        ("operations lead", roles.operations_lead),
        ("scribe", roles.scribe),
        ("experts", ", ".join(roles.experts) or None),
    ]
    return "; ".join(f"{role} {who}" for role, who in named if who) or "none recorded"


def _runbooks(handbook: Handbook, incident: Incident, here: Path) -> str:
    links = []
    for runbook_id in incident.runbooks:
        runbook = handbook.runbooks.get(runbook_id)
        links.append(
            f"[{runbook.title}]({_link(here, runbook.path)})" if runbook else f"`{runbook_id}`"
        )
    return ", ".join(links) or "none"


def _detection(incident: Incident) -> str:
    lines = [f"- **Source**: {incident.detection_source}"]
    if incident.detected:
        after = (
            f", {_span(incident.detected - incident.impact_started)} after impact started"
            if incident.impact_started
            else ""
        )
        lines.append(f"- **Detected**: {_at(incident.detected)}{after}")
    if incident.acknowledged:
        after = (
            f", {_span(incident.acknowledged - incident.detected)} after detection"
            if incident.detected
            else ""
        )
        lines.append(f"- **Acknowledged**: {_at(incident.acknowledged)}{after}")
    lines.append(f"- **Declared**: {_at(incident.declared)}")
    return "\n".join(lines)


def _commits(window: Window) -> str:
    span = f"from {_at(window.start)} (a day before the incident began) to {_at(window.end)}"
    if not window.commits:
        text = f"No commits {span} in the configured repositories."
    else:
        listed = "".join(
            f"- `{c.sha}` {_at(c.committed)}, {c.repository}, {c.author}: {_cell(c.subject)}\n"
            for c in window.commits[:COMMITS_LISTED]
        )
        more = len(window.commits) - COMMITS_LISTED
        text = f"Commits {span}, newest first:\n\n{listed}".rstrip("\n")
        if more > 0:
            text += f"\n- and {more} more (`git log` in the repositories lists them)"
    for name, reason in window.unread:
        text += f"\n\nNot searched: {name} ({reason})."
    return text
