"""Poster packs: many pages in one PDF for staff, redrawn only when their members change.

A pack is planned from the catalog alone (names, titles and page counts are known before
anything is drawn, so the staff page can list them), then drawn from the matrices the
artifact run cached: a pack never encodes a QR code again. Like the per-procedure files, each
pack is cached under `.cache/` by a fingerprint of its layout and of what it prints of each
member: whole posters for the posters and field packs, only code, title (and fee) and the QR
code for field posters and stickers, so editing a summary leaves those two packs alone.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
from collections.abc import Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from generator import urls
from generator.build.artifacts import ArtifactRun, RenderReport, link_or_copy
from generator.build.feed import PackInfo
from generator.build.pool import WorkerPool
from generator.content.catalog import Catalog, FieldGroup
from generator.content.procedure import Procedure
from generator.qr import QUIET_ZONE, QrMatrix
from generator.render import poster
from generator.render.poster import (
    ACCENT,
    FONT_BOLD,
    MUTED,
    Box,
    PageLayout,
    PosterSettings,
    RuleBox,
    office_box,
    qr_box,
    text_box,
    text_height,
)

#: Bump when covers, index pages, field posters or stickers are drawn differently.
PACK_LAYOUT_VERSION = "3"
MANIFEST_NAME = "packs.json"
#: Single posters, cut from the field packs, under the packs' cache folder.
POSTERS_DIR = "posters"
#: Index entries per page, at every paper size (text scales with the paper).
INDEX_LINES = 40
#: Smallest symbols on field posters and stickers (quiet zone excluded).
FIELD_QR_SYMBOL = 31 * mm
STICKER_QR_SYMBOL = 25.5 * mm
#: Room kept for a QR box whatever its version: a version-1 code has the widest quiet zone.
QR_SLOT_FACTOR = (21 + 2 * QUIET_ZONE) / 21
#: A4 label sheet with 3 × 7 labels of 63.5 × 38.1 mm (the common L7160 layout).
STICKER_COLUMNS, STICKER_ROWS = 3, 7
STICKER_WIDTH, STICKER_HEIGHT = 63.5 * mm, 38.1 * mm
STICKER_PITCH_X = 66.04 * mm
STICKER_LEFT, STICKER_TOP = 7.21 * mm, 15.15 * mm
STICKERS_PER_PAGE = STICKER_COLUMNS * STICKER_ROWS
#: Below this many pages to draw, a process pool costs more than it saves.
POOL_PAGES = 80

Kind = Literal["posters", "field", "fields", "stickers"]

#: Front-matter keys a field poster or a sticker prints of each member, besides its QR code
#: (its field is the section heading, already in the pack's fingerprint). Packs of posters
#: print whole posters, so they key on each poster's own fingerprint instead.
LISTED_KEYS: dict[Kind, tuple[str, ...]] = {
    "fields": ("code", "title", "fee"),
    "stickers": ("code", "title"),
}


@dataclass(frozen=True)
class Section:
    """A run of procedures under one heading (a field), by code."""

    name: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class PackPlan:
    """One pack: what it holds and how many pages it will have, before any drawing."""

    name: str
    kind: Kind
    title: str
    description: str
    sections: tuple[Section, ...]
    pages: int

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for section in self.sections for code in section.codes)

    @property
    def filename(self) -> str:
        return f"pack-{self.name}.pdf"

    @property
    def path(self) -> str:
        return f"{urls.POSTER_DIR}/{self.filename}"

    @property
    def preview(self) -> str:
        return f"{urls.POSTER_DIR}/pack-{self.name}.png"


@dataclass(frozen=True)
class Member:
    """What a pack needs of one procedure, the cached matrix included."""

    procedure: Procedure
    short_url: str
    fingerprint: str
    matrix: QrMatrix


@dataclass
class PackReport(RenderReport):
    """The artifact counters, by pack name, plus what the feed lists."""

    packs: list[PackInfo] = field(default_factory=list)


# -- planning ---------------------------------------------------------------------------------


def _sections(groups: list[FieldGroup]) -> tuple[Section, ...]:
    return tuple(
        Section(group.name, tuple(p.code for p in group.active)) for group in groups if group.active
    )


def index_pages(sections: tuple[Section, ...]) -> int:
    lines = sum(1 + len(section.codes) for section in sections)
    return max(1, math.ceil(lines / INDEX_LINES))


def pack_pages(kind: Kind, sections: tuple[Section, ...], settings: PosterSettings) -> int:
    count = sum(len(section.codes) for section in sections)
    per_field_page = FieldGrid.for_size(settings.size).per_page
    field_pages = sum(math.ceil(len(section.codes) / per_field_page) for section in sections)
    if kind == "posters":
        return 1 + index_pages(sections) + count
    if kind == "field":
        return field_pages + count
    if kind == "fields":
        return field_pages
    return math.ceil(count / STICKERS_PER_PAGE)


def plan(
    name: str,
    kind: Kind,
    title: str,
    description: str,
    sections: tuple[Section, ...],
    settings: PosterSettings,
) -> PackPlan:
    pages = pack_pages(kind, sections, settings)
    return PackPlan(name, kind, title, description, sections, pages)


def plan_packs(catalog: Catalog, settings: PosterSettings) -> list[PackPlan]:
    """Every pack a build publishes, in the order the staff page lists them."""
    sections = _sections(catalog.fields)
    if not sections:
        return []
    plans = [
        plan(
            "all",
            "posters",
            "Tất cả áp phích",
            "Bìa, mục lục và áp phích của mọi thủ tục đang áp dụng",
            sections,
            settings,
        ),
        plan(
            "fields",
            "fields",
            "Áp phích theo lĩnh vực",
            "Mỗi lĩnh vực một trang, mỗi thủ tục một mã QR nhỏ",
            sections,
            settings,
        ),
        plan(
            "stickers",
            "stickers",
            "Tờ nhãn dán",
            "Nhãn có mã QR, tên và mã thủ tục để dán ở quầy, bàn làm việc; "
            "21 nhãn trên một tờ A4 (nhãn 63,5 × 38,1 mm)",
            sections,
            settings,
        ),
    ]
    for group, section in zip([g for g in catalog.fields if g.active], sections, strict=True):
        plans.append(
            plan(
                f"field-{group.slug}",
                "field",
                f"Lĩnh vực {group.name}",
                "Trang tổng hợp của lĩnh vực, rồi áp phích từng thủ tục",
                (section,),
                settings,
            )
        )
    return plans


def reprint_plan(catalog: Catalog, codes: list[str], settings: PosterSettings) -> PackPlan:
    """A pack of just the given posters, grouped by field as in the catalog."""
    wanted = set(codes)
    groups = [
        Section(group.name, tuple(p.code for p in group.active if p.code in wanted))
        for group in catalog.fields
    ]
    sections = tuple(section for section in groups if section.codes)
    return plan(
        "reprint",
        "posters",
        "Áp phích cần in lại",
        "Các áp phích có nội dung thay đổi từ lần in trước",
        sections,
        settings,
    )


# -- layouts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """The printable area of one page size, and its scale against A4."""

    width: float
    height: float
    scale: float

    @classmethod
    def for_size(cls, size: str) -> Frame:
        width, height = poster.page_size(size)
        return cls(width, height, poster.page_scale(size))

    @property
    def margin(self) -> float:
        return poster.MARGIN_A4 * self.scale

    @property
    def gap(self) -> float:
        return poster.GAP_A4 * self.scale

    @property
    def inner_width(self) -> float:
        return self.width - 2 * self.margin

    def page(self, boxes: list[Box]) -> PageLayout:
        return PageLayout(self.width, self.height, self.margin, tuple(boxes))


@dataclass(frozen=True)
class FieldGrid:
    """Cells of a field poster: a QR of at least 31 mm with the procedure's name beside it."""

    frame: Frame
    symbol: float
    columns: int
    rows: int
    header_height: float
    footer_height: float

    @classmethod
    def for_size(cls, size: str) -> FieldGrid:
        frame = Frame.for_size(size)
        s = frame.scale
        symbol = FIELD_QR_SYMBOL * max(1.0, s)
        slot = symbol * QR_SLOT_FACTOR
        cell_min = slot + 45 * mm * s
        columns = max(1, int((frame.inner_width + frame.gap) // (cell_min + frame.gap)))
        header = (
            text_height(1, 10 * s)
            + text_height(2, 22 * s)
            + text_height(1, 10 * s)
            + 2 * frame.gap
            + 1.2 * s
        )
        footer = text_height(1, 8.5 * s) + frame.gap
        room = frame.height - 2 * frame.margin - header - footer
        rows = max(1, int((room + frame.gap) // (slot + frame.gap)))
        return cls(frame, symbol, columns, rows, header, footer)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def slot(self) -> float:
        return self.symbol * QR_SLOT_FACTOR

    @property
    def cell_width(self) -> float:
        gap = self.frame.gap
        return (self.frame.inner_width - (self.columns - 1) * gap) / self.columns


def _footer(frame: Frame, text: str) -> Box:
    size = 8.5 * frame.scale
    return text_box(
        "footer",
        frame.margin,
        frame.margin + text_height(1, size),
        frame.inner_width,
        text,
        size=size,
        max_lines=1,
        color=MUTED,
    )


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
    s, left, width = frame.scale, frame.margin, frame.inner_width
    entries: list[tuple[str, str, str]] = []
    page_number = first_poster
    for section in pack.sections:
        entries.append((section.name, "", ""))
        for code in section.codes:
            entries.append((members[code].procedure.title, code, f"tr. {page_number}"))
            page_number += 1
    pages = index_pages(pack.sections)
    heading_size, size = 20 * s, 10.5 * s
    top = frame.height - frame.margin
    for page in range(pages):
        heading = text_box(
            "heading",
            left,
            top,
            width,
            "Mục lục" if page == 0 else "Mục lục (tiếp theo)",
            font=FONT_BOLD,
            size=heading_size,
            max_lines=1,
            color=ACCENT,
        )
        footer = _footer(frame, f"{pack.title} · mục lục {page + 1}/{pages}")
        pitch = (heading.y - frame.gap - footer.top - frame.gap) / INDEX_LINES
        boxes: list[Box] = [heading]
        cursor = heading.y - frame.gap
        code_width, page_width = 42 * mm * s, 14 * mm * s
        title_width = width - code_width - page_width - 2 * frame.gap
        for number, (title, code, where) in enumerate(
            entries[page * INDEX_LINES : (page + 1) * INDEX_LINES]
        ):
            name = f"entry-{number + 1}"
            if not code:
                boxes.append(
                    text_box(
                        name,
                        left,
                        cursor,
                        width,
                        title,
                        font=FONT_BOLD,
                        size=size,
                        max_lines=1,
                        color=ACCENT,
                    )
                )
            else:
                indent = 4 * mm * s
                boxes += [
                    text_box(
                        name,
                        left + indent,
                        cursor,
                        title_width - indent,
                        title,
                        size=size,
                        max_lines=1,
                    ),
                    text_box(
                        f"{name}-code",
                        left + title_width + frame.gap,
                        cursor,
                        code_width,
                        code,
                        size=size,
                        max_lines=1,
                        color=MUTED,
                    ),
                    text_box(
                        f"{name}-page",
                        left + width - page_width,
                        cursor,
                        page_width,
                        where,
                        size=size,
                        max_lines=1,
                        align="right",
                    ),
                ]
            cursor -= pitch
        boxes.append(footer)
        yield frame.page(boxes)


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
        max_lines=poster.lines_that_fit(room, 10.5 * s),
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
                max_lines=poster.lines_that_fit(room, 7.5),
            )
            boxes += [code_box, label, title]
        yield PageLayout(width, height, 0.0, tuple(boxes))


def pack_layouts(
    pack: PackPlan, members: Mapping[str, Member], settings: PosterSettings, fingerprint: str
) -> Iterator[PageLayout]:
    """Every page of a pack, in order; posters are the very layouts of single posters."""
    poster.register_fonts()
    if pack.kind == "stickers":
        yield from sticker_layouts(pack, members, fingerprint)
        return
    if pack.kind == "fields":
        for section in pack.sections:
            yield from field_layouts(section, members, settings, fingerprint)
        return
    if pack.kind == "posters":
        yield from front_layouts(pack, members, settings, fingerprint)
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


def render_pack(
    pack: PackPlan, members: Mapping[str, Member], settings: PosterSettings, fingerprint: str
) -> tuple[bytes, int]:
    """The pack as one PDF, and its page count."""
    buffer = io.BytesIO()
    size = A4 if pack.kind == "stickers" else poster.page_size(settings.size)
    pdf = poster.new_canvas(buffer, size, pack.title, settings.office_name or "thutuc")
    pages = 0
    for layout in pack_layouts(pack, members, settings, fingerprint):
        poster.draw_page(pdf, layout)
        pages += 1
    pdf.save()
    return buffer.getvalue(), pages


def preview_png(pdf: bytes, width: int = 720) -> bytes:
    """The first page as a small PNG for the staff page, drawn at twice the 360 px it is shown
    at, so it stays sharp on phones and high-density screens.

    Quantised to 256 colours (fast octree: deterministic, no channel off by more than 15 of
    255, which no one can see at this size) and saved at zlib level 1. For a field page of QR
    codes: 10 ms and 24 KB in all, where an RGB PNG with `optimize=True` took 79 ms for 78 KB
    (at level 1, lossless, still 14 ms for 70 KB: Pillow filters RGB rows adaptively).
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=width / page.get_width(), rev_byteorder=True)
        image = bitmap.to_pil()
        page.close()
    finally:
        document.close()
    if image.mode != "RGB":
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.quantize(256, method=Image.Quantize.FASTOCTREE).save(
        buffer, format="PNG", compress_level=1
    )
    return buffer.getvalue()


# -- cache and build --------------------------------------------------------------------------


def pack_fingerprint(
    pack: PackPlan, fingerprints: Mapping[str, str], settings: PosterSettings
) -> str:
    """Changes when what the pack prints of a member (`fingerprints`, see `member_keys`), the
    member list, the pack's layout or settings change."""
    content = {
        "layout": [PACK_LAYOUT_VERSION, poster.LAYOUT_VERSION, repr(settings)],
        "pack": [pack.name, pack.kind, pack.title, pack.description],
        "sections": [[s.name, [[c, fingerprints[c]] for c in s.codes]] for s in pack.sections],
    }
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:10]


@dataclass(frozen=True)
class PackJob:
    pack: PackPlan
    fingerprint: str
    members: dict[str, Member]


def _files(cache_dir: Path, name: str, fingerprint: str) -> tuple[Path, Path]:
    stem = cache_dir / f"{name}-{fingerprint}"
    return stem.with_suffix(".pdf"), stem.with_suffix(".png")


def poster_file(cache_dir: Path, code: str, fingerprint: str) -> Path:
    """Where a procedure's single poster is cached: cut from its field pack."""
    return cache_dir / POSTERS_DIR / f"{code}-{fingerprint}.pdf"


def split_posters(pdf: bytes, first: int, count: int) -> list[bytes]:
    """Pages `first` to `first + count - 1` of a pack, each as a one-page PDF.

    A field pack already draws every poster of its field, so the single posters are cut
    from it (about 0.3 ms a page with PDFium) rather than drawn a second time (about 5 ms).
    Each keeps the pack's font subsets, which cover its own letters.
    """
    import pypdfium2

    source = pypdfium2.PdfDocument(pdf)
    posters = []
    try:
        for index in range(first, first + count):
            single = pypdfium2.PdfDocument.new()
            try:
                single.import_pages(source, pages=[index])
                buffer = io.BytesIO()
                single.save(buffer)
            finally:
                single.close()
            posters.append(_stable_id(buffer.getvalue()))
    finally:
        source.close()
    return posters


def render_pack_job(job: PackJob, settings: PosterSettings, cache_dir: Path) -> tuple[str, int]:
    """Draw one pack into the cache (PDF and preview), and for a field pack the single
    posters of its members; runs in a worker process."""
    pdf, pages = render_pack(job.pack, job.members, settings, job.fingerprint)
    pdf_path, png_path = _files(cache_dir, job.pack.name, job.fingerprint)
    pdf_path.write_bytes(pdf)
    png_path.write_bytes(preview_png(pdf))
    if job.pack.kind == "field":
        codes = job.pack.codes
        (cache_dir / POSTERS_DIR).mkdir(exist_ok=True)
        for code, single in zip(
            codes, split_posters(pdf, pages - len(codes), len(codes)), strict=True
        ):
            poster_file(cache_dir, code, job.members[code].fingerprint).write_bytes(single)
    return job.pack.name, pages


class PackCache:
    """`packs.json` and the cached pack files of one site."""

    def __init__(self, cache_dir: Path) -> None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.cache_dir = cache_dir
        self.manifest_path = cache_dir / MANIFEST_NAME
        self.entries: dict[str, dict[str, object]] = {}
        if self.manifest_path.exists():
            try:
                self.entries = json.loads(self.manifest_path.read_text(encoding="utf-8"))["packs"]
            except (ValueError, KeyError, TypeError):
                self.entries = {}

    def is_fresh(self, name: str, fingerprint: str) -> bool:
        entry = self.entries.get(name)
        if not entry or entry.get("fingerprint") != fingerprint:
            return False
        return all(path.exists() for path in _files(self.cache_dir, name, fingerprint))

    def files(self, name: str) -> tuple[Path, Path]:
        return _files(self.cache_dir, name, str(self.entries[name]["fingerprint"]))

    def pages(self, name: str) -> int:
        return int(self.entries[name]["pages"])  # type: ignore[call-overload]

    def record(self, name: str, fingerprint: str, pages: int) -> None:
        self.entries[name] = {"fingerprint": fingerprint, "pages": pages}

    def save(self, keep: set[str]) -> None:
        """Write the manifest and delete files of packs or fingerprints no longer used."""
        self.entries = {name: e for name, e in sorted(self.entries.items()) if name in keep}
        live = {f"{name}-{entry['fingerprint']}" for name, entry in self.entries.items()}
        for path in self.cache_dir.glob("*-*.*"):
            if path.suffix in (".pdf", ".png") and path.stem not in live:
                path.unlink(missing_ok=True)
        tmp = self.manifest_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"packs": self.entries}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.manifest_path)


