"""IR6xx: language — status updates that break the communication playbook
(docs/process/communication.md), and blameful wording in postmortems (lifecycle.md: postmortems
are blameless)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from irdocs.documents.model import Incident, Postmortem, Update
from irdocs.finding import Finding
from irdocs.lint.document import LintDocument
from irdocs.lint.registry import document_rule

# --- Word lists: (pattern, why it breaks the playbook). Patterns are case-insensitive. ---------

VAGUE = (
    (
        r"\bexperiencing (?:some |minor |technical |intermittent )?"
        r"(?:issues|problems|difficulties)\b",
        "says nothing about what fails or for whom",
    ),
    (
        r"\b(?:some|minor|technical|intermittent|unexpected) (?:issues|problems|difficulties)\b",
        "names no symptom; the playbook's own example of a vague phrase",
    ),
    (r"\b(?:service|performance) (?:disruption|degradation)s?\b", "a category, not a symptom"),
    (r"\bdegraded performance\b", "a category, not a symptom"),
    (r"\bnot working as expected\b", "does not say what customers see"),
)
"""communication.md, Don't: vague phrases such as "experiencing some issues" or "intermittent
problems"; say what fails and for whom."""

SPECULATION = (
    (r"\bprobably\b", "a guess about the cause"),
    (r"\bpossibly\b", "a guess about the cause"),
    (r"\b(?:most )?likely (?:caused|due|related|because|the cause)\b", "a guess about the cause"),
    (r"\bwe (?:believe|think|suspect|assume)\b", "a belief is not a confirmed cause"),
    (r"\bit (?:looks|seems|appears) (?:like|that|to be)\b", "the playbook's own example"),
    (r"\b(?:seems|appears) to be (?:caused|due|related)\b", "a guess about the cause"),
    (r"\b(?:may|might|could) (?:be|have been) (?:caused|due|related)\b", "a guess about the cause"),
    (r"\b(?:presumably|apparently)\b", "a guess presented as news"),
)
"""communication.md, Don't: speculate on the cause in public — no "probably", no "we believe the
cause is", no "it looks like"."""

VAGUE_ETA = (
    (r"\bsoon\b(?! as\b)", "promises a time nobody can hold anyone to"),
    (r"\bshortly\b", "promises a time nobody can hold anyone to"),
    (r"\bas soon as possible\b", "promises nothing"),
    (r"\bany (?:minute|moment) now\b", "a promise that cannot be kept"),
    (r"\bin (?:a|the next) (?:few|couple of) (?:minutes|hours)\b", "an ETA without a time"),
)
"""communication.md, Don't: never write "should be resolved soon" or promise a time you cannot
keep; without an ETA, say when the next update comes."""

RECOVERED = (
    (r"\bback up\b", "claims recovery"),
    (r"\bback online\b", "claims recovery"),
    (r"\bup and running\b", "claims recovery"),
    (r"\bworking (?:normally |fine )?again\b", "claims recovery"),
    (r"\bback to normal\b", "claims recovery"),
    (r"\b(?:is|are|has been|have been) (?:now )?(?:fixed|resolved|restored)\b", "claims a fix"),
)
"""communication.md, Don't: say a service is "back up" or "working again" before the status is
monitoring."""

SCOPE = (
    r"\b(?:customers?|users?|you|your|shoppers?|buyers?|members?|merchants?|sellers?|partners?|"
    r"orders?|payments?|checkout|basket|cart|search|login|sign-in|accounts?|app|website|site|"
    r"store|storefronts?|pages?|e-mails?|emails?|refunds?|deliver(?:y|ies))\b"
)
"""Words that say who is affected or what they cannot do; the incident's services count too.
communication.md: every public update states the scope of impact."""

NEXT_UPDATE = re.compile(
    r"(?i:\bupdate\b[^.;]{0,80}?\b(?:by|at|before|around))\s+\d{1,2}:\d{2}\s*"
    r"(?:UTC|GMT|Z|[A-Z]{2,4}T?|[+-]\d{2}:?\d{2})\b"
)
"""communication.md: every non-final update promises the next one by a clock time with the time
zone ("Next update by 10:20 UTC")."""

