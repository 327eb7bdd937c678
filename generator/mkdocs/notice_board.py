"""What the theme's templates get of notices and changes (v3): the home page's newest notices,
a procedure page's notices and recent changes, and the staff page's ready-to-paste messages
and notice posters. Plain data; every template escapes it."""

from __future__ import annotations

from dataclasses import dataclass

from generator import urls
from generator.build import notices as notice_build
from generator.build.notices import NoticeState
from generator.content import changes
from generator.content.catalog import Catalog
from generator.content.changes import fact_label
from generator.content.notices import Notice

HOME_LIMIT = 5
LIST_PATH = f"{notice_build.NOTICE_DIR}/"
CHANGES_PATH = f"{notice_build.CHANGES_DIR}/"
FEED_PATH = f"{notice_build.NOTICE_DIR}/{notice_build.FEED_NAME}"
PACK_PATH = notice_build.NOTICE_PACK


@dataclass(frozen=True)
class NoticeLink:
    title: str
    summary: str
    day: str
    path: str
    pinned: bool
    poster: str


@dataclass(frozen=True)
class ChangeLine:
    day: str
    fact: str
    old: str
    new: str


@dataclass(frozen=True)
class Message:
    """A message staff paste into a Zalo group: the title, one or two lines, the link."""

    key: str
    title: str
    text: str


def _link(notice: Notice) -> NoticeLink:
    return NoticeLink(
        title=notice.title,
        summary=notice.meta.summary,
        day=notice.meta.date.strftime("%d/%m/%Y"),
        path=notice_build.notice_path(notice.slug),
        pinned=notice.meta.pinned,
        poster=notice_build.notice_poster_path(notice.slug),
    )


def notice_message(notice: Notice, site_url: str) -> Message:
    url = site_url + notice_build.notice_path(notice.slug)
    return Message(notice.slug, notice.title, f"{notice.title}\n{notice.meta.summary}\n{url}")


def change_message(change: changes.Change, title: str, url: str, where: str = "") -> Message:
    """`where`: " tại <office name>" for a change of one office's facts."""
    day = change.date.strftime("%d/%m/%Y")
    line = (
        f"{fact_label(change.fact)}{where} thay đổi từ ngày {day}: "
        f"trước đây {changes.shown(change.old)}; nay {changes.shown(change.new)}."
    )
    text = f"Thay đổi: {title}\n{line}\n{url}"
    return Message(change.anchor, f"Thay đổi: {title}", text)


class NoticeBoard:
    """Notices and changes for templates; an empty board when the build has none."""

    def __init__(self, state: NoticeState | None) -> None:
        self.state = state
        self.list_path, self.changes_path, self.feed_path = LIST_PATH, CHANGES_PATH, FEED_PATH
        self.pack_path = PACK_PATH

    def home(self) -> list[NoticeLink]:
        return [_link(n) for n in self.state.active[:HOME_LIMIT]] if self.state else []

    def for_procedure(self, code: str) -> list[NoticeLink]:
        return [_link(n) for n in self.state.notices_of_procedure(code)] if self.state else []

    def changes_of(self, code: str) -> list[ChangeLine]:
        if self.state is None:
            return []
        return [
            ChangeLine(
                c.date.strftime("%d/%m/%Y"),
                fact_label(c.fact),
                changes.shown(c.old),
                changes.shown(c.new),
            )
            for c in self.state.changes_of_procedure(code)
        ]

    def posters(self) -> list[NoticeLink]:
        return [_link(n) for n in self.state.active] if self.state else []

    def messages(self, catalog: Catalog) -> list[Message]:
        """Per active notice, then per recent change, a ready-to-paste message."""
        if self.state is None:
            return []
        found = [notice_message(n, catalog.site_url) for n in self.state.active]
        for change in self.state.recent_changes:
            procedure = catalog.by_code.get(change.code)
            if procedure is None:
                continue
            office = self.state.offices.by_code.get(change.office or "")
            if office is None:
                found.append(change_message(change, procedure.title, catalog.url(procedure)))
                continue
            url = urls.office_short_url(catalog.site_url, change.code, office.code)
            found.append(change_message(change, procedure.title, url, f" tại {office.name}"))
        return found
