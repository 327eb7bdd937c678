"""Notice pages (contract v3): lean static HTML, like the offices' pages, rendered with Jinja2
and autoescape, so markup in any field is shown as text. Each notice page carries its own Open
Graph tags and a 1200×630 card drawn by the procedure cards' renderer (`preview`), so a link
pasted into Zalo shows the notice's title, summary and QR code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown
import nh3

from generator import qr, urls
from generator.cache import atomic_write
from generator.content.catalog import Catalog
from generator.content.changes import Change, fact_label, shown
from generator.content.notices import Notice
from generator.render import office_pages, preview


@dataclass(frozen=True)
class SiteContext:
    site_url: str
    site_name: str
    today: dt.date


def environment() -> jinja2.Environment:
    """The offices' lean pages' environment (`generator/templates/`, autoescaped), with the
    notices' filters."""
    env = office_pages.environment()
    env.filters["day"] = lambda value: value.strftime("%d/%m/%Y")
    env.filters["shown"] = shown
    env.filters["fact_label"] = fact_label
    return env


def body_html(body: str) -> str:
    """The body's Markdown as HTML, cleaned again with nh3 on top of the content checks."""
    html = markdown.markdown(body, extensions=["tables", "sane_lists"])
    return nh3.clean(html, link_rel="noopener")


def card_png(notice: Notice, url: str, site_name: str) -> bytes:
    """The notice's link preview: title, date, and a QR code to the page."""
    kicker = f"Thông báo · {notice.meta.date.strftime('%d/%m/%Y')}"
    card = preview.Preview(title=notice.title, kicker=kicker, footer=site_name)
    return preview.to_png(preview.render_preview(card, qr.make_matrix(url)))


class NoticePages:
    """Writes the notices' pages, their list and the changes page into a built site."""

    def __init__(self, context: SiteContext, catalog: Catalog) -> None:
        self.context = context
        self.catalog = catalog
        env = environment()
        self.notice_template = env.get_template("notice-page.html")
        self.list_template = env.get_template("notice-list.html")
        self.changes_template = env.get_template("notice-changes.html")
        self.inset_template = env.get_template("notice-inset.html")

    def _common(self, path: str) -> dict[str, object]:
        base = urls.relative(path, "")
        return {
            "base": base,
            "site_name": self.context.site_name,
            "canonical": self.context.site_url + path,
            "link": lambda target: base + target,
        }

    def _procedures(self, codes: list[str]) -> list[tuple[str, str]]:
        found = (self.catalog.by_code.get(code) for code in codes)
        return [(p.title, urls.procedure_path(p.slug)) for p in found if p is not None]

    def write_notice(self, site: Path, notice: Notice, path: str, card: str) -> None:
        """The notice's page; its card (at `card`) is drawn by `card_png`, cached apart."""
        html = self.notice_template.render(
            **self._common(path),
            notice=notice,
            ended=notice.ended(self.context.today),
            body=jinja2.utils.markupsafe.Markup(body_html(notice.body)),
            procedures=self._procedures(list(notice.meta.procedures)),
            card=self.context.site_url + card,
            poster=f"{urls.POSTER_DIR}/thong-bao/{notice.slug}.pdf",
        )
        _write(site / path / "index.html", html)

    def write_list(self, site: Path, path: str, active: list[Notice], ended: list[Notice]) -> None:
        html = self.list_template.render(**self._common(path), active=active, ended=ended)
        _write(site / path / "index.html", html)

    def write_changes(self, site: Path, path: str, changes: list[Change]) -> None:
        rows = []
        for change in changes:
            procedure = self.catalog.by_code.get(change.code)
            title = procedure.title if procedure else change.code
            href = urls.procedure_path(procedure.slug) if procedure else None
            rows.append((change, title, href))
        html = self.changes_template.render(**self._common(path), rows=rows)
        _write(site / path / "index.html", html)

    def add_inset(self, site: Path, path: str, notices: list[Notice]) -> bool:
        """Put the notices at the top of a page another module wrote (an office's page, a
        pair's scan page), under its heading; False when that page is not in the site."""
        target = site / path / "index.html"
        if not notices or not target.is_file():
            return False
        inset = self.inset_template.render(link=lambda to: urls.relative(path, to), notices=notices)
        page = target.read_text(encoding="utf-8")
        anchor = "</h1>" if "</h1>" in page else "<main>"
        head, found, tail = page.partition(anchor)
        atomic_write(target, head + found + "\n" + inset + tail)
        return True


def _write(target: Path, html: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, html)
