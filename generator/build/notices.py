"""Notices and changes (contract v3) in a build: checked with the content, published into the
built site, recorded with the registers. Plain functions, so the build's stages call them:

    state = check(...)        # with the content check: problems go into the LoadResult
    publish(state, ...)       # into the staged site: pages, lists, feeds, cards, posters, JSON
    record(state, ...)        # with the registers, before the swap: notice register, changes
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator import urls
from generator.build import atom, shards
from generator.cache import atomic_write, digest, link_or_copy
from generator.content import changes, notice_register, notices
from generator.content.catalog import Catalog
from generator.content.changes import Change
from generator.content.loader import LoadResult
from generator.content.notices import Notice
from generator.content.office_list import Offices
from generator.i18n import ngettext

if TYPE_CHECKING:  # drawing is imported by `publish`, so a check does not load reportlab
    from generator.render import notice_pages

log = logging.getLogger("thutuc")

NOTICE_DIR = "thong-bao"
CHANGES_DIR = "thay-doi"
FEED_NAME = "atom.xml"
NOTICE_PACK = f"{urls.POSTER_DIR}/pack-thong-bao.pdf"
FACTS_MEMO = "published-facts.digest"
#: How long a change stays "recent": on procedure pages, the staff page and the feeds.
RECENT_DAYS = 90


def notice_path(slug: str) -> str:
    return f"{NOTICE_DIR}/{slug}/"


def notice_card_path(slug: str) -> str:
    return f"{NOTICE_DIR}/{slug}/preview.png"


def notice_poster_path(slug: str) -> str:
    return f"{urls.POSTER_DIR}/{NOTICE_DIR}/{slug}.pdf"


def office_feed_path(office: str) -> str:
    return f"{urls.office_path(office)}{FEED_NAME}"


@dataclass
class NoticeState:
    """What a build knows of notices and changes, from `check` on."""

    today: dt.date
    notices: list[Notice] = field(default_factory=list)
    #: Changes already in changes.yml, in file order.
    recorded: list[Change] = field(default_factory=list)
    #: Changes this build would record (the facts differ from the last published ones).
    pending: list[Change] = field(default_factory=list)
    facts: changes.Facts = field(default_factory=dict)
    #: The facts as last published, as read by `check` (None: none yet, or unreadable).
    published_facts: changes.Facts | None = None
    #: Where the cache folder remembers that the facts file holds the facts (`changes.py`).
    facts_memo: Path | None = None
    offices: Offices = field(default_factory=Offices)

    @property
    def published(self) -> list[Notice]:
        return [n for n in self.notices if n.published(self.today)]

    @property
    def active(self) -> list[Notice]:
        return notices.board_order(n for n in self.notices if n.active(self.today))

    @property
    def ended(self) -> list[Notice]:
        ended = [n for n in self.notices if n.published(self.today) and n.ended(self.today)]
        return sorted(ended, key=lambda n: n.meta.expires or n.meta.date, reverse=True)

    @property
    def all_changes(self) -> list[Change]:
        """Every change, newest first: the record, then what this build adds."""
        return changes.newest_first([*self.recorded, *self.pending])

    @property
    def recent_changes(self) -> list[Change]:
        start = self.today - dt.timedelta(days=RECENT_DAYS)
        return [c for c in self.all_changes if c.date >= start]

    def notices_of_procedure(self, code: str) -> list[Notice]:
        return [n for n in self.active if code in n.meta.procedures]

    def notices_of_office(self, office: str) -> list[Notice]:
        return [n for n in self.active if n.concerns_office(office)]

    def changes_of_procedure(self, code: str) -> list[Change]:
        return [c for c in self.recent_changes if c.code == code and c.office is None]


def check(
    content_dir: Path,
    display: Callable[[Path], str],
    result: LoadResult,
    catalog: Catalog,
    offices: Offices,
    today: dt.date | None = None,
    cache_dir: Path | None = None,
) -> NoticeState:
    """Notices, the notice register and the change record, against the loaded content."""
    state = NoticeState(today=today or dt.date.today(), offices=offices)
    state.facts_memo = None if cache_dir is None else cache_dir / FACTS_MEMO
    codes = {p.code for p in result.procedures} | result.unloaded_codes
    office_codes = {office.code for office in offices}
    files = notices.notice_files(content_dir)
    state.notices, problems = notices.load_notices(
        ((path, display(path)) for path in files), codes, office_codes
    )
    result.problems += problems
    reg = notice_register.notice_register_path(content_dir)
    issued, unreadable = notice_register.read_notice_register(reg, display(reg))
    result.problems += unreadable
    result.problems += notice_register.withdrawn_files(
        issued, state.notices, display(reg), {path.stem for path in files}
    )
    recorded_path = changes.changes_path(content_dir)
    state.recorded, broken = changes.read_changes(recorded_path, display(recorded_path))
    result.problems += broken
    state.facts = changes.current_facts(catalog, offices)
    snap = changes.snapshot_path(content_dir)
    before, broken_snapshot = changes.published_facts(
        snap, display(snap), state.facts, state.facts_memo
    )
    result.problems += broken_snapshot
    state.published_facts = before
    if before is not None:
        found = changes.differences(before, state.facts, state.today)
        state.pending = changes.numbered(found, start=len(state.recorded))
    return state


def record(state: NoticeState, content_dir: Path, display: Callable[[Path], str]) -> None:
    """Write the notice register and the change record: with the registers, before the swap."""
    reg = notice_register.notice_register_path(content_dir)
    notice_register.record_notices(reg, display(reg), state.published, state.today)
    path = changes.changes_path(content_dir)
    changes.record(
        content_dir,
        display(path),
        state.pending,
        state.facts,
        state.published_facts,
        state.facts_memo,
    )
    state.published_facts = state.facts
    if state.pending:
        count = len(state.pending)
        log.info(
            ngettext("%d change recorded in %s", "%d changes recorded in %s", count),
            count,
            display(path),
        )
        state.recorded = [*state.recorded, *state.pending]
        state.pending = []


def publish(
    state: NoticeState,
    catalog: Catalog,
    site_dir: Path,
    site_name: str,
    cache_dir: Path,
    shard: shards.Shard | None = None,
) -> None:
    """Every notice page, the lists, the changes page, the feeds, the cards and the posters,
    and `notices` in procedures.json, into the built site; `site_name` heads pages, cards,
    feeds and posters. Cards and posters are drawn once and kept in `cache_dir`."""
    from generator.render import notice_pages

    context = notice_pages.SiteContext(
        site_url=catalog.site_url, site_name=site_name, today=state.today
    )
    writer = notice_pages.NoticePages(context, catalog)
    drawn = _Drawings(cache_dir / "notices", site_dir, site_name)
    for notice in state.published:
        path, url = notice_path(notice.slug), catalog.site_url + notice_path(notice.slug)
        writer.write_notice(site_dir, notice, path, notice_card_path(notice.slug))
        drawn.card(notice, url, notice_card_path(notice.slug))
        drawn.posters([(notice, url)], notice_poster_path(notice.slug))
    drawn.posters([(n, catalog.site_url + notice_path(n.slug)) for n in state.active], NOTICE_PACK)
    drawn.forget_the_rest()
    writer.write_list(site_dir, NOTICE_DIR + "/", state.active, state.ended)
    writer.write_changes(site_dir, CHANGES_DIR + "/", state.all_changes)
    feed = atom.Feed(site_name, catalog.site_url, f"{NOTICE_DIR}/{FEED_NAME}", state.today)
    atom.write(site_dir, feed, _entries(catalog, state.active, state.recent_changes))
    _publish_offices(state, catalog, site_dir, writer, shard)
    _add_to_json(site_dir / "procedures.json", state, catalog.site_url)


class _Drawings:
    """Cards and posters by the digest of what they show: an edit to one notice redraws
    that notice's card and poster (and the pack), nothing else."""

    def __init__(self, cache: Path, site_dir: Path, site_name: str) -> None:
        self.cache, self.site_dir, self.site_name = cache, site_dir, site_name
        #: The cached files this build published; the others show what no notice shows now.
        self.used: set[str] = set()

    def forget_the_rest(self) -> None:
        """Delete the cached drawings this build did not use (an edited or ended notice's
        old card), so the folder does not grow with every edit. The site holds its own
        links, and every shard draws every notice, so none of them needs these."""
        if not self.cache.is_dir():
            return
        for path in self.cache.iterdir():
            if path.suffix in (".png", ".pdf") and path.name not in self.used:
                path.unlink(missing_ok=True)

    def _publish(self, key: object, suffix: str, target: str, draw: Callable[[], bytes]) -> None:
        from generator.render import notice_poster, preview

        versions = (preview.LAYOUT_VERSION, notice_poster.LAYOUT_VERSION)
        cached = self.cache / f"{digest([versions, self.site_name, key], length=24)}{suffix}"
        self.used.add(cached.name)
        if not cached.is_file():
            cached.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(cached, draw())
        out = self.site_dir / target
        out.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(cached, out)

    def card(self, notice: Notice, url: str, target: str) -> None:
        from generator.render import notice_pages

        key = [notice.title, notice.meta.date, url]
        self._publish(
            key, ".png", target, lambda: notice_pages.card_png(notice, url, self.site_name)
        )

    def posters(self, items: list[tuple[Notice, str]], target: str) -> None:
        """One page per notice; no file when there is none (an empty pack)."""
        if not items:
            return
        from generator.render import notice_poster

        key = [[n.title, n.meta.date, n.meta.expires, n.meta.summary, url] for n, url in items]
        self._publish(
            key, ".pdf", target, lambda: notice_poster.render_pages(items, self.site_name)
        )