def poster_fingerprints(catalog: Catalog, settings: PosterSettings) -> dict[str, str]:
    """The fingerprint printed on each active procedure's poster."""
    return {p.code: poster.fingerprint(p, catalog.short_url(p), settings) for p in catalog.active}


def member_keys(run: ArtifactRun, posters: Mapping[str, str]) -> dict[Kind, dict[str, str]]:
    """Per pack kind and member, a hash of just what that kind of pack prints of the member:
    its poster (fingerprint in `posters`) for packs of posters, only the listed keys for
    field posters and stickers; and for all, the very QR matrix cached by the artifact run."""
    printed: dict[Kind, tuple[str, ...] | None] = {"posters": None, "field": None, **LISTED_KEYS}
    keys: dict[Kind, dict[str, str]] = {kind: {} for kind in printed}
    for procedure in run.catalog.active:
        matrix = _qr_key(run, procedure)
        for kind, listed in printed.items():
            shown = (
                posters[procedure.code]
                if listed is None
                else procedure.meta.model_dump(mode="json", include=set(listed))
            )
            blob = json.dumps([shown, matrix], sort_keys=True, ensure_ascii=False)
            keys[kind][procedure.code] = hashlib.sha256(blob.encode("utf-8")).hexdigest()[:10]
    return keys


