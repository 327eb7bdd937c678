"""The layout toolkit every printed page shares: fonts, page sizes, boxes and fitted text.

Layout is data, as in mkdocs-material's social cards: a page is a list of boxes placed here,
and `pdf.py` only paints them, so tests prove from geometry alone that nothing leaves the page
and nothing enters a QR code's quiet zone. Posters and packs use the same boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import as_file, files
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, A5
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from generator.i18n import _
from generator.qr import QUIET_ZONE, QrMatrix
from generator.render.text import Measure, clip, wrap

FONT = "Roboto"


FONT_BOLD = "Roboto-Bold"


FONT_FILES = {FONT: "Roboto-Regular.ttf", FONT_BOLD: "Roboto-Bold.ttf"}


PAGE_SIZES: dict[str, tuple[float, float]] = {"A3": A3, "A4": A4, "A5": A5}


#: Roboto's tallest glyph (stacked Vietnamese marks on capitals) and deepest descender, in ems.
ASCENT = 1.06


DESCENT = 0.28


LEADING = 1.25


# Colour objects, not hex strings: given a string, reportlab's toColor builds a dict of every
# named colour on each call (26 µs, about 0.6 ms of every poster).
INK = colors.HexColor("#1b1b1f")


ACCENT = colors.HexColor("#1a237e")


MUTED = colors.HexColor("#55585f")


QR_DARK = colors.HexColor("#000000")


#: Every element keeps this far from the paper's edge (scaled with the page).
MARGIN_A4 = 12 * mm


GAP_A4 = 3.5 * mm


@dataclass(frozen=True)
class PosterSettings:
    office_name: str = ""
    size: str = "A4"


def register_fonts() -> None:
    """Register Roboto (regular, bold) from the `font-roboto` package, once per process.

    Not `asciiReadable`: reportlab would otherwise put all 96 ASCII glyphs in every PDF's
    first subset, used or not; each PDF embeds only the letters it prints (a third less font
    in a single poster, which carries its field pack's subsets).
    """
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in FONT_FILES.items():
        if name in registered:
            continue
        with as_file(files("font_roboto") / "files" / filename) as path:
            pdfmetrics.registerFont(TTFont(name, str(path), asciiReadable=False))


def font_path(name: str = FONT) -> str:
    """The TTF file behind a font name, for tests that inspect its character map."""
    with as_file(files("font_roboto") / "files" / FONT_FILES[name]) as path:
        return str(path)


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
        raise ValueError(
            _("poster size must be one of {choices}, not {value}").format(
                choices=", ".join(PAGE_SIZES), value=repr(size)
            )
        )
    return PAGE_SIZES[size]


def page_scale(size: str) -> float:
    """How much bigger than A4 a page is: text and spacing grow with the paper."""
    return page_size(size)[0] / A4[0]


def text_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


@lru_cache(maxsize=65536)
def _unit_width(word: str, font: str) -> float:
    """A word's width at 1 pt; widths scale linearly with size (reportlab does not kern)."""
    return pdfmetrics.stringWidth(word, font, 1.0)


def measure_at(font: str, size: float) -> Measure:
    """Widths in points at `size`, from cached widths at 1 pt (reportlab does not kern)."""
    return lambda text: _unit_width(text, font) * size


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
    lines = fitted_lines(text, font, size, width, max_lines)
    height = text_height(len(lines), size)
    return TextBox(name, x, top - height, width, height, lines, font, size, color, align)


@lru_cache(maxsize=8192)
def fitted_lines(
    text: str, font: str, size: float, width: float, max_lines: int
) -> tuple[str, ...]:
    """`text` wrapped and clipped to the box, once per process for each text and box: every
    poster of a pack lays out the same labels, office and footer again."""
    measure = measure_at(font, size)
    return tuple(clip(wrap(text, measure, width), max_lines, measure, width))


def footer_box(x: float, bottom: float, width: float, text: str, size: float) -> TextBox:
    """One muted line standing on the bottom margin: every printed page's footer."""
    top = bottom + text_height(1, size)
    return text_box("footer", x, top, width, text, size=size, max_lines=1, color=MUTED)


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
        lines = wrap(text, measure_at(FONT_BOLD, size), width)
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
