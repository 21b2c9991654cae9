"""JSON Schema's ``pattern`` as the standard defines it: an ECMA-262 regular expression, in which
``$`` matches only at the end of the string.

Python's ``$`` also matches before a final newline, so with ``re.search`` (what jsonschema uses)
``^INC-[0-9]{4}-...$`` accepted an ID ending in a newline, and ``irdocs postmortem`` then made a
file name with a newline in it. The schemas stay standard (editors validate them as ECMA); the
validator here reads ``$`` as ``\\Z``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError


@functools.cache
def compile_ecma(pattern: str) -> re.Pattern[str]:
    """``pattern`` with each ``$`` that is an anchor (not escaped, not in a class) as ``\\Z``."""
    out, escaped, in_class = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            out.append(r"\Z")
            continue
        out.append(char)
    return re.compile("".join(out))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not compile_ecma(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


Validator: Any = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, {"pattern": _pattern}
)
"""Draft 2020-12, with ``pattern`` as ECMA-262 reads it."""
