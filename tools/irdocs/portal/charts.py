"""Dependency-free SVG charts, coloured by CSS classes (Material's variables, so dark mode works).

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` for screen readers, a
``<title>`` tooltip per mark, axis titles that name the unit, and series told apart by more than
colour: a fill pattern per bar series, a marker shape and a dash per line. The page puts the
numbers in a table under each chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from irdocs.portal.escape import attr, text

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 84, 12, 14, 72
_PLOT_W, _PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
_MAX_TICKS = 5
_DURATION_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 480, 720, 1440)
"""Tick steps for axes in minutes: round minutes, hours, then days."""
PATTERNS = ("solid", "hatch", "dots", "cross", "rhatch")
"""Fill of the n-th bar series, so stacked series differ in shape as well as in colour."""
MARKERS = ("circle", "square", "triangle", "diamond")
DASHES = ("", "6 4", "2 3", "8 3 2 3")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    css: str
    """Class of its marks, e.g. ``sev1``; colours live in the stylesheet."""
    values: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class Axes:
    """What the axes say: their titles (with the unit) and how a value on the y axis reads."""

    x: str
    y: str
    label: Callable[[float], str]
    ticks: Callable[[float], list[float]]


def count_axes(x: str, y: str) -> Axes:
    """Axes for counts: whole-number ticks only."""
    return Axes(x, y, number, integer_ticks)


def duration_axes(x: str, y: str, label: Callable[[float], str]) -> Axes:
    """Axes for durations in minutes: ticks at round minutes, hours or days."""
    return Axes(x, y, label, duration_ticks)


def integer_ticks(highest: float) -> list[float]:
    """0 up to at least ``highest`` in whole steps of 1, 2 or 5 times a power of ten, at most
    ``_MAX_TICKS`` intervals: a count is never drawn at 1.2 or 2.5."""
    return _ticks(highest, _steps(lambda power: (1 * power, 2 * power, 5 * power)))


def duration_ticks(highest: float) -> list[float]:
    """0 up to at least ``highest`` minutes in steps of round minutes, hours or days."""
    return _ticks(highest, [*_DURATION_STEPS, *_steps(lambda p: (p * 1440, 2 * p * 1440))])


def _steps(scale: Callable[[int], tuple[int, ...]]) -> list[int]:
    return [step for power in (10**e for e in range(8)) for step in scale(power)]


def _ticks(highest: float, steps: Sequence[int]) -> list[float]:
    top = max(highest, 1.0)
    step = next(s for s in steps if s * _MAX_TICKS >= top)
    return [float(step * n) for n in range(math.ceil(top / step) + 1)]


def stacked_bars(
    ident: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    axes: Axes,
    unit: str = "",
) -> str:
    """Bars per label, the series stacked bottom-up in order, each with its own fill pattern."""
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(labels))]
    ticks = axes.ticks(max(totals, default=0))
    top = ticks[-1]
    step = _PLOT_W / max(len(labels), 1)
    marks = []
    for index, label in enumerate(labels):
        base = 0.0
        for number, s in enumerate(series):
            value = s.values[index] or 0
            if value:
                y0, y1 = _y(base, top), _y(base + value, top)
                tip = f"{label} {s.name}: {axes.label(value)}{unit}"
                marks.append(
                    f'<rect class="{attr(s.css)}" fill="url(#{attr(ident)}-f{number})" '
                    f'x="{LEFT + index * step + step * 0.15:.1f}" y="{y1:.1f}" '
                    f'width="{step * 0.7:.1f}" height="{y0 - y1:.1f}">'
                    f"<title>{text(tip)}</title></rect>"
                )
            base += value
    defs = "".join(_pattern(ident, n, s.css) for n, s in enumerate(series))
    keys = [
        f'<rect class="{attr(s.css)} key" fill="url(#{attr(ident)}-f{n})" x="{{x}}" '
        f'y="{HEIGHT - 20}" width="14" height="14"/>'
        for n, s in enumerate(series)
    ]
    return _frame(ident, title, labels, series, ticks, axes, [f"<defs>{defs}</defs>", *marks], keys)


def lines(
    ident: str, title: str, labels: Sequence[str], series: Sequence[Series], axes: Axes
) -> str:
    """One line per series, each with its marker shape and dash; a missing value breaks it."""
    ticks = axes.ticks(max((v for s in series for v in s.values if v is not None), default=0))
    top = ticks[-1]
    step = _PLOT_W / max(len(labels), 1)
    marks, keys = [], []
    for number, s in enumerate(series):
        shape, dash = MARKERS[number % len(MARKERS)], DASHES[number % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append((LEFT + step * (i + 0.5), _y(v, top)))
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                marks.append(f'<polyline class="{attr(s.css)}" points="{path}"{dashed}/>')
        for i, v in enumerate(s.values):
            if v is not None:
                tip = f"{labels[i]} {s.name}: {axes.label(v)}"
                marks.append(
                    _marker(
                        shape,
                        s.css,
                        LEFT + step * (i + 0.5),
                        _y(v, top),
                        f"<title>{text(tip)}</title>",
                    )
                )
        keys.append(
            f'<polyline class="{attr(s.css)}" points="{{x}},{HEIGHT - 13} {{x2}},{HEIGHT - 13}"'
            f"{dashed}/>" + _marker(shape, s.css, -1, HEIGHT - 13, "")
        )
    return _frame(ident, title, labels, series, ticks, axes, marks, keys)


def _marker(shape: str, css: str, x: float, y: float, inner: str) -> str:
    """A marker centred on (x, y); x < 0 leaves ``{xm}`` for the legend to fill in."""
    cx = "{xm}" if x < 0 else f"{x:.1f}"
    element, geometry = _SHAPES[shape]
    return (
        f'<{element} class="{attr(css)} marker" {geometry} transform="translate({cx},{y:.1f})">'
        f"{inner}</{element}>"
    )


_SHAPES = {
    "circle": ("circle", 'r="4.5"'),
    "square": ("rect", 'x="-4" y="-4" width="8" height="8"'),
    "triangle": ("path", 'd="M0,-5.5 L5,4 L-5,4 Z"'),
    "diamond": ("path", 'd="M0,-5.5 L5.5,0 L0,5.5 L-5.5,0 Z"'),
}


def _pattern(ident: str, number: int, css: str) -> str:
    """The fill of the ``number``-th bar series: its colour, overlaid with a shape of its own."""
    kind = PATTERNS[number % len(PATTERNS)]
    overlay = {
        "solid": "",
        "hatch": '<path class="ink" d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6"/>',
        "dots": '<circle class="dot" cx="4" cy="4" r="1.4"/>',
        "cross": '<path class="ink" d="M0,4 L8,4 M4,0 L4,8"/>',
        "rhatch": '<path class="ink" d="M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2"/>',
    }[kind]
    return (
        f'<pattern id="{attr(ident)}-f{number}" patternUnits="userSpaceOnUse" width="8" '
        f'height="8"><rect class="{attr(css)}" width="8" height="8"/>{overlay}</pattern>'
    )


def _frame(
    ident: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    ticks: Sequence[float],
    axes: Axes,
    marks: list[str],
    keys: list[str],
) -> str:
    names = ", ".join(s.name for s in series)
    span = f"{labels[0]} to {labels[-1]}" if labels else "no data"
    desc = f"{axes.y} by {axes.x}: {names}; {span}. The table below the chart gives every value."
    top = ticks[-1]
    parts = [
        f'<svg class="irdocs-chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-labelledby="{attr(ident)}-t {attr(ident)}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{attr(ident)}-t">{text(title)}</title>',
        f'<desc id="{attr(ident)}-d">{text(desc)}</desc>',
    ]
    for value in ticks:
        y = _y(value, top)
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{text(axes.label(value))}</text>"
        )
    middle = TOP + _PLOT_H / 2
    parts.append(
        f'<text class="axis-title" x="16" y="{middle:.1f}" text-anchor="middle" '
        f'transform="rotate(-90 16 {middle:.1f})">{text(axes.y)}</text>'
    )
    step = _PLOT_W / max(len(labels), 1)
    every = max(1, math.ceil(len(labels) / 8))
    for index, label in enumerate(labels):
        if index % every == 0:
            x = LEFT + step * (index + 0.5)
            parts.append(
                f'<text class="axis" x="{x:.1f}" y="{TOP + _PLOT_H + 18}" '
                f'text-anchor="middle">{text(label)}</text>'
            )
    parts.append(
        f'<text class="axis-title" x="{LEFT + _PLOT_W / 2:.1f}" y="{TOP + _PLOT_H + 38}" '
        f'text-anchor="middle">{text(axes.x)}</text>'
    )
    parts.extend(marks)
    x = LEFT
    for s, key in zip(series, keys, strict=True):
        parts.append(key.format(x=x, x2=x + 22, xm=x + 11))
        parts.append(f'<text class="legend" x="{x + 28}" y="{HEIGHT - 8}">{text(s.name)}</text>')
        x += 40 + 8 * len(s.name)
    parts.append("</svg>")
    return f'<figure class="irdocs-figure" markdown="0">{"".join(parts)}</figure>'


def _y(value: float, top: float) -> float:
    return TOP + _PLOT_H - (value / top * _PLOT_H if top else 0)


def number(value: float) -> str:
    """A count as people write it: ``3``, never ``3.0``."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
