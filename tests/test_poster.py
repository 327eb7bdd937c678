"""Posters: real PDFs, rasterised and decoded; layouts checked from their boxes."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageFilter
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont
from support.decode import qr_texts
from support.letters import vietnamese_letters
from support.project import FixtureProject, procedure_text

from generator import qr
from generator.content.catalog import Catalog
from generator.content.procedure import FrontMatter, Procedure
from generator.mkdocs.config import load_project
from generator.render import painter, poster, text
from generator.render.layout import (
    FONT,
    FONT_BOLD,
    MARGIN_A4,
    PageLayout,
    PosterSettings,
    QrBox,
    TextBox,
    font_path,
    page_scale,
    register_fonts,
    text_box,
    text_height,
    text_width,
)
from generator.render.painter import draw_page, new_canvas

OFFICE = "Bộ phận một cửa – UBND phường Minh Khai"
SHORT_URL = "https://THUTUC.EXAMPLE.GOV.VN/P/QT-250/"


def rasterise(pdf: bytes | Path, page: int = 0, dpi: float = 72) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[page].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def distortions(image: Image.Image) -> Iterator[tuple[str, Image.Image]]:
    """What a cheap phone does to a poster: tilt, blur, distance, compression, then all four."""
    width, height = image.size
    yield "sharp", image
    yield "rotated", image.rotate(4, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    yield "blurred", image.filter(ImageFilter.GaussianBlur(1.2))
    yield "downscaled", image.resize((width // 2, height // 2), Image.Resampling.LANCZOS)
    yield "jpeg", jpeg(image, 30)
    worst = image.rotate(-3, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    worst = worst.filter(ImageFilter.GaussianBlur(1.0))
    worst = worst.resize((worst.width * 3 // 5, worst.height * 3 // 5), Image.Resampling.LANCZOS)
    yield "all at once", jpeg(worst, 40)


def procedure(**overrides: object) -> Procedure:
    meta = {
        "code": "QT-250",
        "title": "Đăng ký khai sinh",
        "summary": "Làm giấy khai sinh cho trẻ mới sinh.",
        "field": "Hộ tịch",
        "agency": "Bộ phận một cửa, Ủy ban nhân dân phường",
        "processing_time": "Ngay trong ngày",
        "fee": "Miễn lệ phí",
        "documents": ["Tờ khai", "Giấy chứng sinh"],
        "updated": dt.date(2026, 11, 20),
    }
    meta.update(overrides)
    return Procedure(meta=FrontMatter.model_validate(meta), slug="x", source="x.md", body="")


def stress_procedure() -> Procedure:
    """The worst a poster must survive: 250-character title, 300-character summary, 25 items."""
    title = ("Thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất ở xã, phường, thị trấn " * 4)[:250]
    assert len(title) == 250 and not title.endswith(" ")
    summary = ("Người dân được hướng dẫn nộp hồ sơ, bổ sung giấy tờ và nhận kết quả. " * 8)[:300]
    documents = [
        f"Giấy tờ số {n}: bản sao có chứng thực hoặc bản chính để đối chiếu của người đề nghị"
        for n in range(1, 26)
    ]
    return procedure(
        title=title,
        summary=summary.strip(),
        documents=documents,
        fee="2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang, tối đa 200.000 đồng/bản; "
        "nộp trực tuyến được giảm 50% theo quy định hiện hành của Bộ Tài chính",
        agency="Bộ phận tiếp nhận và trả kết quả, Ủy ban nhân dân phường, tầng 1, nhà A, "
        "số 1 đường Minh Khai; hoặc Cổng Dịch vụ công quốc gia",
        processing_time="Không quá 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
    )


def stress_layout(size: str = "A4") -> tuple[Procedure, PageLayout]:
    item = stress_procedure()
    matrix = qr.make_matrix(SHORT_URL)
    settings = PosterSettings(office_name=OFFICE, size=size)
    return item, poster.layout_poster(item, matrix, SHORT_URL, settings, "0a1b2c3d")


def assert_layout_fits(layout: PageLayout) -> None:
    """Every box inside the margins, no two boxes overlapping, every line within its box."""
    margin = layout.margin
    for box in layout.boxes:
        assert box.within(margin, margin, layout.width - margin, layout.height - margin), box.name
        if isinstance(box, TextBox):
            for line in box.lines:
                assert text_width(line, box.font, box.size) <= box.width + 1e-6, line
            assert box.height >= text_height(len(box.lines), box.size) - 1e-6
    for first, second in itertools.combinations(layout.boxes, 2):
        assert not first.overlaps(second), (first.name, second.name)


# -- the sample site's posters ----------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_catalog(sample_site: FixtureProject) -> tuple[Catalog, PosterSettings]:
    project = load_project(str(sample_site.root / "mkdocs.yml"))
    return project.load().catalog, project.settings().poster


def test_every_poster_decodes_to_its_short_url_even_when_photographed_badly(
    sample_site: FixtureProject,
) -> None:
    posters = [e for e in sample_site.feed()["procedures"] if e["poster"]]
    assert len(posters) == 10
    for entry in posters:
        pdf = (sample_site.site / entry["poster"]).read_bytes()
        assert len(pypdfium2.PdfDocument(pdf)) == 1
        image = rasterise(pdf, dpi=72)
        for name, seen in distortions(image):
            assert qr_texts(seen) == [entry["short_url"]], (entry["code"], name)


def test_a4_code_is_at_least_100_mm_and_its_quiet_zone_is_white(
    sample_site: FixtureProject, sample_catalog: tuple[Catalog, PosterSettings]
) -> None:
    catalog, settings = sample_catalog
    assert settings.size == "A4"
    for item in catalog.active:
        url = catalog.short_url(item)
        matrix = qr.make_matrix(url)
        layout = poster.layout_poster(item, matrix, url, settings, "x")
        [code] = layout.qr_boxes
        assert code.symbol.width >= 100 * mm
        assert (code.symbol.x - code.x) / code.module == pytest.approx(qr.QUIET_ZONE)
        for other in layout.boxes:
            assert other is code or not other.overlaps(code), other.name
        image = rasterise(sample_site.site / f"posters/{item.code}.pdf", dpi=72)
        assert_quiet_zone_white(image, layout.height, code)


def assert_quiet_zone_white(image: Image.Image, page_height: float, code: QrBox) -> None:
    """At 72 dpi (a pixel per point): the ring around the symbol is blank paper."""
    pixels = image.load()
    symbol = code.symbol
    top, bottom = page_height - code.top, page_height - code.y
    inner_top, inner_bottom = page_height - symbol.top, page_height - symbol.y
    checked = 0
    for y in range(int(top) + 2, int(bottom) - 1):
        for x in range(int(code.x) + 2, int(code.right) - 1):
            if symbol.x - 2 <= x <= symbol.right + 1 and inner_top - 2 <= y <= inner_bottom + 1:
                continue
            assert pixels[x, y] > 235, (x, y)
            checked += 1
    assert checked > 4 * 4 * code.module * code.width * 0.8
    # The finder pattern's top-left module sits exactly where the layout says.
    finder = (int(symbol.x + code.module / 2), int(inner_top + code.module / 2))
    assert pixels[finder] < 60


def test_poster_text_has_the_title_with_diacritics_in_an_embedded_font(
    sample_site: FixtureProject,
) -> None:
    path = sample_site.site / "posters/1.001193.pdf"
    document = pypdfium2.PdfDocument(path)
    text = " ".join(document[0].get_textpage().get_text_range().split())
    assert "Đăng ký khai sinh" in text
    for label in ("Lệ phí", "Thời gian giải quyết", "Nơi nộp hồ sơ", "Giấy tờ cần mang"):
        assert label in text
    assert "Quét mã để xem hướng dẫn đầy đủ" in text
    assert "thutuc.example.gov.vn/P/1.001193/" in text
    assert "Mã thủ tục 1.001193" in text and "Cập nhật 20/11/2026" in text
    raw = path.read_bytes()
    fonts = set(re.findall(rb"/BaseFont ?/([A-Za-z+-]+)", raw))
    assert fonts == {b"AAAAAA+Roboto-Regular", b"AAAAAA+Roboto-Bold"}  # subset, nothing else
    assert raw.count(b"/FontFile2") == 2  # both embedded


@pytest.mark.parametrize("font", [FONT, FONT_BOLD])
def test_poster_fonts_cover_every_vietnamese_letter(font: str) -> None:
    path = font_path(font)
    assert "font_roboto" in path  # from the PyPI package, never a system folder
    cmap = TTFont(f"check-{font}", path).face.charToGlyph
    missing = sorted(letter for letter in vietnamese_letters() if ord(letter) not in cmap)
    assert missing == []


def test_fast_text_is_byte_for_byte_reportlab_public_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path (reportlab internals) writes the same bytes as the public drawString
    family it falls back to on an unchecked reportlab, so the fallback prints the same posters;
    the letters overflow Roboto's first 256-glyph subset, so subset switches are covered."""
    register_fonts()
    letters = "".join(sorted(vietnamese_letters()))
    boxes = [
        text_box(
            f"t-{align}",
            40,
            800 - 200 * n,
            500,
            f"{letters} (“x”) \\ ½",
            size=11,
            max_lines=20,
            font=font,
            align=align,
        )
        for n, (align, font) in enumerate([("left", FONT), ("center", FONT_BOLD), ("right", FONT)])
    ]
    item, stress = stress_layout()
    layouts = [PageLayout(*A4, 20, tuple(boxes)), stress]

    def render() -> bytes:
        buffer = io.BytesIO()
        pdf = new_canvas(buffer, A4, item.title, OFFICE)
        for layout in layouts:
            draw_page(pdf, layout)
        pdf.save()
        return buffer.getvalue()

    assert painter.FAST_TEXT, "reportlab is pinned to a release the fast path was checked on"
    ours = render()
    monkeypatch.setattr(painter, "FAST_TEXT", False)
    assert ours == render()
    assert "Ữ" in " ".join(pypdfium2.PdfDocument(ours)[0].get_textpage().get_text_range().split())


