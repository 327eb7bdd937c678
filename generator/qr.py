"""QR codes: one matrix per procedure, from which every output (SVG, PNG, PDF) is drawn."""

from __future__ import annotations

import io
from dataclasses import dataclass

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_Q

QUIET_ZONE = 4


@dataclass(frozen=True)
class QrMatrix:
    """Dark modules, row by row, quiet zone included."""

    payload: str
    version: int
    rows: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        return len(self.rows)

    def dark_runs(self) -> list[tuple[int, int, int]]:
        """(row, column, length) of each horizontal run of dark modules."""
        runs = []
        for y, row in enumerate(self.rows):
            x = 0
            while x < len(row):
                if row[x]:
                    start = x
                    while x < len(row) and row[x]:
                        x += 1
                    runs.append((y, start, x - start))
                else:
                    x += 1
        return runs


def make_matrix(payload: str) -> QrMatrix:
    """Encode at error correction Q (posters get dirt, tape and glare) with a 4-module border."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    rows = tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
    return QrMatrix(payload=payload, version=code.version or 0, rows=rows)


def to_svg(matrix: QrMatrix, title: str | None = None) -> str:
    """A single-path SVG: no seams between modules, and safe to inline in HTML."""
    path = "".join(f"M{x} {y}h{n}v1h-{n}z" for y, x, n in matrix.dark_runs())
    size = matrix.size
    label = ""
    if title is not None:
        from markupsafe import escape

        label = f"<title>{escape(title)}</title>"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges" role="img">{label}'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/></svg>\n'
    )


def to_image(matrix: QrMatrix, scale: int = 10) -> Image.Image:
    """A black-on-white 1-bit image, `scale` pixels per module."""
    size = matrix.size
    data = bytes(0 if cell else 255 for row in matrix.rows for cell in row)
    image = Image.frombytes("L", (size, size), data)
    return image.resize((size * scale, size * scale), Image.Resampling.NEAREST).convert("1")


def to_png(matrix: QrMatrix, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    to_image(matrix, scale).save(buffer, format="PNG")
    return buffer.getvalue()


def to_hex(matrix: QrMatrix) -> str:
    """A compact text form for the cache manifest, so packs never re-encode a code."""
    bits = "".join("1" if cell else "0" for row in matrix.rows for cell in row)
    bits += "0" * (-len(bits) % 4)
    return f"{matrix.size}:{int(bits, 2):0{len(bits) // 4}x}"


def from_hex(payload: str, version: int, text: str) -> QrMatrix:
    size_text, digits = text.split(":", 1)
    size = int(size_text)
    bits = f"{int(digits, 16):0{len(digits) * 4}b}"
    rows = tuple(tuple(bit == "1" for bit in bits[y * size : (y + 1) * size]) for y in range(size))
    return QrMatrix(payload=payload, version=version, rows=rows)
