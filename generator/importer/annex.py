"""A province's annex as procedures: the header found by its names, the field from section
rows, codes restored, and every problem named by its row (and column) as the sheet shows it.

Nothing here writes files: `read_annex` returns the entries and the problems, and the sheet is
refused whole (`Annex.refused`) when it has a duplicate code or no column of names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.folding import bare
from generator.content.procedure import CODE_MAX, CODE_PATTERN
from generator.i18n import _
from generator.importer.sheet import Cell, Row, column_letter, read_sheets

#: Each fact's column, recognised by the folded header's start; first match wins.
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("ma tthc", "ma so", "ma thu tuc", "ma ho so", "ma"),
    "title": ("ten thu tuc", "ten tthc", "thu tuc hanh chinh", "ten"),
    "field": ("linh vuc",),
    "processing_time": ("thoi han", "thoi gian giai quyet", "thoi gian"),
    "fee": ("phi", "le phi", "muc thu"),
    "agency": ("dia diem thuc hien", "co quan thuc hien", "co quan giai quyet", "noi tiep nhan"),
    "legal_basis": ("can cu phap ly", "can cu"),
}
#: The facts a draft takes from the sheet, in the order of the front matter.
FACTS = ("title", "field", "agency", "processing_time", "fee")
_SECTION = re.compile(r"^\s*(?P<number>[IVXLCDM]+|[A-Z]|\d+)\s*[.):-]\s*(?P<name>.+)$", re.S)
_FIELD_WORDS = re.compile(r"^\s*l[iĩ]nh\s+v[uựư]c\s*[:\-–]?\s*", re.I)
#: A code Excel stored as a number: one digit, a point (or a comma), then up to six digits.
_NUMERIC_CODE = re.compile(r"^(\d)[.,](\d{1,6})$")
_BULLET = re.compile(r"^\s*(?:[-+•*–]|\d+[.)]|[a-zđ][.)])\s+")


@dataclass(frozen=True)
class SheetProblem:
    """One problem in the sheet, printed as `file:row N: message` (column when known)."""

    path: str
    message: str
    row: int | None = None
    column: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = (
            self.path
            if self.row is None
            else _("{path}: row {row}").format(path=self.path, row=self.row)
        )
        if self.column:
            where += _(", column {column}").format(column=self.column)
        if self.severity == "warning":
            return _("{where}: warning: {message}").format(where=where, message=self.message)
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Entry:
    """One procedure of the annex: its code, the facts the sheet gives, and its row."""

    row: int
    code: str
    facts: dict[str, str]
    legal_basis: tuple[str, ...] = ()


@dataclass
class Annex:
    entries: list[Entry] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)
    #: Rows that name a procedure but were not imported (no code, or not a code).
    skipped: list[int] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)


def fold_header(text: str) -> str:
    """A header as plain words: no diacritics, đ as d, lower case, single spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare(text)).split())


def header_columns(cells: tuple[Cell, ...]) -> dict[str, int]:
    """Which column holds which fact, for a row that looks like the header."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        name = fold_header(cell)
        for key, starts in COLUMNS.items():
            if key not in found and any(name == s or name.startswith(s + " ") for s in starts):
                found[key] = index
                break
    return found


def clean_text(value: Cell, *, join: str = " ") -> str:
    """A cell as NFC text: lines stripped of bullets and joined, spaces collapsed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(_BULLET.sub("", line).split()) for line in text.split("\n")]
    return join.join(line for line in lines if line)


def read_annex(path: Path, display: str) -> Annex:
    """The procedures of the first sheet that has a header; problems name rows and columns."""
    sheets = read_sheets(path)
    for name, rows in sheets:
        header = _find_header(rows)
        if header is not None:
            shown = display if len(sheets) == 1 else f"{display} [{name}]"
            return _entries(shown, rows, *header)
    annex = Annex()
    annex.problems.append(_no_header(display, sheets))
    return annex


def _find_header(rows: list[Row]) -> tuple[Row, dict[str, int]] | None:
    for row in rows[:50]:
        columns = header_columns(row.cells)
        if len(columns) >= 2 and ("code" in columns or "title" in columns):
            return row, columns
    return None


def _no_header(display: str, sheets: list[tuple[str, list[Row]]]) -> SheetProblem:
    rows = sum(len(rows) for _name, rows in sheets)
    if not any(clean_text(cell) for _name, rows in sheets for row in rows for cell in row.cells):
        return SheetProblem(
            display,
            _(
                "the file holds no text at all (was it saved before the list was pasted in?); "
                "nothing was imported"
            ),
        )
    return SheetProblem(
        display,
        _(
            "no header row found in the first {rows} rows: the list needs a column named "
            "“Tên thủ tục hành chính” and one named “Mã TTHC” (or “Mã số”); nothing was imported"
        ).format(rows=min(rows, 50)),
    )


