"""A site project: content, register, cache and settings, with the build steps the CLI and
the MkDocs plugin share. Nothing here imports MkDocs."""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build import notices as notice_build
from generator.build import offices as office_build
from generator.content import changes, notice_register, office_register, register, synonyms
from generator.content.catalog import Catalog
from generator.content.loader import LoadResult, ParseWatcher, load_procedures
from generator.content.office_list import Offices
from generator.content.parsed import NAME as PARSED_NAME
from generator.content.parsed import ParsedFiles
from generator.content.procedure import ContentError, ContentErrors
from generator.i18n import _

if TYPE_CHECKING:  # the drawing machinery is imported by the methods that build, not by check
    from generator.build.artifacts import ArtifactRun, Settings
    from generator.build.early import EarlyDrawing
    from generator.build.packs import PackReport, PackRun, PacksAfterArtifacts
    from generator.build.titles import TitleIndex
    from generator.render.pack_plan import PackPlan

log = logging.getLogger("thutuc")


@dataclass(frozen=True)
class CheckedContent:
    """What `Project.check` read, handed to whoever needs it: the project itself keeps only
    settings and paths, so a second check (a `serve` rebuild) cannot leave stale state."""

    #: Every problem found, and the procedures that loaded.
    result: LoadResult
    catalog: Catalog
    #: `content/offices.yml` (v2); empty for a one-office (v1) site.
    offices: Offices
    #: Notices and changes (v3).
    notices: notice_build.NoticeState


@dataclass
class Project:
    """A project's settings and paths; what its content holds comes from `check`/`load`."""

    root: Path
    content_dir: Path
    cache_dir: Path
    site_url: str
    office: dict[str, str] = field(default_factory=dict)
    poster_size: str = "A4"

    @property
    def register_path(self) -> Path:
        return register.register_path(self.content_dir)

    def display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def check(self, watcher: ParseWatcher | None = None) -> CheckedContent:
        """Validate everything without building: content, cross-file rules, the register.
        `watcher` hears of each procedure file as it is read (a build draws meanwhile)."""
        parsed = ParsedFiles(self.cache_dir / PARSED_NAME)
        result = load_procedures(self.content_dir, self.root, self.site_url, parsed, watcher)
        parsed.save()
        result.problems += register.check_register(
            self.register_path, self.display(self.register_path), result
        )
        result.problems.extend(self.read_synonyms()[1])
        # offices (v2): empty without the file
        offices = office_build.check(self.content_dir, self.site_url, self.display, result)
        catalog = Catalog(self.site_url, result.procedures)
        notices = notice_build.check(  # notices (v3)
            self.content_dir, self.display, result, catalog, offices, cache_dir=self.cache_dir
        )
        return CheckedContent(result, catalog, offices, notices)

    def read_synonyms(self) -> tuple[list[list[str]], list[ContentError]]:
        """The synonym groups search expands queries with, and any problems in their file."""
        path = synonyms.synonyms_path(self.content_dir)
        return synonyms.read_synonyms(path, self.display(path))

    def title_index(self, catalog: Catalog) -> TitleIndex:
        """The search box's index of titles, fields, codes, keywords and synonyms."""
        from generator.build.titles import TitleIndex

        return TitleIndex(catalog, self.read_synonyms()[0])

    def load(self, watcher: ParseWatcher | None = None) -> CheckedContent:
        """The checked content, or ContentErrors naming every problem; warnings are logged."""
        checked = self.check(watcher)
        for warning in checked.result.warnings:
            log.warning(str(warning))
        if checked.result.errors:
            raise ContentErrors(checked.result.errors)
        return checked

    def settings(self) -> Settings:
        from generator.build.artifacts import Settings
        from generator.render.layout import PosterSettings

        return Settings(
            site_url=self.site_url,
            poster=PosterSettings(office_name=self.office.get("name", ""), size=self.poster_size),
        )

    @property
    def artifacts_dir(self) -> Path:
        return self.cache_dir / "artifacts"

    def start_artifacts(
        self, catalog: Catalog, early: EarlyDrawing | None = None, *, at_once: int | None = None
    ) -> ArtifactRun:
        """Draw what the cache lacks; `early`: what was submitted while the content was read,
        adopted where the checked catalog holds the same procedure; `at_once`: see `pool`."""
        from generator.build.artifacts import ArtifactRun

        taken = early.take() if early is not None else None
        run = ArtifactRun(catalog, self.settings(), self.artifacts_dir, taken)
        return run.start(at_once=at_once)

    def start_packs(
        self, run: ArtifactRun, plans: list[PackPlan] | None = None
    ) -> PackRun | PacksAfterArtifacts:
        """Start bringing the packs up to date, to overlap MkDocs rendering pages: now if the
        QR codes and posters are (nearly) all cached, else as soon as the pool has drawn them.
        `plans`: the packs as already planned for this catalog, so they are planned once."""
        from generator.build.packs import PackRun, PacksAfterArtifacts
        from generator.build.pool import WorkerPool

        pool = run.take_pool()
        if pool is not None:
            return PacksAfterArtifacts(run, self.cache_dir / "packs", pool, plans=plans).start()
        run.wait()
        packs = PackRun(run.store(), self.cache_dir / "packs", plans)
        if not packs.stale:
            return packs
        # After an edit: even one field pack and the whole pack's assembly are worth a worker,
        # so they are done while MkDocs renders pages rather than after.
        pool = WorkerPool(min(os.cpu_count() or 1, max(1, len(packs.drawn))))
        return PacksAfterArtifacts(run, self.cache_dir / "packs", pool, packs).start()

    def build_packs(
        self,
        run: ArtifactRun,
        dest_dir: Path | None,
        started: PackRun | PacksAfterArtifacts | None = None,
    ) -> PackReport:
        """Poster packs from a finished run's cached matrices; only changed packs are redrawn."""
        from generator.build.packs import PackRun

        packs = started or PackRun(run.store(), self.cache_dir / "packs").start()
        report = packs.finish(dest_dir)
        log.info(
            _("Poster packs: %d drawn, %d reused from cache"),
            len(report.rendered),
            len(report.reused),
        )
        return report

    def office_inputs(self, offices: Offices) -> office_build.OfficeInputs:
        """What the offices' outputs are made from: `offices` as `check` read them."""
        return office_build.OfficeInputs(self.site_url, self.poster_size, self.cache_dir, offices)

    def content_fingerprint(self) -> str:
        """What a shard was built from: every content file but the registers the build
        writes, and the settings; `merge` refuses shards whose fingerprints differ."""
        written = {
            self.register_path,
            office_register.office_register_path(self.content_dir),
            # notices (v3): the notice register and the change record, written by each build
            notice_register.notice_register_path(self.content_dir),
            changes.changes_path(self.content_dir),
            changes.snapshot_path(self.content_dir),
        }
        from generator.build import shards

        settings = [self.site_url, self.office, self.poster_size]
        return shards.content_fingerprint(self.content_dir, settings, written)

    def record_issued_codes(
        self, catalog: Catalog, offices: Offices, today: dt.date | None = None
    ) -> bool:
        office_register.record_office_codes(self.content_dir, offices, today)
        return register.record(self.register_path, self.display(self.register_path), catalog, today)


__all__ = ["CheckedContent", "ContentError", "ContentErrors", "Project"]
