"""The body index: which pages' text holds each folded syllable, and each pair of adjacent
syllables, for the search box's full-text search.

Pagefind, which the site used before, answered a word found only in bodies ("vneid", in 187
of 1,000 pages) after 6.8 s on Fast 3G: six requests in a chain, 315 KB. This index is cut by
the first two letters of a syllable into small files (`search/body/w-<ab>.json` for
syllables, with `h` the pages whose title, summary or keywords hold it; `search/body/
p-<ab>.json` for pairs; a few KB gzipped each), so a query costs
one round trip of a few small files, in parallel. Pages are numbered in the order of their
paths in the site (`thu-tuc/<slug>/index.html`, sorted), which the browser derives from the
title index; each file says how many pages there are, so a browser holding another build's
title index searches nothing rather than showing wrong pages.

A list of pages is written as gaps in hexadecimal ("0,1f,,3": pages 0, 32, 33, 37), or, when
shorter, as a bitmap in base64 prefixed with "*". `update_files` changes only the lists of
the terms an edit added or removed, giving the same files as `body_index` would.
"""

from __future__ import annotations

import base64
import html
import json
import re
import signal
import sys
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from generator.content.folding import words
from generator.i18n import _

#: Where the files go in the site; `theme/assets/thutuc/search-app.js` fetches them.
BODY_DIR = "search/body"
#: Index format; the browser ignores files of another.
VERSION = 2
_TAG = re.compile(r"<[^>]*>")
#: The weighted parts of a search document: title, summary, keywords.
_HEAD = re.compile(r'<(h1|p) data-weight="\d+">(.*?)</\1>', re.S)


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


def decode_pages(text: str, total: int) -> list[int]:
    """The page numbers `encode_pages` wrote (search-body.js's `decodePages`)."""
    if text.startswith("*"):
        bits = base64.b64decode(text[1:])
        return [
            index * 8 + bit
            for index, byte in enumerate(bits)
            if byte
            for bit in range(8)
            if byte >> bit & 1 and index * 8 + bit < total
        ]
    pages, previous = [], -1
    for gap in text.split(","):
        previous += (int(gap, 16) if gap else 0) + 1
        pages.append(previous)
    return pages


@dataclass(frozen=True)
class Terms:
    """What one page adds to the index: its syllables, those of its head, its pairs."""

    words: frozenset[str]
    heads: frozenset[str]
    pairs: frozenset[str]


def document_terms(document: str) -> Terms:
    syllables = document_syllables(document)
    return Terms(
        frozenset(syllables),
        frozenset(head_syllables(document)),
        frozenset(map(" ".join, pairwise(syllables))),
    )


#: Which lists of which files a page's terms go to: (file kind, part, `Terms` field).
_PARTS = (("w", "t", "words"), ("w", "h", "heads"), ("p", "t", "pairs"))


def file_name(kind: str, term: str) -> str:
    return f"{kind}-{shard_key(term)}.json"


def shard_text(terms: Mapping[str, str], heads: Mapping[str, str], total: int) -> str:
    """One file: its terms' page lists, and the head lists of those terms, sorted."""
    data: dict[str, object] = {"v": VERSION, "n": total, "t": dict(sorted(terms.items()))}
    head = {term: pages for term, pages in sorted(heads.items()) if term in terms}
    if head:
        data["h"] = head
    return json.dumps(data, ensure_ascii=True, separators=(",", ":"))


def index_files(pages: Sequence[Terms]) -> dict[str, str]:
    """Every file of the index, by name, for the pages' terms in page order."""
    postings: dict[str, dict[str, dict[str, list[int]]]] = defaultdict(
        lambda: {"t": defaultdict(list), "h": defaultdict(list)}
    )
    for number, terms in enumerate(pages):
        for kind, part, field in _PARTS:
            for term in getattr(terms, field):
                postings[file_name(kind, term)][part][term].append(number)
    total = len(pages)
    return {
        name: shard_text(
            {term: encode_pages(found, total) for term, found in lists["t"].items()},
            {term: encode_pages(found, total) for term, found in lists["h"].items()},
            total,
        )
        for name, lists in postings.items()
    }


def body_index(documents: Mapping[str, str]) -> dict[str, str]:
    """Every file of the index, by name, for the search documents of one build (keyed by the
    page's path in the site: pages are numbered in the order of their paths)."""
    return index_files([document_terms(documents[path]) for path in sorted(documents)])


#: An edit: a page's number, its terms before and after.
Edit = tuple[int, Terms, Terms]


def update_files(
    read: Callable[[str], str | None], total: int, edits: Sequence[Edit]
) -> dict[str, str | None]:
    """The files `edits` change, by name, as `index_files` would write them for the edited
    pages (None: a file left with no term); `read` gives a file of the index before them."""
    changes: dict[str, dict[str, dict[str, tuple[set[int], set[int]]]]] = defaultdict(
        lambda: {"t": {}, "h": {}}
    )
    for number, old, new in edits:
        for kind, part, field in _PARTS:
            before, after = getattr(old, field), getattr(new, field)
            for term in before ^ after:
                lists = changes[file_name(kind, term)][part]
                gone, added = lists.setdefault(term, (set(), set()))
                (gone if term in before else added).add(number)
    updated: dict[str, str | None] = {}
    for name, parts in changes.items():
        text = read(name)
        data = json.loads(text) if text else {}
        lists = {part: dict(data.get(part, {})) for part in ("t", "h")}
        for part, terms in parts.items():
            for term, (gone, added) in terms.items():
                found = (
                    set(decode_pages(lists[part][term], total)) if term in lists[part] else set()
                )
                found = (found - gone) | added
                if found:
                    lists[part][term] = encode_pages(sorted(found), total)
                else:
                    lists[part].pop(term, None)
        updated[name] = shard_text(lists["t"], lists["h"], total) if lists["t"] else None
    return updated


def write_index(documents: Sequence[str], folder: Path) -> None:
    """The files of the index of `documents`, in page order, into `folder`."""
    for name, text in index_files([document_terms(document) for document in documents]).items():
        (folder / name).write_text(text, encoding="utf-8")


def pack_documents(documents: Sequence[bytes]) -> bytes:
    """What `main` reads: the documents' sizes as a JSON line, then the documents."""
    return (
        json.dumps([len(document) for document in documents]).encode() + b"\n" + b"".join(documents)
    )


def unpack_documents(data: bytes) -> list[str]:
    header, _newline, blob = data.partition(b"\n")
    documents, start = [], 0
    for size in json.loads(header):
        documents.append(blob[start : start + size].decode("utf-8"))
        start += size
    if start != len(blob):
        raise ValueError(_("the search documents were cut short; run the build again"))
    return documents


def main(argv: list[str]) -> int:
    """`python -m generator.build.bodyindex <folder>`: the index of the documents on stdin
    (`pack_documents`) into `folder`, in a process of its own, so the build's main process,
    which renders pages, does not share the GIL with it. Interrupts are the build's to handle
    (it kills this process); it writes only into `folder`, a folder of its own."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
    write_index(unpack_documents(sys.stdin.buffer.read()), Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
