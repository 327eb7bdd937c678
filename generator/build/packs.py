"""Poster packs: many pages in one PDF for staff, redrawn only when their members change.

A pack is planned from the catalog alone (names, titles and page counts are known before
anything is drawn, so the staff page can list them), then drawn from the matrices the
artifact run cached: a pack never encodes a QR code again. Like the per-procedure files, each
pack is cached under `.cache/` by a fingerprint of its layout and of what it prints of each
member: whole posters for the posters and field packs, only code, title (and fee) and the QR
code for field posters and stickers, so editing a summary leaves those two packs alone.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from generator import urls
from generator.build.artifacts import ArtifactRun, QrStore, RenderReport
from generator.build.feed import PackInfo
from generator.build.pdf import PREVIEW_VERSION, append_pages, preview_png, split_posters
from generator.build.pool import WorkerPool
from generator.cache import (
    Manifest,
    atomic_write,
    cached_file,
    digest,
    link_or_copy,
    write_new,
)
from generator.content.catalog import Catalog
from generator.render import poster
from generator.render.layout import PosterSettings
from generator.render.pack_pages import render_front, render_pack
from generator.render.pack_plan import Kind, Member, PackPlan, plan_packs
from generator.render.painter import WRITER_VERSION

#: Bump when covers, index pages, field posters or stickers are drawn differently.
PACK_LAYOUT_VERSION = "3"


#: What writes a pack's files from its pages: a cache entry by another writer is redrawn.
WRITER = f"pdf {WRITER_VERSION}, preview {PREVIEW_VERSION}"


MANIFEST_NAME = "packs"
SUFFIXES = (".pdf", ".png")
#: Single posters, cut from the field packs, under the packs' cache folder.
POSTERS_DIR = "posters"


#: Below this many pages to draw, a process pool costs more than it saves.
POOL_PAGES = 80


#: Front-matter keys a field poster or a sticker prints of each member, besides its QR code
#: (its field is the section heading, already in the pack's fingerprint). Packs of posters
#: print whole posters, so they key on each poster's own fingerprint instead.
LISTED_KEYS: dict[Kind, tuple[str, ...]] = {
    "fields": ("code", "title", "fee"),
    "stickers": ("code", "title"),
}


@dataclass
class PackReport(RenderReport):
    """The artifact counters, by pack name, plus what the feed lists."""

    packs: list[PackInfo] = field(default_factory=list)


def pack_fingerprint(
    pack: PackPlan, fingerprints: Mapping[str, str], settings: PosterSettings
) -> str:
    """Changes when what the pack prints of a member (`fingerprints`, see `member_keys`), the
    member list, the pack's layout or settings change."""
    return digest(
        {
            "layout": [PACK_LAYOUT_VERSION, poster.LAYOUT_VERSION, repr(settings)],
            "pack": [pack.name, pack.kind, pack.title, pack.description],
            "sections": [[s.name, [[c, fingerprints[c]] for c in s.codes]] for s in pack.sections],
        }
    )


@dataclass(frozen=True)
class PackJob:
    pack: PackPlan
    fingerprint: str
    members: dict[str, Member]
    #: Whether the saved manifest already names the pack's files: they are then replaced,
    #: never written in place (see `generator.cache`).
    named: bool = False
    #: Whether the saved manifest has the pack at all: a field pack's single posters are
    #: then replaced. A fresh field pack trusts its posters by their names alone, but a
    #: poster belongs to one field pack (its name holds the field) and one that the manifest
    #: never held is drawn, so every poster it trusts was written by a build that finished.
    known: bool = False

    def write(self, cache_dir: Path, suffix: str, data: bytes) -> None:
        """Write one of the pack's files into the cache."""
        path = cached_file(cache_dir, self.pack.name, self.fingerprint, suffix)
        (atomic_write if self.named else write_new)(path, data)


def poster_file(cache_dir: Path, code: str, fingerprint: str) -> Path:
    """Where a procedure's single poster is cached: cut from its field pack."""
    return cached_file(cache_dir / POSTERS_DIR, code, fingerprint, ".pdf")


