"""requirements.lock covers pyproject.toml: `make` installs only the lock, so a dependency added to
pyproject.toml, or a range narrowed there, without `make lock` would leave .venv behind."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO


def _pins() -> dict[str, set[str]]:
    pins: dict[str, set[str]] = {}
    text = (REPO / "requirements.lock").read_text()
    for name, version in re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", text, re.M):
        pins.setdefault(canonicalize_name(name), set()).add(version)
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    listed = [
        *project["project"]["dependencies"],
        *(r for extra in project["project"]["optional-dependencies"].values() for r in extra),
        *(r for group in project["dependency-groups"].values() for r in group),
        *project["build-system"]["requires"],
    ]
    return [Requirement(text) for text in listed]


def test_every_declared_requirement_is_locked_within_its_range() -> None:
    pins = _pins()
    unlocked = [
        str(requirement)
        for requirement in _declared()
        if not any(
            requirement.specifier.contains(version, prereleases=True)
            for version in pins.get(canonicalize_name(requirement.name), ())
        )
    ]
    assert unlocked == [], "run `make lock UPGRADE=` and commit requirements.lock"


def test_every_locked_package_has_a_hash() -> None:
    entries = re.split(r"\n(?=[A-Za-z0-9])", (REPO / "requirements.lock").read_text())
    pinned = [entry for entry in entries if "==" in entry.partition("\n")[0]]
    assert len(pinned) >= 50
    assert [e.partition(" ")[0] for e in pinned if "--hash=sha256:" not in e] == []
