"""Poster packs: page counts, QR sizes, decoding, the staff page, and the pack cache."""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageChops
from reportlab.lib.units import mm
from support.decode import pdf_pages, qr_texts
from support.project import FixtureProject, make_project

from generator import qr
from generator.build import packs
from generator.build.project import Project
from generator.mkdocs.config import load_project
from generator.render import pack_pages, pack_plan
from generator.render.layout import PageLayout, PosterSettings
from generator.render.pack_plan import PackPlan


def render(path: Path, index: int, dpi: float) -> Image.Image:
    return pypdfium2.PdfDocument(path)[index].render(scale=dpi / 72).to_pil().convert("L")


def assert_inside_and_apart(layout: PageLayout, margin: float) -> None:
    for box in layout.boxes:
        assert box.within(margin, margin, layout.width - margin, layout.height - margin), box.name
    for first, second in itertools.combinations(layout.boxes, 2):
        assert not first.overlaps(second), (first.name, second.name)


def assert_preview_shows_first_page(preview: Path, pdf: Path) -> None:
    """540 px wide (1.5 times the 360 px it is shown at), and pixel for pixel the first page,
    its paths drawn crisp, but for the palette's rounding."""
    shown = Image.open(preview).convert("RGB")
    assert shown.width == 540
    document = pypdfium2.PdfDocument(pdf)
    page = document[0]
    expected = page.render(scale=540 / page.get_width(), no_smoothpath=True).to_pil()
    expected = expected.convert("RGB")
    assert shown.size == expected.size
    assert max(high for _, high in ImageChops.difference(shown, expected).getextrema()) <= 16


@pytest.fixture(scope="module")
def sample_packs(sample_site: FixtureProject) -> dict[str, dict[str, object]]:
    return {p["name"]: p for p in sample_site.feed()["packs"]}


def test_feed_lists_every_pack_with_its_real_page_count(
    sample_site: FixtureProject, sample_packs: dict[str, dict[str, object]]
) -> None:
    assert set(sample_packs) == {
        "all",
        "fields",
        "stickers",
        "field-chung-thuc",
        "field-cu-tru",
        "field-ho-tich",
    }
    for name, entry in sample_packs.items():
        assert entry["path"] == f"posters/pack-{name}.pdf"
        assert pdf_pages(sample_site.site / str(entry["path"])) == entry["pages"], name
        preview = sample_site.site / f"posters/pack-{name}.png"
        assert preview.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert_preview_shows_first_page(preview, sample_site.site / str(entry["path"]))
    # 10 active procedures: cover + one index page + 10 posters.
    assert sample_packs["all"]["pages"] == 12
    # Hộ tịch has 6 procedures: one field page, then its 6 posters.
    assert sample_packs["field-ho-tich"]["pages"] == 1 + 6
    assert sample_packs["field-cu-tru"]["pages"] == 1 + 2
    assert sample_packs["fields"]["pages"] == 3
    assert sample_packs["stickers"]["pages"] == 1


def test_pack_all_has_cover_index_and_every_poster_in_order(sample_site: FixtureProject) -> None:
    path = sample_site.site / "posters/pack-all.pdf"
    document = pypdfium2.PdfDocument(path)
    cover = document[0].get_textpage().get_text_range()
    assert "Bộ áp phích thủ tục hành chính" in cover and "10 áp phích · 12 trang" in cover
    index = " ".join(document[1].get_textpage().get_text_range().split())
    assert index.startswith("Mục lục")
    procedures = [p for p in sample_site.feed()["procedures"] if p["poster"]]
    for page_number, entry in enumerate(procedures, start=3):
        assert f"{entry['code']} tr. {page_number}" in index
        image = render(path, page_number - 1, 72)
        assert set(qr_texts(image)) == {entry["short_url"]}, entry["code"]
        text = " ".join(document[page_number - 1].get_textpage().get_text_range().split())
        assert entry["title"] in text


