"""The compiled validator (jsonschema-rs) is only a fast path: a document it passes is one that
jsonschema passes, and every finding still comes from jsonschema."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from conftest import CASES, REPO
from irdocs import config as configuration
from irdocs.config import DOCUMENT_KINDS
from irdocs.documents import schema
from irdocs.documents.frontmatter import FrontMatter, parse
from irdocs.documents.problem import DocumentProblem

DOCUMENTS = sorted(
    [
        *CASES.rglob("*.md"),
        *(REPO / "incidents").glob("*.md"),
        *(REPO / "postmortems").glob("*.md"),
        *(REPO / "runbooks").rglob("*.md"),
    ]
)


def _front_matter(path: Path) -> FrontMatter | None:
    try:
        return parse(path.read_text(encoding="utf-8"))
    except (DocumentProblem, UnicodeDecodeError):
        return None


@pytest.fixture(scope="module")
def validators() -> schema.Validators:
    compiled = schema.validators(configuration.find(REPO))
    schema.compile_fast(compiled)
    return compiled


def test_the_fast_path_is_compiled(validators: schema.Validators) -> None:
    for validator in validators.values():
        assert schema._fast[id(validator)][1] is not None


def test_a_document_the_fast_path_passes_is_valid_for_jsonschema(
    validators: schema.Validators,
) -> None:
    agreed = 0
    for path in DOCUMENTS:
        front_matter = _front_matter(path)
        if front_matter is None:
            continue
        for kind in DOCUMENT_KINDS:
            validator = validators[kind]
            errors = list(validator.iter_errors(front_matter.data))
            if schema._passes_fast(front_matter, validator):
                assert not errors, f"{path} as {kind}: the fast path passed {errors[0].message}"
            agreed += not errors
    assert agreed > 30  # the corpus has valid documents of every kind


def test_an_integer_the_fast_path_cannot_convert_never_reaches_it() -> None:
    """jsonschema-rs passes an integer of over 4,300 digits against ``maximum: 5``: the YAML
    tree refuses integers beyond 64 bits first (IR101), and the guard stays for any other."""
    strict = {"n": jsonschema.Draft202012Validator({"properties": {"n": {"maximum": 5}}})}
    schema.compile_fast(strict)
    with pytest.raises(DocumentProblem, match="out of range; integers go from -2"):
        parse("---\nn: 0x" + "f" * 3600 + "\n---\n")
    long_but_small = parse("---\ntext: " + "a" * 4000 + "\nn: 3\n---\n")
    assert schema._passes_fast(long_but_small, strict["n"])


def test_findings_are_the_same_with_and_without_the_fast_path() -> None:
    config = configuration.find(REPO)
    slow, fast = schema.validators(config), schema.validators(config)
    schema.compile_fast(fast)
    for path in DOCUMENTS:
        front_matter = _front_matter(path)
        if front_matter is None:
            continue
        for kind in DOCUMENT_KINDS:
            expected = list(schema.check(str(path), front_matter, slow[kind]))
            assert list(schema.check(str(path), front_matter, fast[kind])) == expected
