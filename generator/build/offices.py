"""Offices (contract v2): one office's QR codes, posters and packs are the v1 machinery run on
that office's catalog (`OfficeCatalog`), cached per office under `.cache/offices/<CODE>/`, so an
office's new hotline redraws that office's outputs and nothing else.

Without `content/offices.yml` nothing here runs, and a v1 site is built exactly as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from generator import urls
from generator.build import shards
from generator.build.feed import OfficeFeed, PackInfo
from generator.cache import link_or_copy
from generator.content import office_register, restated
from generator.content.catalog import Catalog
from generator.content.collation import sort_key
from generator.content.loader import LoadResult
from generator.content.office_catalog import (
    OfficeCatalog,
    office_catalog,
    serving,
)
from generator.content.office_list import Office, Offices
from generator.content.procedure import ContentError
from generator.i18n import _

if TYPE_CHECKING:  # drawing is imported by the functions that build, so a check stays light
    from generator.build.artifacts import Settings
    from generator.render.pack_plan import PackPlan

log = logging.getLogger("thutuc")
#: The largest QR version a printed code may need (contract: at most 4 at level Q).
MAX_QR_VERSION = 4


class PosterSource(Protocol):
    """Where an office's poster settings come from (a project, or `OfficeInputs`)."""

    @property
    def site_url(self) -> str: ...

    @property
    def poster_size(self) -> str: ...


@dataclass(frozen=True)
class OfficeInputs:
    """What the offices' outputs are made from: nothing else of the project."""

    site_url: str
    poster_size: str
    cache_dir: Path
    offices: Offices


def check(
    content_dir: Path, site_url: str, display: Callable[[Path], str], result: LoadResult
) -> Offices:
    """`offices.yml` and the office register against the loaded procedures, and every pair's
    QR code within version 4; problems are added to `result`."""
    offices = office_register.check_offices(content_dir, result, display)
    if len(offices):  # every office's details must fit its poster
        from generator.render import address_fit

        result.problems.extend(
            address_fit.address_problems(offices, display(content_dir / "offices.yml"))
        )
    if len(offices) and not result.errors:
        shown = display(content_dir / "offices.yml")
        catalog = Catalog("/", result.procedures)
        result.problems.extend(qr_fit(site_url, offices, catalog, shown))
        result.problems.extend(restated.office_warnings(result.procedures, offices))
    return offices


def qr_fit(site_url: str, offices: Offices, catalog: Catalog, display: str) -> list[ContentError]:
    """One encoding per office, with the longest code it handles: the version only grows
    with the payload, so if that one fits, all of its pairs fit."""
    from generator import qr

    problems = []
    for office in offices.active:
        handled = office_catalog(catalog, office).procedures
        if not handled:
            continue
        longest = max(handled, key=lambda p: (len(p.code), p.code))
        payload = urls.office_short_url(site_url, longest.code, office.code)
        version = qr.make_matrix(payload).version
        if version > MAX_QR_VERSION:
            problems.append(
                ContentError(
                    display,
                    _(
                        "with procedure '{code}' the QR code of '{payload}' needs version "
                        "{version} (at most {limit}): use a shorter office code"
                    ).format(
                        code=longest.code, payload=payload, version=version, limit=MAX_QR_VERSION
                    ),
                    line=office.line,
                    field="code",
                )
            )
    return problems


def office_settings(source: PosterSource, office: Office) -> Settings:
    from generator.build.artifacts import Settings
    from generator.render.office_poster import OfficePosterSettings

    poster = OfficePosterSettings(
        office_name=office.name,
        size=source.poster_size,
        address=office.address,
        hours=office.hours,
        hotline=office.hotline,
    )
    return Settings(site_url=source.site_url, poster=poster, previews=False)


@dataclass(frozen=True)
class OfficePlan:
    """One active office's catalog and packs, planned once per build (`plan_offices`): the
    staff page lists these packs, the office's run draws them, and another shard's office
    is listed in the feed with them."""

    office: Office
    catalog: OfficeCatalog
    packs: tuple[PackPlan, ...]


def plan_offices(inputs: OfficeInputs, catalog: Catalog) -> tuple[OfficePlan, ...]:
    """Every active office's plan, in `offices.yml` order; none for a v1 site."""
    from generator.render.pack_plan import plan_packs

    plans = []
    for office in inputs.offices.active:
        own = office_catalog(catalog, office)
        packs = plan_packs(own, office_settings(inputs, office).poster)
        plans.append(OfficePlan(office, own, tuple(packs)))
    return tuple(plans)


@dataclass
class OfficeOutputs:
    """What one office's run published: its catalog and its packs."""

    office: Office
    catalog: OfficeCatalog
    packs: list[PackInfo] = field(default_factory=list)