def render_pack_job(job: PackJob, settings: PosterSettings, cache_dir: Path) -> tuple[str, int]:
    """Draw one pack into the cache (PDF and preview), and for a field pack the single
    posters of its members; runs in a worker process."""
    pdf, pages = render_pack(job.pack, job.members, settings, job.fingerprint)
    job.write(cache_dir, ".pdf", pdf)
    job.write(cache_dir, ".png", preview_png(pdf))
    if job.pack.kind == "field":
        codes = job.pack.codes
        (cache_dir / POSTERS_DIR).mkdir(exist_ok=True)
        for code, single in zip(
            codes, split_posters(pdf, pages - len(codes), len(codes)), strict=True
        ):
            path = poster_file(cache_dir, code, job.members[code].fingerprint)
            (atomic_write if job.known else write_new)(path, single)
    return job.pack.name, pages


class PackCache(Manifest):
    """The manifest of one site's packs (PDF and preview), with each pack's page count and
    the writer of its files: a pack keeps its fingerprint, printed on it, when only the way
    its PDF or preview is written changes, so the writer is checked beside it."""

    def __init__(self, cache_dir: Path) -> None:
        super().__init__(cache_dir, MANIFEST_NAME, SUFFIXES)

    def is_fresh(self, key: str, fingerprint: str) -> bool:
        writer = self.entries.get(key, {}).get("writer")
        return writer == WRITER and super().is_fresh(key, fingerprint)

    def record(self, key: str, fingerprint: str, **details: object) -> None:
        super().record(key, fingerprint, writer=WRITER, **details)

    def files(self, name: str) -> tuple[Path, Path]:
        return self.file(name, ".pdf"), self.file(name, ".png")

    def pages(self, name: str) -> int:
        return int(self.entries[name]["pages"])


def poster_fingerprints(catalog: Catalog, settings: PosterSettings) -> dict[str, str]:
    """The fingerprint printed on each active procedure's poster."""
    return {p.code: poster.fingerprint(p, catalog.short_url(p), settings) for p in catalog.active}


def member_keys(store: QrStore, posters: Mapping[str, str]) -> dict[Kind, dict[str, str]]:
    """Per pack kind and member, a hash of just what that kind of pack prints of the member:
    its poster (fingerprint in `posters`) for packs of posters, only the listed keys for
    field posters and stickers; and for all, the very QR matrix cached by the artifact run."""
    printed: dict[Kind, tuple[str, ...] | None] = {"posters": None, "field": None, **LISTED_KEYS}
    keys: dict[Kind, dict[str, str]] = {kind: {} for kind in printed}
    for procedure in store.catalog.active:
        matrix = store.key(procedure)
        for kind, listed in printed.items():
            shown = (
                posters[procedure.code]
                if listed is None
                else procedure.meta.model_dump(mode="json", include=set(listed))
            )
            keys[kind][procedure.code] = digest([shown, matrix])
    return keys


def members_of(
    run: ArtifactRun | QrStore, codes: set[str], posters: Mapping[str, str] | None = None
) -> dict[str, Member]:
    """Members from a finished artifact run: cached fingerprints and matrices, no encoding.
    `posters`: the posters' fingerprints if already computed (`poster_fingerprints`)."""
    store = run if isinstance(run, QrStore) else run.store()
    settings = store.settings.poster
    catalog = store.catalog
    members = {}
    for code in sorted(codes):
        procedure = catalog.by_code[code]
        short_url = catalog.short_url(procedure)
        members[code] = Member(
            procedure=procedure,
            short_url=short_url,
            fingerprint=posters[code]
            if posters is not None
            else poster.fingerprint(procedure, short_url, settings),
            matrix=store.matrix_of(procedure),
        )
    return members


def field_packs_for(pack: PackPlan, plans: list[PackPlan]) -> list[PackPlan] | None:
    """The field packs whose posters are, in order, all of `pack`'s posters (None if any
    section has no such pack), so `pack` can be assembled instead of drawn."""
    if pack.kind != "posters":
        return None
    by_section = {plan.sections[0]: plan for plan in plans if plan.kind == "field"}
    parts = [by_section.get(section) for section in pack.sections]
    return None if any(part is None for part in parts) else parts  # type: ignore[return-value]


