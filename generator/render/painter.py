"""The painter: laid-out pages into PDF, with Roboto embedded and subset.

Text lines are written as the very operators reportlab's `drawString` writes, without its
per-line text object, bidi and shaping checks (text was over half of drawing a pack). That
uses reportlab internals (`canvas._doc`, `TTFont.splitString`), so it runs only with a
reportlab release it was checked against and falls back to the public `drawString` family
otherwise. tests/test_poster.py holds the two to equal bytes.
"""

from __future__ import annotations

import io
import weakref
from functools import lru_cache
from typing import Any

import reportlab
from reportlab import rl_config
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen import canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from generator.qr import QrMatrix
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

try:  # ISA-L's deflate: a sixth of zlib's time on page streams and fonts
    from isal import isal_zlib
except ImportError:  # pragma: no cover - a dependency; zlib's default gives the same pages
    isal_zlib = None

#: Bump when the same layout is written as other PDF bytes (fonts, streams, operators): cached
#: PDFs are redrawn, while print codes, which name what a page shows, stay as they are.
WRITER_VERSION = "3"

#: reportlab releases whose internals `_draw_text_fast` was checked against.
TESTED_REPORTLAB = ("4.", "5.0.", "5.1.")
FAST_TEXT = reportlab.Version.startswith(TESTED_REPORTLAB)
#: ISA-L's level for page streams and font subsets (0 to 3).
DEFLATE_LEVEL = 3


class FastFlate(pdfdoc.PDFStreamFilterZCompress):
    """reportlab's Flate filter with ISA-L's deflate at its best level instead of zlib's
    default: zlib took 0.34 s of a cold build's 1,000 posters and their packs, ISA-L takes
    0.06 s, for page streams 18 % larger (3.6 to 4.3 MB in all; fonts are a small part)."""

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf-8") if isinstance(text, str) else text
        return isal_zlib.compress(data, DEFLATE_LEVEL)  # type: ignore[union-attr,no-any-return]


def use_fast_deflate() -> None:
    """Have reportlab deflate with `FastFlate`: its pages and fonts take the filter from the
    module's `PDFZCompress` when a PDF is saved (an internal, so only with a release this was
    checked against, and only with ISA-L installed)."""
    if FAST_TEXT and isal_zlib is not None and not isinstance(pdfdoc.PDFZCompress, FastFlate):
        pdfdoc.PDFZCompress = FastFlate()


def new_canvas(
    buffer: io.BytesIO, size: tuple[float, float], title: str, author: str
) -> canvas.Canvas:
    """A reproducible canvas (no timestamps), so equal content gives equal bytes.

    Streams are Flate only: reportlab's default ASCII85 layer on top adds a quarter to every
    page's content, and PDFium copies it as is into single posters and whole packs.
    """
    register_fonts()
    use_fast_deflate()
    rl_config.useA85 = 0
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
        shown = _shown(font, document, size, line)
        pdf.addLiteral(f"BT 1 0 0 1 {fp_str(x, baseline)} Tm {shown} T* ET")


#: Per PDF document, the text operators of each line already written there, by font and size.
#: A pack repeats most of its lines on every page (the labels, the office, the footer): 14,069
#: lines in six packs of the bench corpus, 5,486 of them different. Kept per document because a
#: font's subsets are numbered there in the order characters first appear: a line written once
#: has all its characters placed, so writing it again gives the same operators.
_SHOWN: weakref.WeakKeyDictionary[Any, dict[tuple[str, str, str], str]] = (
    weakref.WeakKeyDictionary()
)


def _shown(font: Any, document: Any, size: str, line: str) -> str:
    """`line` as `Tf` and `Tj` operators of the font's subsets in `document`."""
    written = _SHOWN.setdefault(document, {})
    key = (font.fontName, size, line)
    operators = written.get(key)
    if operators is None:
        parts, current = [], -1
        for subset, chunk in font.splitString(line, document):
            if subset != current:
                parts.append(f"{font.getSubsetInternalName(subset, document)} {size}")
                current = subset
            parts.append(f"({escapePDF(chunk)}) Tj")
        operators = written[key] = " ".join(parts)
    return operators


def _draw_qr(pdf: canvas.Canvas, box: QrBox) -> None:
    """Dark modules as one vector path of squares, straight from the cached matrix.

    Drawn in module units (a `cm` that scales by the module and flips y to run down the rows),
    so each run is four small integers, `column row length 1 re`: a third of the bytes of
    page coordinates, on every poster, pack page and sticker.
    """
    assert box.matrix is not None
    code = [_qr_path(box.matrix)]
    pdf.saveState()
    pdf.transform(box.module, 0, 0, -box.module, box.x, box.top)
    pdf.setFillColor(QR_DARK)
    pdf.drawPath(PDFPathObject(code=code), stroke=0, fill=1)
    pdf.restoreState()


@lru_cache(maxsize=2048)
def _qr_path(matrix: QrMatrix) -> str:
    """The path operators of a code's dark runs, written once per process: a code is drawn
    on its poster, its field poster and its sticker, and often by the same worker."""
    return " ".join(["n", *(f"{c} {r} {n} 1 re" for r, c, n in matrix.dark_runs())])
