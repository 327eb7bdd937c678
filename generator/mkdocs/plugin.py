"""The MkDocs plugin: a thin adapter from MkDocs events to the core library.

Each hook forwards to `SiteBuild` (the build's lifecycle), `pages` (where procedure pages go)
or the page cache, so the core outlives MkDocs 1.x.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator import urls
from generator.build import offices, search, shards, shortlink
from generator.build.errors import UnusableFolder
from generator.build.faults import checkpoint
from generator.build.pagecache import ConvertedPage, PageCache, RenderedPages
from generator.content.procedure import ContentErrors
from generator.editor import admin
from generator.i18n import _, ngettext
from generator.mkdocs import notice_board, pages, rendered, settings, templates
from generator.mkdocs.config import ProceduresConfig, configured_site_url, project_from_config
from generator.render import template_cache

if TYPE_CHECKING:  # the build's machinery is imported when a build starts (`on_config`), so
    # loading mkdocs.yml for `thutuc check` does not import the drawing modules
    from generator.build.site import SiteBuild

log = logging.getLogger("mkdocs.plugins.procedures")


class ProceduresPlugin(BasePlugin[ProceduresConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str = "build"
        self.build: SiteBuild | None = None
        self.succeeded = False
        self.published = False
        self.unusable_folder = False
        self.last_report: Any = None
        self.page_cache: PageCache | None = None
        self.nav: Any = None
        self.published_site = Path("site")
        self.reuse: rendered.Reuse | None = None
        self.converting: dict[str, tuple[str, ConvertedPage | None, int]] = {}
        self.search_documents: dict[str, str] = {}
        self.short_copies: shortlink.ShortCopies | None = None
        self.warnings = pages.WarningCounter()
        #: offices (v2): this build's share of the offices (`thutuc build --shard`), or None.
        self.shard: shards.Shard | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup keeps this object alive across `mkdocs serve` rebuilds.
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.succeeded = self.published = False
        self.reuse = None  # a serve rebuild that fails early must not store into the last
        mkdocs_log = logging.getLogger("mkdocs")
        if self.warnings not in mkdocs_log.handlers:
            mkdocs_log.addHandler(self.warnings)
        site_url = config.site_url
        if self.command == "serve" and config.config_file_path:
            # serve rewrites site_url to localhost; QR codes must keep the real address.
            site_url = configured_site_url(Path(config.config_file_path)) or site_url
        if (problem := urls.site_url_problem(site_url)) is not None:
            raise PluginError(_("mkdocs.yml: {reason}").format(reason=problem))
        # `thutuc build` and `check` refuse these first; this covers serve and a bare mkdocs.
        if problems := settings.settings_problems(config, self.config.allowed_hosts):
            raise PluginError(
                "\n".join(_("mkdocs.yml: {reason}").format(reason=p) for p in problems)
            )
        atomic = self.config.atomic and self.command != "serve"
        self.published_site = Path(config.site_dir).resolve()  # pages reused from it
        from generator.build.pipeline import SiteFacts
        from generator.build.site import SiteBuild

        try:
            self.build = SiteBuild(
                project_from_config(config, site_url),
                final_site=Path(config.site_dir).resolve() if atomic else None,
                search=self.config.search,
                site=SiteFacts(config.site_name, config.site_description or ""),
                record_codes=self.command in ("build", "gh-deploy"),
                shard=self.shard,
            )
            staged = self.build.open()
        except UnusableFolder as exc:
            self.build = None
            self.unusable_folder = True  # exit status 2, not a content error
            raise PluginError(str(exc)) from exc
        if staged is not None:
            config.site_dir = str(staged)
        self.short_copies = shortlink.ShortCopies(Path(config.site_dir))
        return config

    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.build is not None
        try:
            catalog = self.build.start()
        except ContentErrors as exc:
            raise PluginError(
                ngettext(
                    "{count} problem in the content; nothing was published:\n{problems}",
                    "{count} problems in the content; nothing was published:\n{problems}",
                    len(exc.errors),
                ).format(count=len(exc.errors), problems=exc)
            ) from None
        self.search_documents = {}
        return pages.arrange_files(files, config, catalog)

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Every file's URL is final here; converted pages depend on them through links.
        assert self.build is not None
        context = pages.conversion_context(config, files)
        self.page_cache = PageCache(self.build.project.cache_dir / "pages", context)
        self.nav = nav
        return nav

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        assert self.build is not None
        procedure = pages.procedure_of(page, self.build.catalog)
        return None if procedure is None else pages.procedure_source(procedure)

    @event_priority(-100)  # last, so the cache key is the Markdown really converted
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.build is not None and self.page_cache is not None
        pages.prepare_page(page, self.build.catalog)
        key = self.page_cache.key(page.file.src_uri, page.file.dest_uri, markdown)
        cached = self.page_cache.get(key)
        self.converting[page.file.src_uri] = (key, cached, self.warnings.count)
        return "" if cached is not None else markdown

    @event_priority(100)  # first, so other plugins see the HTML a conversion would give
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.page_cache is not None
        checkpoint("page")
        key, cached, warned = self.converting.pop(page.file.src_uri)
        if cached is not None:
            html = pages.restore(page, cached)
        elif self.warnings.count == warned and not page.links_to_anchors:
            self.page_cache.put(key, pages.converted(page, html))
        procedure = page.meta.get("procedure")
        if procedure is not None:
            self.build.keep_body(procedure.code, html)
        if procedure is not None and self.config.search:
            self.search_documents[page.file.dest_uri] = search.search_document(procedure, html)
        return html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        assert self.build is not None
        env.bytecode_cache = template_cache.bytecode_cache(
            self.build.project.cache_dir / "templates" / "theme"
        )
        # Every page is converted, none rendered yet: index on the other core meanwhile.
        self.build.start_search(self.search_documents)
        catalog = self.build.catalog
        env.globals["catalog"] = catalog
        env.globals["packs"] = self.build.packs  # planned once, by the drawing stage
        env.globals["shared_fragment"] = pages.SharedFragments()
        env.globals["title_index_url"] = self.build.title_index_url
        env.filters["field_slug"] = urls.field_slug
        env.globals.update(templates.template_globals(catalog, config, files))
        env.globals["translate"] = templates.material_translation(env, config.theme["language"])
        office_inputs = self.build.offices  # v2
        env.globals["offices_of"] = offices.offices_serving(office_inputs.offices, catalog)
        env.globals["office_packs"] = offices.staff_listing(self.build.office_plans)
        env.globals["site_offices"] = office_inputs.offices.active  # v2: the footer
        env.globals["notice_board"] = notice_board.NoticeBoard(self.build.notices)  # v3
        self.reuse = self._reuse_rendered(env, config, files)
        return env

    def _reuse_rendered(
        self, env: Any, config: MkDocsConfig, files: Files
    ) -> rendered.Reuse | None:
        """Procedure pages whose output an earlier build stored are not rendered again."""
        assert self.build is not None
        if not rendered.usable(config) or self.nav is None:
            return None
        catalog = self.build.catalog
        site = rendered.site_key(config, self.nav, rendered.site_shown(env.globals))
        shown = rendered.procedure_shown(env.globals)
        store = RenderedPages(self.build.project.cache_dir / "rendered", self.published_site)
        reuse = rendered.Reuse(store)
        reuse.choose(
            files,
            lambda page: (
                rendered.page_key(site, page, catalog, shown)
                if page.meta.get("procedure") is not None
                else None
            ),
        )
        env.loader = rendered.with_reuse_template(env.loader)
        env.globals["reused_page"] = reuse.page_html
        return reuse

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.reuse is not None:
            self.reuse.rendered(page, output)
        procedure = page.meta.get("procedure")
        if procedure is not None and self.short_copies is not None:
            # A scan opens the page itself at its short URL.
            self.short_copies.add(procedure, output, Path(page.file.abs_dest_path))
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.build is not None
        if self.short_copies is not None:
            self.short_copies.finish()
        if self.page_cache is not None:
            self.page_cache.save()  # while the pool and the body index finish
        if self.reuse is not None:
            self.reuse.store.save()
        site = Path(config.site_dir)
        if self.config.editor:  # the clerks' admin page, for a site edited on GitHub or GitLab
            fields = [group.name for group in self.build.catalog.fields]
            backend = admin.hosted_backend(self.config.editor)
            admin.write_admin(site / "admin", backend, fields, self.build.project.site_url)
        self.last_report = self.build.finish(site)
        self.succeeded = True
        if self.command == "serve":
            self._end(commit=True)  # each preview rebuild takes and releases the lock

    def on_build_error(self, *, error: Exception) -> None:
        self.succeeded = False
        self._end(commit=False)

    def on_shutdown(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        # A strict-mode abort comes after on_post_build, so the site is swapped in, and its
        # codes registered, only here, once MkDocs has reported no error. After Ctrl-C, which
        # MkDocs does not report as an error, `succeeded` is still False.
        self._end(commit=self.succeeded)

    def _end(self, *, commit: bool) -> None:
        build, self.build = self.build, None
        if build is None:
            return
        if commit:
            try:
                build.commit()
            finally:
                self.published = build.published
        else:
            build.cancel()
