"""The body index across builds (`search.BodyIndexing`): reused when no page changed, updated
when a few did (only the files of the terms they gained or lost are written, and anew), made
anew otherwise; whichever way, the files are exactly those a full index would give."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from generator.build import bodyindex, search

#: Syllables of the pages below, with đ, tone marks and a final y among them.
WORDS = (
    "đăng ký khai sinh tạm trú thường hộ tịch chứng thực bản sao giấy tờ căn cước "
    "đất đai địa chính nộp thuế lệ phí vneid mức kỳ lý mỹ thủ tục xác nhận"
)
SYLLABLES = WORDS.split()


def page(rng: random.Random, number: int) -> str:
    title = " ".join(rng.sample(SYLLABLES, 3))
    body = " ".join(rng.choices(SYLLABLES, k=rng.randint(5, 30)))
    summary = f'<p data-weight="5">{" ".join(rng.sample(SYLLABLES, 2))}</p>' if number % 3 else ""
    return f'<article><h1 data-weight="10">{title}</h1>{summary}<div><p>{body}</p></div></article>'


def pages(count: int, seed: int = 1) -> dict[str, str]:
    rng = random.Random(seed)
    return {f"thu-tuc/t-{n:03}/index.html": page(rng, n) for n in range(count)}


def read_files(site: Path) -> dict[str, str]:
    folder = site / bodyindex.BODY_DIR
    return {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()}


def published(indexing: search.BodyIndexing, site: Path) -> dict[str, str]:
    indexing.publish_into(site)
    return read_files(site)


def inodes(site: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in (site / bodyindex.BODY_DIR).iterdir()}


def test_an_edit_rewrites_only_its_terms_files_as_a_full_index_would(tmp_path: Path) -> None:
    documents = pages(40)
    cache = tmp_path / "cache"
    first = search.BodyIndexing(documents, cache).start()
    assert published(first, tmp_path / "s1") == bodyindex.body_index(documents)
    assert first.outcome == "made"

    again = search.BodyIndexing(dict(documents), cache).start()
    assert published(again, tmp_path / "s2") == bodyindex.body_index(documents)
    assert again.outcome == "reused" and inodes(tmp_path / "s2") == inodes(tmp_path / "s1")

    edited = dict(documents)
    path = "thu-tuc/t-005/index.html"
    edited[path] = edited[path].replace("<div><p>", "<div><p>Bổ sung quyết định ")
    third = search.BodyIndexing(edited, cache).start()
    files = published(third, tmp_path / "s3")
    assert (third.outcome, third.edited) == ("updated", [path])
    assert files == bodyindex.body_index(edited)
    listed = bodyindex.decode_pages(json.loads(files["w-qu.json"])["t"]["quyet"], 40)
    assert listed == [5]
    old, new = inodes(tmp_path / "s1"), inodes(tmp_path / "s3")
    rewritten = {name for name in new if old.get(name) != new[name]}
    assert {"w-bo.json", "w-qu.json", "p-bo.json"} <= rewritten
    assert len(rewritten) < len(new) / 4
    # The last site's files, links to the cache, are never written through.
    assert read_files(tmp_path / "s1") == bodyindex.body_index(documents)


@pytest.mark.parametrize("seed", [2, 3])
def test_many_edits_in_turn_match_a_full_index_every_time(tmp_path: Path, seed: int) -> None:
    """Words dropped from every page (a file left empty), heads changed, pages emptied."""
    rng = random.Random(seed)
    documents = pages(24, seed)
    cache = tmp_path / "cache"
    published(search.BodyIndexing(documents, cache), tmp_path / "site-0")
    for turn in range(1, 16):
        documents = dict(documents)
        for path in rng.sample(sorted(documents), rng.randint(1, 3)):
            documents[path] = page(rng, turn) if turn % 5 else "<article></article>"
        indexing = search.BodyIndexing(documents, cache)
        assert published(indexing, tmp_path / f"site-{turn}") == bodyindex.body_index(documents)
        assert indexing.outcome == "updated", turn


def test_new_pages_or_a_damaged_cache_make_the_index_anew(tmp_path: Path) -> None:
    documents = pages(12)
    cache = tmp_path / "cache"
    published(search.BodyIndexing(documents, cache), tmp_path / "s0")
    (cache / "pagefind").mkdir()  # an older build's Pagefind bundle
    more = {**documents, "thu-tuc/t-zzz/index.html": page(random.Random(9), 1)}
    grown = search.BodyIndexing(more, cache)
    assert published(grown, tmp_path / "s1") == bodyindex.body_index(more)
    assert grown.outcome == "made" and not (cache / "pagefind").exists()

    edited = {**more, "thu-tuc/t-001/index.html": "<article><p>lệ phí</p></article>"}
    for damage, text in (("state.json", "{not json"), ("documents.bin", "short")):
        (cache / damage).write_text(text, encoding="utf-8")
        indexing = search.BodyIndexing(edited, cache)
        assert published(indexing, tmp_path / f"s-{damage}") == bodyindex.body_index(edited)
        assert indexing.outcome == "made", damage


def test_an_update_that_fails_is_not_trusted_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = pages(12)
    cache = tmp_path / "cache"
    published(search.BodyIndexing(documents, cache), tmp_path / "s0")
    edited = {**documents, "thu-tuc/t-003/index.html": "<article><p>vneid</p></article>"}

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(bodyindex, "update_files", full_disk)
        with pytest.raises(OSError, match="No space left"):
            search.BodyIndexing(edited, cache).start().publish_into(tmp_path / "s1")
    retried = search.BodyIndexing(edited, cache)
    assert published(retried, tmp_path / "s2") == bodyindex.body_index(edited)
    assert retried.outcome == "made"


def test_a_new_index_made_apart_says_why_it_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index is made in a process of its own; its failure fails the build, with its
    reason, and leaves nothing the next build would trust."""
    documents = pages(6)
    cache = tmp_path / "cache"
    with monkeypatch.context() as patched:
        patched.setattr(bodyindex, "pack_documents", lambda encoded: b"[5]\nabc")
        with pytest.raises(search.SearchIndexError, match="the search documents were cut short"):
            search.BodyIndexing(documents, cache).start().publish_into(tmp_path / "s0")
    assert not (cache / search.STATE).exists()
    retried = search.BodyIndexing(documents, cache)
    assert published(retried, tmp_path / "s1") == bodyindex.body_index(documents)
    assert retried.outcome == "made" and sorted(p.name for p in cache.iterdir()) == [
        search.DOCUMENTS,
        "files",
        search.STATE,
    ]
