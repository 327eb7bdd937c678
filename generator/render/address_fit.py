"""Whether an office's details fit the two lines its poster gives them.

The office poster prints `address · hours · Đường dây nóng hotline` in two lines under the
office's name (render/office_poster.py) and cuts the rest with an ellipsis, so a long address
would silently cut the hours and the hotline off every poster of the office. Text and width
grow with the paper alike, so what fits on A4 fits on A3 and A5: measured once, on A4.
"""

from __future__ import annotations

from functools import cache

from generator.content.errors import ContentError
from generator.content.office_list import Offices
from generator.i18n import _
from generator.render.layout import A4, FONT, MARGIN_A4, measure_at, register_fonts
from generator.render.office_poster import DETAILS_LINES, DETAILS_SIZE, OfficePosterSettings
from generator.render.text import wrap


@cache
def _measure():  # type: ignore[no-untyped-def]
    register_fonts()
    return measure_at(FONT, DETAILS_SIZE)


def _fits(address: str, hours: str, hotline: str) -> bool:
    details = OfficePosterSettings(address=address, hours=hours, hotline=hotline).details
    return len(wrap(details, _measure(), A4[0] - 2 * MARGIN_A4)) <= DETAILS_LINES


def address_room(address: str, hours: str, hotline: str) -> int | None:
    """None when the details fit; else the longest address, in characters, that lets the
    hours and the hotline fit too (0 when they do not fit even without an address)."""
    if _fits(address, hours, hotline):
        return None
    low, high = 0, len(address)  # the prefix of `low` characters fits, `high` does not
    if not _fits("", hours, hotline):
        return 0
    while high - low > 1:
        middle = (low + high) // 2
        if _fits(address[:middle], hours, hotline):
            low = middle
        else:
            high = middle
    return low


def address_problems(offices: Offices, display: str) -> list[ContentError]:
    """An address so long that the poster would cut the hours and the hotline off, named
    with the line of `address:` (or of `hours:` when those alone do not fit)."""
    problems = []
    for office in offices.active:
        room = address_room(office.address, office.hours, office.hotline)
        if room is None:
            continue
        if room == 0:
            message = _(
                "the hours and the hotline alone do not fit the two lines the office poster "
                "gives its details; shorten the hours"
            )
            problems.append(ContentError(display, message, line=office.address_line, field="hours"))
            continue
        message = _(
            "is {length} characters long; with the hours and the hotline it does not fit the two "
            "lines the office poster gives them, and the hotline would be cut off: shorten it to "
            "at most {room} characters"
        ).format(length=len(office.address), room=room)
        problems.append(ContentError(display, message, line=office.address_line, field="address"))
    return problems
