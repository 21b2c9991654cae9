"""A block under a shell tag whose content is not shell: PromQL, SQL, Ruby, a REPL session, or
command output. Such a block is a wrong language tag (IR412), not a shell syntax error: bash
would run the output as commands, or fail on a query that was never meant for it.

Each line that starts a command (not inside a quote, heredoc or continuation) is put in a kind by
its shape; only strong shapes count as not-shell, so a command irdocs does not know is still a
command.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from irdocs.lint.codeblocks import command_lines, starts

_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "REPL input",
        re.compile(
            r"""^\s*(?:
                  irb\([^)]*\):\d+(?::\d+)?[>*]      # irb(main):001:0>
                | \[\d+\]\s*pry\([^)]*\)>           # [1] pry(main)>
                | >>>\s                            # python
                | [\w-]+\([\w-]+\)[>*]\s            # rails console: app(prod)>
                | [\w.-]+:\d+(?:\[\d+\])?>\s        # redis-cli: 127.0.0.1:6379>
                | redis(?:-cli)?>\s | mysql>\s | sqlite>\s | mongo>\s
                | [\w-]+=[#>]\s                     # psql: postgres=#
                | rs\d*:(?:PRIMARY|SECONDARY)>\s    # mongo replica set
                | [\w-]+/[\w-]+>\s                  # gpg/card>
                | =>\s                              # a REPL's return value
            )""",
            re.VERBOSE,
        ),
    ),
    (
        "SQL",
        re.compile(
            r"""^\s*(?:
                  (?:SELECT|INSERT\s+INTO|DELETE\s+FROM|TRUNCATE|GRANT|REVOKE|EXPLAIN|VACUUM)\b
                | UPDATE\s+\S+\s+SET\b
                | (?:CREATE|ALTER|DROP)\s+(?:TABLE|INDEX|DATABASE|SCHEMA|USER|ROLE|VIEW)\b
                | (?:FROM|WHERE|AND|ORDER\s+BY|GROUP\s+BY|LIMIT|JOIN|VALUES|RETURNING)\b
                | (?:BEGIN|COMMIT|ROLLBACK);
                | (?:select|insert\s+into|delete\s+from|update\s+\S+\s+set)\b.*(?:;|\bfrom\b)
                | \\(?:c|d|dt|di|du|l|x|q|connect)(?:\s|$)  # psql meta-commands
            )""",
            re.VERBOSE,
        ),
    ),
    (
        "PromQL",
        re.compile(
            r"""^\s*(?:
                  (?:sum|avg|min|max|count|rate|irate|increase|histogram_quantile|topk|bottomk
                    |absent|delta|deriv|predict_linear|label_replace|count_over_time
                    |avg_over_time|max_over_time|min_over_time|quantile_over_time)
                  \s*(?:(?:by|without)\s*\([^)]*\)\s*)?\(
                | [a-zA-Z_:][\w:]*\{[^}]*=~?\s*"[^"]*"[^}]*\}
            )""",
            re.VERBOSE,
        ),
    ),
    (
        "Ruby",
        re.compile(
            r"""^\s*(?:
                  [A-Z]\w*(?:::[A-Z]\w*)*\.\w+[!?]?(?:\(|\s|$)   # Document.find_by(...
                | \w+\s*=\s*[A-Z]\w*(?:::[A-Z]\w*)*\.\w+      # doc = Document.find(...
                | [a-z_]\w*\.(?:each|map|find_each|update!?|save!?|destroy!?|reload|pluck)\b
                | .*\bdo\s*\|[\w, ]+\|\s*$
                | (?:puts|pp)\s
            )""",
            re.VERBOSE,
        ),
    ),
    (
        "command output",
        re.compile(
            r"""^\s*(?:
                  [A-Z][A-Z_-]+(?:\s[A-Z_-]+)?\s{2,}[A-Z][A-Z_-]+  # NAME   READY  STATUS
                | [-dlcbps][rwxsStT-]{9}[@+.]?\s                  # ls -l
                | total\s\d+$
                | level=\w+\s | ts=\S+\s                         # logfmt
                | \d{4}-\d\d-\d\d[T\s]\d\d:\d\d                   # a timestamp
                | \[\d{4}-\d\d-\d\d                               # [2021-01-04 ...
                | \[(?:INFO|ERROR|WARN|WARNING|DEBUG|TRACE|FATAL)\]
                | [A-Z][\w ]*[a-z]:\s+\S                          # Asset id: 65f2c1
                | [A-Z][a-z]+[!.]$                                # Saved!
                | [A-Z][a-z]+\s[a-z]+\s[a-z]+.*[.:]$              # The following packages...
                | "[\w.-]+":\s                                    # "IPAddress": "..."
                | [<>]\s[\w-]+:\s                                   # curl -v headers
                | -\w,\s--[\w-]+\s                                # -i, --interactive  Keep
                | [\w\[\]]+\s+:\s                                  # domain   : example.org
                | \S+\sversion\sv?\d+\.\d+                          # Docker version 18.09.2
                | \S+@\S+:\S*[$\#]\s*$                            # a prompt with no command
                | [\w !]+@[\w.-]+:\S*[$\#]\s*$                    # I have no name!@host:/$
                | \d+\s(?:upgraded|packages?|rows?)\b
                | \w[\w-]*(?:\s{2,}\S+){2,}\s*$                    # columns: green  open  .tasks
            )""",
            re.VERBOSE,
        ),
    ),
)
_COMMENT_OR_ELLIPSIS = re.compile(r"^\s*(?:#.*|\.\.\.|…)?\s*$")


@dataclass(frozen=True, slots=True)
class WrongTag:
    line: int
    """0-based line of the block's content that shows it."""
    kind: str
    """What the block holds: "SQL", "command output", ...; mixed blocks say so."""
    mixed: bool
    """Shell commands and something else in one block."""

    def message(self, language: str) -> str:
        if self.mixed:
            return (
                f"this ```{language} block mixes commands with {self.kind}; put a '$ ' prompt "
                f"before each command and tag it ```console, or move the {self.kind} to its own "
                "block (```text for output)"
            )
        suggestion = {"SQL": "sql", "PromQL": "promql", "Ruby": "ruby"}.get(self.kind, "text")
        return (
            f"this ```{language} block holds {self.kind}, not shell; tag it ```{suggestion} "
            "so nobody pastes it into a shell"
        )


def kind_of_line(text: str) -> str | None:
    """The non-shell kind a line's shape shows, or None."""
    for kind, shape in _SHAPES:
        if shape.match(text):
            return kind
    return None


def wrong_tag(content: str, language: str) -> WrongTag | None:
    """Why the block is not shell, or None when it is (or may be)."""
    lines = command_lines(content, language)
    if any(line is None for line in lines):
        return None  # a session: its output lines are output by definition
    kinds: Counter[str] = Counter()
    first: dict[str, int] = {}
    shell = 0
    for number, text in starts(lines):
        if _COMMENT_OR_ELLIPSIS.match(text):
            continue
        kind = kind_of_line(text)
        if kind is None:
            shell += 1
            continue
        kinds[kind] += 1
        first.setdefault(kind, number)
    if not kinds:
        return None
    kind = kinds.most_common(1)[0][0]
    if shell and kind in ("SQL", "PromQL", "Ruby") and kinds[kind] < 2:
        return None  # one odd line among commands: let bash -n judge it
    return WrongTag(first[kind], kind, mixed=shell > 0)
