"""`thutuc new`: a new procedure file with every key in place and a placeholder to fill.

The placeholders carry the `TODO` marker, which `procedure.parse_procedure` rejects, so an
unfinished file can never be published by accident.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

from generator import urls
from generator.content import register
from generator.content.procedure import (
    PLACEHOLDER,
    SLUG_PATTERN,
    code_problem,
    written_code,
)
from generator.content.tree import display_path, file_problem, procedure_files
from generator.i18n import _

TEMPLATE = """\
---
# Mã thủ tục: in trên mã QR và áp phích. Không bao giờ đổi, không bao giờ dùng lại.
code: {code}
title: {title}
summary: "{todo}: một hoặc hai câu cho người dân: thủ tục này để làm gì (tối đa 300 ký tự)"
field: {field}
agency: "{todo}: nộp hồ sơ ở đâu, ai giải quyết"
processing_time: "{todo}: thời hạn giải quyết, ví dụ 03 ngày làm việc"
fee: "{todo}: phí, lệ phí, ví dụ Miễn lệ phí"
documents:
  - "{todo}: giấy tờ cần mang theo, mỗi loại một dòng bắt đầu bằng dấu -"
updated: {today}
# Các khóa dưới đây không bắt buộc; xóa dấu # ở đầu dòng để dùng.
# online_url: "https://dichvucong.gov.vn/"
# keywords:
#   - "từ người dân hay dùng khi tìm thủ tục này"
status: active
# replaced_by: "mã của thủ tục thay thế, chỉ dùng khi status: retired"
---

## Các bước thực hiện

1. {todo}: bước thứ nhất.
2. {todo}: bước tiếp theo.

## Lưu ý

- {todo}: điều người dân cần biết thêm, hoặc xóa mục này.

## Căn cứ pháp lý

- {todo}: tên và số hiệu văn bản pháp luật.
"""


class ScaffoldError(Exception):
    """Why no file was written; the message is for the editor."""


def _quoted(text: str) -> str:
    # A JSON string is a valid double-quoted YAML scalar.
    return json.dumps(text, ensure_ascii=False)


FIELD_PLACEHOLDER = f"{PLACEHOLDER}: lĩnh vực, ví dụ Hộ tịch, Chứng thực, Cư trú"


def scaffold_text(
    code: str, title: str, field: str | None = None, today: dt.date | None = None
) -> str:
    """The text of a new procedure file: `code` and `title` filled, placeholders elsewhere."""
    return TEMPLATE.format(
        code=_quoted(code),
        title=_quoted(title),
        field=_quoted(field or FIELD_PLACEHOLDER),
        today=(today or dt.date.today()).isoformat(),
        todo=PLACEHOLDER,
    )


def codes_in_use(content_dir: Path) -> dict[str, Path]:
    """The code of every procedure file, read even from files that do not load yet."""
    codes: dict[str, Path] = {}
    for path in procedure_files(content_dir):
        if file_problem(path, path.name) is not None:
            continue  # a pipe or a folder: reading it could wait for ever
        try:
            code = written_code(path.read_bytes())
        except OSError:
            continue
        if code is not None:
            codes.setdefault(code, path)
    return codes


def new_procedure(
    content_dir: Path,
    code: str,
    title: str,
    *,
    slug: str | None = None,
    field: str | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write `procedures/<slug>.md`; refuses to overwrite a file or to reuse a code."""
    code = unicodedata.normalize("NFC", code.strip())
    title = unicodedata.normalize("NFC", " ".join(title.split()))
    if (problem := code_problem(code)) is not None:
        raise ScaffoldError(problem)
    if not title:
        raise ScaffoldError(_("the title must not be empty; write it in quotes"))
    code = code.upper()
    slug = slug if slug is not None else urls.slug(title)
    if not SLUG_PATTERN.match(slug):
        hint = _("; try '{slug}'").format(slug=urls.slug(slug)) if urls.slug(slug) else ""
        raise ScaffoldError(
            _("{slug} cannot be a file name: use letters a-z, digits and '-' only{hint}").format(
                slug=repr(slug), hint=hint
            )
        )
    in_use = codes_in_use(content_dir)
    if code in in_use:
        used_by = display_path(in_use[code], content_dir.parent)
        raise ScaffoldError(
            _("code '{code}' is already used by {path}; choose another code").format(
                code=code, path=used_by
            )
        )
    register_file = register.register_path(content_dir)
    issued, problems = register.read_register(register_file, register_file.as_posix())
    if problems:  # an unreadable register could hide that the code was issued already
        raise ScaffoldError("; ".join(str(problem) for problem in problems))
    if code in issued:
        raise ScaffoldError(
            _(
                "code '{code}' was issued on {date} and may be printed on posters; a code is "
                "never reused. Restore the old file instead, or use a new code."
            ).format(code=code, date=issued[code])
        )
    path = content_dir / "procedures" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = scaffold_text(code, title, field, today)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(
            _(
                "{path} already exists; nothing was written. Choose another name with --slug, "
                "or edit that file."
            ).format(path=display_path(path, content_dir.parent))
        ) from None
    return path
