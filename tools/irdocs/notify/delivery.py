"""One message to one channel through Apprise, with a time limit, reported as an ``Attempt``.

Apprise is imported here, when something is sent, never at start-up: it loads a plugin for
every service it knows. Its log is captured to say why an attempt failed, and masked.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from irdocs import clock
from irdocs.notify.channels import Channel
from irdocs.notify.message import Message
from irdocs.notify.secrets import Unset, expand, mask

_JSON_KEYS = ("version", "title", "message", "attachments", "type")
"""The keys of Apprise's own JSON payload; the event's fields are added beside them."""


@dataclass(frozen=True, slots=True)
class Attempt:
    channel: str
    at: datetime
    result: str
    """``delivered``, ``failed`` or ``skipped``."""
    reason: str | None = None
    """Why it failed, masked: no expanded value appears in it."""

    @property
    def delivered(self) -> bool:
        return self.result == "delivered"


def deliver(
    channel: Channel, message: Message, environ: Mapping[str, str] | None = None
) -> Attempt:
    """Send ``message`` to ``channel``; never raises for what the channel or network does."""
    try:
        expanded = expand(channel.url, os.environ if environ is None else environ)
    except Unset as unset:
        return _failed(channel, f"${{{unset.name}}} is not set in the environment")
    secrets = expanded.secrets or (expanded.url,)
    try:
        ok, log = _send(expanded.url, channel.timeout, message)
    except Exception as exc:  # a plugin's own bug must not hide the other channels' results
        return _failed(channel, mask(f"{type(exc).__name__}: {exc}", secrets))
    if ok:
        return Attempt(channel.name, clock.now(), "delivered")
    return _failed(channel, mask(_reason(log, channel.timeout), secrets))


def _failed(channel: Channel, reason: str) -> Attempt:
    return Attempt(channel.name, clock.now(), "failed", " ".join(reason.split()))


def _send(url: str, timeout: float, message: Message) -> tuple[bool, str]:
    with warnings.catch_warnings():
        # Apprise imports imghdr, deprecated since Python 3.11: its warning is not ours to show
        warnings.simplefilter("ignore", DeprecationWarning)
        return _send_quietly(url, timeout, message)


def _send_quietly(url: str, timeout: float, message: Message) -> tuple[bool, str]:
    import apprise

    capture = apprise.LogCapture(level=logging.DEBUG, fmt="%(levelname)s %(message)s")  # type: ignore[no-untyped-call]
    with capture as captured:
        plugin: Any = apprise.Apprise.instantiate(url, asset=apprise.AppriseAsset())
        if plugin is None:
            return False, "WARNING not an Apprise URL that irdocs can send to"
        query = url.partition("?")[2]
        if "cto=" not in query:
            plugin.socket_connect_timeout = timeout
        if "rto=" not in query:
            plugin.socket_read_timeout = timeout
        extras = getattr(plugin, "payload_extras", None)
        if isinstance(extras, dict) and plugin.protocol == "json":
            # the JSON webhook gets the whole event; keys the URL sets itself win
            own = dict(extras)
            extras.clear()
            extras.update({k: v for k, v in message.fields.items() if k not in _JSON_KEYS})
            extras.update(own)
        ok = plugin.notify(
            body=message.body,
            title=message.title,
            notify_type=apprise.NotifyType(message.kind),
            body_format=apprise.NotifyFormat.TEXT,
        )
        return bool(ok), captured.getvalue()


def _reason(log: str, timeout: float) -> str:
    """Why Apprise says it failed, in a few words: the kind of failure, then its warning."""
    # the failures only: a debug line may quote the payload, whose message says anything
    lines = [
        line for line in log.splitlines() if not line.startswith("DEBUG") or "xception" in line
    ]
    warnings = [line.split(" ", 1)[1] for line in lines if line.startswith(("WARNING", "ERROR"))]
    lowered = "\n".join(lines).lower()
    if "timed out" in lowered or "timeout" in lowered:
        kind = f"timed out after {timeout:g} s"
    elif any(
        words in lowered
        for words in ("name or service not known", "nodename nor servname", "getaddrinfo",
                      "name resolution", "no address associated")
    ):  # fmt: skip
        kind = "the host name does not resolve (DNS)"
    elif "connection refused" in lowered:
        kind = "connection refused"
    else:
        status = next((w for w in warnings if "error=" in w), None)
        kind = f"HTTP {status.rsplit('error=', 1)[1].rstrip('.')}" if status else ""
    said = warnings[-1] if warnings else "the channel did not accept it"
    return f"{kind}: {said}" if kind else said
