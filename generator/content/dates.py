"""Dates an editor writes: a date that exists can still be a slip of the keyboard.

`updated:` says when the text was last checked against the law, and residents read it on
every page. A date in the future or before the one-stop shops existed is a typo (2062 for
2026, 0001 for an empty field), so it is an error naming the key, not a page that claims to
be checked tomorrow.
"""

from __future__ import annotations

import datetime as dt

from generator.content.errors import ContentError
from generator.i18n import _

#: No procedure text in force today was last checked before this.
EARLIEST = dt.date(1990, 1, 1)
#: Vietnam is seven hours ahead of the UTC clocks of most servers: "today" there may be
#: tomorrow here, so one day of grace.
GRACE = dt.timedelta(days=1)


def updated_problems(
    value: dt.date, line: int | None, display: str, today: dt.date | None = None
) -> list[ContentError]:
    """Errors for an `updated:` date that cannot be right: in the future, or implausibly old."""
    today = today or dt.date.today()
    if value > today + GRACE:
        message = _(
            "{date} is in the future; write the date the text was last checked "
            "(today or earlier), as YYYY-MM-DD"
        ).format(date=value.isoformat())
    elif value < EARLIEST:
        message = _(
            "{date} is before {earliest}, too early to be right; write the date the text "
            "was last checked, as YYYY-MM-DD"
        ).format(date=value.isoformat(), earliest=EARLIEST.isoformat())
    else:
        return []
    return [ContentError(display, message, line=line, field="updated")]


def iso_date(text: str) -> dt.date:
    """A `YYYY-MM-DD` text as a date; ValueError saying what to write when no such day exists
    (a quoted `"2026-02-30"` gets the same message as an unquoted one)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(
            _("{value} is not a real date; write a date that exists, as YYYY-MM-DD").format(
                value=repr(text), reason=exc
            )
        ) from None
