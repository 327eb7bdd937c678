"""`thutuc import`: a province's annex (XLSX and Excel's CSV) becomes drafts; refusals write
nothing; a re-import updates the sheet's facts and keeps every byte an editor wrote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support.annex import (
    BODY,
    HEADER,
    LONG_TITLE,
    ROWS,
    annex_rows,
    by_code,
    complete,
    front,
    write_csv,
    write_xlsx,
)
from support.clerk import run_thutuc
from support.project import FixtureProject, tree_digest

from generator.importer.annex import read_annex, restored_code

DRAFT_CODES = {"2.000720", "1.001193", "2.000815.000.00.00.H55", "1.000656", "2.000908", "1.004227"}


@pytest.fixture
def empty(new_project: Callable[..., FixtureProject]) -> FixtureProject:
    return new_project(sample=False)


@pytest.mark.parametrize("kind", ["xlsx", "csv-semicolon-bom", "csv-comma", "unicode-text"])
def test_an_annex_becomes_drafts_with_every_fact_and_row_numbers_as_shown(
    empty: FixtureProject, kind: str
) -> None:
    if kind == "xlsx":
        sheet = write_xlsx(empty.root / "annex.xlsx")
    elif kind == "unicode-text":  # Excel's "Unicode Text (*.txt)": UTF-16 with a BOM, tabs
        sheet = write_csv(empty.root / "annex.txt", delimiter="\t", encoding="utf-16")
        assert sheet.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    else:
        semicolon = kind == "csv-semicolon-bom"
        sheet = write_csv(
            empty.root / "annex.csv", delimiter=";" if semicolon else ",", bom=semicolon
        )
        assert sheet.read_bytes().startswith(b"\xef\xbb\xbf") == semicolon
    ran = run_thutuc(empty.root, "import", sheet.name)
    assert ran.returncode == 0, ran.output
    # Rows as the spreadsheet shows them: titles and the header count.
    assert (
        f"{sheet.name}: row 6, column B: warning: the code was stored as the number 2.00072; "
        "read as 2.000720" in ran.stderr
    )
    assert "row 13" not in ran.stderr  # 1.004227 stored as a number lost nothing
    assert (
        f"{sheet.name}: row 9, column B: warning: “Đăng ký lại khai sinh” has no code" in ran.stderr
    )
    assert "6 new draft(s), 0 file(s) updated, 0 unchanged; 1 row(s) not imported" in ran.stdout
    files = by_code(empty)
    assert set(files) == DRAFT_CODES  # suffixed code kept whole; the row without code skipped
    birth = front(files["2.000720"])
    assert birth["status"] == "draft"
    assert birth["title"] == "Đăng ký khai sinh"
    assert birth["field"] == "Hộ tịch"  # from the section row "I. LĨNH VỰC HỘ TỊCH"
    assert birth["agency"] == "Bộ phận một cửa, UBND cấp xã"  # a two-line cell
    assert birth["processing_time"] == "Ngay trong ngày tiếp nhận"
    assert birth["fee"] == "Miễn lệ phí"
    assert "TODO" in birth["summary"] and "TODO" in birth["documents"][0]
    text = files["2.000720"].read_text(encoding="utf-8")
    assert "- Luật Hộ tịch 2014\n- Nghị định 123/2015/NĐ-CP\n" in text  # legal basis in the body
    copy = front(files["2.000908"])
    assert copy["field"] == "Chứng thực"
    assert copy["fee"] == "2.000 đồng/trang; Từ trang thứ ba: 1.000 đồng/trang"
    assert front(files["1.000656"])["title"] == LONG_TITLE
    assert len(files["1.000656"].stem) <= 80 and not files["1.000656"].stem.endswith("-")
    assert "TODO" in front(files["2.000815.000.00.00.H55"])["fee"]  # the sheet left it empty
    # The footnote and the title rows became nothing.
    assert not any("Ghi chú" in p.read_text(encoding="utf-8") for p in files.values())


def test_drafts_block_nothing_check_lists_what_each_lacks_and_completed_ones_publish(
    empty: FixtureProject,
) -> None:
    write_xlsx(empty.root / "annex.xlsx")
    assert run_thutuc(empty.root, "import", "annex.xlsx").returncode == 0
    checked = run_thutuc(empty.root, "check")
    assert checked.returncode == 0, checked.output
    files = by_code(empty)
    shown = files["2.000815.000.00.00.H55"].relative_to(empty.root).as_posix()
    assert (
        f"{shown}:6: warning: draft, not published; still to write: summary, fee, documents, body"
        in checked.stdout
    )
    assert checked.stdout.count("draft, not published") == 6
    built = empty.build()
    assert built.returncode == 0, built.output
    assert empty.feed()["procedures"] == []
    assert not (empty.site / "thu-tuc").exists() and not (empty.site / "procedures").exists()
    complete(files["2.000720"])
    built = empty.build()
    assert built.returncode == 0, built.output
    assert [p["code"] for p in empty.feed()["procedures"]] == ["2.000720"]
    assert "2.000720" in (empty.content / "register.yml").read_text(encoding="utf-8")
    assert "1.001193" not in (empty.content / "register.yml").read_text(encoding="utf-8")


def test_a_reimport_updates_the_sheets_facts_and_keeps_every_byte_editors_wrote(
    empty: FixtureProject,
) -> None:
    write_xlsx(empty.root / "annex.xlsx")
    assert run_thutuc(empty.root, "import", "annex.xlsx").returncode == 0
    path = by_code(empty)["1.001193"]
    complete(path, status="active")
    edited = path.read_text(encoding="utf-8").replace(
        "documents:", "# giấy tờ: theo hướng dẫn của Sở Tư pháp\nkeywords:\n  - cưới\ndocuments:"
    )
    edited += "\n::: note\nVí dụ do cán bộ viết.\n"
    path.write_text(edited, encoding="utf-8")
    assert empty.build().returncode == 0
    changed = [list(row) for row in annex_rows()]
    changed[6][3] = "05 ngày làm việc"  # row 7: 1.001193's processing time
    changed[6][5] = "Lệ phí: 30.000 đồng"
    write_xlsx(empty.root / "annex.xlsx", [tuple(row) for row in changed])
    again = run_thutuc(empty.root, "import", "annex.xlsx")
    assert again.returncode == 0, again.output
    assert "0 new draft(s), 1 file(s) updated, 5 unchanged" in again.stdout
    after = path.read_text(encoding="utf-8")
    meta = front(path)
    assert meta["processing_time"] == "05 ngày làm việc"
    assert meta["fee"] == "Lệ phí: 30.000 đồng"
    # Only the two facts' lines (and `updated`) differ; summary, documents, keywords, comments
    # and body are byte for byte what the editor wrote.
    old_lines, new_lines = edited.split("\n"), after.split("\n")
    assert len(old_lines) == len(new_lines)
    differing = {o.split(":")[0] for o, n in zip(old_lines, new_lines, strict=True) if o != n}
    assert differing <= {"processing_time", "fee", "updated"}
    assert {"processing_time", "fee"} <= differing
    assert empty.build().returncode == 0
    [entry] = empty.feed()["procedures"]
    assert entry["code"] == "1.001193"
    third = run_thutuc(empty.root, "import", "annex.xlsx")
    assert "0 new draft(s), 0 file(s) updated, 6 unchanged" in third.stdout


def sheet_with(rows: list[tuple], header: tuple = HEADER) -> list[tuple]:
    return annex_rows(rows, header)


def test_duplicate_codes_refuse_the_whole_sheet_naming_rows_and_column(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=True)
    before = tree_digest(project.content)
    body = [*BODY[:3], (9, "1.001193", "Đăng ký kết hôn lưu động", "05 ngày", "UBND", "", "")]
    write_xlsx(project.root / "dup.xlsx", sheet_with(body))
    ran = run_thutuc(project.root, "import", "dup.xlsx")
    assert ran.returncode == 1
    assert (
        "dup.xlsx: row 8, column B: code 1.001193 is also on row 7; a code names one procedure"
        in ran.stderr
    )
    assert "1 error in the sheet; nothing was written" in ran.stderr
    assert tree_digest(project.content) == before


def test_a_sheet_without_a_name_column_is_refused_naming_its_columns(
    empty: FixtureProject,
) -> None:
    header = ("STT", "Mã số", "Lĩnh vực", "Thời hạn giải quyết", "Phí, lệ phí", "", "")
    body = [(1, "1.001193", "Hộ tịch", "03 ngày", "Miễn phí", "", "")]
    write_csv(empty.root / "no-names.csv", sheet_with(body, header))
    ran = run_thutuc(empty.root, "import", "no-names.csv")
    assert ran.returncode == 1
    assert (
        "no-names.csv: row 4: the header row has no column “Tên thủ tục hành chính” (its columns: "
        "A “STT”, B “Mã số”, C “Lĩnh vực”, D “Thời hạn giải quyết”, E “Phí, lệ phí”)" in ran.stderr
    )
    assert list(empty.procedures.iterdir()) == []


def test_a_file_that_is_no_annex_is_refused_in_one_line(empty: FixtureProject) -> None:
    (empty.root / "notes.csv").write_text("một ghi chú\nkhông phải danh mục\n", encoding="utf-8")
    (empty.root / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    ran = run_thutuc(empty.root, "import", "notes.csv")
    assert ran.returncode == 1 and "no header row found" in ran.stderr
    broken = run_thutuc(empty.root, "import", "broken.xlsx")
    assert broken.returncode == 1 and "cannot be read as an Excel file" in broken.stderr
    assert "Traceback" not in ran.output + broken.output
    # Saved before anything was pasted in: said so, not "no header in the first 0 rows".
    (empty.root / "empty.csv").write_bytes(b"")
    (empty.root / "blank.csv").write_text(";;;\n\n ; ;\n", encoding="utf-8")
    for name in ("empty.csv", "blank.csv"):
        blank = run_thutuc(empty.root, "import", name, lang="vi")
        assert blank.returncode == 1 and "Tệp không có chữ nào" in blank.stderr, blank.output
        assert "0 dòng" not in blank.output
    assert list(empty.procedures.iterdir()) == []


def test_header_spellings_and_codes_excel_made_numbers(tmp_path: Path) -> None:
    header = (
        " TT ",
        "MÃ SỐ  TTHC",
        "Tên  TTHC",
        "Lĩnh vực",
        "Thời gian giải quyết",
        "Cơ quan thực hiện",
        "Phí,  lệ  phí",
    )
    body = [(1, "2,00072", "Đăng ký khai sinh", "Hộ tịch", "Trong ngày", "UBND xã", "Miễn")]
    annex = read_annex(write_csv(tmp_path / "a.csv", sheet_with(body, header)), "a.csv")
    [entry] = annex.entries
    assert entry.code == "2.000720"
    assert entry.facts == {
        "title": "Đăng ký khai sinh",
        "field": "Hộ tịch",
        "agency": "UBND xã",
        "processing_time": "Trong ngày",
        "fee": "Miễn",
    }
    assert restored_code(1.0012) == ("1.001200", True)
    assert restored_code("1.001193") == ("1.001193", False)
    assert restored_code("2.000815.000.00.00.H55") == ("2.000815.000.00.00.H55", False)


def test_messages_reach_the_clerk_in_vietnamese(empty: FixtureProject) -> None:
    write_xlsx(empty.root / "annex.xlsx")
    ran = run_thutuc(empty.root, "import", "annex.xlsx", lang="vi")
    assert ran.returncode == 0, ran.stderr
    assert "annex.xlsx: dòng 6, cột B: cảnh báo: mã được lưu dưới dạng số 2.00072" in ran.stderr
    assert "6 bản nháp mới, 0 tệp được cập nhật" in ran.stdout
    checked = run_thutuc(empty.root, "check", lang="vi")
    assert "bản nháp, chưa đăng; còn phải viết: summary, documents, body" in checked.stdout


def test_rows_are_numbered_as_the_spreadsheet_shows_them() -> None:
    assert ROWS == {"2.000720": 6, "1.001193": 7, "2.000815.000.00.00.H55": 8, "1.000656": 10}


def test_a_published_procedure_cannot_go_back_to_draft(
    new_project: Callable[..., FixtureProject],
) -> None:
    project = new_project(sample=True)
    assert project.build().returncode == 0
    path = project.procedures / "dang-ky-khai-sinh.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("\nstatus: active\n", "\n", 1).replace("---\n", "---\nstatus: draft\n", 1),
        encoding="utf-8",
    )
    checked = run_thutuc(project.root, "check")
    assert checked.returncode == 1
    assert (
        "content/procedures/dang-ky-khai-sinh.md:2: field 'status': code 1.001193 was published "
        "and may be printed on posters" in checked.stdout
    )


def test_near_duplicate_titles_get_their_own_files_and_a_cover_sheet_is_skipped(
    tmp_path: Path,
) -> None:
    import datetime as dt

    from openpyxl import Workbook

    from generator.importer.drafts_writer import plan_import

    book = Workbook()
    book.active.title = "Bìa"
    book.active.append(["Ủy ban nhân dân tỉnh"])
    sheet = book.create_sheet("Danh mục")
    for values in [HEADER, ("I. LĨNH VỰC ĐẤT ĐAI",)]:
        sheet.append(list(values))
    sheet.append([1, "1.000001", "Đăng ký đất đai", "", "", "", ""])
    sheet.append([2, "1.000002", "Đăng ký đất đai", "", "", "", ""])
    book.save(tmp_path / "two.xlsx")
    annex = read_annex(tmp_path / "two.xlsx", "two.xlsx")
    assert [e.facts["field"] for e in annex.entries] == ["Đất đai", "Đất đai"]
    content = tmp_path / "content"
    plan = plan_import(content, annex.entries, dt.date(2026, 12, 7))
    assert sorted(p.name for p in plan.created) == [
        "dang-ky-dat-dai-1-000002.md",
        "dang-ky-dat-dai.md",
    ]
    warning = read_annex(write_csv(tmp_path / "x.csv", annex_rows(BODY[:2])), "x.csv").problems
    assert [str(p) for p in warning] == [
        "x.csv: row 6, column B: warning: the code was stored as the number 2.00072; read as "
        "2.000720. Format the column as Text in the sheet"
    ]


def test_a_reimport_keeps_windows_line_ends_and_leaves_a_file_that_is_not_utf8(
    empty: FixtureProject,
) -> None:
    write_xlsx(empty.root / "annex.xlsx")
    assert run_thutuc(empty.root, "import", "annex.xlsx").returncode == 0
    files = by_code(empty)
    windows, latin = files["1.001193"], files["2.000720"]
    windows.write_bytes(
        windows.read_bytes().replace(b"\n", b"\r\n").replace("03 ngày".encode(), b"04 ng")
    )
    broken = latin.read_bytes().replace("Miễn lệ phí".encode(), b"Mi\xean l\xea ph\xed")
    latin.write_bytes(broken)
    ran = run_thutuc(empty.root, "import", "annex.xlsx")
    assert ran.returncode == 0, ran.output
    assert latin.read_bytes() == broken
    text = windows.read_bytes()
    assert b"\n" not in text.replace(b"\r\n", b"")
    assert 'processing_time: "03 ngày làm việc"\r\n'.encode() in text
