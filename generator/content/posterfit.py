"""Whether an office's details fit the two lines its poster gives them.

The office poster prints `address · hours · Đường dây nóng hotline` in two lines under the
office's name (render/office_poster.py) and cuts the rest with an ellipsis, so a long address
would silently cut the hours and the hotline off every poster of the office. Text and width
grow with the paper alike, so what fits on A4 fits on A3 and A5: measured once, on A4.
"""

from __future__ import annotations

from functools import cache

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
