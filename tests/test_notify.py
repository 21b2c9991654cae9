"""Notifications with real parts, nothing leaving the machine: an SMTP server (aiosmtpd) and an
HTTP server on 127.0.0.1 receive what declare, update, resolve and notify send through Apprise;
a real git repository for ``notify --since``."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiosmtpd.controller import Controller

from conftest import DECLARED_AT, REPO, Run, declare, git_repository
from irdocs.notify.secrets import expand, literal_credentials, mask

T0 = DECLARED_AT
SECRET = "S3cr3tT0kenValue9876"


@dataclass
class Mailbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


@dataclass
class Webhook:
    """Answers POST /ok with 200, /fail with 500, /slow after 2 s; keeps every JSON body."""

    port: int
    received: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"json://127.0.0.1:{self.port}/{path}"

    def bodies(self, path: str = "ok") -> list[dict[str, Any]]:
        return [body for where, body in self.received if where == f"/{path}"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    box = Mailbox(_free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook(0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            hook.received.append((self.path, body))
            if self.path == "/slow":
                time.sleep(2)
            self.send_response(500 if self.path == "/fail" else 200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: Any, client_address: Any) -> None:
            # a client that hangs up after its answer (a reset on a kept-alive connection) is
            # not the test's business; printed, it would land in the captured stderr of the
            # irdocs command running in this process
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), Handler)
    hook.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()


CHANNELS = """
[[notify]]
name = "stakeholder-email"
url = "mailto://127.0.0.1:${SMTP_PORT}?from=irdocs@example.com&to=board@example.com&mode=insecure"
audiences = ["stakeholders"]

[[notify]]
name = "webhook"
url = "${WEBHOOK_URL}"
audiences = ["internal", "stakeholders", "public"]
timeout = 0.5
"""


@pytest.fixture
def notifying(
    handbook: Path, mailbox: Mailbox, webhook: Webhook, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The test handbook with an e-mail and a webhook channel, both on 127.0.0.1."""
    config = handbook / "irdocs.toml"
    text = config.read_text()
    config.write_text(
        'site_url = "https://handbook.example.com/"\n' + text.rstrip() + "\n" + CHANNELS
    )
    monkeypatch.setenv("SMTP_PORT", str(mailbox.port))
    monkeypatch.setenv("WEBHOOK_URL", webhook.url("ok"))
    return handbook


def _declare(run: Run, *extra: str) -> tuple[Path, str]:
    path = declare(run, "--commander", "Priya Raman", *extra)
    return path, path.stem


def _updates(path: Path) -> list[dict[str, Any]]:
    front = yaml.safe_load(path.read_text().split("---\n")[1])
    updates: list[dict[str, Any]] = front["updates"]
    return updates


def _results(update: dict[str, Any]) -> list[tuple[str, str]]:
    return [(n["channel"], n["result"]) for n in update.get("notified", [])]


def test_update_for_stakeholders_sends_one_email_whose_body_is_the_printed_text(
    notifying: Path, run: Run, mailbox: Mailbox, webhook: Webhook
) -> None:
    path, incident = _declare(run)
    assert mailbox.messages == []  # the declaration is internal: the webhook's, not the e-mail's
    result = run(
        "update", incident, "--audience", "stakeholders", "--status", "identified",
        "--at", "2026-03-04T09:45:00+01:00",
        "--message", "About 18% of EU checkouts fail; a rollback is under way",
    )  # fmt: skip
    assert result.code == 0, result.err
    printed = result.out.split("\n\n")[1].removeprefix("  ")
    assert printed == (
        "About 18% of EU checkouts fail; a rollback is under way. Next update by 09:45 UTC."
    )
    assert len(mailbox.messages) == 1
    (mail,) = mailbox.messages
    assert mail["Subject"] == (f"{incident} (SEV-2) identified: Checkout errors in EU")
    assert mail["To"] == "board@example.com"
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    # the printed line, ended as SMTP ends every message's last line
    assert body.get_content() == printed + "\r\n"
    assert body.get_content_type() == "text/plain" and not mail.is_multipart()
    assert f"Sent update 2 of {incident} to stakeholder-email.\n" in result.out
    assert _results(_updates(path)[1]) == [
        ("stakeholder-email", "delivered"),
        ("webhook", "delivered"),
    ]
    _show_delivered(mail.as_string(), webhook.bodies()[-1])


