"""The body index: which pages' text holds each folded syllable, and each pair of adjacent
syllables, for the search box's full-text search.

Pagefind answered a word found only in bodies ("vneid", in 187 of 1,000 pages) after 6.8 s
on Fast 3G: six requests in a chain, 315 KB, one index chunk of 187 KB. This index is cut by
the first two letters of a syllable into small files (`search/body/w-<ab>.json` for
syllables, with `h` the pages whose title, summary or keywords hold it; `search/body/
p-<ab>.json` for pairs; a few KB gzipped each), so a query costs
one round trip of a few small files, in parallel. Pages are numbered in the order of their
paths in the site (`thu-tuc/<slug>/index.html`, sorted), which the browser derives from the
title index; each file says how many pages there are, so a browser holding another build's
title index searches nothing rather than showing wrong pages.

A list of pages is written as gaps in hexadecimal ("0,1f,,3": pages 0, 32, 33, 37), or, when
shorter, as a bitmap in base64 prefixed with "*".
"""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
import threading
from collections import defaultdict
from collections.abc import Mapping
from itertools import pairwise
from pathlib import Path

from generator.cache import digest, link_or_copy
from generator.content.folding import words

#: Where the files go in the site; `theme/assets/thutuc/search-app.js` fetches them.
BODY_DIR = "search/body"
#: Index format; the browser ignores files of another.
VERSION = 2
_TAG = re.compile(r"<[^>]*>")
#: The weighted parts of a search document: title, summary, keywords (Pagefind's weights).
_HEAD = re.compile(r'<(h1|p) data-pagefind-weight="\d+">(.*?)</\1>', re.S)


def document_syllables(document: str) -> list[str]:
    """The folded syllables of a search document's article (`search.search_document`), in
    order: title, facts, documents, body and keywords, as a resident could type them."""
    article = document.split("<article", 1)[-1].split(">", 1)[-1]
    return words(html.unescape(_TAG.sub(" ", article)))


def head_syllables(document: str) -> set[str]:
    """The folded syllables of a document's title, summary and keywords: a page whose head
    holds a query's words ranks before one that only mentions them."""
    return set(
        words(html.unescape(_TAG.sub(" ", " ".join(m[2] for m in _HEAD.finditer(document)))))
    )


def shard_key(syllable: str) -> str:
    """The file a syllable (or a pair, by its first syllable) lives in."""
    return syllable[:2]


def encode_pages(pages: list[int], total: int) -> str:
    """Increasing page numbers as hexadecimal gaps, or as a bitmap when that is shorter."""
    gaps, previous = [], -1
    for page in pages:
        gap = page - previous - 1
        gaps.append(format(gap, "x") if gap else "")
        previous = page
    listed = ",".join(gaps)
    if len(listed) <= 4 * ((total + 23) // 24):  # no bitmap (base64) can be shorter
        return listed
    bits = bytearray((total + 7) // 8)
    for page in pages:
        bits[page >> 3] |= 1 << (page & 7)
    bitmap = "*" + base64.b64encode(bytes(bits)).decode("ascii")
    return bitmap if len(bitmap) < len(listed) else listed


def body_index(documents: Mapping[str, str]) -> dict[str, str]:
    """Every file of the index, by name, for the search documents of one build (keyed by the
    page's path in the site, as `search.Indexing` receives them)."""
    paths = sorted(documents)
    singles: dict[str, list[int]] = defaultdict(list)
    heads: dict[str, list[int]] = defaultdict(list)
    pairs: dict[str, list[int]] = defaultdict(list)
    for number, path in enumerate(paths):
        syllables = document_syllables(documents[path])
        for syllable in set(syllables):
            singles[syllable].append(number)
        for syllable in head_syllables(documents[path]):
            heads[syllable].append(number)
        for pair in set(map(" ".join, pairwise(syllables))):
            pairs[pair].append(number)
    files: dict[str, str] = {}
    for kind, postings in (("w", singles), ("p", pairs)):
        shards: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: {"t": {}, "h": {}})
        for term in sorted(postings):
            shards[shard_key(term)]["t"][term] = encode_pages(postings[term], len(paths))
            if kind == "w" and term in heads:
                shards[shard_key(term)]["h"][term] = encode_pages(heads[term], len(paths))
        for key, lists in shards.items():
            data: dict[str, object] = {"v": VERSION, "n": len(paths), "t": lists["t"]}
            if lists["h"]:
                data["h"] = lists["h"]
            files[f"{kind}-{key}.json"] = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return files


def write_body_index(files: Mapping[str, str], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


class BodyIndexing:
    """The body index of one build, made on a thread while pages render, or reused from
    `cache_dir` when the documents are exactly those it was made from."""

    def __init__(self, documents: Mapping[str, str], cache_dir: Path, key: str) -> None:
        """`key` changes whenever any document does (the bundles' digests)."""
        self.documents = documents
        self.cache_dir = cache_dir
        self.digest = digest([VERSION, key], 64)
        self.fresh = _read(cache_dir / "digest.txt") == self.digest
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None

    @property
    def files(self) -> Path:
        return self.cache_dir / "files"

    def start(self) -> None:
        if not self.fresh and self._thread is None:
            self._thread = threading.Thread(target=self._make, daemon=True)
            self._thread.start()

    def _make(self) -> None:
        try:
            (self.cache_dir / "digest.txt").unlink(missing_ok=True)
            shutil.rmtree(self.files, ignore_errors=True)
            write_body_index(body_index(self.documents), self.files)
            (self.cache_dir / "digest.txt").write_text(self.digest, encoding="utf-8")
        except BaseException as exc:  # fails the build, in `wait`
            self.error = exc

    def wait(self) -> None:
        self.start()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self.error is not None:
            raise self.error

    def cancel(self) -> None:
        """Let the thread finish (it writes only into the cache, in under a second)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def publish(self, site_dir: Path) -> None:
        """Wait, then hard-link (or copy) the files into the site's `search/body/`."""
        self.wait()
        for source in self.files.iterdir():
            link_or_copy(source, site_dir / BODY_DIR / source.name)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None