def assemble_pack(
    job: PackJob, parts: list[tuple[Path, int]], settings: PosterSettings, cache_dir: Path
) -> tuple[str, int]:
    """Draw a posters pack's cover and index, then copy in the poster pages of field packs
    already in the cache (`(pdf, pages to skip)`): a one-procedure edit redraws one field
    pack, not every poster of the catalogue again."""
    front = render_front(job.pack, job.members, settings, job.fingerprint)
    pdf, pages = append_pages(front, parts)
    job.write(cache_dir, ".pdf", pdf)
    job.write(cache_dir, ".png", preview_png(front))
    return job.pack.name, pages


class PackRun:
    """Packs brought up to date in two steps, like `ArtifactRun`: `start` submits the drawing
    to a process pool, so it can overlap MkDocs rendering pages; `finish` collects it,
    assembles the whole pack, saves the manifest and copies the files.

    `run` must have finished (`run.wait()`), so fingerprints and matrices are in its manifest.
    """

    def __init__(
        self,
        run: ArtifactRun | QrStore,
        cache_dir: Path,
        plans: list[PackPlan] | None = None,
        posters: dict[str, str] | None = None,
    ) -> None:
        """`posters`: `poster_fingerprints` of the run's catalog, if already worked out."""
        store = run if isinstance(run, QrStore) else run.store()
        self.settings = settings = store.settings.poster
        self.cache_dir = cache_dir
        self.plans = plan_packs(store.catalog, settings) if plans is None else plans
        self.cache = PackCache(cache_dir)
        self.report = PackReport()
        self.posters = poster_fingerprints(store.catalog, settings) if posters is None else posters
        keys = member_keys(store, self.posters)
        needed: set[str] = set()
        keyed = [(pack, pack_fingerprint(pack, keys[pack.kind], settings)) for pack in self.plans]
        for pack, fp in keyed:
            if self.cache.is_fresh(pack.name, fp) and self._has_posters(pack):
                self.report.reused.append(pack.name)
            else:
                needed.update(pack.codes)
        members = members_of(store, needed, self.posters)
        self.stale = [
            PackJob(
                pack,
                fp,
                {c: members[c] for c in pack.codes},
                named=self.cache.names(pack.name, fp),
                known=pack.name in self.cache.entries,
            )
            for pack, fp in keyed
            if pack.name not in self.report.reused
        ]
        for job in self.stale:
            self.cache.record(job.pack.name, job.fingerprint, pages=0)
        self.assembled = {
            job.pack.name: parts
            for job in self.stale
            if (parts := field_packs_for(job.pack, self.plans)) is not None
        }
        drawn = [job for job in self.stale if job.pack.name not in self.assembled]
        self.drawn = sorted(drawn, key=lambda job: -job.pack.pages)
        self._pool: WorkerPool | None = None
        self._own_pool: WorkerPool | None = None
        self._futures: list[Future[tuple[str, int]]] = []
        self._completed = False

    def _has_posters(self, pack: PackPlan) -> bool:
        """Whether the single posters a field pack is cut into are all in the cache."""
        if pack.kind != "field":
            return True
        return all(
            poster_file(self.cache_dir, code, self.posters[code]).exists() for code in pack.codes
        )

    def start(self, pool: WorkerPool | None = None) -> PackRun:
        """Submit the drawing to `pool`, or to a pool of every core when there is enough to
        draw; without either, `complete` draws in this process."""
        pages = sum(job.pack.pages for job in self.drawn)
        if pool is None and len(self.drawn) >= 2 and pages >= POOL_PAGES:
            pool = self._own_pool = WorkerPool(min(os.cpu_count() or 1, len(self.drawn)))
        if pool is not None:
            self._pool = pool
            self._futures = [
                pool.submit(render_pack_job, job, self.settings, self.cache_dir)
                for job in self.drawn
            ]
        return self

    def complete(self) -> None:
        """Wait for the drawing, assemble the whole pack (on the pool if there is one) and
        save the manifest; `finish` calls it if nobody did."""
        if self._completed:
            return
        try:
            if self._futures:
                results = [future.result() for future in self._futures]
            else:
                results = [render_pack_job(j, self.settings, self.cache_dir) for j in self.drawn]
            cache, report = self.cache, self.report
            for name, pages in results:
                cache.entries[name]["pages"] = pages
                report.rendered.append(name)
            assembling = []
            for job in self.stale:
                if job.pack.name in self.assembled:
                    parts = [
                        (cache.files(part.name)[0], cache.pages(part.name) - len(part.codes))
                        for part in self.assembled[job.pack.name]
                    ]
                    args = (job, parts, self.settings, self.cache_dir)
                    if self._pool is not None:
                        assembling.append(self._pool.submit(assemble_pack, *args))
                    else:
                        assembling.append(_done(assemble_pack(*args)))
            for future in assembling:
                name, pages = future.result()
                cache.entries[name]["pages"] = pages
                report.rendered.append(name)
            cache.save({pack.name for pack in self.plans})
            live = {poster_file(self.cache_dir, code, fp) for code, fp in self.posters.items()}
            for path in (self.cache_dir / POSTERS_DIR).glob("*.pdf"):
                if path not in live:
                    path.unlink(missing_ok=True)
        finally:
            self.cancel()
        self._completed = True

    def finish(self, dest_dir: Path | None = None) -> PackReport:
        """Complete, then copy every pack and its preview, and every single poster, to
        `dest_dir`."""
        self.complete()
        report = self.report
        for pack in self.plans:
            report.packs.append(
                PackInfo(name=pack.name, path=pack.path, pages=self.cache.pages(pack.name))
            )
            if dest_dir is not None:
                pdf_path, png_path = self.cache.files(pack.name)
                link_or_copy(pdf_path, dest_dir / pack.filename)
                link_or_copy(png_path, dest_dir / Path(pack.preview).name)
        if dest_dir is not None:
            for code, fingerprint in self.posters.items():
                single = dest_dir / Path(urls.poster_path(code)).name
                link_or_copy(poster_file(self.cache_dir, code, fingerprint), single)
        return report

    def cancel(self) -> None:
        for future in self._futures:
            future.cancel()
        self._pool = None
        if self._own_pool is not None:
            self._own_pool.shutdown()
            self._own_pool = None


