"""The offices' own pages (contract v2), lean static HTML rendered with Jinja2 and autoescape:
the page a scan opens (`P/<CODE>/<OFFICE>/`), each office's page (`don-vi/<OFFICE>/`) and the
notices behind the short URLs of pairs no longer served: a closed office, a retired procedure,
a procedure the office does not handle. One request each, no JavaScript, relative links only
(the site works from a folder), and no MkDocs page per pair: a province has 30,000.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import jinja2
import markupsafe

from generator import urls
from generator.cache import write_file
from generator.content import facts
from generator.content.catalog import Catalog
from generator.content.collation import sort_key
from generator.content.office_catalog import OfficeCatalog, serving
from generator.content.office_list import Office, Offices
from generator.content.procedure import Procedure
from generator.render.office_body import mark_restated

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
    write_file(site / path / "index.html", html)


class OfficePages:
    """Every office page of a build, from the site's catalog and each office's outputs."""

    def __init__(
        self,
        catalog: Catalog,
        offices: Offices,
        outputs: Mapping[str, Outputs],
        bodies: Mapping[str, str] | None = None,
    ) -> None:
        self.catalog = catalog
        #: Per procedure code, the HTML body of its page (its steps, notes, legal basis).
        self.bodies = bodies or {}
        self.offices = offices
        self.outputs = outputs
        env = environment()
        self.pair_template = env.get_template("office-pair.html")
        self.office_template = env.get_template("office-page.html")
        self.notice_template = env.get_template("office-notice.html")
        self.index_template = env.get_template("office-index.html")
        self.serving = serving(catalog, offices)
        self.active_codes = {p.code for p in catalog.active}

    def write(self, site: Path, mine: set[str] | None = None) -> None:
        """Every page of the offices in `mine` (all by default), and the index of offices."""
        for office in self.offices:
            if mine is not None and office.code not in mine:
                continue
            if office.retired:
                self._write_retired(site, office)
                continue
            output = self.outputs[office.code]
            served = {p.code: p for p in output.catalog}
            # Every procedure code ever issued, served here or not: a pair's QR code may be
            # on a wall from a time the office handled it, so its short URL must never break.
            for procedure in self.catalog:
                path = urls.office_short_path(procedure.code, office.code)
                own = served.get(procedure.code)
                if procedure.retired:
                    html = self.retired_pair(office, procedure, path)
                elif own is not None:
                    html = self.pair(office, own, path)
                else:
                    html = self.not_served(office, procedure, path)
                _write(site, path, html)
            path = urls.office_path(office.code)
            _write(site, path, self.office_page(office, output, path))
        path = urls.OFFICE_DIR + "/"
        offices = sorted(self.offices, key=lambda o: sort_key(o.name))
        html = self.index_template.render(base=_base(path), offices=offices, canonical=None)
        _write(site, path, html)

    def others(self, office: Office, procedure: Procedure) -> list[dict[str, str]]:
        return [
            {"name": o.name, "href": f"../{o.code}/"}
            for o in self.serving[procedure.code]
            if o.code != office.code
        ]

    def pair(self, office: Office, procedure: Procedure, path: str) -> str:
        """The procedure as `office` serves it: its facts and overrides, then the steps."""
        base = _base(path)
        others = self.others(office, procedure)
        guide = base + urls.procedure_path(procedure.slug)
        # Where to submit is always this office's (its name, or its own `agency`).
        overridden = frozenset(office.facts(procedure.code)) - {"note"} | {"agency"}
        body = self.bodies.get(procedure.code)
        if body is not None:
            shared = self.catalog.by_code[procedure.code].meta
            values = {key: str(getattr(shared, key) or "") for key in overridden}
            body = mark_restated(urls.rebase_links(body, guide), values, overridden, office.name)
            body = markupsafe.Markup(body)
        return self.pair_template.render(
            **self._office_context(office, base),
            canonical=self.catalog.url(procedure),
            description=f"{procedure.title}: {procedure.meta.summary}",
            p=procedure,
            m=procedure.meta,
            facts=facts.procedure_facts(procedure.meta, overridden),
            guide=guide,
            body=body,
            # A province's other offices are listed on the generic page; a long list here
            # would make every scan page, 30,000 of them, several times heavier.
            others=others if len(others) <= MAX_OTHERS_LISTED else [],
            others_count=len(others),
            others_href=guide + "#noi-giai-quyet",
        )

    def retired_pair(self, office: Office, procedure: Procedure, path: str) -> str:
        """A retired procedure at `office`: on to its successor as this office serves it, or
        to the procedure's own short URL, which leads on from there."""
        landing = self.catalog.landing(procedure)
        target = "../"
        if landing is not procedure and office.handles(landing.code, self.active_codes):
            target = _base(path) + urls.office_short_path(landing.code, office.code)
        note = f"Thủ tục {procedure.code} không còn áp dụng. Đang chuyển đến thông tin mới:"
        return self.notice(_base(path), target, landing.title, note)

    def not_served(self, office: Office, procedure: Procedure, path: str) -> str:
        """A procedure `office` does not (or no longer) handle: where else to go. No
        redirect: the resident is told why the office they expected is not the place."""
        others = self.others(office, procedure)
        return self.notice_template.render(
            base=_base(path),
            target="../",
            title=procedure.title,
            note=f"{office.name} hiện không tiếp nhận hồ sơ thủ tục này.",
            others=others[:MAX_OTHERS_LISTED],
            others_count=len(others),
            refresh=False,
            canonical=None,
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
            **self._office_context(office, base),
            canonical=self.catalog.site_url + path,
            description=f"{office.name}: {office.address}. {office.hours}.",
            fields=fields,
        )

    @staticmethod
    def _office_context(office: Office, base: str) -> dict[str, Any]:
        """What every page of an office shows: its name in the header (the link to its own
        page), where and when, the call button and the way to report a mistake."""
        return {
            "base": base,
            "office": office,
            "place": facts.place(office),
            "header_name": office.name,
            "home_href": base + urls.office_path(office.code),
            "zalo_url": office.zalo_url,
        }

    def notice(self, base: str, target: str, title: str, note: str) -> str:
        return self.notice_template.render(
            base=base, target=target, title=title, note=note, refresh=True, canonical=None
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
        for procedure in self.catalog:  # every pair that may be printed, as for open offices
            path = urls.office_short_path(procedure.code, office.code)
            base = _base(path)
            if moved and landing.handles(procedure.code, self.active_codes):
                target = f"../{landing.code}/"
            else:
                target = "../"  # the procedure's own short URL
            _write(site, path, self.notice(base, target, procedure.title, note))
