"""``${VAR}`` in a channel's URL: expanded from the environment only, and never shown.

What was expanded is masked in every message irdocs prints or records; a URL that carries
credentials written in the configuration itself is reported (IR530).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_MASK = "***"
_TOKEN = re.compile(r"^[A-Za-z0-9_\-]{16,}$")
_SECRET_PARAMETER = re.compile(r"(?i)token|key|secret|pass|pwd|auth|signature|sig$")
_PART = re.compile(r"[/:@?&=#+,;]+")


class Unset(Exception):
    """A variable the URL names is not set (or empty) in the environment."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass(frozen=True, slots=True)
class Expanded:
    url: str
    secrets: tuple[str, ...]
    """The values put in: masked wherever a message could show them."""


def variables(template: str) -> tuple[str, ...]:
    return tuple(_VARIABLE.findall(template))


def expand(template: str, environ: Mapping[str, str]) -> Expanded:
    """``template`` with each ``${VAR}`` replaced by ``environ[VAR]``; ``Unset`` if one is
    missing or empty. Nothing else is expanded: ``$VAR`` and ``~`` stay as written."""
    values: list[str] = []

    def value(match: re.Match[str]) -> str:
        found = environ.get(match[1], "")
        if not found:
            raise Unset(match[1])
        values.append(found)
        return found

    return Expanded(_VARIABLE.sub(value, template), tuple(values))


def mask(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret, its URL-quoted form and its token-like parts replaced by
    ``***``: a library's message may quote a host or a path segment of a secret URL."""
    hidden: set[str] = set()
    for secret in secrets:
        hidden |= {secret, quote(secret, safe=""), quote(secret)}
        hidden |= {part for part in _PART.split(secret) if _secretish(part)}
    for value in sorted(hidden, key=len, reverse=True):
        if value:
            text = text.replace(value, _MASK)
    return text


def _secretish(part: str) -> bool:
    return len(part) >= 16 or (len(part) >= 6 and any(c.isdigit() for c in part))


def literal_credentials(template: str) -> str | None:
    """What in ``template`` looks like a credential written literally (not via ``${VAR}``), in
    words that never repeat it; None when nothing does."""
    marked = _VARIABLE.sub("\0", template)
    parts = urlsplit(marked)
    userinfo, at, host = parts.netloc.rpartition("@")
    if at:
        user, colon, password = userinfo.partition(":")
        if colon and password and password != "\0":
            return "a password"
        if not colon and _token(user):
            return "a key before '@'"
    for segment in (host, *parts.path.split("/")):
        if _token(segment):
            return "a token in the URL"
    for pair in parts.query.split("&"):
        key, _, value = (unquote(half) for half in pair.partition("="))  # '+' is a header
        if value and value != "\0" and _SECRET_PARAMETER.search(key.lstrip("+-:")):
            return f"a value for '{key}'"
    return None


def _token(segment: str) -> bool:
    """A long run of letters and digits with both in it: the shape of a key or a token."""
    return (
        "\0" not in segment
        and _TOKEN.match(segment) is not None
        and any(c.isdigit() for c in segment)
        and any(c.isalpha() for c in segment)
    )
