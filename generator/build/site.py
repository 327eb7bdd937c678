"""One build of the site, from the first event to the swap: the artifact run, the packs, the
search index and the staged folder, with one `cancel` and one `finish`.

The plugin only forwards MkDocs events here. Nothing is shared with the published `site/`
until `commit`: the build writes a staged folder beside it, cached files are never rewritten
in place, and the register of issued codes is written before the new site is swapped in
(`staging.Publication`), so no published code is ever missing from it.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Mapping
from pathlib import Path

from generator.build import search, shards, webapp
from generator.build.artifacts import ArtifactRun, RenderReport
from generator.build.faults import checkpoint
from generator.build.packs import PackRun, PacksAfterArtifacts
from generator.build.project import Project
from generator.build.shards import Shard
from generator.build.staging import Publication
from generator.build.titles import TitleIndex
from generator.content.catalog import Catalog
from generator.render import preview

log = logging.getLogger("thutuc")


class SiteBuild:
    """Holds the project's build lock from `open` until `commit` or `cancel`."""

    def __init__(
        self,
        project: Project,
        *,
        final_site: Path | None,
        search_pages: int | None = search.SHARD_PAGES,
        record_codes: bool = True,
        shard: Shard | None = None,
    ) -> None:
        self.project = project
        self.record_codes = record_codes
        self.search_pages = search_pages
        self.shard = shard
        self.publication = Publication(project.cache_dir, final_site)
        self.run: ArtifactRun | None = None
        self.packs: PackRun | PacksAfterArtifacts | None = None
        self.indexing: search.Indexing | None = None
        self.titles: TitleIndex | None = None
        #: Per procedure code, its page's HTML body, kept only for the offices' scan pages.
        self.bodies: dict[str, str] = {}
        self.finished = False
        self.frozen = False

    def open(self) -> Path | None:
        """Take the build lock and make the staged folder the site is written into (None:
        build in place, as `serve` does)."""
        return self.publication.open()

    @property
    def published(self) -> bool:
        return self.publication.published

    @property
    def catalog(self) -> Catalog:
        assert self.run is not None, "start() first"
        return self.run.catalog

    def start(self) -> Catalog:
        """Check the content, then start drawing QR codes, posters and packs on the pool."""
        checkpoint("start")
        catalog = self.project.load()
        self.titles = self.project.title_index(catalog)
        # What exists now (modules, settings, the catalog) lives until the build ends. Frozen,
        # the collector stops walking it over and over (at 1,000 procedures, collections took
        # 0.85 s of the main thread, 0.3 s frozen), and forked workers do not copy its pages.
        gc.freeze()
        self.frozen = True
        self.run = self.project.start_artifacts(catalog)
        self.packs = self.project.start_packs(self.run)
        checkpoint("started")
        return catalog

    def start_search(self, documents: Mapping[str, str]) -> None:
        """Index the search documents in the background while pages render."""
        checkpoint("search")
        if self.search_pages is not None:
            cache = self.project.cache_dir / "search"
            self.indexing = search.Indexing(documents, cache, self.search_pages)
            self.indexing.start()

    def keep_body(self, code: str, html: str) -> None:
        """A procedure page's converted body, for the pages that show it at each office."""
        if len(self.project.offices):
            self.bodies[code] = html

    @property
    def search_bundles(self) -> list[str]:
        return self.indexing.extra_bundles if self.indexing else []

    @property
    def title_index_url(self) -> str:
        """Where pages load the search box's title index from (it changes with the index)."""
        assert self.titles is not None, "start() first"
        return self.titles.url

    def finish(self, site_dir: Path, site_name: str, description: str) -> RenderReport:
        """Wait for every worker and thread and write what they made into the built site; any
        failure among them raises here, so nothing is published."""
        assert self.run is not None
        checkpoint("finish")
        report = self.project.publish(self.run, site_dir, self.packs, self.bodies, self.shard)
        self.packs = None
        preview.write_site_preview(site_dir, site_name, description)
        short_name = self.project.office.get("short_name") or site_name
        webapp.write_web_app(site_dir, site_name, short_name)
        if self.titles is not None:
            self.titles.write(site_dir)
        if self.indexing is not None:
            self.indexing.publish(site_dir)
            self.indexing = None
        if self.shard is not None:
            shards.write_mark(site_dir, self.shard, self.project.content_fingerprint())
        checkpoint("finished")
        self.finished = True
        return report

    def commit(self) -> None:
        """Record the codes the new site issues, then swap it in; always releases the lock."""
        try:
            if not self.finished:
                raise RuntimeError("commit() before finish()")
            catalog = self.catalog
            records = [lambda: self.project.record_issued_codes(catalog)]
            self.publication.publish(records if self.record_codes else [])
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop every worker and thread, drop the staged folder, release the lock."""
        try:
            if self.run is not None and not self.finished:
                self.run.cancel()
            if self.packs is not None:
                self.packs.cancel()
                self.packs = None
            if self.indexing is not None:
                self.indexing.cancel()
                self.indexing = None
        finally:
            if self.frozen:
                gc.unfreeze()  # for `serve`, whose next build would otherwise keep all this
                self.frozen = False
            self.publication.close()
