"""Placeholder text a template left behind: TODO, TBD, ``[Name]``, ``HH:MM``, ``<pod-name>``,
lorem ipsum. Shared by the runbook and postmortem rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

_HTML_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "br",
        "code",
        "details",
        "div",
        "em",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ]
)
_PATTERN = re.compile(
    r"""
      (?P<marker>\b(?:TODO|TBD|FIXME)\b)
    | (?P<lorem>\blorem\s+ipsum\b)
    | (?P<time>\bHH:MM(?::SS)?\b)
    | (?P<bracket>(?<![\w\]])\[(?:[A-Z][a-z]*(?:[ _-][A-Za-z]+)*|[A-Z_]{2,})\](?![(\[:]))
    | (?P<angle><(?P<tag>[a-z][a-z0-9]*(?:[-_ ][a-z0-9]+)*)>)
    | (?P<ellipsis><\.\.\.>)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_NOT_PLACEHOLDERS = frozenset(["none", "nil", "no value", "unknown", "invalid"])
"""Words that tools print in angle brackets (``kubectl get`` shows ``<none>``): output, not a
prompt to fill in."""


def find_placeholders(text: str) -> Iterator[tuple[int, int, str]]:
    """Each placeholder in ``text``: (0-based line offset, 1-based column, the text found).

    HTML comments are not content (templates put their prompts there), and an angle-bracketed
    word that is an HTML tag (``<br>``, ``<details>``) is markup, not a placeholder.
    """
    blanked = _COMMENT.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), text)
    for number, line in enumerate(blanked.splitlines()):
        for match in _PATTERN.finditer(line):
            if match["marker"] and match["marker"] not in ("TODO", "TBD", "FIXME"):
                continue  # "todo" in prose is a word, not a marker
            if match["bracket"] and not match["bracket"][1].isupper():
                continue
            if match["tag"] and (
                match["tag"].lower() in _HTML_TAGS or match["tag"].lower() in _NOT_PLACEHOLDERS
            ):
                continue
            yield number, match.start() + 1, match.group()


ANGLE_IN_COMMAND = re.compile(
    r"(?<![<\w$])<(?![<(\s=&%/!-])([^<>|;&\n]*?[A-Za-z][^<>|;&\n]*?)(?<!\s)>(?![>&])"
)
"""A parameter in a command, ``<pod-name>`` or ``<e.g. local-postgres>``: not a redirection
(``< in > out``, ``2>&1``, ``<<EOF``, ``<(cmd)``)."""
_BRACKET_IN_COMMAND = re.compile(
    r"(?<![\w\]\[$])\[([A-Z][A-Z0-9_-]+(?: [A-Z0-9_-]+)*)\](?![\w(\[:])"
)
_SHOWN_AS_IS = re.compile(
    r"(?i)^(?:none|nil|null|no value|unknown|invalid|pending|empty|redacted|hidden|snip|"
    r"truncated|omitted|masked|.*_?scrubbed|.*_redacted)$"
)
"""Angle-bracketed words tools print (``<none>``, ``<TOKEN_SCRUBBED>``): output, not a
parameter to fill in."""
_MARKUP = re.compile(
    r"(?i)^(?:[a-z][a-z0-9]*\s+[\w-]+=|(?:script|style|link|meta|html|head|body|div|span|p|br|"
    r"hr|img|a|li|ul|ol|td|tr|th|table|code|pre|em|strong|b|i|u|details|summary|kbd)$)|.*@"
)
"""HTML elements (``<script src="…">``, ``<br>``) and mail addresses (``Name <me@example.org>``)
are text, not parameters."""
_INI_HEADER = re.compile(r"^\s*\[[^\]]+\]\s*$")
_IN_CODE = re.compile(
    r"""\b(?:TODO|TBD|FIXME)\b
      | \bYOUR_[A-Z0-9_]+\b | \byour[-_][a-z0-9]+(?:[-_][a-z0-9]+)*\b
      | \bCHANGE_?ME\b | \bchangeme\b
      | (?<=[=:"'/\s])(?:x{3,}|X{3,})(?=["'\s/]|$)""",
    re.VERBOSE,
)


