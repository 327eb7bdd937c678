"""Annex spreadsheets as provinces publish them, written with openpyxl or as Excel's CSV.

The layout follows a decision's annex: two title rows (merged across the table), an empty
row, the header, section rows naming the field, numbered rows with multi-line cells, and a
footnote. Codes are stored the way Excel leaves them: some as numbers that lost their trailing
zeros, one with a suffix, one row without a code.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

from support.project import FixtureProject

HEADER = (
    "STT",
    "Mã TTHC",
    "Tên thủ tục hành chính",
    "Thời hạn giải quyết",
    "Địa điểm thực hiện",
    "Phí, lệ phí\n(nếu có)",
    "Căn cứ pháp lý",
)
#: Row 1–2 titles, row 3 empty, row 4 the header; data starts at row 5.
TITLE_ROWS: list[tuple[Any, ...]] = [
    ("DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA UBND CẤP XÃ",),
    ("(Kèm theo Quyết định số 1234/QĐ-UBND ngày 15 tháng 7 năm 2025 của Chủ tịch UBND tỉnh)",),
    (),
    HEADER,
]
LONG_TITLE = (
    "Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con cho trẻ em được sinh ra "
    "ở nước ngoài chưa được đăng ký khai sinh về cư trú tại Việt Nam, trong trường hợp cha "
    "hoặc mẹ là công dân Việt Nam cư trú tại địa bàn xã và người kia là người nước ngoài"
)
BODY: list[tuple[Any, ...]] = [
    ("I. LĨNH VỰC HỘ TỊCH",),  # row 5
    (
        1,
        2.00072,  # Excel's number for 2.000720
        "Đăng ký khai sinh",
        "Ngay trong ngày tiếp nhận",
        "Bộ phận một cửa\nUBND cấp xã",
        "Miễn lệ phí",
        "- Luật Hộ tịch 2014\n- Nghị định 123/2015/NĐ-CP",
    ),  # row 6
    (2, "1.001193", "Đăng ký kết hôn", "03 ngày làm việc", "UBND cấp xã", "Miễn lệ phí", ""),
    (3, "2.000815.000.00.00.H55", "Đăng ký khai tử", "Ngay trong ngày", "UBND cấp xã", "", ""),
    (4, None, "Đăng ký lại khai sinh", "05 ngày làm việc", "UBND cấp xã", "", ""),  # row 9
    (5, "1.000656", LONG_TITLE, "10 ngày làm việc", "UBND cấp xã", "Miễn lệ phí", ""),
    ("II. LĨNH VỰC CHỨNG THỰC",),  # row 11
    (
        1,
        "2.000908",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Trong ngày",
        "UBND cấp xã",
        "- 2.000 đồng/trang\n- Từ trang thứ ba: 1.000 đồng/trang",
        "",
    ),  # row 12
    (2, 1.004227, "Chứng thực chữ ký", "Trong ngày", "UBND cấp xã", "10.000 đồng/trường hợp", ""),
    (),
    ("Ghi chú: Phần chữ in nghiêng là nội dung được sửa đổi, bổ sung.",),  # row 15
]
#: Code → the row the spreadsheet shows it on.
ROWS = {"2.000720": 6, "1.001193": 7, "2.000815.000.00.00.H55": 8, "1.000656": 10}


def annex_rows(
    body: list[tuple[Any, ...]] | None = None, header: tuple[Any, ...] = HEADER
) -> list[tuple[Any, ...]]:
    return [*TITLE_ROWS[:3], header, *(BODY if body is None else body)]


def write_xlsx(path: Path, rows: list[tuple[Any, ...]] | None = None) -> Path:
    """An annex workbook: merged title cells, wrapped multi-line cells, codes as numbers."""
    rows = annex_rows() if rows is None else rows
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    for values in rows:
        sheet.append(list(values))
    sheet.merge_cells("A1:G1")
    sheet.merge_cells("A2:G2")
    for number, values in enumerate(rows, 1):
        if len(values) == 1 and number > 4:
            sheet.merge_cells(f"A{number}:G{number}")
    book.save(path)
    return path


def write_csv(
    path: Path,
    rows: list[tuple[Any, ...]] | None = None,
    delimiter: str = ";",
    bom: bool = True,
    encoding: str = "utf-8",
) -> Path:
    """The annex as Excel saves "CSV UTF-8" (BOM) in a Vietnamese locale (semicolons), or as
    "Unicode Text" (`encoding="utf-16"`, tabs); numbers are written as Excel shows them, so
    `2.00072` has lost its zero here too."""
    rows = annex_rows() if rows is None else rows
    width = len(HEADER)
    if encoding == "utf-8" and bom:
        encoding = "utf-8-sig"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for values in rows:
            cells = ["" if value is None else str(value) for value in values]
            writer.writerow(cells + [""] * (width - len(cells)))
    return path


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def by_code(project: FixtureProject) -> dict[str, Path]:
    found = {}
    for path in project.procedures.glob("*.md"):
        found[str(front(path)["code"])] = path
    return found


def complete(path: Path, status: str | None = None) -> None:
    """What an editor does to a draft: write the summary, documents and steps, then remove
    `status: draft` (or set it active)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'summary: "TODO[^"]*"', 'summary: "Làm thủ tục này tại bộ phận một cửa."', text)
    text = re.sub(r'  - "TODO[^"]*"', '  - "Tờ khai theo mẫu"\n  - "Căn cước công dân"', text)
    text = text.replace("status: draft\n", "" if status is None else f"status: {status}\n")
    text = re.sub(r"(?m)^(\d+\.|-) TODO: .*$", r"\1 Nộp hồ sơ tại bộ phận một cửa.", text)
    text = re.sub(r'"TODO: [^"]*"', '"Miễn lệ phí"', text)
    path.write_text(text, encoding="utf-8")
