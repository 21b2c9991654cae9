"""Every code irdocs reports, with a name, a one-line summary, its default level and its
documentation page: the validation codes and the engine's own written here, the lint rules
taken from the registry. Formats that describe their rules (github titles, SARIF's
``tool.driver.rules``), the levels, and the check for unknown codes in ``--select`` and inline
comments read this."""

from __future__ import annotations

from dataclasses import dataclass

from irdocs.finding import Level


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    name: str
    summary: str
    level: Level = "error"
    """The level its findings are reported at unless the handbook's ``levels`` say otherwise."""
    fixed: bool = False
    """A validation code: always an error, whatever ``levels`` say."""

    @property
    def page(self) -> str:
        """The documentation page and anchor, relative to the docs root, e.g.
        ``rules/runbooks/#ir401``."""
        folder = _PAGES.get(self.code, _PAGES.get(self.code[:3], ""))
        return f"rules/{folder}#{self.code.lower()}"


_PAGES = {
    "IR110": "",  # inline suppression is documented with the rules' index
    "IR520": "",  # so is the baseline
    "IR0": "schema/",
    "IR1": "schema/",
    "IR2": "incidents/",
    "IR3": "postmortems/",
    "IR4": "runbooks/",
    "IR5": "handbook/",
    "IR6": "language/",
}

VALIDATION = {
    info.code: CodeInfo(info.code, info.name, info.summary, "error", fixed=True)
    for info in (
        CodeInfo("IR100", "unreadable-file", "The file cannot be read as a document."),
        CodeInfo("IR101", "invalid-value", "A field has a value its schema does not allow."),
        CodeInfo("IR102", "missing-field", "A required field is missing."),
        CodeInfo("IR103", "unknown-field", "A field the schema does not know."),
        CodeInfo(
            "IR104",
            "invalid-timestamp",
            "A timestamp without an offset, or a date that is not a date.",
        ),
        CodeInfo("IR105", "no-front-matter", "No front matter, or front matter not closed."),
        CodeInfo("IR106", "invalid-yaml", "The front matter is not valid YAML."),
        CodeInfo("IR107", "front-matter-not-mapping", "The front matter is not a mapping."),
        CodeInfo("IR108", "duplicate-key", "A key appears twice."),
        CodeInfo("IR109", "yaml-too-large", "The YAML expands too far."),
        CodeInfo("IR201", "timestamps-out-of-order", "An incident's timestamps are out of order."),
        CodeInfo("IR501", "duplicate-id", "Two documents claim the same ID."),
        CodeInfo(
            "IR502",
            "dangling-reference",
            "A reference to an incident, runbook or file that does not exist.",
        ),
    )
}
"""What ``irdocs validate`` reports; ``irdocs lint`` reports it too, before its rules."""

ENGINE = {
    "IR520": CodeInfo(
        "IR520",
        "baseline-entry-unused",
        "A finding the baseline records no longer occurs.",
        "warning",
    ),
}
"""What the linter itself reports about its input, beside the rules."""


def all_codes() -> dict[str, CodeInfo]:
    """Every code, validation, the engine's and lint rules, sorted."""
    from irdocs.lint.registry import all_rules

    found = {**VALIDATION, **ENGINE}
    for code, rule in all_rules().items():
        found[code] = CodeInfo(code, rule.name, rule.summary, rule.level)
    return dict(sorted(found.items()))


def unknown(codes: tuple[str, ...] | list[str], known: dict[str, CodeInfo]) -> list[str]:
    """The codes or prefixes of ``codes`` that no known code starts with."""
    return [code for code in codes if not any(name.startswith(code) for name in known)]
