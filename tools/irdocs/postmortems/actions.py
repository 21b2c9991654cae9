"""Action items across all postmortems: which are open or overdue, whose, for which service.

Pure functions over the model; overdue means open and due before ``today``
(``ActionItem.overdue``, the same notion the metrics count).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from irdocs.documents.handbook import Handbook
from irdocs.documents.model import ActionItem

FIELDS = (
    "id",
    "title",
    "owner",
    "due",
    "priority",
    "type",
    "status",
    "ticket",
    "postmortem",
    "incident",
    "overdue",
)
"""The keys of an action item in JSON, and the columns of the CSV, in order."""


@dataclass(frozen=True, slots=True)
class Row:
    item: ActionItem
    postmortem: str
    """The postmortem's path from the handbook's root."""
    incident: str
    services: tuple[str, ...]
    """The services of the incident; empty when the incident is not in the handbook."""
    overdue: bool

    def as_json(self) -> dict[str, str | bool | None]:
        item = self.item
        return {
            "id": item.id,
            "title": item.title,
            "owner": item.owner,
            "due": item.due.isoformat() if item.due else None,
            "priority": item.priority,
            "type": item.type,
            "status": item.status,
            "ticket": item.ticket,
            "postmortem": self.postmortem,
            "incident": self.incident,
            "overdue": self.overdue,
        }


def rows(
    handbook: Handbook,
    *,
    today: date,
    only_open: bool = False,
    only_overdue: bool = False,
    owner: str | None = None,
    service: str | None = None,
) -> list[Row]:
    """The action items that pass every filter: overdue first, then by due date (none last),
    then by incident and item ID. ``owner`` matches ignoring case."""
    chosen = [
        row
        for row in _all(handbook, today)
        if (not only_open or row.item.status == "open")
        and (not only_overdue or row.overdue)
        and (owner is None or (row.item.owner or "").casefold() == owner.casefold())
        and (service is None or service in row.services)
    ]
    return sorted(chosen, key=_order)


def _all(handbook: Handbook, today: date) -> Iterator[Row]:
    root = handbook.config.root.absolute()
    for postmortem in handbook.postmortems.values():
        incident = handbook.incident_of(postmortem)
        path = Path(os.path.relpath(Path(postmortem.path).absolute(), root)).as_posix()
        for item in postmortem.action_items:
            yield Row(
                item,
                path,
                postmortem.incident,
                incident.services if incident else (),
                item.overdue(today),
            )


def _order(row: Row) -> tuple[bool, date, str, int, str]:
    number = row.item.id[3:].lstrip("0")  # compared as digits: int() refuses 4,301 of them
    return (not row.overdue, row.item.due or date.max, row.incident, len(number), number)
