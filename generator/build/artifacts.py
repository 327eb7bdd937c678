"""Per-procedure files (QR SVG, QR PNG, link preview), cached by fingerprint and drawn in
parallel. Single posters are cut from the field packs that draw them (`pack.py`).

As in mkdocs-material's social plugin, a manifest under `.cache/` maps each procedure to the
fingerprint of everything its files depend on, so a rebuild redraws only what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from generator import qr, urls
from generator.build.pool import WorkerPool, workers_for
from generator.build.progress import progress_bar
from generator.content.catalog import Catalog
from generator.content.procedure import Procedure
from generator.render import poster, preview

MANIFEST_NAME = "manifest.json"
#: Bump when the QR drawing code changes, so cached files are redrawn.
QR_LAYOUT_VERSION = "1"
#: Below this many jobs a process pool costs more than it saves.
POOL_THRESHOLD = 24
CHUNK = 32
#: The link preview image (`preview.py`), next to the QR files in the cache.
SOCIAL_SUFFIX = "social.png"


@dataclass(frozen=True)
class Settings:
    site_url: str
    poster: poster.PosterSettings
    png_scale: int = 10


@dataclass(frozen=True)
class Job:
    procedure: Procedure
    payload: str
    fingerprint: str


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
    """A short hash of all a procedure's QR files and preview depend on (the poster settings
    hold the office name the preview prints); broader than needed, but an edit still redraws
    only that procedure's files."""
    content = {
        "meta": procedure.meta.model_dump(mode="json"),
        "payload": payload,
        "poster": [poster.LAYOUT_VERSION, repr(settings.poster)],
        "qr": [QR_LAYOUT_VERSION, settings.png_scale],
        "social": preview.LAYOUT_VERSION,
    }
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:10]


def output_name(code: str, fingerprint: str, suffix: str) -> str:
    return f"{code}-{fingerprint}.{suffix}"


def render_job(job: Job, settings: Settings, cache_dir: Path) -> Rendered:
    """Encode the QR once and draw every file from that one matrix."""
    procedure = job.procedure
    matrix = qr.make_matrix(job.payload)
    code, fp = procedure.code, job.fingerprint
    (cache_dir / output_name(code, fp, "svg")).write_text(
        qr.to_svg(matrix, title=procedure.title), encoding="utf-8"
    )
    (cache_dir / output_name(code, fp, "png")).write_bytes(qr.to_png(matrix, settings.png_scale))
    image = preview.procedure_preview_png(
        procedure.title, code, procedure.field, matrix, settings.poster.office_name
    )
    (cache_dir / output_name(code, fp, SOCIAL_SUFFIX)).write_bytes(image)
    return Rendered(code=code, fingerprint=fp, version=matrix.version, matrix=qr.to_hex(matrix))


def _render_chunk(jobs: list[Job], settings: Settings, cache_dir: Path) -> list[Rendered]:
    return [render_job(job, settings, cache_dir) for job in jobs]


