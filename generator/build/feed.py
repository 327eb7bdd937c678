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


def feed(catalog: Catalog, packs: list[PackInfo]) -> dict[str, Any]:
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
        procedures.append(entry)
    return {
        "site_url": catalog.site_url,
        "procedures": procedures,
        "packs": [{"name": p.name, "path": p.path, "pages": p.pages} for p in packs],
    }


def feed_json(catalog: Catalog, packs: list[PackInfo]) -> str:
    return json.dumps(feed(catalog, packs), ensure_ascii=False, indent=1) + "\n"
