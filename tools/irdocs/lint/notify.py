"""IR530: credentials written in the configuration of a notification channel. A channel's URL
takes its secrets from the environment (``${VAR}``); one written in ``[[tool.irdocs.notify]]``
is in the repository, for everyone who can read it, for good. The finding never repeats it."""

from __future__ import annotations

from collections.abc import Iterator

from irdocs.documents.handbook import Handbook
from irdocs.documents.reading import display_path
from irdocs.errors import UsageError
from irdocs.finding import Finding
from irdocs.lint.registry import handbook_rule
from irdocs.notify.channels import settings
from irdocs.notify.secrets import literal_credentials


@handbook_rule("IR530", "notify-literal-credentials")
def literal_credentials_in_channels(handbook: Handbook) -> Iterator[Finding]:
    """A notification channel's URL has credentials written in the configuration."""
    config = handbook.config
    if config.source is None:
        return
    try:
        channels = settings(config).channels
    except UsageError:  # reported where channels are used: declare, update, resolve, notify
        return
    lines = config.source.read_text(encoding="utf-8").splitlines()
    for index, channel in enumerate(channels):
        found = literal_credentials(channel.url)
        if found is None:
            continue
        line = next(
            (n for n in range(channel.line, len(lines) + 1)
             if lines[n - 1].lstrip().startswith("url")),
            channel.line,
        )  # fmt: skip
        yield Finding(
            display_path(config.source),
            line,
            1,
            "IR530",
            f"notify[{index}].url: {found} is written in the configuration; take it from the "
            f'environment, e.g. url = "${{{_variable(channel.name)}}}", and revoke this one',
        )


def _variable(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name).upper() + "_URL"