class ArtifactCache:
    """The manifest and the cached files of one site."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.manifest_path = cache_dir / MANIFEST_NAME
        self.entries: dict[str, dict[str, object]] = {}
        if self.manifest_path.exists():
            try:
                self.entries = json.loads(self.manifest_path.read_text(encoding="utf-8"))[
                    "procedures"
                ]
            except (ValueError, KeyError, TypeError):
                self.entries = {}

    def is_fresh(self, job: Job) -> bool:
        entry = self.entries.get(job.procedure.code)
        if not entry or entry.get("fingerprint") != job.fingerprint:
            return False
        suffixes = ("svg", "png", SOCIAL_SUFFIX)
        return all(
            (self.cache_dir / output_name(job.procedure.code, job.fingerprint, s)).exists()
            for s in suffixes
        )

    def record(self, rendered: Rendered) -> None:
        self.entries[rendered.code] = {
            "fingerprint": rendered.fingerprint,
            "version": rendered.version,
            "matrix": rendered.matrix,
        }

    def matrix(self, code: str, payload: str) -> qr.QrMatrix:
        entry = self.entries[code]
        return qr.from_hex(payload, int(entry["version"]), str(entry["matrix"]))  # type: ignore[call-overload]

    def save(self, keep: Iterable[str]) -> None:
        """Write the manifest and delete files of procedures or fingerprints no longer used."""
        keep = set(keep)
        self.entries = {code: e for code, e in sorted(self.entries.items()) if code in keep}
        live = {f"{code}-{entry['fingerprint']}" for code, entry in self.entries.items()}
        for path in self.cache_dir.glob("*-*.*"):
            stem = path.stem.removesuffix(".social")  # `<code>-<fp>.social.png`
            if path.suffix in (".svg", ".png", ".pdf") and stem not in live:
                path.unlink(missing_ok=True)
        tmp = self.manifest_path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps({"procedures": self.entries}, ensure_ascii=False), encoding="utf-8"
        )
        os.replace(tmp, self.manifest_path)


class ArtifactRun:
    """One build's rendering: started early (on_files), collected late (on_post_build)."""

    def __init__(self, catalog: Catalog, settings: Settings, cache_dir: Path) -> None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.catalog = catalog
        self.settings = settings
        self.cache = ArtifactCache(cache_dir)
        self.report = RenderReport()
        self.jobs: list[Job] = []
        for procedure in catalog:
            payload = catalog.short_url(procedure)
            job = Job(procedure, payload, fingerprint(procedure, payload, settings))
            if self.cache.is_fresh(job):
                self.report.reused.append(procedure.code)
            else:
                self.jobs.append(job)
        self._futures: list[Future[list[Rendered]]] = []
        self._pool: WorkerPool | None = None
        self._lock = threading.Lock()
        self._done = False

    @property
    def pooled(self) -> bool:
        """Whether drawing runs on a process pool, so waiting for it now would stall a build."""
        return bool(self._futures)

    def start(self) -> ArtifactRun:
        if len(self.jobs) >= POOL_THRESHOLD:
            self._pool = WorkerPool(workers_for(len(self.jobs), CHUNK))
            for index in range(0, len(self.jobs), CHUNK):
                chunk = self.jobs[index : index + CHUNK]
                self._futures.append(
                    self._pool.submit(_render_chunk, chunk, self.settings, self.cache.cache_dir)
                )
        return self

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
        results: list[Rendered] = []
        with progress_bar(len(self.jobs), "QR codes and posters") as bar:
            try:
                if not self._futures:
                    for job in self.jobs:
                        results.append(render_job(job, self.settings, self.cache.cache_dir))
                        bar.update()
                else:
                    for future in self._futures:
                        chunk = future.result()
                        results.extend(chunk)
                        bar.update(len(chunk))
            finally:
                self.cancel()
        for rendered in results:
            self.cache.record(rendered)
            self.report.rendered.append(rendered.code)
        self.cache.save(p.code for p in self.catalog)

    def cancel(self) -> None:
        for future in self._futures:
            future.cancel()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def fingerprint_of(self, procedure: Procedure) -> str:
        return str(self.cache.entries[procedure.code]["fingerprint"])

    def matrix_of(self, procedure: Procedure) -> qr.QrMatrix:
        return self.cache.matrix(procedure.code, self.catalog.short_url(procedure))

    def max_version(self) -> int:
        return max((int(e["version"]) for e in self.cache.entries.values()), default=0)  # type: ignore[call-overload]

    def publish(self, site_dir: Path) -> None:
        """Hard-link (or copy) the cached files into the site under their public names."""
        for procedure in self.catalog:
            fp = self.fingerprint_of(procedure)
            targets = {"svg": urls.qr_paths(procedure.code)["svg"]}
            targets["png"] = urls.qr_paths(procedure.code)["png"]
            targets[SOCIAL_SUFFIX] = preview.social_path(procedure.code)
            for suffix, relative in targets.items():
                link_or_copy(
                    self.cache.cache_dir / output_name(procedure.code, fp, suffix),
                    site_dir / relative,
                )


def link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
