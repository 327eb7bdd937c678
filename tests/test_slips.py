"""Common slips of a clerk's keyboard, through the real `thutuc check`: each is reported at the
line of the slip, with its key and one line saying what to do (issue 19)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.processes import child_env
from support.project import FixtureProject, procedure_text
from support.province import make_province, offices_text, write_offices

P = "content/procedures"


def _report(project: FixtureProject, status: int = 1) -> dict[str, Any]:
    checked = project.run("check", "--json")
    assert checked.returncode == status, checked.output
    assert "Traceback" not in checked.output
    return json.loads(checked.stdout)


def _line_of(text: str, fragment: str) -> int:
    return next(i + 1 for i, line in enumerate(text.split("\n")) if fragment in line)


def _only(problems: list[dict[str, Any]], path: str) -> dict[str, Any]:
    mine = [p for p in problems if p["path"] == path]
    assert len(mine) == 1, problems
    return mine[0]


def test_an_unclosed_quote_is_reported_on_its_own_line_with_its_key(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project()
    text = procedure_text(code="QT-10").replace("fee: Miễn lệ phí", 'fee: "Miễn lệ phí')
    assert _line_of(text, "fee:") == 8
    project.write("moi.md", text)
    error = _only(_report(project)["errors"], f"{P}/moi.md")
    assert (error["line"], error["field"]) == (8, "fee")
    assert "never closed" in error["message"] and "same line" in error["message"]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-02-30", "is not a real date"),
        ('"2026-02-30"', "is not a real date"),
        ("0001-01-01", "too early to be right"),
        ("2099-12-31", "is in the future"),
        ((dt.date.today() + dt.timedelta(days=40)).isoformat(), "is in the future"),
    ],
)
def test_a_date_that_cannot_be_right_is_named_with_its_key(
    new_project: Callable[..., FixtureProject], written: str, message: str
) -> None:
    project = new_project()
    text = procedure_text(code="QT-10").replace("updated: '2026-11-20'", f"updated: {written}")
    project.write("moi.md", text)
    error = _only(_report(project)["errors"], f"{P}/moi.md")
    assert (error["line"], error["field"]) == (_line_of(text, "updated:"), "updated")
    assert message in error["message"] and "YYYY-MM-DD" in error["message"]


def test_curly_quotes_from_word_are_not_published(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project()
    text = procedure_text(code="QT-10").replace("fee: Miễn lệ phí", "fee: “Miễn lệ phí”")
    project.write("moi.md", text)
    report = _report(project, status=0)
    warning = _only(report["warnings"], f"{P}/moi.md")
    assert (warning["line"], warning["field"]) == (_line_of(text, "fee:"), "fee")
    assert "curly quotes" in warning["message"] and "straight quotes" in warning["message"]
    built = project.build()
    assert built.returncode == 0, built.output
    page = (project.site / "thu-tuc" / "moi" / "index.html").read_text(encoding="utf-8")
    assert "Miễn lệ phí" in page
    assert not [p for p in project.site.rglob("*.html") if "“Miễn" in p.read_text("utf-8")]


def _age(path: Path, days: int) -> None:
    when = path.stat().st_mtime - days * 86400
    os.utime(path, (when, when))


def test_a_duplicate_code_is_reported_against_the_file_that_changed_last(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=False)
    old = project.write("cu.md", procedure_text(code="QT-01"))
    project.write("moi.md", procedure_text(code="QT-01"))
    _age(old, 30)
    report = _report(project)
    [error] = report["errors"]
    assert (error["path"], error["field"], error["line"]) == (f"{P}/moi.md", "code", 2)
    assert f"{P}/cu.md:2" in error["message"] and "its own code" in error["message"]
    checked = project.run("check")
    assert "1 error(s) in 1 file(s)" in checked.stdout


def test_a_field_spelt_another_way_is_reported_against_the_newer_file(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=False)
    new = project.write("a-moi.md", procedure_text(code="QT-02", field="Hộ Tịch"))
    old = project.write("z-cu.md", procedure_text(code="QT-01", field="Hộ tịch"))
    _age(old, 30)
    [error] = _report(project)["errors"]
    assert (error["path"], error["field"]) == (f"{P}/{new.name}", "field")
    assert "'Hộ Tịch'" in error["message"] and f"{P}/z-cu.md:5" in error["message"]


@pytest.mark.parametrize(
    ("written", "message"),
    [("procedures: []", "empty list"), ("procedures:", "nothing after it")],
)
def test_an_office_with_an_empty_procedure_list_is_an_error(
    tmp_path: Path, written: str, message: str
) -> None:
    project = make_province(tmp_path / "province")
    hotline = '    hotline: "0209 3870 111"\n'
    text = offices_text().replace(hotline, f"{hotline}    {written}\n", 1)
    write_offices(project, text)
    [error] = _report(project)["errors"]
    assert error["path"] == "content/offices.yml"
    assert (error["line"], error["field"]) == (_line_of(text, written), "procedures")
    assert message in error["message"] and "delete the line" in error["message"]


def test_the_clerk_reads_the_slip_in_vietnamese(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project()
    text = procedure_text(code="QT-10").replace("fee: Miễn lệ phí", 'fee: "Miễn lệ phí')
    project.write("moi.md", text)
    env = {**child_env(), "THUTUC_LANG": "vi"}
    checked = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=project.root,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert checked.returncode == 1
    assert f"{P}/moi.md:8: " in checked.stdout
    assert "chưa đóng" in checked.stdout and "Traceback" not in checked.stderr


def test_curly_quotes_in_offices_yml_are_read_as_quotes_with_a_warning(tmp_path: Path) -> None:
    project = make_province(tmp_path / "province")
    text = offices_text().replace('hotline: "0209 3870 111"', "hotline: “0209 3870 111”")
    write_offices(project, text)
    report = _report(project, status=0)
    warning = _only(report["warnings"], "content/offices.yml")
    assert (warning["line"], warning["field"]) == (_line_of(text, "“0209"), "hotline")
    assert "straight quotes" in warning["message"]


def test_an_unclosed_quote_in_a_list_names_the_list(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project()
    text = procedure_text(code="QT-10").replace("- Tờ khai", '- "Tờ khai')
    project.write("moi.md", text)
    error = _only(_report(project)["errors"], f"{P}/moi.md")
    assert (error["line"], error["field"]) == (_line_of(text, '"Tờ khai'), "documents")


def test_an_office_with_errors_brings_no_echo_from_the_office_it_replaces(tmp_path: Path) -> None:
    """XA-HUYEN-TUNG is replaced by 08378: 08378's own slip is one error, not two."""
    project = make_province(tmp_path / "province")
    text = offices_text().replace(
        'procedures: ["1.001193", "1.000894", "2.000815"]', "procedures: []"
    )
    write_offices(project, text)
    [error] = _report(project)["errors"]
    assert (error["line"], error["field"]) == (_line_of(text, "procedures: []"), "procedures")
