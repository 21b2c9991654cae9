"""Run the linter: validation and the document rules per document (cached by content), the
references between documents, then the rules that read the handbook as a whole (cached by
everything they read), and finally what is reported: selection, levels and the baseline apply
to the findings after the cache.

``targets`` are the documents reported on; the rest of the handbook (``everything``) is context:
read only for the IDs it claims, and for the records a handbook rule asks for.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path

from irdocs import __version__, clock
from irdocs.config import Config
from irdocs.documents import integrity
from irdocs.documents.discovery import Source
from irdocs.documents.model import Record
from irdocs.documents.reading import display_path, read_keys, read_one
from irdocs.documents.schema import Validators
from irdocs.documents.source import refusal
from irdocs.finding import Finding
from irdocs.lint import baseline as baselines
from irdocs.lint import cache as lint_cache
from irdocs.lint import coverage
from irdocs.lint.codes import ENGINE
from irdocs.lint.document import LintDocument
from irdocs.lint.examine import config_for, examine_all, links_from_json, validators_for
from irdocs.lint.registry import Rule, all_rules
from irdocs.lint.result import LintResult
from irdocs.lint.selection import Selection, order, report
from irdocs.lint.suppression import Directive


def lint(
    config: Config,
    everything: Sequence[Source],
    targets: Sequence[Source],
    selection: Selection,
    *,
    use_cache: bool = True,
    baseline: baselines.Baseline | None = None,
) -> LintResult:
    """What to report for ``targets``, sorted, less what ``baseline`` records; the cache in the
    handbook's root is used and refreshed unless ``use_cache`` is False."""
    rules = all_rules()
    store = lint_cache.load(config.root, _cache_key(config, rules), enabled=use_cache)
    wide = [rule for rule in rules.values() if rule.handbook and selection.runs(rule.code)]
    chosen = {os.path.abspath(source.path) for source in targets}  # noqa: PTH100
    full = targets is everything or all(
        os.path.abspath(source.path) in chosen  # noqa: PTH100
        for source in everything
    )
    validators = cache(lambda: validators_for(config))
    gc.disable()  # tens of thousands of small long-lived objects: collections only cost time
    try:
        per_document = [r for r in rules.values() if r.kinds and not r.handbook]
        running = [rule for rule in per_document if selection.runs(rule.code)]
        # Rules that are not selected report nothing: they are not run (a Markdown parse is most
        # of a document's cost), and what is found without them is not cached.
        run = _Run(config, store, validators, partial=len(running) < len(per_document))
        run.documents(targets, running, wide)
        context = [s for s in everything if os.path.abspath(s.path) not in chosen]  # noqa: PTH100
        run.context(context, need_digest=wide)
        findings = run.findings()
        findings.extend(integrity.check_references(config, [links for _, links in run.links]))
        if wide:
            findings.extend(run.handbook_level(wide, targets, full=full))
        if full:
            kept = ((name, store.entries.get(name)) for name in run.relative.values())
            store.entries = {name: entry for name, entry in kept if entry is not None}
        store.save()
    finally:
        gc.enable()
    if not full:
        wanted = {display_path(source.path) for source in targets}
        findings = [finding for finding in findings if finding.path in wanted]
    codes = {*rules, *ENGINE}
    covered = {path: entry.coverage for path, entry in run.entries.items()}
    unchecked = frozenset(path for path, c in covered.items() if not coverage.checked(c))
    reported = report(findings, selection, codes, run.relative, run.directives, unchecked=unchecked)
    hidden = 0
    if baseline is not None:
        reported, hidden = _apply(baseline, reported, run, selection, codes, unchecked, full=full)
    return LintResult(
        reported, len(targets), Counter(covered.values()), hidden, unchecked, run.relative
    )


def _apply(
    baseline: baselines.Baseline,
    reported: list[Finding],
    run: _Run,
    selection: Selection,
    codes: set[str],
    unchecked: frozenset[str],
    *,
    full: bool,
) -> tuple[list[Finding], int]:
    """The findings the baseline does not hide, with IR520 for its entries that no longer
    occur in the documents linted; and how many it hid."""
    keys = [(run.relative.get(f.path, f.path), f.code, f.message) for f in reported]
    hideable = [f.path not in unchecked for f in reported]
    hidden = baselines.hide(keys, hideable, baseline)
    kept = [finding for finding, gone in zip(reported, hidden, strict=True) if not gone]
    linted = {run.relative[path]: path for path in run.entries if path not in unchecked}
    known = set(run.relative.values())
    shown = display_path(baseline.path)
    stale = []
    unused = baselines.unused(baseline, (k for k, ok in zip(keys, hideable, strict=True) if ok))
    for key, missing in sorted(unused.items()):
        relative, code, _ = key
        if relative in linted and selection.reports(relative, code, codes):
            message = baselines.unused_message(key, missing, baseline.counts[key], shown)
            stale.append(Finding(linted[relative], 1, 1, baselines.STALE, message))
        elif full and relative not in known:
            message = baselines.gone_message(key, shown)
            stale.append(Finding(shown, baseline.line_of(relative), 1, baselines.STALE, message))
    kept.extend(report(stale, selection, codes, run.relative, run.directives))
    return sorted(kept, key=order), sum(hidden)


