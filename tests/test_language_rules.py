"""The IR6xx matchers on messages and sentences that must and must not be reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run

INCIDENT = """---
id: INC-2026-08-01-language
title: Checkout errors for EU customers
severity: SEV-2
status: {status}
services: [checkout]
customer_impact:
  scope: subset
  description: About 18% of EU checkout attempts failed.
detection_source: alert
declared: 2026-03-04T09:24:00+00:00
{mitigated}updates:
  - at: 2026-03-04T09:33:00+00:00
    status: {status}
    audience: {audience}
    message: {message}
---

## What's happening

Checkout fails for some EU customers.
"""


def _codes(run: Run, code: str, path: str) -> list[str]:
    result = run("lint", "--format", "json", "--select", code, path)
    return [finding["code"] for finding in json.loads(result.out)]


def _update(
    root: Path, message: str, status: str = "investigating", audience: str = "public"
) -> str:
    mitigated = "mitigated: 2026-03-04T09:30:00+00:00\n" if status == "monitoring" else ""
    text = INCIDENT.format(
        status=status, audience=audience, message=json.dumps(message), mitigated=mitigated
    )
    (root / "incidents" / "language.md").write_text(text)
    return "incidents/language.md"


UPDATES = [
    # (code, status, audience, reported, message)
    ("IR601", "inv", "pub", True, "We are experiencing intermittent problems with payments."),
    ("IR601", "inv", "pub", True, "Some users see a service disruption when they pay."),
    ("IR601", "inv", "stk", True, "Checkout is not working as expected."),
    ("IR601", "inv", "pub", False, "Some customers in Europe see an error when they order."),
    ("IR601", "inv", "int", False, "We are experiencing some issues with the build."),
    ("IR602", "inv", "pub", True, "Checkout fails, probably because of a provider."),
    ("IR602", "inv", "pub", True, "It looks like a network problem affects orders."),
    ("IR602", "inv", "pub", True, "We suspect a faulty release."),
    ("IR602", "inv", "pub", True, "The errors may be caused by a database problem."),
    (
        "IR602",
        "ide",
        "pub",
        False,
        "Failures are caused by an outage at one of our payment providers.",
    ),
    ("IR602", "mon", "pub", False, "You are likely to see the refund within 3 days."),
    ("IR602", "ide", "int", False, "We believe the cause is the 09:05 release."),
    ("IR603", "ide", "pub", True, "Checkout should be resolved soon."),
    ("IR603", "ide", "stk", True, "A fix will be deployed shortly."),
    ("IR603", "ide", "pub", True, "We will restore service as soon as possible."),
    ("IR603", "ide", "pub", True, "Checkout will work again in a few minutes."),
    ("IR603", "ide", "pub", False, "We will refund the discount as soon as the campaign ends."),
    ("IR603", "ide", "pub", False, "The revert takes about 10 minutes."),
    ("IR604", "ide", "pub", True, "Checkout is back up."),
    ("IR604", "inv", "pub", True, "Payments are working again for most customers."),
    ("IR604", "ide", "stk", True, "The problem has been fixed."),
    ("IR604", "ide", "pub", False, "We are rolling back the release and working on a fix."),
    ("IR604", "ide", "pub", False, "Orders without a promo code work normally."),
    ("IR604", "mon", "pub", False, "Checkout is back up since 09:59 UTC."),
    ("IR605", "inv", "pub", True, "We are investigating an incident."),
    ("IR605", "ide", "pub", True, "We are looking into it and will report back."),
    ("IR605", "inv", "pub", False, "Checkout in Europe fails for one attempt in five."),
    ("IR605", "inv", "pub", False, "Some customers cannot pay by card."),
    ("IR605", "inv", "stk", False, "We are investigating an incident."),
    ("IR606", "inv", "pub", True, "Some customers cannot pay. Next update soon."),
    ("IR606", "inv", "pub", True, "Some customers cannot pay. Next update by 10:00."),
    (
        "IR606",
        "inv",
        "pub",
        True,
        "Some customers cannot pay. Next update and fix at 10:00 and later.",
    ),
    ("IR606", "inv", "pub", False, "Some customers cannot pay. Next update by 10:00 UTC."),
    ("IR606", "ide", "stk", False, "Next stakeholder update by 12:30 CET."),
    ("IR606", "mon", "pub", False, "Next update when the incident is resolved, by 11:30 UTC."),
    ("IR606", "mon", "pub", False, "Next update by 10:30 UTC tomorrow, 22 May."),
    ("IR606", "res", "pub", False, "This incident is resolved."),
    ("IR607", "ide", "pub", True, "Release v5.2.0 of checkout fails."),
    ("IR607", "ide", "pub", True, "The 4.31.0 release is being rolled back."),
    ("IR607", "ide", "pub", True, "Tracked in CHK-1398."),
    ("IR607", "ide", "pub", True, "Requests to db-1.internal time out."),
    (
        "IR607",
        "ide",
        "pub",
        False,
        "This SEV-1 affects 3-D Secure payments between 09:12 and 09:59 UTC.",
    ),
    ("IR607", "ide", "pub", False, "1,137 orders, EUR 96,412, were charged twice over HTTP/2."),
    ("IR607", "ide", "stk", False, "Release v5.2.0 of checkout fails."),
]


STATUSES = {"inv": "investigating", "ide": "identified", "mon": "monitoring", "res": "resolved"}
AUDIENCES = {"pub": "public", "stk": "stakeholders", "int": "internal"}


@pytest.mark.parametrize(
    ("code", "status", "audience", "reported", "message"),
    UPDATES,
    ids=[f"{c}-{'bad' if r else 'ok'}-{a}-{m[:40]}" for c, _, a, r, m in UPDATES],
)
def test_update_words(
    handbook: Path, run: Run, code: str, status: str, audience: str, reported: bool, message: str
) -> None:
    path = _update(handbook, message, STATUSES[status], AUDIENCES[audience])
    assert _codes(run, code, path) == ([code] if reported else [])


POSTMORTEM = """---
incident: INC-2026-04-10-search-latency
title: Slow search results
severity: SEV-3
status: draft
authors: [Priya Raman]
reviewers: [Jonas Weber]
---

