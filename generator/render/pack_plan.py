"""Poster packs planned from the catalogue alone: names, titles, sections and page counts are
known before anything is drawn, so the staff page can list them and the build can cache them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator import urls
from generator.content.catalog import Catalog, FieldGroup
from generator.content.procedure import Procedure
from generator.qr import QrMatrix
from generator.render.layout import PosterSettings
from generator.render.pack_grid import INDEX_LINES, STICKERS_PER_PAGE, FieldGrid

Kind = Literal["posters", "field", "fields", "stickers", "reprint"]


@dataclass(frozen=True)
class Section:
    """A run of procedures under one heading (a field), by code."""

    name: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class PackPlan:
    """One pack: what it holds and how many pages it will have, before any drawing."""

    name: str
    kind: Kind
    title: str
    description: str
    sections: tuple[Section, ...]
    pages: int

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for section in self.sections for code in section.codes)

    @property
    def filename(self) -> str:
        return Path(self.path).name

    @property
    def path(self) -> str:
        return urls.pack_path(self.name)

    @property
    def preview(self) -> str:
        return urls.pack_preview_path(self.name)


@dataclass(frozen=True)
class Member:
    """What a pack needs of one procedure, the cached matrix included."""

    procedure: Procedure
    short_url: str
    fingerprint: str
    matrix: QrMatrix


def _sections(groups: list[FieldGroup]) -> tuple[Section, ...]:
    return tuple(
        Section(group.name, tuple(p.code for p in group.active)) for group in groups if group.active
    )


def index_pages(sections: tuple[Section, ...]) -> int:
    lines = sum(1 + len(section.codes) for section in sections)
    return max(1, math.ceil(lines / INDEX_LINES))


def reprint_index(sections: tuple[Section, ...]) -> bool:
    """A reprint has no cover, and an index only where it helps and fits on one page: paper
    is saved, and one poster reprinted is one page."""
    posters = sum(len(section.codes) for section in sections)
    return posters > 1 and index_pages(sections) == 1


def pack_pages(kind: Kind, sections: tuple[Section, ...], settings: PosterSettings) -> int:
    count = sum(len(section.codes) for section in sections)
    if kind == "reprint":
        return int(reprint_index(sections)) + count
    per_field_page = FieldGrid.for_size(settings.size).per_page
    field_pages = sum(math.ceil(len(section.codes) / per_field_page) for section in sections)
    if kind == "posters":
        return 1 + index_pages(sections) + count
    if kind == "field":
        return field_pages + count
    if kind == "fields":
        return field_pages
    return math.ceil(count / STICKERS_PER_PAGE)


def plan(
    name: str,
    kind: Kind,
    title: str,
    description: str,
    sections: tuple[Section, ...],
    settings: PosterSettings,
) -> PackPlan:
    pages = pack_pages(kind, sections, settings)
    return PackPlan(name, kind, title, description, sections, pages)


def plan_packs(catalog: Catalog, settings: PosterSettings) -> list[PackPlan]:
    """Every pack a build publishes, in the order the staff page lists them."""
    sections = _sections(catalog.fields)
    if not sections:
        return []
    plans = [
        plan(
            "all",
            "posters",
            "Tất cả áp phích",
            "Bìa, mục lục và áp phích của mọi thủ tục đang áp dụng",
            sections,
            settings,
        ),
        plan(
            "fields",
            "fields",
            "Áp phích theo lĩnh vực",
            "Mỗi lĩnh vực một trang, mỗi thủ tục một mã QR nhỏ",
            sections,
            settings,
        ),
        plan(
            "stickers",
            "stickers",
            "Tờ nhãn dán",
            "Nhãn có mã QR, tên và mã thủ tục để dán ở quầy, bàn làm việc; "
            "21 nhãn trên một tờ A4 (nhãn 63,5 × 38,1 mm)",
            sections,
            settings,
        ),
    ]
    for group, section in zip([g for g in catalog.fields if g.active], sections, strict=True):
        plans.append(
            plan(
                f"field-{group.slug}",
                "field",
                f"Lĩnh vực {group.name}",
                "Trang tổng hợp của lĩnh vực, rồi áp phích từng thủ tục",
                (section,),
                settings,
            )
        )
    return plans


def reprint_plan(catalog: Catalog, codes: list[str], settings: PosterSettings) -> PackPlan:
    """A pack of just the given posters, grouped by field as in the catalog."""
    wanted = set(codes)
    groups = [
        Section(group.name, tuple(p.code for p in group.active if p.code in wanted))
        for group in catalog.fields
    ]
    sections = tuple(section for section in groups if section.codes)
    return plan(
        "reprint",
        "reprint",
        "Áp phích cần in lại",
        "Các áp phích có nội dung thay đổi từ lần in trước",
        sections,
        settings,
    )
