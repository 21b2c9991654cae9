"""Front matter edited in place: ruamel.yaml's round-trip mode, tuned to change only what we set.

PyYAML (which validation uses) drops comments, key order and quoting; ruamel.yaml keeps them.
Two settings make its output match what validation reads: YAML 1.1 resolution (as PyYAML), so a
new value such as ``no`` is quoted, and no timestamp type, so times stay exactly as written and
a new one is written plain, ``2026-03-04T09:12:00+01:00``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

LINE_WIDTH = 100
"""New long messages are folded (``>-``) to stay within this many columns."""
_BLOCK_SCALARS = (FoldedScalarString, LiteralScalarString)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?[^\s#-][^:#]*:(?:\s|$)")
_ITEM_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)\S")
_OPENS_BLOCK = re.compile(r":?\s*(?:#.*)?$")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


class _Resolver(VersionedResolver):
    def add_version_implicit_resolver(
        self, version: Any, tag: Any, regexp: Any, first: Any
    ) -> None:
        if tag != _TIMESTAMP:
            super().add_version_implicit_resolver(version, tag, regexp, first)

    @property
    def processing_version(self) -> Any:
        return (1, 1)


def _yaml(yaml_text: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = _Resolver
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never re-wrap what the author wrote
    mapping, sequence, offset = guess_indent(yaml_text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def load(yaml_text: str) -> CommentedMap:
    data = _yaml(yaml_text).load(yaml_text)
    if not isinstance(data, CommentedMap):
        raise ValueError("front matter is not a mapping")
    return data


def dump(data: CommentedMap, original: str) -> str:
    """``data`` as YAML, indented as ``original`` is; a top-level key whose value is as it was
    keeps its lines as written."""
    stream = io.StringIO()
    _yaml(original).dump(data, stream)
    # ruamel.yaml drops blank lines before the first key or comment; the author's stay
    blank = _LEADING_BLANK_LINES.match(original)
    dumped = (blank[0] if blank else "") + _LEADING_BLANK_LINES.sub("", stream.getvalue(), count=1)
    return _as_written(dumped, original, data) if original else dumped


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")


def _values(text: str) -> dict[str, tuple[int, int]] | None:
    """Each top-level key's lines in ``text``: (first, end) line numbers, from its key line to
    its value's last line (the comment and blank lines after it are not its own)."""
    lines = text.split("\n")
    starts = [(n, m[1]) for n, line in enumerate(lines) if (m := _TOP_KEY.match(line))]
    spans: dict[str, tuple[int, int]] = {}
    for (first, key), (following, _) in zip(starts, [*starts[1:], (len(lines), "")], strict=True):
        end = following
        while end > first + 1 and (
            not lines[end - 1].strip() or lines[end - 1].lstrip()[:1] == "#"
        ):
            end -= 1
        spans[key] = (first, end)
    return spans if len(spans) == len(starts) else None


def _as_written(dumped: str, original: str, data: CommentedMap) -> str:
    """``dumped`` with the author's own lines for every top-level value that did not change:
    ruamel.yaml keeps comments, quotes and order, but not everything (a flow mapping broken
    over two lines comes back on one)."""
    before = load(original)
    written, out = _values(original), _values(dumped)
    if written is None or out is None or list(out) != list(data) or list(written) != list(before):
        return dumped  # keys irdocs cannot tell apart by their lines: ruamel.yaml's text as is
    old, new = original.split("\n"), dumped.split("\n")
    for key, (first, end) in sorted(out.items(), key=lambda item: -item[1][0]):
        if key in written and before[key] == data[key]:
            kept = old[written[key][0] : written[key][1]]
            if kept != new[first:end]:
                new[first:end] = kept
    return "\n".join(new)


