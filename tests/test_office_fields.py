"""Office fields get the checks procedure fields get (issue 19), through the real `check`:
each refused value is named with the file, its line and its key, and no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2
import pytest
from support.project import FixtureProject
from support.province import make_province, offices_text, write_offices

OFFICES = "content/offices.yml"
NAME = '    name: "Bộ phận một cửa – UBND phường Sông Cầu"'
ADDRESS = '    address: "Số 1 đường Trường Chinh, phường Sông Cầu"'
HOTLINE = '    hotline: "0209 3870 111"'
ONLINE = '        online_url: "https://dichvucong.example.gov.vn/song-cau"'
MAP = '    map_url: "https://www.openstreetmap.org/?mlat=22.15&mlon=105.83"'

# (id, line as written in the fixture, the line that replaces it, key, message part)
CASES = [
    ("NUL in a name", NAME, '    name: "Bộ phận\\0 một cửa"', "name", "(U+0000)"),
    ("ESC in an address", ADDRESS, '    address: "Số 1\\e[31m đường"', "address", "(U+001B)"),
    ("BEL in a name", NAME, '    name: "Bộ phận\\a một cửa"', "name", "(U+0007)"),
    ("bidi override in an address", ADDRESS, '    address: "Số 1 \u202eđường"', "address",
     "(U+202E)"),
    ("line separator in a name", NAME, '    name: "Bộ phận\\L một cửa"', "name", "(U+2028)"),
    ("markup after a space in online_url", ONLINE,
     '        online_url: "https://dvc.example.gov.vn/ \\"><script>alert(1)</script>"',
     "online_url", "without spaces"),
    ("hotline with letters", HOTLINE, '    hotline: "tel:1800-THU-TUC(miễnphí)"', "hotline",
     "not a phone number"),
    ("hotline with markup", HOTLINE, '    hotline: "<b>0209</b>"', "hotline", "not a phone number"),
    ("map_url not http", MAP, '    map_url: "javascript:alert(1)"', "map_url", "http"),
    ("map_url with a space", MAP, '    map_url: "https://osm.org/ x"', "map_url", "without spaces"),
]  # fmt: skip


@pytest.fixture
def province(tmp_path: Path) -> FixtureProject:
    return make_province(tmp_path / "province")


def _errors(project: FixtureProject) -> list[dict[str, object]]:
    checked = project.run("check", "--json")
    assert checked.returncode == 1, checked.output
    assert "Traceback" not in checked.output
    return json.loads(checked.stdout)["errors"]


def pdf_text(path: Path) -> str:
    document = pypdfium2.PdfDocument(path)
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    finally:
        document.close()


def _line_of(text: str, fragment: str) -> int:
    return next(i + 1 for i, line in enumerate(text.split("\n")) if fragment in line)


@pytest.mark.parametrize(("old", "new", "key", "message"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_a_hostile_office_value_is_refused_with_file_line_and_key(
    province: FixtureProject, old: str, new: str, key: str, message: str
) -> None:
    text = offices_text()
    assert old in text
    text = text.replace(old, new, 1)
    write_offices(province, text)
    errors = [e for e in _errors(province) if e["path"] == OFFICES]
    assert [(e["line"], e["field"]) for e in errors] == [(_line_of(text, new.strip()[:12]), key)]
    assert message in str(errors[0]["message"]), errors


def test_a_normal_hotline_passes(province: FixtureProject) -> None:
    text = offices_text().replace(HOTLINE, '    hotline: "+84 (209) 3870-111"')
    write_offices(province, text)
    checked = province.run("check")
    assert checked.returncode == 0, checked.output


def test_an_address_that_would_cut_the_hotline_off_the_poster_is_refused(
    province: FixtureProject,
) -> None:
    long_address = "Số 1 đường Trường Chinh, tổ dân phố số 7, " * 8
    text = offices_text().replace(ADDRESS, f'    address: "{long_address.strip()}"')
    write_offices(province, text)
    [error] = _errors(province)
    assert (error["path"], error["line"], error["field"]) == (
        OFFICES,
        _line_of(text, "tổ dân phố"),
        "address",
    )
    message = str(error["message"])
    assert "hotline would be cut off" in message
    room = int(message.rsplit("at most ", 1)[1].split()[0])
    assert 60 < room < len(long_address)
    # The limit the message gives is one that builds a poster with the hotline on it.
    text = offices_text().replace(ADDRESS, f'    address: "{long_address[:room].strip()}"')
    write_offices(province, text)
    built = province.build()
    assert built.returncode == 0, built.output
    [birth] = [p for p in province.feed()["procedures"] if p["code"] == "1.001193"]
    poster = pdf_text(province.site / birth["offices"]["08377"]["poster"])
    assert "0209 3870 111" in poster and "7:30–11:30 và 13:30–17:00" in poster
