"""What counts as template text left behind (lint/placeholders.py), one function at a time: the
words, tags and labels that are not placeholders are listed here in full, so that dropping one
from the module is a failing test, not a new false positive on somebody's runbook."""

from __future__ import annotations

import pytest

from irdocs.lint.placeholders import (
    code_placeholders,
    command_parameters,
    find_placeholders,
    prose_placeholders,
    template_placeholders,
)

HTML_TAGS = [
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
LABELS = [
    "INFO",
    "ERROR",
    "WARN",
    "WARNING",
    "DEBUG",
    "TRACE",
    "FATAL",
    "NOTICE",
    "CRITICAL",
    "WIP",
    "DRAFT",
    "DEPRECATED",
    "OPTIONAL",
    "REQUIRED",
    "NOTE",
    "TIP",
    "BETA",
    "ALPHA",
    "NEW",
    "OK",
    "PASS",
    "FAIL",
    "SKIP",
]
TOOL_OUTPUT = ["none", "nil", "no value", "unknown", "invalid"]


@pytest.mark.parametrize("tag", HTML_TAGS)
def test_an_html_tag_is_markup_not_a_placeholder(tag: str) -> None:
    assert list(find_placeholders(f"Press <{tag}> then <{tag.upper()}>.")) == []


@pytest.mark.parametrize("word", TOOL_OUTPUT)
def test_what_tools_print_in_angle_brackets_is_not_a_placeholder(word: str) -> None:
    assert list(find_placeholders(f"NODE <{word}>")) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("TODO and TBD and FIXME", [(0, 1, "TODO"), (0, 10, "TBD"), (0, 18, "FIXME")]),
        ("a todo, tbd or fixme in prose", []),
        ("Lorem Ipsum dolor", [(0, 1, "Lorem Ipsum")]),
        ("at HH:MM:SS", [(0, 4, "HH:MM:SS")]),
        ("[Name] and [ON_CALL] and [a] and [name]", [(0, 1, "[Name]"), (0, 12, "[ON_CALL]")]),
        ("[Name](link) [Name][ref] [Name]: x a[Name]", []),
        ("<service-name> <pod name> <region_id>", [
            (0, 1, "<service-name>"), (0, 16, "<pod name>"), (0, 27, "<region_id>"),
        ]),
        ("first\n\nthird <...>", [(2, 7, "<...>")]),
        ("<!-- TODO -->TBD", [(0, 14, "TBD")]),
        ("<!--\nTODO\n-->\nTBD", [(3, 1, "TBD")]),
        ("a todo, then TBD", [(0, 14, "TBD")]),
        ("[name], then [Name]", [(0, 14, "[Name]")]),
        ("<br>, then <pod-name>", [(0, 12, "<pod-name>")]),
        ("<none>, then <pod-name>", [(0, 14, "<pod-name>")]),
    ],
)  # fmt: skip
def test_placeholders_in_a_section(text: str, found: list[tuple[int, int, str]]) -> None:
    assert list(find_placeholders(text)) == found


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("kubectl logs <pod-name> -n <namespace>", [(14, "<pod-name>"), (28, "<namespace>")]),
        ("curl -H 'Authorization: <e.g. a token>'", [(25, "<e.g. a token>")]),
        ("govuk-connect [PUBLISHER] -e [ENV_NAME]", [(15, "[PUBLISHER]"), (30, "[ENV_NAME]")]),
        ("sort < in > out 2>&1", []),
        ("cat <<EOF", []),
        ("diff <(ls a) <(ls b)", []),
        ("echo $<x> a<b>", []),
        ("kubectl get pods  # NODE <none> <NONE> <pending> <TOKEN_SCRUBBED> <x_redacted>", []),
        ('echo "<script src=x>" "<br>" "<div>" "Ops <ops@example.org>"', []),
        ("[section]", []),
        ("  [database]  ", []),
        ("test [ -z $X ] && [[ $Y ]] ${A[INDEX]} arr[IDX]", []),
        ("[ON CALL] [TEAM-1]", [(1, "[ON CALL]"), (11, "[TEAM-1]")]),
        ("echo <none> '<br>' <pod-name>", [(20, "<pod-name>")]),
    ],
)
def test_parameters_in_a_command(line: str, found: list[tuple[int, str]]) -> None:
    assert list(command_parameters(line)) == found


