"""The one registry of lint rules: a stable code, a name, and a plain function.

A *document rule* looks at one document (``LintDocument``) and yields findings; its result depends
only on that document's content and the configuration, so the engine may cache it. A rule that also
looks at other documents through ``document.handbook`` says so with ``handbook=True``. A *handbook
rule* looks at the handbook as a whole (records, git history, alert rule files) and is never cached.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from irdocs.finding import Finding, Level

if TYPE_CHECKING:
    from irdocs.documents.handbook import Handbook
    from irdocs.lint.document import LintDocument

RULE_MODULES = (
    "incident",
    "postmortem",
    "runbook",
    "language",
    "alerts",
    "policy",
    "notify",
    "suppression",
)

DocumentCheck = Callable[["LintDocument"], Iterable[Finding]]
HandbookCheck = Callable[["Handbook"], Iterable[Finding]]
_Check = TypeVar("_Check", DocumentCheck, HandbookCheck)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    """``IRnnn``; never changes meaning."""
    name: str
    """Kebab-case, e.g. ``runbook-missing-section``."""
    kinds: tuple[str, ...]
    """Document kinds a document rule applies to; empty for a handbook rule."""
    check: DocumentCheck | HandbookCheck
    handbook: bool = False
    """A document rule that also reads other documents: its result is not the document's alone."""
    level: Level = "error"
    """The level its findings are reported at unless the handbook's ``levels`` say otherwise."""

    @property
    def summary(self) -> str:
        """The first line of the rule function's docstring."""
        return (self.check.__doc__ or "").strip().splitlines()[0] if self.check.__doc__ else ""


RULES: dict[str, Rule] = {}


def document_rule(
    code: str, name: str, *kinds: str, handbook: bool = False, level: Level = "error"
) -> Callable[[DocumentCheck], DocumentCheck]:
    """Register ``func(document) -> findings`` for documents of ``kinds``, reported at ``level``
    by default."""

    def register(check: DocumentCheck) -> DocumentCheck:
        _add(Rule(code, name, kinds, check, handbook, level))
        return check

    return register


def handbook_rule(
    code: str, name: str, *, level: Level = "error"
) -> Callable[[HandbookCheck], HandbookCheck]:
    """Register ``func(handbook) -> findings``, run once over the whole handbook, reported at
    ``level`` by default."""

    def register(check: HandbookCheck) -> HandbookCheck:
        _add(Rule(code, name, (), check, True, level))
        return check

    return register


def _add(rule: Rule) -> None:
    if rule.code in RULES:
        raise ValueError(f"two rules claim {rule.code}: {RULES[rule.code].name} and {rule.name}")
    RULES[rule.code] = rule


def all_rules() -> dict[str, Rule]:
    """Every rule, by code, after importing the modules that register them."""
    for module in RULE_MODULES:
        importlib.import_module(f"irdocs.lint.{module}")
    return dict(sorted(RULES.items()))
