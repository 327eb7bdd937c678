"""The geometry of pack pages: the printable frame of a paper size, the grid of a field
poster, and the label sheet of stickers. Planning counts pages with it; layouts place boxes
in it."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from generator.qr import QUIET_ZONE
from generator.render.layout import (
    GAP_A4,
    MARGIN_A4,
    Box,
    PageLayout,
    page_scale,
    page_size,
    text_height,
)

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


@dataclass(frozen=True)
class Frame:
    """The printable area of one page size, and its scale against A4."""

    width: float
    height: float
    scale: float

    @classmethod
    def for_size(cls, size: str) -> Frame:
        width, height = page_size(size)
        return cls(width, height, page_scale(size))

    @property
    def margin(self) -> float:
        return MARGIN_A4 * self.scale

    @property
    def gap(self) -> float:
        return GAP_A4 * self.scale

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
