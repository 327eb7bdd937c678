"""Writing an annex into the content folder: a draft per new code, the sheet's facts into the
files that exist, and nothing else of theirs.

An existing file is edited line by line: only the lines of `title`, `field`, `agency`,
`processing_time`, `fee` (and `updated`, when one of them changed) are rewritten, so the
editor's documents, summary, keywords, body, comments and key order keep their bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import urls
from generator.content.drafts import DRAFT_NOTE, DRAFT_STATUS
from generator.content.procedure import PLACEHOLDER, split_front_matter
from generator.content.scaffold import FIELD_PLACEHOLDER, codes_in_use
from generator.content.tree import PROCEDURES
from generator.importer.annex import FACTS, Entry

SLUG_MAX = 80

DRAFT_TEMPLATE = """\
---
{note} viết từ danh mục của tỉnh (dòng {row}); chưa đăng lên trang.
{fill}{todo}, rồi xóa dòng "status: {draft}" để đăng thủ tục này.
code: {code}
title: {title}
summary: "{todo}: một hoặc hai câu cho người dân: thủ tục này để làm gì (tối đa 300 ký tự)"
field: {field}
agency: {agency}
processing_time: {processing_time}
fee: {fee}
documents:
  - "{todo}: giấy tờ cần mang theo, mỗi loại một dòng bắt đầu bằng dấu -"
updated: {today}
# keywords:
#   - "từ người dân hay dùng khi tìm thủ tục này"
status: {draft}
---

## Các bước thực hiện

1. {todo}: bước thứ nhất.
2. {todo}: bước tiếp theo.

## Căn cứ pháp lý

{legal}"""

_MISSING = {
    "agency": f"{PLACEHOLDER}: nộp hồ sơ ở đâu, ai giải quyết",
    "processing_time": f"{PLACEHOLDER}: thời hạn giải quyết, ví dụ 03 ngày làm việc",
    "fee": f"{PLACEHOLDER}: phí, lệ phí, ví dụ Miễn lệ phí",
    "field": FIELD_PLACEHOLDER,
}


@dataclass
class ImportPlan:
    """What an import will write: new drafts and updated files, each with its new text."""

    created: dict[Path, str] = field(default_factory=dict)
    updated: dict[Path, str] = field(default_factory=dict)
    unchanged: list[Path] = field(default_factory=list)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def draft_text(entry: Entry, today: dt.date) -> str:
    """A new draft holding every fact of the row; what the sheet lacks holds `TODO`."""
    facts = {key: entry.facts.get(key) or _MISSING.get(key, "") for key in FACTS}
    legal = "".join(f"- {line}\n" for line in entry.legal_basis) or (
        f"- {PLACEHOLDER}: tên và số hiệu văn bản pháp luật.\n"
    )
    return DRAFT_TEMPLATE.format(
        note=DRAFT_NOTE[0],  # `without_draft_note` finds the note by these words
        fill=DRAFT_NOTE[1],
        row=entry.row,
        code=_quoted(entry.code),
        today=today.isoformat(),
        todo=PLACEHOLDER,
        draft=DRAFT_STATUS,
        legal=legal,
        **{key: _quoted(value) for key, value in facts.items()},
    )


def existing_files(content_dir: Path) -> dict[str, Path]:
    """The code each procedure file carries, read without YAML, drafts included."""
    return codes_in_use(content_dir)


def _key_span(lines: list[str], key: str) -> tuple[int, int] | None:
    """The lines `key: value` takes in the front matter (its indented continuation too)."""
    for start, line in enumerate(lines):
        if re.match(rf"{re.escape(key)}\s*:", line):
            end = start + 1
            while end < len(lines) and lines[end][:1] in (" ", "\t"):
                end += 1
            return start, end
    return None


def updated_text(text: str, entry: Entry, today: dt.date) -> str | None:
    """The file's text with the sheet's facts; None when nothing changes."""
    parts = split_front_matter(text.replace("\r\n", "\n"))
    if parts is None:
        return None
    front, body, _line = parts
    try:
        current = yaml.safe_load(front)
    except yaml.YAMLError:
        return None  # a broken file: `check` names the problem, the import leaves it
    current = current if isinstance(current, dict) else {}
    lines = front.split("\n")
    changed = False
    for key in FACTS:
        value = entry.facts.get(key)
        if not value or current.get(key) == value:
            continue
        changed = True
        span = _key_span(lines, key)
        if span is None:
            lines.insert(len(lines) - 1, f"{key}: {_quoted(value)}")
        else:
            lines[span[0] : span[1]] = [f"{key}: {_quoted(value)}"]
    if not changed:
        return None
    span = _key_span(lines, "updated")
    if span is not None:
        lines[span[0] : span[1]] = [f"updated: {today.isoformat()}"]
    return "---\n" + "\n".join(lines) + "---\n" + body


def _new_path(folder: Path, entry: Entry, taken: set[Path]) -> Path:
    slug = urls.slug(entry.facts["title"])
    if len(slug) > SLUG_MAX:
        slug = slug[: SLUG_MAX + 1].rsplit("-", 1)[0]  # whole words only
    slug = slug or urls.slug(entry.code)
    path = folder / f"{slug}.md"
    if path.exists() or path in taken:
        path = folder / f"{slug[: SLUG_MAX - 20].rstrip('-')}-{urls.slug(entry.code)}.md"
    return path


def plan_import(content_dir: Path, entries: list[Entry], today: dt.date) -> ImportPlan:
    """Every file the import would write, and its text; nothing is written here."""
    plan = ImportPlan()
    files = existing_files(content_dir)
    folder = content_dir / PROCEDURES
    for entry in entries:
        path = files.get(entry.code)
        if path is None:
            path = _new_path(folder, entry, set(plan.created))
            plan.created[path] = draft_text(entry, today)
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            plan.unchanged.append(path)  # `check` names the problem; the import leaves it
            continue
        crlf = "\r\n" in text
        new = updated_text(text, entry, today)
        if new is not None and crlf:  # keep the editor's Windows line ends
            new = new.replace("\n", "\r\n")
        if new is None:
            plan.unchanged.append(path)
        else:
            plan.updated[path] = new
    return plan


def write_plan(plan: ImportPlan) -> None:
    """Write each file whole or not at all (a temporary file, then a rename)."""
    for path, text in {**plan.created, **plan.updated}.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".import-", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
