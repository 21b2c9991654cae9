"""What a code block holds, read as a shell reader would: which lines are commands (after a
prompt, their continuations and heredoc bodies) and which are output, and whether a block under a
shell tag is shell at all or PromQL, SQL, Ruby, a REPL session or command output.

Lines are scanned for quotes, heredocs and trailing backslashes, so a line inside a multi-line
quoted argument (a JSON body for ``curl -d``) is never mistaken for output or for a command.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

SHELL_LANGUAGES = frozenset(
    ["bash", "sh", "shell", "console", "shell-session", "sh-session", "shellsession"]
)
SESSION_LANGUAGES = frozenset(["console", "shell-session", "sh-session", "shellsession"])
"""Tags that promise a session: prompts before commands, output after them."""

_PROMPT = re.compile(r"^\s*(?:\$|[\w.-]+@[\w.-]+:[^\s$#]*[$#])(?: |$)")
_CONTINUATION_PROMPT = re.compile(r"^\s*> ")
_HEREDOC = re.compile(r"<<(?P<dash>-)?\s*\\?(?P<q>['\"]?)(?P<word>[A-Za-z_][\w.-]*)(?P=q)")
_ROOT_COMMANDS = frozenset(
    [
        "apt",
        "apt-get",
        "cat",
        "cd",
        "chmod",
        "chown",
        "chroot",
        "crictl",
        "cp",
        "curl",
        "df",
        "dmesg",
        "dnf",
        "docker",
        "du",
        "echo",
        "etcdctl",
        "exit",
        "find",
        "free",
        "grep",
        "head",
        "ip",
        "iptables",
        "journalctl",
        "kill",
        "kubectl",
        "less",
        "ls",
        "lsblk",
        "lsof",
        "mdadm",
        "mount",
        "mv",
        "netstat",
        "oc",
        "podman",
        "ps",
        "reboot",
        "rm",
        "rpm",
        "sed",
        "ss",
        "sysctl",
        "systemctl",
        "tail",
        "top",
        "umount",
        "vi",
        "vim",
        "yum",
        "xfs_growfs",
        "resize2fs",
    ]
)
"""Commands a root prompt (``# cmd``) runs in sessions; other ``#`` lines are comments."""


@dataclass(frozen=True, slots=True)
class _State:
    quote: str = ""
    heredocs: tuple[tuple[str, bool], ...] = ()
    """Terminators still to come, and whether tabs before them are stripped (``<<-``)."""
    continued: bool = False

    @property
    def open(self) -> bool:
        return bool(self.quote or self.heredocs or self.continued)


def _advance(line: str, state: _State) -> _State:
    """The state after ``line``, read in ``state``."""
    if state.heredocs:
        word, dash = state.heredocs[0]
        if (line.lstrip("\t") if dash else line).rstrip() == word:
            return _State(heredocs=state.heredocs[1:])
        return state
    quote, pending, escaped_end = state.quote, list(state.heredocs), False
    index = 0
    while index < len(line):
        char = line[index]
        if quote == "'":
            quote = "" if char == "'" else quote
        elif char == "\\":
            escaped_end = index == len(line) - 1
            index += 1
        elif quote == '"':
            quote = "" if char == '"' else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t;&|("):
            break
        elif line.startswith("<<", index) and not line.startswith("<<<", index):
            match = _HEREDOC.match(line, index)
            if match:
                pending.append((match["word"], bool(match["dash"])))
                index = match.end()
                continue
        index += 1
    return _State(quote, tuple(pending), escaped_end and not quote)


def command_lines(content: str, language: str) -> list[str | None]:
    """Each line of the block as bash reads it (prompt removed), or None for output.

    A block with prompts (``$ ``, ``user@host:~$ ``, or a root ``# `` in a session tag) is a
    session: commands are the lines after a prompt, with their continuation lines, open quotes
    and heredoc bodies (``> `` continuation prompts removed); the rest is output. A block without
    prompts is all commands."""
    lines = content.splitlines()
    session = language.lower() in SESSION_LANGUAGES
    prompted = [_prompt_length(line, session) for line in lines]
    if not any(length is not None for length in prompted):
        return list(lines)
    found: list[str | None] = []
    state = _State()
    for line, length in zip(lines, prompted, strict=True):
        if state.open:
            kept = line if state.heredocs else _CONTINUATION_PROMPT.sub("", line, count=1)
        elif length is not None:
            kept = line[length:]
        elif found and found[-1] is not None and _CONTINUATION_PROMPT.match(line):
            kept = _CONTINUATION_PROMPT.sub("", line, count=1)  # PS2: `do` … `> done`
        else:
            found.append(None)
            continue
        state = _advance(kept, state)
        found.append(kept)
    return found


def _prompt_length(line: str, session: bool) -> int | None:
    match = _PROMPT.match(line)
    if match:
        return match.end()
    if session:
        stripped = line.lstrip()
        words = stripped[2:].split(maxsplit=1) if stripped.startswith("# ") else []
        if words and words[0] in _ROOT_COMMANDS:
            return len(line) - len(stripped) + 2
    return None


def trailing_space_continuations(lines: list[str | None]) -> Iterator[tuple[int, int]]:
    """(0-based line, 1-based column of the backslash) where ``\\`` is followed by spaces at the
    end of a command line and the next line goes on: bash ends the command there, and runs the
    next line on its own."""
    state = _State()
    for number, line in enumerate(lines):
        if line is None:
            state = _State()
            continue
        before = state
        state = _advance(line, state)
        if before.heredocs:
            continue
        stripped = line.rstrip(" \t")
        following = lines[number + 1] if number + 1 < len(lines) else None
        if (
            stripped != line
            and stripped.endswith("\\")
            and not stripped.endswith("\\\\")
            and not state.quote
            and following is not None
            and following.strip()
        ):
            yield number, len(stripped)


def starts(lines: list[str | None]) -> Iterator[tuple[int, str]]:
    """(0-based line, text) of each command line that starts a command: not inside a quote,
    heredoc or continuation."""
    state = _State()
    for number, line in enumerate(lines):
        if line is None:
            state = _State()
            continue
        if not state.open:
            yield number, line
        state = _advance(line, state)


_COMMAND_WORDS = frozenset(
    [
        "aws",
        "az",
        "bundle",
        "cat",
        "cd",
        "curl",
        "docker",
        "etcdctl",
        "export",
        "gcloud",
        "gds",
        "git",
        "grep",
        "helm",
        "journalctl",
        "k",
        "knife",
        "kubectl",
        "make",
        "oc",
        "psql",
        "rails",
        "rake",
        "redis-cli",
        "rm",
        "ssh",
        "sudo",
        "systemctl",
        "terraform",
        "virtctl",
    ]
)
"""First words that make an indented block a shell block."""


def looks_like_commands(content: str) -> bool:
    """An indented block whose every command starts with a prompt or a well-known command."""
    lines = command_lines(content, "")
    if any(line is None for line in lines):
        return True  # a session with `$ ` prompts
    first_words = [text.split()[0] for _, text in starts(lines) if text.strip()]
    return bool(first_words) and all(
        word in _COMMAND_WORDS or word.startswith("#") for word in first_words
    )
