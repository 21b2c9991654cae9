"""Turn a composed YAML node tree into JSON-like data plus the position of every key and value.

PyYAML's constructors lose positions, accept duplicate keys silently and turn timestamps into
``datetime``; JSON Schema wants strings for ``format: date-time``. So we build the data ourselves:
timestamps stay as written, duplicate keys are errors, and alias expansion is bounded.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from irdocs.documents.problem import DocumentProblem

JsonPath = tuple[str | int, ...]
Position = tuple[int, int]

MAX_NODES = 10_000
"""More nodes than this after alias expansion is an alias bomb, not front matter."""
MAX_DEPTH = 64
MAX_INT = 2**63 - 1
"""Integers are 64-bit signed: larger ones are refused before anything reads them."""
MIN_INT = -(2**63)

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"
_SCALARS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}
_constructor = SafeConstructor()


def build(root: yaml.Node, *, line_offset: int) -> Any:
    """Build data from ``root``; ``line_offset`` is the file line of the YAML text's first line."""
    return _Builder(line_offset).node(root, ())


def locate(root: yaml.Node, path: JsonPath, *, at_key: bool = False) -> yaml.Node:
    """The node of ``path`` (or of its key), or of its nearest ancestor that exists.

    Positions are looked up here, from the composed nodes, only when a finding needs one:
    recording every position while building cost more than all the lookups.
    """
    node, found = root, root
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                break
            found, node = (pair[0] if at_key else pair[1]), pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            found = node = node.value[part]
        else:
            break
    return found


class _Builder:
    def __init__(self, line_offset: int) -> None:
        self.line_offset = line_offset
        self.budget = MAX_NODES

    def problem(self, code: str, message: str, node: yaml.Node) -> DocumentProblem:
        line = node.start_mark.line + self.line_offset
        return DocumentProblem(code, message, line=line, column=node.start_mark.column + 1)

    def node(self, node: yaml.Node, ancestors: tuple[int, ...]) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise self.problem(
                "IR109",
                f"front matter expands to more than {MAX_NODES} YAML nodes "
                "(an alias bomb?); write the values out",
                node,
            )
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in ancestors:
            raise self.problem("IR109", "recursive YAML alias", node)
        if len(ancestors) > MAX_DEPTH:
            raise self.problem("IR109", f"YAML nested deeper than {MAX_DEPTH} levels", node)
        inner = (*ancestors, id(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, inner)
        return [self.node(item, inner) for item in node.value]

    def mapping(self, node: yaml.MappingNode, ancestors: tuple[int, ...]) -> Any:
        result: dict[str, Any] = {}
        keys: dict[str, yaml.Node] = {}
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
            if key in keys:
                first_line = keys[key].start_mark.line + self.line_offset
                raise self.problem(
                    "IR108",
                    f"duplicate key '{key}' (first at line {first_line}); keep one",
                    key_node,
                )
            keys[key] = key_node
            result[key] = self.node(value_node, ancestors)
        return result

    def integer(self, node: yaml.Node) -> int:
        """An integer of 64 bits at most: no field needs more, JSON tools and databases hold no
        more, and Python refuses to even read one of more than 4,300 digits (ValueError)."""
        try:
            value = _constructor.yaml_constructors[_INT](_constructor, node)
        except ValueError:
            value = None
        if not isinstance(value, int) or not MIN_INT <= value <= MAX_INT:
            digits = sum(character.isdigit() for character in str(node.value))
            raise self.problem(
                "IR101",
                f"an integer of {digits} digits is out of range; integers go from -2^63 to "
                "2^63 - 1",
                node,
            )
        return value

    def scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag in (_STR, _TIMESTAMP):
            return node.value  # timestamps stay as written, for format checks
        if tag == _INT:
            return self.integer(node)
        if tag in _SCALARS:
            return _constructor.yaml_constructors[tag](_constructor, node)
        raise self.problem("IR106", f"unsupported YAML tag '{tag}'; use plain values", node)
