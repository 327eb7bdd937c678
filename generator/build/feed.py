"""`procedures.json`: the open-data feed of what a build published (see procedure-format.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator import urls
from generator.content.catalog import Catalog


@dataclass(frozen=True)
class PackInfo:
    name: str
    path: str
    pages: int


@dataclass(frozen=True)
class OfficeFeed:
    """The keys offices (contract v2) add: the office list, and per procedure code its
    pairs by office code."""

    offices: list[dict[str, Any]]
    pairs: dict[str, dict[str, Any]]


def feed(
    catalog: Catalog, packs: list[PackInfo], offices: OfficeFeed | None = None
) -> dict[str, Any]:
    procedures = []
    for procedure in catalog:
        entry: dict[str, Any] = {
            "code": procedure.code,
            "title": procedure.title,
            "field": procedure.field,
            "status": procedure.meta.status,
            "updated": procedure.meta.updated.isoformat(),
            "url": catalog.url(procedure),
            "short_url": catalog.short_url(procedure),
            "qr": urls.qr_paths(procedure.code),
            "poster": None if procedure.retired else urls.poster_path(procedure.code),
            "summary": procedure.meta.summary,
        }
        if procedure.meta.replaced_by:
            entry["replaced_by"] = procedure.meta.replaced_by
        if offices is not None:  # offices (v2) only
            entry["offices"] = offices.pairs.get(procedure.code, {})
        procedures.append(entry)
    data = {
        "site_url": catalog.site_url,
        "procedures": procedures,
        "packs": [{"name": p.name, "path": p.path, "pages": p.pages} for p in packs],
    }
    if offices is not None:
        data["offices"] = offices.offices
    return data


def feed_json(catalog: Catalog, packs: list[PackInfo], offices: OfficeFeed | None = None) -> str:
    return json.dumps(feed(catalog, packs, offices), ensure_ascii=False, indent=1) + "\n"
