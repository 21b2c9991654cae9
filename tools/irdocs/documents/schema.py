"""JSON Schema validation of front matter, reported as findings at the line of the field.

Each document kind's schema is ours (``schemas/<kind>.schema.json``) with the handbook's severity
scale and services put in, and the handbook's extension merged in (see ``docs/extending.md``).
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterator, Mapping
from typing import Any, cast

import jsonschema
from jsonschema.exceptions import ValidationError

from irdocs.config import DOCUMENT_KINDS, Config
from irdocs.documents.frontmatter import FrontMatter
from irdocs.documents.timestamps import (
    explain_bad_date,
    explain_bad_datetime,
    is_date,
    is_datetime,
)
from irdocs.documents.yamltree import JsonPath
from irdocs.errors import UsageError
from irdocs.finding import Finding
from irdocs.schemafiles import load_schema

_MAX_MESSAGE = 240
_ANNOTATIONS = frozenset({"title", "description", "examples", "default", "$comment"})
_FORMATS = jsonschema.FormatChecker(formats=())
_FORMATS.checks("date-time")(is_datetime)
_FORMATS.checks("date")(is_date)

Validators = Mapping[str, jsonschema.protocols.Validator]

FAST_FROM = 40
"""Documents from which ``compile_fast`` repays loading jsonschema-rs (about 40 ms)."""
_FAST_SAFE_LENGTH = 3500
"""YAML shorter than this cannot hold an integer of over 4,300 digits (hexadecimal included),
which jsonschema-rs cannot convert and may then pass; longer front matter is looked through."""
_fast: dict[int, tuple[jsonschema.protocols.Validator, Any]] = {}
"""By ``id()`` of a jsonschema validator: the compiled jsonschema-rs validator of its schema, or
None when that schema cannot be compiled there (jsonschema alone then decides)."""


def validators(config: Config) -> Validators:
    """One compiled validator per document kind, for this handbook's configuration."""
    return {kind: _validator(kind, config) for kind in DOCUMENT_KINDS}


def effective_schema(kind: str, config: Config) -> dict[str, Any]:
    """Our schema for ``kind`` with the handbook's scale, services and extension applied."""
    schema = copy.deepcopy(load_schema(kind))
    definitions = schema["$defs"]
    if "severity" in definitions:
        definitions["severity"]["enum"] = list(config.severity_names)
    if "service" in definitions and config.services:
        definitions["service"]["enum"] = list(config.services)
    extension = config.schema_extensions.get(kind)
    return _merge(schema, dict(extension)) if extension else schema


def check(
    path: str,
    front_matter: FrontMatter,
    validator: jsonschema.protocols.Validator,
) -> Iterator[Finding]:
    """Findings for every way ``front_matter`` breaks the schema, at the field's position.

    A value both of the wrong type and not in an enum is one problem: the enum's message,
    which lists what is allowed, is the one kept.
    """
    if _passes_fast(front_matter, validator):
        return
    errors = sorted(
        validator.iter_errors(front_matter.data), key=lambda error: error.validator != "enum"
    )
    seen: set[JsonPath] = set()
    # Our dates and times carry a pattern of their years for other validators (editors,
    # check-jsonschema); the format check says the same, and says it better.
    formats = {tuple(error.absolute_path) for error in errors if error.validator == "format"}
    for error in errors:
        if error.validator == "pattern" and tuple(error.absolute_path) in formats:
            continue
        if error.validator in ("enum", "type"):
            where = tuple(error.absolute_path)
            if where in seen:
                continue
            seen.add(where)
        yield from _findings(path, front_matter, error, cast(Mapping[str, Any], validator.schema))


def compile_fast(validators: Validators) -> None:
    """Compile each of ``validators``' schemas with jsonschema-rs, so that ``check`` decides
    valid documents there (about 40 times faster) and asks jsonschema only for the messages of
    invalid ones. Worth it for many documents: loading jsonschema-rs takes about 40 ms, so a
    pre-commit run on a few files does without. Call it before forking workers."""
    for validator in validators.values():
        if id(validator) in _fast and _fast[id(validator)][0] is validator:
            continue
        _fast[id(validator)] = (validator, _compile_fast(validator))


def _compile_fast(validator: jsonschema.protocols.Validator) -> Any:
    try:
        import jsonschema_rs

        return jsonschema_rs.Draft202012Validator(
            validator.schema,  # type: ignore[arg-type]  # a Mapping; it reads any
            formats={"date-time": is_datetime, "date": is_date},
            validate_formats=True,
            offline=True,
        )
    except Exception:  # not installed, or a schema it does not take: jsonschema decides
        return None


def _passes_fast(front_matter: FrontMatter, validator: jsonschema.protocols.Validator) -> bool:
    """Whether jsonschema-rs, if compiled for ``validator``, finds the front matter valid.

    Only its "valid" is trusted: where it is stricter than jsonschema (a ``$`` before a final
    newline, formats jsonschema does not check), jsonschema is asked and decides."""
    entry = _fast.get(id(validator))
    if entry is None or entry[0] is not validator or entry[1] is None:
        return False
    root = front_matter.root
    long = root.end_mark.index - root.start_mark.index >= _FAST_SAFE_LENGTH
    if long and not _small_integers(front_matter.data):
        return False
    try:
        return bool(entry[1].is_valid(front_matter.data))
    except Exception:  # anything it cannot take: jsonschema decides
        return False


