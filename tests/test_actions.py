"""``irdocs actions``: every postmortem's action items, overdue first, filtered, in 3 formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, Run

TODAY = date(2026, 11, 22)


@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(REPO)
    return REPO


def _expected(today: date) -> list[dict[str, object]]:
    """The items as the postmortem files hold them, read independently of irdocs."""
    items = []
    for path in sorted((REPO / "postmortems").glob("INC-*.md")):
        front = yaml.safe_load(path.read_text().split("---\n")[1])
        for item in front.get("action_items", []):
            due = item.get("due")
            status = item.get("status", "open")
            items.append(
                {
                    "id": item["id"],
                    "title": item["title"],
                    "owner": item.get("owner"),
                    "due": due.isoformat() if due else None,
                    "priority": item.get("priority"),
                    "type": item.get("type"),
                    "status": status,
                    "ticket": item.get("ticket"),
                    "postmortem": f"postmortems/{path.name}",
                    "incident": front["incident"],
                    "overdue": status == "open" and due is not None and due < today,
                }
            )
    return items


def _key(item: dict[str, object]) -> tuple[object, ...]:
    return (not item["overdue"], item["due"] or "9999", item["incident"], item["id"])


def test_json_is_exactly_the_items_of_the_example_postmortems(example: Path, run: Run) -> None:
    result = run("actions", "--format", "json", "--today", "2026-11-22")
    assert result.code == 0
    listed = json.loads(result.out)
    assert listed == sorted(_expected(TODAY), key=_key)
    assert [item["id"] for item in listed if item["overdue"]] == ["AI-4", "AI-3", "AI-4", "AI-5"]
    assert len(listed) == 26
    assert result.err == "26 action items: 12 open, 4 overdue on 2026-11-22\n"


def test_an_item_due_today_is_not_overdue(example: Path, run: Run) -> None:
    listed = json.loads(run("actions", "--format", "json", "--today", "2026-11-27").out)
    due_today = [item for item in listed if item["due"] == "2026-11-27"]
    assert [item["overdue"] for item in due_today] == [False]


@pytest.mark.parametrize(
    ("options", "keep"),
    [
        (["--open"], lambda item: item["status"] == "open"),
        (["--overdue"], lambda item: item["overdue"]),
        (["--owner", "hannah cole"], lambda item: item["owner"] == "Hannah Cole"),
        (["--service", "search"], lambda item: item["incident"].endswith("search-outage")),
        (
            ["--open", "--service", "payments", "--owner", "Aisha Bello"],
            lambda item: (
                item["status"] == "open"
                and item["owner"] == "Aisha Bello"
                and "payments" in item["incident"]
            ),
        ),
    ],
    ids=["open", "overdue", "owner", "service", "combined"],
)
def test_filters(
    example: Path, run: Run, options: list[str], keep: Callable[[dict[str, Any]], bool]
) -> None:
    result = run("actions", "--format", "json", "--today", "2026-11-22", *options)
    every = sorted(_expected(TODAY), key=_key)
    expected = [item for item in every if keep(item)]
    assert 0 < len(expected) < len(every)  # the filter keeps some and leaves some out
    assert json.loads(result.out) == expected


def test_fail_on_overdue(example: Path, run: Run) -> None:
    assert run("actions", "--today", "2026-11-22").code == 0
    assert run("actions", "--today", "2026-11-22", "--fail-on-overdue").code == 1
    assert run("actions", "--today", "2026-06-30", "--fail-on-overdue").code == 0
    ravi = run("actions", "--today", "2026-11-22", "--owner", "Ravi Menon", "--fail-on-overdue")
    assert (ravi.code, ravi.err) == (0, "2 action items: 2 open, 0 overdue on 2026-11-22\n")


def test_csv_has_a_header_and_one_row_per_item(example: Path, run: Run) -> None:
    out = run("actions", "--format", "csv", "--today", "2026-11-22", "--overdue").out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0] == (
        "id,title,owner,due,priority,type,status,ticket,postmortem,incident,overdue"
    )
    assert [(row["id"], row["incident"], row["overdue"]) for row in rows] == [
        ("AI-4", "INC-2025-12-19-checkout-outage", "true"),
        ("AI-3", "INC-2026-03-04-checkout-eu-errors", "true"),
        ("AI-4", "INC-2026-02-10-payments-provider-outage", "true"),
        ("AI-5", "INC-2026-05-21-payments-double-capture", "true"),
    ]


def test_table_is_aligned_with_overdue_first(example: Path, run: Run) -> None:
    out = run("actions", "--today", "2026-11-22", "--owner", "Ravi Menon").out
    assert out == (
        "due         status  priority  type    owner       item"
        "                               title\n"
        "2026-11-27  open    P1        detect  Ravi Menon  INC-2026-11-03-search-outage AI-1  "
        "Page the search on-call when a data node passes 85% disk (S…\n"
        "2026-12-04  open    P2        detect  Ravi Menon  INC-2026-11-03-search-outage AI-4  "
        "Page the search on-call when a reindex alias switch fails, …\n"
    )
    assert run("actions", "--today", "2026-11-22", "--owner", "Nobody").out == ""


def test_an_invalid_handbook_is_reported_not_listed(handbook: Path, run: Run) -> None:
    (handbook / "postmortems" / "broken.md").write_text("---\nincident: x\n---\n")
    result = run("actions")
    assert result.code == 1
    assert result.out.startswith("postmortems/broken.md:")
    assert result.err.endswith("irdocs: fix these first: the action items are read from them\n")
