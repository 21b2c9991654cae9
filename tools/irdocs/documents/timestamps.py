"""ISO 8601 timestamps and dates as the documents write them; a timestamp must carry an offset."""

from __future__ import annotations

import re
from datetime import date, datetime

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?P<offset>[Zz]|[+-]\d{2}:?\d{2})?$"
)


def parse_datetime(text: str) -> datetime | None:
    """The aware datetime ``text`` names, or None if it is not a date-time with an offset."""
    match = _DATETIME.match(text)
    if match is None or match.group("offset") is None:
        return None
    try:
        return datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def explain_bad_datetime(text: str) -> str:
    """Why ``text`` is not a date-time with an offset, and how to write it."""
    match = _DATETIME.match(text)
    if match is not None and match.group("offset") is None:
        return f"'{text}' has no UTC offset; write it as {text}+00:00 (or the local offset)"
    if parse_date(text) is not None:
        return (
            f"'{text}' is a date; a date-time with an offset is needed, e.g. {text}T09:00:00+00:00"
        )
    return f"'{text}' is not an ISO 8601 date-time with an offset, e.g. 2026-03-04T09:12:00+00:00"


def is_datetime(value: object) -> bool:
    return not isinstance(value, str) or parse_datetime(value) is not None


def is_date(value: object) -> bool:
    return not isinstance(value, str) or parse_date(value) is not None
