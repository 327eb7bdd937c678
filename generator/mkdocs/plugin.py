"""The MkDocs plugin: a thin adapter from MkDocs events to the core library.

Everything it does is a call into plain modules (`procedure`, `register`, `artifacts`, ...),
so the core outlives MkDocs 1.x.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Literal

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator import urls
from generator.build import packs, search, shortlink, staging, webapp
from generator.build.artifacts import ArtifactRun
from generator.build.packs import PackRun
from generator.build.pagecache import ConvertedPage, PageCache
from generator.build.project import PacksAfterArtifacts, Project
from generator.build.search import SHARD_PAGES
from generator.content.procedure import ContentErrors
from generator.mkdocs import pages, templates
from generator.render import preview

log = logging.getLogger("mkdocs.plugins.procedures")


class ProceduresConfig(base.Config):
    cache_dir = c.Type(str, default=".cache/thutuc")
    poster_size = c.Choice(("A3", "A4", "A5"), default="A4")
    search = c.Type(bool, default=True)
    search_bundle_pages = c.Type(int, default=SHARD_PAGES)
    atomic = c.Type(bool, default=True)


class ProceduresPlugin(BasePlugin[ProceduresConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str = "build"
        self.project: Project | None = None
        self.run: ArtifactRun | None = None
        self.packs: PackRun | PacksAfterArtifacts | None = None
        self.final_site_dir: Path | None = None
        self.staged_dir: Path | None = None
        self.succeeded = False
        self.last_report: Any = None
        self.page_cache: PageCache | None = None
        self.converting: dict[str, tuple[str, ConvertedPage | None, int]] = {}
        self.search_documents: dict[str, str] = {}
        self.indexing: search.Indexing | None = None
        self.warnings = pages.WarningCounter()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup keeps this object alive across `mkdocs serve` rebuilds.
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.succeeded = False
        mkdocs_log = logging.getLogger("mkdocs")
        if self.warnings not in mkdocs_log.handlers:
            mkdocs_log.addHandler(self.warnings)
        site_url = config.site_url
        if self.command == "serve" and config.config_file_path:
            # serve rewrites site_url to localhost; QR codes must keep the real address.
            site_url = _configured_site_url(Path(config.config_file_path)) or site_url
        if not site_url:
            raise PluginError("mkdocs.yml: 'site_url' is required: QR codes print it")
        root = Path(config.config_file_path or ".").resolve().parent
        self.project = Project(
            root=root,
            content_dir=Path(config.docs_dir),
            cache_dir=root / self.config.cache_dir,
            site_url=site_url,
            office=dict(config.extra.get("office") or {}),
            poster_size=self.config.poster_size,
        )
        if self.config.atomic and self.command != "serve":
            self.final_site_dir = Path(config.site_dir).resolve()
            self.staged_dir = staging.staging_dir(self.final_site_dir)
            config.site_dir = str(self.staged_dir)
        return config

    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.project is not None
        try:
            catalog = self.project.load()
        except ContentErrors as exc:
            raise PluginError(
                f"{len(exc.errors)} problem(s) in the content; nothing was published:\n{exc}"
            ) from None
        self.run = self.project.start_artifacts(catalog)
        arranged = pages.arrange_files(files, config, catalog)
        self.packs = self.project.start_packs(self.run)
        self.search_documents = {}
        return arranged

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Every file's URL is final here; converted pages depend on them through links.
        assert self.project is not None
        context = pages.conversion_context(config, files)
        self.page_cache = PageCache(self.project.cache_dir / "pages", context)
        return nav

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        assert self.run is not None
        procedure = pages.procedure_of(page, self.run.catalog)
        return None if procedure is None else pages.procedure_source(procedure)

    @event_priority(-100)  # last, so the cache key is the Markdown really converted
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.run is not None and self.page_cache is not None
        pages.prepare_page(page, self.run.catalog)
        key = self.page_cache.key(page.file.src_uri, page.file.dest_uri, markdown)
        cached = self.page_cache.get(key)
        self.converting[page.file.src_uri] = (key, cached, self.warnings.count)
        return "" if cached is not None else markdown

    @event_priority(100)  # first, so other plugins see the HTML a conversion would give
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.page_cache is not None
        key, cached, warned = self.converting.pop(page.file.src_uri)
        if cached is not None:
            html = pages.restore(page, cached)
        elif self.warnings.count == warned and not page.links_to_anchors:
            self.page_cache.put(key, pages.converted(page, html))
        procedure = page.meta.get("procedure")
        if procedure is not None and self.config.search:
            self.search_documents[page.file.dest_uri] = search.search_document(procedure, html)
        return html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        assert self.run is not None and self.project is not None
        if self.config.search:
            # Every page is converted, none rendered yet: index on the other core meanwhile.
            self.indexing = search.Indexing(
                self.search_documents,
                self.project.cache_dir / "search",
                self.config.search_bundle_pages,
            )
        env.globals["catalog"] = self.run.catalog
        env.globals["packs"] = packs.plan_packs(self.run.catalog, self.run.settings.poster)
        env.globals["shared_fragment"] = pages.SharedFragments()
        env.globals["search_bundles"] = self.indexing.extra_bundles if self.indexing else []
        env.filters["field_slug"] = urls.field_slug
        env.globals.update(templates.template_globals(self.run.catalog, config, files))
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        procedure = page.meta.get("procedure")
        if procedure is not None:  # a scan opens the page itself at its short URL
            shortlink.write_short_copy(Path(config.site_dir), procedure, output)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.project is not None and self.run is not None
        site_dir = Path(config.site_dir)
        if self.page_cache is not None:
            self.page_cache.save()  # while the pool and Pagefind finish
        self.last_report = self.project.publish(self.run, site_dir, self.packs)
        self.packs = None
        preview.write_site_preview(site_dir, config.site_name, config.site_description or "")
        office = config.extra.get("office") or {}
        webapp.write_web_app(
            site_dir, config.site_name, office.get("short_name") or config.site_name
        )
        if self.indexing is not None:
            self.indexing.publish(site_dir)
            self.indexing = None
        self.succeeded = True

    def on_build_error(self, *, error: Exception) -> None:
        self.succeeded = False
        if self.run is not None:
            self.run.cancel()
        if self.packs is not None:
            self.packs.cancel()
            self.packs = None
        if self.indexing is not None:
            self.indexing.cancel()
            self.indexing = None

    def on_shutdown(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.indexing is not None:
            self.indexing.cancel()
            self.indexing = None
        if self.run is not None and not self.succeeded:
            self.run.cancel()  # e.g. after Ctrl-C, which MkDocs does not report as an error
            if self.packs is not None:
                self.packs.cancel()
                self.packs = None
        # A strict-mode abort comes after on_post_build, so codes are registered only here,
        # once MkDocs has reported no error: the register lists what was really published.
        if self.succeeded and self.command in ("build", "gh-deploy"):
            assert self.project is not None and self.run is not None
            self.project.record_issued_codes(self.run.catalog)
        if self.staged_dir is None or self.final_site_dir is None:
            return
        if self.succeeded:
            staging.publish(self.staged_dir, self.final_site_dir)
        else:
            staging.discard(self.staged_dir)
        self.staged_dir = None


def _configured_site_url(config_file: Path) -> str | None:
    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError):
        return None
    value = data.get("site_url") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None
