"""The MkDocs plugin (``plugins: [irdocs]``): a thin adapter that adds the portal's pages in memory.

The only module that imports mkdocs. Works unchanged under ProperDocs, which aliases ``mkdocs.*``.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from irdocs.errors import IrdocsError
from irdocs.portal import HOME, SCRIPTS, STYLESHEETS, generate, sanitize, search
from irdocs.portal.loading import load_site
from irdocs.reporting.terminal import line

log = get_plugin_logger(__name__)


def _markers(nonce: str) -> re.Pattern[str]:
    """Where a generated page's HTML blocks go in what Markdown made of it."""
    return re.compile(rf"<!-- irdocs-{nonce}-(\d+) -->")


class IrdocsPluginConfig(Config):  # type: ignore[no-untyped-call]
    handbook = options.Optional(options.Type(str))
    """Folder the handbook's configuration is found from, relative to mkdocs.yml (default: its
    folder)."""
    prefix = options.Type(str, default="portal")
    """Folder of the portal's pages in the site."""
    today = options.Optional(options.Type(str))
    """The day overdue and stale are computed against, YYYY-MM-DD (default: the build's day)."""
    home = options.Type(bool, default=True)
    """The status board is the site's home page (``index.md``) unless the docs folder has its
    own ``index.md``, which is kept."""


class IrdocsPlugin(BasePlugin[IrdocsPluginConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self._html: dict[str, tuple[str, ...]] = {}
        """A generated page's finished HTML blocks by its path: Python-Markdown converts only the
        light Markdown around them (re-parsing the HTML was the build's largest cost)."""
        self._marker = _markers(secrets.token_hex(16))
        self._plain: set[str] = set()
        """Document pages, whose blocks the search plugin indexes as plain words."""
        self._for_search: dict[str, str] = {}
        self._full: dict[str, str] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        prefix = self.config.prefix.strip("/")
        for name in STYLESHEETS:
            if f"{prefix}/assets/{name}" not in config.extra_css:
                config.extra_css.append(f"{prefix}/assets/{name}")
        listed = {str(script) for script in config.extra_javascript}
        for name in SCRIPTS:
            if f"{prefix}/assets/{name}" not in listed:
                config.extra_javascript.append(f"{prefix}/assets/{name}")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        from irdocs import clock

        try:
            site, findings = load_site(
                self._root(config),
                today=self._today(),
                prefix=self.config.prefix.strip("/"),
                directory_urls=config.use_directory_urls,
                site_url=config.site_url,
                site_name=config.site_name,
                now=clock.now(),
            )
        except IrdocsError as exc:
            raise PluginError(f"irdocs: {line(str(exc))}") from None
        errors = [f for f in findings if f.level == "error"]
        for finding in findings:  # the build's log is read by CI: nothing in it drives CI
            (log.error if finding.level == "error" else log.warning)(line(finding.text()))
        if errors:
            noun = "finding" if len(errors) == 1 else "findings"
            raise PluginError(
                f"irdocs: the handbook is invalid ({len(errors)} {noun}; first: "
                f"{line(errors[0].text())}); fix them, `irdocs validate` lists them"
            )
        self._html, self._plain = {}, set()
        home = self.config.home and files.get_file_from_path(HOME) is None
        if self.config.home and not home:
            log.info(
                "irdocs: %s is the home page; the status board is at %s/ (remove %s, or set "
                "home: false to silence this)",
                HOME,
                self.config.prefix.strip("/"),
                HOME,
            )
        # A new secret per build: a body's text cannot name a marker, so cannot place a block.
        nonce = secrets.token_hex(16)
        self._marker = _markers(nonce)
        for page in generate(site, home=home):
            existing = files.get_file_from_path(page.uri)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            content = page.content
            if page.parts:
                content, self._html[page.uri] = page.light(lambda n: f"<!-- irdocs-{nonce}-{n} -->")
                if not page.in_nav:
                    self._plain.add(page.uri)
            files.append(File.generated(config, page.uri, content=content, inclusion=inclusion))
        log.debug("added the portal's pages under %s/", self.config.prefix)
        return files

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """A generated page: what Markdown made of it sanitized, then the blocks put back."""
        uri = page.file.src_uri
        blocks = self._html.get(uri)
        if blocks is None:
            return html
        pieces = self._marker.split(html)  # text, block number, text, block number, …, text
        if pieces[1::2] != [str(n) for n in range(len(blocks))]:
            raise PluginError(f"irdocs: {uri}: its generated blocks went astray; please report")
        full, plain = [], []
        for index, piece in enumerate(pieces):
            if index % 2:
                block = blocks[int(piece)]
                full.append(block)
                plain.append(search.plain(block))
            else:
                cleaned = sanitize.clean(piece)
                full.append(cleaned)
                plain.append(cleaned)
        if uri in self._plain:
            self._for_search[uri] = "".join(plain)
        return "".join(full)

    @event_priority(50)  # before the search plugin (priority 0) indexes page.content
    def _plain_for_search(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        plain = self._for_search.pop(page.file.src_uri, None)
        # An author's data-search-* attributes: the search plugin strips them from the page itself.
        if plain is not None and page.content and "data-search-" not in page.content:
            self._full[page.file.src_uri], page.content = page.content, plain
        return context

    @event_priority(-50)  # after it: the theme renders the page as built
    def _full_for_theme(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        full = self._full.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(_plain_for_search, _full_for_theme)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        from irdocs import config as configuration

        handbook = configuration.find(self._root(config))
        for kind in ("incidents", "postmortems", "runbooks"):
            folder = handbook.root / handbook.folders[kind]
            if folder.is_dir():
                server.watch(str(folder))
        return server

    def _root(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / self.config.handbook).resolve() if self.config.handbook else base

    def _today(self) -> date:
        if not self.config.today:
            from irdocs import clock

            return clock.today()  # $IRDOCS_TODAY, else the system's date
        from irdocs.documents.timestamps import explain_bad_date, parse_date

        day = parse_date(self.config.today)  # None also outside the years irdocs accepts
        if day is None:
            raise PluginError(f"irdocs: today: {explain_bad_date(self.config.today)}")
        return day
