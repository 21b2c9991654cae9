"""What is to be sent: for an incident's updates, the channels that take each one and have not
had it yet; then the sending, and the record of every attempt."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from irdocs.config import Config
from irdocs.documents.model import Incident
from irdocs.errors import IrdocsError, UsageError
from irdocs.incidents import incident_file
from irdocs.notify import record
from irdocs.notify.channels import Channel, Settings
from irdocs.notify.delivery import Attempt, deliver
from irdocs.notify.message import Message, compose


@dataclass(frozen=True, slots=True)
class Send:
    path: Path
    index: int
    """The update's index in the timeline, from 0."""
    channel: Channel
    message: Message


def plan(
    config: Config,
    settings: Settings,
    path: Path,
    indexes: Sequence[int] | None = None,
    *,
    channel: str | None = None,
    again: bool = False,
) -> tuple[Incident, list[Send]]:
    """The sends for the updates at ``indexes`` (all when None) of the incident at ``path``: to
    each channel that takes the update and has not had it, or, with ``again``, to each that
    takes it. ``channel`` narrows to one channel, which must take the update when ``again``
    (``--update N --channel NAME``)."""
    draft = incident_file.read(path)
    incident = incident_file.current(config, draft)
    updates = draft.front.get("updates") or []
    wanted = settings.named(channel) if channel else None
    sends = []
    for index in range(len(incident.updates)) if indexes is None else indexes:
        if not 0 <= index < len(incident.updates):
            raise UsageError(
                f"{incident.id} has {len(incident.updates)} updates; --update takes 1 to "
                f"{len(incident.updates)}"
            )
        message = compose(config, incident, index, settings.site_url)
        takers = [
            c
            for c in settings.channels
            if c.takes(message.audience, message.severity, message.event)
        ]
        if wanted is not None:
            if wanted not in takers and again:  # asked for by name: say why not
                raise UsageError(
                    f"{wanted.name} does not take update {index + 1} of {incident.id} "
                    f"({message.audience}, {message.severity}, {message.event}); its audiences: "
                    f"{', '.join(wanted.audiences)}"
                )
            takers = [wanted] if wanted in takers else []
        for taker in takers:
            if again or not record.handled(updates[index], taker.name):
                sends.append(Send(path, index, taker, message))
    return incident, sends


def send(
    config: Config,
    sends: Sequence[Send],
    *,
    commit: str | None = None,
    deliver_one: Callable[[Channel, Message], Attempt] = deliver,
) -> list[tuple[Send, Attempt]]:
    """Deliver each send, one after the other, then record every attempt in its incident."""
    done = [(item, deliver_one(item.channel, item.message)) for item in sends]
    by_path: dict[Path, dict[int, list[Attempt]]] = {}
    for item, attempt in done:
        by_path.setdefault(item.path, {}).setdefault(item.index, []).append(attempt)
    for path, attempts in by_path.items():
        try:
            record.write(config, path, attempts, commit=commit)
        except IrdocsError as exc:
            made = ", ".join(f"{a.channel} {a.result}" for made in attempts.values() for a in made)
            raise IrdocsError(f"sent ({made}) but the attempts are not recorded: {exc}") from None
    return done


def skip(config: Config, sends: Sequence[Send], *, commit: str | None = None) -> None:
    """Record the sends as deliberately not made (``--no-notify``)."""
    from irdocs import clock

    now = clock.now()
    send(config, sends, commit=commit, deliver_one=lambda c, _: Attempt(c.name, now, "skipped"))
