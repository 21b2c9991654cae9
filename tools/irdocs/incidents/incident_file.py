"""Writing incident files safely: find by ID prefix, edit in place, validate, replace atomically.

An edit keeps the author's text: the front matter goes through ruamel.yaml's round trip
(``irdocs.incidents.roundtrip``), the body and the closing ``---`` line are kept byte for byte,
and so are a byte-order mark and CRLF line ends. Nothing is written that does not validate, and
nothing is replaced that changed on disk since it was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from irdocs.config import Config
from irdocs.documents import atomic, schema
from irdocs.documents.discovery import Source, discover
from irdocs.documents.frontmatter import Document, parse, split
from irdocs.documents.model import Incident
from irdocs.documents.problem import DocumentProblem
from irdocs.documents.reading import display_path, read_keys
from irdocs.documents.source import read_bytes
from irdocs.errors import IrdocsError, UsageError
from irdocs.finding import Finding
from irdocs.schemafiles import load_schema

if TYPE_CHECKING:  # ruamel.yaml loads only when an incident is edited, not at start-up
    from ruamel.yaml.comments import CommentedMap

FIELD_ORDER = tuple(load_schema("incident")["properties"])
"""Where a new key goes: the schema's order of properties."""
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Draft:
    """An incident file as read, and its front matter to change in place."""

    path: Path
    raw: bytes
    """The bytes read: the file is replaced only if it still holds exactly these."""
    front: CommentedMap
    yaml_text: str
    """The front matter as read, with LF line ends (what ruamel.yaml parses)."""
    rest: str
    """The closing ``---`` line and the body, exactly as read (CRLF or not, line by line)."""
    bom: bool
    opening: str
    """The opening line as read, ``---`` with its trailing blanks and line end."""

    def set(self, key: str, value: object) -> None:
        from irdocs.incidents import roundtrip

        roundtrip.set_in_order(self.front, key, value, FIELD_ORDER)

    def text(self) -> str:
        """The whole file as it would be written: the front matter with the opening line's line
        end, and everything after it byte for byte."""
        from irdocs.incidents import roundtrip

        yaml_text = roundtrip.dump(self.front, self.yaml_text)
        if self.opening.endswith("\r\n"):
            yaml_text = yaml_text.replace("\n", "\r\n")
        text = self.opening + yaml_text + self.rest
        return _BOM + text if self.bom else text


def new(path: Path, front: CommentedMap, body: str) -> Draft:
    """A file that does not exist yet, written in the default style."""
    return Draft(path, b"", front, "", "---\n" + body, bom=False, opening="---\n")


def read(path: Path) -> Draft:
    from irdocs.incidents import roundtrip

    shown = display_path(path)
    if path.is_symlink():
        raise IrdocsError(
            f"{shown}: a symlink; irdocs edits only regular files and never replaces a link "
            "(edit the file it points at by its own path, or replace the link with the file)"
        )
    try:
        raw = read_bytes(path)
    except DocumentProblem as problem:
        raise IrdocsError(f"{shown}: cannot edit it: {problem.message}") from None
    try:
        text = raw.decode("utf-8")
        bom = text.startswith(_BOM)
        text = text.removeprefix(_BOM)
        yaml_text, _ = split(text.replace("\r\n", "\n"))
        opening, rest = _parts(text, yaml_text.count("\n"))
        front = roundtrip.load(yaml_text)
    except (UnicodeDecodeError, DocumentProblem, ValueError) as exc:
        raise IrdocsError(
            f"{shown}: cannot edit it, it does not parse ({exc}); run `irdocs validate` on it"
        ) from None
    except Exception as exc:  # ruamel.yaml's parse errors share no public base class
        raise IrdocsError(
            f"{shown}: cannot edit it, its YAML does not parse "
            f"({str(exc).splitlines()[0]}); run `irdocs validate` on it"
        ) from None
    return Draft(path, raw, front, yaml_text, rest, bom, opening)


