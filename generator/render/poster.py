"""Posters: one print-ready page per procedure, laid out as boxes before anything is drawn.

The layout is a plain function that returns boxes, so tests can prove from geometry alone that
nothing leaves the page and nothing enters the QR code's quiet zone; drawing only paints boxes.
Packs (`pack.py`) reuse the same boxes and the same painter, so a poster looks the same alone
and inside a pack.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import as_file, files
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, A5
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from generator import urls
from generator.content.procedure import Procedure
from generator.qr import QUIET_ZONE, QrMatrix

#: Bump when the drawing changes, so cached posters and packs are redrawn.
LAYOUT_VERSION = "2"

FONT = "Roboto"
FONT_BOLD = "Roboto-Bold"
FONT_FILES = {FONT: "Roboto-Regular.ttf", FONT_BOLD: "Roboto-Bold.ttf"}
PAGE_SIZES: dict[str, tuple[float, float]] = {"A3": A3, "A4": A4, "A5": A5}

#: Roboto's tallest glyph (stacked Vietnamese marks on capitals) and deepest descender, in ems.
ASCENT = 1.06
DESCENT = 0.28
LEADING = 1.25
ELLIPSIS = "…"

# Colour objects, not hex strings: given a string, reportlab's toColor builds a dict of every
# named colour on each call (26 µs, about 0.6 ms of every poster).
INK = colors.HexColor("#1b1b1f")
ACCENT = colors.HexColor("#1a237e")
MUTED = colors.HexColor("#55585f")
QR_DARK = colors.HexColor("#000000")

#: The QR symbol's width on A4, quiet zone excluded; scaled with the page for A3 and A5.
QR_SYMBOL_A4 = 101 * mm
#: Every element keeps this far from the paper's edge (scaled with the page).
MARGIN_A4 = 12 * mm
GAP_A4 = 3.5 * mm

CALL_TO_ACTION = "Quét mã để xem hướng dẫn đầy đủ"
FACT_LABELS = (
    ("fee", "Lệ phí"),
    ("processing_time", "Thời gian giải quyết"),
    ("agency", "Nơi nộp hồ sơ"),
)


@dataclass(frozen=True)
class PosterSettings:
    office_name: str = ""
    size: str = "A4"


# -- fonts ------------------------------------------------------------------------------------


def register_fonts() -> None:
    """Register Roboto (regular, bold) from the `font-roboto` package, once per process."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in FONT_FILES.items():
        if name in registered:
            continue
        with as_file(files("font_roboto") / "files" / filename) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))


def font_path(name: str = FONT) -> str:
    """The TTF file behind a font name, for tests that inspect its character map."""
    with as_file(files("font_roboto") / "files" / FONT_FILES[name]) as path:
        return str(path)


# -- boxes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A rectangle on the page in PDF points, origin at the bottom left."""

    name: str
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def overlaps(self, other: Box) -> bool:
        """True when the interiors meet; boxes that only touch do not overlap."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.top
            and other.y < self.top
        )

    def within(self, left: float, bottom: float, right: float, top: float) -> bool:
        eps = 1e-6
        return (
            self.x >= left - eps
            and self.y >= bottom - eps
            and self.right <= right + eps
            and self.top <= top + eps
        )


@dataclass(frozen=True)
class TextBox(Box):
    lines: tuple[str, ...] = ()
    font: str = FONT
    size: float = 10.0
    color: colors.Color = INK
    align: Literal["left", "center", "right"] = "left"


@dataclass(frozen=True)
class QrBox(Box):
    """The whole matrix, quiet zone included: no other box may enter it."""

    matrix: QrMatrix | None = None
    module: float = 0.0

    @property
    def symbol(self) -> Box:
        """The dark part of the code, inside the quiet zone."""
        border = QUIET_ZONE * self.module
        side = self.width - 2 * border
        return Box(f"{self.name}-symbol", self.x + border, self.y + border, side, side)


@dataclass(frozen=True)
class RuleBox(Box):
    color: colors.Color = ACCENT


@dataclass(frozen=True)
class PageLayout:
    width: float
    height: float
    margin: float
    boxes: tuple[Box, ...]

    def box(self, name: str) -> Box:
        return next(box for box in self.boxes if box.name == name)

    def named(self, prefix: str) -> list[Box]:
        return [box for box in self.boxes if box.name.startswith(prefix)]

    @property
    def qr_boxes(self) -> list[QrBox]:
        return [box for box in self.boxes if isinstance(box, QrBox)]

    def text(self) -> str:
        return "\n".join(line for b in self.boxes if isinstance(b, TextBox) for line in b.lines)


def page_size(size: str) -> tuple[float, float]:
    if size not in PAGE_SIZES:
        raise ValueError(f"poster size must be one of {', '.join(PAGE_SIZES)}, not {size!r}")
    return PAGE_SIZES[size]


def page_scale(size: str) -> float:
    """How much bigger than A4 a page is: text and spacing grow with the paper."""
    return page_size(size)[0] / A4[0]


# -- text fitting -----------------------------------------------------------------------------


def text_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


@lru_cache(maxsize=65536)
def _unit_width(word: str, font: str) -> float:
    """A word's width at 1 pt; widths scale linearly with size (reportlab does not kern)."""
    return pdfmetrics.stringWidth(word, font, 1.0)


