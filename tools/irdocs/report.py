"""Findings rendered for people (text) and for programs (json)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from irdocs.finding import Finding

FORMATS = ("text", "json")


def render(findings: Sequence[Finding], output_format: str) -> str:
    """The findings in ``output_format``; empty text output is the empty string."""
    if output_format == "json":
        return json.dumps([f.as_json() for f in findings], indent=2, ensure_ascii=False) + "\n"
    return "".join(f"{finding.text()}\n" for finding in findings)


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