def _done(result: tuple[str, int]) -> Future[tuple[str, int]]:
    future: Future[tuple[str, int]] = Future()
    future.set_result(result)
    return future


def build_packs(run: ArtifactRun, cache_dir: Path, dest_dir: Path | None = None) -> PackReport:
    """Bring every pack up to date in the cache and copy it (and its preview) to `dest_dir`.

    `run` must have finished (`run.wait()`), so fingerprints and matrices are in its manifest.
    """
    return PackRun(run, cache_dir).start().finish(dest_dir)


class PacksAfterArtifacts:
    """Packs drawn on a pool (the artifact run's, after a cold start) as soon as the QR codes
    they print are drawn.

    A thread waits for the run, plans the packs and submits them, so on a cold build pack
    drawing follows poster drawing on the pool while MkDocs is still rendering pages, instead
    of starting once the last page is written. The thread only submits work; it owns the pool
    from then on and shuts it down.
    """

    def __init__(
        self,
        run: ArtifactRun,
        cache_dir: Path,
        pool: WorkerPool,
        packs: PackRun | None = None,
        plans: list[PackPlan] | None = None,
    ) -> None:
        self.run = run
        self.cache_dir = cache_dir
        self.pool = pool
        self.packs = packs
        self.plans = plans
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._draw, name="packs", daemon=True)

    def start(self) -> PacksAfterArtifacts:
        self.thread.start()
        return self

    def _draw(self) -> None:
        try:
            posters = None
            if self.packs is None:  # what needs no matrix is worked out while workers draw
                posters = poster_fingerprints(self.run.catalog, self.run.settings.poster)
            self.run.wait()
            if self.packs is None:
                self.packs = PackRun(self.run.store(), self.cache_dir, self.plans, posters)
            self.packs.start(self.pool).complete()
        except BaseException as exc:  # re-raised in the main thread by `finish`
            self.error = exc

    def finish(self, dest_dir: Path | None = None) -> PackReport:
        if self.thread.is_alive() or self.thread.ident is not None:
            self.thread.join()
        try:
            if self.error is not None:
                raise self.error
            assert self.packs is not None
            return self.packs.finish(dest_dir)
        finally:
            self.pool.shutdown()

    def cancel(self) -> None:
        self.run.cancel()
        self.pool.shutdown()  # cancels what is queued, so the thread ends soon
        if self.thread.ident is not None:
            self.thread.join()
        if self.packs is not None:
            self.packs.cancel()