def _longest_prefix(word: str, font: str, size: float, width: float) -> int:
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(word[:middle], font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break text into lines that fit `width`; words longer than a line (URLs) are cut."""
    lines: list[str] = []
    current, current_width = "", 0.0
    space = _unit_width(" ", font) * size
    for word in text.split():
        word_width = _unit_width(word, font) * size
        if current and current_width + space + word_width <= width:
            current, current_width = f"{current} {word}", current_width + space + word_width
            continue
        if current:
            lines.append(current)
        while word_width > width and len(word) > 1:
            cut = _longest_prefix(word, font, size, width)
            lines.append(word[:cut])
            word = word[cut:]
            word_width = text_width(word, font, size)
        current, current_width = word, word_width
    if current:
        lines.append(current)
    return lines


def clip(lines: list[str], max_lines: int, font: str, size: float, width: float) -> list[str]:
    """Keep at most `max_lines`, ending the last kept line with an ellipsis when text is cut."""
    if len(lines) <= max_lines:
        return lines
    if max_lines <= 0:
        return []
    kept = lines[:max_lines]
    last = kept[-1]
    while last and text_width(last + ELLIPSIS, font, size) > width:
        last = last[:-1]
    kept[-1] = last.rstrip(" ,;:") + ELLIPSIS
    return kept


def text_height(lines: int, size: float) -> float:
    """Height of `lines` lines, from the tallest accent to the deepest descender."""
    if lines <= 0:
        return 0.0
    return size * (ASCENT + DESCENT + (lines - 1) * LEADING)


def lines_that_fit(height: float, size: float) -> int:
    if height < text_height(1, size):
        return 0
    return 1 + int((height - text_height(1, size)) // (size * LEADING) + 1e-9)


def text_box(
    name: str,
    x: float,
    top: float,
    width: float,
    text: str,
    *,
    font: str = FONT,
    size: float,
    max_lines: int,
    color: colors.Color = INK,
    align: Literal["left", "center", "right"] = "left",
) -> TextBox:
    """A box hanging from `top`, as tall as its (clipped) lines."""
    lines = clip(wrap(text, font, size, width), max_lines, font, size, width)
    height = text_height(len(lines), size)
    return TextBox(name, x, top - height, width, height, tuple(lines), font, size, color, align)


def office_box(
    x: float, top: float, width: float, settings: PosterSettings, size: float, max_lines: int = 1
) -> TextBox:
    """The office's name in the accent colour: the first line of every printed page."""
    return text_box(
        "office",
        x,
        top,
        width,
        settings.office_name or "Bộ phận một cửa",
        font=FONT_BOLD,
        size=size,
        max_lines=max_lines,
        color=ACCENT,
    )


def fit_title(
    name: str, x: float, top: float, width: float, text: str, max_height: float, sizes: list[float]
) -> TextBox:
    """The largest size at which the whole title fits; at the smallest size, clip it."""
    for size in sizes:
        lines = wrap(text, FONT_BOLD, size, width)
        if text_height(len(lines), size) <= max_height:
            return text_box(
                name, x, top, width, text, font=FONT_BOLD, size=size, max_lines=len(lines)
            )
    smallest = sizes[-1]
    return text_box(
        name,
        x,
        top,
        width,
        text,
        font=FONT_BOLD,
        size=smallest,
        max_lines=lines_that_fit(max_height, smallest),
    )


def qr_box(name: str, x: float, top: float, matrix: QrMatrix, symbol_width: float) -> QrBox:
    """A QR box whose symbol is `symbol_width` wide, with the matrix's own quiet zone around."""
    module = symbol_width / (matrix.size - 2 * QUIET_ZONE)
    side = module * matrix.size
    return QrBox(name, x, top - side, side, side, matrix, module)


# -- the poster -------------------------------------------------------------------------------


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
    left, right, top, bottom = margin, page_width - margin, page_height - margin, margin
    width = right - left
    meta = procedure.meta
    boxes: list[Box] = []

    office = office_box(left, top, width, settings, size=11 * s)
    field = text_box(
        "field",
        left,
        office.y,
        width,
        f"Lĩnh vực: {procedure.field}",
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
        "summary", left, title.y - gap, width, meta.summary, size=12.5 * s, max_lines=5
    )
    boxes += [office, field, rule, title, summary]

    # The footer sits on the bottom margin; documents fill what the rest leaves.
    updated = meta.updated.strftime("%d/%m/%Y")
    footer_text = f"Mã thủ tục {procedure.code} · Cập nhật {updated} · Bản in {fingerprint}"
    footer_size = 9 * s
    footer = text_box(
        "footer",
        left,
        bottom + text_height(1, footer_size),
        width,
        footer_text,
        size=footer_size,
        max_lines=1,
        color=MUTED,
    )

    code = qr_box("qr", left, summary.y - gap, matrix, QR_SYMBOL_A4 * s)
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
    boxes += [code, url]

    # Beside the code: the call to action, then fee, time and place.
    column_x = code.right + gap / 2
    column_width = right - column_x
    cta = text_box(
        "call_to_action",
        column_x,
        code.top,
        column_width,
        CALL_TO_ACTION,
        font=FONT_BOLD,
        size=15 * s,
        max_lines=4,
        color=ACCENT,
    )
    boxes.append(cta)
    cursor = cta.y - gap
    label_size, value_size = 9.5 * s, 11 * s
    share = (cursor - code.y) / len(FACT_LABELS)
    value_lines = lines_that_fit(share - text_height(1, label_size) - 0.4 * gap - gap, value_size)
    for key, label in FACT_LABELS:
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
            str(getattr(meta, key)),
            size=value_size,
            max_lines=value_lines,
        )
        boxes += [label_box, value_box]
        cursor = value_box.y - gap

    boxes += _documents(meta.documents, left, url.y - gap, width, footer.top + gap, s, gap)
    boxes.append(footer)
    return PageLayout(page_width, page_height, margin, tuple(boxes))


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
        "Giấy tờ cần mang",
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


