"""IR201 accepts exactly the timestamp orders the definition allows (property-based).

The definition (docs/documents.md, docs/rules/incidents.md): where present, timestamps go
``impact_started ≤ detected ≤ acknowledged, declared ≤ mitigated ≤ resolved``, acknowledged and
declared in either order. The reference below reads that chain as levels and demands ``a ≤ b``
for every present pair on an earlier and a later level, whatever is missing between them. It is
compared with what ``irdocs validate`` prints for an incident file holding the generated times,
each written with its own UTC offset, so one instant is also written several ways.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import CASES, TODAY
from irdocs.main import main

DEFINITION = "impact_started ≤ detected ≤ acknowledged, declared ≤ mitigated ≤ resolved"
LEVELS = [[name.strip() for name in level.split(",")] for level in DEFINITION.split("≤")]
LEVEL = {name: index for index, level in enumerate(LEVELS) for name in level}
NAMES = [name for level in LEVELS for name in level]
START = datetime(2026, 4, 10, 14, 0, tzinfo=UTC)
FILE = "incidents/INC-2026-04-10-property.md"
HEAD = """\
---
id: INC-2026-04-10-property
title: Slow search results
severity: SEV-4
status: investigating
services: [checkout]
customer_impact:
  scope: subset
  description: Search took over 3 seconds for about 5% of queries.
detection_source: internal
"""
BODY = "---\n## What's happening\n\nSearch latency p99 rose above 3 seconds.\n"
IR201 = re.compile(rf"^{re.escape(FILE)}:(\d+):\d+: IR201 (\w+) \(([^)]*)\) is before (\w+) \(")


def violations(times: dict[str, datetime]) -> set[tuple[str, str]]:
    """The reference: each (later, earlier) pair of present timestamps the definition orders
    ``earlier ≤ later`` whose times say otherwise."""
    return {
        (later, earlier)
        for earlier, at_earlier in times.items()
        for later, at_later in times.items()
        if LEVEL[earlier] < LEVEL[later] and not at_earlier <= at_later
    }


def written(when: datetime, offset_minutes: int, style: str) -> str:
    """``when`` as a document may write it: at some UTC offset, ``Z`` for UTC, or with a space."""
    local = when.astimezone(timezone(timedelta(minutes=offset_minutes)))
    text = local.isoformat()
    if style == "Z" and offset_minutes == 0:
        text = text.removesuffix("+00:00") + "Z"
    elif style == "space":
        text = text.replace("T", " ")
    return text


# Times bunch up on a few minutes so that equal instants are common; an offset of a whole
# number of quarter hours from -12:00 to +14:00, as real zones have.
stamps = st.dictionaries(
    st.sampled_from([name for name in NAMES if name != "declared"]),
    st.tuples(
        st.integers(min_value=-3, max_value=3).map(lambda step: step * 20)
        | st.integers(min_value=-90, max_value=90),
        st.integers(min_value=-48, max_value=56).map(lambda quarter: quarter * 15),
        st.sampled_from(["T", "Z", "space"]),
    ),
)
declared = st.tuples(
    st.just(0) | st.integers(min_value=-90, max_value=90),
    st.integers(min_value=-48, max_value=56).map(lambda quarter: quarter * 15),
    st.sampled_from(["T", "Z", "space"]),
)


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("timestamps") / "handbook"
    shutil.copytree(CASES / "_handbook", root)
    return root


def validate(root: Path, text: str) -> tuple[int, str]:
    (root / FILE).write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", "--today", TODAY, FILE])
    return code, out.getvalue()


@given(declared=declared, others=stamps)
@example(declared=(0, 0, "T"), others={"mitigated": (0, 60, "T")})  # one instant, two offsets
@example(declared=(0, 0, "T"), others={"acknowledged": (5, 0, "T")})  # after declared: allowed
@example(declared=(0, 0, "T"), others={"acknowledged": (-5, 0, "T")})  # before: allowed too
@example(declared=(0, 0, "T"), others={"detected": (1, 0, "T")})
@example(declared=(0, 0, "T"), others={"impact_started": (1, 0, "T"), "resolved": (0, 0, "T")})
def test_ir201_flags_exactly_the_pairs_the_definition_forbids(
    handbook: Path,
    declared: tuple[int, int, str],
    others: dict[str, tuple[int, int, str]],
) -> None:
    chosen = {**others, "declared": declared}
    times = {name: START + timedelta(minutes=minutes) for name, (minutes, _, _) in chosen.items()}
    present = [name for name in NAMES if name in times]
    lines = [f"{name}: {written(times[name], *chosen[name][1:])}" for name in present]
    code, out = validate(handbook, HEAD + "\n".join(lines) + "\n" + BODY)

    forbidden = violations(times)
    flagged: dict[str, str] = {}
    for line in out.splitlines():
        match = IR201.match(line)
        assert match, f"not an IR201 finding: {line}"
        number, name, _, other = match.groups()
        assert lines[int(number) - len(HEAD.splitlines()) - 1].startswith(f"{name}: ")
        assert (name, other) in forbidden, f"{name} flagged against {other}, which is in order"
        flagged[name] = other
    assert set(flagged) == {later for later, _ in forbidden}, out
    assert code == (1 if forbidden else 0), out
