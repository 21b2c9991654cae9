"""How documents write times: a date-time needs an offset, and a wrong one is explained."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from irdocs.documents.timestamps import (
    explain_bad_date,
    explain_bad_datetime,
    is_date,
    is_datetime,
    parse_date,
    parse_datetime,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-04T09:12:00Z", datetime(2026, 3, 4, 9, 12, tzinfo=UTC)),
        ("2026-03-04T09:12:00z", datetime(2026, 3, 4, 9, 12, tzinfo=UTC)),  # YAML writes it so
        (
            "2026-03-04 09:12+01:00",
            datetime(2026, 3, 4, 9, 12, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2026-03-04T09:12:00", None),  # no offset
        ("2026-03-04", None),
        ("2026-02-30T09:12:00Z", None),  # the shape of a date-time, not a real one
        ("yesterday", None),
    ],
)
def test_a_date_time_needs_an_offset(text: str, expected: datetime | None) -> None:
    assert parse_datetime(text) == expected
    assert is_datetime(text) == (expected is not None)


def test_dates() -> None:
    assert parse_date("2026-03-04") == date(2026, 3, 4)
    assert parse_date("2026-02-30") is None and parse_date("2026-03-04T09:00:00Z") is None
    assert is_date("2026-03-04") and not is_date("March 4")
    assert is_date(date(2026, 3, 4)) and is_datetime(datetime(2026, 3, 4, tzinfo=UTC))


@pytest.mark.parametrize(
    ("text", "explained"),
    [
        (
            "2026-03-04T09:12:00",
            "'2026-03-04T09:12:00' has no UTC offset; write it as 2026-03-04T09:12:00+00:00 "
            "(or the local offset)",
        ),
        (
            "2026-03-04",
            "'2026-03-04' is a date; a date-time with an offset is needed, e.g. "
            "2026-03-04T09:00:00+00:00",
        ),
        (
            "half past nine",
            "'half past nine' is not an ISO 8601 date-time with an offset, e.g. "
            "2026-03-04T09:12:00+00:00",
        ),
    ],
    ids=["no-offset", "a-date", "not-a-time"],
)
def test_a_wrong_time_is_explained(text: str, explained: str) -> None:
    assert explain_bad_datetime(text) == explained


@pytest.mark.parametrize(
    ("text", "written", "explained"),
    [
        ("2026-13-01", None, "'2026-13-01' is not a date; write it as YYYY-MM-DD"),
        ("soon", " written as YYYY-MM-DD", "'soon' is not a date written as YYYY-MM-DD"),
        (
            "9999-01-01",
            None,
            "'9999-01-01' is outside the years 1970 to 2100 that irdocs accepts; check the year",
        ),
    ],
    ids=["no-such-day", "the-callers-words", "out-of-range"],
)
def test_a_wrong_date_is_explained(text: str, written: str | None, explained: str) -> None:
    said = explain_bad_date(text) if written is None else explain_bad_date(text, written=written)
    assert said == explained
