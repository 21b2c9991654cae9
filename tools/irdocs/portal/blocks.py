"""HTML building blocks for the pages: tables, badges, cards, admonitions. Inputs are escaped."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from irdocs.portal.escape import attr, tag, text
from irdocs.portal.site import Site, severity_rank

Cell = str | tuple[str, object]
"""Escaped HTML, or escaped HTML with the value the column sorts by."""
NUMBER = "number"


def table(
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    sortable: bool = True,
    caption: str | None = None,
    minor: Sequence[int] = (),
) -> str:
    """A table with a header row; ``("label", "number")`` headers sort numerically.

    A header is a label or ``(label, sort method)``; a cell is escaped HTML (a ``Cell``). The
    columns at the positions in ``minor`` are secondary: the stylesheet folds them away where
    the page is narrow. Each cell carries its column's label, which narrow screens show beside
    the value when a row is laid out as a card.

    The wrapper's class, not the table's, marks it sortable: Material styles only tables
    without a class.
    """
    labels = [str(h[0]) if isinstance(h, tuple) else str(h) for h in headers]
    head = "".join(_header(h, i in minor) for i, h in enumerate(headers))
    body = "\n".join(
        f"<tr>{''.join(_cell(c, labels[i], i in minor) for i, c in enumerate(row))}</tr>"
        for row in rows
    )
    title = f"<caption>{text(caption)}</caption>" if caption else ""
    kind = "irdocs-table irdocs-sort" if sortable else "irdocs-table"
    return (
        f'<div class="{kind}" markdown="0">\n<table>{title}<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{body}\n</tbody></table>\n</div>"
    )


def _header(header: object, minor: bool) -> str:
    css = ' class="irdocs-minor"' if minor else ""
    if isinstance(header, tuple):
        label, method = header
        return f'<th{css} data-sort-method="{attr(method)}">{text(label)}</th>'
    return f"<th{css}>{text(header)}</th>"


def _cell(cell: object, label: str, minor: bool) -> str:
    css = ' class="irdocs-minor"' if minor else ""
    named = f'{css} data-label="{attr(label)}"'
    if isinstance(cell, tuple):
        content, key = cell
        return f'<td{named} data-sort="{attr(key)}">{content}</td>'
    return f"<td{named}>{cell}</td>"


SHORT_ID = 32
"""IDs longer than this are cut at a dash and end in an ellipsis; the tooltip has all of it."""


def short_id(value: str) -> str:
    """``value`` if at most ``SHORT_ID`` long, else cut after a dash and ended with ``…``."""
    if len(value) <= SHORT_ID:
        return value
    return value[: value.rfind("-", 0, SHORT_ID) + 1 or SHORT_ID] + "\u2026"


def ident(label: str, full: str, href: str | None = None, *, shorten: bool = True) -> str:
    """A document's ID that may be long: it wraps after its dashes, and (with ``shorten``) one
    longer than ``SHORT_ID`` is cut; the full ID is the tooltip. ``label`` is unescaped."""
    wrapped = text(short_id(label) if shorten else label).replace("-", "-<wbr>")
    inner = link(href, wrapped) if href else wrapped
    return f'<span class="irdocs-id" title="{attr(full)}">{inner}</span>'


def slug(value: str) -> str:
    """A CSS-class-safe form of a value: lower-case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"


def badge(label: str, kind: str) -> str:
    return f'<span class="irdocs-badge irdocs-{slug(kind)}">{text(label)}</span>'


def severity(site: Site, name: str) -> tuple[str, int]:
    """The severity badge, sorting by its rank in the scale."""
    rank = severity_rank(site, name)
    return badge(name, f"sev{min(rank, 4) + 1}"), rank


def status(name: str) -> str:
    return badge(name, f"status-{name}")


def link(href: str, label_html: str) -> str:
    return f'<a href="{attr(href)}">{label_html}</a>'


def card(title_html: str, rows: Iterable[tuple[str, str]], badges: str = "") -> str:
    """A summary card: a title line with badges, then label/value rows (values escaped)."""
    items = "".join(f"<dt>{text(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return (
        f'<div class="irdocs-card" markdown="0">\n<p class="irdocs-card-title">{badges} '
        f"{title_html}</p>\n<dl>{items}</dl>\n</div>"
    )


def admonition(kind: str, title_html: str, body_html: str) -> str:
    """A Material admonition written as HTML (no extension needed to render it)."""
    return (
        f'<div class="admonition {slug(kind)}" markdown="0">\n'
        f'<p class="admonition-title">{title_html}</p>\n{body_html}\n</div>'
    )


def kpis(cards: Iterable[tuple[str, str, str]]) -> str:
    """Material grid cards: (label, value html, note html) each."""
    items = "".join(
        f'<li><span class="irdocs-kpi-label">{text(label)}</span>'
        f'<span class="irdocs-kpi-value">{value}</span>'
        f'<span class="irdocs-kpi-note">{note}</span></li>'
        for label, value, note in cards
    )
    return f'<div class="grid cards irdocs-kpis" markdown="0">\n<ul>{items}</ul>\n</div>'


def paragraph(content_html: str) -> str:
    return tag("p", content_html)


def front_matter(title: str, *, hide: Sequence[str] = (), search: bool = True) -> str:
    """A page's front matter: its title (as a YAML string), Material's hide and search options.

    Themes print the title unescaped (Material's nav), so callers give fixed words or IDs.
    """
    lines = [f"title: {json.dumps(title)}"]
    if hide:
        lines.append(f"hide: [{', '.join(hide)}]")
    if not search:
        lines.append("search:\n  exclude: true")
    return "---\n" + "\n".join(lines) + "\n---\n\n"