def _qr_key(run: ArtifactRun, procedure: Procedure) -> list[object]:
    entry = run.cache.entries[procedure.code]
    return [run.catalog.short_url(procedure), entry["version"], entry["matrix"]]


def members_of(run: ArtifactRun, codes: set[str]) -> dict[str, Member]:
    """Members from a finished artifact run: cached fingerprints and matrices, no encoding."""
    settings = run.settings.poster
    members = {}
    for code in sorted(codes):
        procedure = run.catalog.by_code[code]
        members[code] = Member(
            procedure=procedure,
            short_url=run.catalog.short_url(procedure),
            fingerprint=poster.fingerprint(procedure, run.catalog.short_url(procedure), settings),
            matrix=run.matrix_of(procedure),
        )
    return members


def field_packs_for(pack: PackPlan, plans: list[PackPlan]) -> list[PackPlan] | None:
    """The field packs whose posters are, in order, all of `pack`'s posters (None if any
    section has no such pack), so `pack` can be assembled instead of drawn."""
    if pack.kind != "posters":
        return None
    by_section = {plan.sections[0]: plan for plan in plans if plan.kind == "field"}
    parts = [by_section.get(section) for section in pack.sections]
    return None if any(part is None for part in parts) else parts  # type: ignore[return-value]


def assemble_pack(
    job: PackJob, parts: list[tuple[Path, int]], settings: PosterSettings, cache_dir: Path
) -> tuple[str, int]:
    """Draw a posters pack's cover and index, then copy in the poster pages of field packs
    already in the cache (`(pdf, pages to skip)`): a one-procedure edit redraws one field
    pack, not every poster of the catalogue again."""
    import pypdfium2

    buffer = io.BytesIO()
    size = poster.page_size(settings.size)
    pdf = poster.new_canvas(buffer, size, job.pack.title, settings.office_name or "thutuc")
    for layout in front_layouts(job.pack, job.members, settings, job.fingerprint):
        poster.draw_page(pdf, layout)
    pdf.save()
    front = buffer.getvalue()
    document = pypdfium2.PdfDocument(front)
    try:
        for path, skip in parts:
            source = pypdfium2.PdfDocument(path)
            try:
                document.import_pages(source, pages=list(range(skip, len(source))))
            finally:
                source.close()
        assembled = io.BytesIO()
        document.save(assembled)
        pages = len(document)
    finally:
        document.close()
    pdf_path, png_path = _files(cache_dir, job.pack.name, job.fingerprint)
    pdf_path.write_bytes(_stable_id(assembled.getvalue()))
    png_path.write_bytes(preview_png(front))
    return job.pack.name, pages


