"""Split a document into its YAML front matter and Markdown body, keeping where every value is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from irdocs.documents.problem import DocumentProblem
from irdocs.documents.source import read_text
from irdocs.documents.yamltree import MAX_DEPTH, JsonPath, Position, build, locate

try:
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

# First characters of plain scalars that an implicit resolver may turn into something other than
# a string (bool, null, int, float, timestamp, merge, ...): every key of PyYAML's resolver table.
_MAYBE_NOT_STR = frozenset(key for key in yaml.resolver.Resolver.yaml_implicit_resolvers if key)
_STR_TAG = "tag:yaml.org,2002:str"


class _Loader(_Base):  # type: ignore[misc]
    """libyaml's loader, with the resolver's answer for plain words given without a regex scan.

    libyaml calls back into Python to resolve every scalar; most front matter values are words
    (statuses, names, messages) that can only be strings.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> Any:
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in _MAYBE_NOT_STR:
            return _STR_TAG
        return super().resolve(kind, value, implicit)


_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_FIRST_YAML_LINE = 2  # the YAML block starts on the line after the opening '---'
# libyaml's composer recurses once per nesting level and overflows the C stack somewhere past
# 20,000 levels; each level takes at least one character, so shorter YAML cannot get there.
_DEEP_NESTING_POSSIBLE = 16_384


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A parsed document: its front matter as JSON-like data, positions, and the body."""

    data: dict[str, Any]
    root: yaml.MappingNode
    """The composed YAML, which knows where every key and value starts."""
    body: str
    body_line: int
    """The file line on which ``body`` starts."""

    def position(self, path: JsonPath, *, at_key: bool = False) -> Position:
        """File line and column (1-based) of ``path``'s value (or key), or of its nearest
        ancestor that exists."""
        mark = locate(self.root, path, at_key=at_key).start_mark
        return mark.line + _FIRST_YAML_LINE, mark.column + 1


@dataclass(frozen=True, slots=True)
class Document:
    """A document as read: its kind, where it is, and its parsed front matter."""

    kind: str
    path: str
    """As reported: relative to the working directory when the file is under it."""
    front_matter: FrontMatter


def read(path: Path) -> FrontMatter:
    """Read and parse the document at ``path``; raise DocumentProblem when it cannot be."""
    return parse(read_text(path))


def split(text: str) -> tuple[str, str]:
    """The YAML text between the ``---`` lines (it starts on file line 2), and the body."""
    if not text.strip():
        raise DocumentProblem(
            "IR105", "empty file; a document starts with a '---' front matter block"
        )
    first_line, _, rest = text.partition("\n")
    if first_line.rstrip() != "---":
        raise DocumentProblem("IR105", "no front matter: the first line must be '---'")
    closing = _CLOSING.search(rest)
    if closing is None:
        raise DocumentProblem("IR105", "front matter is not closed: add a '---' line after it")
    return rest[: closing.start()], rest[closing.end() + 1 :]


def parse(text: str) -> FrontMatter:
    yaml_text, body = split(text)
    body_line = _FIRST_YAML_LINE + yaml_text.count("\n") + 1
    root = _compose(yaml_text)
    if not isinstance(root, yaml.MappingNode):
        kind = "empty" if root is None else f"a {_node_kind(root)}"
        raise DocumentProblem(
            "IR107",
            f"front matter is {kind}; it must be a mapping of fields (key: value)",
            line=_FIRST_YAML_LINE if root is None else root.start_mark.line + _FIRST_YAML_LINE,
        )
    data = build(root, line_offset=_FIRST_YAML_LINE)
    return FrontMatter(data, root, body, body_line)


def _compose(yaml_text: str) -> yaml.Node | None:
    try:
        if len(yaml_text) > _DEEP_NESTING_POSSIBLE:
            _check_depth(yaml_text)
        return yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + _FIRST_YAML_LINE, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if mark and "\t" in yaml_text.split("\n")[mark.line][: mark.column + 1]:
            problem += " (a tab: indent YAML with spaces)"
        raise DocumentProblem("IR106", f"YAML: {problem}", line=line, column=column) from None
    except yaml.YAMLError as exc:
        raise DocumentProblem("IR106", f"YAML: {exc}") from None


def _check_depth(yaml_text: str) -> None:
    """Refuse nesting the composer would recurse into until the C stack overflows."""
    depth = 0
    for event in yaml.parse(yaml_text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, column = (mark.line + _FIRST_YAML_LINE, mark.column + 1) if mark else (1, 1)
                message = f"YAML nested deeper than {MAX_DEPTH} levels"
                raise DocumentProblem("IR109", message, line=line, column=column)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "scalar value"
