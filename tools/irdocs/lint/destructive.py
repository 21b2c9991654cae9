"""Destructive commands in runbooks, and the warnings that make them safe to print.

A command counts where it runs: on a command line of a code block (after the prompt in a
session), not in output, a log line or a comment. A warning counts when the reader meets it in
the same step: an admonition or a "Warning:" line between the section's heading and the block,
prose that warns ("this will cause data loss", "only if …", "be careful") between the previous
block and this one or in the paragraph right after it, or a comment in the block before or right
after the command.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from irdocs.lint.codeblocks import command_lines
from irdocs.lint.wrongtag import kind_of_line

DESTRUCTIVE = re.compile(
    r"""
      \brm\s+(?:-\w+\s+)*-[a-zA-Z]*[rR][a-zA-Z]*         # rm -rf, rm -r
    | \brm\s+(?:-\w+\s+)*--recursive\b
    | \b(?:DROP\s+(?:TABLE|DATABASE|SCHEMA|KEYSPACE|INDEX|COLLECTION)|TRUNCATE(?:\s+TABLE)?)
      (?=\s+[\w"`])
    | \b(?:DELETE\s+FROM|delete\s+from|drop\s+(?:table|database))(?=\s+[\w"`])
    | \.(?:dropDatabase|drop)\(\)                         # mongo
    | \b(?:kubectl|k)\b[^|;&\n#]*?\s(?:delete|drain)\b
    | \boc\b[^|;&\n#]*?\s(?:delete|adm\s+drain|adm\s+cordon)\b
    | \bvirtctl\s+(?:\S+\s+)*?stop\b
    | \bkill\s+(?:-9|-KILL|-SIGKILL|-s\s+(?:9|KILL))\b
    | \bpkill\b
    | \bpg_terminate_backend\b
    | \bhelm\s+(?:uninstall|delete)\b
    | \bterraform\s+(?:destroy\b|apply\s+(?:\S+\s+)*-destroy\b)
    | \bgit\s+push\b[^|;&\n#]*?\s(?:--force\b|-f\b)
    | \bgit\s+reset\s+--hard\b
    | \bdd\s+(?:\S+\s+)*?of=/dev/(?!null\b|stdout\b|stderr\b|zero\b)
    | \b(?:mkfs(?:\.\w+)?|wipefs|shred)(?=\s)
    | \bFLUSH(?:ALL|DB)\b
    | \betcdctl\b[^|;&\n#]*?\sdel\b
    | \baws\s+s3\s+(?:rb\b|rm\b[^|;&\n#]*?\s--recursive\b)
    | \baws\s+[\w-]+\s+(?:delete|terminate)-[\w-]+
    | \b(?:gcloud|az|doctl)\b[^|;&\n#]*?\sdelete\b
    | \bknife\b[^|;&\n#]*?\sdelete\b
    | \bcurl\b[^|;&\n#]*?\s(?:-X\s*|--request\s+)DELETE\b
    | \bdocker\s+(?:system|volume|image)\s+prune\b
    | \.(?:destroy|destroy_all|delete_all|really_destroy)(?:!|\b)(?!\?)   # Rails
    | \)\.delete\b(?!\s*\()                                 # Model.find(…).delete
    """,
    re.VERBOSE,
)
"""Commands that destroy data or capacity and cannot simply be taken back."""

_SQL_DELETE = re.compile(r"delete\s+from", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)
NOT_COMMANDS = frozenset(
    [
        "text",
        "txt",
        "plaintext",
        "log",
        "output",
        "json",
        "yaml",
        "yml",
        "diff",
        "markdown",
        "md",
        "erb",
        "html",
        "xml",
    ]
)
"""Block languages whose lines run nowhere: output, logs, data and configuration."""

WARNING = re.compile(
    r"""^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*)*      # list items and block quotes
        (?:!!!|\?\?\?\+?)\s*(?:warning|danger|caution)\b    # MkDocs admonitions
      | ^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*)*
        (?:\[!(?:WARNING|CAUTION|IMPORTANT)\]               # GitHub alerts
        |(?:\*\*|__|⚠️?\s*)?(?:warning|caution|danger)\b)  # "Warning:", "**Caution**"
      | ^\s*(?:\#|--|//)\s*(?:warning|caution|danger)\b     # a comment in the block
    """,
    re.VERBOSE | re.IGNORECASE,
)
"""A line that is a warning wherever it stands in the section."""

WARNING_WORDS = re.compile(
    r"""\b(?:warning|caution|danger(?:ous)?|careful(?:ly)?|with\scare|irreversibl[ey]
        |cannot\sbe\sundone|can'?t\sbe\sundone|can\snot\sbe\sundone|permanent(?:ly)?
        |data\sloss|lose\s(?:all|any|the|your|data)|destructive|at\syour\sown\srisk
        |only\s(?:if|when|do|run|use|after|once)|do\snot\srun|don'?t\srun|never\srun
        |make\ssure|be\ssure|ensure|double[-\s]check|verify\sthat
        |(?:back\s?up|snapshot)\s(?:\w+\s){0,3}(?:first|before)|before\s(?:\w+\s){0,3}(?:is|are)\sdeleted
        |recreated|redeployed|replaced\sautomatically|to\srestart|will\sbe\s(?:re)?created
        |tidy\sup|clean\s?-?up|you\screated|once\syou(?:'ve|\shave)?\s(?:finish\w*|complet\w*|done)
        |when\syou(?:'re|\sare)?\s(?:done|finished)
        |(?:will|would|this)\s(?:\w+\s)?(?:delete|remove|destroy|drop|wipe|erase|terminate
            |kill|evict|disrupt|interrupt|restart)s?
        |(?:is|are|be|get|gets)\s(?:permanently\s)?(?:deleted|removed|destroyed|dropped|lost
            |wiped|erased|terminated|killed|evicted))\b
      | ⚠""",
    re.VERBOSE | re.IGNORECASE,
)
"""Prose or a comment that warns, near the command."""

_COMMENT = re.compile(r"^\s*(?:#|--|//)")


def destructive_commands(content: str, language: str) -> Iterator[tuple[int, int, str]]:
    """(0-based line of the content, 1-based column, the command) of each destructive command
    in a block with no warning comment before or right after it."""
    if language.lower() in NOT_COMMANDS:
        return
    lines = command_lines(content, language)
    raw = content.splitlines()
    warned = False
    for number, line in enumerate(lines):
        if line is None:
            continue
        if _COMMENT.match(line):
            warned = warned or bool(WARNING.match(line) or WARNING_WORDS.search(line))
            continue  # a comment that mentions a command does not run it
        if kind_of_line(line) == "command output":
            continue
        match = DESTRUCTIVE.search(line.split(" #", 1)[0])
        if match is None or warned or _comment_after(lines, number):
            continue
        if _SQL_DELETE.match(match.group()) and _WHERE.search(
            _statement(lines, number, match.end())
        ):
            continue  # DELETE FROM … WHERE: a chosen set of rows
        column = raw[number].find(line) + 1 + match.start() if line else 1
        yield number, column, " ".join(match.group().lstrip(")").split())


def _comment_after(lines: list[str | None], number: int) -> bool:
    line = lines[number] or ""
    if " #" in line and WARNING_WORDS.search(line.split(" #", 1)[1]):
        return True
    following = lines[number + 1] if number + 1 < len(lines) else None
    return bool(following and _COMMENT.match(following) and WARNING_WORDS.search(following))


def _statement(lines: list[str | None], number: int, start: int) -> str:
    """The SQL statement from the match to its ``;`` (or the end of the block)."""
    text = "\n".join(line or "" for line in lines[number:])[start:]
    return text.split(";", 1)[0]
