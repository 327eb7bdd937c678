"""A fixture province built with the real CLI: every office QR code decodes to that office's
view, office facts and overrides on pages and posters, packs, the feed, and the migration
from a one-office (v1) site."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from support.decode import follow_refresh, pdf_pages, qr_results, site_path
from support.project import SITE_URL, FixtureProject, make_project
from support.province import OFFICES_YML, make_province

from generator.qr import make_matrix

ACTIVE = ("08377", "08378")
RETIRED = "XA-HUYEN-TUNG"


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    project = make_province(tmp_path_factory.mktemp("province"))
    built = project.build()
    assert built.returncode == 0, built.output
    return project


def pdf_text(path: Path) -> str:
    document = pypdfium2.PdfDocument(path)
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    finally:
        document.close()


def page_text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_every_office_qr_decodes_to_that_office_view(province: FixtureProject) -> None:
    feed = province.feed()
    pairs = [(p, code, o) for p in feed["procedures"] for code, o in p["offices"].items()]
    assert len(pairs) == 10 + 3  # every active procedure at 08377, three at 08378
    for procedure, office, pair in pairs:
        assert pair["short_url"] == f"https://THUTUC.EXAMPLE.GOV.VN/P/{procedure['code']}/{office}/"
        image = Image.open(province.site / pair["qr"]["png"])
        [result] = qr_results(image)
        assert result.text == pair["short_url"]
        assert make_matrix(result.text).version <= 4
        assert "<path" in (province.site / pair["qr"]["svg"]).read_text(encoding="utf-8")
        page = site_path(province, result.text, SITE_URL)
        text = page_text(page)
        assert procedure["title"] in text
        assert f"Mã thủ tục {procedure['code']}" in text
        name = next(o["name"] for o in feed["offices"] if o["code"] == office)
        assert name in text
        html = page.read_text(encoding="utf-8")
        # Reads without JavaScript: the only script file (text size, offline) is deferred.
        scripts = re.findall(r"<script[^>]*\bsrc=[^>]*>", html)
        assert scripts == [f'<script src="{"../" * 3}assets/thutuc/site.js" defer>'], scripts
        assert not re.search(r'src="[a-z]+:', html), "no request to another host"
        assert "stylesheet" not in html, "one request: the style is inline"


def test_office_view_shows_facts_overrides_note_and_the_other_offices(
    province: FixtureProject,
) -> None:
    text = page_text(province.site / "P/1.001193/08377/index.html")
    for fact in (
        "Số 1 đường Trường Chinh, phường Sông Cầu",
        "Thứ Hai đến thứ Sáu, 7:30–11:30 và 13:30–17:00",
        "0209 3870 111",
        "Miễn lệ phí tại phường Sông Cầu",
        "Trong 2 giờ làm việc",
        "quầy số 3 ưu tiên người cao tuổi",
    ):
        assert fact in text
    html = (province.site / "P/1.001193/08377/index.html").read_text(encoding="utf-8")
    assert 'href="../08378/"' in html  # the other office that handles it
    assert 'href="../../../thu-tuc/dang-ky-khai-sinh/"' in html
    # The steps themselves, in the same request: a scan needs no second page.
    assert "Đọc lại thông tin của trẻ (họ tên, ngày sinh, nơi sinh, tên cha mẹ)" in text
    other = page_text(province.site / "P/1.001193/08378/index.html")
    assert "0209 3870 222" in other and "Miễn lệ phí tại phường Sông Cầu" not in other
    agency = page_text(province.site / "P/2.000815/08377/index.html")
    assert "Quầy chứng thực, tầng 1 UBND phường Sông Cầu" in agency
    assert 'href="https://dichvucong.example.gov.vn/song-cau"' in (
        province.site / "P/2.000815/08377/index.html"
    ).read_text(encoding="utf-8")


def test_a_subset_office_has_only_its_procedures(province: FixtureProject) -> None:
    assert sorted(p.name for p in (province.site / "qr" / "08378").glob("*.png")) == [
        "1.000894.png", "1.001193.png", "2.000815.png",
    ]  # fmt: skip
    assert not (province.site / "qr/08378/1.004194.png").exists()
    assert not (province.site / "posters/08378/1.004194.pdf").exists()
    page = page_text(province.site / "don-vi/08378/index.html")
    assert "Đăng ký khai sinh" in page and "Đăng ký tạm trú" not in page


def broken_links(site: Path, page: Path) -> list[str]:
    """Relative links of a page that lead to no file of the built site."""
    broken = []
    for href in re.findall(r'\s(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
        if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|#|/", href):
            continue
        target = (page.parent / href.split("#")[0]).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() or site.resolve() not in target.parents:
            broken.append(href)
    return broken


def test_scan_pages_links_all_lead_somewhere(province: FixtureProject) -> None:
    """The page body moved three folders deep (its links to other procedures included)."""
    pages = sorted((province.site / "P").glob("*/*/index.html"))
    assert len(pages) == 3 * 10  # every office, open or closed, for every procedure
    for page in pages:
        assert broken_links(province.site, page) == [], page
    marriage = (province.site / "P/1.000894/08378/index.html").read_text(encoding="utf-8")
    assert 'href="../../../thu-tuc/dang-ky-ket-hon/../cap-giay-xac-nhan-tinh-trang-hon-nhan/"' in (
        marriage
    )


def test_a_procedure_an_office_does_not_handle_says_where_to_go(
    province: FixtureProject,
) -> None:
    """Any pair of an office and a procedure code has a page: one that says which offices
    do handle it, rather than a 404, whatever was printed once."""
    page = province.site / "P/1.004194/08378/index.html"
    html = page.read_text(encoding="utf-8")
    assert "Bộ phận một cửa – UBND xã Đức Xuân hiện không tiếp nhận hồ sơ thủ tục này" in html
    assert 'href="../08377/"' in html and 'href="../"' in html
    assert "http-equiv" not in html, "no redirect: the resident is told why"


def test_generic_page_lists_every_office(province: FixtureProject) -> None:
    html = (province.site / "thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    assert 'href="../../P/1.001193/08377/"' in html
    assert 'href="../../P/1.001193/08378/"' in html
    assert "P/1.001193/XA-HUYEN-TUNG/" not in html
    tam_tru = (province.site / "thu-tuc/dang-ky-tam-tru/index.html").read_text(encoding="utf-8")
    assert "P/1.004194/08377/" in tam_tru and "P/1.004194/08378/" not in tam_tru


def test_posters_print_the_office_facts_and_overrides(province: FixtureProject) -> None:
    feed = province.feed()
    [birth] = [p for p in feed["procedures"] if p["code"] == "1.001193"]
    text = pdf_text(province.site / birth["offices"]["08377"]["poster"])
    for fact in (
        "Bộ phận một cửa – UBND phường Sông Cầu",
        "Số 1 đường Trường Chinh, phường Sông Cầu",
        "0209 3870 111",
        "Miễn lệ phí tại phường Sông Cầu",
        "Trong 2 giờ làm việc",
        "Mang theo bản chính",
        "thutuc.example.gov.vn/P/1.001193/08377/",
    ):
        assert fact in text, fact
    other = pdf_text(province.site / birth["offices"]["08378"]["poster"])
    assert "0209 3870 222" in other and "Sông Cầu" not in other
    generic = pdf_text(province.site / birth["poster"])
    assert "0209 3870" not in generic and "Mang theo bản chính" not in generic
    image = Image.open(province.site / birth["offices"]["08377"]["qr"]["png"])
    assert [r.text for r in qr_results(image)] == [birth["offices"]["08377"]["short_url"]]


def test_each_office_has_its_own_packs(province: FixtureProject) -> None:
    offices = {o["code"]: o for o in province.feed()["offices"]}
    assert offices[RETIRED]["status"] == "retired" and offices[RETIRED]["packs"] == []
    for code in ACTIVE:
        packs = {p["name"]: p for p in offices[code]["packs"]}
        assert {"all", "fields", "stickers"} <= set(packs)
        for pack in packs.values():
            path = province.site / pack["path"]
            assert pack["path"].startswith(f"posters/{code}/")
            assert pdf_pages(path) == pack["pages"]
        all_text = pdf_text(province.site / packs["all"]["path"])
        assert offices[code]["name"] in all_text
    small = {p["name"]: p for p in offices["08378"]["packs"]}
    assert "Đăng ký tạm trú" not in pdf_text(province.site / small["all"]["path"])
    office_page = (province.site / "don-vi/08378/index.html").read_text(encoding="utf-8")
    # Packs are staff material: the staff page lists them, the resident's page does not.
    assert "pack-all.pdf" not in office_page


def test_feed_keeps_v1_keys_and_adds_offices(province: FixtureProject) -> None:
    feed = province.feed()
    assert [o["code"] for o in feed["offices"]] == ["08377", "08378", RETIRED]
    assert feed["offices"][2]["replaced_by"] == "08378"
    assert feed["offices"][0]["url"] == SITE_URL + "don-vi/08377/"
    for procedure in feed["procedures"]:
        assert {"code", "title", "url", "short_url", "qr", "poster", "offices"} <= set(procedure)
        assert procedure["short_url"] == f"https://THUTUC.EXAMPLE.GOV.VN/P/{procedure['code']}/"
    assert next(p["name"] for p in feed["packs"]) == "all"


def test_a_retired_office_short_urls_lead_to_its_replacement(province: FixtureProject) -> None:
    page = province.site / "P/1.001193" / RETIRED / "index.html"
    assert "đã ngừng tiếp nhận hồ sơ" in page_text(page)
    landed = follow_refresh(page, province)
    assert landed == province.site / "P/1.001193/08378/index.html"
    assert "0209 3870 222" in page_text(landed)
    office = province.site / "don-vi" / RETIRED / "index.html"
    assert follow_refresh(office, province) == province.site / "don-vi/08378/index.html"
    assert not (province.site / "qr" / RETIRED).exists()


def test_without_offices_yml_v1_output_is_unchanged(new_project, province: FixtureProject) -> None:  # type: ignore[no-untyped-def]
    v1 = new_project()
    assert v1.build().returncode == 0
    feed = v1.feed()
    assert "offices" not in feed
    assert all("offices" not in p for p in feed["procedures"])
    assert not (v1.site / "don-vi").exists()
    assert not (v1.content / "office-register.yml").exists()
    province_feed = province.feed()
    for ours, theirs in zip(feed["procedures"], province_feed["procedures"], strict=True):
        assert {k: v for k, v in theirs.items() if k != "offices"} == ours
    for procedure in feed["procedures"]:
        # A v1 short URL is the procedure page itself; with offices the page also lists them,
        # but it is the same procedure at the same canonical address.
        short = Path("P", procedure["code"], "index.html")
        canonical = f'<link rel="canonical" href="{procedure["url"]}">'
        assert canonical in (v1.site / short).read_text(encoding="utf-8")
        assert canonical in (province.site / short).read_text(encoding="utf-8")
        poster = procedure["poster"]
        if poster:
            assert pdf_text(v1.site / poster) == pdf_text(province.site / poster)


def test_v1_short_urls_keep_working_after_offices_are_added(new_project) -> None:  # type: ignore[no-untyped-def]
    project = new_project()
    assert project.build().returncode == 0
    printed = {p["short_url"]: p["url"] for p in project.feed()["procedures"]}
    shutil.copyfile(OFFICES_YML, project.content / "offices.yml")
    built = project.build()
    assert built.returncode == 0, built.output
    for short_url, url in printed.items():
        # The page at the short URL is the procedure itself (one request), naming its address.
        short = site_path(project, short_url, SITE_URL).read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{url}">' in short
        assert site_path(project, url, SITE_URL).exists()
    assert json.loads((project.site / "procedures.json").read_text(encoding="utf-8"))["offices"]


def test_printed_pair_urls_survive_a_dropped_or_retired_procedure(tmp_path: Path) -> None:
    """Promise 1 for pairs: an office dropping a procedure from its list, or a procedure
    retired in favour of another, leaves every printed office QR code leading somewhere."""
    project = make_province(tmp_path / "dropped")
    assert project.build().returncode == 0
    feed = {p["code"]: p for p in project.feed()["procedures"]}
    dropped = feed["2.000815"]["offices"]["08378"]["short_url"]
    retired = feed["1.000656"]["offices"]["08377"]["short_url"]

    offices = project.content / "offices.yml"
    text = offices.read_text(encoding="utf-8")
    offices.write_text(text.replace(', "2.000815"]', "]"), encoding="utf-8")
    khai_tu = project.procedures / "dang-ky-khai-tu.md"
    lines = khai_tu.read_text(encoding="utf-8").split("\n")
    lines.insert(1, 'status: retired\nreplaced_by: "1.001193"')
    khai_tu.write_text("\n".join(lines), encoding="utf-8")
    built = project.build()
    assert built.returncode == 0, built.output

    page = site_path(project, dropped, SITE_URL)
    assert "hiện không tiếp nhận hồ sơ" in page_text(page)
    assert 'href="../08377/"' in page.read_text(encoding="utf-8")
    assert not (project.site / "qr/08378/2.000815.png").exists()
    feed = {p["code"]: p for p in project.feed()["procedures"]}
    assert "08378" not in feed["2.000815"]["offices"]
    generic = (project.site / "thu-tuc/chung-thuc-ban-sao-tu-ban-chinh/index.html").read_text(
        encoding="utf-8"
    )
    assert "P/2.000815/08378/" not in generic

    landed = follow_refresh(site_path(project, retired, SITE_URL), project)
    assert landed == project.site / "P/1.001193/08377/index.html"


def test_a_scan_page_links_to_the_generic_list_when_many_offices_serve(tmp_path: Path) -> None:
    """At a province's scale the scan page stays light: beyond a few other offices it links
    to the generic page's list instead of repeating it on 30,000 pages."""
    many = offices_many(12)
    project = make_project(tmp_path / "many")
    (project.content / "offices.yml").write_text(many, encoding="utf-8")
    built = project.build()
    assert built.returncode == 0, built.output
    html = (project.site / "P/1.001193/00000/index.html").read_text(encoding="utf-8")
    assert (
        '<a class="o-link" href="../../../thu-tuc/dang-ky-khai-sinh/#noi-giai-quyet">11 nơi khác'
        in html
    )
    assert 'href="../00001/"' not in html
    generic = (project.site / "thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    assert 'id="noi-giai-quyet"' in generic
    assert all(f'href="../../P/1.001193/{i:05d}/"' in generic for i in range(12))


def offices_many(count: int) -> str:
    entries = [
        f'  - code: "{i:05d}"\n    name: "Xã số {i}"\n    address: "Thôn {i}"\n'
        f'    hours: "7:30–11:30"\n    hotline: "0209 000 {i:03d}"\n    procedures: ["1.001193"]\n'
        for i in range(count)
    ]
    return "offices:\n" + "".join(entries)


def test_shared_pages_name_the_province_offices_not_one_ward(province: FixtureProject) -> None:
    """With offices.yml, the footer of the shared pages leads to every office; the single
    ward's address of mkdocs.yml would send residents of other communes to the wrong place."""
    for page in ("index.html", "thu-tuc/dang-ky-khai-sinh/index.html"):
        html = (province.site / page).read_text(encoding="utf-8")
        footer = html[html.index('<footer class="md-footer tt-footer">') :]
        assert "Số 1 đường Minh Khai" not in footer
        assert "don-vi/08377/" in footer and "don-vi/08378/" in footer
        assert "XA-HUYEN-TUNG" not in footer  # a retired office is not offered
        assert f"Xem tất cả {len(ACTIVE)} đơn vị" in footer
