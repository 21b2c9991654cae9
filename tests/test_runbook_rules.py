"""The tricky parts of the runbook and alert rules: placeholders, slugs, bash -n line mapping,
staleness by date and by Git history, alert rule files."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from conftest import DEPENDENCY_WORDS, TODAY, Run, assert_prints
from irdocs.lint import destructive, links, shell
from irdocs.lint.document import Fence
from irdocs.lint.placeholders import find_placeholders

RUNBOOK = """---
id: checkout/restart-pods
title: Restart the checkout API pods
service: checkout
owner: team-checkout
escalation:
  - who: Checkout on-call engineer
    how: PagerDuty service "checkout-primary"
alerts: [CheckoutHighErrorRate]
last_reviewed: {reviewed}
review_every: 30
{covers}---

## Overview

Restart the pods.
"""


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("kubectl logs <pod-name> -n x", [(0, 14, "<pod-name>")]),
        ("Owner: [Name]\nTBD", [(0, 8, "[Name]"), (1, 1, "TBD")]),
        ("at HH:MM UTC, lorem ipsum", [(0, 4, "HH:MM"), (0, 15, "lorem ipsum")]),
        ("a todo list, a <br> and <none>", []),
        ("<!-- TODO: fill in\n[Name] -->", []),
        ("[Grafana](https://grafana) and [!WARNING] and - [x] done", []),
        ('echo "${ARGS[INDEX]}" [ -z "$X" ] cat <<EOF', []),
        ("see <...> or [TEAM_NAME]", [(0, 5, "<...>"), (0, 14, "[TEAM_NAME]")]),
    ],
    ids=[
        "angle",
        "bracket-and-marker",
        "time-lorem",
        "words-tags-output",
        "comment",
        "links",
        "shell",
        "ellipsis-const",
    ],
)
def test_placeholders(text: str, found: list[tuple[int, int, str]]) -> None:
    assert list(find_placeholders(text)) == found


@pytest.mark.parametrize(
    ("title", "anchor"),
    [
        ("Roll back the deploy", "roll-back-the-deploy"),
        ("What's `kubectl` saying?", "whats-kubectl-saying"),
        ("Step 2: fail over (EU only)", "step-2-fail-over-eu-only"),
        ("Mitigation", "mitigation"),
    ],
)
def test_slugs(title: str, anchor: str) -> None:
    assert anchor in links.slugs(title)


def test_repeated_headings_get_suffixes() -> None:
    from markdown_it import MarkdownIt

    text = '## Check\n\n## Check\n\n## Explicit {#custom}\n\n<a id="legacy"></a>\n'
    found = links.anchors(MarkdownIt("commonmark").parse(text), text)
    assert {"check", "check-1", "check_1", "explicit", "custom", "legacy"} <= found


def test_bash_errors_map_to_the_block_line() -> None:
    fences = [
        Fence("bash", "echo fine\n", 10),
        Fence("bash", "echo one\nif true; then\n  echo two\nfi fi\n", 20),
        Fence("console", "$ echo ok\noutput ( not shell\n$ ls \\\n  -l\n", 30),
    ]
    errors = [(fence.line, error.line) for fence, error in shell.syntax_errors(fences)]
    assert errors == [(20, 3)]  # 0-based line 3 of the block: "fi fi"


def test_console_keeps_commands_and_continuations_only() -> None:
    fence = Fence("console", "$ kubectl get pod <pod-name> \\\n  -o wide\nNAME READY\n", 1)
    assert shell.commands_of(fence) == "kubectl get pod _pod_name_ \\\n  -o wide\n"


def test_destructive_commands_and_warnings_inside_the_block() -> None:
    block = "# WARNING: drops the cache\nredis-cli FLUSHALL\n"
    assert list(destructive.destructive_commands(block, "bash")) == []
    block = "kubectl get pods | grep delete\n# rm -rf /\nrm -rf /var/cache/x\n"
    assert list(destructive.destructive_commands(block, "bash")) == [(2, 1, "rm -rf")]
    session = "$ kubectl logs deploy/api\nERROR cannot run kubectl delete pod api-1\n"
    assert list(destructive.destructive_commands(session, "console")) == []
    sql = "DELETE FROM sessions\nWHERE state = 'stuck';\nDELETE FROM sessions;\n"
    assert list(destructive.destructive_commands(sql, "sql")) == [(2, 1, "DELETE FROM")]


def _handbook_with(root: Path, text: str) -> Path:
    (root / "runbooks" / "checkout").mkdir(parents=True)
    (root / "irdocs.toml").write_text('services = ["checkout"]\n')
    path = root / "runbooks" / "checkout" / "restart-pods.md"
    path.write_text(text)
    return path


def test_review_overdue_follows_irdocs_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    _handbook_with(tmp_path, RUNBOOK.format(reviewed="2026-10-01", covers=""))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IRDOCS_TODAY", "2026-10-31")
    assert run("lint", "--select", "IR403").code == 0
    monkeypatch.setenv("IRDOCS_TODAY", "2026-11-01")
    result = run("lint", "--select", "IR403")
    assert result.out.startswith("runbooks/checkout/restart-pods.md:10:16: IR403 review overdue ")
    monkeypatch.setenv("IRDOCS_TODAY", "tomorrow")
    result = run("lint", "--select", "IR403")
    assert (result.code, result.err) == (
        2,
        "irdocs: IRDOCS_TODAY='tomorrow' is not a date; write YYYY-MM-DD\n",
    )


def test_today_flag_wins_over_irdocs_today_and_both_reach_the_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    _handbook_with(tmp_path, RUNBOOK.format(reviewed="2026-10-01", covers=""))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IRDOCS_TODAY", "2026-10-31")
    stale = run("lint", "--select", "IR403", "--no-cache", "--today", "2026-11-01")
    assert (stale.code, stale.out.split(" IR403 ")[0]) == (
        1,
        "runbooks/checkout/restart-pods.md:10:16:",
    )
    assert run("lint", "--select", "IR403", "--no-cache").code == 0  # the pin ends with the run
    monkeypatch.delenv("IRDOCS_TODAY")
    fresh = run("lint", "--select", "IR403", "--no-cache", "--today", "2026-10-31")
    assert (fresh.code, fresh.out) == (0, "")


def _commit(repo: git.Repo, message: str, when: str) -> None:
    repo.git.add("--all")
    env = {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    repo.git.commit("--quiet", "--message", message, env=env)


def test_covers_changed_in_a_real_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    # The handbook is a folder of a larger repository; covers are relative to the handbook.
    handbook = tmp_path / "handbook"
    covers = "covers: [../deploy/checkout/, ../services/checkout.yaml, missing/]\n"
    _handbook_with(handbook, RUNBOOK.format(reviewed="2026-03-01", covers=covers))
    (tmp_path / "deploy" / "checkout").mkdir(parents=True)
    (tmp_path / "deploy" / "checkout" / "values.yaml").write_text("replicas: 3\n")
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "checkout.yaml").write_text("timeout: 5s\n")
    repo = git.Repo.init(tmp_path)
    _commit(repo, "Initial", "2026-02-01T10:00:00+00:00")
    monkeypatch.chdir(handbook)
    monkeypatch.setenv("IRDOCS_TODAY", "2026-03-02")
    assert run("lint", "--select", "IR404").code == 0
    (tmp_path / "deploy" / "checkout" / "values.yaml").write_text("replicas: 6\n")
    _commit(repo, "Scale checkout", "2026-03-01T23:00:00+00:00")  # the review day: still fresh
    assert run("lint", "--select", "IR404").code == 0
    (tmp_path / "deploy" / "checkout" / "values.yaml").write_text("replicas: 8\n")
    _commit(repo, "Scale checkout again", "2026-03-05T09:00:00+00:00")
    result = run("lint", "--select", "IR404")
    assert result.out == (
        "runbooks/checkout/restart-pods.md:12:10: IR404 '../deploy/checkout/' changed on "
        "2026-03-05, after last_reviewed 2026-03-01; check the runbook against the change, then "
        "update last_reviewed\n"
    )


def test_covers_is_silent_outside_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    covers = "covers: [runbooks/]\n"
    _handbook_with(tmp_path, RUNBOOK.format(reviewed="2000-01-01", covers=covers))
    monkeypatch.chdir(tmp_path)
    assert run("lint", "--select", "IR404").code == 0


RULES = """groups:
  - name: checkout
    rules:
      - alert: CheckoutHighErrorRate
        expr: up == 0
        annotations:
          runbook_url: https://runbooks.example.com/runbooks/checkout/restart-pods
      - alert: CheckoutRestartPods
        expr: up == 0
        annotations:
          runbook_url: https://github.com/example/handbook/blob/main/runbooks/checkout/Restart-Pods.md
      - alert: CheckoutTemplated
        annotations:
          runbook_url: "{{ $externalURL }}/runbooks/checkout/restart-pods"
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
spec:
  groups:
    - name: more
      rules:
        - alert: CheckoutGone
          annotations:
            runbook_url: https://runbooks.example.com/runbooks/checkout/gone/
