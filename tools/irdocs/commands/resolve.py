"""``irdocs resolve``: close the incident, check the resolution criteria, say what comes next."""

from __future__ import annotations

from datetime import UTC, datetime

from irdocs import clock
from irdocs.documents.reading import display_path
from irdocs.errors import IrdocsError
from irdocs.incidents import incident_file
from irdocs.incidents.communication import postmortem_line, resolution_checklist
from irdocs.incidents.lifecycle import level_of


def resolve(
    reference: str,
    *,
    message: str | None = None,
    audience: str | None = None,
    at: datetime | None = None,
    commit: bool = False,
) -> int:
    """Record ``resolved`` and the final update; print the checklist and the postmortem due."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from irdocs.incidents.roundtrip import append, text

    config, draft = incident_file.open_reference(reference)
    incident = incident_file.current(config, draft)
    if incident.status == "resolved":
        raise IrdocsError(
            f"{incident.id} is already resolved; a recurrence is a new incident (irdocs declare)"
        )
    when = at or clock.now()
    level = level_of(config, incident.severity)
    audience = audience or ("public" if "public" in level.updates else "internal")
    final = (
        " ".join(message.split())
        if message
        else _final(incident.impact_started, incident.mitigated)
    )
    draft.set("status", "resolved")
    draft.set("resolved", clock.stamp(when))
    if "updates" not in draft.front:
        draft.set("updates", CommentedSeq())
    entry = [("at", clock.stamp(when)), ("status", "resolved"), ("audience", audience)]
    append(draft.front["updates"], CommentedMap([*entry, ("message", text(final, 6))]))
    resolved = incident_file.write(config, draft, "resolved", commit_it=commit)

    print(f"Resolved {resolved.id} at {clock.stamp(when)}. Final {audience} update:")
    print()
    print(f"  {final}")
    print()
    print(f"Resolution criteria ({level.name}):")
    for line in resolution_checklist(resolved, level):
        print(line)
    print()
    print(postmortem_line(resolved, level))
    print(f"Recorded in {display_path(draft.path)}.")
    return 0


def _final(started: datetime | None, mitigated: datetime | None) -> str:
    text = "This incident is resolved."
    if started and mitigated:
        start, end = started.astimezone(UTC), mitigated.astimezone(UTC)
        text += f" Customers were affected between {start:%H:%M} and {end:%H:%M} UTC"
        text += f" on {start:%Y-%m-%d}." if start.date() == end.date() else "."
    return text