def command_parameters(line: str) -> Iterator[tuple[int, str]]:
    """(1-based column, text) of each parameter left for the reader in a command line:
    ``<pod-name>``, ``[PUBLISHER]``. INI section headers and tool output are not parameters."""
    if _INI_HEADER.match(line):
        return
    for match in ANGLE_IN_COMMAND.finditer(line):
        word = match[1].strip()
        if _SHOWN_AS_IS.match(word) or _MARKUP.match(word):
            continue
        yield match.start() + 1, match.group()
    for match in _BRACKET_IN_COMMAND.finditer(line):
        yield match.start() + 1, match.group()


_TEMPLATE_ANGLE = re.compile(r"(?<![<\w])<([A-Za-z][^<>\n]*?)>")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def template_placeholders(text: str) -> Iterator[tuple[int, str]]:
    """(1-based column, text) of each ``<…>`` a template asks to replace, in a value or a
    heading: ``<service>``, ``<The task, as an imperative>``, ``<AlertName>``. HTML
    (``<br>``, ``<kbd>``, ``</p>``), autolinks (``<https://…>``), mail addresses
    (``Name <me@example.org>``), words tools print (``<none>``) and generics (``List<T>``) are
    not."""
    for match in _TEMPLATE_ANGLE.finditer(text):
        inner = match[1].strip()
        if _SHOWN_AS_IS.match(inner) or _MARKUP.match(inner) or _SCHEME.match(inner):
            continue
        yield match.start() + 1, match.group()


def code_placeholders(line: str) -> Iterator[tuple[int, str]]:
    """(1-based column, text) of each placeholder value in a line of code: TODO, ``YOUR_TOKEN``,
    ``CHANGEME``, ``xxx`` as a value."""
    for match in _IN_CODE.finditer(line):
        yield match.start() + 1, match.group()


_IN_PROSE = re.compile(
    r"""(?P<marker>\b(?:TODO|TBD|FIXME|CHANGEME)\b)
      | (?P<lorem>\b[Ll]orem\s+ipsum\b)
      | (?P<time>\bHH:MM(?::SS)?\b)
      | (?P<bracket>(?<![\w\]\\!`])\[(?:[A-Z][a-z]*(?:[ _-][A-Za-z]+){0,3}|[A-Z][A-Z0-9_]+)\]
        (?![\[(:\w]))""",
    re.VERBOSE,
)
_LABELS = frozenset(
    [
        "DEPRECATED",
        "OPTIONAL",
        "REQUIRED",
        "NOTE",
        "TIP",
        "BETA",
        "ALPHA",
        "NEW",
        "PASS",
        "FAIL",
        "SKIP",
    ]
)
"""Bracketed words that are labels, not names to fill in. Log levels (``[ERROR]``), ``[WIP]``,
``[DRAFT]`` and two-letter words (``[OK]``) are not here: ``references.is_link_like`` already
tells them from links, and a bracket that is not link-like is never a placeholder."""


def prose_placeholders(text: str, *, brackets: bool = True) -> Iterator[tuple[int, str]]:
    """(offset in ``text``, text) of each placeholder in literal prose (no code, no links):
    TODO, TBD, FIXME, CHANGEME, lorem ipsum, HH:MM, and ``[Name]``-style brackets unless
    ``brackets`` is False. A bracket that is a label (``[ERROR]``, ``[WIP]``), a step through a
    UI (``[Status] -> [Targets]``) or a whole line (an INI header) is not one."""
    from irdocs.lint.references import is_link_like

    for match in _IN_PROSE.finditer(text):
        found = match.group()
        if match["bracket"]:
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.end())
            whole_line = text[line_start : len(text) if line_end < 0 else line_end].strip()
            if (
                not brackets
                or found[1:-1].upper() in _LABELS
                or whole_line == found
                or not is_link_like(found[1:-1], text, match.start(), match.end())
            ):
                continue
        yield match.start(), found