@pytest.mark.parametrize(
    "word",
    [
        "none", "nil", "null", "no value", "unknown", "invalid", "pending", "empty", "redacted",
        "hidden", "snip", "truncated", "omitted", "masked", "API_KEY_SCRUBBED", "scrubbed",
        "token_redacted",
    ],
)  # fmt: skip
def test_what_tools_print_is_not_a_parameter(word: str) -> None:
    assert list(command_parameters(f"kubectl get x  # <{word}>")) == []
    assert list(template_placeholders(f"Owner: <{word}>")) == []


@pytest.mark.parametrize(
    "tag",
    [
        "script",
        "style",
        "link",
        "meta",
        "html",
        "head",
        "body",
        "div",
        "span",
        "p",
        "br",
        "hr",
        "img",
        "a",
        "li",
        "ul",
        "ol",
        "td",
        "tr",
        "th",
        "table",
        "code",
        "pre",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "details",
        "summary",
        "kbd",
    ],
)
def test_an_html_element_in_a_command_is_not_a_parameter(tag: str) -> None:
    assert list(command_parameters(f"echo '<{tag}>'")) == []
    assert list(template_placeholders(f"Press <{tag.upper()}>")) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Restart <service> in <The region, as a code>", [
            (9, "<service>"), (22, "<The region, as a code>"),
        ]),
        ("<AlertName>", [(1, "<AlertName>")]),
        ("see <https://example.org> or <mailto:ops@example.org>", []),
        ("Ops <ops@example.org>, List<T>, a<<b>", []),
        ("</p> <br> <kbd> <a href='x'>", []),
        ("<none> <br> <https://x> <service>", [(25, "<service>")]),
    ],
)  # fmt: skip
def test_template_placeholders_in_a_value(text: str, found: list[tuple[int, str]]) -> None:
    assert list(template_placeholders(text)) == found


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("TOKEN=YOUR_API_TOKEN", [(7, "YOUR_API_TOKEN")]),
        ("--host your-db-host", [(8, "your-db-host")]),
        ("PASSWORD=CHANGEME # TODO", [(10, "CHANGEME"), (21, "TODO")]),
        ("password: changeme", [(11, "changeme")]),
        ("KEY=CHANGE_ME", [(5, "CHANGE_ME")]),
        ('curl -u "xxx" /XXXX/ key: xxxx', [(10, "xxx"), (16, "XXXX"), (27, "xxxx")]),
        ("ls xx; grep xxx.log; yours=1", []),
    ],
)
def test_placeholder_values_in_code(line: str, found: list[tuple[int, str]]) -> None:
    assert list(code_placeholders(line)) == found


@pytest.mark.parametrize("label", LABELS)
def test_a_bracketed_label_is_not_a_placeholder(label: str) -> None:
    assert list(prose_placeholders(f"A line marked [{label}] in the log")) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("TODO, TBD, FIXME, CHANGEME", [(0, "TODO"), (6, "TBD"), (11, "FIXME"), (18, "CHANGEME")]),
        (
            "lorem ipsum and Lorem ipsum at HH:MM",
            [(0, "lorem ipsum"), (16, "Lorem ipsum"), (31, "HH:MM")],
        ),
        ("Page [Name] or [ON_CALL_2]", [(5, "[Name]"), (15, "[ON_CALL_2]")]),
        ("[Status] -> [Targets]", []),
        ("Open [Name]  -> Users, [Name]   -> Users", [(23, "[Name]")]),
        ("→ [Name], x ->   [Name], x ->    [Name]", [(33, "[Name]")]),
        ("[WIP] [PASS] [Name]", [(13, "[Name]")]),
        ("[Name]", []),
        ("intro\n[Name]\nend", []),
        ("![Name] `[Name]` \\[Name] [Name](x) [Name][y] [Name]: z", []),
        ("[The Four Word Name] [The Long Five Word Name]", [(0, "[The Four Word Name]")]),
    ],
)
def test_placeholders_in_prose(text: str, found: list[tuple[int, str]]) -> None:
    assert list(prose_placeholders(text)) == found


def test_brackets_can_be_left_to_another_rule() -> None:
    assert list(prose_placeholders("Page [Name] by TODO", brackets=False)) == [(15, "TODO")]
