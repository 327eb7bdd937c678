"""The pages of a pack, laid out as boxes: a cover and an index, field posters (a grid of
small QR codes), sticker sheets, and the very layouts of single posters."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from generator.render import poster
from generator.render.layout import (
    ACCENT,
    FONT_BOLD,
    MUTED,
    Box,
    PageLayout,
    PosterSettings,
    RuleBox,
    footer_box,
    lines_that_fit,
    office_box,
    page_size,
    qr_box,
    register_fonts,
    text_box,
    text_height,
)
from generator.render.pack_grid import (
    INDEX_LINES,
    QR_SLOT_FACTOR,
    STICKER_COLUMNS,
    STICKER_HEIGHT,
    STICKER_LEFT,
    STICKER_PITCH_X,
    STICKER_QR_SYMBOL,
    STICKER_TOP,
    STICKER_WIDTH,
    STICKERS_PER_PAGE,
    FieldGrid,
    Frame,
)
from generator.render.pack_plan import Member, PackPlan, Section, index_pages, reprint_index
from generator.render.painter import draw_page, new_canvas


def _footer(frame: Frame, text: str) -> Box:
    return footer_box(frame.margin, frame.margin, frame.inner_width, text, size=8.5 * frame.scale)


def cover_layout(
    pack: PackPlan, members: Mapping[str, Member], settings: PosterSettings, fingerprint: str
) -> PageLayout:
    frame = Frame.for_size(settings.size)
    s, left, width = frame.scale, frame.margin, frame.inner_width
    top = frame.height - frame.margin - 40 * mm * s
    office = office_box(left, top, width, settings, size=14 * s, max_lines=2)
    heading = text_box(
        "heading",
        left,
        office.y - frame.gap,
        width,
        "Bộ áp phích thủ tục hành chính",
        font=FONT_BOLD,
        size=30 * s,
        max_lines=2,
    )
    rule = RuleBox("rule", left, heading.y - frame.gap - 1.5 * s, width, 1.5 * s)
    title = text_box(
        "title",
        left,
        rule.y - frame.gap,
        width,
        pack.title,
        font=FONT_BOLD,
        size=20 * s,
        max_lines=2,
    )
    count = len(pack.codes)
    summary = text_box(
        "summary",
        left,
        title.y - frame.gap,
        width,
        f"{count} áp phích · {pack.pages} trang",
        size=13 * s,
        max_lines=1,
        color=MUTED,
    )
    footer = _footer(frame, f"Mã bộ {fingerprint} · Mã bản in của từng áp phích ở chân trang")
    boxes: list[Box] = [office, heading, rule, title, summary]
    cursor = summary.y - 2 * frame.gap
    size = 12 * s
    floor = footer.top + frame.gap
    for index, section in enumerate(pack.sections):
        line = text_box(
            f"section-{index + 1}",
            left,
            cursor,
            width,
            f"{section.name}: {len(section.codes)} thủ tục",
            size=size,
            max_lines=1,
        )
        if line.y < floor:
            break
        boxes.append(line)
        cursor = line.y - 0.3 * frame.gap
    boxes.append(footer)
    return frame.page(boxes)


def index_layouts(
    pack: PackPlan, members: Mapping[str, Member], settings: PosterSettings, first_poster: int
) -> Iterator[PageLayout]:
    """'Mục lục': one line per field and per poster, with the poster's page number."""
    frame = Frame.for_size(settings.size)
    entries: list[tuple[str, str, str]] = []
    page_number = first_poster
    for section in pack.sections:
        entries.append((section.name, "", ""))
        for code in section.codes:
            entries.append((members[code].procedure.title, code, f"tr. {page_number}"))
            page_number += 1
    pages = index_pages(pack.sections)
    top = frame.height - frame.margin
    for page in range(pages):
        heading = text_box(
            "heading",
            frame.margin,
            top,
            frame.inner_width,
            "Mục lục" if page == 0 else "Mục lục (tiếp theo)",
            font=FONT_BOLD,
            size=20 * frame.scale,
            max_lines=1,
            color=ACCENT,
        )
        footer = _footer(frame, f"{pack.title} · mục lục {page + 1}/{pages}")
        pitch = (heading.y - frame.gap - footer.top - frame.gap) / INDEX_LINES
        boxes: list[Box] = [heading]
        cursor = heading.y - frame.gap
        for number, entry in enumerate(entries[page * INDEX_LINES : (page + 1) * INDEX_LINES]):
            boxes += _index_entry(frame, f"entry-{number + 1}", cursor, *entry)
            cursor -= pitch
        boxes.append(footer)
        yield frame.page(boxes)


