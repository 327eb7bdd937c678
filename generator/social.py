"""Link previews: a 1200×630 PNG per procedure (title and QR) for Zalo, Facebook and the like.

Chat apps show the Open Graph image when a link is posted, so a ward leader sharing a page in
a neighbourhood group shows the procedure's name and its QR at a glance. Drawn with Pillow in
Roboto from the `font_roboto` package, so the picture is the same on every machine.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import font_roboto
from PIL import Image, ImageDraw, ImageFont

from generator import qr

#: Bump when the drawing below changes, so cached previews are redrawn.
LAYOUT_VERSION = "2"
WIDTH, HEIGHT = 1200, 630
SOCIAL_DIR = "social"
#: The preview of pages that are not procedures (home, fields).
SITE_IMAGE = f"{SOCIAL_DIR}/site.png"

MARGIN = 56
QR_BOX = 430
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


@dataclass(frozen=True)
class Preview:
    """What a preview image says."""

    title: str
    kicker: str = ""
    footer: str = ""


def social_path(code: str) -> str:
    """Site-relative path of a procedure's preview image."""
    return f"{SOCIAL_DIR}/{code}.png"


@cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(Path(font_roboto.font_directory) / f"Roboto-{weight}.ttf"), size)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to `width` pixels; a single over-long word is kept on its own line."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _fit_title(title: str, width: int, max_height: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits; long official names are cut with an ellipsis."""
    for size in (68, 60, 52, 46, 40, 36):
        font = _font("Bold", size)
        lines = wrap(title, font, width)
        if len(lines) * int(size * 1.2) <= max_height:
            return font, lines
    max_lines = max_height // int(size * 1.2)
    kept = lines[:max_lines]
    last = kept[-1]
    while last and font.getlength(last + " …") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last + " …"
    return font, kept


def render_preview(preview: Preview, matrix: qr.QrMatrix | None = None) -> Image.Image:
    """Title on the left, the QR code on the right (when given), a coloured band on top."""
    image = Image.new("L", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 18), fill=BAND)
    text_right = WIDTH - MARGIN
    if matrix is not None:
        scale = QR_BOX // matrix.size
        code = qr.to_image(matrix, scale).convert("L")
        left = WIDTH - MARGIN - code.width
        top = (HEIGHT - code.height) // 2 + 9
        image.paste(code, (left, top))
        text_right = left - 40
    text_width = text_right - MARGIN
    y = MARGIN + 18
    if preview.kicker:
        kicker = _font("Medium", 30)
        for line in wrap(preview.kicker, kicker, text_width)[:2]:
            draw.text((MARGIN, y), line, font=kicker, fill=BAND)
            y += 40
        y += 16
    footer_font = _font("Regular", 26)
    footer_lines = wrap(preview.footer, footer_font, text_width)[:2] if preview.footer else []
    footer_top = HEIGHT - MARGIN - 34 * len(footer_lines)
    font, lines = _fit_title(preview.title, text_width, footer_top - 24 - y)
    step = int(font.size * 1.2)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK)
        y += step
    for index, line in enumerate(footer_lines):
        draw.text((MARGIN, footer_top + 34 * index), line, font=footer_font, fill=MUTED)
    return image


def to_png(image: Image.Image) -> bytes:
    """An 8-bit palette PNG: the grey levels become indices into the site's colours."""
    buffer = io.BytesIO()
    coloured = Image.frombytes("P", image.size, image.tobytes())
    coloured.putpalette(PALETTE)
    coloured.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def procedure_preview_png(
    title: str, code: str, field: str, matrix: qr.QrMatrix, site_name: str
) -> bytes:
    """The preview of one procedure page, with its QR so a phone can scan it off a screen."""
    preview = Preview(title=title, kicker=f"{field} · Mã {code}", footer=site_name)
    return to_png(render_preview(preview, matrix))


def write_site_preview(site_dir: Path, site_name: str, description: str) -> Path:
    """The preview for the home and field pages: the site's name and what it is for."""
    target = site_dir / SITE_IMAGE
    target.parent.mkdir(parents=True, exist_ok=True)
    preview = Preview(title=site_name, kicker="Hướng dẫn thủ tục hành chính", footer=description)
    target.write_bytes(to_png(render_preview(preview)))
    return target