def _parts(text: str, yaml_lines: int) -> tuple[str, str]:
    """The opening line and the rest after the front matter's ``yaml_lines`` lines (the closing
    line and the body), as written: the lines ``frontmatter.split`` found with CRLF read as LF."""
    lines = text.split("\n")
    return lines[0] + "\n", "\n".join(lines[1 + yaml_lines :])


def record(config: Config, draft: Draft) -> Incident:
    """The draft as an Incident, or IrdocsError with the first finding when it is not valid."""
    text = draft.text()
    findings, incident = check(config, draft.path, text)
    if incident is None or findings:
        first = findings[0]
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        raise IrdocsError(
            f"{display_path(draft.path)}: not written: the result would not validate: "
            f"{first.line}:{first.column}: {first.code} {first.message}{more}"
        )
    return incident


def check(config: Config, path: Path, text: str) -> tuple[list[Finding], Incident | None]:
    """Validation of ``text`` as the incident at ``path``: schema, timestamps and unique ID."""
    from irdocs.documents import integrity

    shown = display_path(path)
    normalized = text.removeprefix(_BOM).replace("\r\n", "\n")
    try:
        front_matter = parse(normalized)
    except DocumentProblem as problem:
        return [Finding(shown, problem.line, problem.column, problem.code, problem.message)], None
    validators = _validators(config)
    findings = list(schema.check(shown, front_matter, validators["incident"]))
    if findings:
        return findings, None
    incident = Incident.from_front_matter(shown, front_matter.data)
    # check_record reads the document's path and positions, never its kind
    document = Document("incident", shown, front_matter)  # pragma: no mutate
    findings += integrity.check_record(document, incident)
    others = [s for s in incidents(config) if s.path.resolve() != path.resolve()]
    for links in read_keys(others, validators):
        if links.key == incident.id:
            line, column = front_matter.position(("id",))
            findings.append(
                Finding(
                    shown,
                    line,
                    column,
                    "IR501",
                    f"id: duplicate incident ID "
                    f"'{incident.id}', also in {links.path}; each must be unique",
                )
            )
    return findings, incident


_compiled: dict[int, tuple[Config, schema.Validators]] = {}


def _validators(config: Config) -> schema.Validators:
    """Compiled once per configuration: a command validates the file before and after its edit."""
    # a cache: a mutant of these two lines compiles once more, slower but alike
    cached = _compiled.get(id(config))  # pragma: no mutate
    if cached is None or cached[0] is not config:  # pragma: no mutate
        cached = _compiled[id(config)] = (config, schema.validators(config))
    return cached[1]


def save(config: Config, draft: Draft) -> Incident:
    """Validate and write the draft atomically; a new file is never written over another."""
    incident = record(config, draft)
    data = draft.text().encode("utf-8")
    path = draft.path
    shown = display_path(path)
    try:
        atomic.write(path, data, draft.raw or None, root=config.root)
    except atomic.Exists:
        raise IrdocsError(f"{shown}: already exists; irdocs never writes over a document") from None
    except atomic.Changed:
        raise IrdocsError(
            f"{shown}: not written: the file changed on disk since irdocs read it "
            "(another irdocs command, someone's edit, or a git checkout); run the command again"
        ) from None
    except atomic.Refused as refused:
        raise IrdocsError(f"{shown}: not written: {refused}") from None
    except OSError as exc:
        raise IrdocsError(
            f"{shown}: not written ({exc.strerror or exc}); the file is as it was"
        ) from None
    return incident


def incidents(config: Config) -> list[Source]:
    return [source for source in discover(config) if source.kind == "incident"]