class _Run:
    """The state of one lint run, filled document by document."""

    def __init__(
        self,
        config: Config,
        store: lint_cache.Cache,
        validators: Callable[[], Validators],
        *,
        partial: bool = False,
    ):
        self.config = config
        self.partial = partial
        """Some document rules are not run: fresh entries are not complete enough to cache."""
        self.store = store
        self.validators = validators
        self.relative: dict[str, str] = {}
        """Display path to the path from the handbook's root (the cache's key)."""
        self.entries: dict[str, lint_cache.Entry] = {}
        """By display path, for the targets."""
        self.links: list[tuple[Source, integrity.Links]] = []
        self.digests: dict[str, str] = {}
        self.records: dict[Path, Record | None] = {}
        self.directives: dict[str, tuple[Directive, ...]] = {}
        self._cwd = os.getcwd() + os.sep  # noqa: PTH109
        self._root = os.path.abspath(config.root) + os.sep  # noqa: PTH100

    def documents(self, targets: Sequence[Source], rules: list[Rule], wide: list[Rule]) -> None:
        misses = []
        for source in targets:
            path, relative = self._paths(source)
            entry, _ = self._lookup(relative, source)
            if entry is None or not self._take(source, path, relative, entry):
                misses.append(source)
        if not misses:
            return
        examined = examine_all(
            self.config,
            self.validators(),
            misses,
            rules,
            records=bool(wide),
            digests=self.store.folder is not None or bool(wide),
        )
        for done in examined:
            path, relative = self._paths(done.source)
            if done.entry.digest and not self.partial:
                self.store.put(relative, done.entry)
            self.records[done.source.path.absolute()] = done.record
            self._take(done.source, path, relative, done.entry)

    def context(self, sources: Sequence[Source], *, need_digest: list[Rule]) -> None:
        scan = []
        for source in sources:
            path, relative = self._paths(source)
            entry, digest = self._lookup(relative, source)
            links = _links(source.kind, path, entry) if entry is not None else None
            if links is None:
                scan.append(source)
            else:
                self.links.append((source, links))
            if need_digest:
                self.digests[relative] = digest or _digest(source)
        if scan:
            by_path = {display_path(source.path): source for source in scan}
            for links in read_keys(scan, self.validators()):
                self.links.append((by_path[links.path], links))

    def findings(self) -> list[Finding]:
        return [
            Finding(path, line, column, code, message)
            for path, entry in self.entries.items()
            for line, column, code, message in entry.findings
        ]

    def handbook_level(
        self, wide: list[Rule], targets: Sequence[Source], *, full: bool
    ) -> list[Finding]:
        """Findings of the rules that read other documents, from the cache when nothing they
        read has changed."""
        key = self._handbook_key(wide)
        stored = self.store.handbook
        if stored is not None and stored[0] == key:
            try:
                return [Finding(*item) for item in stored[1]]
            except TypeError:
                pass  # corrupt: computed again below
        from irdocs.documents.frontmatter import FrontMatter, read
        from irdocs.documents.problem import DocumentProblem
        from irdocs.lint.records import lazy_handbook

        handbook = lazy_handbook(self.config, self.links, self.records, self.validators)
        found: list[Finding] = []
        narrowed: dict[tuple[int, ...], Config] = {}
        for rule in wide:
            if not rule.kinds:
                found.extend(rule.check(handbook))  # type: ignore[arg-type]
                continue
            for source in targets:
                if source.kind not in rule.kinds or source.refused is not None:
                    continue  # a refused file is never opened: IR100 says why
                front_matter: FrontMatter | None
                try:
                    front_matter = read(source.path)
                except DocumentProblem:
                    refused = source.refused is not None
                    front_matter, _ = coverage.body_only(source.path, loop=refused)
                if front_matter is None:
                    continue
                document = LintDocument(
                    source.kind,
                    display_path(source.path),
                    source.path,
                    front_matter,
                    self._record(source),
                    config_for(self.config, source.path, narrowed),
                    handbook,
                )
                found.extend(rule.check(document))  # type: ignore[arg-type]
        if full:
            self.store.handbook = (key, [_row(f) for f in found])
            self.store.changed = True
        return found

    def _record(self, source: Source) -> Record | None:
        absolute = source.path.absolute()
        if absolute not in self.records:
            self.records[absolute] = read_one(self.validators(), source).record
        return self.records[absolute]

    def _handbook_key(self, wide: list[Rule]) -> str:
        digest = hashlib.blake2b(self.store.key.encode(), digest_size=16)
        digest.update(",".join(sorted(rule.code for rule in wide)).encode())
        for relative in sorted(self.digests):
            digest.update(f"\0{relative}\0{self.digests[relative]}".encode())
        for extra in _outside_documents(self.config):
            digest.update(f"\0{extra}".encode())
        return digest.hexdigest()

    def _paths(self, source: Source) -> tuple[str, str]:
        """The display path and the path from the root: string operations, since this runs
        for every document and pathlib's cost more than the rest of a warm run."""
        text = os.path.abspath(source.path)  # noqa: PTH100
        if text.startswith(self._cwd):
            path = text[len(self._cwd) :].replace(os.sep, "/")
        else:
            path = source.path.as_posix()
        if text.startswith(self._root):
            relative = text[len(self._root) :].replace(os.sep, "/")
        else:
            relative = Path(os.path.relpath(text, self._root)).as_posix()
        self.relative[path] = relative
        return path, relative

    def _lookup(self, relative: str, source: Source) -> tuple[lint_cache.Entry | None, str | None]:
        if source.refused is not None:
            return None, None
        try:
            entry, digest, _ = self.store.lookup(relative, source.path)
        except OSError:
            return None, None
        return entry, digest

    def _take(self, source: Source, path: str, relative: str, entry: lint_cache.Entry) -> bool:
        """Use a cached or fresh entry; False when a cached one turns out corrupt."""
        try:
            directives = tuple(
                Directive(
                    int(line), int(column), str(action), tuple(codes), bool(leading), str(text)
                )
                for line, column, action, codes, leading, text in entry.directives
            )
            for line, column, code, message in entry.findings:
                Finding(path, int(line), int(column), str(code), str(message))
            if entry.coverage not in coverage.KINDS:
                return False
            links = _links(source.kind, path, entry)
        except (TypeError, ValueError):
            return False
        self.entries[path] = entry
        self.directives[path] = directives
        if links is not None:
            self.links.append((source, links))
        if entry.digest:
            self.digests[relative] = entry.digest
        return True


