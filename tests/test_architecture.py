"""The house style's promises about the code itself, checked over every module of the package:
records are frozen dataclasses with slots (a finding or an incident cannot change after it is
made, and a hundred thousand of them stay small)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

import pytest

import irdocs

MUTABLE = {
    "irdocs.lint.cache.Cache": "the run's cache: entries are added as documents are linted",
    "irdocs.documents.reading.KeyIndex": "the ID index: entries are added as documents are read",
}
"""Dataclasses allowed to change, and why."""
WITHOUT_SLOTS = {
    "irdocs.lint.document.LintDocument": "functools.cached_property needs an instance __dict__",
}
"""Frozen dataclasses without __slots__, and why."""


def _dataclasses() -> list[type]:
    found = []
    for module in pkgutil.walk_packages(irdocs.__path__, "irdocs."):
        if module.name == "irdocs.__main__":  # runs the CLI when imported
            continue
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if (
                isinstance(value, type)
                and dataclasses.is_dataclass(value)
                and value.__module__ == loaded.__name__
            ):
                found.append(value)
    return found


DATACLASSES = _dataclasses()


def test_the_walk_finds_the_records() -> None:
    names = {f"{c.__module__}.{c.__qualname__}" for c in DATACLASSES}
    assert {"irdocs.finding.Finding", "irdocs.documents.model.Incident"} <= names
    assert len(DATACLASSES) > 40


@pytest.mark.parametrize("record", DATACLASSES, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_records_are_frozen_with_slots(record: type) -> None:
    name = f"{record.__module__}.{record.__qualname__}"
    params = record.__dataclass_params__  # type: ignore[attr-defined]
    assert params.frozen or name in MUTABLE, f"{name} is a mutable dataclass"
    assert "__slots__" in vars(record) or name in WITHOUT_SLOTS, f"{name} has no __slots__"


def test_every_exception_is_still_needed() -> None:
    by_name = {f"{c.__module__}.{c.__qualname__}": c for c in DATACLASSES}
    for name in MUTABLE:
        assert not by_name[name].__dataclass_params__.frozen  # type: ignore[attr-defined]
    for name in WITHOUT_SLOTS:
        assert "__slots__" not in vars(by_name[name])