def _show_delivered(mail: str, payload: dict[str, Any]) -> None:
    """What the servers received, for the closing note (pytest -s prints it)."""
    print("\n--- e-mail as received ---\n" + mail)
    print("--- JSON payload as received ---\n" + json.dumps(payload, indent=2))


def test_the_json_webhook_gets_the_whole_event(notifying: Path, run: Run, webhook: Webhook) -> None:
    path, incident = _declare(run)
    (payload,) = webhook.bodies()
    assert payload == {
        "version": "1.0",
        "title": f"{incident} (SEV-2) investigating: Checkout errors in EU",
        "message": _updates(path)[0]["message"],
        "attachments": [],
        "type": "failure",
        "event": "declare",
        "incident": incident,
        "incident_title": "Checkout errors in EU",
        "severity": "SEV-2",
        "status": "investigating",
        "audience": "internal",
        "update": 1,
        "at": T0,
        "next_update_by": "2026-03-04T09:39:00+01:00",
        "url": f"https://handbook.example.com/incidents/{incident}/",
    }
    assert _results(_updates(path)[0]) == [("webhook", "delivered")]


@pytest.mark.parametrize(
    ("where", "reason"),
    [("fail", "HTTP 500: "), ("slow", "timed out after 0.5 s: ")],
    ids=["http-500", "timeout"],
)
def test_a_failing_channel_loses_nothing_and_notify_delivers_it_once(
    notifying: Path,
    run: Run,
    webhook: Webhook,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    reason: str,
) -> None:
    path, incident = _declare(run)
    monkeypatch.setenv("WEBHOOK_URL", webhook.url(where))
    result = run(
        "update", incident, "--audience", "public", "--at", "2026-03-04T09:30:00+01:00",
        "--message", "We are investigating failed checkouts in Europe",
    )  # fmt: skip
    assert result.code == 1
    retry = f"irdocs notify {incident} --update 2 --channel webhook"
    (line,) = result.err.splitlines()
    assert line.startswith(f"irdocs: webhook: update 2 of {incident} not delivered ({reason}")
    assert line.endswith(f"; it is recorded in incidents/{incident}.md; retry: {retry}")
    assert len(webhook.bodies(where)) == 1
    update = _updates(path)[1]
    assert update["message"].startswith("We are investigating failed checkouts in Europe.")
    (notice,) = update["notified"]
    assert (notice["channel"], notice["result"]) == ("webhook", "failed")
    assert notice["reason"].startswith(reason)

    monkeypatch.setenv("WEBHOOK_URL", webhook.url("ok"))
    again = run("notify", incident)
    assert (again.code, again.err) == (0, "")
    assert again.out == f"Sent update 2 of {incident} to webhook.\n"
    assert [body["update"] for body in webhook.bodies()] == [1, 2]
    assert _results(_updates(path)[1]) == [("webhook", "failed"), ("webhook", "delivered")]
    assert run("notify", incident).out.startswith("Nothing to send")
    assert len(webhook.bodies()) == 2
    assert run("validate", "--today", T0[:10], str(path)).code == 0


def test_notify_since_sends_exactly_the_updates_added_since_the_commit(
    notifying: Path, run: Run, webhook: Webhook
) -> None:
    repo = git_repository(notifying, message=None)
    repo.git.commit("-m", "The handbook, with an incident written before notifications")
    first = repo.head.commit.hexsha
    # the docs-as-code path: an update written by hand in a pull request, and a new incident
    old = notifying / "incidents" / "INC-2026-04-10-search-latency.md"
    text = old.read_text()
    head, _, rest = text.partition("\nupdates:\n")
    old.write_text(
        head + "\nupdates:\n"
        "  - at: 2026-04-10T16:00:00+00:00\n"
        "    status: investigating\n"
        "    audience: internal\n"
        "    message: Written by hand in the web editor.\n" + rest
        if rest
        else text.replace("\n---\n", "\nupdates:\n  - at: 2026-04-10T16:00:00+00:00\n"
                          "    status: investigating\n    audience: internal\n"
                          "    message: Written by hand in the web editor.\n---\n", 1)
    )  # fmt: skip
    path, incident = _declare(run, "--dry-run-notify")
    assert webhook.received == []
    repo.git.add("-A")
    repo.git.commit("-m", "Two new updates")

    narrowed = run("notify", "--since", first, "--channel", "stakeholder-email")
    assert (narrowed.code, webhook.received) == (0, [])  # no new update is for stakeholders
    assert narrowed.out.startswith("Nothing to send")
    result = run("notify", "--since", first)
    assert result.code == 0, result.err
    sent = sorted((body["incident"], body["message"]) for body in webhook.bodies())
    assert sent == sorted(
        [
            ("INC-2026-04-10-search-latency", "Written by hand in the web editor."),
            (incident, _updates(path)[0]["message"]),
        ]
    )
    assert run("notify", "--since", first).out.startswith("Nothing to send")
    assert len(webhook.bodies()) == 2
    repo.close()


