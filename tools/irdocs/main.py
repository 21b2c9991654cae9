"""The command line: argparse wiring, dispatch, and the only place exit codes are decided."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from irdocs import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
_FORMATS = ("text", "json", "github", "sarif")
_FORMAT_HELP = (
    "text: path:line:col: CODE message (default); json: an array of findings; github: "
    "workflow command annotations for GitHub Actions; sarif: SARIF 2.1.0 for code scanning"
)
_EPILOG = "exit status: 0 clean, 1 findings, 2 usage or configuration error, 3 internal error"
_LINT_EPILOG = (
    "exit status: 0 clean (or only findings below --fail-on), 1 findings at --fail-on or above, "
    "or a document that could not be read, 2 usage or configuration error, 3 internal error"
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage line or the help
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print("irdocs: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        from irdocs.errors import IrdocsError

        if isinstance(exc, IrdocsError):
            print(f"irdocs: {exc}", file=sys.stderr)
            return exc.exit_code
        if args.verbose:
            import traceback

            traceback.print_exc()
        print(
            f"irdocs: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in irdocs; please report it with the output of --verbose.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _dispatch(args: argparse.Namespace) -> int:
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


def _run_validate(args: argparse.Namespace) -> int:
    from irdocs.commands.validate import validate

    return validate(args.paths, args.format, args.today)


def _run_lint(args: argparse.Namespace) -> int:
    from irdocs.commands.lint import lint

    return lint(
        args.paths,
        args.format,
        select=args.select,
        ignore=args.ignore,
        changed=args.changed,
        use_cache=not args.no_cache,
        fail_on=args.fail_on,
        use_baseline=not args.no_baseline,
        write_baseline=args.write_baseline,
    )


def _run_metrics(args: argparse.Namespace) -> int:
    from irdocs.commands.metrics import metrics

    return metrics(
        today=args.today or date.today(),
        since=args.since,
        until=args.until,
        by=args.by,
        output_format=args.format,
    )


def _run_init(args: argparse.Namespace) -> int:
    from irdocs.commands.init import init

    hooks = {"hooks_repo": args.hooks_repo, "hooks_rev": args.hooks_rev}
    given = {name: value for name, value in hooks.items() if value is not None}
    return init(args.directory, example=args.example, **given)


def _run_site(args: argparse.Namespace) -> int:
    from irdocs.commands.site import site_generate

    return site_generate(
        args.directory,
        today=args.today or date.today(),
        prefix=args.prefix,
        directory_urls=not args.no_directory_urls,
        site_url=args.site_url,
    )


def _run_postmortem(args: argparse.Namespace) -> int:
    from irdocs.commands.postmortem import postmortem

    return postmortem(args.incident, to_stdout=args.stdout, authors=args.author)


def _run_actions(args: argparse.Namespace) -> int:
    from irdocs.commands.actions import actions

    return actions(
        today=args.today or date.today(),
        only_open=args.open,
        only_overdue=args.overdue,
        owner=args.owner,
        service=args.service,
        output_format=args.format,
        fail_on_overdue=args.fail_on_overdue,
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="irdocs",
        description="Incident response as docs-as-code: incidents, runbooks and postmortems "
        "as Markdown with YAML front matter in a Git repository.",
        epilog=_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"irdocs {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show the traceback of an internal error"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check documents against the schemas and each other",
        description="Check front matter against the JSON Schemas, and the handbook's integrity: "
        "duplicate IDs, dangling references, timestamps without an offset or out of order. "
        "With no PATH, the whole handbook found from the working directory.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="documents or folders to validate (default: the whole handbook)",
    )
    validate.add_argument(
        "--format",
        choices=_FORMATS,
        default="text",
        help=_FORMAT_HELP,
    )
    validate.add_argument(
        "--today",
        type=_date,
        metavar="DATE",
        help="the day postmortems are missing or late against (default: today)",
    )
    validate.set_defaults(run=_run_validate)
    _lint_parser(commands)
    _metrics_parser(commands)
    _declare_parser(commands)
    _update_parser(commands)
    _ack_parser(commands)
    _assign_parser(commands)
    _severity_parser(commands)
    _resolve_parser(commands)
    _status_parser(commands)
    _changes_parser(commands)
    _init_parser(commands)
    _site_parser(commands)
    _postmortem_parser(commands)
    _actions_parser(commands)
    return parser


def _lint_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lint = commands.add_parser(
        "lint",
        help="validate, then check what the schemas cannot: sections, language, freshness",
        description="Validation plus the lint rules (docs/rules/): runbooks, postmortems, "
        "incidents, status updates and the handbook as a whole. With no PATH, the whole handbook "
        "found from the working directory. Results are cached in .irdocs-cache/ in the "
        "handbook's root, by each document's content, the configuration and irdocs's version. "
        "Inline, <!-- irdocs: disable=CODES --> ... <!-- irdocs: enable=CODES --> and "
        "<!-- irdocs: disable-next-line=CODES --> silence codes in a document.",
        epilog=_LINT_EPILOG,
    )
    lint.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="documents or folders to lint (default: the whole handbook)",
    )
    lint.add_argument("--format", choices=_FORMATS, default="text", help=_FORMAT_HELP)
    lint.add_argument(
        "--select",
        type=_codes,
        default=[],
        metavar="CODES",
        help="comma-separated codes or prefixes of the rules to run, e.g. IR4,IR501; replaces "
        "[tool.irdocs.lint] select (default: every rule; validation always runs)",
    )
    lint.add_argument(
        "--ignore",
        type=_codes,
        default=[],
        metavar="CODES",
        help="comma-separated codes or prefixes not to report, added to the configuration's",
    )
    lint.add_argument(
        "--changed",
        nargs="?",
        const="",
        metavar="REF",
        help="lint only the documents changed versus the git ref REF: committed since the "
        "merge base, staged, unstaged or untracked (default REF: origin/main if it exists, "
        "else main, else HEAD)",
    )
    lint.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache in .irdocs-cache/",
    )
    lint.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="error",
        help="the lowest level of finding that makes the exit status 1 (default: error)",
    )
    lint.add_argument(
        "--no-baseline",
        action="store_true",
        help="report the findings [tool.irdocs.lint] baseline records too",
    )
    lint.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record every finding of the whole handbook in FILE (JSON) instead of reporting "
        "it; name FILE in [tool.irdocs.lint] baseline to report only new findings",
    )
    lint.set_defaults(run=_run_lint)


def _codes(text: str) -> list[str]:
    """``IR4,IR501`` for argparse: codes or code prefixes."""
    import re

    codes = [code.strip().upper() for code in text.split(",") if code.strip()]
    bad = [code for code in codes if not re.fullmatch(r"IR\d{1,3}", code)]
    if bad or not codes:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a list of codes; write codes or prefixes like IR4,IR501"
        )
    return codes


def _metrics_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    metrics = commands.add_parser(
        "metrics",
        help="MTTD, MTTA, MTTR and time to resolve, with their definitions and exclusions",
        description="Count, mean, median and p90 (in minutes) of MTTD, MTTA, MTTR, time to "
        "resolve and the handbook's own metrics, with every incident left out and why; counts "
        "of incidents, postmortems and action items. Incidents are selected by impact_started "
        "(declared when it has none), in UTC. The handbook must validate first.",
        epilog=_EPILOG,
    )
    metrics.add_argument(
        "--since", type=_date, metavar="DATE", help="first day, YYYY-MM-DD (inclusive)"
    )
    metrics.add_argument(
        "--until", type=_date, metavar="DATE", help="last day, YYYY-MM-DD (inclusive)"
    )
    metrics.add_argument(
        "--by",
        choices=("severity", "service", "month", "quarter"),
        help="also compute every metric and count per group",
    )
    metrics.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="table (default), json, or csv: one row per group and metric",
    )
    metrics.add_argument(
        "--today",
        type=_date,
        metavar="DATE",
        help="the day action items are overdue against (default: today)",
    )
    metrics.set_defaults(run=_run_metrics)


def _date(text: str) -> date:
    """A day written YYYY-MM-DD, for argparse."""
    from irdocs.timestamps import parse_date

    day = parse_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD")
    return day


# The incident lifecycle: declare, update, ack, assign, severity, resolve, status, changes.

if TYPE_CHECKING:
    _Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
_STATUSES = ("investigating", "identified", "monitoring", "resolved")
_AUDIENCES = ("internal", "stakeholders", "public")


def _when(text: str) -> object:
    """An ISO 8601 time for argparse; without an offset, local time."""
    from irdocs.clock import parse_when
    from irdocs.errors import UsageError

    try:
        return parse_when(text)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _writer(
    commands: _Commands, name: str, help_text: str, description: str
) -> argparse.ArgumentParser:
    """A command that edits an incident: ID first, --commit."""
    parser = commands.add_parser(name, help=help_text, description=description, epilog=_EPILOG)
    if name != "declare":
        parser.add_argument("id", metavar="ID", help="the incident's ID or an unambiguous prefix")
    parser.add_argument(
        "--commit", action="store_true", help="commit the file with git: incident(<ID>): <what>"
    )
    return parser


def _at(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--at", type=_when, metavar="TS", help=f"{what} (ISO 8601; default: now, local time)"
    )


def _declare_parser(commands: _Commands) -> None:
    declare = _writer(
        commands,
        "declare",
        "declare an incident: create its file, print the first status-page message",
        "Create incidents/<id>.md, status investigating, with a first internal update; print "
        "the first status-page message. The last line printed is the path of the new file.",
    )
    declare.add_argument("--severity", required=True, metavar="SEV", help="e.g. SEV-2")
    declare.add_argument("--title", required=True, help="what customers experience, in a few words")
    declare.add_argument(
        "--service",
        dest="services",
        action="append",
        default=[],
        metavar="NAME",
        help="an affected service (repeat for several)",
    )
    declare.add_argument("--commander", metavar="NAME", help="the incident commander")
    declare.add_argument("--impact-started", type=_when, metavar="TS", help="when impact began")
    declare.add_argument("--detected", type=_when, metavar="TS", help="when it was noticed")
    declare.add_argument(
        "--source",
        choices=("alert", "customer", "internal", "third-party"),
        default="alert",
        help="how it was noticed (default: alert)",
    )
    declare.add_argument(
        "--scope",
        choices=("all", "subset", "internal"),
        default="subset",
        help="who is affected (default: subset)",
    )
    declare.add_argument("--impact", metavar="TEXT", help="customer impact (default: the title)")
    _at(declare, "when it is declared")
    declare.set_defaults(run=_run_declare)


def _run_declare(args: argparse.Namespace) -> int:
    from irdocs.commands.declare import declare

    return declare(
        title=args.title,
        severity=args.severity,
        services=args.services,
        commander=args.commander,
        impact_started=args.impact_started,
        detected=args.detected,
        source=args.source,
        scope=args.scope,
        impact=args.impact,
        at=args.at,
        commit=args.commit,
    )


def _update_parser(commands: _Commands) -> None:
    update = _writer(
        commands,
        "update",
        "add a status update and print it for its audience",
        "Append an update to the timeline and print it in the communication template with the "
        "next-update time from the severity's cadence. monitoring records mitigated (if unset), "
        "resolved records resolved.",
    )
    update.add_argument("--status", choices=_STATUSES, help="the new status (default: unchanged)")
    update.add_argument("--message", required=True, metavar="TEXT", help="the current action")
    update.add_argument(
        "--audience",
        choices=_AUDIENCES,
        default="internal",
        help="who it is for (default: internal)",
    )
    update.add_argument("--impact", metavar="TEXT", help="who is affected and how, first")
    update.add_argument("--eta", metavar="TEXT", help="when a fix is expected, only if known")
    _at(update, "when it was sent")
    update.set_defaults(run=_run_update)


def _run_update(args: argparse.Namespace) -> int:
    from irdocs.commands.update import update

    return update(
        args.id,
        message=args.message,
        status=args.status,
        audience=args.audience,
        impact=args.impact,
        eta=args.eta,
        at=args.at,
        commit=args.commit,
    )


def _ack_parser(commands: _Commands) -> None:
    ack = _writer(
        commands,
        "ack",
        "record the first responder's acknowledgement (ends MTTA)",
        "Record acknowledged and acknowledged_by; an acknowledged incident is left as it is.",
    )
    ack.add_argument("--who", metavar="NAME", help="the responder (default: git user.name)")
    _at(ack, "when it was acknowledged")
    ack.set_defaults(run=_run_ack)


def _run_ack(args: argparse.Namespace) -> int:
    from irdocs.commands.ack import ack

    return ack(args.id, who=args.who, at=args.at, commit=args.commit)


def _assign_parser(commands: _Commands) -> None:
    assign = _writer(
        commands,
        "assign",
        "give an incident role to someone",
        "Set a role under roles:; expert adds to the experts.",
    )
    assign.add_argument(
        "--role",
        required=True,
        choices=("commander", "communications_lead", "operations_lead", "scribe", "expert"),
    )
    assign.add_argument("--who", required=True, metavar="NAME")
    assign.set_defaults(run=_run_assign)


def _run_assign(args: argparse.Namespace) -> int:
    from irdocs.commands.assign import assign

    return assign(args.id, role=args.role, who=args.who, commit=args.commit)


def _severity_parser(commands: _Commands) -> None:
    severity = _writer(
        commands,
        "severity",
        "re-evaluate the severity, with the reason recorded",
        "Change severity and add the change, with its reason, to severity_changes.",
    )
    severity.add_argument("severity", metavar="SEV", help="the new severity, e.g. SEV-1")
    severity.add_argument("--reason", required=True, metavar="TEXT", help="what changed")
    _at(severity, "when it changed")
    severity.set_defaults(run=_run_severity)


def _run_severity(args: argparse.Namespace) -> int:
    from irdocs.commands.severity import severity

    return severity(args.id, args.severity, reason=args.reason, at=args.at, commit=args.commit)


def _resolve_parser(commands: _Commands) -> None:
    resolve = _writer(
        commands,
        "resolve",
        "resolve: record it, check the resolution criteria, say when the postmortem is due",
        "Record resolved and the final update; print the resolution criteria as a checklist and "
        "whether a postmortem is required, and by when.",
    )
    resolve.add_argument("--message", metavar="TEXT", help="the final update (default: written)")
    resolve.add_argument(
        "--audience",
        choices=_AUDIENCES,
        help="of the final update (default: public when the severity has public updates)",
    )
    _at(resolve, "when it was resolved")
    resolve.set_defaults(run=_run_resolve)


def _run_resolve(args: argparse.Namespace) -> int:
    from irdocs.commands.resolve import resolve

    return resolve(
        args.id, message=args.message, audience=args.audience, at=args.at, commit=args.commit
    )


def _status_parser(commands: _Commands) -> None:
    status = commands.add_parser(
        "status",
        help="active incidents and what is overdue (exit 1 when something is)",
        description="Active incidents with severity, age, roles and next updates; what is "
        "overdue: updates past their cadence, acknowledgement past its target, a missing "
        "commander, postmortems past due. Exit 1 when anything is overdue.",
        epilog=_EPILOG,
    )
    status.add_argument("--format", choices=("text", "json"), default="text")
    _at(status, "the time to check against")
    status.set_defaults(run=_run_status)


def _run_status(args: argparse.Namespace) -> int:
    from irdocs.commands.status import status

    return status(output_format=args.format, at=args.at)


def _changes_parser(commands: _Commands) -> None:
    changes = commands.add_parser(
        "changes",
        help="recent commits across the configured repositories, newest first",
        description="The commits since --since in every repository of `repositories` "
        "(default: this handbook's), newest first: what changed recently.",
        epilog=_EPILOG,
    )
    changes.add_argument(
        "--since",
        default="1d",
        metavar="WHEN",
        help="30m, 2h, 1d, or an ISO 8601 time (default: 1d)",
    )
    changes.add_argument("--format", choices=("text", "json"), default="text")
    _at(changes, "the time --since counts back from")
    changes.set_defaults(run=_run_changes)


def _run_changes(args: argparse.Namespace) -> int:
    from irdocs.commands.changes import changes

    return changes(since=args.since, output_format=args.format, at=args.at)


def _init_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # the defaults live in irdocs.scaffold, which every command would import if this did
    init = commands.add_parser(
        "init",
        help="scaffold a handbook repository: folders, config, hooks, CI and portal workflows",
        description="Write a new handbook into DIR: mkdocs.yml, pyproject.toml with "
        "[tool.irdocs], incidents/, postmortems/, runbooks/ with a runbook template, schemas/, "
        "the process pages in docs/, .pre-commit-config.yaml and .github/workflows/. Makes DIR "
        "a git repository when it is in none. Never overwrites a file: it lists what it created "
        "and what it left alone.",
        epilog=_EPILOG,
    )
    init.add_argument(
        "directory",
        nargs="?",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="the handbook's folder, made if missing (default: the working directory)",
    )
    init.add_argument(
        "--example",
        action="store_true",
        help="add a small example handbook: three incidents, a postmortem, two runbooks",
    )
    init.add_argument(
        "--hooks-repo",
        metavar="URL",
        help="the repository .pre-commit-config.yaml takes irdocs's hooks from "
        "(default: https://github.com/irdocs/irdocs)",
    )
    init.add_argument(
        "--hooks-rev",
        metavar="REV",
        help=f"the tag or commit of --hooks-repo (default: v{__version__}, this release)",
    )
    init.set_defaults(run=_run_init)


def _site_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    site = commands.add_parser(
        "site",
        help="the portal: write its pages for engines that cannot run the MkDocs plugin",
        description="The portal's pages (status board, incidents, metrics, action items, "
        "runbooks, postmortems, status history, RSS feed) and every document's page, as the "
        "MkDocs plugin adds them. The handbook must validate first.",
        epilog=_EPILOG,
    )
    actions = site.add_subparsers(dest="action", required=True, metavar="ACTION")
    generate = actions.add_parser(
        "generate",
        help="write the pages into DIR (e.g. docs/), overwriting earlier generated ones",
        description="Write the portal's pages and assets into DIR, laid out as the plugin does.",
        epilog=_EPILOG,
    )
    generate.add_argument("directory", type=Path, metavar="DIR", help="the docs folder to write")
    generate.add_argument(
        "--prefix", default="portal", help="folder of the portal's pages in DIR (default: portal)"
    )
    generate.add_argument(
        "--no-directory-urls",
        action="store_true",
        help="link pages as a/b.html (use_directory_urls: false) instead of a/b/",
    )
    generate.add_argument("--site-url", metavar="URL", help="the site's URL, for the RSS feed")
    generate.add_argument(
        "--today",
        type=_date,
        metavar="DATE",
        help="the day overdue and stale are computed against (default: today)",
    )
    generate.set_defaults(run=_run_site)


def _postmortem_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    postmortem = commands.add_parser(
        "postmortem",
        help="scaffold an incident's postmortem, pre-filled from the incident",
        description="Write postmortems/ID.md as a draft from the template for the incident's "
        "severity, filled with what the incident records and the commits in the incident window "
        "of the configured repositories; the sections people must write are marked TODO. "
        "Prints the path as the last line; never overwrites.",
        epilog=_EPILOG,
    )
    postmortem.add_argument("incident", metavar="ID", help="the incident's ID")
    postmortem.add_argument(
        "--stdout", action="store_true", help="print the postmortem instead of writing it"
    )
    postmortem.add_argument(
        "--author",
        action="append",
        default=[],
        metavar="NAME",
        help="an author (repeatable; default: the incident's commander)",
    )
    postmortem.set_defaults(run=_run_postmortem)


def _actions_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    actions = commands.add_parser(
        "actions",
        help="action items across all postmortems, overdue first",
        description="Every postmortem's action items: overdue first, then by due date. An item "
        "is overdue when it is open and due before today. Exits 0 whether or not items are "
        "open; --fail-on-overdue exits 1 when any listed item is overdue.",
        epilog=_EPILOG,
    )
    actions.add_argument("--open", action="store_true", help="only items still open")
    actions.add_argument("--overdue", action="store_true", help="only overdue items")
    actions.add_argument("--owner", metavar="NAME", help="only items this person owns")
    actions.add_argument(
        "--service", metavar="NAME", help="only items of incidents in this service"
    )
    actions.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="table (default); json: an array of items; csv: one row per item, with a header",
    )
    actions.add_argument(
        "--today",
        type=_date,
        metavar="DATE",
        help="the day items are overdue against (default: today)",
    )
    actions.add_argument(
        "--fail-on-overdue",
        action="store_true",
        help="exit 1 when any listed item is overdue (for a scheduled CI job)",
    )
    actions.set_defaults(run=_run_actions)
