"""What ``irdocs init`` writes: a new handbook's files, rendered from the templates beside this
module, and, on request, a small example handbook.

The example is not a copy: it is a closed subset of this repository's own example handbook (the
search service's incidents, postmortem and runbooks), which our own hooks keep valid and lint-clean.
A wheel carries those files as ``irdocs/scaffold/example`` (hatch ``force-include``); a source
checkout or an editable install reads them in place at the top of the repository.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from irdocs import __version__
from irdocs.errors import IrdocsError

HOOKS_REPO = "https://github.com/irdocs/irdocs"
"""Where handbooks get the pre-commit hooks (``.pre-commit-hooks.yaml`` of this repository)."""
HOOKS_REV = f"v{__version__}"
"""The tag of this release; the hooks and the CI install the same irdocs."""

EXAMPLE = (
    "incidents/INC-2026-01-14-search-index-stale.md",
    "incidents/INC-2026-06-30-search-latency.md",
    "incidents/INC-2026-11-03-search-outage.md",
    "postmortems/INC-2026-11-03-search-outage.md",
    "runbooks/search/cluster-degraded.md",
    "runbooks/search/reindex-catalog.md",
)
"""Every reference and link in these resolves among them; pyproject.toml force-includes each."""

_HERE = Path(__file__).resolve().parent
_TEMPLATES = _HERE / "handbook"
_EXAMPLE_ROOTS = (_HERE / "example", _HERE.parent.parent.parent)
_RENAMED = {"gitignore": ".gitignore"}
"""Templates stored under another name, so that they do not act on this repository."""
_FIELDS = ".in"
"""The suffix of a template with ``$name`` fields, dropped when written. The others are written
as they are (workflows are full of ``${{``), and tools check them as what they are."""


@dataclass(frozen=True, slots=True)
class ScaffoldFile:
    path: PurePosixPath
    """Relative to the handbook's root."""
    text: str


def handbook_files(
    *, example: bool = False, hooks_repo: str = HOOKS_REPO, hooks_rev: str = HOOKS_REV
) -> list[ScaffoldFile]:
    """The files of a new handbook, in path order."""
    fields = {"version": __version__, "hooks_repo": hooks_repo, "hooks_rev": hooks_rev}
    files = [_template(path, fields) for path in sorted(_TEMPLATES.rglob("*")) if path.is_file()]
    if example:
        root = _example_root()
        files += [ScaffoldFile(PurePosixPath(name), _read(root / name)) for name in EXAMPLE]
    return sorted(files, key=lambda file: file.path)


def _template(path: Path, fields: dict[str, str]) -> ScaffoldFile:
    relative = PurePosixPath(path.relative_to(_TEMPLATES).as_posix())
    text = _read(path)
    if relative.suffix == _FIELDS:
        relative, text = relative.with_suffix(""), string.Template(text).substitute(fields)
    return ScaffoldFile(relative.with_name(_RENAMED.get(relative.name, relative.name)), text)


def _example_root() -> Path:
    for root in _EXAMPLE_ROOTS:
        if all((root / name).is_file() for name in EXAMPLE):
            return root
    looked = ", ".join(str(root) for root in _EXAMPLE_ROOTS)
    raise IrdocsError(
        f"irdocs's example handbook is missing (looked in {looked}); reinstall irdocs"
    )


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
