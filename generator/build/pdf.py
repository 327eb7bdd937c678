"""PDF post-processing with PDFium: previews, single posters cut from packs, packs assembled
from cached pages, and file IDs that keep equal content giving equal bytes."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image

#: Bump when previews are drawn otherwise, so cached ones are redrawn (`packs.WRITER`).
PREVIEW_VERSION = "3"


def preview_png(pdf: bytes, width: int = 540) -> bytes:
    """The first page as a small PNG for the staff page, drawn at 1.5 times the 360 px it is
    shown at: sharp on the common 1.5× phone screens, a little soft on 2× ones, where it only
    says which pack this is (the PDF is one tap away). At 720 px a cold build of 1,000
    procedures spent 0.65 s of CPU on its 34 previews (19 ms each, 1,049 KB); at 540 px
    0.38 s (11 ms, 768 KB).

    Paths are drawn without anti-aliasing (text keeps it): a field page's QR codes then have
    crisp edges instead of grey ones, which deflate far better. Quantised to 256 colours (fast
    octree: deterministic, no channel off by more than 15 of 255, which no one can see at this
    size) and saved at zlib's default level. At 720 px, for a field page of QR codes: 32 KB in
    30 ms with the rendering, where smoothed paths at level 1 gave 56 KB in 26 ms (and an RGB PNG
    with `optimize=True` 78 KB); level 9 would save another 2 KB for 50 ms more.
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        bitmap = page.render(scale=width / page.get_width(), rev_byteorder=True, no_smoothpath=True)
        image = bitmap.to_pil()
        page.close()
    finally:
        document.close()
    if image.mode != "RGB":
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.quantize(256, method=Image.Quantize.FASTOCTREE).save(
        buffer, format="PNG", compress_level=6
    )
    return buffer.getvalue()


def split_posters(pdf: bytes, first: int, count: int) -> list[bytes]:
    """Pages `first` to `first + count - 1` of a pack, each as a one-page PDF.

    A field pack already draws every poster of its field, so the single posters are cut
    from it (about 0.3 ms a page with PDFium) rather than drawn a second time (about 5 ms).
    Each keeps the pack's font subsets, which cover its own letters.
    """
    import pypdfium2

    source = pypdfium2.PdfDocument(pdf)
    posters = []
    try:
        for index in range(first, first + count):
            single = pypdfium2.PdfDocument.new()
            try:
                single.import_pages(source, pages=[index])
                buffer = io.BytesIO()
                single.save(buffer)
            finally:
                single.close()
            posters.append(_stable_id(buffer.getvalue()))
    finally:
        source.close()
    return posters


_TRAILER_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<[0-9A-Fa-f]+>\s*\]")


def _stable_id(pdf: bytes) -> bytes:
    """PDFium writes a random second file ID; repeat the first (same length, so offsets
    hold) to keep equal content giving equal bytes."""
    head, tail = pdf[:-2048], pdf[-2048:]
    return head + _TRAILER_ID.sub(lambda m: b"/ID[<%s><%s>]" % (m[1], m[1]), tail, count=1)


def append_pages(front: bytes, parts: list[tuple[Path, int]]) -> tuple[bytes, int]:
    """`front`, then the pages of each cached PDF in `parts` after its first `skip` pages."""
    import pypdfium2

    document = pypdfium2.PdfDocument(front)
    try:
        for path, skip in parts:
            source = pypdfium2.PdfDocument(path)
            try:
                document.import_pages(source, pages=list(range(skip, len(source))))
            finally:
                source.close()
        assembled = io.BytesIO()
        document.save(assembled)
        pages = len(document)
    finally:
        document.close()
    return _stable_id(assembled.getvalue()), pages