def test_fast_text_repeats_lines_per_document_with_that_documents_subsets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lines already written in a document are written again from the painter's memory. Two
    documents in one process meet the letters in opposite orders, so the same line is set in
    other subsets in each; both, each drawing its pages twice, equal the public path's bytes."""
    register_fonts()
    letters = sorted(vietnamese_letters()) + [chr(c) for c in range(0x21, 0x7F)]
    lines = ["".join(letters[i : i + 40]) for i in range(0, len(letters), 40)]
    pages = [
        PageLayout(*A4, 20, (text_box(f"t{n}", 40, 800, 500, line, size=11, max_lines=3),))
        for n, line in enumerate(lines)
    ]

    def render(order: list[PageLayout]) -> bytes:
        buffer = io.BytesIO()
        pdf = new_canvas(buffer, A4, "thử", OFFICE)
        for layout in order + order:
            draw_page(pdf, layout)
        pdf.save()
        return buffer.getvalue()

    assert len(letters) > 256, "two subsets at least, so the order of first use matters"
    forward, backward = render(pages), render(pages[::-1])
    monkeypatch.setattr(painter, "FAST_TEXT", False)
    assert forward == render(pages)
    assert backward == render(pages[::-1])


def test_footer_fingerprint_changes_with_printed_content_only() -> None:
    settings = PosterSettings(OFFICE, "A4")
    base = poster.fingerprint(procedure(), SHORT_URL, settings)
    assert base == poster.fingerprint(procedure(keywords=["khai sinh"]), SHORT_URL, settings)
    assert base != poster.fingerprint(procedure(fee="20.000 đồng"), SHORT_URL, settings)
    assert base != poster.fingerprint(procedure(), SHORT_URL, PosterSettings(OFFICE, "A3"))


