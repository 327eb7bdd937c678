"""Per-procedure files (QR SVG, QR PNG, link preview), cached by fingerprint and drawn in
parallel. Single posters are cut from the field packs that draw them (`pack.py`).

As in mkdocs-material's social plugin, a manifest under `.cache/` maps each procedure to the
fingerprint of everything its files depend on, so a rebuild redraws only what changed.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator import qr, urls
from generator.build.faults import checkpoint
from generator.build.pool import CHUNK, WorkerPool, workers_for
from generator.build.progress import progress_bar
from generator.cache import Manifest, atomic_write, cached_file, digest, link_or_copy, write_new
from generator.content.catalog import Catalog
from generator.content.procedure import Procedure
from generator.i18n import _
from generator.render import layout, preview

MANIFEST_NAME = "artifacts"
#: Bump when the QR drawing code changes, so cached files are redrawn.
QR_LAYOUT_VERSION = "2"
#: Below this many jobs a process pool costs more than it saves.
POOL_THRESHOLD = 24
#: The link preview image (`preview.py`), next to the QR files in the cache.
SOCIAL_SUFFIX = ".social.png"
SUFFIXES = (".svg", ".png", SOCIAL_SUFFIX)


@dataclass(frozen=True)
class Settings:
    site_url: str
    poster: layout.PosterSettings
    png_scale: int = 10
    #: Offices (v2) publish no link preview per pair: drawing 30,000 of them is a third of
    #: the province's CPU time. An empty file keeps the cache entry whole.
    previews: bool = True


@dataclass(frozen=True)
class Job:
    procedure: Procedure
    payload: str
    fingerprint: str
    #: Whether the saved manifest already names these files (one of them went missing): they
    #: are then replaced, never written in place (see `generator.cache`).
    named: bool = False


@dataclass(frozen=True)
class Rendered:
    code: str
    fingerprint: str
    version: int
    matrix: str


@dataclass
class RenderReport:
    """What a run drew and what it reused: the counters that prove the cache works."""

    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)


def fingerprint(procedure: Procedure, payload: str, settings: Settings) -> str:
    """A short hash of what a procedure's QR files and link preview show: the payload, the
    title, code and field the preview prints, and the office name in its footer. The poster
    size is not in it: switching A4 to A3 redraws posters and packs, not QR codes."""
    return digest(
        {
            "shown": [procedure.title, procedure.code, procedure.field],
            "office": settings.poster.office_name,
            "payload": payload,
            "qr": [QR_LAYOUT_VERSION, settings.png_scale],
            "preview": preview.LAYOUT_VERSION,
        }
    )


def render_job(job: Job, settings: Settings, cache_dir: Path) -> Rendered:
    """Encode the QR once and draw every file from that one matrix."""
    checkpoint("draw")  # in a worker process when the pool runs
    procedure = job.procedure
    matrix = qr.make_matrix(job.payload)

    write = atomic_write if job.named else write_new

    def file(suffix: str) -> Path:
        return cached_file(cache_dir, procedure.code, job.fingerprint, suffix)

    write(file(".svg"), qr.to_svg(matrix, title=procedure.title))
    write(file(".png"), qr.to_png(matrix, settings.png_scale))
    image = b""
    if settings.previews:
        image = preview.procedure_preview_png(
            procedure.title, procedure.code, procedure.field, matrix, settings.poster.office_name
        )
    write(file(SOCIAL_SUFFIX), image)
    return Rendered(procedure.code, job.fingerprint, matrix.version, qr.to_hex(matrix))


def render_chunk(jobs: list[Job], settings: Settings, cache_dir: Path) -> list[Rendered]:
    return [render_job(job, settings, cache_dir) for job in jobs]


class ArtifactCache(Manifest):
    """The manifest of one site's QR files and previews, with each code's matrix, so posters
    and packs never encode a code again."""

    def __init__(self, cache_dir: Path) -> None:
        super().__init__(cache_dir, MANIFEST_NAME, SUFFIXES)

    def record_rendered(self, rendered: Rendered) -> None:
        self.record(
            rendered.code, rendered.fingerprint, version=rendered.version, matrix=rendered.matrix
        )

    def matrix(self, code: str, payload: str) -> qr.QrMatrix:
        entry = self.entries[code]
        return qr.from_hex(payload, int(entry["version"]), str(entry["matrix"]))


@dataclass(frozen=True)
class QrStore:
    """A finished run's QR matrices, which is all the pack code needs of it: per code, the
    version and matrix drawn (or reused) this build, so packs never encode a code again and
    never reach into the run, its pool or its cache manifest."""

    catalog: Catalog
    settings: Settings
    entries: Mapping[str, Mapping[str, Any]]

    def key(self, procedure: Procedure) -> list[object]:
        """What a pack prints of a code's QR: its short URL and the very matrix."""
        entry = self.entries[procedure.code]
        return [self.catalog.short_url(procedure), entry["version"], entry["matrix"]]

    def matrix_of(self, procedure: Procedure) -> qr.QrMatrix:
        entry = self.entries[procedure.code]
        payload = self.catalog.short_url(procedure)
        return qr.from_hex(payload, int(entry["version"]), str(entry["matrix"]))


@dataclass(frozen=True)
class EarlyStart:
    """Drawing submitted while the content was read (`build.early`), for a run to take over:
    the pool, its futures and, per code, the fingerprint drawn, for these settings and this
    cache folder, whose manifest was read then."""

    settings: Settings
    folder: Path
    cache: ArtifactCache
    pool: WorkerPool
    futures: list[Future[list[Rendered]]]
    drawn: Mapping[str, str]


