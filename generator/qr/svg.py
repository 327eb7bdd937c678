"""QR codes as SVG: one path, so no hairline seams, and safe to inline in HTML."""

from __future__ import annotations

from markupsafe import escape

from generator.qr.matrix import QrMatrix


def to_svg(matrix: QrMatrix, title: str | None = None) -> str:
    """A single-path SVG: no seams between modules, and safe to inline in HTML."""
    path = "".join(f"M{x} {y}h{n}v1h-{n}z" for y, x, n in matrix.dark_runs())
    size = matrix.size
    label = ""
    if title is not None:
        label = f"<title>{escape(title)}</title>"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges" role="img">{label}'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/></svg>\n'
    )