def _links(kind: str, path: str, entry: lint_cache.Entry) -> integrity.Links | None:
    if entry.links is None:
        return None
    try:
        return links_from_json(kind, path, entry.links)
    except (TypeError, ValueError):
        return None


def _digest(source: Source) -> str:
    if source.refused is not None:
        return ""  # never opened: a FIFO would block
    try:
        return lint_cache.digest_of(source.path)
    except OSError:
        return ""


def _row(finding: Finding) -> list[object]:
    return [
        finding.path,
        finding.line,
        finding.column,
        finding.code,
        finding.message,
    ]


def _cache_key(config: Config, rules: dict[str, Rule]) -> str:
    """irdocs's version and code (its files' content), the configuration's bytes (its overrides
    included) and the schema extensions it reads, the rules, and today (freshness rules compare
    with it). Levels, selection and the baseline are applied after the cache and need not be in
    it."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}\0{clock.today().isoformat()}\0".encode())
    digest.update(lint_cache.code_version().encode())
    digest.update(str(config.root.absolute()).encode())
    if config.source is not None:
        digest.update(config.source.read_bytes())
    extensions = {kind: dict(fragment) for kind, fragment in config.schema_extensions.items()}
    digest.update(json.dumps(extensions, sort_keys=True, default=str).encode())
    for code, rule in rules.items():
        module = getattr(rule.check, "__module__", "")
        digest.update(f"\0{code}:{rule.name}:{module}.{rule.check.__qualname__}".encode())
    return digest.hexdigest()


def _outside_documents(config: Config) -> Iterator[str]:
    """What handbook rules read besides documents: alert rule files and the repositories'
    current commits."""
    root = config.root
    for pattern in config.lint.alert_rules:
        for path in sorted(root.glob(pattern)):
            if path.is_file() and refusal(root, path) is None:  # never a link out of the root
                yield f"{path.relative_to(root).as_posix()}:{lint_cache.digest_of(path)}"
    for repository in (root, *config.repositories):
        yield _git_head(repository)


def _git_head(folder: Path) -> str:
    """The commit checked out in the repository at or above ``folder``, read from ``.git``
    without git; empty when there is none."""
    for candidate in (folder.absolute(), *folder.absolute().parents):
        dot_git = candidate / ".git"
        if dot_git.is_file():  # a worktree or submodule: "gitdir: <path>"
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            dot_git = (candidate / text.removeprefix("gitdir:").strip()).resolve()
        if not dot_git.is_dir():
            continue
        try:
            head = (dot_git / "HEAD").read_text(encoding="utf-8").strip()
            if not head.startswith("ref:"):
                return head
            ref = head.removeprefix("ref:").strip()
            common = dot_git / "commondir"
            roots = [dot_git]
            if common.is_file():
                roots.append((dot_git / common.read_text(encoding="utf-8").strip()).resolve())
            for base in roots:
                if (base / ref).is_file():
                    return (base / ref).read_text(encoding="utf-8").strip()
            return f"{head}:{_packed_mtime(roots)}"
        except OSError:
            return ""
    return ""


def _packed_mtime(roots: list[Path]) -> int:
    for base in roots:
        try:
            return (base / "packed-refs").stat().st_mtime_ns
        except OSError:
            continue
    return 0