## Summary

Search was slow.

## {section}

{line}
"""

PROSE = [
    # (code, section, line, reported)
    ("IR608", "What went wrong", "Human error caused the outage.", True),
    ("IR608", "What went wrong", "The change was made carelessly.", True),
    ("IR608", "Root cause", "The on-call should have noticed the alert.", True),
    ("IR608", "Detection", "Someone ought to have seen it earlier.", True),
    ("IR608", "What went wrong", 'We no longer write "human error" as a cause.', False),
    ("IR608", "What went wrong", "The `careless_mode` flag was on.", False),
    ("IR608", "What went wrong", "> A customer wrote: this was careless.", False),
    ("IR608", "Lessons learned", "The runbook should have a section on failover.", False),
    ("IR608", "Lessons learned", "We should have rehearsed the failover.", False),
    ("IR608", "Action items", "We should add an alert; the on-call should have seen it.", False),
    ("IR608", "What went wrong", "The disk could have filled an hour earlier.", False),
    ("IR609", "Trigger", "The outage was caused by Jonas.", True),
    ("IR609", "Trigger", "Priya Raman failed to renew the certificate.", True),
    ("IR609", "Trigger", "It was Priya's mistake.", True),
    ("IR609", "Trigger", "Lukas forgot to turn the flag off.", True),
    ("IR609", "Trigger", "Priya Raman declared the incident at 14:05.", False),
    ("IR609", "Trigger", "We forgot nothing; the job failed to switch the alias.", False),
    ("IR609", "Trigger", "Cardinal failed to authorize payments.", False),
    ("IR609", "Trigger", "The outage was caused by Cardinal's certificate rotation.", False),
    ("IR609", "Action items", "Make sure Jonas forgot nothing.", False),
]


@pytest.mark.parametrize(
    ("code", "section", "line", "reported"),
    PROSE,
    ids=[f"{c}-{'bad' if r else 'ok'}-{s}-{line[:40]}" for c, s, line, r in PROSE],
)
def test_postmortem_words(
    handbook: Path, run: Run, code: str, section: str, line: str, reported: bool
) -> None:
    path = handbook / "postmortems" / "words.md"
    path.write_text(POSTMORTEM.format(section=section, line=line))
    assert _codes(run, code, "postmortems/words.md") == ([code] if reported else [])
