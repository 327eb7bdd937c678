"""Link previews: a 1200×630 PNG per procedure (title and QR) for Zalo, Facebook and the like.

Chat apps show the Open Graph image when a link is posted, so a ward leader sharing a page in
a neighbourhood group shows the procedure's name and its QR at a glance. Drawn with Pillow in
Roboto from the `font_roboto` package, so the picture is the same on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache, partial
from pathlib import Path

import font_roboto
from PIL import Image, ImageDraw, ImageFont

from generator import qr, urls
from generator.render import palette_png
from generator.render.text import clip, wrap

#: Bump when the drawing below changes, so cached previews are redrawn.
LAYOUT_VERSION = "3"
WIDTH, HEIGHT = 1200, 630

MARGIN = 56
QR_BOX = 430
TITLE_SIZES = (68, 60, 52, 46, 40, 36)
# Drawn in grey levels, then coloured by a palette: an 8-bit image saves several times faster
# than RGB and needs no quantising, which matters with thousands of procedures.
INK, BAND, MUTED, PAPER = 0, 64, 128, 255
INK_RGB = (20, 24, 38)
BAND_RGB = (48, 63, 159)  # Material's indigo 700, the site's header colour


def _palette() -> list[int]:
    """Grey level to colour: ink up to the band's indigo, then on to white."""
    colours: list[int] = []
    for level in range(256):
        if level <= BAND:
            start, end, t = INK_RGB, BAND_RGB, level / BAND
        else:
            start, end, t = BAND_RGB, (255, 255, 255), (level - BAND) / (PAPER - BAND)
        colours.extend(round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
    return colours


PALETTE = _palette()
_PALETTE_BYTES = bytes(PALETTE)


@dataclass(frozen=True)
class Preview:
    """What a preview image says."""

    title: str
    kicker: str = ""
    footer: str = ""


@cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    # BASIC layout: titles are NFC and Roboto has every precomposed Vietnamese letter, so no
    # shaping is needed. It does drop Roboto's kerning (GPOS, which RAQM applied), but its
    # whole-pixel advances and no pair adjustments let words and glyphs be measured and
    # rendered once (see `_length`, `_glyph`).
    path = Path(font_roboto.font_directory) / f"Roboto-{weight}.ttf"
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=65536)
def _length(font: ImageFont.FreeTypeFont, word: str) -> float:
    """A word's advance in pixels. With BASIC layout (no kerning: Roboto has no legacy `kern`
    table) a line is exactly as long as its words and spaces, so each word is measured once."""
    return font.getlength(word)


@dataclass(frozen=True)
class _Glyph:
    """One character's coverage mask and where it sits against the pen."""

    mask: Image.Image | None
    left: int
    top: int
    advance: float


@lru_cache(maxsize=8192)
def _glyph(font: ImageFont.FreeTypeFont, char: str) -> _Glyph:
    """Rendered once per font and character: `draw.text` has FreeType load, hint and render
    every glyph of a line again on each call, which was most of the time spent on a preview."""
    left, top, right, bottom = (int(v) for v in font.getbbox(char))
    mask = None
    if right > left and bottom > top:
        mask = Image.new("L", (right - left, bottom - top), 0)
        ImageDraw.Draw(mask).text((-left, -top), char, font=font, fill=255)
    return _Glyph(mask, left, top, font.getlength(char))


def draw_text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[int, int],
    text: str,
    font: ImageFont.FreeTypeFont,
    fill: int,
) -> None:
    """`draw.text` from cached glyph masks, pixel for pixel the same: with BASIC layout each
    glyph sits at a whole-pixel pen position (hinted advances are whole pixels, no kerning),
    so a line is its characters' masks side by side."""
    x, y = xy
    for char in text:
        glyph = _glyph(font, char)
        if glyph.mask is not None:
            draw.bitmap((x + glyph.left, y + glyph.top), glyph.mask, fill=fill)
        x += glyph.advance