def _index_entry(
    frame: Frame, name: str, top: float, title: str, code: str, where: str
) -> list[Box]:
    """A field heading (no code), or a poster's title, code and page number."""
    s, left, width, size = frame.scale, frame.margin, frame.inner_width, 10.5 * frame.scale
    if not code:
        heading = text_box(
            name, left, top, width, title, font=FONT_BOLD, size=size, max_lines=1, color=ACCENT
        )
        return [heading]
    code_width, page_width, indent = 42 * mm * s, 14 * mm * s, 4 * mm * s
    title_width = width - code_width - page_width - 2 * frame.gap
    return [
        text_box(name, left + indent, top, title_width - indent, title, size=size, max_lines=1),
        text_box(
            f"{name}-code",
            left + title_width + frame.gap,
            top,
            code_width,
            code,
            size=size,
            max_lines=1,
            color=MUTED,
        ),
        text_box(
            f"{name}-page",
            left + width - page_width,
            top,
            page_width,
            where,
            size=size,
            max_lines=1,
            align="right",
        ),
    ]


def field_layouts(
    section: Section, members: Mapping[str, Member], settings: PosterSettings, fingerprint: str
) -> Iterator[PageLayout]:
    """A field poster: one page (more if the field is long) with a small QR per procedure."""
    grid = FieldGrid.for_size(settings.size)
    frame = grid.frame
    s, left, width = frame.scale, frame.margin, frame.inner_width
    pages = max(1, math.ceil(len(section.codes) / grid.per_page))
    for page in range(pages):
        top = frame.height - frame.margin
        office = office_box(left, top, width, settings, size=10 * s)
        name = text_box(
            "field", left, office.y, width, section.name, font=FONT_BOLD, size=22 * s, max_lines=2
        )
        more = f" (trang {page + 1}/{pages})" if pages > 1 else ""
        hint = text_box(
            "hint",
            left,
            name.y - 0.5 * frame.gap,
            width,
            f"Quét mã của thủ tục bạn cần để xem hướng dẫn đầy đủ{more}",
            size=10 * s,
            max_lines=1,
            color=MUTED,
        )
        rule = RuleBox("rule", left, hint.y - 0.5 * frame.gap - 1.2 * s, width, 1.2 * s)
        boxes: list[Box] = [office, name, hint, rule]
        grid_top = top - grid.header_height
        codes = section.codes[page * grid.per_page : (page + 1) * grid.per_page]
        for index, code in enumerate(codes):
            row, column = divmod(index, grid.columns)
            x = left + column * (grid.cell_width + frame.gap)
            cell_top = grid_top - row * (grid.slot + frame.gap)
            boxes += _field_cell(index + 1, members[code], x, cell_top, grid)
        boxes.append(
            _footer(
                frame, f"Lĩnh vực {section.name} · {len(section.codes)} thủ tục · {fingerprint}"
            )
        )
        yield frame.page(boxes)


def _field_cell(number: int, member: Member, x: float, top: float, grid: FieldGrid) -> list[Box]:
    s, gap = grid.frame.scale, grid.frame.gap
    code = qr_box(f"qr-{number}", x, top, member.matrix, grid.symbol)
    text_x = x + grid.slot + 0.5 * gap
    text_width = x + grid.cell_width - text_x
    bottom = top - grid.slot
    meta = member.procedure.meta
    code_line = text_box(
        f"code-{number}",
        text_x,
        bottom + text_height(1, 8.5 * s),
        text_width,
        f"Mã {member.procedure.code}",
        size=8.5 * s,
        max_lines=1,
        color=MUTED,
    )
    fee = text_box(
        f"fee-{number}", text_x, 0.0, text_width, f"Lệ phí: {meta.fee}", size=9 * s, max_lines=2
    )
    fee = replace(fee, y=code_line.top + 0.3 * gap)
    room = top - 4 * code.module - fee.top - 0.5 * gap
    title = text_box(
        f"title-{number}",
        text_x,
        top - 4 * code.module,
        text_width,
        member.procedure.title,
        font=FONT_BOLD,
        size=10.5 * s,
        max_lines=lines_that_fit(room, 10.5 * s),
    )
    return [code, title, fee, code_line]


