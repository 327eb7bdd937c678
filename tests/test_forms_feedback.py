"""Forms and feedback (issue 20): `forms:` in the front matter become downloads on the
procedure's page and its offices' pages, a missing file is a `check` error naming the file,
line and key; "báo sai thông tin" reaches the office by phone or Zalo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.project import FixtureProject
from support.province import make_province, offices_text, write_offices

FORMS = """forms:
  - label: "Tờ khai đăng ký khai sinh (mẫu)"
    file: "mau/to-khai-khai-sinh.pdf"
  - label: "Mẫu trên Cổng Dịch vụ công"
    url: "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc.html?ma_thu_tuc=1.001193"
"""
ZALO = "https://zalo.me/0209387022"


def add_forms(project: FixtureProject, forms: str = FORMS) -> Path:
    path = project.procedures / "dang-ky-khai-sinh.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("keywords:\n", forms + "keywords:\n", 1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    project = make_province(Path(tmp_path_factory.mktemp("forms")))
    (project.content / "mau").mkdir()
    (project.content / "mau" / "to-khai-khai-sinh.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    add_forms(project)
    write_offices(
        project,
        offices_text().replace(
            '    hotline: "0209 3870 222"\n',
            f'    hotline: "0209 3870 222"\n    zalo_url: "{ZALO}"\n',
        ),
    )
    built = project.build()
    assert built.returncode == 0, built.output
    return project


def test_forms_are_downloads_on_the_procedure_and_office_pages(province: FixtureProject) -> None:
    site = province.site
    assert (site / "mau" / "to-khai-khai-sinh.pdf").read_bytes().startswith(b"%PDF")
    main = (site / "thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    assert '<a href="../../mau/to-khai-khai-sinh.pdf" download>Tờ khai đăng ký khai sinh' in main
    assert 'href="https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc.html?ma_thu_tuc=' in main
    office = (site / "P/1.001193/08378/index.html").read_text(encoding="utf-8")
    assert '<a href="../../../mau/to-khai-khai-sinh.pdf" download>Tờ khai' in office


def test_report_a_mistake_calls_or_messages_the_office(province: FixtureProject) -> None:
    site = province.site
    main = (site / "thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    assert '<a href="tel:02438000000">Báo sai thông tin: gọi 024 3800 0000</a>' in main
    commune = (site / "P/1.001193/08378/index.html").read_text(encoding="utf-8")
    assert 'href="tel:02093870222">Báo sai thông tin: gọi 0209 3870 222</a>' in commune
    assert f'href="{ZALO}" rel="noopener">hoặc nhắn Zalo</a>' in commune
    ward = (site / "P/1.001193/08377/index.html").read_text(encoding="utf-8")
    assert "Báo sai thông tin: gọi 0209 3870 111" in ward and "zalo.me" not in ward


def test_a_missing_form_file_is_an_error_with_file_line_and_key(
    new_project: object, tmp_path: Path
) -> None:
    project = new_project()  # type: ignore[operator]
    path = add_forms(project)
    line = path.read_text(encoding="utf-8").split("\n").index("forms:") + 1
    result = project.run("check", "--json")
    assert result.returncode == 1, result.output
    report = json.loads(result.stdout)
    [error] = [e for e in report["errors"] if e["field"] == "forms"]
    assert error["path"] == "content/procedures/dang-ky-khai-sinh.md"
    assert error["line"] == line
    assert "mau/to-khai-khai-sinh.pdf" in error["message"]


def test_a_form_needs_a_file_or_a_link_inside_content(new_project: object) -> None:
    project = new_project()  # type: ignore[operator]
    add_forms(project, 'forms:\n  - label: "Tờ khai"\n    file: "../../etc/passwd"\n')
    result = project.run("check", "--json")
    assert result.returncode == 1
    errors = json.loads(result.stdout)["errors"]
    assert any(e["field"] == "forms" and "inside content/" in e["message"] for e in errors)
    assert "Traceback" not in result.output
