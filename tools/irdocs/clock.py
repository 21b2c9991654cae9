"""Times as the lifecycle commands take and write them: ISO 8601, to the second, with an offset."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta

from irdocs.errors import UsageError

_AGO = re.compile(r"^(?P<count>\d+)\s*(?P<unit>[smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


_pinned: date | None = None


def today() -> date:
    """The day every date-dependent result is computed against (overdue, stale, late): the
    command's ``--today`` when it was given one, else ``$IRDOCS_TODAY`` (YYYY-MM-DD), else the
    system's date. The one clock of every command, the linter's rules and the portal."""
    if _pinned is not None:
        return _pinned
    value = os.environ.get("IRDOCS_TODAY")
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"IRDOCS_TODAY='{value}' is not a date; write YYYY-MM-DD") from None


def pin_today(day: date | None) -> None:
    """Make ``today()`` answer ``day`` for this run (``None``: back to the environment)."""
    global _pinned
    _pinned = day


def now() -> datetime:
    """The local time with its offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def parse_when(text: str) -> datetime:
    """An ISO 8601 date-time; a time without an offset is local time."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"'{text}' is not an ISO 8601 time; write it as 2026-03-04T09:12:00+01:00 "
            "(without an offset, local time is assumed)"
        ) from None
    if when.tzinfo is None:
        when = when.astimezone()
    return when.replace(microsecond=0)


def parse_since(text: str, reference: datetime) -> datetime:
    """``30m``, ``2h``, ``1d``, ``1w`` before ``reference``, or an ISO 8601 date or time."""
    match = _AGO.match(text.strip())
    if match:
        return reference - timedelta(**{_UNITS[match["unit"]]: int(match["count"])})
    try:
        return parse_when(text)
    except UsageError:
        raise UsageError(
            f"'{text}' is not a duration or a time; write 30m, 2h, 1d or an ISO 8601 time"
        ) from None


def stamp(when: datetime) -> str:
    """How documents write a time: ``2026-03-04T09:12:00+01:00``."""
    return when.isoformat(timespec="seconds")


def utc_clock(when: datetime) -> str:
    """``10:20 UTC``: how status updates name a time (communication.md)."""
    return f"{when.astimezone(UTC):%H:%M} UTC"


def duration(delta: timedelta) -> str:
    """``1h 05m``, ``12m``, ``2d 03h``: an age or a lateness, to the minute."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days}d {hours:02d}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m"