class ArtifactRun:
    """One build's rendering: started early (on_files), collected late (on_post_build).

    Making one touches no file: `plan` (which `start` calls) reads the cache manifest and
    decides what to draw, `start` submits it, `wait` collects it. With `early` (drawing
    submitted while the content was read, `build.early`), its pool and the drawings the
    catalog holds are taken over, and only the rest is drawn."""

    def __init__(
        self,
        catalog: Catalog,
        settings: Settings,
        cache_dir: Path,
        early: EarlyStart | None = None,
    ) -> None:
        self.catalog = catalog
        self.settings = settings
        self.cache_dir = cache_dir
        self.report = RenderReport()
        self.jobs: list[Job] = []
        self._early = early
        #: Per code, the fingerprint of the early drawing taken over (`early`).
        self._adopted: dict[str, str] = {}
        self._cache: ArtifactCache | None = None
        self._futures: list[Future[list[Rendered]]] = []
        self._pool: WorkerPool | None = None
        self._lock = threading.Lock()
        self._done = False

    @property
    def cache(self) -> ArtifactCache:
        """The manifest of the cached files, read by `plan`."""
        return self.plan()._cache  # type: ignore[return-value]

    def plan(self) -> ArtifactRun:
        """Read the manifest once: codes whose files are cached are reused, the rest become
        jobs. Safe to call again."""
        if self._cache is not None:
            return self
        drawing = self._take_early()
        if self._cache is None:
            self._cache = ArtifactCache(self.cache_dir)
        for procedure in self.catalog:
            payload = self.catalog.short_url(procedure)
            drawn = fingerprint(procedure, payload, self.settings)
            if self._cache.is_fresh(procedure.code, drawn):
                self.report.reused.append(procedure.code)
            elif drawing.get(procedure.code) == drawn:
                self._adopted[procedure.code] = drawn
            else:
                named = self._cache.names(procedure.code, drawn)
                self.jobs.append(Job(procedure, payload, drawn, named))
        return self

    def _take_early(self) -> Mapping[str, str]:
        """Take over the early drawing's pool, futures and manifest, if it drew for these
        settings into this folder; per code, the fingerprint it drew."""
        early, self._early = self._early, None
        if early is None:
            return {}
        if early.settings != self.settings or early.folder != self.cache_dir:
            early.pool.shutdown()
            return {}
        self._pool, self._futures, self._cache = early.pool, list(early.futures), early.cache
        return early.drawn

    @property
    def pooled(self) -> bool:
        """Whether drawing runs on a process pool, so waiting for it now would stall a build."""
        return bool(self._futures)

    def start(self, *, at_once: int | None = None) -> ArtifactRun:
        """Submit the drawing; `at_once`: how many jobs run together until the pool is
        widened (see `pool`), all of them by default."""
        self.plan()
        if self._pool is None and len(self.jobs) >= POOL_THRESHOLD:
            self._pool = WorkerPool(workers_for(len(self.jobs), CHUNK), at_once=at_once)
        if self._pool is not None:
            for index in range(0, len(self.jobs), CHUNK):
                chunk = self.jobs[index : index + CHUNK]
                self._futures.append(
                    self._pool.submit(render_chunk, chunk, self.settings, self.cache.folder)
                )
        return self

    @property
    def pool(self) -> WorkerPool | None:
        """The pool drawing this run, until `take_pool` hands it over."""
        return self._pool

    def take_pool(self) -> WorkerPool | None:
        """Hand the pool over to whoever draws next (packs), who then shuts it down."""
        pool, self._pool = self._pool, None
        return pool

    def wait(self) -> RenderReport:
        """Collect the drawing and save the manifest; safe to call again, from any thread."""
        with self._lock:
            if not self._done:
                self._collect()
                self._done = True
        return self.report

    def _collect(self) -> None:
        self.plan()
        results: list[Rendered] = []
        total = len(self.jobs) + len(self._adopted)
        with progress_bar(total, _("QR codes and posters")) as bar:
            try:
                if not self._futures:
                    for job in self.jobs:
                        results.append(render_job(job, self.settings, self.cache.folder))
                        bar.update()
                else:
                    for future in self._futures:
                        chunk = future.result()
                        results.extend(chunk)
                        bar.update(len(chunk))
            finally:
                self.cancel()
        wanted = {**self._adopted, **{job.procedure.code: job.fingerprint for job in self.jobs}}
        drawn = {r.code: r for r in results if wanted.get(r.code) == r.fingerprint}
        for procedure in self.catalog:  # in catalog order, whatever order they were drawn in
            if (rendered := drawn.get(procedure.code)) is not None:
                self.cache.record_rendered(rendered)
                self.report.rendered.append(rendered.code)
        self.cache.save(p.code for p in self.catalog)

    def cancel(self) -> None:
        if self._early is not None:
            self._early.pool.shutdown()
        for future in self._futures:
            future.cancel()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def store(self) -> QrStore:
        """The matrices of the finished run (after `wait`), read-only."""
        return QrStore(self.catalog, self.settings, MappingProxyType(self.cache.entries))

    def fingerprint_of(self, procedure: Procedure) -> str:
        return str(self.cache.entries[procedure.code]["fingerprint"])

    def matrix_of(self, procedure: Procedure) -> qr.QrMatrix:
        return self.cache.matrix(procedure.code, self.catalog.short_url(procedure))

    def max_version(self) -> int:
        return max((int(e["version"]) for e in self.cache.entries.values()), default=0)

    def publish(self, site_dir: Path) -> None:
        """Hard-link (or copy) the cached files into the site under their public names."""
        for procedure in self.catalog:
            code = procedure.code
            targets = {**{f".{k}": v for k, v in urls.qr_paths(code).items()}}
            targets[SOCIAL_SUFFIX] = urls.preview_path(code)
            for suffix, relative in targets.items():
                link_or_copy(self.cache.file(code, suffix), site_dir / relative)
