"""IR4xx: runbooks — sections, freshness, commands, placeholders, links.

Body rules run even when the front matter is invalid: a runbook's sections and commands can be
checked without its record. The helpers live beside: ``shell`` (bash -n, destructive commands),
``links`` (targets and anchors), ``freshness`` (review dates, Git), ``placeholders``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from irdocs import frontmatter
from irdocs.finding import Finding
from irdocs.handbook import Handbook
from irdocs.lint import freshness, links, sections, shell
from irdocs.lint.document import Fence, LintDocument
from irdocs.lint.placeholders import find_placeholders
from irdocs.lint.registry import document_rule, handbook_rule
from irdocs.problem import DocumentProblem
from irdocs.yamltree import JsonPath

_REFERENCE = re.compile(r"^ {0,3}\[([^\]]+)\]:", re.MULTILINE)
_FORMAT = re.compile(r"`(?:<[^<>`]+>[/:.@_-]?){2,}`")
"""An inline code span made only of placeholders, like `<namespace>/<name>`: the description of
a format, not a value left to fill in."""
_FRONT_MATTER_TEXT: tuple[JsonPath, ...] = (("title",), ("owner",))


@document_rule("IR401", "runbook-missing-section", "runbook")
def missing_section(document: LintDocument) -> Iterator[Finding]:
    """A section the handbook requires of runbooks is missing."""
    required = document.config.lint.runbook_sections
    aliases = document.config.lint.section_aliases
    found = {name: sections.find(document, name, aliases) for name in required}
    last_line = document.body_line + max(len(document.body.splitlines()) - 1, 0)
    for index, name in enumerate(required):
        if found[name] is not None:
            continue
        after = next((found[n] for n in required[index + 1 :] if found[n] is not None), None)
        where = f"before '## {after.title}'" if after else "at the end"
        yield document.finding(
            "IR401",
            f"missing section '## {name}'; add it {where} (runbooks here have: "
            f"{', '.join(required)})",
            line=after.line if after else last_line,
        )


@document_rule("IR402", "runbook-empty-section", "runbook")
def empty_section(document: LintDocument) -> Iterator[Finding]:
    """A required section has a heading and nothing under it."""
    for name in document.config.lint.runbook_sections:
        section = sections.find(document, name, document.config.lint.section_aliases)
        if section is not None and section.empty:
            yield document.finding(
                "IR402",
                f"section '## {section.title}' is empty; write what the on-call engineer does "
                "here, or say why there is nothing to do",
                line=section.line,
            )


@handbook_rule("IR403", "runbook-review-overdue")
def review_overdue(handbook: Handbook) -> Iterator[Finding]:
    """The runbook's last review is older than its ``review_every`` allows."""
    today = freshness.today()
    for runbook in handbook.runbooks.values():
        due = runbook.review_due
        if today > due:
            yield finding_at_field(
                runbook.path,
                ("last_reviewed",),
                "IR403",
                f"review overdue since {due.isoformat()} (last_reviewed "
                f"{runbook.last_reviewed.isoformat()} + review_every {runbook.review_every} "
                "days); check the runbook against the running system, then update last_reviewed",
            )


@handbook_rule("IR404", "runbook-covers-changed")
def covers_changed(handbook: Handbook) -> Iterator[Finding]:
    """A path the runbook ``covers`` changed in Git after the runbook was last reviewed."""
    runbooks = {runbook.path: runbook for runbook in handbook.runbooks.values()}
    changes = freshness.covers_changes(handbook.config.root, runbooks.values())
    for (path, index), day in sorted(changes.items()):
        runbook = runbooks[path]
        yield finding_at_field(
            path,
            ("covers", index),
            "IR404",
            f"'{runbook.covers[index]}' changed on {day.isoformat()}, after last_reviewed "
            f"{runbook.last_reviewed.isoformat()}; check the runbook against the change, then "
            "update last_reviewed",
        )


@document_rule("IR405", "code-block-without-language", "runbook")
def code_block_without_language(document: LintDocument) -> Iterator[Finding]:
    """A code block does not say its language."""
    for token in document.tokens:
        if token.map is None:
            continue
        line = document.body_line + token.map[0]
        if token.type == "fence" and not token.info.strip():
            yield document.finding(
                "IR405",
                "code block without a language; name it (```bash, ```sql, ```promql, ```text) "
                "so it is highlighted and its commands are checked",
                line=line,
                column=_indent(document, line) + 1,
            )
        elif token.type == "code_block":
            yield document.finding(
                "IR405",
                "indented code block; make it a fenced block with a language (```bash, "
                "```text) so it is highlighted and its commands are checked",
                line=line,
                column=_indent(document, line) + 1,
            )


@document_rule("IR411", "unclosed-code-block", "runbook")
def unclosed_code_block(document: LintDocument) -> Iterator[Finding]:
    """A fenced code block is not closed where it should be: it runs to the end of the document,
    or into the opening fence of the next block (and the fences pair up wrongly from there)."""
    lines = document.body.splitlines()
    for token in document.tokens:
        if token.type != "fence" or token.map is None:
            continue
        start, end = token.map
        line = document.body_line + start
        opening = re.compile(rf"^\s*{re.escape(token.markup)}\s*[A-Za-z]")
        inner = next((n for n in range(start + 1, end) if opening.match(lines[n])), None)
        last = lines[end - 1].strip().lstrip("> ").strip() if end - start >= 2 else ""
        if inner is not None:
            message = (
                f"code block runs into the opening fence on line {document.body_line + inner}; "
                f"close it with {token.markup} before that line"
            )
        elif not (last.startswith(token.markup) and set(last) == {token.markup[0]}):
            message = (
                "code block never closed: everything after it is code; add a closing "
                f"{token.markup} after its last line"
            )
        else:
            continue
        yield document.finding("IR411", message, line=line, column=_indent(document, line) + 1)