"""


def test_alert_rules_against_runbooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    _handbook_with(tmp_path, RUNBOOK.format(reviewed=TODAY, covers=""))
    (tmp_path / "irdocs.toml").write_text(
        'services = ["checkout"]\n[lint]\nalert_rules = ["alerts/*.yaml", "alerts/*.yml"]\n'
    )
    (tmp_path / "alerts").mkdir()
    (tmp_path / "alerts" / "checkout.yaml").write_text(RULES)
    (tmp_path / "alerts" / "broken.yml").write_text(
        "groups:\n  - name: checkout\n    rules:\n      - alert: CheckoutDown\n"
        '        annotations:\n          summary: "Checkout is down\n'
    )
    monkeypatch.chdir(tmp_path)
    result = run("lint", "--select", "IR51")
    assert_prints(
        result.out,
        f"alerts/broken.yml:6:20: IR513 not valid YAML: {DEPENDENCY_WORDS}; fix the YAML\n"
        "alerts/checkout.yaml:24:26: IR511 runbook_url of alert 'CheckoutGone' matches no "
        "runbook in the handbook; link to runbooks/<service>/<name>.md or its page (ending in "
        "<service>/<name>)\n",
    )


def test_an_alert_rules_glob_that_matches_nothing_is_a_usage_error(
    handbook: Path, run: Run
) -> None:
    toml = handbook / "irdocs.toml"
    toml.write_text(toml.read_text().replace('"alerts/*.yaml"', '"rules/*.yaml"'))
    result = run("lint", "--select", "IR510")
    assert result.code == 2
    assert "lint.alert_rules: 'rules/*.yaml' matches no file under" in result.err


def test_hugo_refs_are_links(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    body = 'See [degraded]({{< ref "./Degraded.md" >}}) and [x](Other.md#top).\n'
    found = links.relative_links(MarkdownIt("commonmark").parse(body), body.splitlines())
    assert [(link.path, link.anchor, link.column) for link in found] == [
        ("./Degraded.md", "", 16),
        ("Other.md", "top", 53),
    ]


def test_a_session_in_a_shell_block_is_parsed_as_commands_only() -> None:
    session = Fence("shell", "$ kubectl get sc\nstandard (default)   kubernetes.io/gce-pd\n", 1)
    assert list(shell.syntax_errors([session])) == []


def test_a_format_description_is_not_a_placeholder(handbook: Path, run: Run) -> None:
    path = handbook / "runbooks" / "checkout" / "rollback-deploy.md"
    path.write_text(
        path.read_text()
        + "\nThe pool is `<namespace>/<monitor>/<endpoint>`; run `kubectl logs <pod>`.\n"
    )
    result = run("lint", "--select", "IR407,IR413", "runbooks/checkout/rollback-deploy.md")
    assert result.out == (
        "runbooks/checkout/rollback-deploy.md:42:67: IR413 [warning] command has a parameter "
        "'<pod>' to fill in; write the real value, or a command that finds it (set a variable "
        "in an earlier step)\n"
    )


def test_a_session_keeps_heredocs_continuations_and_drops_output() -> None:
    from irdocs.lint.codeblocks import command_lines, trailing_space_continuations

    session = "$ cat <<EOF > x\nbody (line)\nEOF\noutput (line)\n$ echo a \\\n  b\nok\n"
    assert command_lines(session, "console") == [
        "cat <<EOF > x",
        "body (line)",
        "EOF",
        None,
        "echo a \\",
        "  b",
        None,
    ]
    script = "curl -d 'a \\ \n b' \\ \n  --fail\necho done \\  \n"
    assert list(trailing_space_continuations(command_lines(script, "bash"))) == [(1, 5)]


def test_wrong_tags_read_quoted_lines_as_part_of_their_command() -> None:
    from irdocs.lint.wrongtag import wrong_tag

    body = 'curl -d \'{\n  "IPAddress": "10.0.0.1"\n}\' http://x\n'
    assert wrong_tag(body, "bash") is None
    found = wrong_tag("NAME   READY   STATUS\napi-1  1/1     Running\n", "sh")
    assert found is not None and (found.kind, found.mixed) == ("command output", False)
