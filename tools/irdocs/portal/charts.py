"""Dependency-free SVG charts, coloured by CSS classes (Material's variables, so dark mode works).

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` for screen readers and a
``<title>`` tooltip per mark; the page puts the numbers in a table under it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from irdocs.portal.escape import attr, text

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 64
_PLOT_W, _PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    css: str
    """Class of its marks, e.g. ``sev1``; colours live in the stylesheet."""
    values: tuple[float | None, ...]


def stacked_bars(
    ident: str, title: str, labels: Sequence[str], series: Sequence[Series], unit: str = ""
) -> str:
    """Bars per label, the series stacked bottom-up in order."""
    totals = [sum(s.values[i] or 0 for s in series) for i in range(len(labels))]
    top = max(_nice(max(totals, default=0)), 4.0)  # whole-number ticks for small counts
    step = _PLOT_W / max(len(labels), 1)
    marks = []
    for index, label in enumerate(labels):
        base = 0.0
        for s in series:
            value = s.values[index] or 0
            if value:
                y0, y1 = _y(base, top), _y(base + value, top)
                tip = f"{label} {s.name}: {_number(value)}{unit}"
                marks.append(
                    f'<rect class="{attr(s.css)}" x="{LEFT + index * step + step * 0.15:.1f}" '
                    f'y="{y1:.1f}" width="{step * 0.7:.1f}" height="{y0 - y1:.1f}">'
                    f"<title>{text(tip)}</title></rect>"
                )
            base += value
    return _frame(ident, title, labels, series, top, _number, marks, "bars")


def lines(
    ident: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    axis: Callable[[float], str],
) -> str:
    """One line with markers per series; a missing value breaks the line."""
    top = _nice(max((v for s in series for v in s.values if v is not None), default=0))
    step = _PLOT_W / max(len(labels), 1)
    marks = []
    for s in series:
        points = [
            (LEFT + step * (i + 0.5), _y(v, top), labels[i], v)
            for i, v in enumerate(s.values)
            if v is not None
        ]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append((LEFT + step * (i + 0.5), _y(v, top)))
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                marks.append(f'<polyline class="{attr(s.css)}" points="{path}"/>')
        for x, y, label, v in points:
            tip = f"{label} {s.name}: {axis(v)}"
            marks.append(
                f'<circle class="{attr(s.css)}" cx="{x:.1f}" cy="{y:.1f}" r="3.5">'
                f"<title>{text(tip)}</title></circle>"
            )
    return _frame(ident, title, labels, series, top, axis, marks, "lines")


def _frame(
    ident: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    top: float,
    axis: Callable[[float], str],
    marks: list[str],
    kind: str,
) -> str:
    names = ", ".join(s.name for s in series)
    span = f"{labels[0]} to {labels[-1]}" if labels else "no data"
    desc = f"{names}; {span}. The table below the chart gives every value."
    parts = [
        f'<svg class="irdocs-chart irdocs-{kind}" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-labelledby="{attr(ident)}-t {attr(ident)}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{attr(ident)}-t">{text(title)}</title>',
        f'<desc id="{attr(ident)}-d">{text(desc)}</desc>',
    ]
    for tick in range(5):
        value = top * tick / 4
        y = _y(value, top)
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{text(axis(value))}</text>"
        )
    step = _PLOT_W / max(len(labels), 1)
    every = max(1, math.ceil(len(labels) / 12))
    for index, label in enumerate(labels):
        if index % every == 0:
            x = LEFT + step * (index + 0.5)
            parts.append(
                f'<text class="axis" x="{x:.1f}" y="{TOP + _PLOT_H + 16}" '
                f'text-anchor="middle">{text(label)}</text>'
            )
    parts.extend(marks)
    x = LEFT
    for s in series:
        parts.append(
            f'<rect class="{attr(s.css)} key" x="{x}" y="{HEIGHT - 18}" width="12" height="12"/>'
            f'<text class="legend" x="{x + 16}" y="{HEIGHT - 8}">{text(s.name)}</text>'
        )
        x += 24 + 8 * len(s.name)
    parts.append("</svg>")
    return f'<figure class="irdocs-figure" markdown="0">{"".join(parts)}</figure>'


def _y(value: float, top: float) -> float:
    return TOP + _PLOT_H - (value / top * _PLOT_H if top else 0)


def _nice(value: float) -> float:
    """A round axis maximum at or above ``value``: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value))


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
