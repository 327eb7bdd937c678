"""Posters: one print-ready page per procedure, laid out as boxes before anything is drawn."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.units import mm

from generator import urls
from generator.cache import digest
from generator.content import labels
from generator.content.procedure import Procedure
from generator.qr import QrMatrix
from generator.render import office_poster
from generator.render.layout import (
    ACCENT,
    FONT_BOLD,
    GAP_A4,
    MARGIN_A4,
    MUTED,
    Box,
    PageLayout,
    PosterSettings,
    RuleBox,
    fit_title,
    footer_box,
    lines_that_fit,
    office_box,
    page_scale,
    page_size,
    qr_box,
    register_fonts,
    text_box,
    text_height,
)
from generator.render.painter import draw_page, new_canvas

__all__ = ["PosterSettings", "fingerprint", "layout_poster", "render_poster"]


#: Bump when the drawing changes, so cached posters and packs are redrawn.
LAYOUT_VERSION = "2"


#: The QR symbol's width on A4, quiet zone excluded; scaled with the page for A3 and A5.
QR_SYMBOL_A4 = 101 * mm


def layout_poster(
    procedure: Procedure,
    matrix: QrMatrix,
    short_url: str,
    settings: PosterSettings,
    fingerprint: str,
) -> PageLayout:
    """Place every element of one poster; nothing is drawn here."""
    register_fonts()
    page_width, page_height = page_size(settings.size)
    s = page_scale(settings.size)
    margin, gap = MARGIN_A4 * s, GAP_A4 * s
    frame = _Frame(margin, page_width - margin, page_height - margin, margin, s, gap)
    head = _head(procedure, settings, frame)
    footer = _footer(procedure, fingerprint, frame)
    code_and_facts = _code_and_facts(procedure, matrix, short_url, head[-1].y - gap, frame)
    url = code_and_facts[1]
    documents = _documents(
        procedure.meta.documents, frame.left, url.y - gap, frame.width, footer.top + gap, s, gap
    )
    boxes = (*head, *code_and_facts, *documents, footer)
    return PageLayout(page_width, page_height, margin, boxes)


@dataclass(frozen=True)
class _Frame:
    """The poster's printable area, its scale against A4 and its spacing."""

    left: float
    right: float
    top: float
    bottom: float
    s: float
    gap: float

    @property
    def width(self) -> float:
        return self.right - self.left


def _head(procedure: Procedure, settings: PosterSettings, frame: _Frame) -> list[Box]:
    """Office, field, a rule, then the title as large as it fits and the summary."""
    left, width, s, gap = frame.left, frame.width, frame.s, frame.gap
    office = office_box(left, frame.top, width, settings, size=11 * s)
    # Offices (v2): the office's details and note; nothing for a one-office site.
    extra = office_poster.office_boxes(procedure, settings, left, office.y, width, s)
    field = text_box(
        "field",
        left,
        (extra or [office])[-1].y,
        width,
        f"{labels.FIELD}: {procedure.field}",
        size=10 * s,
        max_lines=1,
        color=MUTED,
    )
    rule = RuleBox("rule", left, field.y - gap / 2 - 1.2 * s, width, 1.2 * s)
    title = fit_title(
        "title",
        left,
        rule.y - gap / 2,
        width,
        procedure.title,
        38 * mm * s,
        [size * s for size in (30, 28, 26, 24, 22, 20, 18, 16, 15)],
    )
    summary = text_box(
        "summary", left, title.y - gap, width, procedure.meta.summary, size=12.5 * s, max_lines=5
    )
    return [office, *extra, field, rule, title, summary]


def _footer(procedure: Procedure, fingerprint: str, frame: _Frame) -> Box:
    """On the bottom margin: code, date checked and the printed fingerprint ('Bản in')."""
    updated = procedure.meta.updated.strftime("%d/%m/%Y")
    text = f"{labels.CODE} {procedure.code} · {labels.UPDATED} {updated} · Bản in {fingerprint}"
    return footer_box(frame.left, frame.bottom, frame.width, text, size=9 * frame.s)


