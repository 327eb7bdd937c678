"""Decap CMS's `config.yml`, generated from the content contract so that the form and `check`
never disagree: every front-matter key of `procedure.FRONT_MATTER_KEYS` has a widget (a test
fails when a key is added without one), labels are Vietnamese, and patterns are `check`'s own.

Offices' `overrides` (a mapping keyed by procedure code) has no Decap widget: it is left out of
the form, and a save through `thutuc edit` keeps it as written (see `saving`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.content import labels
from generator.content.collation import sort_key
from generator.content.procedure import CODE_PATTERN, SUMMARY_MAX

CONTENT = "content"
#: `check`'s own rules, as the patterns Decap shows under a field.
CODE_RULE = [CODE_PATTERN.pattern, "Chỉ dùng chữ, số, dấu chấm (.) và gạch ngang (-)"]
URL_RULE = [r"^https?://[^\s<>\"]+$", "Địa chỉ phải bắt đầu bằng http:// hoặc https://"]
NOTICE_TITLE_MAX = 150


def _limit(chars: int) -> list[str]:
    return [rf"^[\s\S]{{1,{chars}}}$", f"Tối đa {chars} ký tự"]


def _text(name: str, label: str, *, required: bool = True, **extra: Any) -> dict[str, Any]:
    return {"name": name, "label": label, "widget": "string", "required": required, **extra}


def _date(name: str, label: str, *, required: bool = True) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "widget": "datetime",
        "format": "YYYY-MM-DD",
        "date_format": "DD/MM/YYYY",
        "time_format": False,
        "picker_utc": True,
        "required": required,
    }


def _strings(name: str, label: str, item: str, *, required: bool = True) -> dict[str, Any]:
    field = {"name": "item", "label": item, "widget": "string"}
    return {
        "name": name,
        "label": label,
        "widget": "list",
        "field": field,
        "summary": "{{fields.item}}",
        "collapsed": False,  # every item in view: a clerk edits them in place
        "required": required,
    }


def procedure_fields(fields: Iterable[str]) -> list[dict[str, Any]]:
    """The procedure form, one widget per front-matter key, in the contract's order."""
    facts = dict(labels.FACT_LABELS)
    known = sorted(set(fields), key=sort_key)
    return [
        _text("code", labels.CODE, pattern=CODE_RULE, hint="Ví dụ 1.001193 hoặc QT-07"),
        _text("title", "Tên thủ tục"),
        {
            "name": "summary",
            "label": "Tóm tắt cho người dân",
            "widget": "text",
            "pattern": _limit(SUMMARY_MAX),
        },
        {"name": "field", "label": labels.FIELD, "widget": "select", "options": known}
        if known
        else _text("field", labels.FIELD),
        _text("agency", facts["agency"]),
        _text("processing_time", facts["processing_time"]),
        _text("fee", facts["fee"]),
        _strings("documents", labels.DOCUMENTS, "Giấy tờ"),
        _date("updated", "Ngày kiểm tra nội dung"),
        _text(
            "online_url", "Nộp trực tuyến (địa chỉ trang thủ tục)", required=False, pattern=URL_RULE
        ),
        _strings("keywords", labels.KEYWORDS, "Từ khóa", required=False),
        {
            "name": "status",
            "label": "Trạng thái",
            "widget": "select",
            "options": [
                {"label": "Đang áp dụng", "value": "active"},
                {"label": "Ngừng áp dụng", "value": "retired"},
                {"label": "Bản nháp, chưa đăng (từ danh mục của tỉnh)", "value": "draft"},
            ],
            "default": "active",
            "required": False,
        },
        _text("replaced_by", "Thay thế bằng thủ tục (mã)", required=False, pattern=CODE_RULE),
        {
            "name": "forms",
            "label": "Mẫu đơn, tờ khai để tải về",
            "label_singular": "mẫu đơn",
            "widget": "list",
            "required": False,
            "summary": "{{fields.label}}",
            "fields": [
                _text("label", "Tên mẫu đơn"),
                {
                    "name": "file",
                    "label": "Tệp (tải lên)",
                    "widget": "file",
                    "required": False,
                    "hint": "Hoặc điền đường dẫn ở ô dưới, không cả hai",
                },
                _text("url", "Hoặc đường dẫn", required=False, pattern=URL_RULE),
            ],
        },
        {"name": "body", "label": "Nội dung: các bước, điều kiện, ghi chú", "widget": "markdown"},
    ]


