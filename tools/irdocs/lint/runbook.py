"""IR4xx: runbooks — sections, freshness, commands, placeholders, links.

Body rules run even when the front matter is invalid: a runbook's sections and commands can be
checked without its record. The helpers live beside: ``shell`` (bash -n, destructive commands),
``links`` (targets and anchors), ``freshness`` (review dates, Git), ``placeholders``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from irdocs import clock
from irdocs.documents import frontmatter
from irdocs.documents.handbook import Handbook
from irdocs.documents.problem import DocumentProblem
from irdocs.documents.yamltree import JsonPath
from irdocs.finding import Finding
from irdocs.lint import codeblocks, destructive, freshness, links, references, sections, shell
from irdocs.lint.document import Fence, LintDocument
from irdocs.lint.placeholders import (
    code_placeholders,
    command_parameters,
    find_placeholders,
    prose_placeholders,
    template_placeholders,
)
from irdocs.lint.registry import document_rule, handbook_rule
from irdocs.lint.wrongtag import kind_of_line, wrong_tag

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
    today = clock.today()
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


@document_rule("IR405", "code-block-without-language", "runbook", level="warning")
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
    """A shell block (bash, sh, shell, console) does not parse with ``bash -n``, or a ``\\``
    followed by a space breaks a continuation."""
    blocks = [
        block
        for block in _shell_blocks(document)
        if wrong_tag(block.content, block.language) is None
    ]
    for fence, error in shell.syntax_errors(blocks):
        last = len(fence.content.splitlines())
        line = fence.line + 1 + min(error.line, last)  # past the end: the closing fence
        yield document.finding(
            "IR406",
            f"bash -n: {error.message}; fix the command, or mark the block ```text if it is "
            "not shell",
            line=line,
            column=_indent(document, line) + 1,
        )
    for block in blocks:
        lines = codeblocks.command_lines(block.content, block.language)
        for offset, column in codeblocks.trailing_space_continuations(lines):
            line = block.line + 1 + offset
            raw = block.content.splitlines()[offset]
            yield document.finding(
                "IR406",
                "a space after '\\' ends the command here, and the next line runs on its own; "
                "remove the space",
                line=line,
                column=_indent(document, line)
                + raw.find(lines[offset] or "")
                + column
                - (len(raw) - len(raw.lstrip())),
            )


@document_rule("IR412", "wrong-language-tag", "runbook", level="warning")
def wrong_language_tag(document: LintDocument) -> Iterator[Finding]:
    """A block tagged as shell holds PromQL, SQL, Ruby, a REPL session or command output."""
    for fence in shell.shell_fences(document.fences):
        found = wrong_tag(fence.content, fence.language)
        if found is not None:
            line = fence.line + 1 + found.line
            yield document.finding(
                "IR412",
                found.message(fence.language),
                line=line,
                column=_indent(document, line) + 1,
            )


def _shell_blocks(document: LintDocument) -> list[Fence]:
    """Shell-tagged fences, and indented blocks that look like commands."""
    indented = [b for b in document.indented_blocks if codeblocks.looks_like_commands(b.content)]
    return sorted([*shell.shell_fences(document.fences), *indented], key=lambda b: b.line)


@document_rule("IR407", "runbook-placeholder", "runbook")
def placeholder(document: LintDocument) -> Iterator[Finding]:
    """Template text left in: TODO, TBD, ``[Name]``, ``HH:MM``, ``YOUR_TOKEN``, CHANGEME, lorem
    ipsum."""
    lines = document.body.splitlines()
    brackets = references.DEFINITION.search(document.body) is None  # else IR414's
    for literal in references.literals(document.tokens):
        for offset, found in prose_placeholders(literal.text, brackets=brackets):
            before = literal.text[:offset]
            where = references.locate(
                before[before.rfind("\n") + 1 :].split("\0")[-1] + found, lines, literal
            )
            if where is not None:
                line, column = where
                column += len(before[before.rfind("\n") + 1 :].split("\0")[-1])
                yield _placeholder(document, found, document.body_line + line, column)
    for block, number, text, column in _code_lines(document, comments=True):
        parameters = [(at, at + len(p)) for at, p in command_parameters(text)]  # IR413's
        for at, found in code_placeholders(text):
            if any(start <= at < end for start, end in parameters):
                continue
            yield _placeholder(document, found, block.line + 1 + number, column + at - 1)
    yield from _front_matter_placeholders(document)
    yield from _heading_placeholders(document)


@document_rule("IR413", "command-parameter", "runbook", level="warning")
def command_parameter(document: LintDocument) -> Iterator[Finding]:
    """A command has a parameter for the reader to fill in: ``<pod-name>``, ``[PUBLISHER]``."""
    for block, number, text, column in _code_lines(document, comments=False):
        for at, found in command_parameters(text):
            yield _parameter(document, found, block.line + 1 + number, column + at - 1)
    lines = document.body.splitlines()
    for token in document.tokens:
        for child in token.children or () if token.map else ():
            if child.type != "code_inline" or not codeblocks.looks_like_commands(child.content):
                continue  # `<namespace>/<name>` in prose describes a format
            for number in range(token.map[0], min(token.map[1], len(lines))):  # type: ignore[index]
                start = lines[number].find(f"`{child.content}`")
                if start >= 0:
                    for at, found in command_parameters(child.content):
                        line = document.body_line + number
                        yield _parameter(document, found, line, start + 1 + at)
                    break


def _parameter(document: LintDocument, found: str, line: int, column: int) -> Finding:
    return document.finding(
        "IR413",
        f"command has a parameter '{found}' to fill in; write the real value, or a command "
        "that finds it (set a variable in an earlier step)",
        line=line,
        column=column,
    )


@document_rule("IR414", "undefined-reference-link", "runbook")
def undefined_reference_link(document: LintDocument) -> Iterator[Finding]:
    """Link syntax that did not become a link: a reference with no definition, or ``[text]``
    with its ``(url)`` on the next line."""
    for found in references.unlinked(document.tokens, document.body):
        if found.kind == "split":
            message = (
                f"'{found.text.split(chr(10))[0]}' is followed by its (url) on the next line, so "
                "it is not a link; put ']' and '(' together"
            )
        else:
            message = (
                f"reference link '{found.text}' has no definition; add '[{_label(found.text)}]: "
                "URL' below, or write the link inline"
            )
        yield document.finding(
            "IR414", message, line=document.body_line + found.line, column=found.column
        )


def _label(text: str) -> str:
    parts = text[1:-1].split("][")
    return parts[-1] or parts[0]


def _code_lines(document: LintDocument, *, comments: bool) -> Iterator[tuple[Fence, int, str, int]]:
    """(block, 0-based line, text, 1-based column of the text) of each command line of the
    body's code blocks: not output, not (unless ``comments``) a comment."""
    for block in (*document.fences, *document.indented_blocks):
        if block.language.lower() in destructive.NOT_COMMANDS:
            continue
        raw = block.content.splitlines()
        for number, text in enumerate(codeblocks.command_lines(block.content, block.language)):
            if text is None or not text.strip() or kind_of_line(text) == "command output":
                continue
            if not comments and text.lstrip().startswith(("#", "--", "//")):
                continue
            line = block.line + 1 + number
            yield (
                block,
                number,
                text,
                _indent(document, line)
                + raw[number].find(text)
                + 1
                - (len(raw[number]) - len(raw[number].lstrip())),
            )


