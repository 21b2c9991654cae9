"""SARIF 2.1.0, the format GitHub code scanning accepts: one run of irdocs, its rules described
with where their documentation is, one result per finding."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from irdocs import __version__, project
from irdocs.finding import Finding
from irdocs.lint.codes import CodeInfo

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
"""irdocs's levels as SARIF's."""


def sarif_log(
    findings: Sequence[Finding],
    codes: Mapping[str, CodeInfo],
    cwd: Path,
    urls: project.Urls | None = None,
) -> dict[str, Any]:
    """The SARIF log of ``findings``, whose relative paths are relative to ``cwd``. Each rule's
    ``helpUri`` is its section of the published documentation that ``urls`` (default: irdocs's
    package metadata) name; without one, the rule's help names the page in irdocs's repository."""
    urls = urls or project.urls()
    infos = dict(codes)
    for finding in findings:  # a code the registry does not know still gets a descriptor
        infos.setdefault(finding.code, CodeInfo(finding.code, finding.code.lower(), finding.code))
    index = {code: number for number, code in enumerate(sorted(infos))}
    seen: Counter[tuple[str, str, str]] = Counter()
    results = []
    for finding in findings:
        identity = (finding.path, finding.code, finding.message)
        seen[identity] += 1
        results.append(_result(finding, index[finding.code], seen[identity]))
    driver: dict[str, Any] = {"name": "irdocs", "version": __version__}
    driver["semanticVersion"] = __version__
    home = project.page_url("index.md", urls) or urls.source
    if home is not None:
        driver["informationUri"] = home
    driver["rules"] = [_rule(infos[code], urls) for code in sorted(infos)]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {SRCROOT: {"uri": cwd.absolute().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _rule(info: CodeInfo, urls: project.Urls) -> dict[str, Any]:
    page = _markdown_page(info.page)
    rule: dict[str, Any] = {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary or info.name},
        "help": {"text": f"{info.code}: see {project.page_reference(page, urls)}."},
    }
    url = project.page_url(page, urls)
    if url is not None:
        rule["helpUri"] = url
    rule["defaultConfiguration"] = {"level": LEVELS[info.level]}
    return rule


def _markdown_page(page: str) -> str:
    """``rules/runbooks/#ir401`` (a built page) as its source, ``rules/runbooks.md#ir401``."""
    path, hash_, anchor = page.partition("#")
    source = f"{path.rstrip('/')}.md" if path.rstrip("/") != "rules" else "rules/index.md"
    return f"{source}{hash_}{anchor}"


def _result(finding: Finding, rule_index: int, occurrence: int) -> dict[str, Any]:
    path = Path(finding.path)
    location: dict[str, Any] = (
        {"uri": path.as_uri()}
        if path.is_absolute()
        else {"uri": quote(path.as_posix()), "uriBaseId": SRCROOT}
    )
    # Stable across edits that move the finding: what is wrong, where, and which occurrence;
    # GitHub uses it to tell a new alert from one that moved.
    fingerprint = hashlib.sha256(
        f"{finding.path}\0{finding.code}\0{finding.message}\0{occurrence}".encode()
    ).hexdigest()[:32]
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.level],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": {"startLine": finding.line, "startColumn": finding.column},
                }
            }
        ],
        "partialFingerprints": {"irdocsFinding/v1": fingerprint},
    }