def test_field_posters_and_stickers_carry_a_decodable_code_per_procedure(
    sample_site: FixtureProject,
) -> None:
    feed = sample_site.feed()
    urls_by_field: dict[str, set[str]] = {}
    for entry in feed["procedures"]:
        if entry["poster"]:
            urls_by_field.setdefault(entry["field"], set()).add(entry["short_url"])
    fields = sample_site.site / "posters/pack-fields.pdf"
    document = pypdfium2.PdfDocument(fields)
    found: dict[str, set[str]] = {}
    for index in range(len(document)):
        text = document[index].get_textpage().get_text_range()
        field_name = next(name for name in urls_by_field if name in text.splitlines()[1])
        found[field_name] = set(qr_texts(render(fields, index, 150)))
    assert found == urls_by_field
    stickers = render(sample_site.site / "posters/pack-stickers.pdf", 0, 200)
    assert set(qr_texts(stickers)) == set().union(*urls_by_field.values())


def test_sticker_and_field_layouts_keep_codes_large_enough_and_apart() -> None:
    url = "https://THUTUC.EXAMPLE.GOV.VN/P/{}/"
    items = [pack_member(f"QT-{n:03d}", url.format(f"QT-{n:03d}")) for n in range(1, 24)]
    members = {m.procedure.code: m for m in items}
    sections = (pack_plan.Section("Hộ tịch", tuple(members)),)
    for size in ("A3", "A4", "A5"):
        settings = PosterSettings("Bộ phận một cửa", size)
        plan = pack_plan.plan("fields", "fields", "t", "d", sections, settings)
        layouts = list(pack_pages.pack_layouts(plan, members, settings, "fp"))
        assert len(layouts) == plan.pages > 1
        for layout in layouts:
            assert_inside_and_apart(layout, layout.margin)
            for code in layout.qr_boxes:
                assert code.symbol.width >= 30 * mm
        assert sum(len(layout.qr_boxes) for layout in layouts) == 23
    settings = PosterSettings("Bộ phận một cửa", "A5")
    plan = pack_plan.plan("stickers", "stickers", "t", "d", sections, settings)
    layouts = list(pack_pages.pack_layouts(plan, members, settings, "fp"))
    assert len(layouts) == plan.pages == 2  # 21 labels a sheet, whatever the poster size
    for layout in layouts:
        assert (layout.width, layout.height) == pytest.approx((210 * mm, 297 * mm), abs=0.5)
        assert_inside_and_apart(layout, 5 * mm)
        for code in layout.qr_boxes:
            assert code.symbol.width >= 25 * mm


def pack_member(code: str, url: str) -> pack_plan.Member:
    import datetime as dt

    from generator.content.procedure import FrontMatter, Procedure

    meta = FrontMatter(
        code=code,
        title="Cấp bản sao trích lục hộ tịch, bản sao giấy khai sinh và giấy chứng nhận kết hôn",
        summary="Tóm tắt.",
        field="Hộ tịch",
        agency="Bộ phận một cửa",
        processing_time="Ngay trong ngày",
        fee="8.000 đồng/bản sao; nộp trực tuyến được giảm một nửa",
        documents=["Tờ khai"],
        updated=dt.date(2026, 11, 20),
    )
    item = Procedure(meta=meta, slug=code.lower(), source="x.md", body="")
    return pack_plan.Member(item, url, "fp", qr.make_matrix(url))


def test_staff_page_lists_every_pack_with_preview_and_download(
    sample_site: FixtureProject, sample_packs: dict[str, dict[str, object]]
) -> None:
    page = (sample_site.site / "an-pham-in/index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"]+\.pdf)"', html.unescape(page)))
    previews = set(re.findall(r'src="([^"]+\.png)"', html.unescape(page)))
    for name, entry in sample_packs.items():
        assert f"../{entry['path']}" in links, name
        assert f"../posters/pack-{name}.png" in previews, name
        assert f'src="../posters/pack-{name}.png" width="360"' in page, "shown at half size"
        assert f"{entry['pages']} trang" in page
    assert not (sample_site.site / "printings.yml").exists()


# -- the pack cache ---------------------------------------------------------------------------


def build(project: Project, dest: Path) -> packs.PackReport:
    run = project.start_artifacts(project.load().catalog)
    run.wait()
    return project.build_packs(run, dest)


