"""Turn a composed YAML node tree into JSON-like data plus the position of every key and value.

PyYAML's constructors lose positions, accept duplicate keys silently and turn timestamps into
``datetime``; JSON Schema wants strings for ``format: date-time``. So we build the data ourselves:
timestamps stay as written, duplicate keys are errors, and alias expansion is bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from irdocs.problem import DocumentProblem

JsonPath = tuple[str | int, ...]
Position = tuple[int, int]

MAX_NODES = 10_000
"""More nodes than this after alias expansion is an alias bomb, not front matter."""
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_SCALARS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}
_constructor = SafeConstructor()


@dataclass(slots=True)
class Tree:
    value: Any = None
    value_positions: dict[JsonPath, Position] = field(default_factory=dict)
    key_positions: dict[JsonPath, Position] = field(default_factory=dict)


def build(root: yaml.Node, *, line_offset: int) -> Tree:
    """Build data from ``root``; ``line_offset`` is the file line of the YAML text's first line."""
    builder = _Builder(line_offset)
    builder.tree.value = builder.node(root, (), ())
    return builder.tree


class _Builder:
    def __init__(self, line_offset: int) -> None:
        self.tree = Tree()
        self.line_offset = line_offset
        self.budget = MAX_NODES

    def position(self, node: yaml.Node) -> Position:
        return node.start_mark.line + self.line_offset, node.start_mark.column + 1

    def problem(self, code: str, message: str, node: yaml.Node) -> DocumentProblem:
        line, column = self.position(node)
        return DocumentProblem(code, message, line=line, column=column)

    def node(self, node: yaml.Node, path: JsonPath, ancestors: tuple[int, ...]) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise self.problem(
                "IR109",
                f"front matter expands to more than {MAX_NODES} YAML nodes "
                "(an alias bomb?); write the values out",
                node,
            )
        if id(node) in ancestors:
            raise self.problem("IR109", "recursive YAML alias", node)
        if len(ancestors) > MAX_DEPTH:
            raise self.problem("IR109", f"YAML nested deeper than {MAX_DEPTH} levels", node)
        self.tree.value_positions[path] = self.position(node)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, (*ancestors, id(node)))
        if isinstance(node, yaml.SequenceNode):
            inner = (*ancestors, id(node))
            return [self.node(item, (*path, i), inner) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, path: JsonPath, ancestors: tuple[int, ...]) -> Any:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise self.problem(
                    "IR106",
                    "YAML merge keys (<<) are not supported; write the fields out",
                    key_node,
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.problem("IR106", "a key must be a plain string", key_node)
            key = str(key_node.value)
            child = (*path, key)
            if key in result:
                first_line = self.tree.key_positions[child][0]
                raise self.problem(
                    "IR108",
                    f"duplicate key '{key}' (first at line {first_line}); keep one",
                    key_node,
                )
            self.tree.key_positions[child] = self.position(key_node)
            result[key] = self.node(value_node, child, ancestors)
        return result

    def scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag in (_STR, _TIMESTAMP):
            return node.value  # timestamps stay as written, for format checks
        if tag in _SCALARS:
            return _constructor.yaml_constructors[tag](_constructor, node)
        raise self.problem("IR106", f"unsupported YAML tag '{tag}'; use plain values", node)
