"""Findings rendered for people (text), for programs (json), for GitHub Actions (github: workflow
command annotations) and for code scanning (sarif)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from irdocs.finding import Finding

FORMATS = ("text", "json", "github", "sarif")


def render(findings: Sequence[Finding], output_format: str) -> str:
    """The findings in ``output_format``; empty text output is the empty string."""
    if output_format == "json":
        return json.dumps([f.as_json() for f in findings], indent=2, ensure_ascii=False) + "\n"
    if output_format == "github":
        return _github(findings)
    if output_format == "sarif":
        from pathlib import Path

        from irdocs.lint.codes import all_codes
        from irdocs.reporting.sarif import sarif_log

        log = sarif_log(findings, all_codes(), Path.cwd())
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    from irdocs.reporting.terminal import clean, lines

    return lines("".join(f"{clean(finding.text())}\n" for finding in findings))


_GITHUB = {"error": "error", "warning": "warning", "info": "notice"}


def _github(findings: Sequence[Finding]) -> str:
    """``::error file=…,line=…,col=…,title=CODE name::message``, one per finding (``::warning``
    and ``::notice`` for the other levels), escaped as GitHub's toolkit escapes workflow
    commands."""
    from irdocs.lint.codes import all_codes

    codes = all_codes()
    lines = []
    for finding in findings:
        info = codes.get(finding.code)
        title = f"{finding.code} {info.name}" if info else finding.code
        properties = ",".join(
            f"{key}={_property(value)}"
            for key, value in (
                ("file", finding.path),
                ("line", str(finding.line)),
                ("col", str(finding.column)),
                ("title", title),
            )
        )
        lines.append(f"::{_GITHUB[finding.level]} {properties}::{_data(finding.message)}\n")
    return "".join(lines)


def _data(text: str) -> str:
    """GitHub's escaping of a command's data (``%``, CR, LF), then the other control characters
    escaped as in text output, so that an annotation carries no terminal escape either."""
    from irdocs.reporting.terminal import clean

    return clean(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def summary(findings: Sequence[Finding], documents: int) -> str:
    """One line for stderr: how many documents were checked and what was found."""
    noun = "document" if documents == 1 else "documents"
    if not findings:
        return f"{documents} {noun} checked: all valid"
    files = len({finding.path for finding in findings})
    plural = "s" if len(findings) != 1 else ""
    return f"{documents} {noun} checked: {len(findings)} finding{plural} in {files} file" + (
        "s" if files != 1 else ""
    )
