"""Where a new handbook gets irdocs from: where the running irdocs came from (its
``direct_url.json``, PEP 610), or the requirement ``irdocs init --source`` gives.

One source gives both the dependency groups' requirement and the pre-commit hooks' repository
and revision, so the hooks on a laptop and the workflows in CI cannot drift apart. When there is
no repository pre-commit can take the hooks from (a local folder, an editable install, an
archive, no published repository), the hooks are ``repo: local`` ones that run the irdocs the
handbook's ``dev`` group installs: the same irdocs by construction, and no path of this machine.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from irdocs.errors import UsageError

EXTRA = "site"
"""The extra a handbook needs: MkDocs and Material for its portal."""


@dataclass(frozen=True, slots=True)
class InstallSource:
    requirement: str
    """What the handbook's dependency group installs, e.g. ``irdocs[site]==0.1.0``."""
    hooks_repo: str | None = None
    """The git repository pre-commit takes irdocs's hooks from; None for ``repo: local``."""
    hooks_rev: str | None = None
    """The tag or commit of ``hooks_repo``: the same code the requirement installs."""
    notes: tuple[str, ...] = ()
    """What the user should know about this choice (printed on stderr)."""


def installed(version: str, published: str | None) -> InstallSource:
    """The source of the running irdocs; ``published`` is irdocs's public repository, which has
    a tag ``vX.Y.Z`` for each release on the package index."""
    from importlib import metadata

    try:
        text = metadata.distribution("irdocs").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        text = None
    return from_direct_url(text, version, published)


def from_direct_url(text: str | None, version: str, published: str | None) -> InstallSource:
    """The handbook's source, for the irdocs whose ``direct_url.json`` is ``text`` (None: it
    was installed from a package index)."""
    if text is None:
        return _release(version, published)
    try:
        data: Any = json.loads(text)
        url = data["url"]
        if not isinstance(url, str):
            raise TypeError(url)
    except (ValueError, KeyError, TypeError):
        return _release(version, published, "has a direct_url.json that cannot be read")
    vcs_info = data.get("vcs_info")
    if isinstance(vcs_info, dict):
        vcs, commit = vcs_info.get("vcs"), vcs_info.get("commit_id")
        if not isinstance(vcs, str) or not isinstance(commit, str):
            return _release(version, published, "has a direct_url.json that names no commit")
        return _vcs(url, vcs, commit, data.get("subdirectory"))
    if isinstance(data.get("dir_info"), dict):
        kind = "an editable install" if data["dir_info"].get("editable") else "a local folder"
        return _release(version, published, f"runs from {kind} ({_shown(url)})")
    if url.startswith("file:"):
        return _release(version, published, f"was installed from a file ({_shown(url)})")
    return _local(f"irdocs[{EXTRA}] @ {url}", "irdocs was installed from an archive")


def from_requirement(text: str, published: str | None) -> InstallSource:
    """``irdocs init --source``: a requirement for irdocs, with the ``site`` extra added when
    missing; the hooks come from the same place."""
    if any(ord(char) < 32 or char in "\"'\\" for char in text):
        raise UsageError(f"--source: {text!r} has quotes or control characters; {_FORMS}")
    match = re.fullmatch(r"\s*irdocs\s*(?:\[([^\]]*)\])?\s*(.*?)\s*", text, flags=re.IGNORECASE)
    if match is None:
        raise UsageError(f"--source: '{text}' is not a requirement for irdocs; {_FORMS}")
    extras = [extra.strip() for extra in (match[1] or "").split(",") if extra.strip()]
    name = f"irdocs[{','.join([*extras, EXTRA] if EXTRA not in extras else extras)}]"
    rest = match[2]
    if rest[:1] not in ("", "@", "=", "<", ">", "!", "~", ";"):  # irdocsfoo is another package
        raise UsageError(f"--source: '{text}' is not a requirement for irdocs; {_FORMS}")
    if rest.startswith("@"):
        return _url(name, rest[1:].strip())
    pinned = re.fullmatch(r"==\s*([0-9][0-9A-Za-z.+!-]*)", rest)
    if pinned:
        return _release(pinned[1], published, None, name)
    return _local(f"{name}{rest}", "the requirement names no one release to take them from")


_FORMS = "write 'irdocs[site]==0.1.0' or 'irdocs[site] @ git+URL@COMMIT'"


def _release(
    version: str,
    published: str | None,
    why: str | None = None,
    name: str = f"irdocs[{EXTRA}]",
) -> InstallSource:
    """A release from the package index; its hooks at the release's tag of the public
    repository, when irdocs's metadata names one."""
    requirement = f"{name}=={version}"
    notes: list[str] = []
    if why is not None:  # not installed from the index: pin the release of the same version
        notes.append(
            f"irdocs {why}, which no other machine can install from: the handbook pins "
            f"{requirement} from the package index instead (to install irdocs from a repository, "
            f"run irdocs init with --source 'irdocs[{EXTRA}] @ git+URL@COMMIT')"
        )
    if published is None:
        notes.append(
            _LOCAL_HOOKS + ": irdocs's package metadata names no public repository to take "
            "them from ([project.urls] Source)"
        )
        return InstallSource(requirement, notes=tuple(notes))
    return InstallSource(requirement, published, f"v{version}", tuple(notes))


_LOCAL_HOOKS = "the handbook's hooks run the irdocs its dev group installs (repo: local)"


def _vcs(url: str, vcs: str, commit: str, subdirectory: Any) -> InstallSource:
    requirement = f"irdocs[{EXTRA}] @ {vcs}+{url}@{commit}"
    if isinstance(subdirectory, str) and subdirectory:
        requirement += f"#subdirectory={subdirectory}"
        return _local(requirement, _SUBFOLDER)
    if vcs != "git":
        return _local(requirement, f"irdocs comes from {vcs}, and pre-commit takes hooks from git")
    return _git(requirement, url, commit)


def _url(name: str, url: str) -> InstallSource:
    requirement = f"{name} @ {url}"
    if not url.startswith("git+"):
        return _local(requirement, "irdocs comes from no git repository")
    parts = urlsplit(url[len("git+") :])
    if parts.fragment:
        return _local(requirement, _SUBFOLDER)
    path, at, rev = parts.path.rpartition("@")
    if not at or not rev or "/" in rev:
        raise UsageError(
            f"--source: '{url}' names no revision; give the tag or commit the hooks run, "
            "e.g. git+URL@v0.1.0"
        )
    return _git(requirement, parts._replace(path=path).geturl(), rev)


_SUBFOLDER = "irdocs is in a subfolder of its repository, and pre-commit reads hooks from the top"


def _git(requirement: str, repo: str, rev: str) -> InstallSource:
    notes: tuple[str, ...] = ()
    if repo.startswith("file:"):
        notes = (
            f"irdocs comes from a repository on this machine ({repo}): other machines and CI "
            "cannot install it from there; give --source with a repository they can reach",
        )
    return InstallSource(requirement, repo, rev, notes)


def _local(requirement: str, why: str) -> InstallSource:
    return InstallSource(requirement, notes=(f"{_LOCAL_HOOKS}: {why}",))


def _shown(url: str) -> str:
    """A ``file:`` URL as the path it names (for the message only, never for a file)."""
    return unquote(urlsplit(url).path) if url.startswith("file:") else url
