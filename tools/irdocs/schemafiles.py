"""Where the JSON Schemas are: the top-level ``schemas/`` folder, the single source.

A wheel carries that folder as ``irdocs/schemas`` (hatch ``force-include``); a source checkout
or an editable install reads it in place, two levels above this package.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from irdocs.errors import IrdocsError

_PACKAGE = Path(__file__).resolve().parent
_CANDIDATES = (_PACKAGE / "schemas", _PACKAGE.parent.parent / "schemas")


@functools.cache
def schema_dir() -> Path:
    for folder in _CANDIDATES:
        if (folder / "incident.schema.json").is_file():
            return folder
    looked = ", ".join(str(folder) for folder in _CANDIDATES)
    raise IrdocsError(f"irdocs's schemas are missing (looked in {looked}); reinstall irdocs")


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema ``schemas/<name>.schema.json`` as a dict; callers must not mutate it."""
    with (schema_dir() / f"{name}.schema.json").open(encoding="utf-8") as stream:
        return json.load(stream)  # type: ignore[no-any-return]