def guess_indent(yaml_text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as the text writes them; by default the
    example handbook's style: two spaces, and list dashes indented by two."""
    mapping, sequence, offset = None, None, None
    parent: int | None = None
    for line in yaml_text.splitlines():
        match = _KEY_LINE.match(line) or _ITEM_LINE.match(line)
        if match is None:
            if line.strip() and not line.lstrip().startswith("#"):
                parent = None
            continue
        indent = len(match["indent"])
        # a list's dashes may stand at its key's own indent (``key:`` then ``- item``)
        if parent is not None and (indent > parent or (match["dash"] and indent == parent)):
            if match["dash"] and offset is None:
                offset, sequence = indent - parent, indent - parent + len(match["dash"])
            elif not match["dash"] and mapping is None:
                mapping = indent - parent
        opens = _OPENS_BLOCK.match(line, match.end(0) - 1)  # ``key:``, maybe ``# a comment``
        parent = indent + len(match["dash"] or "") if opens else None
    return mapping or 2, sequence or 4, 2 if offset is None else offset


def set_in_order(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``key``; a new key goes after the last present key that ``order`` puts before it,
    and the comment lines that followed that key stay where they were, above the next key."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    before = [k for k in mapping if k in order and order.index(k) < rank]
    position = list(mapping).index(before[-1]) + 1 if before else 0
    if position == 0:
        tail = _take_pending(mapping) if not mapping else None
        mapping.insert(0, key, value)
        if tail:
            _attach_tail(mapping, key, tail)
        return
    previous = list(mapping)[position - 1]
    tail = _detach_tail(mapping, previous)
    mapping.insert(position, key, value)
    if tail:
        _attach_tail(mapping, key, tail)
        if isinstance(value, (CommentedMap, CommentedSeq)) and not value.fa.flow_style():
            # an empty block list or mapping: its items, added next, go above these lines
            _pending[id(value)] = (value, mapping, key)


def append(sequence: CommentedSeq, item: Any) -> None:
    """Append ``item``, keeping comment lines written after the last item at the end."""
    tail = _detach_tail(*_last_leaf(sequence)) if len(sequence) else _take_pending(sequence)
    sequence.append(item)
    if tail:
        _attach_tail(*_last_leaf(sequence), tail)


_pending: dict[int, tuple[Any, CommentedMap, str]] = {}
"""Empty block collections just set, by id: (the collection, its mapping, its key), whose key
holds the comment lines that belong after the collection's first item."""


def _take_pending(collection: Any) -> str | None:
    """The comment lines held on an empty collection's key, taken to go after its first item."""
    pending = _pending.pop(id(collection), None)
    if pending is None or pending[0] is not collection:
        return None
    return _detach_tail(pending[1], pending[2])


def text(message: str, indent: int) -> Any:
    """``message`` as a value: folded at spaces to fit the line width when it is long."""
    simple = "\n" not in message and "  " not in message and message == message.strip()
    if not simple or indent + len(message) <= LINE_WIDTH - 10:
        return message
    folded = FoldedScalarString(message)
    width, positions, start = LINE_WIDTH - indent, [], 0
    while len(message) - start > width:
        cut = message.rfind(" ", start, start + width)
        if cut <= start:
            cut = message.find(" ", start + width)
            if cut == -1:
                break
        positions.append(cut)
        start = cut + 1
    folded.fold_pos = positions
    return folded


def _last_leaf(node: Any) -> tuple[Any, Any]:
    """The innermost (container, key) of ``node``'s last line, where trailing comments attach."""
    container, key = node, (list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1)
    if _block_collection(container[key]):
        return _last_leaf(container[key])
    return container, key


def _detach_tail(container: Any, key: Any) -> str | None:
    """Take the comment and blank lines after ``key``'s line, leaving its end-of-line comment."""
    if _block_collection(container[key]):
        return _detach_tail(*_last_leaf(container[key]))
    entry = container.ca.items.get(key)
    slot = 2 if isinstance(container, CommentedMap) else 0
    token = entry[slot] if entry and len(entry) > slot else None
    if not isinstance(token, CommentToken):
        return None
    if isinstance(container[key], _BLOCK_SCALARS):  # its comment token holds only whole lines
        entry[slot] = None  # and the first line's indent only as the token's column
        return " " * token.column + str(token.value)
    first, newline, rest = token.value.partition("\n")
    if not rest:
        return None
    if first.strip():
        token.value = first + newline
    else:
        entry[slot] = None
    return rest


def _attach_tail(container: Any, key: Any, tail: str) -> None:
    if _block_collection(container[key]):
        _attach_tail(*_last_leaf(container[key]), tail)
        return
    slot = 2 if isinstance(container, CommentedMap) else 0
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    # a block scalar (``>-``, ``|``) has ended its last line already
    newline = "" if isinstance(container[key], _BLOCK_SCALARS) else "\n"
    entry[slot] = CommentToken(newline + tail, CommentMark(0), None)


def _block_collection(value: Any) -> bool:
    """A non-empty mapping or list written in block style: its last line is its last item's."""
    return (
        isinstance(value, (CommentedMap, CommentedSeq))
        and len(value) > 0
        and not value.fa.flow_style()
    )
