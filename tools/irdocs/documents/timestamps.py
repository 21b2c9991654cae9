"""ISO 8601 timestamps and dates as the documents write them; a timestamp must carry an offset,
and both lie in the years ``clock.FIRST_YEAR`` to ``clock.LAST_YEAR``."""

from __future__ import annotations

import re
from datetime import date, datetime

from irdocs.clock import in_years, outside_years

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?P<offset>[Zz]|[+-]\d{2}:?\d{2})?\Z"
)


def parse_datetime(text: str) -> datetime | None:
    """The aware datetime ``text`` names, or None if it is not a date-time with an offset in the
    years irdocs accepts."""
    when = _datetime(text)
    return when if when is not None and in_years(when) else None


def parse_date(text: str) -> date | None:
    """The date ``text`` names, or None if it is not YYYY-MM-DD in the years irdocs accepts."""
    day = _date(text)
    return day if day is not None and in_years(day) else None


def explain_bad_datetime(text: str) -> str:
    """Why ``text`` is not a date-time with an offset, and how to write it."""
    if _datetime(text) is not None:
        return outside_years(text)
    match = _DATETIME.match(text)
    if match is not None and match.group("offset") is None:
        return f"'{text}' has no UTC offset; write it as {text}+00:00 (or the local offset)"
    if parse_date(text) is not None:
        return (
            f"'{text}' is a date; a date-time with an offset is needed, e.g. {text}T09:00:00+00:00"
        )
    return f"'{text}' is not an ISO 8601 date-time with an offset, e.g. 2026-03-04T09:12:00+00:00"


def explain_bad_date(text: str, *, written: str = "; write it as YYYY-MM-DD") -> str:
    """Why ``text`` is not a date (``written``: how the caller says the format)."""
    if _date(text) is not None:
        return outside_years(text)
    return f"'{text}' is not a date{written}"


def is_datetime(value: object) -> bool:
    return not isinstance(value, str) or parse_datetime(value) is not None


def is_date(value: object) -> bool:
    return not isinstance(value, str) or parse_date(value) is not None


def _datetime(text: str) -> datetime | None:
    match = _DATETIME.match(text)
    if match is None or match.group("offset") is None:
        return None
    try:
        return datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None


def _date(text: str) -> date | None:
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