# -- layouts under stress ---------------------------------------------------------------------


@pytest.mark.parametrize("size", ["A3", "A4", "A5"])
def test_longest_content_stays_inside_the_page(size: str) -> None:
    item, layout = stress_layout(size)
    assert_layout_fits(layout)
    [code] = layout.qr_boxes
    assert code.symbol.width >= 100 * mm * page_scale(size) - 1e-6
    title = layout.box("title")
    assert isinstance(title, TextBox)
    assert " ".join(title.lines) == item.title  # 250 characters fit, shrunk, not cut
    shown = len(layout.named("document-"))
    assert 1 <= shown < 25
    more = layout.box("documents-more")
    assert isinstance(more, TextBox) and more.lines == (f"và {25 - shown} giấy tờ khác",)
    summary = layout.box("summary")
    assert isinstance(summary, TextBox)
    assert " ".join(summary.lines) == item.meta.summary


def test_longest_content_prints_inside_the_margins(tmp_path: Path) -> None:
    item = stress_procedure()
    matrix = qr.make_matrix(SHORT_URL)
    settings = PosterSettings(OFFICE, "A4")
    pdf = poster.render_poster(item, matrix, SHORT_URL, settings, "0a1b2c3d")
    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    textpage = page.get_textpage()
    margin = MARGIN_A4
    width, height = page.get_size()
    chars = 0
    for index in range(textpage.count_chars()):
        if textpage.get_text_range(index, 1).isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        assert margin - 0.5 <= left and right <= width - margin + 0.5
        assert margin - 0.5 <= bottom and top <= height - margin + 0.5
        chars += 1
    assert chars > 1000
    text = " ".join(textpage.get_text_range().split())
    assert item.title in text
    for name, seen in distortions(rasterise(pdf, dpi=72)):
        assert qr_texts(seen) == [SHORT_URL], name


