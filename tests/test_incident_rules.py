"""The IR2xx rules on incidents whose status, timestamps, roles and updates disagree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run

HEAD = """---
id: INC-2026-08-02-rules
title: Checkout errors for EU customers
severity: {severity}
status: {status}
services: [checkout]
customer_impact:
  scope: subset
  description: About 18% of EU checkout attempts failed.
detection_source: alert
declared: 2026-03-04T09:24:00+00:00
"""


def _update(at: str, status: str, audience: str = "public") -> str:
    return (
        f"  - at: 2026-03-04T{at}:00+00:00\n    status: {status}\n    audience: {audience}\n"
        "    message: Some customers in Europe cannot order. Next update by 11:00 UTC.\n"
    )


def _timestamps(**fields: str) -> str:
    return "".join(f"{name}: 2026-03-04T{at}:00+00:00\n" for name, at in fields.items())


ROLES = (
    "roles:\n  commander: Priya Raman\n  communications_lead: Tomás Ortega\n"
    "  operations_lead: Mei Lin\n  scribe: Jonas Weber\n"
)
CASES = {
    # id: (code, severity, status, extra front matter, expected findings)
    "resolved-needs-resolved-and-mitigated": ("IR202", "SEV-3", "resolved", "", ["IR202", "IR202"]),
    "monitoring-needs-mitigated": ("IR202", "SEV-3", "monitoring", "", ["IR202"]),
    "resolved-timestamp-open-status": (
        "IR202",
        "SEV-3",
        "monitoring",
        _timestamps(mitigated="09:50", resolved="10:50"),
        ["IR202"],
    ),
    "mitigated-while-identified": (
        "IR202",
        "SEV-3",
        "identified",
        _timestamps(mitigated="09:50"),
        ["IR202"],
    ),
    "investigating-without-timestamps": ("IR202", "SEV-3", "investigating", "", []),
    "no-updates-no-latest": ("IR203", "SEV-3", "investigating", "", []),
    "update-before-declared": (
        "IR204",
        "SEV-3",
        "investigating",
        "updates:\n" + _update("09:20", "investigating"),
        ["IR204"],
    ),
    "monitoring-before-mitigated": (
        "IR205",
        "SEV-3",
        "monitoring",
        _timestamps(mitigated="09:50") + "updates:\n" + _update("09:40", "monitoring"),
        ["IR205"],
    ),
    "monitoring-after-mitigated": (
        "IR205",
        "SEV-3",
        "monitoring",
        _timestamps(mitigated="09:50") + "updates:\n" + _update("09:55", "monitoring"),
        [],
    ),
    "sev1-without-roles": ("IR206", "SEV-1", "investigating", "", ["IR206"]),
    "sev2-all-roles": ("IR206", "SEV-2", "investigating", ROLES, []),
    "sev4-commander": ("IR206", "SEV-4", "investigating", "roles:\n  commander: Mei Lin\n", []),
    "resolved-sev2-never-public": (
        "IR207",
        "SEV-2",
        "resolved",
        _timestamps(mitigated="09:50", resolved="10:50")
        + "updates:\n"
        + _update("09:30", "investigating", "internal"),
        ["IR207"],
    ),
    "open-sev2-no-public-yet": ("IR207", "SEV-2", "investigating", "", []),
    "sev3-has-no-public-cadence": (
        "IR207",
        "SEV-3",
        "investigating",
        "updates:\n" + _update("10:30", "investigating"),
        [],
    ),
    "first-public-at-ten-minutes": (
        "IR207",
        "SEV-1",
        "investigating",
        "updates:\n" + _update("09:34", "investigating"),
        [],
    ),
}


@pytest.mark.parametrize(
    ("code", "severity", "status", "extra", "expected"), CASES.values(), ids=CASES.keys()
)
def test_incident_rule(
    handbook: Path,
    run: Run,
    code: str,
    severity: str,
    status: str,
    extra: str,
    expected: list[str],
) -> None:
    text = HEAD.format(severity=severity, status=status) + extra + "---\n\nBody.\n"
    (handbook / "incidents" / "rules.md").write_text(text)
    result = run("lint", "--format", "json", "--select", code, "incidents/rules.md")
    assert [finding["code"] for finding in json.loads(result.out)] == expected, result.out
