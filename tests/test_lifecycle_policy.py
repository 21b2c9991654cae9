"""The lifecycle's pure rules (incidents/lifecycle.py, incidents/communication.py) at their
edges: which status moves are allowed, when an update may be recorded, when an update, an
acknowledgement, roles and a postmortem fall due, the monitoring period before resolving, and
the shape of a minted ID. The severity policy is the example handbook's (pyproject.toml)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from conftest import REPO
from irdocs import config as configuration
from irdocs.config import Config, SeverityLevel
from irdocs.documents.model import Incident, Postmortem, Roles, SeverityChange, Update
from irdocs.incidents import lifecycle
from irdocs.incidents.communication import resolution_checklist
from irdocs.incidents.vocabulary import STATUSES

T0 = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # a Wednesday
MINUTE = timedelta(minutes=1)


@pytest.fixture(scope="module")
def config() -> Config:
    return configuration.find(REPO)


def level(config: Config, name: str) -> SeverityLevel:
    return lifecycle.level_of(config, name)


def incident(**changes: object) -> Incident:
    base = Incident(
        path="incidents/INC-2026-03-04-x-0a1b.md", id="INC-2026-03-04-x-0a1b", title="x",
        severity="SEV-2", status="investigating", services=("checkout",), impact_scope="some",
        impact_description="x", detection_source="alert", roles=Roles(commander="Priya Raman"),
        impact_started=None, detected=None, acknowledged=None, declared=T0, mitigated=None,
        resolved=None, mitigations=(), runbooks=(), postmortem=None, updates=(),
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def update(minutes: int, audience: str = "internal", status: str = "investigating") -> Update:
    return Update(T0 + minutes * MINUTE, status, audience, "x")


def test_level_of_names_a_level_or_raises(config: Config) -> None:
    assert lifecycle.level_of(config, "SEV-3").name == "SEV-3"
    with pytest.raises(KeyError):
        lifecycle.level_of(config, "SEV-9")


@pytest.mark.parametrize("current", STATUSES)
@pytest.mark.parametrize("new", STATUSES)
def test_the_status_only_moves_forward(current: str, new: str) -> None:
    why = lifecycle.check_transition(current, new)
    if STATUSES.index(new) >= STATUSES.index(current):
        assert why is None
    elif current == "resolved":
        assert why == "it is resolved; a recurrence is a new incident (irdocs declare)"
    else:
        assert why == (
            f"the status only moves forward (investigating → identified → monitoring → "
            f"resolved); it is {current}"
        )


def test_an_update_may_come_at_the_declaration_or_the_latest_update_not_before() -> None:
    now = T0 + 60 * MINUTE
    assert lifecycle.check_update_time(incident(), T0, now) is None
    assert lifecycle.check_update_time(incident(), T0 - timedelta(seconds=1), now) == (
        "it is before the declaration (2026-03-04T09:00:00+00:00)"
    )
    later = incident(updates=(update(30), update(10)))
    assert lifecycle.check_update_time(later, T0 + 30 * MINUTE, now) is None
    assert lifecycle.check_update_time(later, T0 + 20 * MINUTE, now) == (
        "it is before the latest update (2026-03-04T09:30:00+00:00)"
    )


def test_an_update_may_be_five_minutes_ahead_of_the_clock_not_more() -> None:
    now = T0 + 60 * MINUTE
    assert lifecycle.check_update_time(incident(), now + 5 * MINUTE, now) is None
    late = now + 5 * MINUTE + timedelta(seconds=1)
    assert lifecycle.check_update_time(incident(), late, now) == (
        "it is more than 5 minutes in the future (now 2026-03-04T10:00:00+00:00)"
    )


def test_the_next_update_is_due_a_cadence_after_the_last_one_of_its_audience(
    config: Config,
) -> None:
    sev2 = level(config, "SEV-2")  # internal 15, stakeholders 60, public 30
    unsent = incident()
    assert lifecycle.next_update_due(unsent, sev2, "public") == T0 + 30 * MINUTE
    sent = incident(updates=(update(20, "public"), update(40, "internal"), update(5, "public")))
    assert lifecycle.next_update_due(sent, sev2, "public") == T0 + 50 * MINUTE
    assert lifecycle.next_update_due(sent, sev2, "internal") == T0 + 55 * MINUTE
    assert lifecycle.last_update(sent, "stakeholders") is None
    assert lifecycle.next_update_due(sent, level(config, "SEV-3"), "public") is None
    assert lifecycle.next_update_due(replace(sent, status="resolved"), sev2, "internal") is None


def test_acknowledgement_is_due_from_detection_in_minutes_or_business_days(
    config: Config,
) -> None:
    sev1 = level(config, "SEV-1")
    assert lifecycle.acknowledge_due(incident(), sev1) == T0 + 5 * MINUTE
    detected = incident(detected=T0 - 10 * MINUTE)
    assert lifecycle.acknowledge_due(detected, sev1) == T0 - 5 * MINUTE
    friday = datetime(2026, 3, 6, 17, 30, tzinfo=UTC)
    sev4 = level(config, "SEV-4")
    assert lifecycle.acknowledge_due(incident(declared=friday), sev4) == datetime(
        2026, 3, 9, 17, 30, tzinfo=UTC
    )
    none = SeverityLevel("SEV-X", "x", "none", {})
    assert lifecycle.acknowledge_due(incident(), none) is None


def test_major_roles_are_due_within_the_window_of_the_declaration_or_the_raise(
    config: Config,
) -> None:
    sev3 = incident(severity="SEV-3", roles=Roles())
    assert lifecycle.missing_roles(sev3, config) == lifecycle.MissingRoles(
        ("commander",), (), T0 + 30 * MINUTE
    )
    sev1 = incident(severity="SEV-1", roles=Roles(commander="A", scribe="B"))
    assert lifecycle.missing_roles(sev1, config) == lifecycle.MissingRoles(
        (), ("communications_lead", "operations_lead"), T0 + 30 * MINUTE
    )
    raised = replace(
        sev1,
        severity_changes=(
            SeverityChange(T0 + 50 * MINUTE, "SEV-2", "SEV-1", "worse"),  # required to required
            SeverityChange(T0 + 20 * MINUTE, "SEV-3", "SEV-2", "worse"),
        ),
    )
    assert lifecycle.missing_roles(raised, config).due == T0 + 50 * MINUTE
    lowered_first = replace(
        sev1, severity_changes=(SeverityChange(T0 - 10 * MINUTE, "SEV-4", "SEV-1", "x"),)
    )
    assert lifecycle.missing_roles(lowered_first, config).due == T0 + 30 * MINUTE
    assert lifecycle.needs_commander(level(config, "SEV-2"))
    assert not lifecycle.needs_commander(level(config, "SEV-3"))


def test_the_latest_time_is_the_latest_the_file_records() -> None:
    assert lifecycle.latest_time(incident()) == T0
    assert lifecycle.latest_time(incident(updates=(update(3), update(9), update(4)))) == (
        T0 + 9 * MINUTE
    )
    change = SeverityChange(T0 + 11 * MINUTE, "SEV-2", "SEV-1", "x")
    assert lifecycle.latest_time(incident(severity_changes=(change,))) == T0 + 11 * MINUTE
    for field in ("acknowledged", "mitigated", "resolved"):
        later = incident(**{field: T0 + 7 * MINUTE}, updates=(update(6),))
        assert lifecycle.latest_time(later) == T0 + 7 * MINUTE


def _kinds(found: list[lifecycle.Overdue]) -> list[tuple[str, str | None]]:
    return [(o.kind, o.audience) for o in found]


def test_an_update_is_overdue_after_its_due_time_not_at_it(config: Config) -> None:
    sev2 = level(config, "SEV-2")
    acknowledged = incident(acknowledged=T0)
    assert lifecycle.overdue(acknowledged, sev2, T0 + 15 * MINUTE) == []
    late = lifecycle.overdue(acknowledged, sev2, T0 + 15 * MINUTE + timedelta(seconds=1))
    assert late == [
        lifecycle.Overdue(
            "update",
            "internal update overdue since 2026-03-04 09:15 UTC (none yet; every 15 min for SEV-2)",
            T0 + 15 * MINUTE,
            "internal",
        )
    ]
    sent = replace(acknowledged, updates=(update(10),))
    assert lifecycle.overdue(sent, sev2, T0 + 26 * MINUTE)[0].message == (
        "internal update overdue since 2026-03-04 09:25 UTC (last at 2026-03-04 09:10 UTC; "
        "every 15 min for SEV-2)"
    )
    assert _kinds(lifecycle.overdue(acknowledged, sev2, T0 + 61 * MINUTE)) == [
        ("update", "internal"), ("update", "stakeholders"), ("update", "public"),
    ]  # fmt: skip


def test_acknowledgement_commander_and_roles_overdue(config: Config) -> None:
    sev2 = level(config, "SEV-2")
    bare = incident(roles=Roles(), updates=(update(14), update(14, "public")))
    at = T0 + 15 * MINUTE
    assert _kinds(lifecycle.overdue(bare, sev2, at)) == [("commander", None)]
    found = lifecycle.overdue(bare, sev2, at + timedelta(seconds=1), config=config)
    assert [(o.kind, o.message, o.due) for o in found] == [
        ("acknowledgement", "not acknowledged; due by 2026-03-04 09:15 UTC", at),
        ("commander", "no commander; SEV-2 needs one", None),
    ]
    on_time = lifecycle.overdue(bare, sev2, T0 + 30 * MINUTE, config=config)
    assert "roles" not in [o.kind for o in on_time]  # due by 09:30: not late at 09:30
    roles = lifecycle.overdue(bare, sev2, T0 + 30 * MINUTE + timedelta(seconds=1), config=config)
    assert roles[-1] == lifecycle.Overdue(
        "roles",
        "no communications lead, operations lead and scribe; due by 2026-03-04 09:30 UTC",
        T0 + 30 * MINUTE,
    )
    one = replace(bare, roles=Roles(commander="A", communications_lead="B", scribe="C"))
    assert lifecycle.overdue(one, sev2, T0 + 31 * MINUTE, config=config)[-1].message == (
        "no operations lead; due by 2026-03-04 09:30 UTC"
    )
    resolved = replace(bare, status="resolved")
    assert lifecycle.overdue(resolved, sev2, T0 + 31 * MINUTE, config=config) == []


def test_a_postmortem_is_overdue_the_day_after_its_due_day(config: Config) -> None:
    sev1 = level(config, "SEV-1")  # due five business days after resolution
    done = incident(severity="SEV-1", status="resolved", acknowledged=T0, resolved=T0)
    due = date(2026, 3, 11)
    assert lifecycle.postmortem_due(done, sev1) == due
    assert lifecycle.postmortem_due(done, level(config, "SEV-3")) is None
    on_the_day = datetime(2026, 3, 11, 23, 59, tzinfo=UTC)
    assert lifecycle.overdue(done, sev1, on_the_day) == []
    next_day = datetime(2026, 3, 12, 0, 1, tzinfo=UTC)
    assert lifecycle.overdue(done, sev1, next_day) == [
        lifecycle.Overdue(
            "postmortem",
            "postmortem overdue since 2026-03-11 (not written)",
            datetime(2026, 3, 11, tzinfo=UTC),
        )
    ]
    draft = Postmortem.from_front_matter(
        "postmortems/x.md",
        {"incident": done.id, "title": "x", "severity": "SEV-1", "status": "draft",
         "authors": ["A"]},
    )  # fmt: skip
    assert lifecycle.overdue(done, sev1, next_day, draft)[0].message == (
        "postmortem overdue since 2026-03-11 (draft)"
    )
    published = replace(draft, status="published")
    assert lifecycle.overdue(done, sev1, next_day, published) == []


@pytest.mark.parametrize(
    ("severity", "minimum", "period"),
    [
        ("SEV-1", 60, "60 minutes, or longer when remedies such as refunds are still running"),
        ("SEV-2", 60, "60 minutes"),
        ("SEV-3", 30, "30 minutes"),
    ],
)
def test_resolving_asks_for_the_monitoring_period_of_the_severity(
    config: Config, severity: str, minimum: int, period: str
) -> None:
    def held(minutes: int) -> str:
        watched = incident(
            severity=severity, mitigated=T0, resolved=T0 + minutes * MINUTE, status="resolved"
        )
        return resolution_checklist(watched, level(config, severity))[1]

    assert held(minimum).startswith(f"- [x] the mitigation held through monitoring: {period} (")
    assert held(minimum - 1).startswith(f"- [ ] the mitigation held through monitoring: {period}")


def test_a_sev4_is_monitored_until_its_fix_ships(config: Config) -> None:
    watched = incident(severity="SEV-4", mitigated=T0, resolved=T0 + 600 * MINUTE)
    assert resolution_checklist(watched, level(config, "SEV-4"))[1] == (
        "- [ ] the mitigation held through monitoring: until the follow-up fix ships, or one "
        "business day (monitored for 10h 00m)"
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Checkout errors in EU", "checkout-errors-in-eu"),
        ("one two three four five six seven", "one-two-three-four-five-six"),
        ("Zürich café: naïve résumé", "zurich-cafe-naive-resume"),
        ("abcdefghij-abcdefghij-abcdefghij-abcdefghij-xyz",
         "abcdefghij-abcdefghij-abcdefghij-abcdefg"),
        ("abcdefghij klmnopqrst uvwxyzabcd efghij klm", "abcdefghij-klmnopqrst-uvwxyzabcd-efghij"),
        ("🔥 !!!", "incident"),
    ],
)  # fmt: skip
def test_an_id_slug_is_at_most_six_ascii_words_and_forty_characters(
    title: str, expected: str
) -> None:
    assert lifecycle.slug(title) == expected


def test_a_minted_id_ends_in_four_random_hex_digits() -> None:
    minted = lifecycle.mint_id(date(2026, 3, 4), "Checkout errors", set())
    assert re.fullmatch(r"INC-2026-03-04-checkout-errors-[0-9a-f]{4}", minted), minted
    taken = {"INC-2026-03-04-checkout-errors-0a1b"}
    again = lifecycle.mint_id(date(2026, 3, 4), "Checkout errors", taken, "0a1b")
    assert again not in taken and re.fullmatch(r"INC-.*-[0-9a-f]{4}", again)