def build_office(inputs: OfficeInputs, plan: OfficePlan, site: Path) -> OfficeOutputs:
    """One active office's QR codes, posters and packs, drawn or reused from its cache."""
    from generator.build.artifacts import ArtifactRun
    from generator.build.packs import PackRun

    office, own = plan.office, plan.catalog
    cache = inputs.cache_dir / "offices" / office.code
    run = ArtifactRun(own, office_settings(inputs, office), cache / "artifacts").start()
    run.wait()
    for procedure in own:
        paths = urls.office_qr_paths(procedure.code, office.code)
        for suffix, relative in (("." + kind, path) for kind, path in paths.items()):
            link_or_copy(run.cache.file(procedure.code, suffix), site / relative)
    pack_dir = urls.office_pack_dir(office.code)
    packs_run = PackRun(run.store(), cache / "packs", list(plan.packs))
    report = packs_run.start().finish(site / pack_dir)
    packs = [PackInfo(p.name, pack_dir + Path(p.path).name, p.pages) for p in report.packs]
    log.info(
        _("Office %s: QR codes %d drawn, %d reused; packs %d drawn, %d reused"),
        office.code,
        len(run.report.rendered),
        len(run.report.reused),
        len(report.rendered),
        len(report.reused),
    )
    return OfficeOutputs(office, own, packs)


def publish_into(
    inputs: OfficeInputs,
    plans: tuple[OfficePlan, ...],
    catalog: Catalog,
    site: Path,
    bodies: Mapping[str, str] | None = None,
    shard: shards.Shard | None = None,
) -> OfficeFeed | None:
    """Every office's files and pages (with a `shard`, that share of them); the feed's
    office keys. None for a v1 site. `plans` are `plan_offices`'s; `bodies` are the
    procedure pages' HTML bodies, shown on the scan pages."""
    offices = inputs.offices
    if not len(offices):
        return None
    mine = {o.code for index, o in enumerate(offices) if shards.is_mine(index, shard)}
    outputs = [
        build_office(inputs, plan, site) if plan.office.code in mine else planned_office(plan)
        for plan in plans
    ]
    by_code = {o.office.code: o for o in outputs}
    from generator.render import office_pages

    pages = office_pages.OfficePages(catalog, offices, by_code, bodies)
    pages.write(site, mine)
    return office_feed(catalog, offices, outputs)


def planned_office(plan: OfficePlan) -> OfficeOutputs:
    """Another shard's office: its catalog and packs as planned, for the feed; nothing drawn."""
    pack_dir = urls.office_pack_dir(plan.office.code)
    packs = [PackInfo(p.name, pack_dir + p.filename, p.pages) for p in plan.packs]
    return OfficeOutputs(plan.office, plan.catalog, packs)


def office_feed(catalog: Catalog, offices: Offices, outputs: list[OfficeOutputs]) -> OfficeFeed:
    by_code = {o.office.code: o for o in outputs}
    listed: list[dict[str, Any]] = []
    for office in offices:
        entry: dict[str, Any] = {
            "code": office.code,
            "name": office.name,
            "url": catalog.site_url + urls.office_path(office.code),
            "status": office.status,
            "packs": [
                {"name": p.name, "path": p.path, "pages": p.pages}
                for p in (by_code[office.code].packs if office.code in by_code else [])
            ],
        }
        if office.replaced_by:
            entry["replaced_by"] = office.replaced_by
        listed.append(entry)
    pairs: dict[str, dict[str, Any]] = {}
    for output in outputs:
        code = output.office.code
        for procedure in output.catalog:
            pairs.setdefault(procedure.code, {})[code] = {
                "short_url": output.catalog.short_url(procedure),
                "qr": urls.office_qr_paths(procedure.code, code),
                "poster": None
                if procedure.retired
                else urls.office_poster_path(procedure.code, code),
            }
    return OfficeFeed(listed, pairs)


def offices_serving(all_offices: Offices, catalog: Catalog) -> Any:
    """For the generic procedure page: the offices serving a code, with their pair paths;
    computed once per build, not once per page."""
    by_code: dict[str, list[dict[str, str]]] = {}
    if len(all_offices):
        for code, offices in serving(catalog, all_offices).items():
            by_code[code] = [
                {"code": o.code, "name": o.name, "path": urls.office_short_path(code, o.code)}
                for o in offices
            ]

    def of(code: str) -> list[dict[str, str]]:
        return by_code.get(code, [])

    return of


def staff_listing(plans: tuple[OfficePlan, ...]) -> list[dict[str, Any]]:
    """For the staff page: each active office, its page and its packs (as planned by
    `plan_offices`, not drawn)."""
    listing = []
    for plan in sorted(plans, key=lambda p: sort_key(p.office.name)):
        office = plan.office
        pack_dir = urls.office_pack_dir(office.code)
        listing.append(
            {
                "code": office.code,
                "name": office.name,
                "path": urls.office_path(office.code),
                "packs": [
                    {"title": p.title, "path": pack_dir + p.filename, "pages": p.pages}
                    for p in plan.packs
                ],
            }
        )
    return listing
