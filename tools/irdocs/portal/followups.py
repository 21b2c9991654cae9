"""What is owed after incidents: postmortems due, overdue or missing, and overdue action items by
owner and by team (``[tool.irdocs] teams``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from irdocs.documents.model import Incident, Postmortem
from irdocs.documents.postmortem_policy import postmortem_due
from irdocs.portal.actions import OpenItem
from irdocs.portal.site import Site, plural

NO_TEAM = "no team"


@dataclass(frozen=True, slots=True)
class Owed:
    """A required postmortem not yet published."""

    incident: Incident
    postmortem: Postmortem | None
    due: date
    state: str
    """``missing`` (past due, none written), ``overdue`` (past due, not published) or ``due``."""


def postmortems_owed(site: Site) -> list[Owed]:
    """Required postmortems of resolved incidents not yet published: missing, then overdue
    (most late first), then due (soonest first)."""
    owed = []
    for incident in site.handbook.incidents.values():
        due = postmortem_due(site.handbook.config, incident)
        postmortem = site.handbook.postmortem_of(incident)
        if due is None or (postmortem is not None and postmortem.status == "published"):
            continue
        late = site.today > due
        state = "due" if not late else "missing" if postmortem is None else "overdue"
        owed.append(Owed(incident, postmortem, due, state))
    order = {"missing": 0, "overdue": 1, "due": 2}
    return sorted(owed, key=lambda o: (order[o.state], o.due, o.incident.id))


def when(owed: Owed, today: date) -> str:
    """``3 days late`` or ``due in 2 days`` / ``due today``."""
    days = (today - owed.due).days
    if days > 0:
        return f"{plural(days, 'day')} late"
    return "due today" if days == 0 else f"due in {plural(-days, 'day')}"


@dataclass(frozen=True, slots=True)
class Tally:
    """Overdue action items of one owner or team."""

    name: str
    overdue: int
    worst: int
    """Days past due of the most overdue one."""
    members: tuple[str, ...] = ()
    """For a team, its owners with overdue items; for an owner, their team (if any)."""


def by_owner(site: Site, overdue: list[OpenItem]) -> list[Tally]:
    """Overdue items per owner, most items first; each owner with their team."""
    grouped: dict[str, list[int]] = defaultdict(list)
    for o in overdue:
        grouped[o.item.owner or "unassigned"].append(o.overdue_days)
    config = site.handbook.config
    rows = [
        Tally(owner, len(days), max(days), tuple(filter(None, [config.team_of(owner)])))
        for owner, days in grouped.items()
    ]
    return sorted(rows, key=lambda t: (-t.overdue, -t.worst, t.name))


def by_team(site: Site, overdue: list[OpenItem]) -> list[Tally]:
    """Overdue items per team (owners not in ``teams`` under ``no team``), most items first."""
    days: dict[str, list[int]] = defaultdict(list)
    owners: dict[str, set[str]] = defaultdict(set)
    for o in overdue:
        owner = o.item.owner or "unassigned"
        team = site.handbook.config.team_of(o.item.owner) or NO_TEAM
        days[team].append(o.overdue_days)
        owners[team].add(owner)
    rows = [Tally(t, len(d), max(d), tuple(sorted(owners[t]))) for t, d in days.items()]
    return sorted(rows, key=lambda t: (t.name == NO_TEAM, -t.overdue, -t.worst, t.name))