def test_a5_poster_still_decodes_at_72_dpi() -> None:
    item = procedure(title="Chứng thực chữ ký")
    matrix = qr.make_matrix(SHORT_URL)
    pdf = poster.render_poster(item, matrix, SHORT_URL, PosterSettings(OFFICE, "A5"), "x")
    width, _ = pypdfium2.PdfDocument(pdf)[0].get_size()
    assert width == pytest.approx(148 * mm, abs=0.5)
    for name, seen in distortions(rasterise(pdf, dpi=72)):
        assert qr_texts(seen) == [SHORT_URL], name


def test_title_shrinks_only_as_much_as_it_must() -> None:
    matrix = qr.make_matrix(SHORT_URL)
    settings = PosterSettings(OFFICE, "A4")
    short = poster.layout_poster(procedure(), matrix, SHORT_URL, settings, "x").box("title")
    _, long_layout = stress_layout()
    long = long_layout.box("title")
    assert isinstance(short, TextBox) and isinstance(long, TextBox)
    assert short.size == 30 and long.size < short.size
    assert long.height <= 38 * mm


def test_unbroken_text_and_a_huge_document_are_cut_to_fit() -> None:
    url = "https://DICHVUCONG.PHUONGMINHKHAI.HANOI.GOV.VN/THU-TUC-HANH-CHINH/P/2.000815.000.00.00.H55/"
    item = procedure(
        code="2.000815.000.00.00.H55",
        title="X" * 240,
        documents=["Bản sao " * 120],
        fee="Y" * 200,
    )
    matrix = qr.make_matrix(url)
    layout = poster.layout_poster(item, matrix, url, PosterSettings(OFFICE, "A4"), "x")
    assert_layout_fits(layout)
    document = layout.box("document-1")
    assert isinstance(document, TextBox)
    assert len(document.lines) == 3 and document.lines[-1].endswith(text.ELLIPSIS)
    assert qr_texts(rasterise(poster.render_poster(item, matrix, url, PosterSettings(OFFICE), "x")))


def test_retired_procedure_has_no_poster_but_its_short_url_works(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=False)
    project.write("moi.md", procedure_text(code="QT-02", title="Đăng ký khai sinh (mới)"))
    project.write(
        "cu.md",
        procedure_text(code="QT-01", title="Khai sinh (cũ)", status="retired", replaced_by="QT-02"),
    )
    built = project.build()
    assert built.returncode == 0, built.output
    assert not (project.site / "posters/QT-01.pdf").exists()
    assert (project.site / "posters/QT-02.pdf").exists()
    assert (project.site / "P/QT-01/index.html").is_file()
    feed = project.feed()
    assert {e["code"]: e["poster"] for e in feed["procedures"]}["QT-01"] is None
    packs = {p["name"]: p["pages"] for p in feed["packs"]}
    assert packs["all"] == 1 + 1 + 1  # cover, index, the one active poster


def test_page_streams_are_deflated_by_isa_l_and_inflate_to_the_drawing() -> None:
    """The fast deflate writes standard Flate streams: zlib inflates the page back to the
    very operators drawn, the QR runs among them, and PDFium still reads the text."""
    item, layout = stress_layout()
    buffer = io.BytesIO()
    pdf = new_canvas(buffer, A4, item.title, OFFICE)
    draw_page(pdf, layout)
    pdf.save()
    assert isinstance(pdfdoc.PDFZCompress, painter.FastFlate)
    streams = re.findall(
        rb"/FlateDecode[^>]*>>\s*stream\r?\n(.*?)endstream", buffer.getvalue(), re.S
    )
    pages = [zlib.decompress(s) for s in streams if zlib.decompress(s).startswith(b"1 0 0 1")]
    assert len(pages) == 1 and b" 1 re " in pages[0]
    text = pypdfium2.PdfDocument(buffer.getvalue())[0].get_textpage().get_text_range()
    assert item.code in text