def _placeholder(document: LintDocument, found: str, line: int, column: int) -> Finding:
    return document.finding("IR407", _placeholder_message(found), line=line, column=column)


def _front_matter_placeholders(document: LintDocument) -> Iterator[Finding]:
    fields: list[JsonPath] = list(_FRONT_MATTER_TEXT)
    escalation = document.data.get("escalation")
    if isinstance(escalation, list):
        fields += [("escalation", i, key) for i in range(len(escalation)) for key in ("who", "how")]
    reported = set()
    for path in fields:
        value = _value(document.data, path)
        if isinstance(value, str):
            for _, _, found in find_placeholders(value):
                yield document.finding("IR407", _placeholder_message(found), at=path)
                reported.add(path)
                break
    for path, value in _strings(document.data, ()):  # a template's <…> in any value
        if path not in reported:
            for _, found in template_placeholders(value):
                yield document.finding("IR407", _template_message(found), at=path)
                break


def _strings(data: object, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """Every string of the front matter with its JSON path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def _heading_placeholders(document: LintDocument) -> Iterator[Finding]:
    """A template's ``<…>`` left in a heading; code spans in it are code (IR413's)."""
    lines = document.body.splitlines()
    for token in document.tokens:
        if token.type != "heading_open" or token.map is None or token.map[0] >= len(lines):
            continue
        line = lines[token.map[0]]
        blanked = _CODE_SPAN.sub(lambda match: " " * len(match.group()), line)
        for column, found in template_placeholders(blanked):
            line_number = document.body_line + token.map[0]
            yield document.finding(
                "IR407", _template_message(found), line=line_number, column=column
            )


def _value(data: object, path: JsonPath) -> object:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _template_message(found: str) -> str:
    return f"template placeholder '{found}' left in; replace it with the real content"


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


@document_rule("IR410", "destructive-command-unwarned", "runbook", level="warning")
def destructive_command(document: LintDocument) -> Iterator[Finding]:
    """A destructive command (``rm -rf``, ``DROP TABLE``, ``kubectl delete``…) has no warning
    in its step."""
    lines = document.body.splitlines()
    blocks = sorted((*document.fences, *document.indented_blocks), key=lambda b: b.line)
    for index, block in enumerate(blocks):
        if _warned_near(document, blocks, index, lines):
            continue
        raw = block.content.splitlines()
        for offset, column, command in destructive.destructive_commands(
            block.content, block.language
        ):
            line = block.line + 1 + offset
            indent = len(raw[offset]) - len(raw[offset].lstrip())
            yield document.finding(
                "IR410",
                f"destructive command '{command}' with no warning in its step; say what it "
                "destroys and how to undo it, just before or after it ('!!! warning', "
                "'Warning:', or a comment)",
                line=line,
                column=_indent(document, line) + column - indent,
            )


def _warned_near(document: LintDocument, blocks: list[Fence], index: int, lines: list[str]) -> bool:
    """A warning line between the block's section heading and the block, or warning words
    between the previous block (or heading) and this one, or in the paragraph right after."""
    block = blocks[index]
    heading = max(
        (s.line for s in document.sections if s.line < block.line < s.end_line),
        default=document.body_line - 1,
    )
    section = lines[heading + 1 - document.body_line : block.line - document.body_line]
    if any(destructive.WARNING.match(line) for line in section):
        return True
    previous = blocks[index - 1] if index else None
    near_start = heading
    if previous is not None and previous.line > heading:
        near_start = previous.line + len(previous.content.splitlines()) + 1
    before = lines[near_start + 1 - document.body_line : block.line - document.body_line]
    end = block.line - document.body_line + len(block.content.splitlines()) + 2
    if block.indented:
        end -= 1
    after = _paragraph(lines[end:])
    return any(destructive.WARNING_WORDS.search(line) for line in [*before, *after])


def _paragraph(lines: list[str]) -> list[str]:
    """The first paragraph of ``lines`` (blank lines before it skipped), up to a heading or
    fence."""
    found: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(("#", "```", "~~~")) or (not stripped and found):
            break
        if stripped:
            found.append(line)
    return found


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
