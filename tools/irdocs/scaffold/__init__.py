"""What ``irdocs init`` writes: a new handbook's files, rendered from the templates beside this
module, and, on request, a small example handbook.

The example is not a copy: it is a closed subset of this repository's own example handbook (the
search service's incidents, postmortem and runbooks), which our own hooks keep valid and lint-clean.
A wheel carries those files as ``irdocs/scaffold/example`` (hatch ``force-include``); a source
checkout or an editable install reads them in place at the top of the repository.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from irdocs import __version__, project
from irdocs.errors import IrdocsError
from irdocs.scaffold.source import InstallSource, installed

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
    *,
    example: bool = False,
    source: InstallSource | None = None,
    urls: project.Urls | None = None,
) -> list[ScaffoldFile]:
    """The files of a new handbook that installs irdocs from ``source`` (default: where this
    irdocs came from), in path order; links to irdocs's documentation go where ``urls``
    (default: irdocs's package metadata) say."""
    urls = urls or project.urls()
    fields = _fields(source or installed(__version__, urls.source), urls)
    files = [_template(path, fields) for path in sorted(_TEMPLATES.rglob("*")) if path.is_file()]
    if example:
        root = _example_root()
        files += [ScaffoldFile(PurePosixPath(name), _read(root / name)) for name in EXAMPLE]
    return sorted(files, key=lambda file: file.path)


def _fields(source: InstallSource, urls: project.Urls) -> dict[str, str]:
    repo, rev = source.hooks_repo, source.hooks_rev or ""
    hooks = _remote_hooks(repo, rev) if repo else _LOCAL_HOOKS
    # a repository on this machine is no address for a reader elsewhere
    remote = repo if repo and not repo.startswith("file:") else None
    home = project.page_url("index.md", urls) or urls.source or remote
    extending = project.page_url("extending.md", urls)
    extending_reference = project.page_reference("extending.md", urls, remote)
    return {
        "requirement": json.dumps(source.requirement),  # a TOML basic string
        "pin_comment": _PIN_REMOTE if repo else _PIN_LOCAL,
        "hooks": hooks.rstrip("\n"),
        "docs_configuration": project.page_reference("configuration.md", urls, remote),
        "docs_notifications": project.page_reference("notifications.md", urls, remote),
        "irdocs": f"[irdocs]({home})" if home else "irdocs",
        "docs_extending": f"[extending the schemas]({extending})"
        if extending
        else f"{extending_reference}, on extending the schemas",
    }


_PIN_REMOTE = """\
# .pre-commit-config.yaml takes the hooks from the same release or commit as this requirement, so
# the hooks on your machine and the workflows in CI run the same rules: change both together."""
_PIN_LOCAL = """\
# The hooks in .pre-commit-config.yaml run the irdocs this requirement installs (`repo: local`),
# so the hooks on your machine and the workflows in CI run the same rules."""


def _remote_hooks(repo: str, rev: str) -> str:
    # quoted: a commit of digits only would otherwise be a YAML number
    return f"""\
# `rev` names the irdocs that pyproject.toml installs: change both together
# (`pre-commit autoupdate` moves `rev`).
repos:
  - repo: {json.dumps(repo)}
    rev: {json.dumps(rev)}
    hooks:
      - id: irdocs-lint
"""


_LOCAL_HOOKS = """\
# The hook runs the irdocs that `python -m pip install --group dev` installs (pyproject.toml):
# commit from that environment (`. .venv/bin/activate`). The same settings as irdocs's own
# published `irdocs-lint` hook.
repos:
  - repo: local
    hooks:
      - id: irdocs-lint
        name: irdocs lint
        entry: irdocs lint
        language: system
        files: ^(incidents|postmortems|runbooks)/.*\\.md$
        exclude: (^|/)(README\\.md|index\\.md|_[^/]*)$
        require_serial: true
"""


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
