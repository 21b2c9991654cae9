"""Times as the lifecycle commands take and write them: ISO 8601, to the second, with an offset."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta

from irdocs.errors import UsageError

_AGO = re.compile(r"^(?P<count>\d+)\s*(?P<unit>[smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


FIRST_YEAR = 1970
LAST_YEAR = 2100
"""Every date and time irdocs reads or is given lies in these years, as written (docs/security.md,
"Bounded input, bounded output"). Python's datetime ends at the years 1 and 9999, where an offset
or a few days of arithmetic (next update due, review due, a business-day deadline) overflow; an
incident handbook needs neither."""
YEARS = f"{FIRST_YEAR} to {LAST_YEAR}"

_pinned: date | None = None


def in_years(day: date) -> bool:
    """Whether ``day`` (a date, or a datetime by its own written date) is in the years irdocs
    accepts."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def outside_years(text: str) -> str:
    """The message for a well-formed date or time ``text`` whose year irdocs does not accept."""
    return f"'{text}' is outside the years {YEARS} that irdocs accepts; check the year"


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
        day = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"IRDOCS_TODAY='{value}' is not a date; write YYYY-MM-DD") from None
    if not in_years(day):
        raise UsageError(f"IRDOCS_TODAY: {outside_years(value)}")
    return day


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
            f"'{_shown(text)}' is not an ISO 8601 time; write it as 2026-03-04T09:12:00+01:00 "
            "(without an offset, local time is assumed)"
        ) from None
    return _bounded(when, text)


def parse_since(text: str, reference: datetime) -> datetime:
    """``30m``, ``2h``, ``1d``, ``1w`` before ``reference``, or an ISO 8601 date or time."""
    match = _AGO.fullmatch(text.strip())
    if match:
        try:  # a count of thousands of digits is refused by int(); of dozens, by timedelta
            start = reference - timedelta(**{_UNITS[match["unit"]]: int(match["count"])})
        except (OverflowError, ValueError):
            start = None
        if start is None or not in_years(start):
            raise UsageError(
                f"'{_shown(text)}' reaches back before {FIRST_YEAR}; give a shorter duration"
            )
        return start
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"'{_shown(text)}' is not a duration or a time; write 30m, 2h, 1d or an ISO 8601 time"
        ) from None
    return _bounded(when, text)


def _bounded(when: datetime, text: str) -> datetime:
    if not in_years(when):
        raise UsageError(outside_years(_shown(text)))
    if when.tzinfo is None:
        when = when.astimezone()
    return when.replace(microsecond=0)


def _shown(text: str, limit: int = 40) -> str:
    """``text`` cut short for a one-line message."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
