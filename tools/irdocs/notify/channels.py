"""The channels of ``[[tool.irdocs.notify]]``, read into frozen records, and which of them take
an update (its audience, its incident's severity, its event).

The configuration schema has checked their shape when the configuration was loaded; what it
cannot check (names used twice, severities not on the scale, a malformed ``${``) is checked here,
when something is about to be sent, so a handbook without channels never reads this table twice.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from irdocs.config import Config, line_of
from irdocs.errors import UsageError
from irdocs.schemafiles import load_schema

EVENTS = ("declare", "update", "resolve")
_HEADER = re.compile(r"^\s*\[\[\s*(?:tool\s*\.\s*irdocs\s*\.\s*)?notify\s*\]\]")
_STRAY = re.compile(r"\$\{(?![A-Za-z_][A-Za-z0-9_]*\})")


@dataclass(frozen=True, slots=True)
class Channel:
    name: str
    url: str
    """As written in the configuration, ``${VAR}`` unexpanded."""
    audiences: tuple[str, ...]
    severities: tuple[str, ...]
    """Empty: every severity."""
    events: tuple[str, ...]
    timeout: float
    """Seconds to connect, and to wait for an answer."""
    line: int
    """The line of its table in the configuration file (1 without one)."""

    def takes(self, audience: str, severity: str, event: str) -> bool:
        return (
            audience in self.audiences
            and (not self.severities or severity in self.severities)
            and event in self.events
        )


@dataclass(frozen=True, slots=True)
class Settings:
    source: Path | None
    channels: tuple[Channel, ...]
    site_url: str | None = None

    def named(self, name: str) -> Channel:
        for channel in self.channels:
            if channel.name == name:
                return channel
        known = ", ".join(c.name for c in self.channels) or "none is configured"
        raise UsageError(f"no notification channel is named '{name}' ({known})")


def settings(config: Config) -> Settings:
    """The handbook's channels and site URL; no channels without a configuration file."""
    table = _table(config.source)
    default_timeout = load_schema("config")["$defs"]["channel"]["properties"]["timeout"]["default"]
    lines = _lines(config.source)
    channels: list[Channel] = []
    for index, item in enumerate(table.get("notify", [])):
        line = lines[index] if index < len(lines) else line_of(config.source, "notify")
        channel = Channel(
            name=item["name"],
            url=item["url"],
            audiences=tuple(item["audiences"]),
            severities=tuple(item.get("severities", ())),
            events=tuple(item.get("events", EVENTS)),
            timeout=float(item.get("timeout", default_timeout)),
            line=line,
        )
        _check(config, channel, index, channels)
        channels.append(channel)
    return Settings(config.source, tuple(channels), table.get("site_url"))


def _check(config: Config, channel: Channel, index: int, before: list[Channel]) -> None:
    where = f"{config.source or 'configuration'}:{channel.line}:1: IR001 notify[{index}]"
    if any(other.name == channel.name for other in before):
        raise UsageError(f"{where}.name: '{channel.name}' names two channels; rename one")
    unknown = [s for s in channel.severities if s not in config.severity_names]
    if unknown:
        raise UsageError(
            f"{where}.severities: '{unknown[0]}' is not a severity of this handbook "
            f"({', '.join(config.severity_names)})"
        )
    if _STRAY.search(channel.url):
        raise UsageError(
            f"{where}.url: write a variable as ${{NAME}} (letters, digits and _, "
            "not starting with a digit)"
        )


def _table(source: Path | None) -> dict[str, Any]:
    if source is None:
        return {}
    with source.open("rb") as stream:  # loaded and validated once already by config.find
        data = tomllib.load(stream)
    if source.name == "irdocs.toml":
        return data
    table: dict[str, Any] = data.get("tool", {}).get("irdocs", {})
    return table


def _lines(source: Path | None) -> list[int]:
    """The line of each ``[[tool.irdocs.notify]]`` header, in order (tomllib keeps none)."""
    if source is None:
        return []
    text = source.read_text(encoding="utf-8")
    return [n for n, line in enumerate(text.splitlines(), start=1) if _HEADER.match(line)]
