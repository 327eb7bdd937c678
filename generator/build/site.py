"""One build of the site, from the first event to the swap: the pipeline's stages
(`pipeline.STAGES`) started once the content is loaded, published into the staged folder,
then the registers written and the staged folder swapped in (`staging.Publication`).

The plugin only forwards MkDocs events here. Nothing is shared with the published `site/`
until `commit`: the build writes a staged folder beside it, cached files are never rewritten
in place, and the registers of issued codes are written before the new site is swapped in,
so no published code is ever missing from them.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from generator.build.faults import checkpoint
from generator.build.notices import NoticeState
from generator.build.offices import OfficeInputs, OfficePlan
from generator.build.pipeline import (
    BODIES,
    RECORDS,
    STAGES,
    BuildInputs,
    DrawingStage,
    OfficesStage,
    SearchStage,
    SiteFacts,
    Stage,
    TitlesStage,
    frozen,
)
from generator.build.project import Project
from generator.build.shards import Shard
from generator.build.staging import Publication
from generator.content.catalog import Catalog

if TYPE_CHECKING:  # types only: the drawing modules load when the drawing stage starts
    from generator.build.artifacts import RenderReport
    from generator.render.pack_plan import PackPlan

log = logging.getLogger("thutuc")
S = TypeVar("S")


class SiteBuild:
    """Holds the project's build lock from `open` until `commit` or `cancel`. The
    constructor touches no file and starts nothing."""

    def __init__(
        self,
        project: Project,
        *,
        final_site: Path | None,
        site: SiteFacts | None = None,
        search: bool = True,
        record_codes: bool = True,
        shard: Shard | None = None,
    ) -> None:
        self.project = project
        self.site = site or SiteFacts("", "")
        self.record_codes = record_codes
        self.search = search
        self.shard = shard
        self.publication = Publication(project.cache_dir, final_site)
        self.stages: list[Stage] = [make() for make in STAGES]
        self.inputs: BuildInputs | None = None
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

    def stage(self, kind: type[S]) -> S:
        return next(stage for stage in self.stages if isinstance(stage, kind))

    @property
    def catalog(self) -> Catalog:
        assert self.inputs is not None, "start() first"
        return self.inputs.catalog

    def start(self) -> Catalog:
        """Check the content, then start every stage (drawing starts on the pool)."""
        checkpoint("start")
        # Drawing starts while the files are read; a failed check cancels it (`cancel`).
        checked = self.project.load(self.stage(DrawingStage).prepare(self.project))
        catalog = checked.catalog
        offices = self.project.office_inputs(checked.offices)
        self.inputs = BuildInputs(
            self.project,
            catalog,
            offices,
            checked.notices,
            self.site,
            self.shard,
            self.search,
        )
        # What exists now (modules, settings, the catalog) lives until the build ends. Frozen,
        # the collector stops walking it over and over (at 1,000 procedures, collections took
        # 0.85 s of the main thread, 0.3 s frozen), and forked workers do not copy its pages.
        gc.freeze()
        self.frozen = True
        for stage in self.stages:
            stage.start(self.inputs)
        checkpoint("started")
        return catalog

    def start_search(self, documents: Mapping[str, str]) -> None:
        """Index the search documents in the background while pages render."""
        checkpoint("search")
        self.stage(SearchStage).index(documents)

    def keep_body(self, code: str, html: str) -> None:
        """A procedure page's converted body, for the pages that show it at each office."""
        if self.inputs is not None and len(self.inputs.offices.offices):
            self.bodies[code] = html

    @property
    def offices(self) -> OfficeInputs:
        assert self.inputs is not None, "start() first"
        return self.inputs.offices

    @property
    def office_plans(self) -> tuple[OfficePlan, ...]:
        """offices (v2): each active office's catalog and packs, as planned once at start."""
        return self.stage(OfficesStage).plans

    @property
    def notices(self) -> NoticeState:
        """notices (v3): the notices and changes this build publishes."""
        assert self.inputs is not None, "start() first"
        return self.inputs.notices

    @property
    def packs(self) -> list[PackPlan]:
        """The packs this build publishes, as planned once by the drawing stage."""
        return self.stage(DrawingStage).plans

    @property
    def title_index_url(self) -> str:
        """Where pages load the search box's title index from (it changes with the index)."""
        titles = self.stage(TitlesStage).titles
        assert titles is not None, "start() first"
        return titles.url

    def finish(self, site_dir: Path) -> RenderReport:
        """Publish every stage into the built site, in order; any failure among them (a
        worker, the indexing thread, a writer) raises here, so nothing is published."""
        assert self.inputs is not None, "start() first"
        checkpoint("finish")
        self.stage(DrawingStage).pages_rendered()
        done: dict[str, object] = {BODIES: frozen(self.bodies)}
        for stage in self.stages:
            done[stage.name] = stage.publish_into(site_dir, frozen(done))
        checkpoint("finished")
        self.finished = True
        return done[DrawingStage.name].report  # type: ignore[attr-defined]

    def commit(self) -> None:
        """Write the registers, then swap the staged site in; always releases the lock."""
        try:
            if not self.finished or self.inputs is None:
                raise RuntimeError("commit() before finish()")
            inputs = self.inputs
            records = [lambda record=record: record(inputs) for record in RECORDS]
            self.publication.publish(records if self.record_codes else [])
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop every stage's workers and threads, drop the staged folder, release the lock."""
        try:
            failure: BaseException | None = None
            for stage in reversed(self.stages):
                try:
                    stage.cancel()
                except BaseException as exc:  # stop the others all the same
                    failure = failure or exc
            if failure is not None:
                raise failure
        finally:
            if self.frozen:
                gc.unfreeze()  # for `serve`, whose next build would otherwise keep all this
                self.frozen = False
            self.publication.close()
