"""IR503 and IR504 in the linter: the postmortem policy of ``postmortem_policy``, checked over the
handbook the lint engine reads (validate checks it in ``handbook.load``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from irdocs.clock import today
from irdocs.documents import frontmatter, postmortem_policy
from irdocs.documents.handbook import Handbook
from irdocs.documents.problem import DocumentProblem
from irdocs.finding import Finding
from irdocs.lint.registry import handbook_rule

_UNKNOWN = (1, 1)  # looked up only for the few documents a finding is about


@handbook_rule("IR503", "postmortem-missing")
def postmortem_missing(handbook: Handbook) -> Iterator[Finding]:
    """A required postmortem does not exist after its due date."""
    return (f for f in _policy(handbook) if f.code == "IR503")


@handbook_rule("IR504", "postmortem-late")
def postmortem_late(handbook: Handbook) -> Iterator[Finding]:
    """A required postmortem is not published after its due date."""
    return (f for f in _policy(handbook) if f.code == "IR504")


def _policy(handbook: Handbook) -> Iterator[Finding]:
    config = handbook.config
    facts = [
        postmortem_policy.Facts(
            "incident",
            incident.path,
            incident.id,
            incident.status,
            postmortem_policy.reported_at(incident),
            _UNKNOWN,
            incident.severity,
            incident.resolved,
        )
        for incident in handbook.incidents.values()
        if postmortem_policy.due(config, incident.severity, incident.resolved) is not None
    ]
    facts += [
        postmortem_policy.Facts("postmortem", p.path, p.incident, p.status, "status", _UNKNOWN)
        for p in handbook.postmortems.values()
    ]
    written = set(handbook.postmortems)
    for finding in postmortem_policy.check(config, facts, written, today()):
        yield _placed(finding)


def _placed(finding: Finding) -> Finding:
    """The finding at the line and column of the field its message names."""
    field = finding.message.split(":", 1)[0]
    try:
        line, column = frontmatter.read(Path(finding.path)).position((field,))
    except (DocumentProblem, OSError):
        return finding
    return replace(finding, line=line, column=column)