def _code_and_facts(
    procedure: Procedure, matrix: QrMatrix, short_url: str, top: float, frame: _Frame
) -> list[Box]:
    """The QR code with the short URL under it; beside it the call to action, then fee,
    time and place. The code and its URL come first in the list."""
    s, gap = frame.s, frame.gap
    code = qr_box("qr", frame.left, top, matrix, QR_SYMBOL_A4 * s)
    url = text_box(
        "short_url",
        code.x,
        code.y,
        code.width,
        urls.display_url(short_url),
        font=FONT_BOLD,
        size=13 * s,
        max_lines=2,
        align="center",
    )
    column_x = code.right + gap / 2
    column_width = frame.right - column_x
    cta = text_box(
        "call_to_action",
        column_x,
        code.top,
        column_width,
        labels.SCAN_PROMPT,
        font=FONT_BOLD,
        size=15 * s,
        max_lines=4,
        color=ACCENT,
    )
    boxes: list[Box] = [code, url, cta]
    cursor = cta.y - gap
    label_size, value_size = 9.5 * s, 11 * s
    share = (cursor - code.y) / len(labels.FACT_LABELS)
    value_lines = lines_that_fit(share - text_height(1, label_size) - 0.4 * gap - gap, value_size)
    for key, label in labels.FACT_LABELS:
        label_box = text_box(
            f"label-{key}",
            column_x,
            cursor,
            column_width,
            label,
            font=FONT_BOLD,
            size=label_size,
            max_lines=1,
            color=ACCENT,
        )
        value_box = text_box(
            f"value-{key}",
            column_x,
            label_box.y - 0.4 * gap,
            column_width,
            str(getattr(procedure.meta, key)),
            size=value_size,
            max_lines=value_lines,
        )
        boxes += [label_box, value_box]
        cursor = value_box.y - gap
    return boxes


def _documents(
    documents: list[str],
    left: float,
    top: float,
    width: float,
    floor: float,
    s: float,
    gap: float,
) -> list[Box]:
    """'Giấy tờ cần mang': as many items as fit above `floor`, then 'và N giấy tờ khác'."""
    heading_size, item_size = 12.5 * s, 11 * s
    heading = text_box(
        "documents",
        left,
        top,
        width,
        labels.DOCUMENTS,
        font=FONT_BOLD,
        size=heading_size,
        max_lines=1,
        color=ACCENT,
    )
    if heading.y < floor:
        return []
    boxes: list[Box] = [heading]
    indent = 5 * mm * s
    more_height = text_height(1, item_size) + 0.4 * gap
    cursor = heading.y - 0.5 * gap
    shown = 0
    for index, document in enumerate(documents):
        left_after = len(documents) - index - 1
        reserve = more_height if left_after else 0.0
        item = text_box(
            f"document-{index + 1}",
            left + indent,
            cursor,
            width - indent,
            document,
            size=item_size,
            max_lines=3,
        )
        if item.y - reserve < floor:
            break
        bullet = text_box(
            f"bullet-{index + 1}", left, cursor, indent, "•", size=item_size, max_lines=1
        )
        boxes += [bullet, item]
        cursor = item.y - 0.4 * gap
        shown += 1
    rest = len(documents) - shown
    if rest:
        text = f"và {rest} giấy tờ khác" if shown else f"{rest} giấy tờ: quét mã để xem danh sách"
        more = text_box(
            "documents-more",
            left + indent,
            cursor,
            width - indent,
            text,
            font=FONT_BOLD,
            size=item_size,
            max_lines=1,
        )
        if more.y >= floor:
            boxes.append(more)
    return boxes


def render_poster(
    procedure: Procedure,
    matrix: QrMatrix,
    short_url: str,
    settings: PosterSettings,
    fingerprint: str,
) -> bytes:
    """One procedure's poster as a one-page PDF with Roboto embedded and subset."""
    layout = layout_poster(procedure, matrix, short_url, settings, fingerprint)
    buffer = io.BytesIO()
    pdf = new_canvas(
        buffer, (layout.width, layout.height), procedure.title, settings.office_name or "thutuc"
    )
    draw_page(pdf, layout)
    pdf.save()
    return buffer.getvalue()


#: The front-matter keys a poster prints; editing any other key needs no reprint.
PRINTED_KEYS = (
    "code",
    "title",
    "summary",
    "field",
    "agency",
    "processing_time",
    "fee",
    "documents",
    "updated",
    "status",
)


def fingerprint(procedure: Procedure, short_url: str, settings: PosterSettings) -> str:
    """A short hash of all a poster shows, printed in its footer ('Bản in ...').

    Staff compare it with `content/printings.yml` to know which posters on the wall are stale.
    """
    content = {
        "meta": procedure.meta.model_dump(mode="json", include=set(PRINTED_KEYS)),
        "short_url": short_url,
        "layout": LAYOUT_VERSION,
        "settings": repr(settings),
    }
    if (office := office_poster.printed(procedure)) is not None:  # offices (v2) only
        content["office"] = office
    return digest(content, length=8)