def _entries(display: str, rows: list[Row], header: Row, columns: dict[str, int]) -> Annex:
    annex = Annex()
    for key, label in (("title", "Tên thủ tục hành chính"), ("code", "Mã TTHC")):
        if key not in columns:
            shown = ", ".join(
                f"{column_letter(i)} “{clean_text(c)}”"
                for i, c in enumerate(header.cells)
                if clean_text(c)
            )
            annex.problems.append(
                SheetProblem(
                    display,
                    _(
                        "the header row has no column “{label}” (its columns: {columns}); "
                        "the sheet was refused and nothing was imported"
                    ).format(label=label, columns=shown),
                    row=header.number,
                )
            )
    if annex.problems:
        return annex
    section = ""
    seen: dict[str, int] = {}
    for row in rows[rows.index(header) + 1 :]:
        section = _section_of(row, columns) or section
        entry = _entry(display, row, columns, section, annex)
        if entry is None:
            continue
        if entry.code in seen:
            annex.problems.append(
                SheetProblem(
                    display,
                    _(
                        "code {code} is also on row {first}; a code names one procedure. "
                        "The sheet was refused and nothing was imported"
                    ).format(code=entry.code, first=seen[entry.code]),
                    row=row.number,
                    column=column_letter(columns["code"]),
                )
            )
            continue
        seen[entry.code] = row.number
        annex.entries.append(entry)
    return annex


def _cell(row: Row, columns: dict[str, int], key: str) -> Cell:
    index = columns.get(key)
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]


def _filled(row: Row) -> list[str]:
    return [clean_text(cell) for cell in row.cells if clean_text(cell)]


def _section_of(row: Row, columns: dict[str, int]) -> str | None:
    """`I. LĨNH VỰC HỘ TỊCH` → `Hộ tịch`; None for any other row."""
    filled = _filled(row)
    if len(filled) != 1 or clean_text(_cell(row, columns, "code")):
        return None
    match = _SECTION.match(filled[0])
    if match is None:
        return None
    name = match.group("name").strip()
    words = _FIELD_WORDS.sub("", name)
    if words == name and not match.group("number").isalpha():
        return None  # `1. ...` without "lĩnh vực" is a numbered row or a note, not a field
    if words == name and len(match.group("number")) == 1 and match.group("number") in "ABCDE":
        return None  # `A. THỦ TỤC CẤP XÃ`: a part of the annex, not a field
    words = words.strip(" .:")
    return words[:1].upper() + words[1:].lower() if words.isupper() else words


def restored_code(value: Cell) -> tuple[str, bool]:
    """The code as text, and whether it was a number that lost its trailing zeros."""
    if isinstance(value, bool) or value is None:
        return "", False
    if isinstance(value, int | float):
        text = repr(float(value)) if isinstance(value, float) else f"{value}.0"
    else:
        text = "".join(unicodedata.normalize("NFC", value).split())
    match = _NUMERIC_CODE.match(text)
    if match is None:
        return text, False
    whole, decimals = match.groups()
    restored = f"{whole}.{decimals.ljust(6, '0')}"
    return restored, restored != text


def _entry(
    display: str, row: Row, columns: dict[str, int], section: str, annex: Annex
) -> Entry | None:
    title = clean_text(_cell(row, columns, "title"))
    raw_code = _cell(row, columns, "code")
    code, restored = restored_code(raw_code)
    code_column = column_letter(columns["code"])
    if not title:
        return None  # a title row, a section row, a footnote or an empty row
    if not code or not CODE_PATTERN.fullmatch(code) or len(code) > CODE_MAX:
        annex.skipped.append(row.number)
    if not code:
        annex.problems.append(
            SheetProblem(
                display,
                _("“{title}” has no code; it was not imported. Write its code in the sheet").format(
                    title=_short(title)
                ),
                row=row.number,
                column=code_column,
                severity="warning",
            )
        )
        return None
    if not CODE_PATTERN.fullmatch(code) or len(code) > CODE_MAX:
        annex.problems.append(
            SheetProblem(
                display,
                _("{code!r} is not a procedure code; the row was not imported").format(code=code),
                row=row.number,
                column=code_column,
                severity="warning",
            )
        )
        return None
    if restored:
        annex.problems.append(
            SheetProblem(
                display,
                _(
                    "the code was stored as the number {number}; read as {code}. "
                    "Format the column as Text in the sheet"
                ).format(number=raw_code, code=code),
                row=row.number,
                column=code_column,
                severity="warning",
            )
        )
    facts = {"title": title}
    field_name = clean_text(_cell(row, columns, "field")) or section
    if field_name:
        facts["field"] = field_name
    for key, join in (("agency", ", "), ("processing_time", " "), ("fee", "; ")):
        text = clean_text(_cell(row, columns, key), join=join)
        if text:
            facts[key] = text
    legal = clean_text(_cell(row, columns, "legal_basis"), join="\n")
    return Entry(row.number, code.upper(), facts, tuple(legal.split("\n")) if legal else ())


def _short(title: str) -> str:
    return title if len(title) <= 60 else title[:57] + "…"
