"""The cells of a spreadsheet, row by row, numbered as the spreadsheet shows them.

XLSX is read with openpyxl, CSV with the standard library (UTF-8, with or without the BOM
Excel writes; comma, semicolon or tab, as Excel writes them in each locale; or UTF-16 with its
BOM, Excel's "Unicode Text"). A cell keeps the type the file gave it, so `annex` can tell a
code that Excel turned into a number.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.i18n import _

#: What a cell can hold once read: text, a number Excel stored, or nothing.
Cell = str | int | float | None


@dataclass(frozen=True)
class Row:
    """One row: its number as the spreadsheet shows it (1-based) and its cells from column A."""

    number: int
    cells: tuple[Cell, ...]


class SheetError(Exception):
    """Why a file cannot be read as a sheet at all; the message is for the clerk."""


def column_letter(index: int) -> str:
    """`0` → `A`, `27` → `AB`: columns as the spreadsheet names them."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_sheets(path: Path) -> list[tuple[str, list[Row]]]:
    """Every sheet of an XLSX file, or the one sheet of a CSV file, as (name, rows)."""
    if not path.is_file():
        raise SheetError(_("{path} is not a file").format(path=path))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if path.suffix.lower() in (".csv", ".txt"):
        return [(path.name, _read_csv(path.read_bytes(), path))]
    raise SheetError(
        _("{path}: only .xlsx and .csv files can be imported; save the list in one of them").format(
            path=path
        )
    )


def _read_xlsx(path: Path) -> list[tuple[str, list[Row]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetError(
            _("{path} cannot be read as an Excel file ({reason})").format(path=path, reason=exc)
        ) from None
    sheets: list[tuple[str, list[Row]]] = []
    try:
        for sheet in book.worksheets:
            rows = [
                Row(number, tuple(_cell(value) for value in values))
                for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1)
            ]
            sheets.append((sheet.title, rows))
    finally:
        book.close()
    return sheets


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float):
        return value  # type: ignore[return-value]
    return str(value)  # a date or a formula's cached value of another type


def _text(raw: bytes) -> str:
    """Excel's "CSV UTF-8" (BOM or not) or its "Unicode Text" (UTF-16 with a BOM, tabs): the
    BOM tells them apart; Windows-1258 cannot be told from a typo, so it is refused."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


def _read_csv(raw: bytes, path: Path) -> list[Row]:
    try:
        text = _text(raw)
    except UnicodeDecodeError:
        raise SheetError(
            _("{path} is not UTF-8 text; in Excel choose Save As, then “CSV UTF-8”").format(
                path=path
            )
        ) from None
    rows = max((_parse(text, delimiter) for delimiter in ",;\t"), key=_regularity)
    return [Row(number, tuple(cells)) for number, cells in enumerate(rows, 1)]


def _parse(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _regularity(rows: list[list[str]]) -> int:
    """How many rows share the commonest width: Excel pads every row to the same number of
    cells, so the right delimiter gives one width, and a wrong one (a comma inside Vietnamese
    text) gives many."""
    widths = Counter(len(cells) for cells in rows if len(cells) > 1)
    return widths.most_common(1)[0][1] if widths else 0