def sticker_layouts(
    pack: PackPlan, members: Mapping[str, Member], fingerprint: str
) -> Iterator[PageLayout]:
    """A4 label sheets: per label a QR of at least 25 mm, the short title and the code."""
    width, height = A4
    codes = pack.codes
    pages = max(1, math.ceil(len(codes) / STICKERS_PER_PAGE))
    pad = 1.5 * mm
    slot = STICKER_QR_SYMBOL * QR_SLOT_FACTOR
    for page in range(pages):
        boxes: list[Box] = []
        chunk = codes[page * STICKERS_PER_PAGE : (page + 1) * STICKERS_PER_PAGE]
        for index, code in enumerate(chunk):
            row, column = divmod(index, STICKER_COLUMNS)
            x = STICKER_LEFT + column * STICKER_PITCH_X
            top = height - STICKER_TOP - row * STICKER_HEIGHT
            member = members[code]
            qr_top = top - (STICKER_HEIGHT - slot) / 2
            code_box = qr_box(f"qr-{index + 1}", x + pad, qr_top, member.matrix, STICKER_QR_SYMBOL)
            text_x = x + pad + slot + 0.5 * mm
            text_width = x + STICKER_WIDTH - pad - text_x
            label = text_box(
                f"code-{index + 1}",
                text_x,
                top - 3 * mm,
                text_width,
                member.procedure.code,
                font=FONT_BOLD,
                size=8,
                max_lines=2,
                color=ACCENT,
            )
            room = label.y - 1 * mm - (top - STICKER_HEIGHT + 3 * mm)
            title = text_box(
                f"title-{index + 1}",
                text_x,
                label.y - 1 * mm,
                text_width,
                member.procedure.title,
                size=7.5,
                max_lines=lines_that_fit(room, 7.5),
            )
            boxes += [code_box, label, title]
        yield PageLayout(width, height, 0.0, tuple(boxes))


def pack_layouts(
    pack: PackPlan, members: Mapping[str, Member], settings: PosterSettings, fingerprint: str
) -> Iterator[PageLayout]:
    """Every page of a pack, in order; posters are the very layouts of single posters."""
    register_fonts()
    if pack.kind == "stickers":
        yield from sticker_layouts(pack, members, fingerprint)
        return
    if pack.kind == "fields":
        for section in pack.sections:
            yield from field_layouts(section, members, settings, fingerprint)
        return
    if pack.kind == "posters":
        yield from front_layouts(pack, members, settings, fingerprint)
    elif pack.kind == "reprint":
        if reprint_index(pack.sections):
            yield from index_layouts(pack, members, settings, 2)
    else:
        yield from field_layouts(pack.sections[0], members, settings, fingerprint)
    for code in pack.codes:
        member = members[code]
        yield poster.layout_poster(
            member.procedure, member.matrix, member.short_url, settings, member.fingerprint
        )


def front_layouts(
    pack: PackPlan, members: Mapping[str, Member], settings: PosterSettings, fingerprint: str
) -> Iterator[PageLayout]:
    """A posters pack's cover and index: every page before its first poster."""
    yield cover_layout(pack, members, settings, fingerprint)
    yield from index_layouts(pack, members, settings, 2 + index_pages(pack.sections))


def render_pages(
    layouts: Iterable[PageLayout], title: str, settings: PosterSettings
) -> tuple[bytes, int]:
    """Laid-out pages as one PDF, and how many there are."""
    buffer = io.BytesIO()
    pdf = new_canvas(buffer, page_size(settings.size), title, settings.office_name or "thutuc")
    pages = 0
    for layout in layouts:
        draw_page(pdf, layout)
        pages += 1
    pdf.save()
    return buffer.getvalue(), pages


def render_pack(
    pack: PackPlan, members: Mapping[str, Member], settings: PosterSettings, fingerprint: str
) -> tuple[bytes, int]:
    """The pack as one PDF, and its page count (each page sets its own size)."""
    return render_pages(pack_layouts(pack, members, settings, fingerprint), pack.title, settings)


def render_front(
    pack: PackPlan, members: Mapping[str, Member], settings: PosterSettings, fingerprint: str
) -> bytes:
    """A posters pack's cover and index, to which the cached posters are appended."""
    return render_pages(front_layouts(pack, members, settings, fingerprint), pack.title, settings)[
        0
    ]
