"""Charts people can read: whole-number axes for counts, axis titles, series told apart by more
than colour; and the wording of the board's figures ("1 day", a neutral "no change")."""

from __future__ import annotations

import itertools
import re

import pytest

from irdocs.portal import charts, kpis
from irdocs.portal.site import duration, plural

_TICK = re.compile(r'<text class="axis" x="\d+" y="[\d.]+" text-anchor="end">([^<]*)</text>')


@pytest.mark.parametrize("highest", [0, 1, 2, 3, 4.5, 7, 11, 13, 26, 99, 101, 1234])
def test_count_ticks_are_whole_numbers_from_zero_past_the_highest(highest: float) -> None:
    ticks = charts.integer_ticks(highest)
    assert ticks[0] == 0 and ticks[-1] >= highest
    assert all(t.is_integer() for t in ticks), ticks
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1 and 2 <= len(ticks) <= 6, ticks


@pytest.mark.parametrize("top", [1, 3, 5, 7, 9])
def test_a_count_axis_never_shows_a_fraction(top: int) -> None:
    series = [charts.Series("SEV-1", "sev1", (1.0, float(top)))]
    svg = charts.stacked_bars("c", "t", ["a", "b"], series, charts.count_axes("month", "count"))
    labels = _TICK.findall(svg)
    assert labels and all(label.isdigit() for label in labels), labels


def test_duration_ticks_fall_on_round_minutes_hours_or_days() -> None:
    assert charts.duration_ticks(50) == [0, 10, 20, 30, 40, 50]
    assert charts.duration_ticks(410) == [0, 120, 240, 360, 480]
    assert all(t % 1440 == 0 for t in charts.duration_ticks(9 * 1440))


def test_axes_have_titles_with_their_unit() -> None:
    axes = charts.duration_axes("month (UTC)", "MTTR (h = hours, m = minutes)", duration)
    svg = charts.lines("m", "t", ["2026-01"], [charts.Series("MTTR", "median", (90.0,))], axes)
    titles = re.findall(r'<text class="axis-title"[^>]*>([^<]*)</text>', svg)
    assert titles == ["MTTR &#40;h = hours, m = minutes&#41;", "month &#40;UTC&#41;"]
    assert "1h 30m" in svg


def test_line_series_differ_in_marker_and_dash_not_only_colour() -> None:
    series = [
        charts.Series("median", "median", (10.0, 20.0)),
        charts.Series("p90", "p90", (30.0, 40.0)),
    ]
    axes = charts.duration_axes("x", "y", duration)
    svg = charts.lines("l", "t", ["a", "b"], series, axes)
    median = re.findall(r'<(\w+) class="median marker"', svg)
    p90 = re.findall(r'<(\w+) class="p90 marker"', svg)
    assert set(median) == {"circle"} and set(p90) == {"rect"}
    dashes = re.findall(r'<polyline class="(\w+)" points="[^"]*"( stroke-dasharray="[^"]+")?', svg)
    assert {name for name, dash in dashes if dash} == {"p90"}
    assert {name for name, dash in dashes if not dash} == {"median"}


def test_stacked_bar_series_have_their_own_fill_pattern() -> None:
    series = [charts.Series(f"SEV-{n}", f"sev{n}", (1.0,)) for n in (1, 2, 3)]
    svg = charts.stacked_bars("s", "t", ["a"], series, charts.count_axes("x", "y"))
    patterns = re.findall(r'<pattern id="(s-f\d)"[^>]*>(.*?)</pattern>', svg)
    assert [name for name, _ in patterns] == ["s-f0", "s-f1", "s-f2"]
    assert len({body.split("/>", 1)[1] for _, body in patterns}) == 3  # three different overlays
    assert svg.count('fill="url(#s-f1)"') == 2  # the bar and its legend key


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 days"), (1, "1 day"), (2, "2 days"), (151, "151 days")]
)
def test_plural(count: int, expected: str) -> None:
    assert plural(count, "day") == expected


@pytest.mark.parametrize(
    ("current", "previous"),
    [(60.0, 60.0), (60.2, 60.0), (59.8, 60.0)],
    ids=["equal", "rounds-to-0m-worse", "rounds-to-0m-better"],
)
def test_no_change_is_neutral_never_green_or_red(current: float, previous: float) -> None:
    shown = kpis.change(current, previous, duration)
    assert "irdocs-same" in shown and "no change" in shown
    assert "\u25bc" not in shown and "irdocs-better" not in shown and "irdocs-worse" not in shown


def test_a_real_change_says_which_way_and_is_coloured() -> None:
    assert 'class="irdocs-better">\u25bc 5m &#40;better&#41;' in kpis.change(10, 15, duration)
    assert 'class="irdocs-worse">\u25b2 1h 00m &#40;worse&#41;' in kpis.change(75, 15, duration)
    assert "no previous period" in kpis.change(10, None, duration)
