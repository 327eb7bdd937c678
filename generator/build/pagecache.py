"""Converted page bodies, cached by everything their conversion reads.

Converting Markdown is about half of the site engine's time per page, and after an edit all
but one page convert to the very same HTML. The key covers the page's Markdown, its place in
the site and a `context` digest (engine versions, Markdown settings, every file's URL, since
links between pages are rewritten to URLs), so a hit is the same HTML a conversion would give.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path
from typing import Any

from generator.cache import atomic_write, digest

#: Every entry in one file: a cold build of 1,000 pages spent 0.5 s writing one file per page
#: at its very end, where nothing else is left to overlap it; one file takes a tenth of that,
#: and a rebuild reads it faster than a thousand small ones.
FILE_NAME = "pages.json"


def read_record(path: Path) -> dict[str, Any]:
    """A JSON mapping this cache wrote; empty if missing or damaged, which only costs the
    work it would have saved (conversions, renderings)."""
    try:
        stored = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return stored if isinstance(stored, dict) else {}


@dataclass(frozen=True)
class ConvertedPage:
    """What the engine derives from a page's Markdown, in plain JSON-able form."""

    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    title: str | None = None
    anchors: list[str] = field(default_factory=list)


class PageCache:
    """The converted pages under `cache_dir`, read on the first lookup. New entries are kept
    in memory and written by `save`, at the end of a build, with only the entries this build
    used, so the cache holds one entry per page."""

    def __init__(self, cache_dir: Path, context: str) -> None:
        self.cache_dir = cache_dir
        self.context = context
        self.path = cache_dir / FILE_NAME
        self.used: set[str] = set()
        self.pending: dict[str, ConvertedPage] = {}
        self.hits = 0
        self.misses = 0
        self._entries: dict[str, Any] | None = None

    def key(self, source: str, destination: str, markdown: str) -> str:
        return digest([self.context, source, destination, markdown], length=32)

    def _stored(self) -> dict[str, Any]:
        if self._entries is None:
            self._entries = read_record(self.path)
        return self._entries

    def get(self, key: str) -> ConvertedPage | None:
        self.used.add(key)
        try:
            page = ConvertedPage(**self._stored()[key])
        except (KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return page

    def put(self, key: str, page: ConvertedPage) -> None:
        self.used.add(key)
        self.pending[key] = page  # holds the page's own HTML string, not a copy

    def save(self) -> None:
        """Write the entries this build used, unless they are exactly those stored."""
        stored = self._stored()
        if not self.pending and stored.keys() <= self.used:
            return
        kept = {key: value for key, value in stored.items() if key in self.used}
        kept.update({key: page.__dict__ for key, page in self.pending.items()})
        self.pending.clear()
        self._entries = kept
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, _json_pieces(kept))
        for old in self.cache_dir.glob("*.json"):  # one file per page, before this file
            if old.name != FILE_NAME:
                old.unlink(missing_ok=True)


def _json_pieces(entries: dict[str, Any]) -> Iterator[bytes]:
    """`entries` as one JSON object, an entry at a time: at 5,000 pages the whole text would
    be some 40 MB more in memory at the end of a build."""
    yield b"{"
    for index, (key, value) in enumerate(entries.items()):
        yield f"{',' if index else ''}{json.dumps(key)}:{json.dumps(value)}".encode()
    yield b"}"


class RenderedPages:
    """Which key each page of the published site was rendered from (see
    `generator/mkdocs/rendered.py`), and the digest of the file written: a page whose key is
    unchanged is read back from the published site, checked against that digest, instead of
    being kept a second time here. A page missing or changed there is rendered again."""

    def __init__(self, cache_dir: Path, published_site: Path) -> None:
        self.cache_dir = cache_dir
        self.path = cache_dir / FILE_NAME
        self.published_site = published_site
        self.entries: dict[str, list[str]] = {}
        self.changed = False
        self._stored: dict[str, Any] | None = None

    def _record(self) -> dict[str, Any]:
        if self._stored is None:
            self._stored = read_record(self.path)
        return self._stored

    def get(self, destination: str, key: str) -> str | None:
        """The page published at `destination`, if it was rendered from `key`."""
        entry = self._record().get(destination)
        if not isinstance(entry, list) or len(entry) != 2 or entry[0] != key:
            return None
        try:
            data = (self.published_site / destination).read_bytes()
        except OSError:
            return None
        if sha256(data).hexdigest() != entry[1]:
            return None
        self.entries[destination] = entry
        return data.decode("utf-8")

    def put(self, destination: str, key: str, html: str) -> None:
        """`html` rendered from `key`, written at `destination` as MkDocs writes pages."""
        written = html.encode("utf-8", errors="xmlcharrefreplace")
        self.entries[destination] = [key, sha256(written).hexdigest()]
        self.changed = True

    def save(self) -> None:
        """Record the pages this build rendered or reused, unless the record is unchanged."""
        if not self.changed and self.entries == self._record():
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, json.dumps(self.entries, sort_keys=True))
        self._stored, self.changed = dict(self.entries), False
