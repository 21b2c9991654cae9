"""Shell in runbooks: blocks that ``bash -n`` rejects, and destructive commands.

``bash -n`` runs once per document on all its shell blocks, each wrapped in a function so that one
block cannot close another's ``if``; only when that fails is each block parsed alone, to say which
one is wrong. Results are cached by text: runbooks repeat the same blocks.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from irdocs.lint.document import Fence
from irdocs.lint.placeholders import find_placeholders

SHELL_LANGUAGES = frozenset(["bash", "sh", "shell", "console"])
_PROMPT = re.compile(r"^\s*\$ ")
_BASH_ERROR = re.compile(r"^/dev/stdin: line (\d+): (.*)$")

DESTRUCTIVE = re.compile(
    r"""
      \brm\s+(?:-\w+\s+)*-[a-zA-Z]*[rR][a-zA-Z]*         # rm -rf, rm -r
    | \brm\s+(?:-\w+\s+)*--recursive\b
    | \b(?:DROP\s+(?:TABLE|DATABASE|SCHEMA|KEYSPACE|INDEX)|TRUNCATE(?:\s+TABLE)?)(?=\s+\w)
    | \bDELETE\s+FROM(?=\s+\w)
    | \bkubectl\b[^|;&\n]*?\s(?:delete|drain)\b
    | \bhelm\s+(?:uninstall|delete)\b
    | \bterraform\s+(?:destroy\b|apply\s+(?:\S+\s+)*-destroy\b)
    | \bgit\s+push\b[^|;&\n]*?\s(?:--force\b|-f\b)
    | \bgit\s+reset\s+--hard\b
    | \bdd\s+(?:\S+\s+)*?of=/dev/
    | \b(?:mkfs(?:\.\w+)?|wipefs|shred)(?=\s)
    | \bFLUSH(?:ALL|DB)\b
    | \betcdctl\b[^|;&\n]*?\sdel\b
    | \baws\s+s3\s+(?:rb\b|rm\b[^|;&\n]*?\s--recursive\b)
    | \b(?:gcloud|az|doctl)\b[^|;&\n]*?\sdelete\b
    | \bdocker\s+(?:system|volume|image)\s+prune\b
    """,
    re.VERBOSE,
)
"""Commands that destroy data or capacity and cannot simply be taken back."""

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
"""A line that warns what the next command does."""


@dataclass(frozen=True, slots=True)
class ShellError:
    line: int
    """0-based line of the block's content; one past the last line for an unexpected end."""
    message: str


def shell_fences(fences: Sequence[Fence]) -> list[Fence]:
    return [fence for fence in fences if fence.language.lower() in SHELL_LANGUAGES]


def commands_of(fence: Fence) -> str:
    """The block as bash reads it, line for line: a block with ``$ `` prompts (a console
    session, whatever its language) keeps only those lines, without the prompt, and their
    continuations; placeholders become words, since the placeholder rule reports them."""
    lines = fence.content.splitlines()
    if any(_PROMPT.match(line) for line in lines):  # a session: commands after prompts, output
        kept, continued = [], False
        for line in lines:
            if _PROMPT.match(line):
                line, continued = _PROMPT.sub("", line, count=1), True
            elif not continued:
                line = ""
            kept.append(line)
            continued = continued and line.rstrip().endswith("\\")
        lines = kept
    return "\n".join(_words_for_placeholders(line) for line in lines)


def _words_for_placeholders(line: str) -> str:
    """``<pod-name>`` as ``_pod_name_``: bash would read it as a redirection."""
    for _, column, found in reversed(list(find_placeholders(line))):
        if found.startswith("<"):
            word = "_" + re.sub(r"\W", "_", found[1:-1]) + "_"
            line = line[: column - 1] + word + line[column - 1 + len(found) :]
    return line


def syntax_errors(fences: Sequence[Fence]) -> Iterator[tuple[Fence, ShellError]]:
    """Each shell block that bash does not parse, with bash's first complaint."""
    if not fences or shutil.which("bash") is None:
        return
    scripts = [commands_of(fence) for fence in fences]
    whole = "".join(f"__irdocs_{n}() {{\n:\n{script}\n}}\n" for n, script in enumerate(scripts))
    if not _bash_n(whole):
        return
    for fence, script in zip(fences, scripts, strict=True):
        complaints = _bash_n(script)
        if complaints:
            yield fence, complaints[0]


@lru_cache(maxsize=4096)
def _bash_n(script: str) -> tuple[ShellError, ...]:
    try:
        done = subprocess.run(
            ["bash", "-n", "/dev/stdin"],
            input=script,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    found = []
    for line in done.stderr.splitlines():
        match = _BASH_ERROR.match(line)
        if match and not match[2].startswith("`"):  # bash echoes the bad line after the error
            found.append(ShellError(int(match[1]) - 1, match[2]))
    return tuple(found)


def destructive_commands(fence: Fence) -> Iterator[tuple[int, int, str]]:
    """(0-based line of the content, 1-based column, the command) of each destructive command
    with no warning before it inside the block."""
    warned = False
    for number, line in enumerate(fence.content.splitlines()):
        if WARNING.match(line):
            warned = True
            continue
        if line.lstrip().startswith(("#", "--", "//")):
            continue  # a comment that mentions a command does not run it
        match = DESTRUCTIVE.search(line)
        if match and not warned:
            yield number, match.start() + 1, " ".join(match.group().split())