# -- painting ---------------------------------------------------------------------------------


def new_canvas(
    buffer: io.BytesIO, size: tuple[float, float], title: str, author: str
) -> canvas.Canvas:
    """A reproducible canvas (no timestamps), so equal content gives equal bytes."""
    register_fonts()
    pdf = canvas.Canvas(buffer, pagesize=size, invariant=1, pageCompression=1, initialFontName=FONT)
    pdf.setTitle(title)
    pdf.setAuthor(author)
    pdf.setCreator("thutuc")
    return pdf


def draw_page(pdf: canvas.Canvas, layout: PageLayout) -> None:
    """Paint a laid-out page and end it."""
    pdf.setPageSize((layout.width, layout.height))
    for box in layout.boxes:
        if isinstance(box, TextBox):
            _draw_text(pdf, box)
        elif isinstance(box, QrBox):
            _draw_qr(pdf, box)
        elif isinstance(box, RuleBox):
            pdf.setFillColor(box.color)
            pdf.rect(box.x, box.y, box.width, box.height, stroke=0, fill=1)
    pdf.showPage()


def _draw_text(pdf: canvas.Canvas, box: TextBox) -> None:
    """Each line as the very operators `drawString` (or its centred and right-aligned kin)
    writes for a TrueType font, without a text object and its bidi and shaping checks per line:
    text was over half of drawing a pack. tests/test_poster.py holds the two to equal bytes."""
    pdf.setFont(box.font, box.size)
    pdf.setFillColor(box.color)
    font = pdfmetrics.getFont(box.font)
    document = pdf._doc  # the font's subsets are kept per document
    size = f"{fp_str(box.size)} Tf {fp_str(box.size * 1.2)} TL"  # setFont's default leading
    for index, line in enumerate(box.lines):
        baseline = box.top - box.size * (ASCENT + index * LEADING)
        if box.align == "center":
            x = box.x + box.width / 2 - 0.5 * pdfmetrics.stringWidth(line, box.font, box.size)
        elif box.align == "right":
            x = box.right - pdfmetrics.stringWidth(line, box.font, box.size)
        else:
            x = box.x
        shown, current = [], -1
        for subset, chunk in font.splitString(line, document):
            if subset != current:
                shown.append(f"{font.getSubsetInternalName(subset, document)} {size}")
                current = subset
            shown.append(f"({escapePDF(chunk)}) Tj")
        pdf.addLiteral(f"BT 1 0 0 1 {fp_str(x, baseline)} Tm {' '.join(shown)} T* ET")


def _draw_qr(pdf: canvas.Canvas, box: QrBox) -> None:
    """Dark modules as one vector path of squares, straight from the cached matrix.

    The very `re` operators `path.rect` writes, but each coordinate is formatted once per
    column, row and run length rather than four times per run (0.66 to 0.2 ms a code).
    """
    assert box.matrix is not None
    m, size = box.module, box.matrix.size
    # One fp_str call per table: it formats each argument alone and joins them with spaces.
    xs = fp_str(*[box.x + column * m for column in range(size)]).split(" ")
    ys = fp_str(*[box.top - (row + 1) * m for row in range(size)]).split(" ")
    widths = fp_str(*[run * m for run in range(size + 1)]).split(" ")
    height = fp_str(m)
    code = ["n"]
    code += [
        f"{xs[column]} {ys[row]} {widths[run]} {height} re"
        for row, column, run in box.matrix.dark_runs()
    ]
    pdf.setFillColor(QR_DARK)
    pdf.drawPath(PDFPathObject(code=code), stroke=0, fill=1)


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
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:8]
