"""IR3xx: postmortems — required sections, empty sections and placeholders, five whys, the
timeline against the incident, quantified impact, the incident's severity."""

from __future__ import annotations

import re
from collections.abc import Iterator

from irdocs.documents.model import Incident, Postmortem
from irdocs.finding import Finding
from irdocs.lint import timeline
from irdocs.lint.document import LintDocument, Section
from irdocs.lint.placeholders import find_placeholders
from irdocs.lint.registry import document_rule

MIN_WHYS = 3
"""Five whys, at least three deep, for the severities that require a postmortem."""
_WHY_LINE = re.compile(r"^\s{0,3}(?:[-*+]\s+|\d{1,2}[.)]\s+)?(?:\*\*|_)?why\b", re.I)
_NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundred|hundreds|thousand|thousands|million|millions|half|third|quarter|dozen)\b",
    re.I,
)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _postmortem(document: LintDocument) -> Postmortem | None:
    return document.record if isinstance(document.record, Postmortem) else None


def _required(document: LintDocument, postmortem: Postmortem) -> bool:
    """Whether the postmortem's severity is one that requires a postmortem (SEV-1, SEV-2)."""
    level = next((s for s in document.config.severities if s.name == postmortem.severity), None)
    return level is not None and level.postmortem == "required"


def unfinished(section: Section) -> bool:
    """Empty, or still holding a placeholder: the rules that read a section's content wait
    until IR302 and IR303 are satisfied, so a fresh draft reports only what is left to write."""
    return section.empty or next(find_placeholders(section.text), None) is not None


@document_rule("IR301", "postmortem-missing-section", "postmortem")
def postmortem_missing_section(document: LintDocument) -> Iterator[Finding]:
    """A section the postmortem's severity requires is missing."""
    postmortem = _postmortem(document)
    if postmortem is None:
        return
    required = document.config.lint.sections_for(postmortem.severity)
    last = document.body_line + len(document.body.splitlines()) - 1
    for position, title in enumerate(required):
        if document.section(title) is not None:
            continue
        following = (document.section(later) for later in required[position + 1 :])
        before = next((s for s in following if s is not None), None)
        where = f"before '## {before.title}'" if before else "at the end"
        yield document.finding(
            "IR301",
            f"missing section '## {title}', required for {postmortem.severity}; add it {where}",
            line=before.line if before else max(last, 1),
        )


@document_rule("IR302", "postmortem-empty-section", "postmortem")
def postmortem_empty_section(document: LintDocument) -> Iterator[Finding]:
    """A section has a heading and nothing under it."""
    for section in document.sections:
        if section.level == 2 and section.empty:
            yield document.finding(
                "IR302",
                f"section '{section.title}' is empty; write it, or remove the heading if the "
                "section is not required",
                line=section.line,
            )


@document_rule("IR303", "postmortem-placeholder", "postmortem")
def postmortem_placeholder(document: LintDocument) -> Iterator[Finding]:
    """A section still holds template text: TODO, TBD, [Name], HH:MM, <placeholder>."""
    for section in document.sections:
        if section.level != 2:
            continue
        found = next(find_placeholders(section.text), None)
        if found is not None:
            offset, column, text = found
            yield document.finding(
                "IR303",
                f"section '{section.title}' still has the placeholder '{text}'; replace it "
                "with what happened",
                line=section.line + 1 + offset,
                column=column,
            )


@document_rule("IR304", "whys-too-shallow", "postmortem")
def whys_too_shallow(document: LintDocument) -> Iterator[Finding]:
    """The root cause of a SEV-1 or SEV-2 postmortem asks "why" fewer than three times."""
    postmortem = _postmortem(document)
    section = document.section("Root cause")
    if postmortem is None or section is None or unfinished(section):
        return
    if not _required(document, postmortem):
        return
    depth = max(_list_items(document, section), _why_lines(section))
    if depth < MIN_WHYS:
        yield document.finding(
            "IR304",
            f"the root cause goes {depth} why{'s' if depth != 1 else ''} deep; a "
            f"{postmortem.severity} postmortem asks why at least {MIN_WHYS} times, as a "
            "numbered list ('1. Why did …? Because …')",
            line=section.line,
        )


def _list_items(document: LintDocument, section: Section) -> int:
    """Items of the longest top-level ordered list in ``section``."""
    longest, count, depth = 0, 0, 0
    for token in document.tokens:
        if token.map is None or not section.line < document.body_line + token.map[0]:
            continue
        if document.body_line + token.map[0] >= section.end_line:
            break
        if token.type in ("ordered_list_open", "bullet_list_open"):
            depth += 1
            if depth == 1 and token.type == "ordered_list_open":
                count = 0
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            depth -= 1
        elif token.type == "list_item_open" and depth == 1 and token.markup in (".", ")"):
            count += 1
            longest = max(longest, count)
    return longest


def _why_lines(section: Section) -> int:
    return sum(1 for line in _COMMENT.sub("", section.text).splitlines() if _WHY_LINE.match(line))


@document_rule("IR305", "timeline-contradicts-incident", "postmortem", handbook=True)
def timeline_contradicts_incident(document: LintDocument) -> Iterator[Finding]:
    """The Timeline puts a milestone at another time than the incident record, or starts after
    detection."""
    postmortem = _postmortem(document)
    section = document.section("Timeline")
    if postmortem is None or section is None or document.handbook is None:
        return
    incident = document.handbook.incidents.get(postmortem.incident)
    if incident is None or unfinished(section):
        return
    for problem in timeline.contradictions(section, incident):
        yield document.finding("IR305", problem.message, line=problem.line, column=problem.column)


@document_rule("IR306", "impact-not-quantified", "postmortem")
def impact_not_quantified(document: LintDocument) -> Iterator[Finding]:
    """The Impact section has no number: users, orders, percentages, minutes or money."""
    section = document.section("Impact")
    if _postmortem(document) is None or section is None or unfinished(section):
        return
    if not _NUMBER.search(_COMMENT.sub("", section.text)):
        yield document.finding(
            "IR306",
            "the impact has no number; say how many users or orders, what share of requests, "
            "for how many minutes, and how much money",
            line=section.line,
        )


@document_rule("IR307", "severity-differs-from-incident", "postmortem", handbook=True)
def severity_differs_from_incident(document: LintDocument) -> Iterator[Finding]:
    """The postmortem's severity is not the incident's."""
    postmortem = _postmortem(document)
    if postmortem is None or document.handbook is None:
        return
    incident: Incident | None = document.handbook.incidents.get(postmortem.incident)
    if incident is not None and incident.severity != postmortem.severity:
        yield document.finding(
            "IR307",
            f"severity is {postmortem.severity} but incident {incident.id} is "
            f"{incident.severity}; use the incident's severity, the highest it reached",
            at=("severity",),
        )
