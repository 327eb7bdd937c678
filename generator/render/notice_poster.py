"""A notice for the notice board: one A4 page with the title, the date, the summary and a QR
code to its page, so a resident reading the wall can open it (and its updates) on a phone.

Laid out with the procedure posters' boxes (`layout`) and painted by the same painter (`pdf`):
every field is drawn as text, so markup in it is printed as the characters it is.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm

from generator import qr
from generator.content.notices import Notice
from generator.render.layout import (
    ACCENT,
    FONT_BOLD,
    GAP_A4,
    MARGIN_A4,
    MUTED,
    PageLayout,
    PosterSettings,
    RuleBox,
    fit_title,
    office_box,
    page_size,
    qr_box,
    text_box,
)
from generator.render.pdf import draw_page, new_canvas

QR_SYMBOL = 80 * mm
#: Bump when the drawing below changes, so cached notice posters are redrawn.
LAYOUT_VERSION = "1"


def layout_notice(notice: Notice, url: str, office_name: str) -> PageLayout:
    """Place every element of one notice poster; nothing is drawn here."""
    width, height = page_size("A4")
    left, right, top = MARGIN_A4, width - MARGIN_A4, height - MARGIN_A4
    span, gap = right - left, GAP_A4
    office = office_box(left, top, span, PosterSettings(office_name=office_name), size=12)
    kicker = text_box(
        "kicker",
        left,
        office.y - gap,
        span,
        "THÔNG BÁO",
        font=FONT_BOLD,
        size=22,
        max_lines=1,
        color=ACCENT,
    )
    rule = RuleBox("rule", left, kicker.y - gap / 2 - 1.2, span, 1.2)
    title = fit_title(
        "title", left, rule.y - gap, span, notice.title, 60 * mm, [30, 28, 26, 24, 22, 20, 18]
    )
    date = text_box(
        "date", left, title.y - gap, span, _dates(notice), size=12, max_lines=1, color=MUTED
    )
    summary = text_box(
        "summary", left, date.y - gap, span, notice.meta.summary, size=16, max_lines=8
    )
    matrix = qr.make_matrix(url)
    code = qr_box("qr", left + (span - QR_SYMBOL) / 2, summary.y - 2 * gap, matrix, QR_SYMBOL)
    hint = text_box(
        "url",
        left,
        code.y - gap,
        span,
        f"Quét mã hoặc mở {url}",
        size=12,
        max_lines=2,
        align="center",
    )
    return PageLayout(
        width, height, MARGIN_A4, (office, kicker, rule, title, date, summary, code, hint)
    )


def _dates(notice: Notice) -> str:
    day = notice.meta.date.strftime("%d/%m/%Y")
    if notice.meta.expires is None:
        return f"Ngày {day}"
    until = notice.meta.expires.strftime("%d/%m/%Y")
    return f"Ngày {day}, có hiệu lực đến hết ngày {until}"


def render_pages(items: list[tuple[Notice, str]], office_name: str) -> bytes:
    buffer = io.BytesIO()
    title = items[0][0].title if len(items) == 1 else "Thông báo"
    pdf = new_canvas(buffer, page_size("A4"), title, office_name or "thutuc")
    for notice, url in items:
        draw_page(pdf, layout_notice(notice, url, office_name))
    pdf.save()
    return buffer.getvalue()
