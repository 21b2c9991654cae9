"""Front matter a page brings from another site generator, sorted into what irdocs reads and
what it keeps aside: nothing is dropped.

- Keys of the runbook schema whose value the schema accepts stay as they are: ``title`` (Hugo,
  GOV.UK, MkDocs, Backstage TechDocs), ``description`` and ``tags`` (MkDocs, TechDocs, Hugo), and
  the fields of a page already partly written for irdocs.
- GOV.UK's ``owner_slack`` (``"#team-channel"``) also becomes the ``owner``.
- Every other key (Hugo's ``weight`` and ``aliases``, GOV.UK's ``section``, ``parent``,
  ``layout``, ``related_repos``, ``type``…, and a schema key whose value is not valid there) is
  kept under ``x-source``, which irdocs ignores; keys starting with ``x-`` stay where they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema

from irdocs.documents.timestamps import is_date
from irdocs.schemafiles import load_schema

SOURCE_KEY = "x-source"
OWNER_KEYS = ("owner_slack",)
"""Keys of other generators that name the page's owning team."""


@dataclass(frozen=True, slots=True)
class Sorted:
    native: dict[str, Any]
    """Keys irdocs reads, with values its schema accepts."""
    extensions: dict[str, Any]
    """``x-`` keys the page has, kept as they are (an earlier ``x-source`` goes to ``source``)."""
    source: dict[str, Any]
    """Everything else, for ``x-source``."""
    owner: str | None
    """An owner another generator names (GOV.UK's ``owner_slack``)."""


def sort(data: Mapping[str, Any]) -> Sorted:
    native: dict[str, Any] = {}
    extensions: dict[str, Any] = {}
    earlier = data.get(SOURCE_KEY)
    source: dict[str, Any] = dict(earlier) if isinstance(earlier, dict) else {}
    for key, value in data.items():
        if key == SOURCE_KEY and isinstance(value, dict):
            continue
        if key.startswith("x-") and key != SOURCE_KEY:
            extensions[key] = value
        elif _accepted(key, value):
            native[key] = value
        else:
            source[key] = value
    owner = next(
        (
            value.strip()
            for key in OWNER_KEYS
            if isinstance(value := data.get(key), str) and value.strip()
        ),
        None,
    )
    return Sorted(native, extensions, source, owner)


def _accepted(key: str, value: Any) -> bool:
    validator = _validators().get(key)
    return validator is not None and validator.is_valid({key: value})


@cache
def _validators() -> dict[str, jsonschema.protocols.Validator]:
    """One validator per property of our runbook schema (without the handbook's extension:
    those decide, after composing, whether the page is adopted)."""
    formats = jsonschema.FormatChecker(formats=())
    formats.checks("date")(is_date)
    schema = load_schema("runbook")
    return {
        key: jsonschema.Draft202012Validator(
            {"$defs": schema["$defs"], "properties": {key: subschema}},
            format_checker=formats,
        )
        for key, subschema in schema["properties"].items()
    }