@document_rule("IR406", "shell-syntax-error", "runbook")
def shell_syntax_error(document: LintDocument) -> Iterator[Finding]:
    """A shell block (bash, sh, shell, console) does not parse with ``bash -n``."""
    for fence, error in shell.syntax_errors(shell.shell_fences(document.fences)):
        last = len(fence.content.splitlines())
        line = fence.line + 1 + min(error.line, last)  # past the end: the closing fence
        yield document.finding(
            "IR406",
            f"bash -n: {error.message}; fix the command, or mark the block ```text if it is "
            "not shell",
            line=line,
            column=_indent(document, line) + 1,
        )


@document_rule("IR407", "runbook-placeholder", "runbook")
def placeholder(document: LintDocument) -> Iterator[Finding]:
    """Template text left in: TODO, TBD, ``[Name]``, ``HH:MM``, ``<pod-name>``, lorem ipsum."""
    references = {name.casefold() for name in _REFERENCE.findall(document.body)}
    lines = document.body.splitlines()
    for offset, column, found in find_placeholders(document.body):
        if found.startswith("[") and found[1:-1].casefold() in references:
            continue  # a shortcut reference link: [Grafana] with [Grafana]: https://…
        if any(m.start() < column <= m.end() for m in _FORMAT.finditer(lines[offset])):
            continue
        yield document.finding(
            "IR407", _placeholder_message(found), line=document.body_line + offset, column=column
        )
    yield from _front_matter_placeholders(document)


def _front_matter_placeholders(document: LintDocument) -> Iterator[Finding]:
    fields: list[JsonPath] = list(_FRONT_MATTER_TEXT)
    escalation = document.data.get("escalation")
    if isinstance(escalation, list):
        fields += [("escalation", i, key) for i in range(len(escalation)) for key in ("who", "how")]
    for path in fields:
        value = _value(document.data, path)
        if isinstance(value, str):
            for _, _, found in find_placeholders(value):
                yield document.finding("IR407", _placeholder_message(found), at=path)
                break


def _value(data: object, path: JsonPath) -> object:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _placeholder_message(found: str) -> str:
    if found.startswith("<"):
        return (
            f"placeholder '{found}' left in; write the real value, or a command that finds it "
            "(set a variable in an earlier step)"
        )
    return f"placeholder '{found}' left in; replace it with the real content"


@document_rule("IR408", "runbook-broken-link", "runbook", handbook=True)
def broken_link(document: LintDocument) -> Iterator[Finding]:
    """A relative link points to a file that does not exist."""
    for link in _links(document):
        if link.path and links.resolve(document.file.parent, link.path) is None:
            yield document.finding(
                "IR408",
                f"link target '{link.path}' does not exist; fix the path (relative to this "
                "file's folder) or remove the link",
                line=document.body_line + link.line,
                column=link.column,
            )


@document_rule("IR409", "runbook-broken-anchor", "runbook", handbook=True)
def broken_anchor(document: LintDocument) -> Iterator[Finding]:
    """A link's ``#anchor`` matches no heading of the page it points to."""
    own = links.anchors(document.tokens, document.body)
    for link in _links(document):
        if not link.anchor:
            continue
        if link.path:
            target = links.resolve(document.file.parent, link.path)
            if target is None or target.suffix != ".md":
                continue  # a missing file is IR408's; other files' anchors are not ours to read
            offered = links.anchors_of_file(target)
            where = f"'{link.path}'"
        else:
            offered, where = own, "this document"
        if offered is not None and link.anchor not in offered:
            yield document.finding(
                "IR409",
                f"no heading in {where} has the anchor '#{link.anchor}'; link to an existing "
                "heading (lowercase, spaces as '-', punctuation dropped)",
                line=document.body_line + link.line,
                column=link.column,
            )


def _links(document: LintDocument) -> Iterator[links.Link]:
    return links.relative_links(document.tokens, document.body.splitlines())


@document_rule("IR410", "destructive-command-unwarned", "runbook")
def destructive_command(document: LintDocument) -> Iterator[Finding]:
    """A destructive command (``rm -rf``, ``DROP TABLE``, ``kubectl delete``…) has no warning
    before it in its section."""
    lines = document.body.splitlines()
    for fence in document.fences:
        if _warned_before(document, fence, lines):
            continue
        for offset, column, command in shell.destructive_commands(fence):
            line = fence.line + 1 + offset
            yield document.finding(
                "IR410",
                f"destructive command '{command}' with no warning before it; say what it "
                "destroys and how to undo it in a '!!! warning' or a 'Warning:' line above it",
                line=line,
                column=_indent(document, fence.line) + column,
            )


def _warned_before(document: LintDocument, fence: Fence, lines: list[str]) -> bool:
    """A warning line between the fence's section heading and the fence."""
    start = max(
        (s.line for s in document.sections if s.line < fence.line < s.end_line),
        default=document.body_line - 1,
    )
    prose = lines[start + 1 - document.body_line : fence.line - document.body_line]
    return any(shell.WARNING.match(line) for line in prose)


def _indent(document: LintDocument, line: int) -> int:
    lines = document.body.splitlines()
    index = line - document.body_line
    if not 0 <= index < len(lines):
        return 0
    text = lines[index]
    return len(text) - len(text.lstrip())


def finding_at_field(path: str, field: JsonPath, code: str, message: str) -> Finding:
    """A finding at a front matter field of the document at ``path`` (read again: handbook
    rules see records, which keep no positions)."""
    try:
        line, column = frontmatter.read(Path(path)).position(field)
    except (DocumentProblem, OSError):
        line, column = 1, 1
    return Finding(path, line, column, code, message)