def test_an_incident_walk_gets_every_update_delivered_and_committed(
    notifying: Path, run: Run, webhook: Webhook, mailbox: Mailbox
) -> None:
    repo = git_repository(notifying, message=None)
    repo.git.commit("-m", "The handbook")
    path, incident = _declare(run, "--commit")
    walk = [
        ("update", incident, "--audience", "public", "--at", "2026-03-04T09:30:00+01:00",
         "--message", "We are investigating failed checkouts for some customers in Europe"),
        ("update", incident, "--status", "identified", "--audience", "stakeholders",
         "--at", "2026-03-04T09:45:00+01:00", "--message", "A rollback is under way"),
        ("update", incident, "--status", "monitoring", "--audience", "public",
         "--at", "2026-03-04T10:00:00+01:00", "--message", "Checkout works again; monitoring"),
        ("resolve", incident, "--at", "2026-03-04T11:05:00+01:00"),
    ]  # fmt: skip
    for step in walk:
        result = run(*step, "--commit")
        assert (result.code, result.err) == (0, ""), step
    updates = _updates(path)
    assert [u["message"] for u in updates] == [b["message"] for b in webhook.bodies()]
    assert [u["status"] for u in updates] == [b["status"] for b in webhook.bodies()]
    assert [b["event"] for b in webhook.bodies()] == [
        "declare", "update", "update", "update", "resolve",
    ]  # fmt: skip
    assert [m["Subject"].split(") ")[1].split(":")[0] for m in mailbox.messages] == ["identified"]
    for update in updates:
        delivered = [c for c, result in _results(update) if result == "delivered"]
        expected = (
            ["stakeholder-email", "webhook"]
            if update["audience"] == "stakeholders"
            else ["webhook"]
        )
        assert delivered == expected
    subjects = [c.message.strip() for c in repo.iter_commits()][::-1][1:]
    assert subjects[:2] == [
        f"incident({incident}): declared SEV-2",
        f"incident({incident}): notified webhook",
    ]
    assert subjects[-1] == f"incident({incident}): notified webhook"
    assert len(subjects) == 10 and not repo.is_dirty(untracked_files=True)  # 5 updates, 5 records
    assert run("validate", "--today", T0[:10], str(path)).code == 0
    repo.close()


def test_no_notify_records_skipped_and_dry_run_sends_and_records_nothing(
    notifying: Path, run: Run, webhook: Webhook, mailbox: Mailbox
) -> None:
    path, incident = _declare(run, "--no-notify")
    assert webhook.received == []
    assert _results(_updates(path)[0]) == [("webhook", "skipped")]
    dry = run(
        "update", incident, "--audience", "stakeholders", "--at", "2026-03-04T09:45:00+01:00",
        "--message", "A rollback is under way", "--dry-run-notify",
    )  # fmt: skip
    assert dry.code == 0
    assert "Would send (a dry run: nothing is sent or recorded):\n" in dry.out
    assert f"  update 2 of {incident} to stakeholder-email: {incident} (SEV-2)" in dry.out
    assert (webhook.received, mailbox.messages) == ([], [])
    assert "notified" not in _updates(path)[1]
    assert run("notify", incident).code == 0  # the dry run's update is still to send
    assert len(mailbox.messages) == 1 and len(webhook.bodies()) == 1


def test_resolve_sends_the_final_update_to_the_channels_for_resolve(
    notifying: Path, run: Run, webhook: Webhook
) -> None:
    path, incident = _declare(run)
    result = run("resolve", incident, "--at", "2026-03-04T11:30:00+01:00")
    assert result.code == 0, result.err
    last = webhook.bodies()[-1]
    assert (last["event"], last["status"], last["type"], last["next_update_by"]) == (
        "resolve", "resolved", "success", None,
    )  # fmt: skip
    assert _results(_updates(path)[-1]) == [("webhook", "delivered")]