def find(config: Config, reference: str) -> Path:
    """The incident file an ID, an unambiguous ID prefix or a path names."""
    as_path = Path(reference)
    if reference.endswith(".md") and as_path.is_file():
        return as_path
    wanted = reference.strip().upper()
    files = {source.path.stem.upper(): source.path for source in incidents(config)}
    if wanted in files:
        return files[wanted]
    matches = sorted(
        (stem, path)
        for stem, path in files.items()
        if stem.startswith(wanted) or stem.startswith(f"INC-{wanted}")
    )
    # An active incident is what a lifecycle command means; resolved ones count only when
    # no active incident matches (``ack INC-2026`` during the one open incident of 2026).
    matches = [match for match in matches if _active(match[1])] or matches
    if len(matches) == 1:
        return matches[0][1]
    if not matches:
        raise UsageError(
            f"no incident matches '{reference}' in {display_path(config.folder('incident'))}/; "
            "`irdocs status` lists the active ones"
        )
    names = ", ".join(path.stem for _, path in matches[:8])
    more = f" and {len(matches) - 8} more" if len(matches) > 8 else ""
    raise UsageError(f"'{reference}' matches {len(matches)} incidents: {names}{more}; say more")


def _active(path: Path) -> bool:
    """Whether the incident at ``path`` is not resolved; a file that does not parse counts as
    active, so that a broken file is never skipped in favour of another."""
    from irdocs.documents.frontmatter import read as read_front_matter

    try:
        status = read_front_matter(path).data.get("status")
    except (DocumentProblem, OSError, AttributeError):
        return True
    return status != "resolved"


def committable(path: Path) -> None:
    """Refuse, before anything is written, a ``--commit`` that cannot be made: ``path`` is not
    in the working tree of a git repository (none, or a bare one)."""
    import git

    try:
        with git.Repo(path.parent, search_parent_directories=True) as repo:
            tree = repo.working_tree_dir
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        tree = None
    # gitpython finds the repository by walking up from path's own folder, so its working tree
    # holds the path; the second test guards commit's relative_to should that ever change
    root = Path(str(tree)).resolve() if tree is not None else None
    if root is None or not path.resolve().is_relative_to(root):  # pragma: no mutate
        raise IrdocsError(
            f"{display_path(path)}: not written: --commit needs the handbook in the working "
            "tree of a git repository (not a bare one); run without --commit, or in a clone"
        )


def commit(path: Path, message: str) -> str:
    """Commit ``path`` alone (other staged changes stay staged); return the short commit ID."""
    import git

    try:
        repo = git.Repo(path.parent, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise IrdocsError(
            f"{display_path(path)}: written, but not committed: not in a git repository"
        ) from None
    try:
        if repo.working_tree_dir is None:
            raise IrdocsError(
                f"{display_path(path)}: written, but not committed: a bare repository"
            )
        relative = path.resolve().relative_to(Path(str(repo.working_tree_dir)).resolve())
        repo.git.add("--", relative.as_posix())
        repo.git.commit("-m", message, "--only", "--", relative.as_posix())
        return str(repo.head.commit.hexsha[:7])
    except git.GitCommandError as exc:
        reason = " ".join(str(exc.stderr).split()) or str(exc)
        raise IrdocsError(f"{display_path(path)}: written, but not committed: {reason}") from None
    finally:
        repo.close()


def open_reference(reference: str) -> tuple[Config, Draft]:
    """The handbook's configuration and the incident ``reference`` names, read for editing."""
    from irdocs import config as configuration

    config = configuration.find(Path.cwd())
    return config, read(find(config, reference))


def write(config: Config, draft: Draft, message: str, *, commit_it: bool) -> Incident:
    """Save the draft; with ``commit_it``, commit it as ``incident(<ID>): <message>``."""
    if commit_it:
        committable(draft.path)
    incident = save(config, draft)
    if commit_it:
        commit(draft.path, f"incident({incident.id}): {message}")
    return incident


def current(config: Config, draft: Draft) -> Incident:
    """The incident as it is on disk; an invalid file is not edited."""
    findings, incident = check(config, draft.path, draft.raw.decode("utf-8"))
    if incident is None or findings:
        shown = display_path(draft.path)
        raise IrdocsError(
            f"{shown}: not edited: it does not validate ({findings[0].code} "
            f"{findings[0].message}); fix it first, `irdocs validate {shown}` lists every problem"
        )
    return incident
