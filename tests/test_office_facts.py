"""No page contradicts itself (issue 20): at an office that overrides a fact, a body that
restates the shared value is marked as not applying there, and `check` names its line; where
to submit is the office; the facts card carries where and when on every resident page."""

from __future__ import annotations

import html as htmllib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.processes import child_env
from support.project import FixtureProject
from support.province import make_province, restate_facts


def _check(project: FixtureProject, language: str) -> subprocess.CompletedProcess[str]:
    env = {**child_env(), "THUTUC_LANG": language}
    command = [sys.executable, "-m", "generator", "check"]
    return subprocess.run(command, cwd=project.root, capture_output=True, text=True, env=env)


def _text(path: Path) -> str:
    raw = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", htmllib.unescape(raw))


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    project = make_province(Path(tmp_path_factory.mktemp("office-facts")))
    restate_facts(project)
    built = project.build()
    assert built.returncode == 0, built.output
    return project


def test_check_warns_where_a_body_restates_an_overridden_fact(province: FixtureProject) -> None:
    result = _check(province, "en")
    assert result.returncode == 0, result.output
    source = (province.procedures / "dang-ky-khai-sinh.md").read_text(encoding="utf-8")
    lines = source.split("\n")
    fee_line = next(i for i, t in enumerate(lines, 1) if t.startswith("| Lệ phí |"))
    time_line = next(i for i, t in enumerate(lines, 1) if t.startswith("| Thời gian giải"))
    warnings = [line for line in result.stdout.splitlines() if "restates" in line]
    where = "content/procedures/dang-ky-khai-sinh.md"
    assert any(f"{where}:{fee_line}:" in w and "'fee'" in w and "08377" in w for w in warnings)
    assert any(f"{where}:{time_line}:" in w and "'processing_time'" in w for w in warnings)
    # 08378 overrides nothing for this procedure, and the place line names no override.
    assert not any("08378" in w for w in warnings), warnings


def test_vietnamese_check_warning(province: FixtureProject) -> None:
    completed = _check(province, "vi")
    assert "phần nội dung nhắc lại “Lệ phí”" in completed.stdout


def test_an_overriding_office_marks_the_restated_fee_and_time(province: FixtureProject) -> None:
    page = province.site / "P/1.001193/08377/index.html"
    html = page.read_text(encoding="utf-8")
    rows = re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.DOTALL)
    fee_row = next(r for r in rows if "Lệ phí" in r and "20.000 đồng" in r)
    time_row = next(r for r in rows if "Thời gian giải quyết" in r)
    for row in (fee_row, time_row):
        assert 'class="o-stale"' in row
        assert "Không áp dụng tại Bộ phận một cửa – UBND phường Sông Cầu" in row
    text = _text(page)
    assert "Lệ phí Miễn lệ phí tại phường Sông Cầu" in text
    # Every mention of the shared values is marked: none stands alone.
    for block in re.findall(r"<(?:p|li|tr)\b[^>]*>.*?</(?:p|li|tr)>", html, flags=re.DOTALL):
        if "Ngay trong ngày" in block or "ngay trong ngày" in block or "20.000 đồng" in block:
            assert "o-stale" in block, block


def test_the_place_to_submit_is_the_office(province: FixtureProject) -> None:
    text = _text(province.site / "P/1.000894/08378/index.html")
    assert "Nơi nộp hồ sơ Bộ phận một cửa – UBND xã Đức Xuân" in text
    assert "Ủy ban nhân dân phường" not in text.split("Giấy tờ cần mang")[0]
    # The restated place line is marked at every office (the office is the place there).
    page = (province.site / "P/1.001193/08378/index.html").read_text(encoding="utf-8")
    [line] = [p for p in re.findall(r"<p\b.*?</p>", page, re.DOTALL) if "Nơi nộp hồ sơ:" in p]
    assert 'class="o-stale"' in line and "Không áp dụng tại" in line
    # Its own agency override wins.
    text = _text(province.site / "P/2.000815/08377/index.html")
    assert "Nơi nộp hồ sơ Quầy chứng thực, tầng 1 UBND phường Sông Cầu" in text


def test_facts_card_holds_where_and_when(province: FixtureProject) -> None:
    office = province.site / "P/1.000894/08378/index.html"
    html = office.read_text(encoding="utf-8")
    card = html.split('<section class="o-card" aria-label="Tóm tắt">')[1].split("</section>")[0]
    assert "Thôn Nà Pàn, xã Đức Xuân" in card and "Thứ Hai đến thứ Sáu, 7:00–11:30" in card
    assert 'href="tel:02093870222"' in card
    # No map_url: a search built from the address, a plain link.
    assert "https://www.google.com/maps/search/?api=1&amp;query=Th%C3%B4n%20N%C3%A0" in card
    main = (province.site / "thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    card = main.split('<section class="tt-card" aria-label="Tóm tắt">')[1].split("</section>")[0]
    assert "Số 1 đường Minh Khai" in card and 'href="tel:02438000000"' in card
    assert "Xem bản đồ" in card


def test_resident_pages_carry_no_staff_material(province: FixtureProject) -> None:
    for path in ("thu-tuc/dang-ky-khai-sinh/", "P/1.001193/08377/", "don-vi/08377/", ""):
        html = (province.site / path / "index.html").read_text(encoding="utf-8")
        assert "Tải áp phích" not in html and ".pdf" not in html, path
        assert "Từ khóa" not in html and "Dành cho cán bộ" not in html, path
        assert 'class="tt-qr"' not in html, path
    # The printed handout still has the page's QR (shown by print CSS only).
    main = (province.site / "thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    assert 'class="tt-handout"' in main and "qr/" in main


def test_place_links_are_web_addresses_only() -> None:
    from generator.content.facts import place

    hostile = {
        "address": "Số 1 đường Trường Chinh",
        "hotline": "0209.3870 111",
        "map_url": "javascript:alert(1)",
        "zalo_url": "javascript:alert(2)",
    }
    where = place(hostile)
    assert where is not None
    assert where.map_url.startswith("https://www.google.com/maps/search/?api=1&query=S%E1%BB%91")
    assert where.zalo_url == "" and where.tel == "02093870111"
    assert place({"name": "Chỉ có tên"}) is None
