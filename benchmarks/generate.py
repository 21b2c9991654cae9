"""Write a synthetic handbook of N documents: 60% incidents, 20% postmortems, 20% runbooks.

Usage: python benchmarks/generate.py N DIR [--incidents-only]
The documents are valid and shaped like real ones (timelines, action items, Markdown bodies), so
timings reflect real work. The same N gives the same handbook. With --incidents-only: N
realistic incidents (every role, five-update timelines with folded messages, about 60 lines of
YAML each) and the five runbooks they name.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from irdocs.config import load

SERVICES = ("checkout", "payments", "search", "catalog", "accounts")
SEVERITIES = ("SEV-1", "SEV-2", "SEV-3", "SEV-4")
STATUSES = ("investigating", "identified", "monitoring", "resolved")
BODY = """
## What's happening

Error rate on {service} rose to {rate}% after deploy {deploy}. Requests time out at the gateway.

## Who's affected

Customers using {service} in {region}; roughly {share}% of sessions.

## What changed recently

- Deploy {deploy} of {service} at {at}.
- Config change to connection pools the day before.

## Debugging log

1. Hypothesis: the deploy changed pool sizes. Evidence for: errors began at rollout.
   Test: roll back one canary pod. Result: errors stop on that pod.
2. Hypothesis: database saturation. Evidence against: DB CPU at 35%.
"""


def _ts(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def incident(
    number: int, rng: random.Random, runbook_ids: list[str], *, postmortem: bool
) -> tuple[str, str]:
    start = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(10**6))
    service = rng.choice(SERVICES)
    ident = f"INC-{start:%Y-%m-%d}-{service}-{number}"
    steps = [start + timedelta(minutes=m) for m in sorted(rng.sample(range(1, 600), 6))]
    updates = "".join(
        f"  - at: {_ts(steps[1] + timedelta(minutes=10 * i))}\n"
        f"    status: {STATUSES[min(i // 2, 3)]}\n"
        f"    audience: {('internal', 'stakeholders', 'public')[i % 3]}\n"
        f"    message: Update {i} on {service} - errors at {rng.randrange(1, 40)}% and falling; "
        f"next update in 30 minutes.\n"
        for i in range(6)
    )
    severity = rng.choice(SEVERITIES)
    if not postmortem:  # SEV-1 and SEV-2 require a postmortem (IR503): these become SEV-3, SEV-4
        severity = {"SEV-1": "SEV-3", "SEV-2": "SEV-4"}.get(severity, severity)
    text = (
        f"---\nid: {ident}\ntitle: Elevated errors on {service} ({number})\n"
        f"severity: {severity}\nstatus: resolved\nservices: [{service}]\n"
        f"customer_impact:\n  scope: subset\n  description: About {rng.randrange(1, 60)}% of "
        f"{service} requests failed.\ndetection_source: alert\n"
        f"roles:\n  commander: Person {number % 50}\n  scribe: Person {(number + 7) % 50}\n"
        f"impact_started: {_ts(start)}\ndetected: {_ts(steps[0])}\nacknowledged: {_ts(steps[1])}\n"
        f"declared: {_ts(steps[1])}\nmitigated: {_ts(steps[4] + timedelta(hours=1))}\n"
        f"resolved: {_ts(steps[5] + timedelta(hours=2))}\nmitigations: [rollback]\n"
        f"runbooks: [{rng.choice(runbook_ids)}]\nupdates:\n{updates}---\n"
        + BODY.format(
            service=service,
            rate=rng.randrange(2, 50),
            deploy=f"v{number}.0",
            region="eu-west-1",
            share=rng.randrange(1, 30),
            at=_ts(start),
        )
    )
    return ident, text


def realistic_incident(number: int, rng: random.Random) -> tuple[str, str]:
    """An incident as a team writes it during an outage: every role, five updates."""
    start = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(10**6))
    service, other = rng.sample(SERVICES, 2)
    ident = f"INC-{start:%Y-%m-%d}-{service}-{number}"
    detected, acknowledged, mitigated, resolved = (
        start + timedelta(minutes=m) for m in (7, 11, 95, 160)
    )
    statuses = ("investigating", "identified", "identified", "monitoring", "resolved")
    audiences = ("internal", "public", "stakeholders", "public", "public")
    updates = "".join(
        f"  - at: {_ts(acknowledged + timedelta(minutes=20 * i + 4))}\n"
        f"    status: {statuses[i]}\n    audience: {audiences[i]}\n    message: >-\n"
        f"      Checkout requests for {service} fail for about {rng.randrange(2, 40)}%\n"
        f"      of customers in eu-west-1; we are working on it. Next update by\n"
        f"      {(acknowledged + timedelta(minutes=20 * i + 34)):%H:%M} UTC.\n"
        for i in range(5)
    )
    text = (
        f"---\nid: {ident}\ntitle: Checkout errors on {service} in eu-west-1 ({number})\n"
        f"severity: {rng.choice(('SEV-3', 'SEV-4'))}\nstatus: resolved\n"
        f"services:\n  - {service}\n  - {other}\n"
        f"customer_impact:\n  scope: subset\n  description: >-\n"
        f"    About {rng.randrange(1, 60)}% of {service} requests in eu-west-1 failed with 503.\n"
        f"detection_source: alert\n"
        f"roles:\n  commander: Person {number % 50}\n"
        f"  communications_lead: Person {(number + 3) % 50}\n"
        f"  operations_lead: Person {(number + 5) % 50}\n  scribe: Person {(number + 7) % 50}\n"
        f"  experts:\n    - Person {(number + 11) % 50}\n    - Person {(number + 13) % 50}\n"
        f"impact_started: {_ts(start)}\ndetected: {_ts(detected)}\n"
        f"acknowledged: {_ts(acknowledged)}\ndeclared: {_ts(acknowledged)}\n"
        f"mitigated: {_ts(mitigated)}\nresolved: {_ts(resolved)}\n"
        f"mitigations:\n  - rollback\n  - scale-up\nrunbooks:\n  - {service}/runbook-0\n"
        f"updates:\n{updates}---\n"
        + BODY.format(
            service=service,
            rate=rng.randrange(2, 50),
            deploy=f"v{number}.0",
            region="eu-west-1",
            share=rng.randrange(1, 30),
            at=_ts(start),
        )
    )
    return ident, text


def generate_incidents(count: int, root: Path) -> None:
    """``count`` realistic incidents and the runbooks they name."""
    rng = random.Random(count)
    for service in SERVICES:
        path = root / "runbooks" / service / "runbook-0.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(runbook(f"{service}/runbook-0", service))
    (root / "incidents").mkdir(parents=True, exist_ok=True)
    for number in range(count):
        ident, text = realistic_incident(number, rng)
        (root / "incidents" / f"{ident}.md").write_text(text)
    (root / "irdocs.toml").write_text(f"services = {list(SERVICES)!r}\n".replace("'", '"'))


def postmortem(ident: str, rng: random.Random) -> str:
    items = "".join(
        f"  - id: AI-{i}\n    title: Follow-up {i} for {ident}\n    owner: Person {i}\n"
        f"    due: 2026-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}\n    priority: P{i % 4}\n"
        f"    type: prevent\n    status: open\n"
        for i in range(1, 4)
    )
    sections = "".join(
        f"\n## {name}\n\nWritten text for {name.lower()}.\n"
        for name in load(None, {}, root=Path.cwd()).lint.sections_for("SEV-1")
    )
    return (
        f"---\nincident: {ident}\ntitle: Postmortem of {ident}\nseverity: SEV-2\n"
        f"status: published\nauthors: [Person 1]\nreviewers: [Person 2]\n"
        f"action_items:\n{items}---\n{sections}"
    )


def runbook(ident: str, service: str) -> str:
    sections = "".join(
        f"\n## {name}\n\nSteps for {name.lower()}.\n\n```bash\nkubectl -n {service} get pods\n```\n"
        for name in load(None, {}, root=Path.cwd()).lint.sections_for("SEV-1")
    )
    return (
        f"---\nid: {ident}\ntitle: Runbook {ident}\nservice: {service}\nowner: team-{service}\n"
        f"escalation:\n  - who: {service} on-call\n    how: PagerDuty\n"
        f"alerts: [{service.title()}Errors]\nlast_reviewed: 2026-09-01\nreview_every: 180\n"
        f"---\n{sections}"
    )


def generate(count: int, root: Path) -> None:
    rng = random.Random(count)
    runbooks = max(1, count // 5)
    postmortems = count // 5
    runbook_ids = [f"{SERVICES[i % len(SERVICES)]}/runbook-{i}" for i in range(runbooks)]
    for ident in runbook_ids:
        path = root / "runbooks" / f"{ident}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(runbook(ident, ident.split("/")[0]))
    (root / "incidents").mkdir(parents=True, exist_ok=True)
    (root / "postmortems").mkdir(parents=True, exist_ok=True)
    for number in range(count - runbooks - postmortems):
        ident, text = incident(number, rng, runbook_ids, postmortem=number < postmortems)
        (root / "incidents" / f"{ident}.md").write_text(text)
        if number < postmortems:
            (root / "postmortems" / f"{ident}.md").write_text(postmortem(ident, rng))
    (root / "irdocs.toml").write_text(f"services = {list(SERVICES)!r}\n".replace("'", '"'))


if __name__ == "__main__":
    if "--incidents-only" in sys.argv[3:]:
        generate_incidents(int(sys.argv[1]), Path(sys.argv[2]))
    else:
        generate(int(sys.argv[1]), Path(sys.argv[2]))
