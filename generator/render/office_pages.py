"""The offices' own pages (contract v2), lean static HTML rendered with Jinja2 and autoescape:
the page a scan opens (`P/<CODE>/<OFFICE>/`), each office's page (`don-vi/<OFFICE>/`) and the
notices behind short URLs of a closed office. One request each, no JavaScript, relative links
only (the site works from a folder), and no MkDocs page per pair: a province has 30,000.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import jinja2

from generator import urls
from generator.build.cache import atomic_write
from generator.content import labels
from generator.content.catalog import Catalog
from generator.content.collation import sort_key
from generator.content.office_catalog import OfficeCatalog, serving
from generator.content.offices import Office, Offices
from generator.content.procedure import Procedure

#: Beyond this many, a scan page links to the generic page's list of offices instead.
MAX_OTHERS_LISTED = 8


class Outputs(Protocol):
    """What `build.offices` made for one office: its catalog and its packs."""

    catalog: OfficeCatalog
    packs: list[Any]


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def _base(path: str) -> str:
    return urls.relative(path, "")


def _write(site: Path, path: str, html: str) -> None:
    target = site / path / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, html)


class OfficePages:
    """Every office page of a build, from the site's catalog and each office's outputs."""

    def __init__(self, catalog: Catalog, offices: Offices, outputs: Mapping[str, Outputs]) -> None:
        self.catalog = catalog
        self.offices = offices
        self.outputs = outputs
        env = environment()
        self.pair_template = env.get_template("office-pair.html")
        self.office_template = env.get_template("office-page.html")
        self.notice_template = env.get_template("office-notice.html")
        self.index_template = env.get_template("office-index.html")
        self.serving = serving(catalog, offices)

    def write(self, site: Path, mine: set[str] | None = None) -> None:
        """Every page of the offices in `mine` (all by default), and the index of offices."""
        for office in self.offices:
            if mine is not None and office.code not in mine:
                continue
            if office.retired:
                self._write_retired(site, office)
                continue
            output = self.outputs[office.code]
            for procedure in output.catalog:
                path = urls.office_short_path(procedure.code, office.code)
                _write(site, path, self.pair(office, procedure, path))
            path = urls.office_path(office.code)
            _write(site, path, self.office_page(office, output, path))
        path = urls.OFFICE_DIR + "/"
        offices = sorted(self.offices, key=lambda o: sort_key(o.name))
        html = self.index_template.render(base=_base(path), offices=offices, canonical=None)
        _write(site, path, html)

    def pair(self, office: Office, procedure: Procedure, path: str) -> str:
        """The procedure as `office` serves it, or a notice for a retired procedure."""
        base = _base(path)
        if procedure.retired:
            return self.notice(
                base,
                "../",
                procedure.title,
                f"Thủ tục {procedure.code} không còn áp dụng. Đang chuyển đến thông tin mới:",
            )
        others = [
            {"name": o.name, "href": f"../{o.code}/"}
            for o in self.serving[procedure.code]
            if o.code != office.code
        ]
        guide = base + urls.procedure_path(procedure.slug)
        return self.pair_template.render(
            base=base,
            canonical=self.catalog.url(procedure),
            p=procedure,
            m=procedure.meta,
            office=office,
            office_href=base + urls.office_path(office.code),
            facts=labels.FACT_LABELS,
            guide=guide,
            # A province's other offices are listed on the generic page; a long list here
            # would make every scan page, 30,000 of them, several times heavier.
            others=others if len(others) <= MAX_OTHERS_LISTED else [],
            others_count=len(others),
            others_href=guide + "#noi-giai-quyet",
        )

    def office_page(self, office: Office, output: Outputs, path: str) -> str:
        groups: dict[str, list[Procedure]] = {}
        for procedure in output.catalog.active:
            groups.setdefault(procedure.field, []).append(procedure)
        fields = [
            (name, sorted(items, key=lambda p: sort_key(p.title)))
            for name, items in sorted(groups.items(), key=lambda item: sort_key(item[0]))
        ]
        base = _base(path)
        return self.office_template.render(
            base=base,
            canonical=self.catalog.site_url + path,
            office=office,
            office_href="./",
            fields=fields,
            packs=output.packs,
        )

    def notice(self, base: str, target: str, title: str, note: str) -> str:
        return self.notice_template.render(
            base=base, target=target, title=title, note=note, canonical=None
        )

    def _write_retired(self, site: Path, office: Office) -> None:
        """A closed office's short URLs and page keep working and say where to go."""
        landing = self.offices.landing(office)
        moved = landing is not office and not landing.retired
        where = landing.name if moved else "bộ phận một cửa gần nhất"
        note = f"{office.name} đã ngừng tiếp nhận hồ sơ. Vui lòng đến {where}."
        path = urls.office_path(office.code)
        target = _base(path) + (urls.office_path(landing.code) if moved else "")
        _write(site, path, self.notice(_base(path), target, where, note))
        active = {p.code for p in self.catalog.active}
        for procedure in self.catalog:
            if not office.handles(procedure.code, active):
                continue
            path = urls.office_short_path(procedure.code, office.code)
            base = _base(path)
            if moved and landing.handles(procedure.code, active):
                target = f"../{landing.code}/"
            else:
                target = "../"  # the procedure's own short URL
            _write(site, path, self.notice(base, target, procedure.title, note))
