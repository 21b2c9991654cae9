"""The one user-facing exception family: each message is one line that says what to do next."""

from __future__ import annotations


class IrdocsError(Exception):
    """A problem the user can fix; ``main`` prints it and exits with ``exit_code``."""

    exit_code = 1


class UsageError(IrdocsError):
    """The command line or the handbook's configuration is wrong (exit 2)."""

    exit_code = 2
