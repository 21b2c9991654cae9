"""The new front matter's text: the fields adoption infers, written in the schema's order, and
every key the page had, kept as written (comments included): irdocs's own keys in place, the
others indented under ``x-source``. The result is parsed back and compared with what was meant,
so a page whose YAML cannot be moved this way is refused rather than changed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from irdocs.adoption.foreign import SOURCE_KEY
from irdocs.documents.frontmatter import parse
from irdocs.documents.problem import DocumentProblem

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as the example handbook writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # irdocs reads timestamps as written, so a date such as last_reviewed is written plain
    if dumper.resolve(yaml.ScalarNode, value, (True, False)) == _TIMESTAMP:  # type: ignore[no-untyped-call]
        return dumper.represent_scalar(_TIMESTAMP, value)
    return dumper.represent_str(value)


_Dumper.add_representer(str, _string)


def dump(key: str, value: Any) -> str:
    """``key: value`` as block YAML."""
    return yaml.dump(
        {key: value},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1 << 16,
    )


def spans(yaml_text: str, root: yaml.MappingNode) -> dict[str, str]:
    """Each top-level key's text, from its line to the next key's; comment lines before the
    first key belong to it."""
    lines = yaml_text.splitlines(keepends=True)
    starts = [key.start_mark.line for key, _ in root.value]
    starts[0:1] = [0] if starts else []
    ends = [*starts[1:], len(lines)]
    return {
        str(key.value): "".join(lines[start:end])
        for (key, _), start, end in zip(root.value, starts, ends, strict=True)
    }


def compose(
    order: Sequence[str],
    values: Mapping[str, Any],
    source: Mapping[str, Any],
    written: Mapping[str, str],
    written_source: Mapping[str, str],
) -> str:
    """The YAML text: ``values`` in ``order`` (then the rest), each as ``written`` when the page
    had it so, else dumped; then ``x-source`` holding ``source``, as ``written_source``."""
    keys = [key for key in order if key in values]
    keys += [key for key in values if key not in keys]
    text = "".join(_ensure_newline(written.get(key) or dump(key, values[key])) for key in keys)
    if source:
        text += f"{SOURCE_KEY}:\n"
        for key, value in source.items():
            text += _indent(_ensure_newline(written_source.get(key) or dump(key, value)))
    return text


def check(text: str, values: Mapping[str, Any], source: Mapping[str, Any]) -> None:
    """Raise DocumentProblem unless ``text`` reads back as ``values`` plus ``x-source``."""
    data = parse(f"---\n{text}---\n").data
    expected = dict(values)
    if source:
        expected[SOURCE_KEY] = dict(source)
    if data != expected:
        raise DocumentProblem(
            "IR106",
            "its front matter cannot be kept as written under x-source (unusual indentation "
            "or a flow mapping); write it in block style, indented by two spaces, and run again",
        )


def _indent(text: str) -> str:
    return "".join(f"  {line}" if line.strip() else line for line in text.splitlines(True))


def _ensure_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"
