"""The site as an installable web app: manifest and icons, drawn from one shape list.

A one-stop shop's kiosk tablet adds the site to its home screen and opens it full screen;
browsers ask for `/favicon.ico` whatever the page says. The icon (a QR code's three finder
patterns on the theme's indigo) is described once as squares and written as SVG, PNG and ICO,
so the favicon, the home-screen icon and the tab icon always match.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image, ImageDraw

# Registers the ICO writer: saving a format PIL has not registered makes it import every one
# of its forty format plugins first (`Image.init`, 25 ms of each build).
from PIL import IcoImagePlugin  # noqa: F401  isort: skip

INDIGO = "#3f51b5"
WHITE = "#ffffff"
GRID = 24
#: (x, y, side, colour) on a 24-unit grid; the content stays in the middle 2/3, the safe
#: zone of a "maskable" icon that a launcher may crop to a circle.
SQUARES: tuple[tuple[int, int, int, str], ...] = (
    *(
        square
        for x, y in ((4, 4), (14, 4), (4, 14))
        for square in ((x, y, 6, WHITE), (x + 1, y + 1, 4, INDIGO), (x + 2, y + 2, 2, WHITE))
    ),
    (14, 14, 2, WHITE),
    (18, 14, 2, WHITE),
    (16, 16, 2, WHITE),
    (14, 18, 2, WHITE),
    (18, 18, 2, WHITE),
)
ICON_DIR = "assets/thutuc"
PNG_SIZES = (192, 512)


def icon_svg() -> str:
    """The favicon as SVG: crisp at any size, a few hundred bytes."""
    shapes = "".join(
        f'<rect x="{x}" y="{y}" width="{side}" height="{side}" fill="{colour}"/>'
        for x, y, side, colour in SQUARES
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}">'
        f'<rect width="{GRID}" height="{GRID}" rx="4" fill="{INDIGO}"/>{shapes}</svg>\n'
    )


def icon_image(size: int) -> Image.Image:
    """The icon as a square bitmap, full bleed (launchers round the corners themselves)."""
    scale = size / GRID
    image = Image.new("RGB", (size, size), INDIGO)
    draw = ImageDraw.Draw(image)
    for x, y, side, colour in SQUARES:
        left, top = round(x * scale), round(y * scale)
        right, bottom = round((x + side) * scale) - 1, round((y + side) * scale) - 1
        draw.rectangle((left, top, right, bottom), fill=colour)
    return image


def manifest(name: str, short_name: str) -> dict[str, object]:
    """The web app manifest; every URL is relative to it, so a path prefix works."""
    return {
        "name": name,
        "short_name": short_name,
        "lang": "vi",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": WHITE,
        "theme_color": INDIGO,
        "icons": [
            {"src": "favicon.svg", "sizes": "any", "type": "image/svg+xml"},
            *(
                {
                    "src": f"{ICON_DIR}/icon-{size}.png",
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any maskable",
                }
                for size in PNG_SIZES
            ),
        ],
    }


def write_web_app(site_dir: Path, name: str, short_name: str) -> None:
    """Write the manifest, `favicon.svg`, `favicon.ico` and the home-screen PNGs."""
    (site_dir / "manifest.webmanifest").write_text(
        json.dumps(manifest(name, short_name), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    (site_dir / "favicon.svg").write_text(icon_svg(), encoding="utf-8")
    ico = io.BytesIO()
    icon_image(48).save(ico, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    (site_dir / "favicon.ico").write_bytes(ico.getvalue())
    (site_dir / ICON_DIR).mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        buffer = io.BytesIO()
        icon_image(size).convert("P", palette=Image.Palette.ADAPTIVE, colors=2).save(
            buffer, format="PNG", optimize=True
        )
        (site_dir / ICON_DIR / f"icon-{size}.png").write_bytes(buffer.getvalue())
