"""``irdocs notify``: send an incident's updates to the configured channels, again or for the
first time; and the step ``declare``, ``update`` and ``resolve`` take after writing the file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from irdocs.commands import options
from irdocs.errors import IrdocsError, UsageError

if TYPE_CHECKING:
    from irdocs.commands.options import Subparsers
    from irdocs.config import Config
    from irdocs.notify.delivery import Attempt
    from irdocs.notify.outbox import Send


def notify(
    reference: str | None,
    *,
    update: int | None = None,
    channel: str | None = None,
    since: str | None = None,
    dry_run: bool = False,
    commit: bool = False,
) -> int:
    """Send what the selection holds that its channels have not had; ``update`` sends that
    update again even to channels that had it."""
    from irdocs import config as configuration
    from irdocs.incidents import incident_file
    from irdocs.notify import since as changes
    from irdocs.notify.channels import settings
    from irdocs.notify.outbox import plan

    if (reference is None) == (since is None):
        raise UsageError("name an incident (irdocs notify ID) or a commit (--since REF), not both")
    if since is not None and update is not None:
        raise UsageError("--update goes with an incident's ID, not with --since")
    config = configuration.find(Path.cwd())
    setup = settings(config)
    if not setup.channels and since is not None:  # CI, in a handbook that sends nothing yet
        print("No notification channels are configured: nothing to send.")
        return 0
    if not setup.channels:
        raise UsageError(
            f"no notification channels in {config.source or 'the configuration'}; "
            "add [[tool.irdocs.notify]] tables (docs/notifications.md)"
        )
    if channel is not None:
        setup.named(channel)
    if reference is not None:
        path = incident_file.find(config, reference)
        indexes = None if update is None else [update - 1]
        selection = {path: indexes}
    else:
        selection = {p: list(i) for p, i in changes.added(config, since or "").items()}
    sends: list[Send] = []
    for path, indexes in selection.items():
        sends += plan(config, setup, path, indexes, channel=channel, again=update is not None)[1]
    if not sends:
        what = f"since {since}" if since else "of this incident"
        print(f"Nothing to send: every update {what} is delivered to the channels that take it.")
        return 0
    return _send(config, sends, dry_run=dry_run, commit=commit)


def after_write(config: Config, path: Path, index: int, mode: str, *, commit: bool) -> int:
    """After ``declare``, ``update`` or ``resolve`` wrote the update at ``index``: send it to the
    channels that take it (``mode`` send), show where it would go (dry-run) or record it as not
    sent (skip). The file is written already: a failure here loses nothing, and says how to
    retry."""
    from irdocs.notify.channels import settings
    from irdocs.notify.outbox import plan, skip

    try:
        setup = settings(config)
        if not setup.channels:
            return 0
        sends = plan(config, setup, path, [index])[1]
        if not sends:
            print("No notification channel takes this update.")
            return 0
        if mode == "skip":
            skip(config, sends, commit="not notified (--no-notify)" if commit else None)
            names = ", ".join(item.channel.name for item in sends)
            print(f"Not sent (--no-notify): {names}; recorded as skipped.")
            return 0
        return _send(config, sends, dry_run=mode == "dry-run", commit=commit)
    except IrdocsError as exc:
        print(
            f"irdocs: not notified: {exc}; the update is recorded in {_shown(path)}; "
            f"then: irdocs notify {path.stem} --update {index + 1}",
            file=sys.stderr,
        )
        return 1


def _send(config: Config, sends: Sequence[Send], *, dry_run: bool, commit: bool) -> int:
    from irdocs.notify.outbox import send

    if dry_run:
        print("Would send (a dry run: nothing is sent or recorded):")
        for item in sends:
            print(f"  update {item.index + 1} of {item.message.incident} to {item.channel.name}: "
                  f"{item.message.title}")  # fmt: skip
        return 0
    names = sorted({item.channel.name for item in sends})
    done = send(config, sends, commit=f"notified {', '.join(names)}" if commit else None)
    failed = 0
    for item, attempt in done:
        if attempt.delivered:
            print(f"Sent update {item.index + 1} of {item.message.incident} to {attempt.channel}.")
        else:
            failed += 1
            _report(item, attempt)
    return 1 if failed else 0


def _report(item: Send, attempt: Attempt) -> None:
    print(
        f"irdocs: {attempt.channel}: update {item.index + 1} of {item.message.incident} not "
        f"delivered ({attempt.reason}); it is recorded in {_shown(item.path)}; retry: "
        f"irdocs notify {item.message.incident} --update {item.index + 1} "
        f"--channel {attempt.channel}",
        file=sys.stderr,
    )


def _shown(path: Path) -> str:
    from irdocs.documents.reading import display_path

    return display_path(path)


def register(subparsers: Subparsers) -> None:
    parser = options.command(
        subparsers,
        "notify",
        "send an incident's updates to the notification channels (again, or not yet sent)",
        "Send the updates of incident ID that the channels taking them have not had (failed, "
        "or never sent); with --update N, that update, again. With --since REF, the updates "
        "added to incident files since commit REF that are not delivered yet (CI runs it on "
        "every push). Every attempt is recorded in the update's notified list. Exit 1 when a "
        "channel fails.",
    )
    parser.add_argument(
        "id", nargs="?", metavar="ID", help="the incident's ID or an unambiguous prefix"
    )
    parser.add_argument(
        "--update", type=_positive, metavar="N", help="the Nth update of its timeline, from 1"
    )
    parser.add_argument("--channel", metavar="NAME", help="only this channel")
    parser.add_argument(
        "--since", metavar="REF", help="the updates added since this commit (instead of ID)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would go where; send nothing"
    )
    parser.add_argument(
        "--commit", action="store_true", help="commit the records with git: incident(<ID>): ..."
    )
    parser.set_defaults(run=run)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not an update number; they start at 1")
    return int(text)


def run(args: argparse.Namespace) -> int:
    return notify(
        args.id,
        update=args.update,
        channel=args.channel,
        since=args.since,
        dry_run=args.dry_run,
        commit=args.commit,
    )