def test_expanded_values_never_show_in_errors_or_records(
    notifying: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, incident = _declare(run, "--no-notify")
    closed = _free_port()
    monkeypatch.setenv("WEBHOOK_URL", f"json://127.0.0.1:{closed}/hooks/{SECRET}")
    result = run("notify", incident, "--update", "1", "--channel", "webhook")
    assert result.code == 1
    assert "connection refused" in result.err
    # Apprise names the host it could not reach: a part of the secret URL, masked
    assert "notification to ***." in result.err and "127.0.0.1" not in result.err
    for shown in (result.out, result.err, path.read_text()):
        assert SECRET not in shown and str(closed) not in shown
    monkeypatch.delenv("WEBHOOK_URL")
    unset = run("notify", incident, "--update", "1", "--channel", "webhook")
    assert unset.code == 1
    assert "(${WEBHOOK_URL} is not set in the environment)" in unset.err


def test_a_channel_name_that_does_not_take_the_update_is_refused(notifying: Path, run: Run) -> None:
    _, incident = _declare(run, "--no-notify")
    result = run("notify", incident, "--update", "1", "--channel", "stakeholder-email")
    assert result.code == 2
    assert "stakeholder-email does not take update 1" in result.err
    unknown = run("notify", incident, "--channel", "pager")
    assert unknown.code == 2
    assert "no notification channel is named 'pager' (stakeholder-email, webhook)" in unknown.err


def test_without_channels_ci_sends_nothing_and_a_person_is_told_why(
    handbook: Path, run: Run
) -> None:
    repo = git_repository(handbook, message=None)
    repo.git.commit("-m", "The handbook")
    ci = run("notify", "--since", "HEAD")
    assert (ci.code, ci.out) == (0, "No notification channels are configured: nothing to send.\n")
    person = run("notify", "INC-2026-03-04")
    assert person.code == 2 and "add [[tool.irdocs.notify]] tables" in person.err
    declared = run(
        "declare", "--severity", "SEV-3", "--title", "Slow search", "--service", "checkout",
    )  # fmt: skip
    assert declared.code == 0 and "notif" not in declared.out + declared.err
    repo.close()


def test_validate_and_lint_never_import_apprise(notifying: Path) -> None:
    for command in ("validate", "lint"):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "irdocs", command, "--today", "2026-04-11"],
            capture_output=True,
            text=True,
            check=False,
            cwd=notifying,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "irdocs.main" in done.stderr  # the import report is there
        assert "apprise" not in done.stderr


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("${SLACK_WEBHOOK}", None),
        ("mailtos://alerts:${SMTP_PASSWORD}@smtp.example.com?to=ops@example.com", None),
        ("mailtos://alerts:hunter2@smtp.example.com?to=ops@example.com", "a password"),
        ("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ", "a token in the URL"),
        ("slack://${SLACK_A}/${SLACK_B}/${SLACK_C}", None),
        ("json://hooks.example.com/x?+Authorization=Bearer%20abc", "a value for '+Authorization'"),
        ("json://hooks.example.com/incident?+Authorization=${HOOK_TOKEN}", None),
        ("pagerduty://a1b2c3d4e5f6a7b8c9d0@${PAGERDUTY_API_KEY}", "a key before '@'"),
        ("json://127.0.0.1:8080/incidents", None),
    ],
    ids=["variable", "password-variable", "password", "token", "tokens-variable", "header",
         "header-variable", "pagerduty-key", "plain-webhook"],
)  # fmt: skip
def test_literal_credentials_are_found_without_repeating_them(url: str, found: str | None) -> None:
    assert literal_credentials(url) == found


def test_mask_hides_the_value_its_quoted_form_and_its_token_parts() -> None:
    expanded = expand("${URL}", {"URL": f"json://hooks.example.com:8443/a/{SECRET}"})
    shown = mask(
        f"error at https://hooks.example.com:8443/a/{SECRET} and {SECRET} in a%2F{SECRET}",
        expanded.secrets,
    )
    assert shown == "error at https://***:8443/a/*** and *** in a%2F***"


def test_the_docs_show_every_option(run: Run) -> None:
    text = (REPO / "docs" / "commands" / "notify.md").read_text()
    for option in ("--update", "--channel", "--since", "--dry-run", "--commit"):
        assert option in text and option in run("notify", "--help").out
    for command in ("declare", "update", "resolve"):
        page = (REPO / "docs" / "commands" / f"{command}.md").read_text()
        assert "--no-notify" in page and "--dry-run-notify" in page
