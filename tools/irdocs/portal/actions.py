"""The action items page: open ones by owner and by due date, overdue first."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from irdocs.documents.model import ActionItem, Postmortem
from irdocs.portal import blocks
from irdocs.portal.blocks import NUMBER
from irdocs.portal.escape import text
from irdocs.portal.site import Page, Site, markdown_page, plural


@dataclass(frozen=True, slots=True)
class OpenItem:
    postmortem: Postmortem
    item: ActionItem
    overdue_days: int
    """Days past due; 0 when not overdue or without a due date."""


def open_items(site: Site) -> list[OpenItem]:
    """Open action items across postmortems: overdue first (most overdue first), then by due."""
    found = []
    for postmortem in site.handbook.postmortems.values():
        for item in postmortem.action_items:
            if item.status == "open":
                late = (site.today - item.due).days if item.due else 0
                found.append(OpenItem(postmortem, item, max(late, 0)))
    return sorted(
        found,
        key=lambda o: (o.overdue_days == 0, -o.overdue_days, o.item.due or site.today, o.item.id),
    )


def items_table(site: Site, here: str, items: list[OpenItem]) -> str:
    rows = []
    for o in items:
        item, due = o.item, o.item.due
        late = plural(o.overdue_days, "day")  # under the header "overdue"
        flag = blocks.badge(late, "overdue") if o.overdue_days else ""
        source = site.document(o.postmortem)
        where = f"{o.postmortem.incident} {item.id}"
        rows.append(
            [
                (text(due.isoformat() if due else "\u2013"), due.isoformat() if due else "9999"),
                (flag or blocks.badge("on time", "ok"), o.overdue_days),
                (text(item.title) + _kind(item), item.title),
                text(item.owner or "unassigned"),
                blocks.ident(
                    f"{blocks.short_id(o.postmortem.incident)} {item.id}",
                    where,
                    site.href(here, source),
                    shorten=False,
                ),
                text(item.ticket or "\u2013"),
            ]
        )
    headers = ["due", ("overdue", NUMBER), "action item", "owner", "postmortem", "ticket"]
    return blocks.table(headers, rows, minor=(5,))


def _kind(item: ActionItem) -> str:
    """Priority and type under the title: folded there, the table fits a laptop's width."""
    folded = " \u00b7 ".join(filter(None, [item.priority, item.type]))
    return f'<span class="irdocs-sub">{text(folded)}</span>' if folded else ""


def page(site: Site) -> Page:
    here = site.portal("actions.md")
    items = open_items(site)
    overdue = [o for o in items if o.overdue_days]
    owners = Counter(o.item.owner or "unassigned" for o in items)
    late = Counter(o.item.owner or "unassigned" for o in overdue)
    config = site.handbook.config
    by_owner = [
        [
            text(owner),
            text(config.team_of(owner) or "\u2013"),
            (str(count), count),
            (str(late[owner]), late[owner]),
        ]
        for owner, count in sorted(owners.items(), key=lambda kv: (-late[kv[0]], -kv[1], kv[0]))
    ]
    parts = [
        blocks.front_matter("Action items"),
        "# Action items\n",
        blocks.paragraph(
            text(f"{len(items)} open, {len(overdue)} overdue on {site.today.isoformat()}.")
        ),
        "\n## By owner\n",
        blocks.table(["owner", "team", ("open", NUMBER), ("overdue", NUMBER)], by_owner),
        "\n## By due date\n",
        items_table(site, here, items) if items else blocks.paragraph("No open action items."),
    ]
    return markdown_page(here, parts, separator="\n")
