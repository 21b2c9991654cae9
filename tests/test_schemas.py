"""The schemas themselves: valid, documented field by field, and carried by the wheel."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import CASES, REPO, assert_prints

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))


def _properties(
    schema: dict[str, Any], node: Any, where: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property subschema, with what its $ref points at merged in."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            if isinstance(sub, dict) and "if" not in where:
                merged = dict(sub)
                if "$ref" in sub:
                    target = schema
                    for part in sub["$ref"].removeprefix("#/").split("/"):
                        target = target[part]
                    merged = {**target, **sub}
                yield f"{where}.{name}", merged
        for key, sub in node.items():
            if key not in ("if", "then", "examples", "default"):
                yield from _properties(schema, sub, f"{where}.{key}")
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            yield from _properties(schema, sub, f"{where}[{index}]")


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    schema = json.loads(path.read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_property_has_title_description_and_examples(path: Path) -> None:
    schema = json.loads(path.read_text())
    properties = list(_properties(schema, schema, path.stem))
    assert len(properties) > 8
    missing = [
        (where, key)
        for where, prop in properties
        for key in ("title", "description", "examples")
        if key not in prop
    ]
    assert missing == []


def test_config_defaults_validate_against_the_config_schema() -> None:
    schema = json.loads((REPO / "schemas" / "config.schema.json").read_text())
    defaults = {key: spec["default"] for key, spec in schema["properties"].items()}
    jsonschema.Draft202012Validator(schema).validate(defaults)


def test_a_wheel_installed_outside_the_repo_carries_the_schemas(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        # -n (no isolation): the hatchling of this environment, from the lock; nothing downloaded
        [sys.executable, "-m", "build", "--wheel", "-n", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("irdocs-*.whl"))
    venv = tmp_path / "venv"
    # The venv sees this environment's dependencies, so only the wheel itself is installed.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    subprocess.run(
        [
            venv / "bin" / "python",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            str(wheel),
        ],
        check=True,
    )
    handbook = tmp_path / "handbook"
    shutil.copytree(CASES / "_handbook", handbook)
    shutil.copyfile(
        CASES / "IR101" / "bad" / "incidents" / "unknown-severity.md",
        handbook / "incidents" / "unknown-severity.md",
    )
    done = subprocess.run(
        [venv / "bin" / "irdocs", "validate"],
        cwd=handbook,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    expected = CASES / "IR101" / "bad" / "incidents" / "unknown-severity.expected"
    assert_prints(done.stdout, expected.read_text())
    located = subprocess.run(
        [
            venv / "bin" / "python",
            "-c",
            "from irdocs.schemafiles import schema_dir; print(schema_dir())",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(located.stdout.strip()).is_relative_to(venv)
