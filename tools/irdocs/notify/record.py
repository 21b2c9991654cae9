"""Each delivery attempt written into the update it was for: ``notified`` in the incident's file,
through the same round-trip writer as every edit (the author's text kept, atomic, refused if
the file changed under it). Channel names and times, never URLs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from irdocs import clock
from irdocs.config import Config
from irdocs.errors import IrdocsError
from irdocs.incidents import incident_file
from irdocs.notify.delivery import Attempt

HANDLED = ("delivered", "skipped")
"""Results after which an update is not sent to that channel again unless asked by name."""


def notices(update: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found = update.get("notified") or []
    return [notice for notice in found if isinstance(notice, Mapping)]


def handled(update: Mapping[str, Any], channel: str) -> bool:
    """Whether ``channel`` got the update already (or it was deliberately not sent)."""
    return any(n.get("channel") == channel and n.get("result") in HANDLED for n in notices(update))


def write(
    config: Config,
    path: Path,
    attempts: Mapping[int, Sequence[Attempt]],
    *,
    commit: str | None = None,
) -> None:
    """Append the attempts to the updates at their indexes (0-based) and save the file; with
    ``commit``, commit it with that message."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from irdocs.incidents.roundtrip import append

    draft = incident_file.read(path)
    updates = draft.front.get("updates")
    for index, made in attempts.items():
        if not made:
            continue
        if not isinstance(updates, list) or index >= len(updates):
            raise IrdocsError(f"{path}: update {index + 1} is gone; the attempts are not recorded")
        update = updates[index]
        if "notified" not in update:
            update["notified"] = CommentedSeq()
        for attempt in made:
            entry = CommentedMap(
                [("channel", attempt.channel), ("at", clock.stamp(attempt.at))]
                + [("result", attempt.result)]
                + ([("reason", attempt.reason)] if attempt.reason else [])
            )
            entry.fa.set_flow_style()
            append(update["notified"], entry)
    incident = incident_file.save(config, draft)
    if commit:
        incident_file.commit(path, f"incident({incident.id}): {commit}")
