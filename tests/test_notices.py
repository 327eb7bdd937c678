"""Notices and changes (issue 21, contract v3), built through the real CLI: a realistic board
(pinned, ended, future, hostile markup, tied to procedures and offices) and a fee change give
pages, lists, feeds, cards, staff messages and posters; the change survives a cold build."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

import feedparser
import pypdfium2
import pytest
from PIL import Image
from support.decode import qr_texts
from support.notices import BIRTH, HOSTILE_SUMMARY, HOSTILE_TITLE, set_fact, write_board
from support.project import SITE_URL, FixtureProject, make_project
from support.province import make_province

NEW_FEE = "50.000 đồng <b>nộp tại quầy</b>"
OLD_OVERRIDE = "Miễn lệ phí tại phường Sông Cầu"
NEW_OVERRIDE = "20.000 đồng tại phường Sông Cầu"


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """Built once as published, then again after a fee and an office's override changed."""
    project = make_province(tmp_path_factory.mktemp("notices"))
    write_board(project, dt.date.today(), offices=True)
    first = project.build()
    assert first.returncode == 0, first.output
    set_fact(project, "dang-ky-khai-sinh", "fee", NEW_FEE)
    offices = project.content / "offices.yml"
    offices.write_text(
        offices.read_text(encoding="utf-8").replace(OLD_OVERRIDE, NEW_OVERRIDE), encoding="utf-8"
    )
    second = project.build()
    assert second.returncode == 0, second.output
    return project


def text_of(path: Path) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text("utf-8"))))


def meta(page: str, key: str) -> str:
    match = re.search(rf'<meta property="{key}" content="([^"]*)"', page)
    assert match, key
    return html.unescape(match.group(1))


def page(project: FixtureProject, path: str) -> str:
    return (project.site / path / "index.html").read_text(encoding="utf-8")


def test_published_notices_have_pages_and_the_future_one_has_none(board: FixtureProject) -> None:
    for slug in ("mo-cua-sang-thu-bay", "canh-giac-gia-danh-can-bo", "duc-xuan-nghi-le"):
        assert (board.site / "thong-bao" / slug / "index.html").is_file()
    assert not (board.site / "thong-bao" / "thu-phi-moi-tu-thang-sau").exists()
    ended = text_of(board.site / "thong-bao/lich-tiep-dan-thang-truoc/index.html")
    assert "đã hết hiệu lực" in ended
    register = (board.content / "notice-register.yml").read_text(encoding="utf-8")
    assert '"lich-tiep-dan-thang-truoc"' in register
    assert "thu-phi-moi-tu-thang-sau" not in register


def test_list_puts_pinned_first_then_newest_and_ended_apart(board: FixtureProject) -> None:
    listing = page(board, "thong-bao")
    active, _, ended = listing.partition("Thông báo đã hết hiệu lực")
    order = [active.index(s) for s in ("mo-cua-sang", "canh-giac", "duc-xuan")]
    assert order == sorted(order), "pinned first, then newest"
    assert "lich-tiep-dan-thang-truoc" in ended and "lich-tiep-dan" not in active
    assert "thu-phi-moi" not in listing
    home = page(board, "")
    assert home.index("mo-cua-sang-thu-bay") < home.index("canh-giac-gia-danh-can-bo")
    assert "lich-tiep-dan" not in home and "thu-phi-moi" not in home


def test_procedure_and_office_pages_show_their_active_notices(board: FixtureProject) -> None:
    birth = page(board, "thu-tuc/dang-ky-khai-sinh")
    assert "thong-bao/mo-cua-sang-thu-bay/" in birth
    assert "duc-xuan-nghi-le" not in birth
    assert "duc-xuan-nghi-le" in page(board, "don-vi/08378")
    assert "duc-xuan-nghi-le" not in page(board, "don-vi/08377")
    assert "mo-cua-sang-thu-bay" in page(board, "don-vi/08377"), "a notice for every office"


def test_fee_change_is_recorded_and_shown_with_before_and_after(board: FixtureProject) -> None:
    record = (board.content / "changes.yml").read_text(encoding="utf-8")
    assert "fact: fee" in record and "08377" in record
    birth = text_of(board.site / "thu-tuc/dang-ky-khai-sinh/index.html")
    recent = birth.partition("Thay đổi gần đây")[2]
    assert "Miễn lệ phí nếu đăng ký trong 60 ngày" in recent
    assert NEW_FEE in recent, "the markup is shown as text"
    anchors = re.findall(r'<tr id="([^"]+)"', page(board, "thay-doi"))
    assert anchors == ["thay-doi-2", "thay-doi-1"], "newest first, numbered as recorded"
    changes = text_of(board.site / "thay-doi/index.html")
    assert NEW_FEE in changes and NEW_OVERRIDE in changes and OLD_OVERRIDE in changes


def test_the_change_is_shown_after_a_cold_build_of_a_copy(
    board: FixtureProject, tmp_path: Path
) -> None:
    copy = make_project(tmp_path / "copy", sample=False)
    shutil.rmtree(copy.content)
    shutil.copytree(board.content, copy.content)
    built = copy.build()
    assert built.returncode == 0, built.output
    recent = text_of(copy.site / "thu-tuc/dang-ky-khai-sinh/index.html")
    assert NEW_FEE in recent.partition("Thay đổi gần đây")[2]
    assert (copy.content / "changes.yml").read_bytes() == (
        board.content / "changes.yml"
    ).read_bytes()


