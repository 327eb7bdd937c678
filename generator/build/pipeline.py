"""The build as one pipeline of stages, listed once, in `STAGES`.

Every stage has the same interface: `start(inputs)` begins its work (a process pool, a
thread) from the build's immutable inputs, as soon as the content is loaded; `publish_into`
waits for it and writes its files into the staged site, returning its result (immutable, for
the stages after it); `cancel` stops it and may be called at any time, more than once. The
registers the new site issues are listed once too, in `RECORDS`, and are written by
`staging.Publication` before the staged site is swapped in.

To add a stage (notices, an import), write a class with these three methods and list it in
`STAGES` after the stages whose results it reads; a register (the change record) joins
`RECORDS`. Nothing here imports MkDocs: the plugin only forwards events to `SiteBuild`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from generator import urls
from generator.build import notices as notice_build
from generator.build import offices as office_build
from generator.build import search, shards, shortlink
from generator.build.feed import PackInfo, feed_json
from generator.build.project import Project
from generator.build.shards import Shard
from generator.content.catalog import Catalog
from generator.i18n import _

if TYPE_CHECKING:  # drawing is imported when a stage starts: a build whose content has an
    # error stops before it, without loading reportlab, Pillow or the pool
    from generator.build.artifacts import ArtifactRun, RenderReport
    from generator.build.early import EarlyDrawing
    from generator.build.packs import PackRun, PacksAfterArtifacts
    from generator.build.pool import WorkerPool
    from generator.build.titles import TitleIndex
    from generator.render.pack_plan import PackPlan

log = logging.getLogger("thutuc")

#: What the stages before have published, by stage name (and `BODIES`, from the pages).
Done = Mapping[str, Any]
#: The procedure pages' converted HTML bodies, by code, for the offices' scan pages.
BODIES = "bodies"


@dataclass(frozen=True)
class SiteFacts:
    """What the site calls itself, from `mkdocs.yml`."""

    name: str
    description: str


@dataclass(frozen=True)
class BuildInputs:
    """Everything a stage starts from; nothing in it changes during the build. `project`
    gives the settings, paths and registers; the rest is what `Project.check` read:
    `offices` what the offices' outputs need, `notices` the notices and changes (v3)."""

    project: Project
    catalog: Catalog
    offices: office_build.OfficeInputs
    notices: notice_build.NoticeState
    site: SiteFacts
    shard: Shard | None
    #: Whether the body index is made (the plugin's `search` option).
    search: bool


class Stage(Protocol):
    name: str

    def start(self, inputs: BuildInputs) -> None: ...

    def publish_into(self, staging: Path, done: Done) -> object: ...

    def cancel(self) -> None: ...


@dataclass(frozen=True)
class Drawn:
    """The drawing stage's result: what was drawn or reused, and the packs published."""

    report: RenderReport
    packs: tuple[PackInfo, ...]


class DrawingStage:
    """QR codes, posters and previews (`ArtifactRun`), then the poster packs, on one pool
    started at once so drawing overlaps MkDocs rendering pages. Packs are planned once here;
    the staff page lists the same plans (`plans`). Before the content is checked, `prepare`
    gives the reader a watcher that starts drawing while the files are read."""

    name = "drawing"

    def __init__(self) -> None:
        self.project: Project | None = None
        self.plans: list[PackPlan] = []
        self.early: EarlyDrawing | None = None
        self.run: ArtifactRun | None = None
        self.packs: PackRun | PacksAfterArtifacts | None = None
        self.pool: WorkerPool | None = None
        self.done = False

    def prepare(self, project: Project) -> EarlyDrawing:
        """Draw each procedure as soon as it is read (`build.early`); `start` takes it over."""
        from generator.build.early import EarlyDrawing

        self.early = EarlyDrawing(project.settings, project.artifacts_dir, project.content_dir)
        return self.early

    def start(self, inputs: BuildInputs) -> None:
        from generator.build.pool import beside_main
        from generator.render.pack_plan import plan_packs

        self.project = project = inputs.project
        self.plans = plan_packs(inputs.catalog, project.settings().poster)
        # A core left to this process while MkDocs renders pages in it (see `pool`).
        self.run = project.start_artifacts(inputs.catalog, self.early, at_once=beside_main())
        self.early = None  # the run took it over
        self.pool = self.run.pool
        self.packs = project.start_packs(self.run, self.plans)

    def pages_rendered(self) -> None:
        """The main process is free: the pool may run a job on every worker."""
        if self.pool is not None:
            self.pool.widen()

    def publish_into(self, staging: Path, done: Done) -> Drawn:
        assert self.project is not None and self.run is not None, "start() first"
        report = self.run.wait()
        self.run.publish(staging)
        packs = self.project.build_packs(self.run, staging / urls.POSTER_DIR, self.packs).packs
        self.packs = None
        self.done = True
        # Under `serve`, naming the few redrawn codes shows the editor what their save did.
        few = f" ({', '.join(report.rendered)})" if 0 < len(report.rendered) <= 5 else ""
        log.info(
            _("QR codes and posters: %d drawn%s, %d reused from cache"),
            len(report.rendered),
            few,
            len(report.reused),
        )
        return Drawn(report, tuple(packs))

    def cancel(self) -> None:
        if self.early is not None:
            self.early.cancel()
            self.early = None
        if self.run is not None and not self.done:
            self.run.cancel()
        if self.packs is not None:
            self.packs.cancel()
            self.packs = None


class _Writer:
    """A stage that only writes files from the inputs once the pages are done."""

    name = ""

    def __init__(self) -> None:
        self.inputs: BuildInputs | None = None

    def start(self, inputs: BuildInputs) -> None:
        self.inputs = inputs

    def cancel(self) -> None:
        pass


