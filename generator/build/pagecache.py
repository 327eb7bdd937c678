"""Converted page bodies, cached by everything their conversion reads.

Converting Markdown is about half of the site engine's time per page, and after an edit all
but one page convert to the very same HTML. The key covers the page's Markdown, its place in
the site and a `context` digest (engine versions, Markdown settings, every file's URL, since
links between pages are rewritten to URLs), so a hit is the same HTML a conversion would give.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.build.cache import atomic_write, digest


@dataclass(frozen=True)
class ConvertedPage:
    """What the engine derives from a page's Markdown, in plain JSON-able form."""

    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    title: str | None = None
    anchors: list[str] = field(default_factory=list)


class PageCache:
    """One JSON file per converted page under `cache_dir`. New entries are written by `save`,
    at the end of a build, where the main process would otherwise wait for the drawing pool:
    written as pages convert, each write handed the GIL to other threads mid-render. `save`
    also drops what the build did not use, so the cache holds one entry per page."""

    def __init__(self, cache_dir: Path, context: str) -> None:
        self.cache_dir = cache_dir
        self.context = context
        self.used: set[str] = set()
        self.pending: dict[str, ConvertedPage] = {}
        self.hits = 0
        self.misses = 0

    def key(self, source: str, destination: str, markdown: str) -> str:
        return digest([self.context, source, destination, markdown], length=32)

    def get(self, key: str) -> ConvertedPage | None:
        self.used.add(key)
        try:
            data = json.loads((self.cache_dir / f"{key}.json").read_text(encoding="utf-8"))
            page = ConvertedPage(**data)
        except (OSError, ValueError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return page

    def put(self, key: str, page: ConvertedPage) -> None:
        self.used.add(key)
        self.pending[key] = page  # holds the page's own HTML string, not a copy

    def save(self) -> None:
        """Write new entries; delete those this build did not use (edited or deleted pages)."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        for key, page in self.pending.items():
            atomic_write(
                self.cache_dir / f"{key}.json", json.dumps(page.__dict__, ensure_ascii=False)
            )
        self.pending.clear()
        for path in self.cache_dir.glob("*.json"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