INTERNAL_DETAILS = (
    (r"\bv\d+(?:\.\d+)+\b|\b\d+\.\d+\.\d+\b", "a version number"),
    (r"\b[A-Z][A-Z0-9]{1,9}-\d{2,}\b", "a ticket number"),
    (r"\b(?:\d{1,3}\.){3}\d{1,3}\b", "an IP address"),
    (r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:internal|local|lan|corp|svc)\b", "a hostname"),
)
"""communication.md, Don't: share internal details in public — version numbers, hostnames,
ticket numbers."""

_JUDGES = "judges a person; describe the decision and what was known when it was made"
BLAMEFUL = (
    (r"\bhuman errors?\b", "makes a person the cause; say which safeguard was missing"),
    (r"\bcareless(?:ly|ness)?\b", _JUDGES),
    (r"\bnegligen(?:t|ce)\b", _JUDGES),
    (r"\bsloppy\b", _JUDGES),
    (r"\bincompeten(?:t|ce)\b", _JUDGES),
    (r"\breckless(?:ly)?\b", _JUDGES),
    (r"\b(?:lazy|stupid|dumb)\b", _JUDGES),
    (
        r"\b(?:at fault|to blame|(?:his|her|their|whose) fault)\b",
        "assigns blame; describe what the system let happen",
    ),
)
"""lifecycle.md: postmortems are blameless; they describe systems, processes and decisions with
the information available at the time, never a person as the cause."""

HINDSIGHT = (
    r"\b(?:should|ought to)(?:n't| not)? have (?:been |had )?"
    r"(?:[a-z]+(?:ed|en|wn)|done|seen|known|caught|run|gone|made|put|set|kept|left|told|sent|"
    r"built|found|held|paid|read|said|noticed|spotted|thought|taught|brought|understood)\b"
)
"""Hindsight ("X should have checked") judges a decision with what was learned later. It is
blameful in the narrative; "should have a section" (possession) and "we should add an alert"
(an action) are not matched."""
HINDSIGHT_ALLOWED_IN = ("action items", "lessons learned")
"""Sections that look forward, where "should" states what to do rather than judging the past."""

CAUSE_VERBS = (
    r"(?:forgot|failed to|didn't|did not|neglected|broke|missed|overlooked|ignored|"
    r"should have|mistakenly|accidentally|wrongly|messed up|made (?:a|an) (?:mistake|error))"
)
"""What a sentence says a person did when it makes them the cause."""
GENERIC_BLAME_VERBS = r"(?:forgot|neglected|messed up)"
"""Verbs blameful whoever the capitalised subject is (a first name the front matter does not
list)."""
NOT_NAMES = frozenset(
    re.findall(
        r"\w+",
        "We I You He She It They Nobody Someone Everyone Everybody No One The This That These "
        "Those Our Their His Her Who Which What When Then And But So Also Finally Nothing",
    )
)
"""Capitalised words that start sentences and are not people."""

_AUDIENCES_PUBLIC = ("public",)
_AUDIENCES_OUTSIDE = ("public", "stakeholders")


# --- Status updates --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Hit:
    index: int
    words: str
    why: str


def _updates(document: LintDocument, audiences: Iterable[str]) -> Iterator[tuple[int, Update]]:
    incident = document.record
    if isinstance(incident, Incident):
        yield from (
            (i, u) for i, u in enumerate(incident.updates) if u.audience in tuple(audiences)
        )


def _hits(
    document: LintDocument, audiences: Iterable[str], patterns: Iterable[tuple[str, str]]
) -> Iterator[tuple[int, Update, str, str]]:
    """The first match of any pattern in each update of ``audiences``."""
    compiled = [(re.compile(p, re.I), why) for p, why in patterns]
    for index, update in _updates(document, audiences):
        for pattern, why in compiled:
            match = pattern.search(update.message)
            if match:
                yield index, update, match.group(), why
                break


def _at_words(document: LintDocument, code: str, index: int, words: str, message: str) -> Finding:
    """A finding at ``words`` inside ``updates[index].message``, found in the file's text even
    when a folded scalar wraps them over lines."""
    line, column = document.front_matter.position(("updates", index, "message"))
    text = document.file.read_text(encoding="utf-8-sig")
    lines = text.splitlines(keepends=True)
    start = sum(len(lines[n]) for n in range(min(line - 1, len(lines)))) + column - 1
    phrase = r"\s+".join(re.escape(word) for word in words.split())
    match = re.compile(phrase, re.I).search(text, start, start + 4 * 1024)
    if match is not None:
        before = text[: match.start()]
        line = before.count("\n") + 1
        column = match.start() - before.rfind("\n")
    return document.finding(code, message, line=line, column=column)


