"""What a staff command acts on: the site's own posters, or one office's (`--office CODE`).

An office's posters, packs and printings are the v1 ones run on that office's catalog, with
its own cache folders and its own `content/printings-<OFFICE>.yml`, so staff of one office
never see or reprint another office's posters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import urls
from generator.build.artifacts import ArtifactRun, Settings
from generator.build.notices import NoticeState
from generator.build.offices import office_settings
from generator.build.project import Project
from generator.content.catalog import Catalog
from generator.content.office_catalog import office_catalog
from generator.content.printings import printings_path
from generator.i18n import _
from generator.mkdocs.config import load_project


class UnknownOffice(ValueError):
    """`--office` names no active office of `content/offices.yml`."""


@dataclass
class Scope:
    project: Project
    catalog: Catalog
    settings: Settings
    cache_dir: Path
    printings: Path
    #: Where this scope's posters go in a site: `posters/`, or `posters/<OFFICE>/`.
    poster_dir: str
    #: Every procedure of the site, for an office's posters of procedures it no longer handles.
    site_catalog: Catalog
    #: notices (v3): the change record, for `reprint`'s reasons.
    notices: NoticeState

    def start_artifacts(self) -> ArtifactRun:
        return ArtifactRun(self.catalog, self.settings, self.cache_dir / "artifacts").start()


def printings_of(content_dir: Path, office: str) -> Path:
    return content_dir / f"printings-{office.upper()}.yml"


def load_scope(config: str | Path, office: str | None) -> Scope:
    """The site's scope, or that of the active office `office` (any case)."""
    project = load_project(config)
    checked = project.load()
    catalog, offices = checked.catalog, checked.offices
    if office is None:
        return Scope(
            project,
            catalog,
            project.settings(),
            project.cache_dir,
            printings_path(project.content_dir),
            urls.POSTER_DIR + "/",
            catalog,
            checked.notices,
        )
    found = offices.by_code.get(office.upper())
    if found is None or found.retired:
        codes = ", ".join(o.code for o in offices.active) or _("none: no offices.yml")
        raise UnknownOffice(
            _("no active office has code {code}; active offices: {codes}").format(
                code=repr(office), codes=codes
            )
        )
    return Scope(
        project,
        office_catalog(catalog, found),
        office_settings(project, found),
        project.cache_dir / "offices" / found.code,
        printings_of(project.content_dir, found.code),
        urls.office_pack_dir(found.code),
        catalog,
        checked.notices,
    )