def _fit_title(title: str, width: int, max_height: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits; long official names are cut with an ellipsis."""
    for size in TITLE_SIZES:
        font = _font("Bold", size)
        lines = wrap(title, partial(_length, font), width)
        if len(lines) * int(size * 1.2) <= max_height:
            return font, lines
    return font, clip(lines, max_height // int(size * 1.2), partial(_length, font), width)


#: A row's binary digits to grey levels: dark modules ("1") in ink, light ones on paper.
_QR_LEVELS = bytes.maketrans(b"01", bytes([PAPER, INK]))


def _qr_image(matrix: qr.QrMatrix, scale: int) -> Image.Image:
    """The code in grey levels straight from the matrix's row ints, `scale` pixels per module
    (skips the 1-bit image and two conversions of `qr.to_image`)."""
    size = matrix.size
    digits = "".join(format(bits, f"0{size}b") for bits in matrix.row_bits)
    image = Image.frombytes("L", (size, size), digits.encode().translate(_QR_LEVELS))
    return image.resize((size * scale, size * scale), Image.Resampling.NEAREST)


@lru_cache(maxsize=64)
def _backdrop(footer: str, text_width: int) -> tuple[Image.Image, int]:
    """The parts every preview of a site shares, drawn once per process: the band on top
    and the footer (the site's name), with the top of the footer's first line. A preview
    starts as a copy of it."""
    image = Image.new("L", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 18), fill=BAND)
    footer_font = _font("Regular", 26)
    lines = wrap(footer, partial(_length, footer_font), text_width)[:2] if footer else []
    footer_top = HEIGHT - MARGIN - 34 * len(lines)
    for index, line in enumerate(lines):
        draw_text(draw, (MARGIN, footer_top + 34 * index), line, footer_font, MUTED)
    return image, footer_top


def render_preview(preview: Preview, matrix: qr.QrMatrix | None = None) -> Image.Image:
    """Title on the left, the QR code on the right (when given), a coloured band on top."""
    text_right = WIDTH - MARGIN
    code = None
    if matrix is not None:
        code = _qr_image(matrix, QR_BOX // matrix.size)
        text_right = WIDTH - MARGIN - code.width - 40
    text_width = text_right - MARGIN
    backdrop, footer_top = _backdrop(preview.footer, text_width)
    image = backdrop.copy()
    draw = ImageDraw.Draw(image)
    if code is not None:
        image.paste(code, (text_right + 40, (HEIGHT - code.height) // 2 + 9))
    y = MARGIN + 18
    if preview.kicker:
        kicker = _font("Medium", 30)
        for line in wrap(preview.kicker, partial(_length, kicker), text_width)[:2]:
            draw_text(draw, (MARGIN, y), line, kicker, BAND)
            y += 40
        y += 16
    font, lines = _fit_title(preview.title, text_width, footer_top - 24 - y)
    step = int(font.size * 1.2)
    for line in lines:
        draw_text(draw, (MARGIN, y), line, font, INK)
        y += step
    return image


def to_png(image: Image.Image) -> bytes:
    """An 8-bit palette PNG: the grey levels become indices into the site's colours, written
    by `palette_png`, which deflates only the rows that differ from the one above."""
    return palette_png.encode(image.width, image.height, image.tobytes(), _PALETTE_BYTES)


def procedure_preview_png(
    title: str, code: str, field: str, matrix: qr.QrMatrix, site_name: str
) -> bytes:
    """The preview of one procedure page, with its QR so a phone can scan it off a screen."""
    preview = Preview(title=title, kicker=f"{field} · Mã {code}", footer=site_name)
    return to_png(render_preview(preview, matrix))


def write_site_preview(site_dir: Path, site_name: str, description: str) -> Path:
    """The preview for the home and field pages: the site's name and what it is for."""
    target = site_dir / urls.SITE_PREVIEW
    target.parent.mkdir(parents=True, exist_ok=True)
    preview = Preview(title=site_name, kicker="Hướng dẫn thủ tục hành chính", footer=description)
    target.write_bytes(to_png(render_preview(preview)))
    return target
