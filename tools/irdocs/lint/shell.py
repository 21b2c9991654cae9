"""Shell in runbooks: blocks that ``bash -n`` rejects.

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

from irdocs.lint.codeblocks import SHELL_LANGUAGES, command_lines
from irdocs.lint.document import Fence
from irdocs.lint.placeholders import ANGLE_IN_COMMAND

_BASH_ERROR = re.compile(r"^/dev/stdin: line (\d+): (.*)$")


@dataclass(frozen=True, slots=True)
class ShellError:
    line: int
    """0-based line of the block's content; one past the last line for an unexpected end."""
    message: str


def shell_fences(fences: Sequence[Fence]) -> list[Fence]:
    return [fence for fence in fences if fence.language.lower() in SHELL_LANGUAGES]


def commands_of(fence: Fence) -> str:
    """The block as bash reads it, line for line: in a session only the commands (see
    ``codeblocks.command_lines``), output lines left empty; placeholders become words, since the
    placeholder rules report them."""
    lines = command_lines(fence.content, fence.language)
    return "\n".join(_words_for_placeholders(line or "") for line in lines)


def _words_for_placeholders(line: str) -> str:
    """``<pod-name>`` as ``_pod_name_``: bash would read it as a redirection."""
    return ANGLE_IN_COMMAND.sub(lambda match: "_" + re.sub(r"\W", "_", match[1]) + "_", line)


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
