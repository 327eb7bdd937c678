"""Staff work per office: `posters`, `printed` and `reprint` with `--office CODE`, the staff
page listing each office's packs, an office's new hotline redrawing only that office, and the
QR version limit enforced by `check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.decode import pdf_pages
from support.project import FixtureProject
from support.province import make_province, offices_text, write_offices


@pytest.fixture
def province(tmp_path: Path) -> FixtureProject:
    return make_province(tmp_path / "province")


def test_posters_printed_and_reprint_per_office(province: FixtureProject) -> None:
    posters = province.run("posters", "--office", "08378")
    assert posters.returncode == 0, posters.output
    out = province.root / "posters" / "08378"
    assert sorted(p.name for p in out.glob("1.*.pdf")) == ["1.000894.pdf", "1.001193.pdf"]
    assert pdf_pages(out / "pack-all.pdf") >= 3
    printed = province.run("printed", "--office", "08378")
    assert printed.returncode == 0, printed.output
    assert (province.content / "printings-08378.yml").is_file()
    assert not (province.content / "printings.yml").exists()
    assert "nothing to print again" in province.run("reprint", "--office", "08378").stdout
    # A new hotline at 08377 changes none of 08378's posters; at 08378, all three.
    write_offices(province, offices_text().replace("0209 3870 111", "0209 3870 999"))
    assert "nothing to print again" in province.run("reprint", "--office", "08378").stdout
    write_offices(province, offices_text().replace("0209 3870 222", "0209 3870 888"))
    reprint = province.run("reprint", "--office", "08378")
    assert reprint.returncode == 0, reprint.output
    assert reprint.stdout.count("nội dung đã thay đổi") == 3
    assert "printed --pack reprint --office 08378" in reprint.stdout
    assert pdf_pages(out / "pack-reprint.pdf") >= 3


def test_reprint_says_to_take_down_a_poster_the_office_no_longer_handles(
    province: FixtureProject,
) -> None:
    assert province.run("printed", "--office", "08378").returncode == 0
    write_offices(province, offices_text().replace(', "2.000815"]', "]"))
    reprint = province.run("reprint", "--office", "08378")
    assert reprint.returncode == 0, reprint.output
    [line] = [line for line in reprint.stdout.splitlines() if "2.000815" in line]
    assert "Chứng thực bản sao từ bản chính" in line
    assert "đơn vị không còn tiếp nhận: gỡ áp phích xuống" in line
    assert "nothing to print again" in reprint.stdout


def test_an_unknown_or_retired_office_is_a_clean_error(province: FixtureProject) -> None:
    for code in ("99999", "XA-HUYEN-TUNG"):
        result = province.run("posters", "--office", code)
        assert result.returncode == 1
        assert "no active office has code" in result.stderr and "08377" in result.stderr
        assert "Traceback" not in result.output


def test_staff_page_lists_each_office_packs_and_the_site_builds_them(
    province: FixtureProject,
) -> None:
    built = province.build()
    assert built.returncode == 0, built.output
    html = (province.site / "an-pham-in" / "index.html").read_text(encoding="utf-8")
    for code in ("08377", "08378"):
        assert f'id="don-vi-{code}"' in html
        assert f'href="../posters/{code}/pack-all.pdf"' in html
        assert (province.site / "posters" / code / "pack-all.pdf").is_file()
    assert "don-vi-XA-HUYEN-TUNG" not in html
    assert not (province.site / "printings-08378.yml").exists()


def test_a_new_hotline_redraws_only_that_office(province: FixtureProject) -> None:
    assert province.build().returncode == 0
    write_offices(province, offices_text().replace("0209 3870 222", "0209 3870 888"))
    built = province.build()
    assert built.returncode == 0, built.output
    assert "Office 08377: QR codes 0 drawn, 10 reused; packs 0 drawn" in built.output
    assert "Office 08378: QR codes 0 drawn, 3 reused; packs 5 drawn, 0 reused" in built.output
    assert "QR codes and posters: 0 drawn, 10 reused" in built.output
    feed = json.loads((province.site / "procedures.json").read_text(encoding="utf-8"))
    assert feed["offices"][1]["code"] == "08378"


def test_check_refuses_an_office_code_that_makes_a_qr_too_large(
    province: FixtureProject,
) -> None:
    long_code = "2.000815.000.00.00.H55"
    source = province.procedures / "chung-thuc-ban-sao-tu-ban-chinh.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace('code: "2.000815"', f'code: "{long_code}"'),
        encoding="utf-8",
    )
    text = offices_text().replace('"2.000815"', f'"{long_code}"')
    write_offices(province, text.replace('code: "08377"', 'code: "SONGCAU-01234567"'))
    checked = province.run("check", "--json")
    assert checked.returncode == 1, checked.output
    [error] = json.loads(checked.stdout)["errors"]
    assert error["path"] == "content/offices.yml" and error["field"] == "code"
    assert error["line"] == 3 and "version 5 (at most 4)" in error["message"]
    write_offices(province, text)  # the realistic code fits
    assert province.run("check").returncode == 0