def test_packs_are_redrawn_only_when_a_member_or_the_layout_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixture = make_project(tmp_path / "site")
    project = load_project(str(fixture.root / "mkdocs.yml"))
    first = build(project, tmp_path / "out")
    assert sorted(first.rendered) == sorted(p.name for p in first.packs) and not first.reused
    pdf_before = (tmp_path / "out/pack-field-ho-tich.pdf").read_bytes()

    # Packs are drawn from the cached matrices: encoding a QR now would be a bug.
    def no_encoding(payload: str) -> qr.QrMatrix:
        raise AssertionError(f"re-encoded {payload}")

    monkeypatch.setattr(qr, "make_matrix", no_encoding)
    again = build(project, tmp_path / "out")
    assert again.rendered == [] and len(again.reused) == 6
    assert [(p.name, p.pages) for p in again.packs] == [(p.name, p.pages) for p in first.packs]

    source = fixture.procedures / "chung-thuc-chu-ky.md"
    source.write_text(
        re.sub(r"(?m)^fee: .*$", 'fee: "12.000 đồng"', source.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    monkeypatch.undo()
    edited = build(project, tmp_path / "out")
    # Field posters print the fee; stickers do not.
    assert sorted(edited.rendered) == ["all", "field-chung-thuc", "fields"]
    assert sorted(edited.reused) == ["field-cu-tru", "field-ho-tich", "stickers"]
    assert (tmp_path / "out/pack-field-ho-tich.pdf").read_bytes() == pdf_before
    text = pypdfium2.PdfDocument(tmp_path / "out/pack-field-chung-thuc.pdf")[0].get_textpage()
    assert "12.000 đồng" in text.get_text_range()

    monkeypatch.setattr(packs, "PACK_LAYOUT_VERSION", "test")
    relaid = build(project, tmp_path / "out")
    assert len(relaid.rendered) == 6
    cached = sorted(p.name for p in (project.cache_dir / "packs").glob("*.pdf"))
    assert len(cached) == 6  # superseded pack files are removed from the cache


def test_a_new_pdf_writer_redraws_every_pack_and_keeps_every_print_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing the same pages as other PDF bytes is no new print: the codes on the posters
    and packs stay, and still the cache cannot hand out a PDF from the old writer."""
    fixture = make_project(tmp_path / "site")
    project = load_project(str(fixture.root / "mkdocs.yml"))
    first = build(project, tmp_path / "out")
    texts = {p.name: pdf_text(tmp_path / "out" / Path(p.path).name) for p in first.packs}
    single = tmp_path / "out/1.001193.pdf"
    single_text = pdf_text(single)

    monkeypatch.setattr(packs, "WRITER", "test")
    again = build(project, tmp_path / "out")
    assert sorted(again.rendered) == sorted(texts) and again.reused == []
    assert {p.name: pdf_text(tmp_path / "out" / Path(p.path).name) for p in again.packs} == texts
    assert pdf_text(single) == single_text
    entries = packs.PackCache(project.cache_dir / "packs").entries
    assert {entry["writer"] for entry in entries.values()} == {"test"}
    assert build(project, tmp_path / "out").rendered == []
    monkeypatch.undo()
    assert build(project, tmp_path / "out").reused == []  # and back: drawn again


def test_planned_page_counts_match_the_drawn_pages() -> None:
    url = "https://THUTUC.EXAMPLE.GOV.VN/P/{}/"
    members = {
        f"QT-{n:03d}": pack_member(f"QT-{n:03d}", url.format(f"QT-{n:03d}")) for n in range(45)
    }
    codes = tuple(members)
    sections = (pack_plan.Section("Hộ tịch", codes[:30]), pack_plan.Section("Cư trú", codes[30:]))
    settings = PosterSettings("Bộ phận một cửa", "A4")
    plans: list[PackPlan] = [
        pack_plan.plan(name, kind, "t", "d", sections, settings)  # type: ignore[arg-type]
        for name, kind in (("a", "posters"), ("f", "fields"), ("s", "stickers"))
    ]
    plans.append(pack_plan.plan("h", "field", "t", "d", sections[:1], settings))
    for plan in plans:
        _, pages = pack_pages.render_pack(plan, members, settings, "fp")
        assert pages == plan.pages, plan.kind
    # 45 entries and 2 headings need two index pages: cover + 2 + 45.
    assert plans[0].pages == 48


def set_key(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text), encoding="utf-8")


def test_field_posters_and_stickers_are_redrawn_only_for_what_they_print(
    tmp_path: Path,
) -> None:
    fixture = make_project(tmp_path / "site")
    project = load_project(str(fixture.root / "mkdocs.yml"))
    build(project, tmp_path / "out")
    source = fixture.procedures / "chung-thuc-chu-ky.md"
    stickers_before = (tmp_path / "out/pack-stickers.pdf").read_bytes()

    set_key(source, "summary", '"Tóm tắt viết lại, không in trên nhãn."')
    summary = build(project, tmp_path / "out")
    assert sorted(summary.rendered) == ["all", "field-chung-thuc"]
    assert sorted(summary.reused) == ["field-cu-tru", "field-ho-tich", "fields", "stickers"]
    assert (tmp_path / "out/pack-stickers.pdf").read_bytes() == stickers_before
    assert "Tóm tắt viết lại" in pdf_text(tmp_path / "out/pack-field-chung-thuc.pdf")

    set_key(source, "title", '"Chứng thực chữ ký mới"')
    title = build(project, tmp_path / "out")
    assert sorted(title.rendered) == ["all", "field-chung-thuc", "fields", "stickers"]
    for name in ("stickers", "fields"):
        assert "Chứng thực chữ ký mới" in pdf_text(tmp_path / f"out/pack-{name}.pdf"), name


def pdf_text(path: Path) -> str:
    """Every page's text, whitespace (line breaks included) collapsed to single spaces."""
    document = pypdfium2.PdfDocument(path)
    try:
        pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()
    return " ".join(" ".join(pages).split())


def test_a_new_qr_matrix_redraws_every_pack_that_prints_it(tmp_path: Path) -> None:
    fixture = make_project(tmp_path / "site")
    project = load_project(str(fixture.root / "mkdocs.yml"))
    build(project, tmp_path / "out")
    run = project.start_artifacts(project.load().catalog)
    run.wait()
    # Same payload and poster, another cached matrix (as a new QR encoder could give).
    entries = run.cache.entries
    code = next(p.code for p in run.catalog.active if p.meta.field == "Chứng thực")
    other = next(
        c for c in entries if c != code and entries[c]["version"] == entries[code]["version"]
    )
    entries[code] = {**entries[code], "matrix": entries[other]["matrix"]}
    report = project.build_packs(run, tmp_path / "out")
    assert sorted(report.rendered) == ["all", "field-chung-thuc", "fields", "stickers"]


def test_half_files_left_by_a_killed_build_are_drawn_again_whole(tmp_path: Path) -> None:
    """Files of packs the saved manifest does not hold are written in place; a killed build
    may leave them half written, but the manifest, saved last, never held them, so the next
    build draws those packs again and replaces every such file, posters included."""
    fixture = make_project(tmp_path / "site")
    project = load_project(str(fixture.root / "mkdocs.yml"))
    build(project, tmp_path / "out")
    folder = project.cache_dir / "packs"

    def read(path: Path) -> bytes:  # PDFium stamps each single poster with an ID and a time
        return re.sub(rb"/ID\[<\w+><\w+>\]|/CreationDate\([^)]*\)", b"", path.read_bytes())

    whole = {p: read(p) for p in folder.rglob("*") if p.suffix in (".pdf", ".png")}
    (folder / "packs.json").unlink()  # as if the first build had been killed
    poster = next((folder / packs.POSTERS_DIR).glob("*.pdf"))
    pack = next(folder.glob("field-*.pdf"))
    for half in (poster, pack):
        half.write_bytes(whole[half][:200])
    again = build(project, tmp_path / "out")
    assert not again.reused
    assert {p: read(p) for p in whole} == whole
    assert not list(folder.rglob("*.tmp"))