def _publish_offices(
    state: NoticeState,
    catalog: Catalog,
    site_dir: Path,
    writer: notice_pages.NoticePages,
    shard: shards.Shard | None,
) -> None:
    """Each office's notices on its pages, and its own feed; with `build --shard`, only this
    shard's offices, whose pages this build writes."""
    for index, office in enumerate(state.offices):
        if office.retired or not shards.is_mine(index, shard):
            continue
        mine = state.notices_of_office(office.code)
        writer.add_inset(site_dir, urls.office_path(office.code), mine)
        for code in {code for n in mine for code in n.meta.procedures}:
            about = [n for n in mine if code in n.meta.procedures]
            writer.add_inset(site_dir, urls.office_short_path(code, office.code), about)
        handled = set(office.procedures or catalog.by_code)
        theirs = [
            c
            for c in state.recent_changes
            if c.code in handled and (c.office is None or c.office == office.code)
        ]
        feed = atom.Feed(office.name, catalog.site_url, office_feed_path(office.code), state.today)
        atom.write(site_dir, feed, _entries(catalog, mine, theirs))


def _entries(catalog: Catalog, active: list[Notice], recent: list[Change]) -> list[atom.Entry]:
    entries = [
        atom.Entry(
            id=catalog.site_url + notice_path(n.slug),
            title=n.title,
            summary=n.meta.summary,
            link=catalog.site_url + notice_path(n.slug),
            updated=n.meta.date,
        )
        for n in active
    ]
    for change in recent:
        procedure = catalog.by_code.get(change.code)
        if procedure is None:
            continue
        entries.append(
            atom.Entry(
                id=f"{catalog.site_url}{CHANGES_DIR}/#{change.anchor}",
                title=change_title(change, procedure.title),
                summary=change_summary(change),
                link=catalog.url(procedure),
                updated=change.date,
            )
        )
    return entries


def change_title(change: Change, procedure_title: str) -> str:
    return f"Thay đổi: {procedure_title}"


def change_summary(change: Change) -> str:
    """One line for residents (site text is Vietnamese, whatever the clerk's language)."""
    fact = changes.fact_label(change.fact)
    return f"{fact}: trước đây {changes.shown(change.old)}; nay {changes.shown(change.new)}"


def _add_to_json(path: Path, state: NoticeState, site_url: str) -> None:
    """`notices` in procedures.json (contract v3); every v1 and v2 key stays as written."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["notices"] = [
        {
            "slug": n.slug,
            "title": n.title,
            "date": n.meta.date.isoformat(),
            "expires": n.meta.expires.isoformat() if n.meta.expires else None,
            "url": site_url + notice_path(n.slug),
            "procedures": list(n.meta.procedures),
            "offices": list(n.meta.offices),
            "poster": notice_poster_path(n.slug),
        }
        for n in sorted(state.published, key=lambda n: (n.meta.date, n.slug), reverse=True)
    ]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