@document_rule("IR601", "update-vague", "incident")
def update_vague(document: LintDocument) -> Iterator[Finding]:
    """A public or stakeholder update describes the problem in vague words."""
    for index, _, words, why in _hits(document, _AUDIENCES_OUTSIDE, VAGUE):
        yield _at_words(
            document,
            "IR601",
            index,
            words,
            f"'{words}' {why}; say what fails and for whom ('Some customers in Europe see an "
            "error when they place an order')",
        )


@document_rule("IR602", "update-speculates", "incident")
def update_speculates(document: LintDocument) -> Iterator[Finding]:
    """A public update speculates on the cause."""
    for index, _, words, why in _hits(document, _AUDIENCES_PUBLIC, SPECULATION):
        yield _at_words(
            document,
            "IR602",
            index,
            words,
            f"'{words}': {why}; until the cause is confirmed, say what customers see and what "
            "we are doing",
        )


@document_rule("IR603", "update-vague-eta", "incident")
def update_vague_eta(document: LintDocument) -> Iterator[Finding]:
    """A public or stakeholder update promises a fix "soon" instead of a time."""
    for index, _, words, why in _hits(document, _AUDIENCES_OUTSIDE, VAGUE_ETA):
        yield _at_words(
            document,
            "IR603",
            index,
            words,
            f"'{words}' {why}; give an ETA only when known, and otherwise say when the next "
            "update comes",
        )


@document_rule("IR604", "update-premature-recovery", "incident")
def update_premature_recovery(document: LintDocument) -> Iterator[Finding]:
    """An update says the service is back before the status is monitoring."""
    for index, update, words, _ in _hits(document, _AUDIENCES_OUTSIDE, RECOVERED):
        if update.status in ("investigating", "identified"):
            yield _at_words(
                document,
                "IR604",
                index,
                words,
                f"'{words}' while the status is {update.status}; say it once a mitigation has "
                "stopped the impact and the status is monitoring",
            )


@document_rule("IR605", "update-no-scope", "incident")
def update_no_scope(document: LintDocument) -> Iterator[Finding]:
    """A public update does not say who is affected or what they cannot do."""
    incident = document.record
    if not isinstance(incident, Incident):
        return
    services = "|".join(re.escape(service) for service in incident.services)
    scope = re.compile(SCOPE + (rf"|\b(?:{services})\b" if services else ""), re.I)
    for index, update in _updates(document, _AUDIENCES_PUBLIC):
        if not scope.search(update.message):
            yield document.finding(
                "IR605",
                "the update does not say who is affected or what they cannot do; state the "
                "scope ('Customers paying by card in Europe see their payment declined')",
                at=("updates", index, "message"),
            )


@document_rule("IR606", "update-no-next-update", "incident")
def update_no_next_update(document: LintDocument) -> Iterator[Finding]:
    """A public or stakeholder update before resolution does not say when the next one comes."""
    for index, update in _updates(document, _AUDIENCES_OUTSIDE):
        if update.status != "resolved" and not NEXT_UPDATE.search(update.message):
            yield document.finding(
                "IR606",
                "the update does not say when the next one comes; end it with a clock time and "
                "its zone ('Next update by 10:20 UTC')",
                at=("updates", index, "message"),
            )


@document_rule("IR607", "update-internal-details", "incident")
def update_internal_details(document: LintDocument) -> Iterator[Finding]:
    """A public update shares internal details: versions, ticket numbers, hostnames."""
    severities = {name.upper() for name in document.config.severity_names}
    for index, update in _updates(document, _AUDIENCES_PUBLIC):
        for pattern, what in INTERNAL_DETAILS:
            match = next(
                (
                    m
                    for m in re.finditer(pattern, update.message)
                    if m.group().upper() not in severities
                ),
                None,
            )
            if match:
                yield _at_words(
                    document,
                    "IR607",
                    index,
                    match.group(),
                    f"'{match.group()}' is {what}; public updates describe what customers see, "
                    "not our systems",
                )
                break


