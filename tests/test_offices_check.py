"""Bad `content/offices.yml` input, through the real `python -m generator check` and `build`:
exit 1, and a message that names the file, the line and the key, with no traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from support.project import FixtureProject
from support.province import make_province, offices_text, write_offices

OFFICES = "content/offices.yml"


def _line_of(text: str, fragment: str, nth: int = 0) -> int:
    """The 1-based line of the nth line holding `fragment`."""
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if fragment in line]
    return lines[nth]


def _sub(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


# (id, change to the valid file, fragment marking the expected line, field, message part)
CASES = [
    ("unknown key", _sub("    hours: \"Thứ Hai đến thứ Sáu, 7:00", "    hour: \"Thứ Hai"),
     "    hour: ", "hour", "did you mean 'hours'"),
    ("override of a shared key", _sub('        fee: "Miễn lệ phí ở xã', '        title: "Miễn'),
     '        title: "Miễn', "title", "may not be overridden"),
    ("override of a procedure not handled",
     _sub('      "1.000894":\n        fee', '      "1.004194":\n        fee'),
     '      "1.004194":', "overrides", "does not handle '1.004194'"),
    ("duplicate code, other case", _sub('code: "08378"', 'code: "xa-huyen-tung"'),
     '  - code: "XA-HUYEN-TUNG"', "code", "used twice"),
    ("overlong code", _sub('code: "XA-HUYEN-TUNG"', 'code: "XA-HUYEN-TUNG-MOT-HAI"'),
     "XA-HUYEN-TUNG-MOT-HAI", "code", "too long"),
    ("bad characters in a code", _sub('code: "08378"', 'code: "08 378"'),
     '"08 378"', "code", "not a valid code"),
    ("unquoted numeric code", _sub('code: "08378"', "code: 8378"),
     "code: 8378", "code", "quoted"),
    ("replaced_by itself", _sub('replaced_by: "08378"', 'replaced_by: "XA-HUYEN-TUNG"'),
     'replaced_by: "XA-HUYEN-TUNG"', "replaced_by", "cannot replace itself"),
    ("replaced_by unknown", _sub('replaced_by: "08378"', 'replaced_by: "99999"'),
     'replaced_by: "99999"', "replaced_by", "no office has the code"),
    ("map link not http", _sub('map_url: "https://', 'map_url: "javascript://'),
     "map_url:", "map_url", "must be an http:// or https:// address"),
    ("unknown procedure", _sub('["1.001193", "1.000894", "2.000815"]', '["1.001193", "9.999999"]'),
     '"9.999999"', "procedures", "no procedure has the code"),
    ("YAML alias", lambda text: _sub('    hotline: "0209 3870 222"', "    hotline: *h")(
        _sub('    hotline: "0209 3870 111"', '    hotline: &h "0209 3870 111"')(text)),
     "&h", None, "alias"),
    ("missing required key", _sub('    hotline: "0209 3870 222"\n', ""),
     '  - code: "08378"', "hotline", "required"),
    ("overlong note", _sub("quầy số 3 ưu tiên người cao tuổi.", "x" * 320),
     "        note:", "note", "too long"),
]  # fmt: skip


@pytest.fixture
def province(new_project: Callable[..., FixtureProject], tmp_path: Path) -> FixtureProject:
    return make_province(tmp_path / "province")


def _errors(project: FixtureProject) -> list[dict[str, object]]:
    checked = project.run("check", "--json")
    assert checked.returncode == 1, checked.output
    assert "Traceback" not in checked.output
    return json.loads(checked.stdout)["errors"]


def test_the_fixture_province_checks_clean(province: FixtureProject) -> None:
    checked = province.run("check", "--json")
    assert checked.returncode == 0, checked.output
    assert json.loads(checked.stdout)["errors"] == []


@pytest.mark.parametrize(("change", "marker", "field", "message"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])  # fmt: skip
def test_bad_office_input_names_file_line_and_key(
    province: FixtureProject,
    change: Callable[[str], str],
    marker: str,
    field: str | None,
    message: str,
) -> None:
    text = change(offices_text())
    write_offices(province, text)
    errors = _errors(province)
    expected = {"path": OFFICES, "line": _line_of(text, marker), "field": field}
    matching = [e for e in errors if {k: e[k] for k in expected} == expected]
    assert matching, errors
    assert any(message in str(e["message"]) for e in matching), errors


def test_replaced_by_cycle_is_an_error(province: FixtureProject) -> None:
    text = offices_text().replace(
        '    procedures: ["1.001193", "1.000894", "2.000815"]\n',
        '    procedures: ["1.001193", "1.000894", "2.000815"]\n'
        '    status: retired\n    replaced_by: "XA-HUYEN-TUNG"\n',
    )
    write_offices(province, text)
    errors = _errors(province)
    cycles = [e for e in errors if "cycle" in str(e["message"])]
    assert {e["line"] for e in cycles} == {
        _line_of(text, 'replaced_by: "XA-HUYEN-TUNG"'),
        _line_of(text, 'replaced_by: "08378"'),
    }
    assert {e["field"] for e in cycles} == {"replaced_by"}


def test_a_dropped_office_code_is_an_error(province: FixtureProject) -> None:
    built = province.build()
    assert built.returncode == 0, built.output
    register = (province.content / "office-register.yml").read_text(encoding="utf-8")
    assert '"XA-HUYEN-TUNG":' in register and '"08377":' in register
    text = offices_text()
    write_offices(province, text[: text.index('  - code: "XA-HUYEN-TUNG"')])
    errors = _errors(province)
    [dropped] = [e for e in errors if e["field"] == "XA-HUYEN-TUNG"]
    assert dropped["path"] == "content/office-register.yml"
    assert "status: retired" in str(dropped["message"])


def test_build_refuses_bad_offices_without_a_traceback(province: FixtureProject) -> None:
    write_offices(province, offices_text().replace("    hours: ", "    hour: ", 1))
    built = province.build()
    assert built.returncode == 1
    assert "Traceback" not in built.output
    assert f"{OFFICES}:{_line_of(offices_text(), '    hours: ')}: field 'hour'" in built.output
    assert not (province.site / "procedures.json").exists()
