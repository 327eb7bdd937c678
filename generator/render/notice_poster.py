"""A notice for the notice board: one A4 page with the title, the date, the summary and a QR
code to its page, so a resident reading the wall can open it (and its updates) on a phone.

Laid out with the procedure posters' boxes (`layout`) and painted by the same painter (`pdf`):
every field is drawn as text, so markup in it is printed as the characters it is.
"""

from __future__ import annotations

import html as html_lib
import io

import markdown
import nh3
from reportlab.lib.units import mm

from generator import qr
from generator.content.notices import Notice
from generator.qr import QUIET_ZONE
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
    lines_that_fit,
    office_box,
    page_size,
    qr_box,
    text_box,
    text_height,
)
from generator.render.painter import draw_page, new_canvas

QR_SYMBOL = 80 * mm
#: Bump when the drawing below changes, so cached notice posters are redrawn.
LAYOUT_VERSION = "2"


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
    # The QR code and its address sit at the foot of the page, the body fills what is left.
    hint_text = f"Quét mã để xem trên điện thoại: {url}"
    hint_height = text_height(
        len(text_box("u", 0, 0, span, hint_text, size=12, max_lines=2).lines), 12
    )
    matrix = qr.make_matrix(url)
    side = QR_SYMBOL / (matrix.size - 2 * QUIET_ZONE) * matrix.size
    qr_top = MARGIN_A4 + hint_height + gap + side
    code = qr_box("qr", left + (span - QR_SYMBOL) / 2, qr_top, matrix, QR_SYMBOL)
    hint = text_box(
        "url", left, code.y - gap, span, hint_text, size=12, max_lines=2, align="center"
    )
    room = summary.y - 2 * gap - qr_top
    body = text_box(
        "body",
        left,
        summary.y - 2 * gap,
        span,
        body_text(notice.body),
        size=13,
        max_lines=lines_that_fit(room, 13),
    )
    boxes = (office, kicker, rule, title, date, summary, body, code, hint)
    return PageLayout(width, height, MARGIN_A4, boxes)


def body_text(body: str) -> str:
    """The body's words without its Markdown: a poster prints text, never markup."""
    html = markdown.markdown(body)
    return " ".join(html_lib.unescape(nh3.clean(html, tags=set())).split())


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