def _small_integers(data: Any) -> bool:
    """No integer in ``data`` is too large for jsonschema-rs."""
    if isinstance(data, dict):
        return all(_small_integers(value) for value in data.values())
    if isinstance(data, list):
        return all(_small_integers(item) for item in data)
    return not isinstance(data, int) or -(2**63) <= data < 2**64


def _validator(kind: str, config: Config) -> jsonschema.protocols.Validator:
    extension = config.schema_extensions.get(kind)
    try:
        schema = effective_schema(kind, config)
        if extension:  # ours are checked by the tests; the scale and services by the config's
            jsonschema.Draft202012Validator.check_schema(dict(extension))
            jsonschema.Draft202012Validator.check_schema(schema)
        schema = _inline_refs(schema, schema, ())
    except jsonschema.SchemaError as exc:
        where = config.source or "configuration"
        raise UsageError(
            f"{where}:1:1: IR001 schemas.{kind}: the extension makes an invalid "
            f"schema: {exc.message}"
        ) from None
    except RecursionError:  # copying and checking a schema recurse once per level
        where = config.source or "configuration"
        raise UsageError(
            f"{where}:1:1: IR001 schemas.{kind}: the extension is nested too deeply"
        ) from None
    from irdocs.patterns import Validator

    return Validator(schema, format_checker=_FORMATS)  # type: ignore[no-any-return]


def _inline_refs(node: Any, root: dict[str, Any], resolving: tuple[str, ...]) -> Any:
    """Replace local ``$ref``s by what they point at: jsonschema resolves each $ref on every
    validation, which was most of the time spent validating a large handbook."""
    if isinstance(node, list):
        return [_inline_refs(item, root, resolving) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/") and ref not in resolving:
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        inlined = _inline_refs(target, root, (*resolving, ref))
        if not siblings.keys() & inlined.keys() - _ANNOTATIONS:
            return _inline_refs({**inlined, **siblings}, root, resolving)
        return {"allOf": [inlined], **_inline_refs(siblings, root, resolving)}
    return {key: _inline_refs(value, root, resolving) for key, value in node.items()}


def _merge(base: dict[str, Any], extension: dict[str, Any]) -> dict[str, Any]:
    """Add the extension's properties, required fields and $defs; apply the rest via allOf."""
    extension = copy.deepcopy(extension)
    for key in ("$schema", "$id", "title", "description", "type", "additionalProperties"):
        extension.pop(key, None)
    properties = base["properties"]
    for name, subschema in extension.pop("properties", {}).items():
        properties[name] = (
            {"allOf": [properties[name], subschema]} if name in properties else subschema
        )
    required = base.setdefault("required", [])
    required.extend(name for name in extension.pop("required", []) if name not in required)
    base["$defs"].update(extension.pop("$defs", {}))
    if extension:
        base.setdefault("allOf", []).append(extension)
    return base


def _findings(
    path: str, front_matter: FrontMatter, error: ValidationError, root: Mapping[str, Any]
) -> Iterator[Finding]:
    where = tuple(error.absolute_path)
    if error.validator == "required":
        missing = next(
            (
                name
                for name in cast(list[str], error.validator_value)
                if name not in cast(dict[str, Any], error.instance) and repr(name) in error.message
            ),
            None,
        )
        if missing is not None:
            line, column = front_matter.position(where, at_key=True)
            yield Finding(
                path,
                line,
                column,
                "IR102",
                f"{_label((*where, missing))}: required field is missing{_because(error, root)}",
            )
            return
    if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(
        error.instance, dict
    ):
        known = list(cast(Mapping[str, Any], error.schema).get("properties", {}))
        for name in error.instance:
            if name not in known:
                line, column = front_matter.position((*where, name), at_key=True)
                yield Finding(
                    path,
                    line,
                    column,
                    "IR103",
                    f"{_label((*where, name))}: unknown field{_suggest(name, known)}",
                )
        return
    line, column = front_matter.position(where)
    if error.validator == "format" and isinstance(error.instance, str):
        if error.validator_value == "date-time":
            reason = explain_bad_datetime(error.instance)
        else:
            reason = explain_bad_date(error.instance, written=" written as YYYY-MM-DD")
        yield Finding(path, line, column, "IR104", f"{_label(where)}: {reason}")
        return
    message = error.message
    if error.validator == "maxLength" and isinstance(error.instance, str):
        message = (  # jsonschema's message quotes the whole text first
            f"{len(error.instance):,} characters; at most {error.validator_value:,} are allowed"
        )
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    yield Finding(path, line, column, "IR101", f"{_label(where)}: {message}")


def _label(path: JsonPath) -> str:
    """``updates[2].at`` for ("updates", 2, "at")."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "front matter"


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(known)}"


def _because(error: ValidationError, root: Mapping[str, Any]) -> str:
    """The description of the ``then`` that made a field required, if the schema gives one."""
    schema_path = list(error.schema_path)
    if "then" not in schema_path:
        return ""
    node: Any = root
    for part in schema_path[: len(schema_path) - schema_path[::-1].index("then")]:
        node = node[part]
    description = node.get("description") if isinstance(node, dict) else None
    return f" ({description})" if description else ""
