"""The painter: laid-out pages into PDF, with Roboto embedded and subset.

Text lines are written as the very operators reportlab's `drawString` writes, without its
per-line text object, bidi and shaping checks (text was over half of drawing a pack). That
uses reportlab internals (`canvas._doc`, `TTFont.splitString`), so it runs only with a
reportlab release it was checked against and falls back to the public `drawString` family
otherwise. tests/test_poster.py holds the two to equal bytes.
"""

from __future__ import annotations

import io

import reportlab
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from generator.render.layout import (
    ASCENT,
    FONT,
    LEADING,
    QR_DARK,
    PageLayout,
    QrBox,
    RuleBox,
    TextBox,
    register_fonts,
)

#: reportlab releases whose internals `_draw_text_fast` was checked against.
TESTED_REPORTLAB = ("4.", "5.0.", "5.1.")
FAST_TEXT = reportlab.Version.startswith(TESTED_REPORTLAB)


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
    if FAST_TEXT and hasattr(pdf, "_doc"):
        _draw_text_fast(pdf, box)
    else:
        _draw_text_public(pdf, box)


def _draw_text_public(pdf: canvas.Canvas, box: TextBox) -> None:
    """Each line through reportlab's public API."""
    pdf.setFont(box.font, box.size)
    pdf.setFillColor(box.color)
    draw = {"center": pdf.drawCentredString, "right": pdf.drawRightString}.get(
        box.align, pdf.drawString
    )
    x = {"center": box.x + box.width / 2, "right": box.right}.get(box.align, box.x)
    for index, line in enumerate(box.lines):
        draw(x, box.top - box.size * (ASCENT + index * LEADING), line)


def _draw_text_fast(pdf: canvas.Canvas, box: TextBox) -> None:
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
