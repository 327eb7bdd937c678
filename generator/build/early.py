"""Drawing that starts while the content is still being read.

On a cold build the pool used to sit idle while the main process parsed every procedure file
and ran the checks that span files (about a second at 1,000 procedures). Here each parsed
procedure's QR files and link preview are submitted as soon as a chunk of them is read, so
the other cores draw meanwhile.

Nothing drawn here is published on its own: it only goes into the artifact cache, under names
no saved manifest holds. `ArtifactRun.plan`, once the content has passed every check, adopts
a drawing only where the checked catalog holds the same code with the same fingerprint, and
draws the rest itself; the files of anything not adopted are deleted when the manifest is
saved, as after a cancelled build. A file with an error stops the submitting at once (the
build will fail); a build that fails later cancels what is queued. Below a chunk of stale
procedures nothing is imported or forked here, so small sites and warm builds start as before.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from generator import urls
from generator.content import tree
from generator.content.procedure import Procedure

if TYPE_CHECKING:  # the drawing modules load once a whole chunk is to be drawn
    from generator.build.artifacts import ArtifactCache, EarlyStart, Job, Rendered, Settings
    from generator.build.pool import WorkerPool


class EarlyDrawing:
    """A `loader.ParseWatcher` that submits drawing jobs to a pool of its own, which the
    artifact run takes over (`take`). `settings` is called once a chunk is to be drawn (it
    imports the drawing modules); `folder` is the artifact cache, `content_dir` the content.
    The constructor touches no file and starts nothing."""

    def __init__(self, settings: Callable[[], Settings], folder: Path, content_dir: Path) -> None:
        self.settings_of = settings
        self.folder = folder
        self.content_dir = content_dir
        self.settings: Settings | None = None
        #: The artifact manifest, read once the first chunk is full; the run reuses it.
        self.cache: ArtifactCache | None = None
        #: Per code, the fingerprint of the files a submitted job draws.
        self.submitted: dict[str, str] = {}
        self._seen: set[str] = set()
        self.futures: list[Future[list[Rendered]]] = []
        self.pool: WorkerPool | None = None
        self._read: list[Procedure] = []
        self._jobs: list[Job] = []
        self._stopped = False

    def parsed(self, procedure: Procedure | None, failed: bool) -> None:
        from generator.build.pool import CHUNK

        if failed:
            self.stop()
        if self._stopped or procedure is None:
            return
        self._read.append(procedure)
        if len(self._read) >= CHUNK:
            self._plan(self._read)
            self._read = []
            self._submit(whole_chunks=True)

    def loaded(self) -> None:
        """The last procedures read join the pool's queue, if there is a pool."""
        if self._stopped or self.pool is None:
            return
        self._plan(self._read)
        self._read = []
        self._submit(whole_chunks=False)

    def _plan(self, procedures: list[Procedure]) -> None:
        """Jobs for the procedures whose files the cache lacks, as `ArtifactRun.plan` makes."""
        from generator.build.artifacts import ArtifactCache, Job, fingerprint

        if self.cache is None:
            self.settings = self.settings_of()
            self.cache = ArtifactCache(self.folder)
        assert self.settings is not None
        site_url = urls.normalise_site_url(self.settings.site_url)
        for procedure in procedures:
            code = procedure.code
            payload = urls.short_url(site_url, code)
            drawn = fingerprint(procedure, payload, self.settings)
            if code in self._seen or self.cache.is_fresh(code, drawn):
                continue  # a duplicate code fails the build; a fresh one is reused
            self._seen.add(code)
            self._jobs.append(Job(procedure, payload, drawn, self.cache.names(code, drawn)))

    def _submit(self, *, whole_chunks: bool) -> None:
        from generator.build.artifacts import render_chunk
        from generator.build.pool import CHUNK, WorkerPool, beside_main, workers_for

        while self._jobs and (len(self._jobs) >= CHUNK or not whole_chunks):
            chunk, self._jobs = self._jobs[:CHUNK], self._jobs[CHUNK:]
            if self.pool is None:
                files = len(tree.procedure_files(self.content_dir))
                self.pool = WorkerPool(workers_for(files, CHUNK), at_once=beside_main())
            assert self.settings is not None
            self.futures.append(self.pool.submit(render_chunk, chunk, self.settings, self.folder))
            self.submitted.update((job.procedure.code, job.fingerprint) for job in chunk)

    def take(self) -> EarlyStart | None:
        """Hand the pool and what was submitted to it over to the artifact run (None: nothing
        was); nothing more is submitted here."""
        from generator.build.artifacts import EarlyStart

        self.stop()
        if self.pool is None or self.settings is None or self.cache is None:
            return None
        taken = EarlyStart(
            self.settings, self.folder, self.cache, self.pool, self.futures, self.submitted
        )
        self.pool, self.futures, self.submitted = None, [], {}
        return taken

    def stop(self) -> None:
        """Submit nothing more (what is queued stays, for `cancel` or the run to settle)."""
        self._stopped = True
        self._read, self._jobs = [], []

    def cancel(self) -> None:
        """Drop what is queued and wait for the workers to exit; safe to call again."""
        self.stop()
        for future in self.futures:
            future.cancel()
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