# --- Postmortems -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Prose:
    line: int
    """File line."""
    text: str
    """The line with code, comments and quotations blanked out (columns kept)."""
    section: str
    """Title of the level-2 section it is in, case-folded; empty before the first heading."""


_QUOTED = re.compile(r"`+[^`\n]*`+|\"[^\"\n]*\"|“[^”\n]*”|(?<!\w)'[^'\n]+'(?!\w)")
_COMMENTS = re.compile(r"<!--.*?-->", re.S)


def _prose(document: LintDocument) -> Iterator[_Prose]:
    """The body's lines that are the authors' own words: not code, comments or quotations."""
    blank = lambda match: re.sub(r"[^\n]", " ", match.group())  # noqa: E731
    body = _COMMENTS.sub(blank, document.body)
    code = {
        document.body_line + n
        for token in document.tokens
        if token.type in ("fence", "code_block") and token.map is not None
        for n in range(token.map[0], token.map[1])
    }
    titles = [(s.line, s.title.casefold()) for s in document.sections if s.level == 2]
    for offset, line in enumerate(body.splitlines()):
        number = document.body_line + offset
        if number in code or line.lstrip().startswith(">"):
            continue
        section = next((t for at, t in reversed(titles) if at <= number), "")
        yield _Prose(number, _QUOTED.sub(blank, line), section)


@document_rule("IR608", "blameful-language", "postmortem")
def blameful_language(document: LintDocument) -> Iterator[Finding]:
    """The postmortem judges people: "human error", "careless", hindsight's "should have"."""
    if not isinstance(document.record, Postmortem):
        return
    patterns = [(re.compile(p, re.I), why) for p, why in BLAMEFUL]
    hindsight = re.compile(HINDSIGHT, re.I)
    for prose in _prose(document):
        if prose.section == "action items":
            continue
        for pattern, why in patterns:
            for match in pattern.finditer(prose.text):
                yield document.finding(
                    "IR608",
                    f"'{match.group()}' {why}",
                    line=prose.line,
                    column=match.start() + 1,
                )
        if prose.section not in HINDSIGHT_ALLOWED_IN:
            for match in hindsight.finditer(prose.text):
                yield document.finding(
                    "IR608",
                    f"'{match.group()}' is hindsight; say what was known at the time and what "
                    "would have made the right action easy",
                    line=prose.line,
                    column=match.start() + 1,
                )


@document_rule("IR609", "person-as-cause", "postmortem", handbook=True)
def person_as_cause(document: LintDocument) -> Iterator[Finding]:
    """The postmortem names a person as the cause: "caused by Jonas", "Mei forgot to …"."""
    postmortem = document.record
    if not isinstance(postmortem, Postmortem):
        return
    pattern = _cause_pattern(_people(document, postmortem))
    for prose in _prose(document):
        if prose.section == "action items":
            continue
        for match in pattern.finditer(prose.text):
            name = next(value for value in match.groupdict().values() if value)
            if name in NOT_NAMES:
                continue
            yield document.finding(
                "IR609",
                f"'{match.group()}' makes {name} the cause; describe what the system let happen "
                "and why the action made sense at the time",
                line=prose.line,
                column=match.start() + 1,
            )


def _people(document: LintDocument, postmortem: Postmortem) -> set[str]:
    names = {*postmortem.authors, *postmortem.reviewers}
    names |= {item.owner for item in postmortem.action_items if item.owner}
    incident = document.handbook.incidents.get(postmortem.incident) if document.handbook else None
    if incident is not None:
        roles = incident.roles
        names |= {n for n in (roles.commander, roles.communications_lead) if n}
        names |= {n for n in (roles.operations_lead, roles.scribe, *roles.experts) if n}
    return names | {name.split()[0] for name in names if " " in name}


def _cause_pattern(people: set[str]) -> re.Pattern[str]:
    alternatives = [rf"\b(?P<someone>[A-Z][a-z]+) {GENERIC_BLAME_VERBS}\b"]
    if people:
        known = "|".join(sorted((re.escape(p) for p in people), key=len, reverse=True))
        alternatives[:0] = [
            rf"\b(?:caused|triggered|broken|started) by (?P<by>{known})\b",
            rf"\b(?P<subject>{known})(?:'s)? {CAUSE_VERBS}\b",
            rf"\b(?P<owner>{known})'s (?:mistake|error|fault|oversight)\b",
        ]
    return re.compile("|".join(alternatives))