_TRAILER_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<[0-9A-Fa-f]+>\s*\]")


def _stable_id(pdf: bytes) -> bytes:
    """PDFium writes a random second file ID; repeat the first (same length, so offsets
    hold) to keep equal content giving equal bytes."""
    head, tail = pdf[:-2048], pdf[-2048:]
    return head + _TRAILER_ID.sub(lambda m: b"/ID[<%s><%s>]" % (m[1], m[1]), tail, count=1)


class PackRun:
    """Packs brought up to date in two steps, like `ArtifactRun`: `start` submits the drawing
    to a process pool, so it can overlap MkDocs rendering pages; `finish` collects it,
    assembles the whole pack, saves the manifest and copies the files.

    `run` must have finished (`run.wait()`), so fingerprints and matrices are in its manifest.
    """

    def __init__(self, run: ArtifactRun, cache_dir: Path) -> None:
        self.settings = settings = run.settings.poster
        self.cache_dir = cache_dir
        self.plans = plan_packs(run.catalog, settings)
        self.cache = PackCache(cache_dir)
        self.report = PackReport()
        self.posters = poster_fingerprints(run.catalog, settings)
        keys = member_keys(run, self.posters)
        needed: set[str] = set()
        keyed = [(pack, pack_fingerprint(pack, keys[pack.kind], settings)) for pack in self.plans]
        for pack, fp in keyed:
            if self.cache.is_fresh(pack.name, fp) and self._has_posters(pack):
                self.report.reused.append(pack.name)
            else:
                needed.update(pack.codes)
        members = members_of(run, needed)
        self.stale = [
            PackJob(pack, fp, {c: members[c] for c in pack.codes})
            for pack, fp in keyed
            if pack.name not in self.report.reused
        ]
        for job in self.stale:
            self.cache.record(job.pack.name, job.fingerprint, 0)
        self.assembled = {
            job.pack.name: parts
            for job in self.stale
            if (parts := field_packs_for(job.pack, self.plans)) is not None
        }
        drawn = [job for job in self.stale if job.pack.name not in self.assembled]
        self.drawn = sorted(drawn, key=lambda job: -job.pack.pages)
        self._pool: WorkerPool | None = None
        self._own_pool: WorkerPool | None = None
        self._futures: list[Future[tuple[str, int]]] = []
        self._completed = False

    def _has_posters(self, pack: PackPlan) -> bool:
        """Whether the single posters a field pack is cut into are all in the cache."""
        if pack.kind != "field":
            return True
        return all(
            poster_file(self.cache_dir, code, self.posters[code]).exists() for code in pack.codes
        )

    def start(self, pool: WorkerPool | None = None) -> PackRun:
        """Submit the drawing to `pool`, or to a pool of every core when there is enough to
        draw; without either, `complete` draws in this process."""
        pages = sum(job.pack.pages for job in self.drawn)
        if pool is None and len(self.drawn) >= 2 and pages >= POOL_PAGES:
            pool = self._own_pool = WorkerPool(min(os.cpu_count() or 1, len(self.drawn)))
        if pool is not None:
            self._pool = pool
            self._futures = [
                pool.submit(render_pack_job, job, self.settings, self.cache_dir)
                for job in self.drawn
            ]
        return self

    def complete(self) -> None:
        """Wait for the drawing, assemble the whole pack (on the pool if there is one) and
        save the manifest; `finish` calls it if nobody did."""
        if self._completed:
            return
        try:
            if self._futures:
                results = [future.result() for future in self._futures]
            else:
                results = [render_pack_job(j, self.settings, self.cache_dir) for j in self.drawn]
            cache, report = self.cache, self.report
            for name, pages in results:
                cache.entries[name]["pages"] = pages
                report.rendered.append(name)
            assembling = []
            for job in self.stale:
                if job.pack.name in self.assembled:
                    parts = [
                        (cache.files(part.name)[0], cache.pages(part.name) - len(part.codes))
                        for part in self.assembled[job.pack.name]
                    ]
                    args = (job, parts, self.settings, self.cache_dir)
                    if self._pool is not None:
                        assembling.append(self._pool.submit(assemble_pack, *args))
                    else:
                        assembling.append(_done(assemble_pack(*args)))
            for future in assembling:
                name, pages = future.result()
                cache.entries[name]["pages"] = pages
                report.rendered.append(name)
            cache.save({pack.name for pack in self.plans})
            live = {poster_file(self.cache_dir, code, fp) for code, fp in self.posters.items()}
            for path in (self.cache_dir / POSTERS_DIR).glob("*.pdf"):
                if path not in live:
                    path.unlink(missing_ok=True)
        finally:
            self.cancel()
        self._completed = True

    def finish(self, dest_dir: Path | None = None) -> PackReport:
        """Complete, then copy every pack and its preview, and every single poster, to
        `dest_dir`."""
        self.complete()
        report = self.report
        for pack in self.plans:
            report.packs.append(
                PackInfo(name=pack.name, path=pack.path, pages=self.cache.pages(pack.name))
            )
            if dest_dir is not None:
                pdf_path, png_path = self.cache.files(pack.name)
                link_or_copy(pdf_path, dest_dir / pack.filename)
                link_or_copy(png_path, dest_dir / Path(pack.preview).name)
        if dest_dir is not None:
            for code, fingerprint in self.posters.items():
                single = dest_dir / Path(urls.poster_path(code)).name
                link_or_copy(poster_file(self.cache_dir, code, fingerprint), single)
        return report

    def cancel(self) -> None:
        for future in self._futures:
            future.cancel()
        self._pool = None
        if self._own_pool is not None:
            self._own_pool.shutdown()
            self._own_pool = None


def _done(result: tuple[str, int]) -> Future[tuple[str, int]]:
    future: Future[tuple[str, int]] = Future()
    future.set_result(result)
    return future


def build_packs(run: ArtifactRun, cache_dir: Path, dest_dir: Path | None = None) -> PackReport:
    """Bring every pack up to date in the cache and copy it (and its preview) to `dest_dir`.

    `run` must have finished (`run.wait()`), so fingerprints and matrices are in its manifest.
    """
    return PackRun(run, cache_dir).start().finish(dest_dir)