def notice_fields() -> list[dict[str, Any]]:
    """The notice form (contract v3, § Notices)."""
    return [
        _text("title", "Tiêu đề", pattern=_limit(NOTICE_TITLE_MAX)),
        _date("date", "Ngày đăng"),
        {"name": "summary", "label": "Tóm tắt", "widget": "text", "pattern": _limit(SUMMARY_MAX)},
        _date("expires", "Hết hạn sau ngày", required=False),
        _strings("procedures", "Thủ tục liên quan (mã)", "Mã thủ tục", required=False),
        _strings("offices", "Chỉ cho các đơn vị (mã)", "Mã đơn vị", required=False),
        {"name": "pinned", "label": "Ghim lên đầu", "widget": "boolean", "required": False},
        {"name": "body", "label": "Nội dung thông báo", "widget": "markdown"},
    ]


def office_fields() -> list[dict[str, Any]]:
    """One office of `offices.yml` (contract v2); `overrides` stays as written."""
    return [
        _text("code", "Mã đơn vị", pattern=CODE_RULE),
        _text("name", "Tên bộ phận một cửa"),
        _text("address", "Địa chỉ"),
        _text("hours", "Giờ làm việc"),
        _text("hotline", "Đường dây nóng"),
        _text("map_url", "Bản đồ (địa chỉ trang)", required=False, pattern=URL_RULE),
        _strings(
            "procedures", "Thủ tục tiếp nhận (để trống: tất cả)", "Mã thủ tục", required=False
        ),
        {
            "name": "status",
            "label": "Trạng thái",
            "widget": "select",
            "options": [
                {"label": "Đang hoạt động", "value": "active"},
                {"label": "Đã giải thể, sáp nhập", "value": "retired"},
            ],
            "required": False,
        },
        _text("replaced_by", "Chuyển sang đơn vị (mã)", required=False, pattern=CODE_RULE),
    ]


def collections(fields: Iterable[str]) -> list[dict[str, Any]]:
    """Procedures, notices, offices and synonyms, as Decap collections."""
    folder = {"extension": "md", "format": "frontmatter", "create": True, "slug": "{{slug}}"}
    return [
        {
            "name": "procedures",
            "label": "Thủ tục",
            "label_singular": "thủ tục",
            "folder": f"{CONTENT}/procedures",
            "identifier_field": "title",
            "summary": "{{title}} ({{code}})",
            "sortable_fields": ["title", "code", "updated"],
            "fields": procedure_fields(fields),
            **folder,
        },
        {
            "name": "notices",
            "label": "Thông báo",
            "label_singular": "thông báo",
            "folder": f"{CONTENT}/notices",
            "identifier_field": "title",
            "fields": notice_fields(),
            **folder,
        },
        {
            "name": "settings",
            "label": "Đơn vị và từ đồng nghĩa",
            "files": [
                {
                    "name": "offices",
                    "label": "Các bộ phận một cửa",
                    "file": f"{CONTENT}/offices.yml",
                    "fields": [
                        {
                            "name": "offices",
                            "label": "Đơn vị",
                            "widget": "list",
                            "summary": "{{fields.name}} ({{fields.code}})",
                            "fields": office_fields(),
                        }
                    ],
                },
                {
                    "name": "synonyms",
                    "label": "Từ đồng nghĩa cho ô tìm kiếm",
                    "file": f"{CONTENT}/synonyms.yml",
                    "fields": [
                        {
                            "name": "groups",
                            "label": "Nhóm từ cùng nghĩa",
                            "widget": "list",
                            "field": {
                                "name": "words",
                                "label": "Các từ trong nhóm",
                                "widget": "list",
                                "field": {"name": "word", "label": "Từ", "widget": "string"},
                            },
                        }
                    ],
                },
            ],
        },
    ]


def decap_config(backend: dict[str, Any], fields: Iterable[str], site_url: str) -> dict[str, Any]:
    """The whole `config.yml` for `backend` (the local proxy, or GitHub/GitLab)."""
    return {
        "backend": backend,
        "locale": "vi",
        "site_url": site_url,
        # Forms uploaded here are written as `files/<name>`: a path under content/ (`forms:`).
        "media_folder": f"{CONTENT}/files",
        "public_folder": "files",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections(fields),
    }


def procedure_keys(config: dict[str, Any]) -> set[str]:
    """The front-matter keys the procedure form writes (`body` excluded)."""
    [procedures] = [c for c in config["collections"] if c["name"] == "procedures"]
    return {f["name"] for f in procedures["fields"]} - {"body"}


__all__ = ["collections", "decap_config", "procedure_fields", "procedure_keys"]