class RetiredStage(_Writer):
    """Active codes' short URLs are copies of their pages, written as each page is rendered
    (`shortlink.ShortCopies`); a retired code's short URL gets a notice page here."""

    name = "retired"

    def publish_into(self, staging: Path, done: Done) -> None:
        assert self.inputs is not None
        catalog = self.inputs.catalog
        for procedure in (p for p in catalog if shortlink.has_notice(p)):
            page = staging / urls.short_path(procedure.code) / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(shortlink.short_page(catalog, procedure), encoding="utf-8")


class OfficesStage(_Writer):
    """offices (v2): each office's QR codes, posters, packs and pages (this shard's share).
    Each office's packs are planned once, at start: the staff page lists the same `plans`."""

    name = "offices"

    def __init__(self) -> None:
        super().__init__()
        self.plans: tuple[office_build.OfficePlan, ...] = ()

    def start(self, inputs: BuildInputs) -> None:
        self.inputs = inputs
        self.plans = office_build.plan_offices(inputs.offices, inputs.catalog)

    def publish_into(self, staging: Path, done: Done) -> office_build.OfficeFeed | None:
        assert self.inputs is not None
        inputs = self.inputs
        return office_build.publish_into(
            inputs.offices, self.plans, inputs.catalog, staging, done.get(BODIES), inputs.shard
        )


class FeedStage(_Writer):
    """`procedures.json`: every procedure, its files and packs, and the offices' keys."""

    name = "feed"

    def publish_into(self, staging: Path, done: Done) -> None:
        assert self.inputs is not None
        feed = feed_json(self.inputs.catalog, list(done["drawing"].packs), done["offices"])
        (staging / "procedures.json").write_text(feed, encoding="utf-8")


class SiteFilesStage(_Writer):
    """The site's link preview and the web app's manifest and icons."""

    name = "site-files"

    def publish_into(self, staging: Path, done: Done) -> None:
        from generator.build import webapp
        from generator.render import preview

        assert self.inputs is not None
        site = self.inputs.site
        preview.write_site_preview(staging, site.name, site.description)
        short_name = self.inputs.project.office.get("short_name") or site.name
        webapp.write_web_app(staging, site.name, short_name)


class TitlesStage:
    """The search box's index of titles, made at start: pages load it from `url`."""

    name = "titles"

    def __init__(self) -> None:
        self.titles: TitleIndex | None = None

    def start(self, inputs: BuildInputs) -> None:
        self.titles = inputs.project.title_index(inputs.catalog)

    def publish_into(self, staging: Path, done: Done) -> None:
        if self.titles is not None:
            self.titles.write(staging)

    def cancel(self) -> None:
        pass


class SearchStage:
    """The body index the search box reads, made on a thread once the pages are converted
    (`index`), while MkDocs renders them."""

    name = "search"

    def __init__(self) -> None:
        self.inputs: BuildInputs | None = None
        self.indexing: search.BodyIndexing | None = None

    def start(self, inputs: BuildInputs) -> None:
        self.inputs = inputs

    def index(self, documents: Mapping[str, str]) -> None:
        if self.inputs is not None and self.inputs.search:
            cache = self.inputs.project.cache_dir / "search"
            # Kept where `cancel` finds it before it starts: an interrupt may come at once.
            self.indexing = search.BodyIndexing(documents, cache)
            self.indexing.start()

    def publish_into(self, staging: Path, done: Done) -> None:
        if self.indexing is not None:
            self.indexing.publish_into(staging)
            self.indexing = None

    def cancel(self) -> None:
        if self.indexing is not None:
            self.indexing.cancel()
            self.indexing = None


class NoticesStage(_Writer):
    """notices (v3): the notice pages, the lists, the changes page, the feeds, the cards and
    the posters, and `notices` in `procedures.json` (so after the feed stage)."""

    name = "notices"

    def publish_into(self, staging: Path, done: Done) -> None:
        assert self.inputs is not None
        inputs = self.inputs
        project = inputs.project
        name = project.office.get("name", "")
        notice_build.publish(
            inputs.notices, inputs.catalog, staging, name, project.cache_dir, inputs.shard
        )


class ShardMarkStage(_Writer):
    """offices (v2): a shard's site says which shard it is and what content it was built
    from, for `thutuc merge`."""

    name = "shard-mark"

    def publish_into(self, staging: Path, done: Done) -> None:
        assert self.inputs is not None
        if self.inputs.shard is not None:
            fingerprint = self.inputs.project.content_fingerprint()
            shards.write_mark(staging, self.inputs.shard, fingerprint)


#: Every stage of a build, in the order they publish; each may read the results of those
#: before it. This is the one list to extend. The stages that read nothing of the drawing
#: publish before it, while the pool finishes the packs, rather than after it.
STAGES: tuple[Callable[[], Stage], ...] = (
    RetiredStage,
    SiteFilesStage,
    TitlesStage,
    SearchStage,
    DrawingStage,
    OfficesStage,
    FeedStage,
    NoticesStage,
    ShardMarkStage,
)


def record_codes(inputs: BuildInputs) -> object:
    """The register of issued codes, and the offices' register (v2)."""
    return inputs.project.record_issued_codes(inputs.catalog, inputs.offices.offices)


def record_notices(inputs: BuildInputs) -> object:
    """notices (v3): the published notices' register and the change record."""
    project = inputs.project
    return notice_build.record(inputs.notices, project.content_dir, project.display)


#: The registers the new site issues, written before it is swapped in, in this order.
RECORDS: tuple[Callable[[BuildInputs], object], ...] = (record_codes, record_notices)


def frozen(mapping: dict[str, Any]) -> Done:
    return MappingProxyType(mapping)