def test_feeds_are_valid_atom_with_notices_and_changes(board: FixtureProject) -> None:
    feed = feedparser.parse((board.site / "thong-bao/atom.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids), "every entry has its own id"
    assert HOSTILE_TITLE in titles, "markup arrives as text, escaped once"
    assert "Lịch tiếp dân tháng trước" not in titles and "Mức phí mới từ tháng sau" not in titles
    assert any(t.startswith("Thay đổi: Đăng ký khai sinh") for t in titles)
    office = feedparser.parse((board.site / "don-vi/08377/atom.xml").read_bytes())
    assert not office.bozo and office.version == "atom10"
    office_titles = [entry.title for entry in office.entries]
    assert "Xã Đức Xuân tạm nghỉ tiếp dân ngày 15" not in office_titles
    assert "Xã Đức Xuân tạm nghỉ tiếp dân ngày 15" in [
        e.title
        for e in feedparser.parse((board.site / "don-vi/08378/atom.xml").read_bytes()).entries
    ]


def test_notice_page_card_is_a_1200_by_630_png_whose_qr_opens_the_notice(
    board: FixtureProject,
) -> None:
    html_text = page(board, "thong-bao/canh-giac-gia-danh-can-bo")
    assert meta(html_text, "og:title") == HOSTILE_TITLE
    assert meta(html_text, "og:description") == HOSTILE_SUMMARY
    image_url = meta(html_text, "og:image")
    assert image_url.startswith(SITE_URL)
    card = board.site / image_url.removeprefix(SITE_URL)
    assert card.stat().st_size < 300_000, "Zalo and Facebook fetch small images fastest"
    with Image.open(card) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
        assert qr_texts(image.convert("RGB")) == [f"{SITE_URL}thong-bao/canh-giac-gia-danh-can-bo/"]


def rendered_pages(path: Path) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(path)
    try:
        return [page.render(scale=2).to_pil() for page in document]
    finally:
        document.close()


def test_notice_posters_and_pack_decode_to_their_pages(board: FixtureProject) -> None:
    [poster] = rendered_pages(board.site / "posters/thong-bao/mo-cua-sang-thu-bay.pdf")
    assert qr_texts(poster) == [f"{SITE_URL}thong-bao/mo-cua-sang-thu-bay/"]
    pack = rendered_pages(board.site / "posters/pack-thong-bao.pdf")
    assert len(pack) == 3, "one page per active notice"
    decoded = [qr_texts(p) for p in pack]
    assert [f"{SITE_URL}thong-bao/canh-giac-gia-danh-can-bo/"] in decoded
    document = pypdfium2.PdfDocument(board.site / "posters/thong-bao/canh-giac-gia-danh-can-bo.pdf")
    try:
        printed = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    printed = " ".join(printed.split())
    assert "<script>" in printed, "markup printed as the characters it is"
    assert "Kẻ gian gửi đường dẫn" in printed, "the body's text, under the summary"


def test_staff_page_has_a_message_per_active_notice_and_change(board: FixtureProject) -> None:
    staff = page(board, "an-pham-in")
    areas = [html.unescape(t) for t in re.findall(r"<textarea[^>]*>(.*?)</textarea>", staff, re.S)]
    notice = next(a for a in areas if a.startswith("Mở cửa sáng thứ Bảy"))
    assert notice.split("\n")[-1] == f"{SITE_URL}thong-bao/mo-cua-sang-thu-bay/"
    assert any(a.startswith(HOSTILE_TITLE) for a in areas)
    change = next(a for a in areas if a.startswith("Thay đổi: Đăng ký khai sinh") and NEW_FEE in a)
    assert change.endswith("/thu-tuc/dang-ky-khai-sinh/")
    office = next(a for a in areas if NEW_OVERRIDE in a)
    assert "Sông Cầu" in office.split("\n")[1] and office.endswith(f"P/{BIRTH}/08377/")
    assert not any("Lịch tiếp dân tháng trước" in a for a in areas)
    assert "copy.js" in staff and "posters/pack-thong-bao.pdf" in staff


def test_procedures_json_keeps_every_key_and_adds_notices(board: FixtureProject) -> None:
    data = board.feed()
    assert {"site_url", "procedures", "packs", "offices", "notices"} <= set(data)
    assert {"code", "title", "url", "short_url", "qr", "poster", "offices"} <= set(
        data["procedures"][0]
    )
    by_slug = {n["slug"]: n for n in data["notices"]}
    assert set(by_slug) == {
        "mo-cua-sang-thu-bay",
        "canh-giac-gia-danh-can-bo",
        "duc-xuan-nghi-le",
        "lich-tiep-dan-thang-truoc",
    }
    hostile = by_slug["canh-giac-gia-danh-can-bo"]
    assert hostile["title"] == HOSTILE_TITLE
    assert hostile["url"] == f"{SITE_URL}thong-bao/canh-giac-gia-danh-can-bo/"
    assert (board.site / hostile["poster"]).is_file()
    assert by_slug["mo-cua-sang-thu-bay"]["procedures"] == [BIRTH]
    assert by_slug["duc-xuan-nghi-le"]["offices"] == ["08378"]
    assert set(hostile) == {
        "slug",
        "title",
        "date",
        "expires",
        "url",
        "procedures",
        "offices",
        "poster",
    }


def test_no_script_is_injected_anywhere(board: FixtureProject) -> None:
    for path in board.site.rglob("*"):
        if path.suffix not in (".html", ".xml", ".json", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert '<script>alert("x")' not in text, path
        assert "<img src=x" not in text, path
        assert "<script>alert(1)" not in text, path
    json.loads((board.site / "procedures.json").read_text(encoding="utf-8"))
