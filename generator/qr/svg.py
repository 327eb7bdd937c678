"""QR codes as SVG: one path, so no hairline seams, and safe to inline in HTML."""

from __future__ import annotations

from markupsafe import escape

from generator.qr.matrix import QrMatrix


def path_data(matrix: QrMatrix) -> str:
    """Each row's dark runs as strokes one module wide along the row's middle: `M4 4.5h7`
    starts a row, `m2 0h1` skips two light modules and draws one. Half the bytes of a closed
    square per run (`M13 4h1v1h-1z`), and strokes of one path leave no seams either."""
    parts = []
    row, end = -1, 0
    for y, x, n in matrix.dark_runs():
        parts.append(f"M{x} {y}.5h{n}" if y != row else f"m{x - end} 0h{n}")
        row, end = y, x + n
    return "".join(parts)


def to_svg(matrix: QrMatrix, title: str | None = None) -> str:
    """A single-path SVG on a white square: no seams between modules, and safe to inline in
    HTML."""
    size = matrix.size
    label = ""
    if title is not None:
        label = f"<title>{escape(title)}</title>"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges" role="img">{label}'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{path_data(matrix)}" stroke="#000"/></svg>\n'
    )
