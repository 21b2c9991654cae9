"""An edit of an incident file keeps every byte outside the edited keys (property-based).

Incident files are generated in the shapes the handbook's own incidents take (tests/cases/
_handbook/incidents, incidents/), with the formatting an author may choose: comments on their
own lines and after values, plain, single- and double-quoted strings, flow and block lists and
mappings (a flow one on one line or broken over two), blank lines, two or four spaces, list
dashes indented or not, folded messages, CRLF line ends, a byte-order mark, text in any
language, and a body of any text, ``---`` lines included. One document keeps one indentation
style, as a YAML dumper writes one.

The edits are the lifecycle commands' (``update``, ``assign``): set the status, append an update,
set a role. The checks: the body is the same bytes; the lines of the keys not edited, the comment
and blank lines included, are the same lines in the same order; the result reads back with the
new values and every other value as it was; and reading and writing the result changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from irdocs.documents.frontmatter import parse
from irdocs.incidents import incident_file, roundtrip

BOM = "\ufeff"
ROLES = ("commander", "communications_lead", "operations_lead", "scribe")
NAMES = ["Priya Raman", "Tomás Díaz", "Mei Lin", "Jonas Weber", "O'Neil Brandt", "Zoë Ångström"]
TITLES = [
    "Checkout errors for EU customers",
    "Search and category pages failing for a third of requests",
    "Swiss order confirmations show amounts with a euro sign: € instead of CHF",
    "Zahlungen schlagen fehl \u2013 Kartenprüfung",
    "決済の遅延",
    "Slow search results #2",
]
MESSAGES = [
    "We are investigating failed checkouts for some customers in Europe. Next update by 10:00 UTC.",
    "Checkout works again since 09:59 UTC; we are monitoring it.",
    "SEV-2 declared. SearchHighErrorRate: 38% HTTP 500 on /v1/search and /v1/categories since "
    "16:41. Cluster search-prod is green but three data nodes are above 95% disk.",
    'Confirmation pages show "CHF 89.95" again — vérifié sur le web et l\'app.',
    "Résolu.",
]
COMMENTS = ["# irdocs ack", "# all | subset | internal", "# géré par l'équipe paiements", "#"]
TIMES = [
    "2026-03-04T09:12:00+00:00",
    "2026-03-04T09:19:00+00:00",
    "2026-03-04T10:21:00+01:00",
    "2026-03-04T09:24:00Z",
    "2026-03-04T09:59:00+00:00",
    "2026-03-04T11:30:00+00:00",
]
STATUSES = ["investigating", "identified"]
AT = "2026-03-04T12:00:00+00:00"
TIMESTAMPS = ["impact_started", "detected", "acknowledged", "declared", "mitigated", "resolved"]


# --- writing YAML the ways an author does ----------------------------------------------------


def plain_is_safe(value: str) -> bool:
    try:
        return yaml.safe_load(f"key: {value}\n") == {"key": value}
    except yaml.YAMLError:
        return False


def scalar(value: str, style: str) -> str:
    if style == "plain" and plain_is_safe(value):
        return value
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Style:
    mapping: int  # spaces per mapping level
    dash: int  # spaces before a list's dash
    newline: str
    bom: bool


@st.composite
def decorated(draw: st.DrawFn, line: str) -> list[str]:
    """``line`` with an end-of-line comment maybe, after blank and comment lines maybe."""
    before = draw(st.lists(st.sampled_from(["", *COMMENTS]), max_size=2))
    if draw(st.booleans()) and draw(st.booleans()):
        line += " " * draw(st.integers(1, 3)) + draw(st.sampled_from(COMMENTS))
    return [*before, line]


@st.composite
def sequence(draw: st.DrawFn, key: str, items: list[str], indent: int, style: Style) -> list[str]:
    quoting = draw(st.sampled_from(["plain", "single", "double"]))
    values = [scalar(item, quoting) for item in items]
    pad = " " * indent
    if not items or draw(st.booleans()):
        if len(values) > 1 and draw(st.booleans()):  # broken over two lines, as authors do
            more = " " * (indent + style.mapping)
            return [f"{pad}{key}: [{values[0]},", f"{more}{', '.join(values[1:])}]"]
        return [f"{pad}{key}: [{', '.join(values)}]"]
    dash = " " * (indent + style.dash)
    return [f"{pad}{key}:", *(f"{dash}- {value}" for value in values)]


@st.composite
def roles(draw: st.DrawFn, style: Style) -> list[str]:
    chosen = draw(st.lists(st.sampled_from(ROLES), unique=True, max_size=4))
    people = {role: draw(st.sampled_from(NAMES)) for role in ROLES if role in chosen}
    experts = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=2))
    quoting = draw(st.sampled_from(["plain", "single", "double"]))
    if draw(st.booleans()) or not (people or experts):  # flow: {commander: A, scribe: B}
        pairs = [f"{role}: {scalar(name, quoting)}" for role, name in people.items()]
        if experts:
            pairs.append(f"experts: [{', '.join(scalar(e, quoting) for e in experts)}]")
        if len(pairs) > 1 and draw(st.booleans()):  # broken over two lines
            more = " " * style.mapping
            return [f"roles: {{{pairs[0]},", f"{more}{', '.join(pairs[1:])}}}"]
        return [f"roles: {{{', '.join(pairs)}}}"]
    pad = " " * style.mapping
    lines = ["roles:"]
    for role, name in people.items():
        lines += [f"{pad}{role}: {scalar(name, quoting)}"]
    if experts:
        lines += draw(sequence("experts", experts, style.mapping, style))
    if draw(st.booleans()):
        lines.insert(draw(st.integers(1, len(lines))), f"{pad}# the roles, as assigned")
    return lines


@st.composite
def updates(draw: st.DrawFn, style: Style) -> list[str]:
    dash = " " * style.dash
    key = " " * (style.dash + 2)
    lines = ["updates:"]
    for index in range(draw(st.integers(1, 3))):
        message = draw(st.sampled_from(MESSAGES))
        lines += [
            f"{dash}- at: {TIMES[3 + index]}",
            f"{key}status: {draw(st.sampled_from(['investigating', 'identified']))}",
            f"{key}audience: {draw(st.sampled_from(['internal', 'public']))}",
        ]
        if draw(st.booleans()):  # folded, as `irdocs update` writes long messages
            words, folded, line = message.split(" "), [], ""
            for word in words:
                if line and len(line) + len(word) > 40:
                    folded.append(line)
                    line = word
                else:
                    line = f"{line} {word}" if line else word
            more = key + " " * style.mapping  # a block scalar is indented as a mapping is
            lines += [f"{key}message: >-", *(f"{more}{part}" for part in [*folded, line])]
        else:
            lines += [
                f"{key}message: {scalar(message, draw(st.sampled_from(['plain', 'double'])))}"
            ]
    if draw(st.booleans()):
        lines.append(f"{key}# more to come")
    return lines


body_lines = st.lists(
    st.sampled_from(["---", "...", "", "## What's happening", "- a list item", "key: value"])
    | st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r\n\x00")),
    max_size=8,
)


@st.composite
def incident_files(draw: st.DrawFn) -> tuple[str, str, Style]:
    """(the file's text, its body after the closing ``---`` line, its style)."""
    style = Style(
        mapping=draw(st.sampled_from([2, 4])),
        dash=draw(st.sampled_from([0, 2])),
        newline=draw(st.sampled_from(["\n", "\r\n"])),
        bom=draw(st.booleans()),
    )
    quoting = st.sampled_from(["plain", "single", "double"])
    pad = " " * style.mapping
    keys: list[list[str]] = [
        [f"id: {scalar('INC-2026-03-04-checkout-eu-errors', draw(quoting))}"],
        [f"title: {scalar(draw(st.sampled_from(TITLES)), draw(quoting))}"],
        [f"severity: {scalar(draw(st.sampled_from(['SEV-2', 'SEV-3'])), draw(quoting))}"],
        [f"status: {scalar(draw(st.sampled_from(STATUSES)), draw(quoting))}"],
        draw(sequence("services", ["checkout", *draw(st.sets(st.just("payments")))], 0, style)),
        [
            "customer_impact:",
            f"{pad}scope: subset",
            f"{pad}description: {scalar(draw(st.sampled_from(MESSAGES)), draw(quoting))}",
        ],
        [f"detection_source: {draw(st.sampled_from(['alert', 'customer']))}"],
    ]
    if draw(st.booleans()):
        keys.append(draw(roles(style)))
    for name, time in zip(TIMESTAMPS, TIMES, strict=True):
        if name == "declared" or draw(st.booleans()):
            keys.append([f"{name}: {time}"])
    if draw(st.booleans()):
        keys.append(draw(sequence("runbooks", ["checkout/rollback-deploy"], 0, style)))
    if draw(st.booleans()):
        keys.append(draw(updates(style)))
    lines: list[str] = []
    for key in keys:
        first, *more = key
        lines += [*draw(decorated(first)), *more]
    lines += draw(st.lists(st.sampled_from(["", *COMMENTS]), max_size=2))
    body = "\n".join(draw(body_lines))
    text = "---\n" + "\n".join(lines) + "\n---\n" + body
    text = text.replace("\n", style.newline)
    return (BOM if style.bom else "") + text, body.replace("\n", style.newline), style


# --- the edits -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    key: str
    """The top-level key it changes."""
    what: str
    value: Any


edits = st.lists(
    st.builds(
        Edit, st.just("status"), st.just("status"), st.sampled_from(["identified", "monitoring"])
    )
    | st.builds(
        Edit,
        st.just("updates"),
        st.just("update"),
        st.tuples(st.sampled_from(["internal", "public"]), st.sampled_from(MESSAGES)),
    )
    | st.builds(
        Edit,
        st.just("roles"),
        st.just("role"),
        st.tuples(st.sampled_from([*ROLES, "expert"]), st.sampled_from(["Aisha Bello", *NAMES])),
    ),
    min_size=1,
    max_size=3,
)


def apply(draft: incident_file.Draft, edit: Edit) -> None:
    """What ``irdocs update`` and ``irdocs assign`` do to the front matter."""
    if edit.what == "status":
        draft.set("status", edit.value)
    elif edit.what == "update":
        audience, message = edit.value
        if "updates" not in draft.front:
            draft.set("updates", CommentedSeq())
        entry = [("at", AT), ("status", "identified")]
        entry += [("audience", audience), ("message", roundtrip.text(message, 6))]
        roundtrip.append(draft.front["updates"], CommentedMap(entry))
    else:
        role, who = edit.value
        if "roles" not in draft.front:
            draft.set("roles", CommentedMap())
        roles = draft.front["roles"]
        order = (*ROLES, "experts")
        if role != "expert":
            roundtrip.set_in_order(roles, role, who, order)
            return
        if "experts" not in roles:
            experts = CommentedSeq()
            experts.fa.set_flow_style()
            roundtrip.set_in_order(roles, "experts", experts, order)
        roundtrip.append(roles["experts"], who)


def expected(data: dict[str, Any], applied: list[Edit]) -> dict[str, Any]:
    """The front matter's values once the edits are made."""
    before, data = data, {**data, "roles": dict(data.get("roles", {}))}
    for edit in applied:
        if edit.what == "status":
            data["status"] = edit.value
        elif edit.what == "update":
            audience, message = edit.value
            entry = {"at": parse(f"---\nat: {AT}\n---\n").data["at"], "status": "identified"}
            entry |= {"audience": audience, "message": message}
            data["updates"] = [*data.get("updates", []), entry]
        elif edit.value[0] == "expert":
            data["roles"]["experts"] = [*data["roles"].get("experts", []), edit.value[1]]
        else:
            data["roles"][edit.value[0]] = edit.value[1]
    if not data["roles"] and "roles" not in before and all(e.key != "roles" for e in applied):
        del data["roles"]
    return data


_TOP_KEY = re.compile(r"^([A-Za-z_]\w*):")


def lines_outside(front: str, edited: set[str]) -> list[str]:
    """The front matter's lines, less those of the ``edited`` top-level keys: a key's lines are
    its own and the indented (or ``-``) lines under it; blank lines and comment lines at the
    left margin belong to no key."""
    kept, key = [], None
    for line in front.split("\n"):
        top = _TOP_KEY.match(line)
        if top:
            key = top.group(1)
        elif not line.strip() or line.startswith("#"):
            key = None
        if key not in edited:
            kept.append(line)
    return kept


@given(incident_files(), edits)
def test_an_edit_keeps_every_byte_outside_the_edited_keys(
    tmp_path_factory: pytest.TempPathFactory,
    file: tuple[str, str, Style],
    applied: list[Edit],
) -> None:
    text, body, style = file
    path = tmp_path_factory.getbasetemp() / "INC-2026-03-04-checkout-eu-errors.md"
    path.write_bytes(text.encode("utf-8"))
    draft = incident_file.read(path)
    for edit in applied:
        apply(draft, edit)
    result = draft.text()

    closing = f"{style.newline}---{style.newline}"
    assert result.endswith(closing + body), "the body changed"
    head = result[: len(result) - len(closing + body)]
    assert head.startswith((BOM if style.bom else "") + "---" + style.newline)
    assert not head.startswith(BOM * 2) and "\n---\n" not in head.replace("\r\n", "\n")
    if style.newline == "\r\n":
        assert "\n" not in result.replace("\r\n", ""), "an LF line end in a CRLF file"
    else:
        assert "\r" not in result.replace("\r", "") or "\r" in body

    before = text.removeprefix(BOM).replace("\r\n", "\n")
    after = result.removeprefix(BOM).replace("\r\n", "\n")
    edited = {edit.key for edit in applied}
    assert lines_outside(front(after), edited) == lines_outside(front(before), edited)

    assert parse(after).data == expected(parse(before).data, applied)
    path.write_bytes(result.encode("utf-8"))
    assert incident_file.read(path).text() == result, "reading and writing again changed it"


def front(text: str) -> str:
    return text.removeprefix("---\n").partition("\n---\n")[0]


# --- what the property found, each as Hypothesis shrank it ---------------------------------

SHRUNK = """\
---
id: INC-2026-03-04-checkout-eu-errors
title: Checkout errors for EU customers
severity: SEV-2
status: investigating
{services}customer_impact:{comment}
{pad}scope: subset
{pad}description: Checkout failed for some customers in Europe.
detection_source: alert
{before}declared: 2026-03-04T09:24:00Z
{after}---
"""


def edited(
    tmp_path: Path, text: str, edit: Edit, *, services: str = "services: [checkout]\n"
) -> tuple[str, str]:
    path = tmp_path / "INC-2026-03-04-checkout-eu-errors.md"
    path.write_text(text, encoding="utf-8")
    draft = incident_file.read(path)
    apply(draft, edit)
    return text, draft.text()


def shrunk(**parts: str) -> str:
    fields = {"services": "services: [checkout]\n", "comment": "", "pad": "  "}
    return SHRUNK.format(**(fields | {"before": "", "after": ""} | parts))


STATUS = Edit("status", "status", "identified")
UPDATE = Edit("updates", "update", ("internal", "Checkout works again since 09:59 UTC."))
COMMANDER = Edit("roles", "role", ("commander", "Mei Lin"))


def test_a_list_with_its_dashes_at_its_keys_indent_stays_so(tmp_path: Path) -> None:
    # The property's first find: `services:` then `- checkout` (as PyYAML itself writes lists)
    # came back as `  - checkout` after an edit of the status.
    text, result = edited(tmp_path, shrunk(services="services:\n- checkout\n"), STATUS)
    assert "\nservices:\n- checkout\ncustomer_impact:\n" in result
    assert result == text.replace("status: investigating", "status: identified")


def test_blank_lines_at_the_top_of_the_front_matter_stay(tmp_path: Path) -> None:
    text = shrunk().replace("---\n", "---\n\n", 1)
    _, result = edited(tmp_path, text, STATUS)
    assert result == text.replace("status: investigating", "status: identified")


def test_a_comment_after_a_key_does_not_hide_its_indent(tmp_path: Path) -> None:
    # `customer_impact: # ...` with its fields four spaces in came back two spaces in
    text = shrunk(comment=" # irdocs impact", pad="    ")
    _, result = edited(tmp_path, text, STATUS)
    assert result == text.replace("status: investigating", "status: identified")


NEW_UPDATE = (
    f"updates:\n  - at: {AT}\n    status: identified\n    audience: internal\n"
    "    message: Checkout works again since 09:59 UTC.\n"
)


def test_lines_after_a_new_list_stay_after_its_items(tmp_path: Path) -> None:
    # A new `updates:` took over the blank line after the key it follows, and its first item
    # was written below it: `updates:`, a blank line, then `  - at: ...`.
    text, result = edited(tmp_path, shrunk(after="\n"), UPDATE)
    assert result == text.replace("Z\n\n---", f"Z\n{NEW_UPDATE}\n---")


def test_lines_after_a_new_mapping_stay_after_its_items(tmp_path: Path) -> None:
    # Likewise `roles:`, its first role written below the comment above `declared`
    text, result = edited(tmp_path, shrunk(before="# the times\n"), COMMANDER)
    roles = "roles:\n  commander: Mei Lin\n"
    assert result == text.replace("alert\n# the times", f"alert\n{roles}# the times")


def test_an_indented_comment_after_a_folded_message_keeps_its_indent(tmp_path: Path) -> None:
    updates = "updates:\n- at: 2026-03-04T09:26:00Z\n  message: >-\n    Checking.\n  # more\n"
    text = shrunk(services="services:\n- checkout\n", after=updates)
    _, result = edited(tmp_path, text, UPDATE)
    assert result.endswith("  message: Checkout works again since 09:59 UTC.\n  # more\n---\n")
